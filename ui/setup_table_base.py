"""A thin editable table model over a list of frozen records, and the table view the setup
screens use.  Every edit is handed to a models/ function at once; a refusal reverts the cell
(the model shows what is stored) and is reported through ``refused``."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QMimeData, QModelIndex, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QHeaderView, QStyledItemDelegate, QTableView

from models.errors import PingyiError

from .setup_widgets import error_text

MIME_ROW = "application/x-pingyi-row"
_READ_ONLY = QColor("#666666")


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    text: Callable[[Any], str]
    editable: Callable[[Any], bool] | bool = False
    tooltip: str = ""
    numeric: bool = False

    def can_edit(self, record) -> bool:
        return self.editable(record) if callable(self.editable) else bool(self.editable)


class RecordTableModel(QAbstractTableModel):
    """Rows are records (frozen dataclasses with an ``id``); cells commit through ``commit``.

    ``commit(record, key, text)`` stores the change through models/ and returns the new
    record; it raises PingyiError to refuse.  ``move(record, new_row)`` (optional) reorders.
    """

    refused = Signal(str)
    saved = Signal(str)

    def __init__(self, columns: list[Column], commit: Callable, records=(), *, move: Callable | None = None,
                 scope: str = "", parent=None):
        super().__init__(parent)
        self._columns = list(columns)
        self._commit = commit
        self._move = move
        self._scope = scope  # a drop must come from a table over the same meeting file
        self._records = list(records)

    # -- reading ------------------------------------------------------------
    def records(self) -> list:
        return list(self._records)

    def record(self, row: int):
        return self._records[row]

    def row_of(self, record_id) -> int:
        return next((i for i, r in enumerate(self._records) if r.id == record_id), -1)

    def column_of(self, key: str) -> int:
        return next(i for i, c in enumerate(self._columns) if c.key == key)

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._records)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        record, column = self._records[index.row()], self._columns[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return column.text(record)
        if role == Qt.ItemDataRole.ToolTipRole:
            return column.tooltip or None
        if role == Qt.ItemDataRole.TextAlignmentRole and column.numeric:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and not column.can_edit(record):
            return _READ_ONLY
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self._columns[section].header if 0 <= section < len(self._columns) else None
        return str(section + 1)

    def flags(self, index):
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled if self._move else Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled
        if self._columns[index.column()].can_edit(self._records[index.row()]):
            flags |= Qt.ItemFlag.ItemIsEditable
        if self._move:
            flags |= Qt.ItemFlag.ItemIsDragEnabled | Qt.ItemFlag.ItemIsDropEnabled
        return flags

    # -- writing ------------------------------------------------------------
    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        row, column = index.row(), self._columns[index.column()]
        record = self._records[row]
        text = "" if value is None else str(value)
        if not column.can_edit(record) or text == column.text(record):
            return False
        try:
            new = self._commit(record, column.key, text)
        except PingyiError as err:
            self.refused.emit(error_text(err))
            return False
        self._records[row] = new
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(self._columns) - 1))
        self.saved.emit(column.header)
        return True

    def reload(self, records, columns: list[Column] | None = None) -> None:
        """Show ``records``; keeps the view's current cell when only values changed."""
        records = list(records)
        same_shape = columns is None and [r.id for r in records] == [r.id for r in self._records]
        if same_shape:
            changed = records != self._records
            self._records = records
            if changed and records:
                self.dataChanged.emit(self.index(0, 0), self.index(len(records) - 1, len(self._columns) - 1))
            return
        self.beginResetModel()
        self._records = records
        if columns is not None:
            self._columns = list(columns)
        self.endResetModel()

    # -- reordering by drag and drop ------------------------------------------
    def supportedDropActions(self):
        return Qt.DropAction.MoveAction if self._move else Qt.DropAction.IgnoreAction

    def supportedDragActions(self):
        return self.supportedDropActions()

    def mimeTypes(self) -> list[str]:
        return [MIME_ROW]

    def mimeData(self, indexes) -> QMimeData:
        data = QMimeData()
        rows = sorted({i.row() for i in indexes if i.isValid()})
        if rows:
            payload = {"scope": self._scope, "id": self._records[rows[0]].id}
            data.setData(MIME_ROW, json.dumps(payload).encode())
        return data

    def canDropMimeData(self, data, action, row, column, parent) -> bool:
        return self._dropped_row(data) is not None

    def dropMimeData(self, data, action, row, column, parent) -> bool:
        source = self._dropped_row(data)
        if source is None or action == Qt.DropAction.IgnoreAction:
            return False
        if row < 0:
            row = parent.row() if parent.isValid() else len(self._records)
        target = row - 1 if row > source else row
        target = max(0, min(target, len(self._records) - 1))
        return target != source and self.move_row(source, target)

    def _dropped_row(self, data) -> int | None:
        if not self._move or not data.hasFormat(MIME_ROW):
            return None
        try:
            payload = json.loads(bytes(data.data(MIME_ROW)).decode())
        except ValueError:
            return None
        if payload.get("scope") != self._scope:
            return None
        row = self.row_of(payload.get("id"))
        return row if row >= 0 else None

    def move_row(self, source: int, target: int) -> bool:
        """Move the record at ``source`` to ``target`` through models/; False when refused."""
        if not self._move or not (0 <= target < len(self._records)) or source == target:
            return False
        try:
            self._move(self._records[source], target)
        except PingyiError as err:
            self.refused.emit(error_text(err))
            return False
        self.saved.emit("顺序")
        return True


