"""打印与归档 — pick a document (and a reporter), preview it, print it, save it as PDF;
export the Excel workbook; write the filing package.

Data is gathered from the meeting file on the GUI thread; rendering and writing run in a
QThreadPool worker with a progress bar, so the window never freezes.
"""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt, QThreadPool, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from models.documents import DOCUMENT_NAMES, PER_REPORTER, document_data
from models.documents.filing import filing_bundle, safe_name
from models.documents.workbook import sheet_tables, workbook_from_tables, write_file_atomically
from models.errors import PingyiError
from models.ledger import today
from models.materials import booklet_data, filing_checklist
from models.setup import get_facts, list_reporters
from printing.archive import archive_steps, write_archive
from printing.documents import render_document
from printing.fonts import font_summary

from . import documents_dialogs
from .documents_issue_date import TOPIC as ISSUE_DATE_TOPIC
from .documents_issue_date import IssueDateRow
from .documents_preview import DocumentPreview
from .documents_worker import Job

#: documents in the order a clerk needs them after the count; then the 整改 papers of the months after
#: the meeting and the 述职报告汇编 (materials, printable before the meeting: no 草稿 mark)
KIND_ORDER = ("tally", "ranking", "handcount", "feedback", "rectification", "agenda", "minutes",
              "ledger", "progress", "booklet")
NAMES = {**DOCUMENT_NAMES, "booklet": "述职报告汇编"}
#: documents counted as of a date (截至), as on the 整改台账 screen and `print … --as-of`
DATED = ("ledger", "progress")
PREVIEW_DELAY_MS = 150


