"""The one place Pingyi reads the wall clock, so tests can move time."""

from __future__ import annotations

import datetime as _dt


def now() -> _dt.datetime:
    """Local time, to the second."""
    return _dt.datetime.now().replace(microsecond=0)


def stamp() -> str:
    """``now()`` as ISO text, as stored in the meeting file."""
    return now().isoformat(sep=" ")
