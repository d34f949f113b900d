"""Side by side: the keyings of one paper form (一录 | 二录 | 重录) per reporter and item,
with the cells where they differ highlighted (the 核对 screen)."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from models.form_data import unit_and_title
from models.labels import MARK_LABELS
from models.setup import Item, Reporter

_DIFF = QBrush(QColor("#ffb74d"))
_VOID = QBrush(QColor("#d0d0d0"))
_CENTER = int(Qt.AlignmentFlag.AlignCenter)
PASS_NAMES = ("一录", "二录", "重录")
FIXED = ("序号", "姓名", "单位及职务")


class CompareModel(QAbstractTableModel):
    """One row per reporter; for each item one column per keying."""

    def __init__(self, reporters: list[Reporter], items: list[Item], parent=None):
        super().__init__(parent)
        self.reporters, self.items = list(reporters), list(items)
        self._ballots: list = []  # the keyings shown, in pass order
        self._differing: frozenset = frozenset()
        self._bold = QFont()
        self._bold.setBold(True)

    def show_mismatch(self, mismatch) -> None:
        """Show the 一录, the 二录 and any re-keying of ``mismatch``."""
        self.beginResetModel()
        self._ballots = [b for b in (mismatch.first, mismatch.second, mismatch.rekey) if b is not None]
        self._differing = frozenset(mismatch.differing)
        self.endResetModel()

    def clear(self) -> None:
        self.beginResetModel()
        self._ballots, self._differing = [], frozenset()
        self.endResetModel()

    def first_difference_row(self) -> int:
        """The first reporter row with a differing cell (0 when only the void state differs)."""
        rows = [n for n, r in enumerate(self.reporters) if any((r.id, i.id) in self._differing for i in self.items)]
        return rows[0] if rows else 0

    def differing_count(self) -> int:
        return sum(1 for key in self._differing if key != "void")

    # -- QAbstractTableModel --------------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() or not self._ballots else len(self.reporters)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(FIXED) + len(self.items) * max(1, len(self._ballots))

    def _cell(self, column: int):
        """(item, ballot) of a keying column."""
        n = column - len(FIXED)
        width = max(1, len(self._ballots))
        return self.items[n // width], n % width

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        if section < len(FIXED):
            return FIXED[section]
        item, n = self._cell(section)
        prefix = f"{item.name}\n" if len(self.items) > 1 else ""
        return prefix + PASS_NAMES[self._ballots[n].pass_no - 1] if self._ballots else item.name

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        reporter = self.reporters[index.row()]
        if index.column() < len(FIXED):
            if role == Qt.ItemDataRole.DisplayRole:
                return (str(reporter.seq), reporter.name, unit_and_title(reporter.unit, reporter.title))[index.column()]
            return _CENTER if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 0 else None
        item, n = self._cell(index.column())
        ballot = self._ballots[n]
        differs = (reporter.id, item.id) in self._differing
        if role == Qt.ItemDataRole.DisplayRole:
            return "废票" if ballot.void_reason else MARK_LABELS[ballot.mark(reporter.id, item.id)]
        if role == Qt.ItemDataRole.BackgroundRole:
            return _VOID if ballot.void_reason else _DIFF if differs else None
        if role == Qt.ItemDataRole.FontRole and differs:
            return self._bold
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _CENTER
        return None