class DocumentsStage(QWidget):
    """The print-and-file screen."""

    def __init__(self, meeting, bus, parent=None):
        super().__init__(parent)
        self.meeting, self.bus = meeting, bus
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self.jobs: set[Job] = set()
        self._retired: list[Job] = []  # finished jobs, kept until the pool is idle (see Job)
        self._generation, self._dirty, self._shown, self._shown_day = 0, True, None, None
        self._note = ""  # a change to say once more beside the next preview's line
        self._preview_timer = QTimer(self, singleShot=True, interval=PREVIEW_DELAY_MS, timeout=self.render_preview)
        self._build()
        self._shortcuts()
        bus.changed.connect(self._on_changed)
        self.refresh()

    # -- layout ----------------------------------------------------------------------
    def _build(self) -> None:
        self.kinds = QListWidget()
        for kind in KIND_ORDER:
            item = QListWidgetItem(NAMES[kind])
            item.setData(Qt.ItemDataRole.UserRole, kind)
            self.kinds.addItem(item)
        self.kinds.setCurrentRow(0)
        self.kinds.currentRowChanged.connect(self._selection_changed)
        self.kinds.setToolTip(self.tr("上下方向键选择文档，右侧立即显示预览"))
        self.reporter = QComboBox()
        self.reporter.currentIndexChanged.connect(self._selection_changed)
        self.reporter.setToolTip(self.tr("反馈意见和整改清单可以只打印一位述职人（Alt+R）"))
        self.as_of = QDateEdit(QDate.fromString(today().isoformat(), "yyyy-MM-dd"))
        self.as_of.setDisplayFormat("yyyy-MM-dd")
        self.as_of.setCalendarPopup(True)
        self.as_of.setToolTip(self.tr("整改台账和整改落实情况通报按此日期统计已完成、正在整改、逾期（Alt+J）"))
        self.as_of.dateChanged.connect(self._selection_changed)
        self.issue_date = IssueDateRow(self.meeting)  # the feedback's 成文日期 (Alt+W)
        self.issue_date.said.connect(self._said_of_issue_date)
        self.issue_date.changed.connect(lambda: self.bus.changed.emit(ISSUE_DATE_TOPIC))
        self.state = QLabel(wordWrap=True)
        self.status = QLabel(wordWrap=True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.progress = QProgressBar()
        self.progress.hide()
        # which fonts the papers are set in, and which official ones to install (GB/T 9704)
        self.fonts = QLabel(font_summary(), wordWrap=True)
        self.fonts.setStyleSheet("color: #555;")
        self.fonts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.print_button = self._button(self.tr("打印(&P)…"), self.tr("用打印机打印预览中的文档（Ctrl+P）"), self.print_document)
        self.save_button = self._button(self.tr("另存为 PDF(&S)…"), self.tr("把预览中的文档保存为 PDF（Ctrl+S）"),
                                        self.save_pdf)
        self.export_button = self._button(self.tr("导出 Excel(&E)…"),
                                          self.tr("导出汇总、排名、分类别、分项、原始票据、点评与问题工作簿（Ctrl+E）"),
                                          self.export_workbook)
        self.archive_button = self._button(self.tr("生成备案材料(&A)…"),
                                           self.tr("全部 PDF、工作簿、会议文件副本和 SHA-256 清单放进一个文件夹（Ctrl+Shift+A）"),
                                           self.make_archive)
        self.preview = DocumentPreview()
        splitter = QSplitter()
        splitter.addWidget(self._side())
        splitter.addWidget(self.preview)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([300, 900])
        QVBoxLayout(self).addWidget(splitter)

    def _button(self, text: str, tip: str, slot) -> QPushButton:
        button = QPushButton(text)
        button.setToolTip(tip)
        button.clicked.connect(slot)
        return button

    def _side(self) -> QWidget:
        side = QWidget()
        layout = QVBoxLayout(side)
        heading = QLabel(self.tr("文档(&D)："))
        heading.setBuddy(self.kinds)
        reporter_label = QLabel(self.tr("述职人(&R)："))
        reporter_label.setBuddy(self.reporter)
        layout.addWidget(heading)
        layout.addWidget(self.kinds, 1)
        row = QHBoxLayout()
        row.addWidget(reporter_label)
        row.addWidget(self.reporter, 1)
        layout.addLayout(row)
        as_of_label = QLabel(self.tr("截至(&J)："))
        as_of_label.setBuddy(self.as_of)
        self.as_of_row = QWidget()
        row = QHBoxLayout(self.as_of_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(as_of_label)
        row.addWidget(self.as_of, 1)
        # one line for the date the document needs: 截至 (台账, 通报; greyed for the others) or 成文日期 (反馈意见)
        self.date_rows = QStackedWidget()
        self.date_rows.addWidget(self.as_of_row)
        self.date_rows.addWidget(self.issue_date)
        layout.addWidget(self.date_rows)
        for widget in (self.print_button, self.save_button, self.export_button, self.archive_button, self.state,
                       self.progress, self.status, self.fonts):
            layout.addWidget(widget)
        side.setMinimumWidth(260)
        return side

    def _shortcuts(self) -> None:
        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        for keys, slot in (("Ctrl+P", self.print_document), ("Ctrl+S", self.save_pdf),
                           ("Ctrl+E", self.export_workbook), ("Ctrl+Shift+A", self.make_archive),
                           ("F5", self.render_preview)):
            QShortcut(QKeySequence(keys), self, context=context, activated=slot)

    # -- state -----------------------------------------------------------------------
    def current_kind(self) -> str:
        return self.kinds.currentItem().data(Qt.ItemDataRole.UserRole)

    def current_seq(self) -> int | None:
        """The reporter picked for a per-reporter document (None: all of them)."""
        if self.current_kind() not in PER_REPORTER:
            return None
        return self.reporter.currentData()

    def current_day(self) -> str | None:
        """The 截至 date of a dated document (None for the others)."""
        return self.as_of.date().toString("yyyy-MM-dd") if self.current_kind() in DATED else None

    def busy(self) -> bool:
        return bool(self.jobs)

    def refresh(self) -> None:
        """Re-read the roster and the meeting state; re-render the preview if it is on screen."""
        self._fill_reporters()
        self.issue_date.refresh()
        facts = get_facts(self.meeting)
        if facts.rehearsal:
            text = self.tr("演练会议：每页都印有“演练”。")
        else:
            text = ""
        if self.meeting.finalized:
            text += self.tr("会议已定稿：打印的是正式文档，页脚有数据指纹和二维码。")
        else:
            text += self.tr("会议尚未定稿：所有文档都带“草稿”水印；定稿后再打印正式文档。")
        text += "\n" + self._filing_text()
        self.state.setText(text)
        self._dirty = True
        if self.isVisible():
            self._preview_timer.start()

    def _filing_text(self) -> str:
        """备案期限 and what the 备案材料清单 still lacks (issue 14)."""
        checklist = filing_checklist(self.meeting)
        deadline = checklist.deadline or self.tr("（会议日期无法识别，请在“准备”中按 YYYY-MM-DD 填写）")
        text = self.tr("备案期限：{date}（会后 7 日内）。").format(date=deadline)
        if not checklist.missing:
            return text + self.tr("备案材料齐全。")
        return text + self.tr("备案材料缺 {n} 项：{items}（在“述职材料”中添加）。").format(
            n=len(checklist.missing), items="、".join(i.name for i in checklist.missing))

    def _fill_reporters(self) -> None:
        chosen = self.reporter.currentData()
        self.reporter.blockSignals(True)
        self.reporter.clear()
        self.reporter.addItem(self.tr("全部述职人"), None)
        for r in list_reporters(self.meeting):
            self.reporter.addItem(f"{r.seq}　{r.name}", r.seq)
        index = self.reporter.findData(chosen)
        self.reporter.setCurrentIndex(max(0, index))
        self.reporter.blockSignals(False)
        self._enable_choices()

    def _enable_choices(self) -> None:
        self.reporter.setEnabled(self.current_kind() in PER_REPORTER)
        self.as_of.setEnabled(self.current_kind() in DATED)
        feedback = self.current_kind() == "feedback"
        self.issue_date.setEnabled(feedback)
        self.date_rows.setCurrentWidget(self.issue_date if feedback else self.as_of_row)

    def _on_changed(self, _topic: str) -> None:
        self.refresh()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._dirty:
            self._preview_timer.start()

    def _selection_changed(self, *_args) -> None:
        self._enable_choices()
        self._preview_timer.start()

    def _said_of_issue_date(self, text: str, ok: bool) -> None:
        self._note = text if ok else ""  # kept after the preview's own line, which comes next
        self._say(text, ok)

    def _say(self, text: str, ok: bool = True) -> None:
        self.status.setStyleSheet("" if ok else "color: #b00020;")
        self.status.setText(text)

    # -- preview ---------------------------------------------------------------------
    def render_preview(self) -> None:
        """Gather the chosen document's data here, render it in the worker, then show it."""
        kind, seq, day = self.current_kind(), self.current_seq(), self.current_day()
        try:
            data = booklet_data(self.meeting) if kind == "booklet" else document_data(self.meeting, kind, seq, day)
        except PingyiError as err:
            self._generation += 1  # a preview still being rendered would show the wrong document
            self.preview.clear()
            self._shown = None
            self._enable_output(False)
            self._say(str(err), False)
            return
        self._dirty = False
        self._generation += 1
        generation = self._generation
        self._enable_output(False)
        job = Job(lambda progress: render_document(data, seq=seq))
        job.signals.done.connect(lambda pdf: self._preview_ready(generation, (kind, seq), day, pdf))
        self._run(job, self.tr("正在生成{name}……").format(name=NAMES[kind]), busy=True)

    def _preview_ready(self, generation: int, shown, day: str | None, pdf: bytes) -> None:
        if generation != self._generation:
            return  # the clerk has picked another document meanwhile
        self.preview.show_pdf(pdf)
        self._shown, self._shown_day = shown, day
        self._enable_output(True)
        self._say(self.tr("预览：{name}，共 {n} 页。").format(name=self._shown_name(), n=self.preview.page_count())
                  + self._note)
        self._note = ""

    def _enable_output(self, ready: bool) -> None:
        self.print_button.setEnabled(ready)
        self.save_button.setEnabled(ready)

    def _shown_name(self) -> str:
        kind, seq = self._shown
        name = NAMES[kind]
        if seq is not None:
            name += f"_{seq:02d}_{safe_name(self.reporter.currentText().split('　')[-1], 30)}"
        if self._shown_day is not None:
            name += f"_{self._shown_day}"
        return name

    # -- output ----------------------------------------------------------------------
    def print_document(self) -> None:
        if self.preview.pdf is None or not self.print_button.isEnabled():
            return
        ok, message = self.preview.print_pages()
        self._say(message, ok)

    def save_pdf(self) -> None:
        if self.preview.pdf is None or not self.save_button.isEnabled():
            return
        path = documents_dialogs.ask_save_path(self, f"{self._shown_name()}.pdf", "pdf")
        if not path:
            return
        try:
            target = write_file_atomically(path if path.lower().endswith(".pdf") else path + ".pdf",
                                           self.preview.pdf, ".pdf")
        except PingyiError as err:
            self._say(str(err), False)
            return
        self._say(self.tr("已保存：{path}").format(path=target))

    def export_workbook(self) -> None:
        if self.busy():
            return
        path = documents_dialogs.ask_save_path(self, self.tr("测评结果.xlsx"), "xlsx")
        if not path:
            return
        path = path if path.lower().endswith(".xlsx") else path + ".xlsx"
        tables = sheet_tables(self.meeting)
        job = Job(lambda progress: write_file_atomically(path, workbook_from_tables(tables), ".xlsx"))
        job.signals.done.connect(lambda target: self._say(self.tr("已导出工作簿：{path}").format(path=target)))
        self._run(job, self.tr("正在导出工作簿……"), busy=True)

    def make_archive(self) -> None:
        if self.busy():
            return
        draft = not self.meeting.finalized
        if draft and not documents_dialogs.confirm_draft_archive(self):
            return
        folder = documents_dialogs.ask_archive_folder(self)
        if not folder:
            return
        reason = None
        missing = [] if draft else [i.name for i in filing_checklist(self.meeting).missing]
        if missing:
            reason = documents_dialogs.ask_missing_reason(self, missing)
            if reason is None:
                return
        try:
            bundle = filing_bundle(self.meeting, draft=draft, allow_missing=reason)
        except PingyiError as err:
            self._say(str(err), False)
            return
        job = Job(lambda progress: write_archive(bundle, folder, progress=progress))
        job.signals.done.connect(lambda path: self._say(
            self.tr("已生成{state}备案材料：{path}").format(state=self.tr("草稿") if draft else self.tr("正式"), path=path)))
        self.progress.setRange(0, archive_steps(bundle))
        self._run(job, self.tr("正在生成备案材料……"), busy=False)

    # -- worker ----------------------------------------------------------------------
    def _run(self, job: Job, label: str, *, busy: bool) -> None:
        """Start ``job`` in the pool, with the progress bar shown until it reports."""
        if self.pool.activeThreadCount() == 0:
            self._retired.clear()
        self.jobs.add(job)
        if busy:
            self.progress.setRange(0, 0)
        self.progress.setValue(0)
        self.progress.show()
        self._say(label)
        job.signals.progress.connect(self._progress)
        job.signals.failed.connect(lambda message: self._say(self.tr("未能完成：{why}").format(why=message), False))
        job.signals.done.connect(lambda _result: self._finished(job))
        job.signals.failed.connect(lambda _message: self._finished(job))
        for button in (self.export_button, self.archive_button):
            button.setEnabled(False)
        self.pool.start(job)

    def _progress(self, done: int, total: int, label: str) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)
        self.status.setText(self.tr("正在写入 {done}/{total}：{label}").format(done=done, total=total, label=label))

    def _finished(self, job: Job) -> None:
        self.jobs.discard(job)
        self._retired.append(job)
        if not self.jobs:
            self.progress.hide()
            for button in (self.export_button, self.archive_button):
                button.setEnabled(True)
