"""Empty tables say what to do first: a sentence centred in the view while it has no rows."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractItemView, QLabel


class EmptyHint(QObject):
    """Shows ``text()`` over ``view`` while its model has no rows (and ``text()`` is not empty)."""

    def __init__(self, view: QAbstractItemView, text: Callable[[], str]):
        super().__init__(view)
        self.view, self.text = view, text
        self.label = QLabel(view.viewport())
        self.label.setObjectName("emptyHint")
        self.label.setWordWrap(True)
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setStyleSheet("QLabel#emptyHint { color: #555; font-size: 13pt; background: transparent; }")
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        view.viewport().installEventFilter(self)
        model = view.model()
        for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved, model.layoutChanged):
            signal.connect(self.update)
        self.update()

    def update(self, *_args) -> None:
        """Show or hide the sentence for the model's current rows."""
        shown = self.view.model().rowCount() == 0 and self.text() or ""
        self.label.setText(shown)
        self.label.setVisible(bool(shown))
        self._place()

    def _place(self) -> None:
        self.label.setGeometry(self.view.viewport().rect().adjusted(40, 30, -40, -30))

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt name)
        if event.type() == QEvent.Type.Resize:
            self._place()
        return False