class ChoiceDelegate(QStyledItemDelegate):
    """A drop-down editor for a column with a fixed set of labels (述职方式: 现场/书面)."""

    def __init__(self, choices: list[str], parent=None):
        super().__init__(parent)
        self._choices = list(choices)

    def createEditor(self, parent, option, index):
        editor = QComboBox(parent)
        editor.addItems(self._choices)
        return editor

    def setEditorData(self, editor, index):
        editor.setCurrentText(index.data(Qt.ItemDataRole.EditRole))

    def setModelData(self, editor, model, index):
        model.setData(index, editor.currentText(), Qt.ItemDataRole.EditRole)


class RecordTableView(QTableView):
    """The setup table: type to edit, Enter to save, rows draggable when the model can move."""

    def __init__(self, parent=None, *, movable: bool = False):
        super().__init__(parent)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                             | QAbstractItemView.EditTrigger.EditKeyPressed
                             | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.setAlternatingRowColors(True)
        self.verticalHeader().setVisible(False)
        self.horizontalHeader().setHighlightSections(False)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.horizontalHeader().setStretchLastSection(False)
        self.setWordWrap(False)
        if movable:
            self.setDragEnabled(True)
            self.setAcceptDrops(True)
            self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
            self.setDragDropOverwriteMode(False)
            self.setDefaultDropAction(Qt.DropAction.MoveAction)
            self.setDropIndicatorShown(True)

    def current_row(self) -> int:
        index = self.currentIndex()
        return index.row() if index.isValid() else -1

    def select_row(self, row: int, column: int | None = None) -> None:
        model = self.model()
        if model is None or not (0 <= row < model.rowCount()):
            return
        col = self.currentIndex().column() if column is None else column
        index = model.index(row, max(col, 0))
        self.setCurrentIndex(index)
        self.selectRow(row)
        self.setCurrentIndex(index)
        self.scrollTo(index)

    def fit_columns(self, widths: dict[int, int], stretch: int | None = None) -> None:
        """Set column widths; ``stretch`` takes the rest of the width (the last column by default)."""
        for col, width in widths.items():
            self.setColumnWidth(col, width)
        header = self.horizontalHeader()
        if stretch is None:
            header.setStretchLastSection(True)
        else:
            header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
