"""A setup tab built around one editable table: buttons with shortcuts, a message bar,
and refresh that keeps the clerk's place."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from models.errors import PingyiError

from .bus import SETUP
from .setup_table_base import RecordTableModel, RecordTableView
from .setup_widgets import MessageBar, confirm, error_text, make_action, tr


class TablePanel(QWidget):
    """Table + buttons + message bar.  Edits commit through the model; this emits the bus."""

    def __init__(self, meeting, bus, model: RecordTableModel, *, hint: str = "", movable: bool = False,
                 parent=None):
        super().__init__(parent)
        self.meeting, self.bus, self.model = meeting, bus, model
        self.dialog = None
        layout = QVBoxLayout(self)
        if hint:
            label = QLabel(hint, self)
            label.setWordWrap(True)
            layout.addWidget(label)
        self.view = RecordTableView(self, movable=movable)
        self.view.setModel(model)
        layout.addWidget(self.view, 1)
        self.button_row = QHBoxLayout()
        layout.addLayout(self.button_row)
        self.message = MessageBar(self)
        layout.addWidget(self.message)
        model.refused.connect(lambda text: self.message.error(text + tr("（未保存，表格中仍是原来的内容。）")))
        model.saved.connect(self._saved)
        self._keep: tuple | None = None
        model.modelAboutToBeReset.connect(self._remember_place)
        model.modelReset.connect(self._restore_place)

    # -- building -----------------------------------------------------------
    def add_action(self, text: str, shortcuts, slot: Callable, tip: str = ""):
        """An action with a button under the table; its shortcut works anywhere in this tab."""
        action = make_action(self, text, shortcuts, slot, tip)
        button = QToolButton(self)
        button.setDefaultAction(action)
        self.button_row.addWidget(button)
        return action

    def finish_buttons(self) -> None:
        self.button_row.addStretch(1)

    def lock_actions(self, actions, locked: bool, reason: str) -> None:
        """Disable what may no longer be done (e.g. once forms are printed), saying why in the tooltip."""
        for action in actions:
            if not hasattr(action, "_free_tip"):
                action._free_tip = action.toolTip()
            action.setEnabled(not locked)
            action.setToolTip(f"{action._free_tip}（{reason}）" if locked else action._free_tip)

    # -- doing --------------------------------------------------------------
    def run(self, fn: Callable, *args, done: str = ""):
        """Call a models/ operation; a refusal goes to the message bar and returns None."""
        try:
            result = fn(*args)
        except PingyiError as err:
            self.message.error(error_text(err))
            self.refresh()
            return None
        self._saved(done)
        return result if result is not None else True

    def _saved(self, what: str) -> None:
        self.message.saved(what)
        self.bus.changed.emit(SETUP)

    def current_record(self):
        row = self.view.current_row()
        return self.model.record(row) if 0 <= row < self.model.rowCount() else None

    def refresh(self) -> None:
        """Reload from the file; the current record (by id) and column stay current."""
        self.model.refresh()

    def _remember_place(self) -> None:
        current = self.current_record()
        self._keep = (current.id, self.view.currentIndex().column()) if current is not None else None

    def _restore_place(self) -> None:
        if self._keep is not None:
            row = self.model.row_of(self._keep[0])
            if row >= 0:
                self.view.select_row(row, self._keep[1])
        self._keep = None

    def select_record(self, record_id, column: int = 0) -> None:
        self.view.select_row(self.model.row_of(record_id), column)
        self.view.setFocus()

    def show_dialog(self, dialog, on_done: Callable | None = None) -> None:
        """Open a small dialog without blocking; ``on_done(result)`` after it was accepted."""
        self.dialog = dialog

        def accepted():
            self.refresh()
            if on_done:
                on_done(dialog.result_value)
            self._saved("")
        dialog.accepted.connect(accepted)
        dialog.finished.connect(lambda *_: self._dialog_closed(dialog))
        dialog.open()

    def _dialog_closed(self, dialog) -> None:
        # give the keyboard back to the table (Qt does not always re-activate the parent window)
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()
        self.window().activateWindow()
        self.view.setFocus()

    def delete_current(self, title: str, question: Callable, operation: Callable, done: Callable) -> None:
        """Ask, then delete the current record through ``operation(meeting, id)``."""
        record = self.current_record()
        if record is None or self.editing() or not confirm(self, title, question(record)):
            return
        row = self.view.current_row()
        if self.run(operation, self.meeting, record.id, done=done(record)):
            self.model.refresh()
            self.view.select_row(min(row, self.model.rowCount() - 1))
            self.view.setFocus()

    def editing(self) -> bool:
        return self.view.state() == RecordTableView.State.EditingState
