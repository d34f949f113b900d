"""The entry grid's item model, laid out like the paper form with the same 单位及职务 text.

Up to ``MAX_GROUPED_ITEMS`` items: one row per reporter in ballot order (序号), one column per
item in form order.  More items (the paper prints them as rows): one row per reporter and item,
a 测评项目 column and one 等次 column; the reporter's text shows on its first row (the view spans
it over the item rows, see ``span_reporter_cells``).  Cells hold the keyed ``Mark`` or ``None``
(not keyed yet, saved as 弃权).  A key changes one cell and emits ``dataChanged`` for that
cell only, so a keystroke repaints one cell, never the whole grid."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from models.ballots.form_data import MAX_GROUPED_ITEMS, unit_and_title
from models.labels import MARK_LABELS, Mark
from models.setup import Item, Reporter

#: leading text columns before the item columns
FIXED_COLUMNS = ("序号", "姓名", "单位及职务")
#: items as rows (more than ``MAX_GROUPED_ITEMS``): the item column, then one mark column
ITEM_COLUMN, MARK_COLUMN = "测评项目", "等次"

_BACKGROUND = {
    Mark.GOOD: QBrush(QColor("#e3f4e1")),
    Mark.FAIRLY_GOOD: QBrush(QColor("#e6effa")),
    Mark.AVERAGE: QBrush(QColor("#fdf3d8")),
    Mark.POOR: QBrush(QColor("#fbdcdc")),
    Mark.ABSTAIN: QBrush(QColor("#eeeeee")),
    Mark.OVERMARKED: QBrush(QColor("#eadcf5")),
}
_ATTENTION = QBrush(QColor("#ffd54f"))
_VOID = QBrush(QColor("#d0d0d0"))
_ALIGN_CENTER = int(Qt.AlignmentFlag.AlignCenter)
_ALIGN_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)


class EntryGridModel(QAbstractTableModel):
    """Marks of one ballot being keyed, laid out like the paper form."""

    def __init__(self, reporters: list[Reporter], items: list[Item], parent=None):
        super().__init__(parent)
        self.reporters = list(reporters)
        self.items = list(items)
        self._cells: list[Mark | None] = [None] * (len(self.reporters) * len(self.items))
        self._unkeyed = len(self._cells)
        self._attention: frozenset[int] = frozenset()
        self._bold = QFont()
        self._bold.setBold(True)
        self.void = False
        self.items_as_rows = len(self.items) > MAX_GROUPED_ITEMS
        self.fixed_columns = FIXED_COLUMNS + ((ITEM_COLUMN,) if self.items_as_rows else ())
        #: mark cells in one grid row: every item, or one when items are rows
        self.row_width = 1 if self.items_as_rows else len(self.items)

    # -- geometry --------------------------------------------------------------
    @property
    def cell_count(self) -> int:
        return len(self._cells)

    def cell_index(self, k: int) -> QModelIndex:
        """The model index of flat cell ``k`` (reporter-major, as the paper is read)."""
        width = self.row_width
        return self.index(k // width, len(self.fixed_columns) + k % width)

    def cell_of(self, index: QModelIndex) -> int | None:
        """Flat cell number of ``index``; None for the text columns."""
        column = index.column() - len(self.fixed_columns)
        if not index.isValid() or column < 0:
            return None
        return index.row() * self.row_width + column

    def reporter_of_row(self, row: int) -> Reporter:
        return self.reporters[row // len(self.items) if self.items_as_rows else row]

    def key_of(self, k: int) -> tuple[int, int]:
        width = len(self.items)
        return self.reporters[k // width].id, self.items[k % width].id

    # -- cells -------------------------------------------------------------------
    def mark_at(self, k: int) -> Mark | None:
        return self._cells[k]

    def unkeyed_count(self) -> int:
        """Cells not keyed yet (saved as 弃权)."""
        return self._unkeyed

    def set_mark(self, k: int, mark: Mark | None) -> None:
        """Key one cell; repaints that cell only."""
        old = self._cells[k]
        if old == mark:
            return
        self._unkeyed += (old is not None) - (mark is not None)
        self._cells[k] = mark
        index = self.cell_index(k)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.DisplayRole])

    def fill_unkeyed(self, start: int, mark: Mark) -> int:
        """Give every not-yet-keyed cell from ``start`` on the mark; returns how many changed."""
        changed = [k for k in range(start, len(self._cells)) if self._cells[k] is None]
        for k in changed:
            self._cells[k] = mark
        self._unkeyed -= len(changed)
        if changed:
            self._emit_cells(changed[0], changed[-1])
        return len(changed)

    def clear(self) -> None:
        """Forget every mark (a new ballot)."""
        self.load({}, keyed=False)

    def load(self, marks: dict[tuple[int, int], Mark], *, keyed: bool = True) -> None:
        """Show a stored ballot: missing keys are 弃权 (``keyed``) or not keyed yet."""
        default = Mark.ABSTAIN if keyed else None
        self._cells = [marks.get(self.key_of(k), default) for k in range(len(self._cells))]
        self._unkeyed = sum(1 for m in self._cells if m is None)
        self.void = False
        self._emit_cells(0, len(self._cells) - 1)

    def marks(self) -> dict[tuple[int, int], Mark]:
        """The ballot's marks keyed by (reporter_id, item_id); 弃权 and unkeyed cells are left out."""
        return {self.key_of(k): m for k, m in enumerate(self._cells) if m not in (None, Mark.ABSTAIN)}

    def set_void(self, void: bool) -> None:
        self.void = void
        self._emit_cells(0, len(self._cells) - 1)

    def set_attention(self, cells: frozenset[int]) -> None:
        """Cells to look at twice on the paper (the differing cells while re-keying)."""
        self._attention = frozenset(cells)
        self._emit_cells(0, len(self._cells) - 1)

    def _emit_cells(self, first: int, last: int) -> None:
        if not self._cells:
            return
        width, left = self.row_width, len(self.fixed_columns)
        top = self.index(first // width, left)
        bottom = self.index(last // width, left + width - 1)
        self.dataChanged.emit(top, bottom)

    # -- QAbstractTableModel -----------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:
        if parent.isValid():
            return 0
        return len(self._cells) if self.items_as_rows else len(self.reporters)

    def columnCount(self, parent=QModelIndex()) -> int:
        if parent.isValid():
            return 0
        return len(self.fixed_columns) + (1 if self.items_as_rows else len(self.items))

    def flags(self, index):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if self.cell_of(index) is None:
            return Qt.ItemFlag.ItemIsEnabled
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Vertical:
            return str(self.reporter_of_row(section).seq)
        if section < len(self.fixed_columns):
            return self.fixed_columns[section]
        return MARK_COLUMN if self.items_as_rows else self.items[section - len(FIXED_COLUMNS)].name

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        k = self.cell_of(index)
        if k is None:
            return self._text_data(index, role)
        mark = self._cells[k]
        if role == Qt.ItemDataRole.DisplayRole:
            return "" if mark is None or self.void else MARK_LABELS[mark]
        if role == Qt.ItemDataRole.BackgroundRole:
            return self._background(k, mark)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _ALIGN_CENTER
        if role == Qt.ItemDataRole.FontRole and k in self._attention:
            return self._bold
        if role == Qt.ItemDataRole.UserRole:
            return mark
        return None

    def _background(self, k: int, mark: Mark | None):
        if self.void:
            return _VOID
        if mark is None:
            return _ATTENTION if k in self._attention else None
        return _BACKGROUND[mark]

    def _text_data(self, index, role):
        if self.items_as_rows:
            return _row_text(self.reporters, self.items, index.row(), index.column(), role)
        reporter = self.reporters[index.row()]
        if role == Qt.ItemDataRole.DisplayRole or (role == Qt.ItemDataRole.ToolTipRole and index.column() == 2):
            return (str(reporter.seq), reporter.name, unit_and_title(reporter.unit, reporter.title))[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _ALIGN_CENTER if index.column() == 0 else _ALIGN_LEFT
        return None


def _row_text(reporters: list[Reporter], items: list[Item], row: int, column: int, role):
    """Text columns when items are rows: the reporter on its first item row, the item on every row."""
    reporter, item = reporters[row // len(items)], items[row % len(items)]
    if role == Qt.ItemDataRole.DisplayRole:
        if column == len(FIXED_COLUMNS):
            return item.name
        if row % len(items):
            return ""  # spanned by the reporter's first row
        return (str(reporter.seq), reporter.name, unit_and_title(reporter.unit, reporter.title))[column]
    if role == Qt.ItemDataRole.TextAlignmentRole:
        return _ALIGN_CENTER if column in (0, len(FIXED_COLUMNS)) else _ALIGN_LEFT
    return None


def span_reporter_cells(view, reporter_count: int, item_count: int) -> None:
    """Items as rows: 序号, 姓名 and 单位及职务 span each reporter's item rows, as on the paper."""
    view.clearSpans()
    if item_count <= MAX_GROUPED_ITEMS:
        return
    for n in range(reporter_count):
        for column in range(len(FIXED_COLUMNS)):
            view.setSpan(n * item_count, column, item_count, 1)

