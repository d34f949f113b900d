"""Side by side: the keyings of one paper form (一录 | 二录 | 重录) per reporter and item,
with the cells where they differ highlighted (the 核对 screen).

Laid out like the paper form: up to ``MAX_GROUPED_ITEMS`` items one row per reporter with the
keyings grouped under each item; more items one row per reporter and item (a 测评项目 column,
then one column per keying; the view spans the reporter's text, see ``span_reporter_cells``)."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from models.ballots.form_data import MAX_GROUPED_ITEMS, unit_and_title
from models.labels import MARK_LABELS
from models.setup import Item, Reporter

_DIFF = QBrush(QColor("#ffb74d"))
_VOID = QBrush(QColor("#d0d0d0"))
_CENTER = int(Qt.AlignmentFlag.AlignCenter)
PASS_NAMES = ("一录", "二录", "重录", "扫描")  # by pass_no - 1; 4 is a reading of scans
FIXED = ("序号", "姓名", "单位及职务")
ITEM_COLUMN = "测评项目"


class CompareModel(QAbstractTableModel):
    """One row per reporter with one column per item and keying, or (items as rows) per reporter and item."""

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

    @property
    def items_as_rows(self) -> bool:
        return len(self.items) > MAX_GROUPED_ITEMS

    def _fixed(self) -> tuple[str, ...]:
        return FIXED + ((ITEM_COLUMN,) if self.items_as_rows else ())

    def first_difference_row(self) -> int:
        """The first row with a differing cell (0 when only the void state differs)."""
        if self.items_as_rows:
            cells = [(r.id, i.id) for r in self.reporters for i in self.items]
            return next((n for n, key in enumerate(cells) if key in self._differing), 0)
        rows = [n for n, r in enumerate(self.reporters) if any((r.id, i.id) in self._differing for i in self.items)]
        return rows[0] if rows else 0

    def differing_count(self) -> int:
        return sum(1 for key in self._differing if key != "void")

    # -- QAbstractTableModel --------------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:
        if parent.isValid() or not self._ballots:
            return 0
        return len(self.reporters) * (len(self.items) if self.items_as_rows else 1)

    def columnCount(self, parent=QModelIndex()) -> int:
        if parent.isValid():
            return 0
        groups = 1 if self.items_as_rows else len(self.items)
        return len(self._fixed()) + groups * max(1, len(self._ballots))

    def _column(self, column: int):
        """(item, ballot) of a keying column; the item is None when items are rows."""
        n = column - len(self._fixed())
        if self.items_as_rows:
            return None, n
        width = max(1, len(self._ballots))
        return self.items[n // width], n % width

    def _cell(self, row: int, column: int):
        """(reporter, item, ballot) of a keying cell."""
        item, n = self._column(column)
        if item is None:
            return self.reporters[row // len(self.items)], self.items[row % len(self.items)], n
        return self.reporters[row], item, n

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        fixed = self._fixed()
        if section < len(fixed):
            return fixed[section]
        item, n = self._column(section)
        if item is None:
            return PASS_NAMES[self._ballots[n].pass_no - 1] if self._ballots else "等次"
        prefix = f"{item.name}\n" if len(self.items) > 1 else ""
        return prefix + PASS_NAMES[self._ballots[n].pass_no - 1] if self._ballots else item.name

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        if index.column() < len(self._fixed()):
            return self._text(index.row(), index.column(), role)
        reporter, item, n = self._cell(index.row(), index.column())
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

    def _text(self, row: int, column: int, role):
        """序号, 姓名, 单位及职务 (on a reporter's first row when items are rows) and 测评项目."""
        per_reporter = len(self.items) if self.items_as_rows else 1
        reporter = self.reporters[row // per_reporter]
        if role == Qt.ItemDataRole.DisplayRole:
            if column == len(FIXED):
                return self.items[row % per_reporter].name
            if row % per_reporter:
                return ""  # spanned by the reporter's first row
            return (str(reporter.seq), reporter.name, unit_and_title(reporter.unit, reporter.title))[column]
        return _CENTER if role == Qt.ItemDataRole.TextAlignmentRole and column in (0, len(FIXED)) else None
