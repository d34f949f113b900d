"""A thin table model over the ledger items; edits in place go through ``models.ledger.set_item``."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor

from models import ledger
from models.errors import PingyiError
from models.labels import LedgerStatus
from models.ledger import Change, LedgerItem

OVERDUE_TEXT = QColor("#b3261e")
OVERDUE_ROW = QColor("#fde2e1")
CARRIED_ROW = QColor("#f3f0e6")

#: (header, text of an item, the Change field an edit sets or None when read-only)
COLUMNS = (
    ("述职人", lambda i: f"{i.seq}. {i.reporter}", None),
    ("来源", lambda i: i.source_label, None),
    ("问题", lambda i: i.problem, None),
    ("整改措施", lambda i: i.measure, "measure"),
    ("责任人", lambda i: i.owner, "owner"),
    ("完成时限", lambda i: i.due, "due"),
    ("状态", lambda i: i.status_label(), "status"),
    ("最新进展", lambda i: f"{i.progress[-1].date} {i.progress[-1].text}" if i.progress else "", None),
    ("完成日期", lambda i: i.done, "done"),
    ("佐证材料", lambda i: i.evidence, "evidence"),
)
STATUS_COLUMN = 6


class LedgerTableModel(QAbstractTableModel):
    """Rows = ledger items (already filtered by the screen); overdue rows red; edits saved at once."""

    refused = Signal(str)
    saved = Signal(str)

    def __init__(self, meeting, parent=None):
        super().__init__(parent)
        self.meeting = meeting
        self.items: list[LedgerItem] = []

    def set_items(self, items: list[LedgerItem]) -> None:
        self.beginResetModel()
        self.items = list(items)
        self.endResetModel()

    def item(self, row: int) -> LedgerItem:
        return self.items[row]

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole:
            if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
                return COLUMNS[section][0]
            if orientation == Qt.Orientation.Vertical and 0 <= section < len(self.items):
                return str(self.items[section].id)
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.items):
            return None
        item, (header, text, field) = self.items[index.row()], COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return text(item)
        if role == Qt.ItemDataRole.EditRole:
            return item.status.label if field == "status" else text(item)
        if role == Qt.ItemDataRole.ForegroundRole and item.overdue():
            return QBrush(OVERDUE_TEXT)
        if role == Qt.ItemDataRole.BackgroundRole:
            if item.overdue():
                return QBrush(OVERDUE_ROW)
            return QBrush(CARRIED_ROW) if item.carried_from else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return _tooltip(item, header)
        return None

    def flags(self, index):
        base = super().flags(index)
        if index.isValid() and COLUMNS[index.column()][2]:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:
        field = COLUMNS[index.column()][2] if index.isValid() else None
        if role != Qt.ItemDataRole.EditRole or not field:
            return False
        item = self.items[index.row()]
        try:
            changed = ledger.set_item(self.meeting, item.id, Change(**{field: str(value or "")}))
        except PingyiError as err:
            self.refused.emit(_error_text(err))
            return False
        self.items[index.row()] = changed
        self.dataChanged.emit(self.index(index.row(), 0), self.index(index.row(), len(COLUMNS) - 1))
        if changed != item:
            self.saved.emit(f"{item.seq}. {item.reporter}：{COLUMNS[index.column()][0]}")
        return True


def _tooltip(item: LedgerItem, header: str) -> str:
    lines = [f"编号 {item.id}　{item.source_label}　{item.status_label()}", item.problem]
    if item.carried_from:
        lines.append(f"上年度：{item.carried_from.title}（{item.source.label}）")
    lines += [f"{p.date}　{p.text}" for p in item.progress]
    return "\n".join(lines)


def _error_text(err: PingyiError) -> str:
    faults = getattr(err, "faults", None)
    return "\n".join(faults) if faults else str(err)


STATUS_LABELS = tuple(s.label for s in LedgerStatus)
