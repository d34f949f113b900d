"""Page preview of the rendered 测评表 PDF, with 打印 (Qt print dialog) and 另存为 PDF."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressDialog,  # noqa: F401  (tests patch forms_preview.QProgressDialog)
    QPushButton,
    QWidget,
)

from models.errors import PingyiError
from models.meeting.files import write_atomically

from . import forms_dialogs
from .pdf_view import PdfPages


class PdfPreview(PdfPages):
    """Shows one PDF; ``message(text, ok)`` reports what printing or saving did."""

    message = Signal(str, bool)
    # grey levels are enough for a form and a quarter of the data to spool
    PRINT_FORMAT = QImage.Format.Format_Grayscale8

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.suggested_name = "测评表.pdf"
        self.title = QLabel(self.tr("预览：尚未生成测评表。选择类别后按“打印新表”，或选中已打印的编号后按“重印”。"))
        self.title.setWordWrap(True)
        self.print_button = QPushButton(self.tr("打印(&P)…"))
        self.print_button.setToolTip(self.tr("用打印机打印预览中的测评表（Ctrl+P 或 Alt+P）"))
        self.print_button.clicked.connect(self.print_pdf)
        self.save_button = QPushButton(self.tr("另存为 PDF(&E)…"))
        self.save_button.setToolTip(self.tr("把预览中的测评表保存为 PDF 文件（Alt+E）"))
        self.save_button.clicked.connect(self.save_pdf)
        shortcut = QShortcut(QKeySequence("Ctrl+P"), self, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.print_pdf)
        buttons = QHBoxLayout()
        buttons.addWidget(self.title, 1)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.save_button)
        self.layout().insertLayout(0, buttons)  # above the pages
        self._enable()

    def _enable(self) -> None:
        for button in (self.print_button, self.save_button):
            button.setEnabled(self.pdf is not None)

    def show_pdf(self, pdf: bytes, title: str, suggested_name: str) -> None:
        """Load ``pdf`` into the preview (first page shown)."""
        super().show_pdf(pdf)
        self.suggested_name = suggested_name
        self.title.setText(title)
        self._enable()

    def clear(self) -> None:
        """Show nothing."""
        super().clear()
        self._enable()

    # -- actions -----------------------------------------------------------------------
    def save_pdf(self) -> None:
        """Ask where, then write the PDF (a temporary file renamed into place)."""
        if self.pdf is None:
            return
        path = forms_dialogs.ask_save_path(self, self.suggested_name)
        if not path:
            return
        target = Path(path if path.lower().endswith(".pdf") else path + ".pdf")
        try:
            write_atomically(target, self.pdf, way_out=self.tr("请换一个位置。"))
        except PingyiError as err:
            self.message.emit(str(err), False)
            return
        self.message.emit(self.tr("已保存到 {path}").format(path=target), True)

    def print_pdf(self) -> None:
        """Qt's print dialog, then every chosen page at full A4 size (so the corner marks stay put)."""
        if not self.page_count():
            return
        # looked up through the module at call time: tests patch forms_dialogs.ask_printer
        printer = forms_dialogs.ask_printer(self, self.page_count())
        if printer is None:
            return
        done, message = self.print_to(printer)
        self.message.emit(message, done)
