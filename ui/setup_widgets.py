"""Small widgets shared by the setup screens: message bar, fault list, add-record dialog, actions."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from models.clock import now
from models.errors import InputErrors, PingyiError

ERROR_STYLE = "color: #b00020;"
OK_STYLE = "color: #1b6e20;"


def tr(text: str) -> str:
    return QCoreApplication.translate("setup", text)


def error_text(err: PingyiError) -> str:
    """The clerk's message for a refusal: every fault on its own line."""
    if isinstance(err, InputErrors):
        return "\n".join(([err.heading] if err.heading else []) + err.faults)
    return str(err)


class MessageBar(QLabel):
    """One line under a table or form: the last refusal in red, or “已保存” in green."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setMinimumHeight(self.fontMetrics().height() + 6)

    def error(self, text: str) -> None:
        self.setStyleSheet(ERROR_STYLE)
        self.setText(text)

    def saved(self, what: str = "") -> None:
        self.setStyleSheet(OK_STYLE)
        stamp = now().strftime("%H:%M:%S")
        self.setText(tr("已保存") + (f"：{what}" if what else "") + f"（{stamp}）")

    def is_error(self) -> bool:
        return self.styleSheet() == ERROR_STYLE and bool(self.text())


def make_action(owner: QWidget, text: str, shortcuts, slot: Callable, tip: str = "") -> QAction:
    """An action reachable from the keyboard inside ``owner``, its shortcut shown in the tooltip."""
    action = QAction(text, owner)
    keys = [QKeySequence(s) for s in ([shortcuts] if isinstance(shortcuts, str) else shortcuts or []) if s]
    if keys:
        action.setShortcuts(keys)
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    shown = keys[0].toString(QKeySequence.SequenceFormat.NativeText) if keys else ""
    action.setToolTip(f"{tip or text}（{shown}）" if shown else (tip or text))
    action.triggered.connect(lambda *_: slot())
    owner.addAction(action)
    return action


def confirm(parent: QWidget, title: str, text: str) -> bool:
    """Ask yes/no; 否 is the default so Enter never deletes by accident."""
    buttons = QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
    answer = QMessageBox.question(parent, title, text, buttons, QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes


class FaultsDialog(QDialog):
    """Every fault of a refused import, one per line, with a copy button."""

    def __init__(self, title: str, heading: str, faults: list[str], parent=None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(720, 420)
        layout = QVBoxLayout(self)
        label = QLabel(heading, self)
        label.setWordWrap(True)
        layout.addWidget(label)
        self.list = QListWidget(self)
        self.list.addItems([f"{n}. {fault}" for n, fault in enumerate(faults, start=1)])
        self.list.setWordWrap(True)
        layout.addWidget(self.list)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        copy = QPushButton(tr("复制全部"), self)
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText("\n".join(faults)))
        buttons.addButton(copy, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


@dataclass
class Field:
    key: str
    label: str
    default: str = ""
    choices: list[str] = field(default_factory=list)


class RecordDialog(QDialog):
    """A small form that adds one record; stays open with the message when refused."""

    def __init__(self, title: str, fields: list[Field], submit: Callable[[dict], object], parent=None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(420)
        self._submit = submit
        self.editors: dict[str, QWidget] = {}
        layout = QVBoxLayout(self)
        form = QFormLayout()
        for spec in fields:
            form.addRow(spec.label, self._editor(spec))
        layout.addLayout(form)
        self.message = MessageBar(self)
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self._try_accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.result_value = None

    def _editor(self, spec: Field) -> QWidget:
        if spec.choices:
            editor = QComboBox(self)
            editor.addItems(spec.choices)
            editor.setCurrentText(spec.default or spec.choices[0])
        else:
            editor = QLineEdit(spec.default, self)
        self.editors[spec.key] = editor
        return editor

    def values(self) -> dict[str, str]:
        return {k: (e.currentText() if isinstance(e, QComboBox) else e.text()) for k, e in self.editors.items()}

    def _try_accept(self) -> None:
        try:
            self.result_value = self._submit(self.values())
        except PingyiError as err:
            self.message.error(error_text(err))
            return
        self.accept()


class FormGrid:
    """Rows of label | editor | message, the message beside the field it is about."""

    def __init__(self, grid, label_width: int = 0):
        self.grid = grid
        self.messages: dict[str, QLabel] = {}
        grid.setColumnStretch(2, 1)
        grid.setHorizontalSpacing(12)
        if label_width:
            grid.setColumnMinimumWidth(0, label_width)  # editors line up across several grids

    def add_row(self, key: str, label: str, editor: QWidget) -> None:
        row = self.grid.rowCount()
        caption = QLabel(label)
        caption.setBuddy(editor)
        message = QLabel()
        message.setWordWrap(True)
        message.setStyleSheet(ERROR_STYLE)
        self.grid.addWidget(caption, row, 0)
        self.grid.addWidget(editor, row, 1)
        self.grid.addWidget(message, row, 2)
        self.messages[key] = message

    def fault(self, key: str, text: str) -> None:
        self.messages[key].setText(text)

    def clear(self, key: str) -> None:
        self.messages[key].setText("")

    def has_fault(self, key: str) -> bool:
        return bool(self.messages[key].text())
