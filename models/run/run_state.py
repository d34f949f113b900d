"""Where the meeting stands: the current agenda item and its timer.

``run_state`` holds the current item and, while its timer runs, the wall time it started, so a
reopened file resumes the clock.  An item's first start is its actual start; stopping its timer
(pause, or moving on) is its actual end.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from models import clock
from models.errors import PingyiError
from models.meeting import Meeting
from models.run.agenda import AgendaItem, _ensure_row, _parse, agenda


@dataclass(frozen=True)
class RunState:
    """Where the meeting stands: the current item and its timer (elapsed as of now)."""

    current_key: str
    elapsed_ms: int
    running: bool
    began_at: _dt.datetime | None


# -- time helpers -----------------------------------------------------------
def _ms_since(text: str) -> int:
    return max(0, int((clock.now() - _parse(text)).total_seconds() * 1000))


#: overtime reads “超时 00:44” (a bare “+00:44” reads as a count-down by many)
OVERTIME_PREFIX = "超时 "


def timer_face(elapsed_ms: int, limit_min: int | None) -> tuple[str, str]:
    """(text, phase) for a timer: counts down to the limit, then up in overtime.

    phase is "normal", "warning" (last minute), "overtime" or "open" (no limit, counting up).
    """
    if not limit_min:
        return _clock_text(elapsed_ms // 1000), "open"
    limit_ms = limit_min * 60_000
    if elapsed_ms > limit_ms:
        return OVERTIME_PREFIX + _clock_text((elapsed_ms - limit_ms) // 1000), "overtime"
    remaining_s = -(-(limit_ms - elapsed_ms) // 1000)  # ceiling: 08:00 at the start, 00:00 at the end
    return _clock_text(remaining_s), "warning" if remaining_s <= 60 else "normal"


def _clock_text(seconds: int) -> str:
    hours, rest = divmod(int(seconds), 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60:02d}:{rest % 60:02d}"


# -- run state and timer --------------------------------------------------------------
def _state_row(meeting: Meeting):
    return meeting.db.execute("SELECT current_key, running_since, began_at FROM run_state WHERE id = 1").fetchone()


def run_state(meeting: Meeting, items: list[AgendaItem] | None = None) -> RunState:
    """The current item (the first one until the clerk moves on) and its timer as of now."""
    items = agenda(meeting) if items is None else items
    key, since, began = _state_row(meeting)
    current = next((i for i in items if i.key == key), items[0])
    running = since is not None and current.key == key
    elapsed = current.elapsed_ms + (_ms_since(since) if running else 0)
    return RunState(current.key, elapsed, running, _parse(began))


def current_item(meeting: Meeting) -> AgendaItem:
    """The agenda item the meeting is at."""
    items = agenda(meeting)
    key = run_state(meeting, items).current_key
    return next(i for i in items if i.key == key)


def _start(db, key: str, elapsed_ms: int) -> None:
    now = clock.stamp()
    _ensure_row(db, key)
    db.execute("UPDATE agenda_items SET elapsed_ms = ?, started_at = coalesce(started_at, ?), ended_at = NULL "
               "WHERE key = ?", [elapsed_ms, now, key])
    db.execute("UPDATE run_state SET current_key = ?, running_since = ?, began_at = coalesce(began_at, ?) "
               "WHERE id = 1", [key, now, now])


def _stop(db, key: str, elapsed_ms: int) -> None:
    _ensure_row(db, key)
    db.execute("UPDATE agenda_items SET elapsed_ms = ?, ended_at = ? WHERE key = ?", [elapsed_ms, clock.stamp(), key])
    db.execute("UPDATE run_state SET running_since = NULL WHERE id = 1")


def start_timer(meeting: Meeting, elapsed_ms: int | None = None) -> RunState:
    """Start (or resume) the current item's timer; its first start is the item's actual start."""
    state = run_state(meeting)
    if not state.running:
        with meeting.write("开始计时", {"key": state.current_key}) as db:
            _start(db, state.current_key, state.elapsed_ms if elapsed_ms is None else elapsed_ms)
    return run_state(meeting)


def pause_timer(meeting: Meeting, elapsed_ms: int | None = None) -> RunState:
    """Pause the current item's timer; ``elapsed_ms`` is the caller's exact reading, if it has one."""
    state = run_state(meeting)
    if state.running:
        elapsed = state.elapsed_ms if elapsed_ms is None else elapsed_ms
        with meeting.write("暂停计时", {"key": state.current_key, "elapsed_ms": elapsed}) as db:
            _stop(db, state.current_key, elapsed)
    return run_state(meeting)


def reset_timer(meeting: Meeting) -> RunState:
    """Set the current item's timer back to zero and forget its actual times."""
    state = run_state(meeting)
    with meeting.write("计时归零", {"key": state.current_key, "elapsed_ms": state.elapsed_ms}) as db:
        _ensure_row(db, state.current_key)
        db.execute("UPDATE agenda_items SET elapsed_ms = 0, started_at = NULL, ended_at = NULL WHERE key = ?",
                   [state.current_key])
        db.execute("UPDATE run_state SET current_key = ?, running_since = NULL WHERE id = 1", [state.current_key])
    return run_state(meeting)


def go_to(meeting: Meeting, key: str, elapsed_ms: int | None = None, *, auto_start: bool = False) -> RunState:
    """Make ``key`` the current item; a running timer stops (that is the item's actual end)."""
    items = agenda(meeting)
    state = run_state(meeting, items)
    if key not in {i.key for i in items}:
        raise PingyiError(f"议程中没有“{key}”这一项。请刷新议程后再选。")
    if key == state.current_key:
        return state
    with meeting.write("切换议程", {"from": state.current_key, "to": key, "auto_start": auto_start}) as db:
        if state.running:
            _stop(db, state.current_key, state.elapsed_ms if elapsed_ms is None else elapsed_ms)
        db.execute("UPDATE run_state SET current_key = ? WHERE id = 1", [key])
        if auto_start:
            _start(db, key, next(i.elapsed_ms for i in items if i.key == key))
    return run_state(meeting)


def next_item(meeting: Meeting, elapsed_ms: int | None = None) -> RunState:
    """Move on; if the clock was running it keeps running for a comment or other item (not a report)."""
    items = agenda(meeting)
    state = run_state(meeting, items)
    index = [i.key for i in items].index(state.current_key)
    if index + 1 >= len(items):
        return state
    target = items[index + 1]
    return go_to(meeting, target.key, elapsed_ms, auto_start=state.running and target.kind != "report")


def previous_item(meeting: Meeting, elapsed_ms: int | None = None) -> RunState:
    """Step back one item (the clock does not start by itself)."""
    items = agenda(meeting)
    state = run_state(meeting, items)
    index = [i.key for i in items].index(state.current_key)
    return state if index == 0 else go_to(meeting, items[index - 1].key, elapsed_ms)
