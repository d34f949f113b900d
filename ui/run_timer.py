"""The report timer on screen: exact time from an injected monotonic clock.

The meeting file keeps the timer too (models.run.agenda: elapsed + the wall time it started),
so a reopened file resumes it; on screen the monotonic clock gives smooth, exact seconds.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from models.run.run_state import OVERTIME_PREFIX, timer_face

#: timer colours per phase, on a light screen and on the dark projector
PHASE_COLORS = {"normal": "#1b2a3a", "open": "#1b2a3a", "warning": "#c77800", "overtime": "#c62828"}
PROJECTOR_COLORS = {"normal": "#f5f5f5", "open": "#f5f5f5", "warning": "#ffb300", "overtime": "#ff5252"}


class RunTimer:
    """Elapsed time of the current agenda item: accumulated ms plus the running stretch."""

    def __init__(self, monotonic: Callable[[], float] = time.monotonic):
        self._monotonic = monotonic
        self.key: str | None = None
        self._acc_ms = 0
        self._since: float | None = None

    @property
    def running(self) -> bool:
        return self._since is not None

    def elapsed_ms(self) -> int:
        if self._since is None:
            return self._acc_ms
        return self._acc_ms + int(round((self._monotonic() - self._since) * 1000))

    def set(self, key: str, elapsed_ms: int, running: bool) -> None:
        """Take over the state read from the meeting file."""
        self.key, self._acc_ms = key, int(elapsed_ms)
        self._since = self._monotonic() if running else None

    def start(self) -> None:
        if self._since is None:
            self._since = self._monotonic()

    def pause(self) -> None:
        self._acc_ms, self._since = self.elapsed_ms(), None

    def reset(self) -> None:
        self._acc_ms, self._since = 0, None

    def face(self, limit_min: int | None) -> tuple[str, str]:
        """(text, phase) to show; see models.run.run_state.timer_face."""
        return timer_face(self.elapsed_ms(), limit_min)


def template_for(text: str) -> str:
    """A fixed-width stand-in for sizing the digits: "88:88", "8:88:88", "超时 88:88" …"""
    digits = "8:88:88" if text.count(":") == 2 else "88:88"
    return OVERTIME_PREFIX + digits if text.startswith(OVERTIME_PREFIX) else digits
