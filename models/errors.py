"""Errors the clerk sees: every message is Chinese and says what is wrong and what to do."""

from __future__ import annotations


class PingyiError(Exception):
    """An operation was refused; ``str(err)`` is the message for the clerk."""

    exit_code = 1


class FileRefused(PingyiError):
    """The meeting file cannot be opened (damaged, foreign, newer, locked)."""


class FileLocked(FileRefused):
    """Another window already has this meeting file open."""


class MeetingFinalized(PingyiError):
    """A change was attempted after 定稿."""


class InputErrors(PingyiError):
    """Bad input: a list of faults, each naming where it is. Nothing was stored."""

    def __init__(self, faults: list[str], heading: str = ""):
        self.faults = list(faults)
        self.heading = heading
        text = "\n".join(([heading] if heading else []) + self.faults)
        super().__init__(text)
