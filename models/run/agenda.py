"""The meeting agenda: derived from the roster, with renames, free items and actual times.

The agenda is never stored as a list: it is derived every time from the roster (speaking order,
report mode) and the options, and merged with what the clerk touched (renames, free items,
actual start/end times, timer) kept in ``agenda_items``.  Where the meeting stands and the timer
are in ``models.run.run_state``; the 抽签 of the speaking order in ``models.run.lot_draw``.  Their names
stay importable from here.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, replace

from models.errors import InputErrors, PingyiError
from models.labels import ReportMode
from models.meeting import Meeting
from models.run.lot_draw import DRAW_ACTION, LotDraw, draw_lots, lot_draws, order_from_seed, reporting_started
from models.setup import Reporter, get_facts, list_reporters

KIND_LABELS = {"opening": "开场", "report": "述职", "comment": "点评", "written": "书面述职",
               "evaluation": "会议测评", "closing": "总结讲话", "free": "其他议程"}
#: what the projector shows during 会议测评 (the instruction printed on every form)
FILLING_INSTRUCTIONS = (
    "请在相应等次栏内划“√”",
    "每项只能选一个等次",
    "不划视为弃权，多划视为弃权",
    "测评表不记名，填好后投入票箱",
)


@dataclass(frozen=True)
class AgendaItem:
    """One line of the agenda with its actual times and timer."""

    key: str
    kind: str
    title: str
    position: int
    reporter: Reporter | None = None
    report_no: int | None = None
    reporters: tuple[Reporter, ...] = ()
    time_limit_min: int | None = None
    started_at: _dt.datetime | None = None
    ended_at: _dt.datetime | None = None
    elapsed_ms: int = 0
    default_title: str = ""

    @property
    def reporter_id(self) -> int | None:
        return self.reporter.id if self.reporter else None

    @property
    def free(self) -> bool:
        return self.kind == "free"

    @property
    def done(self) -> bool:
        """Held: started and stopped (a skipped item is not done)."""
        return self.started_at is not None and self.ended_at is not None

    @property
    def duration_s(self) -> int | None:
        """Seconds from actual start to actual end, when both are known."""
        if self.started_at is None or self.ended_at is None:
            return None
        return int((self.ended_at - self.started_at).total_seconds())

    @property
    def heading(self) -> str:
        """What the projector calls this item: 第 3 位述职, 点评第 3 位述职人, 会议测评 …"""
        if self.kind == "report":
            return f"第 {self.report_no} 位述职"
        if self.kind == "comment":
            return f"点评第 {self.report_no} 位述职人"
        return self.title


@dataclass(frozen=True)
class AgendaOptions:
    """Whether the agenda has 开场 and 总结讲话, and reports grouped (集中述职、集中点评)."""

    opening: bool = True
    closing: bool = True
    grouped: bool = False


# -- time helpers -----------------------------------------------------------
def _parse(text: str | None) -> _dt.datetime | None:
    return _dt.datetime.fromisoformat(text) if text else None


# -- options ----------------------------------------------------------------
def get_options(meeting: Meeting) -> AgendaOptions:
    """Whether the agenda has 开场 and 总结讲话, and 集中述职、集中点评 instead of 一述一评."""
    row = meeting.db.execute("SELECT opening, closing, grouped FROM run_state WHERE id = 1").fetchone()
    return AgendaOptions(bool(row[0]), bool(row[1]), bool(row[2]))


def set_options(meeting: Meeting, **changes) -> AgendaOptions:
    """Change agenda options (opening, closing, grouped); refuses unknown names."""
    unknown = set(changes) - {"opening", "closing", "grouped"}
    if unknown:
        raise PingyiError(f"未知的议程设置：{', '.join(sorted(unknown))}")
    with meeting.write("修改议程设置", {k: bool(v) for k, v in changes.items()}) as db:
        db["run_state"].update(1, {k: int(bool(v)) for k, v in changes.items()})
    return get_options(meeting)


# -- the agenda ---------------------------------------------------------------
def onsite_in_order(meeting: Meeting) -> list[Reporter]:
    """现场述职 reporters in speaking order."""
    onsite = [r for r in list_reporters(meeting) if r.mode is ReportMode.ONSITE]
    return sorted(onsite, key=lambda r: (r.speak_order, r.seq))


def _derived(meeting: Meeting) -> list[AgendaItem]:
    options, facts = get_options(meeting), get_facts(meeting)
    onsite = onsite_in_order(meeting)
    written = tuple(sorted((r for r in list_reporters(meeting) if r.mode is ReportMode.WRITTEN),
                           key=lambda r: (r.speak_order, r.seq)))
    reports = [AgendaItem(f"report:{r.id}", "report", f"述职：{r.name}", 0, r, n,
                          time_limit_min=r.time_limit_min or facts.time_limit_min) for n, r in enumerate(onsite, 1)]
    comments = [AgendaItem(f"comment:{r.id}", "comment", f"点评：{r.name}", 0, r, n) for n, r in enumerate(onsite, 1)]
    body = reports + comments if options.grouped else [x for pair in zip(reports, comments, strict=True) for x in pair]
    items = [AgendaItem("opening", "opening", "开场", 0)] if options.opening else []
    items += body
    if written:
        items.append(AgendaItem("written", "written", f"书面述职（{len(written)} 人）", 0, reporters=written))
    items.append(AgendaItem("evaluation", "evaluation", "会议测评", 0))
    if options.closing:
        items.append(AgendaItem("closing", "closing", "总结讲话", 0))
    return items


def _touched(meeting: Meeting) -> dict[str, tuple]:
    rows = meeting.db.execute(
        "SELECT key, title, free, after_key, position, time_limit_min, started_at, ended_at, elapsed_ms "
        "FROM agenda_items").fetchall()
    return {r[0]: r for r in rows}


def agenda(meeting: Meeting) -> list[AgendaItem]:
    """The whole agenda in order, with renames, free items, actual times and timers."""
    touched = _touched(meeting)
    derived = _derived(meeting)
    free = sorted((r for r in touched.values() if r[2]), key=lambda r: (r[4], r[0]))
    by_anchor: dict[str, list] = {}
    known = {"", *(d.key for d in derived)}
    for row in free:
        by_anchor.setdefault(row[3] if row[3] in known else "\x00end", []).append(row)
    ordered = [_free_item(row) for row in by_anchor.get("", [])]
    for item in derived:
        ordered.append(item)
        ordered += [_free_item(row) for row in by_anchor.get(item.key, [])]
    ordered += [_free_item(row) for row in by_anchor.get("\x00end", [])]
    return [_with_record(item, touched.get(item.key), pos) for pos, item in enumerate(ordered, 1)]


def _free_item(row) -> AgendaItem:
    return AgendaItem(row[0], "free", row[1] or "", 0, time_limit_min=row[5])


def _with_record(item: AgendaItem, row, position: int) -> AgendaItem:
    item = replace(item, position=position, default_title=item.default_title or item.title)
    if row is None:
        return item
    return replace(item, title=row[1] or item.title, started_at=_parse(row[6]), ended_at=_parse(row[7]),
                   elapsed_ms=row[8])


def item_by_key(meeting: Meeting, key: str) -> AgendaItem:
    """The agenda item ``key``; refuses a key that is not on the agenda."""
    for item in agenda(meeting):
        if item.key == key:
            return item
    raise PingyiError(f"议程中没有“{key}”这一项，可能已被删除或述职人已改为书面述职。请刷新议程。")


# -- free items -----------------------------------------------------------------
def _ensure_row(db, key: str) -> None:
    db.execute("INSERT OR IGNORE INTO agenda_items (key) VALUES (?)", [key])


def _place_free(db, keys: list[str]) -> None:
    """Re-anchor every free item from a full ordered list of keys."""
    anchor, pos = "", 0
    for key in keys:
        if key.startswith("free:"):
            pos += 1
            db.execute("UPDATE agenda_items SET after_key = ?, position = ? WHERE key = ?", [anchor, pos, key])
        else:
            anchor, pos = key, 0


def add_free_item(meeting: Meeting, title: str, after_key: str | None = None,
                  time_limit_min: int | None = None) -> AgendaItem:
    """Add a free item (e.g. 传达文件精神) after ``after_key`` (None = at the end)."""
    title = (title or "").strip()
    faults = [] if title else ["议程名称不能为空。请填写后再添加。"]
    if time_limit_min is not None and not (isinstance(time_limit_min, int) and 1 <= time_limit_min <= 240):
        faults.append("时限应为 1 到 240 之间的整数分钟，或留空表示不限时。")
    if faults:
        raise InputErrors(faults)
    keys = [i.key for i in agenda(meeting)]
    where = len(keys) if after_key is None else keys.index(after_key) + 1 if after_key in keys else len(keys)
    number = meeting.db.execute(
        "SELECT coalesce(max(CAST(substr(key, 6) AS INTEGER)), 0) + 1 FROM agenda_items WHERE free = 1").fetchone()[0]
    key = f"free:{number}"
    keys.insert(where, key)
    with meeting.write("增加议程", {"key": key, "title": title, "position": where + 1}) as db:
        db["agenda_items"].insert({"key": key, "title": title, "free": 1, "time_limit_min": time_limit_min})
        _place_free(db, keys)
    return item_by_key(meeting, key)


def rename_item(meeting: Meeting, key: str, title: str) -> AgendaItem:
    """Rename an agenda item; an empty title restores the default (a free item needs one)."""
    item = item_by_key(meeting, key)
    title = (title or "").strip()
    if not title and item.free:
        raise InputErrors([f"第 {item.position} 项议程的名称不能为空。"])
    with meeting.write("修改议程名称", {"key": key, "from": item.title, "to": title or item.default_title}) as db:
        _ensure_row(db, key)
        db.execute("UPDATE agenda_items SET title = ? WHERE key = ?", [title or None, key])
    return item_by_key(meeting, key)


def move_item(meeting: Meeting, key: str, delta: int) -> AgendaItem:
    """Move a free item up (delta < 0) or down; items from the roster keep their order."""
    items = agenda(meeting)
    item = item_by_key(meeting, key)
    if not item.free:
        raise PingyiError(f"“{item.title}”由述职人名单生成，不能单独移动。述职顺序请用“抽签”或在“准备”中调整。")
    keys = [i.key for i in items]
    old = keys.index(key)
    new = max(0, min(len(keys) - 1, old + delta))
    if new == old:
        return item
    keys.insert(new, keys.pop(old))
    with meeting.write("调整议程顺序", {"key": key, "from": old + 1, "to": new + 1}) as db:
        _place_free(db, keys)
    return item_by_key(meeting, key)


def delete_free_item(meeting: Meeting, key: str) -> None:
    """Remove a free item; refused for roster items and for an item already held."""
    item = item_by_key(meeting, key)
    if not item.free:
        raise PingyiError(f"“{item.title}”由述职人名单生成，不能删除。开场和总结讲话可在议程设置中关闭。")
    if item.started_at is not None:
        raise PingyiError(f"“{item.title}”已有实际开始时间，不能删除（会议记录需要它）。可以改名。")
    with meeting.write("删除议程", {"key": key, "title": item.title}) as db:
        db.execute("DELETE FROM agenda_items WHERE key = ?", [key])


# the lot draw lives in models.run.lot_draw, the timer and run state in models.run.run_state
__all__ = [
    "KIND_LABELS", "FILLING_INSTRUCTIONS", "AgendaItem", "AgendaOptions", "get_options", "set_options",
    "onsite_in_order", "agenda", "item_by_key", "add_free_item", "rename_item", "move_item", "delete_free_item",
    "DRAW_ACTION", "LotDraw", "order_from_seed", "lot_draws", "reporting_started", "draw_lots",
]
