"""The 整改台账 screen's paper: the ledger and the 整改落实情况通报 as of a chosen date, saved as PDF.

The data is gathered on the GUI thread; the PDF is rendered and written in a worker thread.
"""

from __future__ import annotations

from PySide6.QtCore import QDate, QThreadPool, Signal
from PySide6.QtWidgets import QDateEdit, QFileDialog, QHBoxLayout, QLabel, QPushButton, QWidget

from models import ledger
from models.documents import DOCUMENT_NAMES, document_data
from models.documents.workbook import write_file_atomically
from models.errors import PingyiError
from printing.documents import render_document

from .documents_worker import Job
from .setup_widgets import error_text


class LedgerPrintBar(QWidget):
    """截至 [date]  [整改台账 PDF…]  [整改落实情况通报 PDF…]; reports ``saved(text)`` or ``failed(text)``."""

    saved = Signal(str)
    failed = Signal(str)

    def __init__(self, meeting, parent=None):
        super().__init__(parent)
        self.meeting = meeting
        self.pool = QThreadPool(self)
        self.jobs: list[Job] = []
        self.as_of = QDateEdit(self)
        self.as_of.setDisplayFormat("yyyy-MM-dd")
        self.as_of.setCalendarPopup(True)
        self.as_of.setDate(QDate.fromString(ledger.today().isoformat(), "yyyy-MM-dd"))
        self.as_of.setToolTip(self.tr("台账和通报按此日期统计（逾期、已完成均以此日期为准）"))
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel(self.tr("截至"), self))
        row.addWidget(self.as_of)
        for kind in ("ledger", "progress"):
            button = QPushButton(self.tr("{0} PDF…").format(DOCUMENT_NAMES[kind]), self)
            button.clicked.connect(lambda *_, k=kind: self.ask_save(k))
            row.addWidget(button)

    def ask_save(self, kind: str) -> None:
        day = self.as_of.date().toString("yyyy-MM-dd")
        name = f"{DOCUMENT_NAMES[kind]}_{day}.pdf"
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("保存{0}").format(DOCUMENT_NAMES[kind]), name, "PDF (*.pdf)"
        )
        if path:
            self.save(kind, day, path)

    def save(self, kind: str, day: str, path: str) -> None:
        """Gather the data now, render and write in the pool; ``saved`` or ``failed`` tells."""
        try:
            data = document_data(self.meeting, kind, as_of=day)
        except PingyiError as err:
            self.failed.emit(error_text(err))
            return
        job = Job(lambda _progress: write_file_atomically(path, render_document(data), ".pdf"))
        job.signals.done.connect(
            lambda written: self.saved.emit(self.tr("已保存{0}：{1}").format(DOCUMENT_NAMES[kind], written))
        )
        job.signals.failed.connect(self.failed.emit)
        self.jobs.append(job)
        self.pool.start(job)
