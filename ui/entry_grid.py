"""The entry grid: the paper form on screen, keyed one key per cell.

Keys (also shown in ``KEY_LEGEND``): 1 好, 2 较好, 3 一般, 4 差 (number row or keypad),
0 or Space 弃权, 9 多选; the cursor then moves on by itself.  ``+`` (or ``=``, the same key
without Shift) gives every remaining un-keyed cell the last mark keyed.  Arrows, Home and
End move; Backspace clears.  Enter on the last cell or Ctrl+Enter asks to save, Esc to clear,
F9 to toggle 废票.  Any other key is refused with a short message and changes nothing.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QRect, Qt, Signal
from PySide6.QtGui import QColor, QKeySequence, QPainter, QPen
from PySide6.QtWidgets import QAbstractItemView, QApplication, QHeaderView, QTableView

from models.labels import MARK_LABELS, Mark

from .entry_grid_model import FIXED_COLUMNS, EntryGridModel, span_reporter_cells

K = Qt.Key
MARK_KEYS = {
    K.Key_1: Mark.GOOD, K.Key_2: Mark.FAIRLY_GOOD, K.Key_3: Mark.AVERAGE, K.Key_4: Mark.POOR,
    K.Key_0: Mark.ABSTAIN, K.Key_Space: Mark.ABSTAIN, K.Key_9: Mark.OVERMARKED,
}
FILL_KEYS = {K.Key_Plus, K.Key_Equal}
ENTER_KEYS = {K.Key_Return, K.Key_Enter}
_MODIFIER_KEYS = {K.Key_Shift, K.Key_Control, K.Key_Alt, K.Key_Meta, K.Key_AltGr, K.Key_CapsLock, K.Key_NumLock}
_CTRL_ALT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier

KEY_LEGEND = (
    "按键：1 好　2 较好　3 一般　4 差　0/空格 弃权　9 多选　+ 其余各格同上一格\n"
    "←↑ 后退　→↓ 前进　退格 清除　Enter（最后一格）或 Ctrl+Enter 保存　Esc 清空　F9 废票"
)
#: the whole row of the reporter being keyed: a light tint (marks stay readable) and a frame
ROW_TINT, ROW_FRAME = QColor(255, 214, 79, 70), QColor("#e0a000")
#: the 单位及职务 column stops at this many characters, so the grade cells sit beside the name
UNIT_COLUMN_CHARS = 16
REFUSED_KEY = "“{key}”不是等次键，未作改动。请按 1 好、2 较好、3 一般、4 差、0 或空格 弃权、9 多选。"


class EntryGrid(QTableView):
    """Keyboard-first view of an ``EntryGridModel``; the cursor is one flat cell number."""

    save_requested = Signal()
    clear_requested = Signal()
    void_requested = Signal()
    message = Signal(str)
    marks_changed = Signal()

    def __init__(self, model: EntryGridModel, parent=None):
        super().__init__(parent)
        self._model = model
        self._cursor = 0
        self._last_mark: Mark | None = None
        self.read_only = False
        self.setModel(model)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setTabKeyNavigation(False)
        self.setWordWrap(False)
        self.setAlternatingRowColors(False)
        self.verticalHeader().hide()
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self._size_columns()
        if model.items_as_rows:  # the paper's rows: the reporter's text spans its item rows
            self.setWordWrap(True)
            span_reporter_cells(self, len(model.reporters), len(model.items))
        self.setToolTip(KEY_LEGEND)
        self.selectionModel().currentChanged.connect(self._follow_mouse)

    # -- public ---------------------------------------------------------------
    def grid_model(self) -> EntryGridModel:
        return self._model

    @property
    def cursor(self) -> int:
        return self._cursor

    def start(self, marks=None) -> None:
        """Begin a ballot: empty (new) or showing ``marks`` (editing); cursor on the first cell."""
        if marks is None:
            self._model.clear()
        else:
            self._model.load(marks)
        self._last_mark = None
        self.move_to(0)
        self.marks_changed.emit()

    def move_to(self, k: int) -> None:
        """Put the cursor on flat cell ``k`` (clamped to the grid)."""
        if not self._model.cell_count:
            return
        self._cursor = max(0, min(k, self._model.cell_count - 1))
        index = self._model.cell_index(self._cursor)
        self.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self.scrollTo(index)
        self.viewport().update()

    def current_rows(self) -> range:
        """The grid rows of the reporter under the cursor (one row, or his item rows)."""
        row = self._model.cell_index(self._cursor).row()
        if self._model.items_as_rows:
            first = row - row % len(self._model.items)
            return range(first, first + len(self._model.items))
        return range(row, row + 1)

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt name)
        super().paintEvent(event)
        if not self.isEnabled() or not self._model.cell_count:
            return
        rows = self.current_rows()
        columns = self._model.columnCount() - 1
        top = self.visualRect(self._model.index(rows[0], 0))
        bottom = self.visualRect(self._model.index(rows[-1], columns))
        band = QRect(top.topLeft(), bottom.bottomRight())
        painter = QPainter(self.viewport())
        painter.fillRect(band, ROW_TINT)
        painter.setPen(QPen(ROW_FRAME, 2))
        painter.drawRect(band.adjusted(1, 1, -1, -1))
        painter.end()

    # -- keys -------------------------------------------------------------------
    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt name)
        key, mods = event.key(), event.modifiers()
        if key in _MODIFIER_KEYS:
            return
        if key in (K.Key_Tab, K.Key_Backtab):
            super().keyPressEvent(event)  # focus moves to the next widget
            return
        if key in ENTER_KEYS and mods & Qt.KeyboardModifier.ControlModifier:
            self.save_requested.emit()
            return
        if mods & _CTRL_ALT:
            event.ignore()  # leave Ctrl/Alt combinations to the window's shortcuts
            return
        self._plain_key(key, event.text())

    def _plain_key(self, key, text: str) -> None:
        if key == K.Key_Escape:
            self.clear_requested.emit()
        elif key == K.Key_F9:
            self.void_requested.emit()
        elif key in ENTER_KEYS:
            self._enter()
        elif self.read_only:
            self._refuse("本票只能查看，不能修改。")
        elif self._model.void and (key in MARK_KEYS or key in FILL_KEYS):
            self._refuse("本票已标为废票，各格不计。再按 F9 取消废票后才能录入等次。")
        elif key in MARK_KEYS:
            self.key_mark(MARK_KEYS[key])
        elif key in FILL_KEYS:
            self.fill_rest()
        elif not self._move_key(key):
            self._refuse(REFUSED_KEY.format(key=_key_name(key, text)))

    def _move_key(self, key) -> bool:
        width = self._model.row_width  # ↑↓ one grid row: the same item of the reporter above, or the row above
        moves = {K.Key_Left: -1, K.Key_Right: 1, K.Key_Up: -width, K.Key_Down: width,
                 K.Key_Home: -self._model.cell_count, K.Key_End: self._model.cell_count}
        if key in moves:
            self.move_to(self._cursor + moves[key])
        elif key == K.Key_Backspace:
            self._backspace()
        elif key == K.Key_Delete and not self.read_only:
            self._set(self._cursor, None)
        else:
            return False
        return True

    def key_mark(self, mark: Mark) -> None:
        """Key one cell and move on."""
        self._set(self._cursor, mark)
        self._last_mark = mark
        if self._cursor < self._model.cell_count - 1:
            self.move_to(self._cursor + 1)

    def fill_rest(self) -> None:
        """Every remaining un-keyed cell gets the last mark keyed; the cursor goes to the last cell."""
        if self._last_mark is None:
            self._refuse("请先按一个等次键，再按 + 把其余各格填成同一等次。")
            return
        filled = self._model.fill_unkeyed(self._cursor, self._last_mark)
        self.move_to(self._model.cell_count - 1)
        self.marks_changed.emit()
        self.message.emit(f"其余 {filled} 格已填为“{MARK_LABELS[self._last_mark]}”。按 Enter 保存。")

    def _backspace(self) -> None:
        if self.read_only:
            self._refuse("本票只能查看，不能修改。")
            return
        if self._model.mark_at(self._cursor) is None and self._cursor > 0:
            self.move_to(self._cursor - 1)
        self._set(self._cursor, None)

    def _enter(self) -> None:
        if self._cursor == self._model.cell_count - 1 or self.read_only or self._model.void:
            self.save_requested.emit()
            return
        where = f"第 {self._model.reporters[-1].seq} 行"
        if self._model.items_as_rows:
            where = f"第 {self._model.reporters[-1].seq} 号的“{self._model.items[-1].name}”"
        self.message.emit(
            f"还没到最后一格（{where}）。"
            "继续按等次键，或按 + 填充其余各格；要现在保存请按 Ctrl+Enter（未录的格按弃权计）。")

    def _set(self, k: int, mark: Mark | None) -> None:
        self._model.set_mark(k, mark)
        self.marks_changed.emit()

    def _refuse(self, text: str) -> None:
        QApplication.beep()
        self.message.emit(text)

    def _follow_mouse(self, current, _previous) -> None:
        k = self._model.cell_of(current)
        if k is not None:
            self._cursor = k

    def _size_columns(self) -> None:
        header = self.horizontalHeader()
        unit = self.fontMetrics().horizontalAdvance("好")
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header.resizeSection(0, unit * 3)
        header.resizeSection(1, unit * 5)
        header.resizeSection(2, self._unit_column_width(unit))
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(unit * 2)
        if self._model.items_as_rows:
            longest = max(len(item.name) for item in self._model.items)
            header.resizeSection(len(FIXED_COLUMNS), unit * max(5, longest + 1))
            header.resizeSection(len(FIXED_COLUMNS) + 1, unit * 4)
            return
        for i, item in enumerate(self._model.items):
            header.resizeSection(len(FIXED_COLUMNS) + i, unit * max(4, len(item.name) + 1))


    def _unit_column_width(self, unit: int) -> int:
        """As wide as the longest 单位及职务, at most ``UNIT_COLUMN_CHARS`` characters (longer ones wrap or elide)."""
        metrics, model = self.fontMetrics(), self._model
        texts = (str(model.data(model.index(row, 2)) or "") for row in range(model.rowCount()))
        widest = max((metrics.horizontalAdvance(t) for t in texts), default=0)
        return max(unit * 6, min(widest + unit, unit * UNIT_COLUMN_CHARS))


def _key_name(key, text: str) -> str:
    if text and text.isprintable() and text.strip():
        return text
    return QKeySequence(key).toString() or "该键"
