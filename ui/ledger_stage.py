"""整改台账: every reporter's problems through the year — filter, edit in place, dated progress,
the units' Excel sheets out and back, and last year's meeting carried in."""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSplitter,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from models import ledger
from models.errors import PingyiError
from models.labels import CARRIED_LABEL, OVERDUE_LABEL, LedgerStatus, ProblemSource
from models.ledger import Change
from models.setup import list_reporters

from .ledger_dialogs import AddItemDialog, DeleteItemDialog, StatusDelegate
from .ledger_print import LedgerPrintBar
from .ledger_table_model import STATUS_COLUMN, LedgerTableModel
from .setup_widgets import MessageBar, error_text, make_action

#: bus topic of ledger changes
LEDGER = "ledger"
ALL = "全部"


class LedgerStage(QWidget):
    """The ledger table with filters and counts, the selected item's progress, and the round trips."""

    def __init__(self, meeting, bus, parent=None):
        super().__init__(parent)
        self.meeting, self.bus = meeting, bus
        self.items: list[ledger.LedgerItem] = []
        self._quiet = self._stale = False
        self.counts = QLabel(self)
        self.counts.setStyleSheet("font-size: 11pt; padding: 4px;")
        self.reporter, self.status, self.source = QComboBox(self), QComboBox(self), QComboBox(self)
        self.status.addItems([ALL] + [s.label for s in LedgerStatus] + [OVERDUE_LABEL])
        self.source.addItems([ALL] + [s.label for s in ProblemSource] + [CARRIED_LABEL])
        self.model = LedgerTableModel(meeting, self)
        self.view = self._table()
        self.message = MessageBar(self)
        self.model.refused.connect(self.message.error)
        self.model.saved.connect(self._saved)
        layout = QVBoxLayout(self)
        layout.addLayout(self._filters())
        layout.addLayout(self._buttons())
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.view)
        splitter.addWidget(self._progress_panel())
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 0)
        splitter.setSizes([1000, 230])
        layout.addWidget(splitter, 1)
        layout.addWidget(self.message)
        for box in (self.reporter, self.status, self.source):
            box.currentIndexChanged.connect(lambda *_: self.show_items())
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self.show_progress())
        bus.changed.connect(self._on_changed)
        self.refresh()

    # -- building ---------------------------------------------------------------
    def _table(self) -> QTableView:
        view = QTableView(self)
        view.setModel(self.model)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        view.setItemDelegateForColumn(STATUS_COLUMN, StatusDelegate(view))
        view.setWordWrap(True)
        header = view.horizontalHeader()
        for column, width in enumerate((80, 76, 190, 140, 62, 84, 112, 130, 84, 70)):
            header.resizeSection(column, width)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        view.verticalHeader().hide()
        return view

    def _filters(self) -> QHBoxLayout:
        row = QHBoxLayout()
        for label, box in (
            (self.tr("述职人"), self.reporter),
            (self.tr("状态"), self.status),
            (self.tr("来源"), self.source),
        ):
            row.addWidget(QLabel(label, self))
            row.addWidget(box)
        row.addStretch(1)
        row.addWidget(self.counts)
        return row

    def _buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.actions = {}
        for key, text, keys, slot, tip in (
            ("add", "增加问题…", "Ctrl+Shift+N", self.ask_add, "会后补充的问题，如考核反馈"),
            ("delete", "删除问题…", "Delete", self.ask_delete, "删除会后误加的问题（须写明理由）；会上提出的问题和上年度转入的问题不能删除"),
            ("export", "导出整改清单…", "Ctrl+E", self.ask_export, "每位述职人一份 Excel，交单位填报"),
            ("import", "导入整改清单…", "Ctrl+I", self.ask_import, "单位交回的 Excel：全部正确才导入"),
            (
                "carry",
                "导入上年度会议…",
                "Ctrl+Shift+Y",
                self.ask_carry_over,
                "上年度问题和得分转入本会议（旧文件不改动）",
            ),
        ):
            action = make_action(self, self.tr(text), keys, slot, self.tr(tip))
            button = QToolButton(self)
            button.setDefaultAction(action)
            row.addWidget(button)
            self.actions[key] = action
        row.addStretch(1)
        self.print_bar = LedgerPrintBar(self.meeting, self)
        self.print_bar.saved.connect(self.message.saved)
        self.print_bar.failed.connect(self.message.error)
        row.addWidget(self.print_bar)
        return row

    def _progress_panel(self) -> QWidget:
        panel = QWidget(self)
        panel.setMaximumWidth(300)
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(0, 0, 0, 0)
        self.selected_label = QLabel(panel)
        self.selected_label.setWordWrap(True)
        self.progress_list = QListWidget(panel)
        self.progress_list.setWordWrap(True)
        self.progress_date = QDateEdit(panel)
        self.progress_date.setCalendarPopup(True)
        self.progress_date.setDisplayFormat("yyyy-MM-dd")
        self.progress_date.setDate(QDate.fromString(ledger.today().isoformat(), "yyyy-MM-dd"))
        self.progress_text = QLineEdit(panel)
        self.progress_text.setPlaceholderText(self.tr("整改进展，回车保存"))
        self.progress_text.returnPressed.connect(self.add_progress)
        add = QPushButton(self.tr("添加进展"), panel)
        add.clicked.connect(self.add_progress)
        layout.addWidget(QLabel(self.tr("整改进展"), panel))
        layout.addWidget(self.selected_label)
        layout.addWidget(self.progress_list, 1)
        layout.addWidget(self.progress_date)
        layout.addWidget(self.progress_text)
        layout.addWidget(add)
        return panel

    # -- refreshing -----------------------------------------------------------------
    def _on_changed(self, topic: str) -> None:
        if self._quiet:  # an edit in place already updated its row; a reset would kill the open editor
            return
        self._stale = True  # while hidden (e.g. ballots being keyed) nothing is read until it is shown
        if self.isVisible():
            self.refresh()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def refresh(self) -> None:
        chosen = self.reporter.currentData()
        self.reporter.blockSignals(True)
        self.reporter.clear()
        self.reporter.addItem(ALL, None)
        for r in list_reporters(self.meeting):
            self.reporter.addItem(f"{r.seq}. {r.name}", r.id)
        self.reporter.setCurrentIndex(max(0, self.reporter.findData(chosen)))
        self.reporter.blockSignals(False)
        self.items = ledger.list_items(self.meeting)
        self._stale = False
        self.show_items()

    def shown_items(self) -> list[ledger.LedgerItem]:
        reporter, status, source = self.reporter.currentData(), self.status.currentText(), self.source.currentText()
        return [
            i
            for i in self.items
            if (reporter is None or i.reporter_id == reporter)
            and (status == ALL or (i.overdue() if status == OVERDUE_LABEL else i.status.label == status))
            and (source == ALL or i.source_label == source)
        ]

    def show_items(self) -> None:
        current = self.current_item()
        shown = self.shown_items()
        self.model.set_items(shown)
        ids = [i.id for i in shown]
        if shown:
            self.view.selectRow(ids.index(current.id) if current and current.id in ids else 0)
        self.view.resizeRowsToContents()
        self._show_counts(shown)
        self.show_progress()

    def _show_counts(self, shown) -> None:
        counts = ledger.status_counts(shown)
        parts = [f"{name} {n}" for name, n in counts.items() if name != OVERDUE_LABEL]
        overdue = counts[OVERDUE_LABEL]
        red = f"<span style='color:#b3261e; font-weight:bold'>{OVERDUE_LABEL} {overdue}</span>"
        self.counts.setText(
            self.tr("共 {0} 个：").format(len(shown))
            + "　".join(parts)
            + "　"
            + (red if overdue else f"{OVERDUE_LABEL} 0")
        )

    def current_item(self):
        index = self.view.currentIndex() if hasattr(self, "view") else None
        if index is None or not index.isValid() or index.row() >= self.model.rowCount():
            return None
        return self.model.item(index.row())

    def show_progress(self) -> None:
        item = self.current_item()
        self.progress_list.clear()
        self.selected_label.setText(f"{item.seq}. {item.reporter}：{item.problem}" if item else self.tr("未选中问题"))
        for p in item.progress if item else ():
            self.progress_list.addItem(f"{p.date}　{p.text}")

    # -- actions --------------------------------------------------------------------
    def _saved(self, what: str) -> None:
        self.message.saved(what)
        self.items = ledger.list_items(self.meeting)
        self._show_counts(self.shown_items())
        self.show_progress()
        self._quiet = True
        try:
            self.bus.changed.emit(LEDGER)
        finally:
            self._quiet = False

    def add_progress(self) -> None:
        item = self.current_item()
        if item is None:
            self.message.error(self.tr("请先在表格中选中一个问题。"))
            return
        text = self.progress_text.text().strip()
        if not text:
            self.message.error(self.tr("请先写下整改进展。"))
            return
        day = self.progress_date.date().toString("yyyy-MM-dd")
        if self._do(
            lambda: ledger.set_item(self.meeting, item.id, Change(progress=text, progress_date=day)),
            self.tr("整改进展"),
        ):
            self.progress_text.clear()

    def _do(self, operation, what: str) -> bool:
        try:
            operation()
        except PingyiError as err:
            self.message.error(error_text(err))
            return False
        self.message.saved(what)
        self.bus.changed.emit(LEDGER)
        return True

    def ask_add(self) -> None:
        dialog = AddItemDialog(list_reporters(self.meeting), self)
        if self.exec_dialog(dialog) != QDialog.DialogCode.Accepted:
            return
        self._do(lambda: ledger.add_item(self.meeting, **dialog.values()), self.tr("增加问题"))

    def ask_delete(self) -> None:
        """Delete the selected item after the clerk confirms with a reason; a locked item says why at once."""
        item = self.current_item()
        if item is None:
            self.message.error(self.tr("请先在表格中选中一个问题。"))
            return
        refusal = ledger.delete_refusal(self.meeting, item)
        if refusal:
            self.message.error(refusal)
            return
        dialog = DeleteItemDialog(item, self)
        if self.exec_dialog(dialog) != QDialog.DialogCode.Accepted:
            return
        self._do(lambda: ledger.delete_item(self.meeting, item.id, dialog.reason.text()),
                 self.tr("删除问题 {0}").format(item.id))

    def exec_dialog(self, dialog) -> int:
        return dialog.exec()

    def ask_export(self) -> None:
        from models.ledger.workbook import export_sheets

        folder = QFileDialog.getExistingDirectory(self, self.tr("导出整改清单到文件夹"))
        if folder:
            try:
                paths = export_sheets(self.meeting, folder)
            except PingyiError as err:
                self.message.error(error_text(err))
                return
            self.message.saved(self.tr("已导出 {0} 份整改清单到 {1}").format(len(paths), folder))

    def ask_import(self) -> None:
        from models.ledger.workbook import import_returned

        path, _ = QFileDialog.getOpenFileName(self, self.tr("导入交回的整改清单"), "", "Excel (*.xlsx)")
        if path:
            self._do(lambda: import_returned(self.meeting, path), self.tr("导入整改清单"))

    def ask_carry_over(self) -> None:
        from models.ledger.carry import carry_over

        path, _ = QFileDialog.getOpenFileName(self, self.tr("选择上年度会议文件"), "", "Pingyi 会议文件 (*.pingyi)")
        if not path:
            return
        try:
            result = carry_over(self.meeting, path)
        except PingyiError as err:
            self.message.error(error_text(err))
            return
        self.message.saved(result.text)
        self.bus.changed.emit(LEDGER)
