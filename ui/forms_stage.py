"""测评表 — print numbered evaluation forms per category, reprint them, mark spoiled ones 作废.

"打印新表" records new serials through ``models.ballots.forms.create_forms`` (one transaction),
gathers the frozen form data on the GUI thread, renders the PDF in a QThreadPool worker
with a progress bar, then shows it in the preview (打印 / 另存为 PDF).
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt, QThreadPool
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from models.ballots import forms
from models.ballots.form_data import form_batch, form_reporters, reprint_batch
from models.ballots.forms import MAX_FORMS_AT_ONCE
from models.errors import PingyiError

from . import forms_dialogs
from .forms_models import CategoryFormsModel, PrintedFormsModel, still_needed
from .forms_preview import PdfPreview
from .forms_worker import RenderJob

FORMS_TOPIC = "forms"
_RED, _GREEN = "color: #b00020;", "color: #1b6e20;"


def _table(model) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setTabKeyNavigation(False)
    view.verticalHeader().hide()
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.horizontalHeader().setStretchLastSection(True)
    return view


class FormsStage(QWidget):
    """The 测评表 screen: categories with counts, print new / reprint / 作废, and the preview."""

    def __init__(self, meeting, bus, parent=None):
        super().__init__(parent)
        self.meeting, self.bus = meeting, bus
        self.job: RenderJob | None = None
        self._jobs: list[RenderJob] = []  # kept alive: a finished job's thread may still be returning
        self._pending = ("", "")  # (preview title, suggested file name) of the job running
        self._build()
        bus.changed.connect(self._on_changed)
        self.refresh()

    # -- layout -------------------------------------------------------------------------
    def _build(self) -> None:
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self._build_categories())
        column.addWidget(self._build_printed(), 1)
        self.preview = PdfPreview()
        self.preview.message.connect(self.say)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(self.preview)
        splitter.setStretchFactor(1, 1)
        left.setMinimumWidth(500)
        splitter.setSizes([520, 760])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        self.status = QLabel()
        self.status.setWordWrap(True)
        layout.addWidget(self.status)

    def _build_categories(self) -> QGroupBox:
        box = QGroupBox(self.tr("各类别测评表"))
        self.categories = CategoryFormsModel(self)
        self.category_view = _table(self.categories)
        self.category_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.category_view.setToolTip(self.tr("选择要打印的测评人类别（Alt+L，上下键切换）"))
        self.category_view.selectionModel().currentRowChanged.connect(lambda *_: self._category_changed())
        header = self.category_view.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.category_view.setTextElideMode(Qt.TextElideMode.ElideRight)
        rows_shown = 5
        self.category_view.setMaximumHeight(header.sizeHint().height() + rows_shown * 30 + 4)
        label = QLabel(self.tr("测评人类别(&L)"))
        label.setBuddy(self.category_view)
        self.count_spin = QSpinBox()
        self.count_spin.setRange(1, MAX_FORMS_AT_ONCE)
        self.count_spin.setSuffix(self.tr(" 份"))
        self.count_spin.setToolTip(self.tr("新打印的张数；默认为发出票数减去已打印可用的张数（Alt+C）"))
        count_label = QLabel(self.tr("份数(&C)"))
        count_label.setBuddy(self.count_spin)
        self.print_new_button = QPushButton(self.tr("打印新表(&N)"))
        self.print_new_button.setToolTip(self.tr("生成新的随机编号并登记为已打印，然后预览（Alt+N）"))
        self.print_new_button.clicked.connect(self.print_new)
        self.progress = QProgressBar()
        self.progress.setFormat(self.tr("正在生成 %v / %m 份"))
        self.progress.hide()
        row = QHBoxLayout()
        row.addWidget(count_label)
        row.addWidget(self.count_spin)
        row.addWidget(self.print_new_button)
        row.addStretch(1)
        layout = QVBoxLayout(box)
        layout.addWidget(label)
        layout.addWidget(self.category_view)
        layout.addLayout(row)
        layout.addWidget(self.progress)
        return box

    def _build_printed(self) -> QGroupBox:
        self.printed_box = QGroupBox()
        self.printed = PrintedFormsModel(self)
        self.printed_view = _table(self.printed)
        self.printed_view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.printed_view.setToolTip(self.tr("Shift/Ctrl 加方向键或空格可多选；Delete 作废，Ctrl+R 重印"))
        label = QLabel(self.tr("已打印的编号(&B)"))
        label.setBuddy(self.printed_view)
        self.spoil_button = QPushButton(self.tr("作废(&V)…"))
        self.spoil_button.setToolTip(self.tr("把选中的表登记为作废（不会发出），需填写原因（Alt+V 或 Delete）"))
        self.spoil_button.clicked.connect(self.spoil_selected)
        self.reprint_button = QPushButton(self.tr("重印(&R)"))
        self.reprint_button.setToolTip(self.tr("按原编号重新生成选中的表，例如卡纸或丢失时（Alt+R 或 Ctrl+R）"))
        self.reprint_button.clicked.connect(self.reprint_selected)
        QShortcut(QKeySequence("Delete"), self.printed_view, context=Qt.ShortcutContext.WidgetShortcut,
                  activated=self.spoil_selected)
        QShortcut(QKeySequence("Ctrl+R"), self, context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
                  activated=self.reprint_selected)
        buttons = QHBoxLayout()
        buttons.addWidget(self.spoil_button)
        buttons.addWidget(self.reprint_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self.printed_box)
        layout.addWidget(label)
        layout.addWidget(self.printed_view, 1)
        layout.addLayout(buttons)
        return self.printed_box

    # -- state ----------------------------------------------------------------------------
    def _on_changed(self, topic: str) -> None:
        self.refresh()

    def refresh(self) -> None:
        """Re-read the counts per category and the printed forms of the selected one."""
        code = self.current_code()
        rows = forms.form_accounting(self.meeting)
        self.categories.set_records(rows)
        codes = [r.code for r in rows]
        row = codes.index(code) if code in codes else 0
        if rows:
            self.category_view.selectionModel().setCurrentIndex(
                self.categories.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self._category_changed()

    def current_code(self) -> str | None:
        index = self.category_view.currentIndex()
        if not index.isValid() or index.row() >= len(self.categories.records):
            return None
        return self.categories.records[index.row()].code

    def _current_row(self):
        index = self.category_view.currentIndex()
        return self.categories.records[index.row()] if index.isValid() else None

    def _category_changed(self) -> None:
        row = self._current_row()
        if row is not None:
            self.count_spin.setValue(max(1, still_needed(row)))
        self._show_printed(forms.list_forms(self.meeting, row.code) if row else [])
        self.printed_box.setTitle(self.tr("{code}票 已打印的表（{n} 张）").format(code=row.code, n=row.printed)
                                  if row else self.tr("已打印的表"))
        self._enable()

    def _show_printed(self, records) -> None:
        """New rows for the printed-forms table, keeping the clerk's selection and current row."""
        chosen = set(self.selected_serials())
        current = self.printed_view.currentIndex()
        current_serial = self.printed.records[current.row()].serial if current.isValid() else None
        self.printed.set_records(records)
        selection = self.printed_view.selectionModel()
        flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        for row, record in enumerate(records):
            if record.serial == current_serial:
                selection.setCurrentIndex(self.printed.index(row, 0), QItemSelectionModel.SelectionFlag.NoUpdate)
            if record.serial in chosen:
                selection.select(self.printed.index(row, 0), flags)

    def _enable(self) -> None:
        idle = self.job is None
        has_category = self._current_row() is not None
        self.print_new_button.setEnabled(idle and has_category)
        self.count_spin.setEnabled(has_category)
        # a paper already keyed came back: it can no longer be spoiled (void it on 录入 instead)
        self.spoil_button.setEnabled(any(not r.returned and not r.spoiled_reason for r in self.printed.records))
        self.reprint_button.setEnabled(idle and bool(self.printed.records))
        if not has_category:
            self.say(self.tr("还没有测评人类别。请先在“准备”中添加类别（如 A票 领导班子成员）并填写发出票数。"), False)

    def say(self, text: str, ok: bool = True) -> None:
        self.status.setStyleSheet(_GREEN if ok else _RED)
        self.status.setText(text)

    def selected_serials(self) -> list[str]:
        rows = sorted({i.row() for i in self.printed_view.selectionModel().selectedRows()})
        if not rows and self.printed_view.currentIndex().isValid():
            rows = [self.printed_view.currentIndex().row()]
        return [self.printed.records[r].serial for r in rows if r < len(self.printed.records)]

    # -- actions --------------------------------------------------------------------------
    def print_new(self) -> None:
        """Record ``count`` new serials of the selected category, then render them."""
        code, count = self.current_code(), self.count_spin.value()
        if code is None or self.job is not None:
            return
        try:
            form_reporters(self.meeting)  # an empty roster is refused before any serial is recorded
            serials = forms.create_forms(self.meeting, code, count)
            batch = form_batch(self.meeting, serials)
        except PingyiError as err:
            self.say(str(err), False)
            return
        self.bus.changed.emit(FORMS_TOPIC)
        title = self.tr("{code}票 新打印 {n} 份，编号 {first} 至 {last}").format(
            code=code, n=count, first=serials[0], last=serials[-1])
        self._render(batch, title, f"{code}票_新打印_{count}份.pdf")

    def reprint_selected(self) -> None:
        """Render the selected forms again with their own serials; nothing is recorded."""
        serials = self.selected_serials()
        if self.job is not None:
            return
        if not serials:
            self.say(self.tr("请先在“已打印的编号”中选中要重印的表（Alt+B，方向键选择，Shift 多选）。"), False)
            return
        try:
            batch = reprint_batch(self.meeting, serials)
        except PingyiError as err:
            self.say(str(err), False)
            return
        title = self.tr("重印 {n} 份：{serials}").format(n=len(serials), serials="、".join(serials[:4])
                                                         + ("…" if len(serials) > 4 else ""))
        self._render(batch, title, f"重印_{serials[0]}等{len(serials)}份.pdf")

    def spoil_selected(self) -> None:
        """Ask a reason, then mark each selected (not yet spoiled) form 作废."""
        records = {f.serial: f for f in self.printed.records}
        selected = self.selected_serials()
        serials = [s for s in selected if not records[s].spoiled_reason and not records[s].returned]
        if not serials:
            back = [s for s in selected if records[s].returned]
            self.say(self.tr("{serials} 已收回（已录入），不能作废；若该票无效，请在“录入”中标为废票（F9）。").format(
                serials="、".join(back)) if back else
                self.tr("请先在“已打印的编号”中选中未作废、未收回的表（方向键选择，Shift 多选）。"), False)
            return
        reason = forms_dialogs.ask_spoil_reason(self, serials)
        if not reason:
            return
        done, refused = [], []
        for serial in serials:
            try:
                forms.spoil_form(self.meeting, serial, reason)
                done.append(serial)
            except PingyiError as err:
                refused.append(str(err))
        if done:
            self.bus.changed.emit(FORMS_TOPIC)
        text = self.tr("已作废 {n} 张：{serials}（{reason}）").format(n=len(done), serials="、".join(done), reason=reason)
        self.say("\n".join(([text] if done else []) + refused), not refused)

    # -- rendering in the worker ------------------------------------------------------------
    def _render(self, batch, title: str, suggested: str) -> None:
        self.job = RenderJob(batch)
        self._jobs = [*self._jobs[-3:], self.job]
        self._pending = (title, suggested)
        self.job.signals.progress.connect(self._progress)
        self.job.signals.done.connect(self._rendered)
        self.job.signals.failed.connect(self._failed)
        self.progress.setRange(0, len(batch.copies))
        self.progress.setValue(0)
        self.progress.show()
        self.say(self.tr("正在生成 {n} 份测评表……").format(n=len(batch.copies)))
        self._enable()
        QThreadPool.globalInstance().start(self.job)

    def _progress(self, done: int, total: int) -> None:
        self.progress.setValue(done)

    def _rendered(self, pdf: bytes) -> None:
        title, suggested = self._pending
        self._finish()
        self.preview.show_pdf(pdf, title, suggested)
        self.say(self.tr("已生成：{title}。请预览后按“打印”（Ctrl+P）或“另存为 PDF”。").format(title=title))
        self.preview.print_button.setFocus()

    def _failed(self, message: str) -> None:
        self._finish()
        self.say(self.tr("生成 PDF 失败：{why}。编号已登记，可选中后按“重印”再试。").format(why=message), False)

    def _finish(self) -> None:
        self.job = None
        self.progress.hide()
        self._enable()
