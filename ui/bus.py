"""The app-level signal: after any change through models/, the screen that made it
emits ``changed(topic)`` and every stage refreshes itself from the meeting file
(Anki's ``operation_did_execute``), instead of widgets calling each other."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

#: topics carried by ``MeetingBus.changed``
SETUP, BALLOTS, DECISIONS, RUN, FILE = "setup", "ballots", "decisions", "run", "file"


class MeetingBus(QObject):
    changed = Signal(str)
