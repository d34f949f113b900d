"""Beside the entry grid: the last ballots saved in this pass, and the counts per category."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

_WARN = QBrush(QColor("#fbdcdc"))


class RowsModel(QAbstractTableModel):
    """A read-only table of text rows; ``warn_rows`` get a red background."""

    def __init__(self, headers: list[str], parent=None):
        super().__init__(parent)
        self._headers = headers
        self._rows: list[list[str]] = []
        self._warn: set[int] = set()

    def set_rows(self, rows: list[list[str]], warn_rows=()) -> None:
        self.beginResetModel()
        self._rows, self._warn = rows, set(warn_rows)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self._headers[section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.BackgroundRole and index.row() in self._warn:
            return _WARN
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() > 0:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None


def _table(model: QAbstractTableModel) -> QTableView:
    view = QTableView()
    view.setModel(model)
    shape_table(view)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return view


class RecentTable(QTableView):
    """Enter opens the selected ballot, Delete asks to delete it."""

    open_pressed = Signal()
    delete_pressed = Signal()

    def keyPressEvent(self, event):  # noqa: N802 (Qt name)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.open_pressed.emit()
        elif event.key() == Qt.Key.Key_Delete:
            self.delete_pressed.emit()
        else:
            super().keyPressEvent(event)


class RecentBallotsPanel(QWidget):
    """The last ballots saved in the current pass; open one to edit it, delete one with a reason."""

    open_requested = Signal(object)
    delete_requested = Signal(object)

    def __init__(self, parent=None):
        super().__init__(parent)
        self._ballots = []
        self.model = RowsModel([self.tr("编号"), self.tr("类别"), self.tr("状态"), self.tr("保存时间")], self)
        self.table = RecentTable()
        self.table.setModel(self.model)
        shape_table(self.table)
        self.title = QLabel(self.tr("最近录入(&L)"))
        self.title.setBuddy(self.table)
        self.open_button = QPushButton(self.tr("修改…"))
        self.open_button.setToolTip(self.tr("打开选中的票修改（Enter）"))
        self.delete_button = QPushButton(self.tr("删除…"))
        self.delete_button.setToolTip(self.tr("删除选中的票，需填写原因（Delete）"))
        self.table.open_pressed.connect(self._open)
        self.table.doubleClicked.connect(lambda _index: self._open())
        self.table.delete_pressed.connect(self._delete)
        self.open_button.clicked.connect(self._open)
        self.delete_button.clicked.connect(self._delete)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

    def show_ballots(self, ballots, category_names: dict[str, str]) -> None:
        """List ``ballots`` (newest first)."""
        self._ballots = list(ballots)
        rows = [[b.serial, f"{b.category_code}票", self.tr("废票") if b.void_reason else self.tr("有效"),
                 (b.entered_at or "")[-8:]] for b in self._ballots]
        self.model.set_rows(rows, [n for n, b in enumerate(self._ballots) if b.void_reason])
        self.table.resizeColumnsToContents()

    def selected(self):
        index = self.table.currentIndex()
        return self._ballots[index.row()] if index.isValid() and index.row() < len(self._ballots) else None

    def set_editable(self, editable: bool) -> None:
        self.delete_button.setEnabled(editable)
        self.open_button.setText(self.tr("修改…") if editable else self.tr("查看…"))

    def _open(self) -> None:
        ballot = self.selected()
        if ballot is not None:
            self.open_requested.emit(ballot)

    def _delete(self) -> None:
        ballot = self.selected()
        if ballot is not None and self.delete_button.isEnabled():
            self.delete_requested.emit(ballot)


class CategoryCountsPanel(QWidget):
    """Returned / issued per category, 有效 + 废票 + 待核对 = 收回, with a warning once more came back than issued."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.model = RowsModel([self.tr("类别"), self.tr("收回/发出"), self.tr("有效"), self.tr("废票"),
                                self.tr("待核对")], self)
        self.table = _table(self.model)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setWordWrap(False)  # one line per category; a long name is elided (full text as tooltip)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setStretchLastSection(False)
        self.warning = QLabel()
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("color: #b00020; font-weight: bold;")
        self.warning.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel(self.tr("各类票数")))
        layout.addWidget(self.table)
        layout.addWidget(self.warning)

    def show_accounting(self, rows) -> None:
        """Show ``form_accounting`` rows."""
        self.model.set_rows(
            [[f"{r.code}票 {r.name}", f"{r.returned}/{r.issued}", str(r.valid), str(r.void), str(r.to_check)]
             for r in rows],
            [n for n, r in enumerate(rows) if r.returned > r.issued])
        over = [r for r in rows if r.returned > r.issued]
        self.warning.setText("\n".join(
            self.tr("{code}票收回 {returned} 张，多于发出的 {issued} 张，测评无效。"
                    "请清点纸质测评表，或在“准备”中核对发出票数。").format(
                code=r.code, returned=r.returned, issued=r.issued) for r in over))
        self.warning.setVisible(bool(over))
        self._fit_height()

    def _fit_height(self) -> None:
        """Tall enough for every category: no scroll bar hides one."""
        view = self.table
        view.resizeRowsToContents()
        header = view.horizontalHeader().sizeHint().height()
        view.setFixedHeight(header + view.verticalHeader().length() + 2 * view.frameWidth() + 2)


def shape_table(view: QTableView) -> None:
    """Read-only, whole-row selection, Tab leaves the table."""
    view.verticalHeader().hide()
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setTabKeyNavigation(False)
    view.horizontalHeader().setStretchLastSection(True)
