"""What is said at the meeting: leaders (点评人), comments, problems, and the minutes data.

Comments and problems feed the feedback sheet and the 整改清单; ``minutes_data`` gathers the
agenda with actual times and every comment for the 会议记录.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from models import clock
from models.errors import InputErrors, PingyiError
from models.labels import ProblemSource
from models.meeting import Meeting
from models.run.agenda import AgendaItem, LotDraw, agenda, get_options, lot_draws
from models.setup import MeetingFacts, Reporter, get_facts, get_reporter, list_reporters

DEFAULT_COMMENTER = "主持人"


@dataclass(frozen=True)
class Leader:
    id: int
    position: int
    name: str
    title: str = ""

    @property
    def label(self) -> str:
        return f"{self.name}（{self.title}）" if self.title else self.name


@dataclass(frozen=True)
class Comment:
    id: int
    reporter_id: int
    commenter: str
    text: str
    created_at: _dt.datetime
    updated_at: _dt.datetime


@dataclass(frozen=True)
class Problem:
    id: int
    reporter_id: int
    position: int
    text: str
    source: ProblemSource
    measure: str = ""
    owner: str = ""
    deadline: str = ""


def _when(text: str) -> _dt.datetime:
    return _dt.datetime.fromisoformat(text)


# -- leaders (点评人) ---------------------------------------------------------------
def list_leaders(meeting: Meeting) -> list[Leader]:
    """Leaders who may comment, in the order the clerk set."""
    rows = meeting.db.execute("SELECT id, position, name, title FROM leaders ORDER BY position, id").fetchall()
    return [Leader(*r) for r in rows]


def add_leader(meeting: Meeting, name: str, title: str = "") -> Leader:
    """Add a leader to the list of commenters; refuses an empty or repeated name."""
    name, title = (name or "").strip(), (title or "").strip()
    if not name:
        raise InputErrors(["点评人姓名不能为空。"])
    if any(leader.name == name for leader in list_leaders(meeting)):
        raise InputErrors([f"点评人“{name}”已在名单中。"])
    position = meeting.db.execute("SELECT coalesce(max(position), 0) + 1 FROM leaders").fetchone()[0]
    with meeting.write("增加点评人", {"name": name, "title": title}) as db:
        new_id = db["leaders"].insert({"position": position, "name": name, "title": title}).last_pk
    return next(x for x in list_leaders(meeting) if x.id == new_id)


def update_leader(meeting: Meeting, leader_id: int, name: str, title: str = "") -> Leader:
    """Change a leader's name or title (comments already recorded keep the old name)."""
    name, title = (name or "").strip(), (title or "").strip()
    if not name:
        raise InputErrors(["点评人姓名不能为空。"])
    if any(x.name == name and x.id != leader_id for x in list_leaders(meeting)):
        raise InputErrors([f"点评人“{name}”已在名单中。"])
    with meeting.write("修改点评人", {"id": leader_id, "name": name, "title": title}) as db:
        db["leaders"].update(leader_id, {"name": name, "title": title})
    return next(x for x in list_leaders(meeting) if x.id == leader_id)


def delete_leader(meeting: Meeting, leader_id: int) -> None:
    """Remove a leader from the list (their recorded comments stay)."""
    leader = next((x for x in list_leaders(meeting) if x.id == leader_id), None)
    if leader is not None:
        with meeting.write("删除点评人", {"name": leader.name}) as db:
            db.execute("DELETE FROM leaders WHERE id = ?", [leader_id])


def commenter_choices(meeting: Meeting) -> list[str]:
    """Names offered as commenter: the chair first, then the leaders."""
    chair = get_facts(meeting).chair.strip() or DEFAULT_COMMENTER
    return [chair] + [x.name for x in list_leaders(meeting) if x.name != chair]


# -- comments -----------------------------------------------------------------------
_COMMENT_COLS = "id, reporter_id, commenter, text, created_at, updated_at"


def _comment(row) -> Comment:
    return Comment(row[0], row[1], row[2], row[3], _when(row[4]), _when(row[5]))


def list_comments(meeting: Meeting, reporter_id: int | None = None, *, include_blank: bool = False) -> list[Comment]:
    """Comments (of one reporter, or all) in the order they were made; blank ones only on request."""
    sql = f"SELECT {_COMMENT_COLS} FROM comments WHERE (? IS NULL OR reporter_id = ?)"
    if not include_blank:
        sql += " AND trim(text) != ''"
    rows = meeting.db.execute(sql + " ORDER BY created_at, id", [reporter_id, reporter_id]).fetchall()
    return [_comment(r) for r in rows]


def get_comment(meeting: Meeting, comment_id: int) -> Comment:
    """One comment; refuses an unknown id."""
    row = meeting.db.execute(f"SELECT {_COMMENT_COLS} FROM comments WHERE id = ?", [comment_id]).fetchone()
    if row is None:
        raise PingyiError(f"找不到编号为 {comment_id} 的点评记录，可能已被删除。")
    return _comment(row)


def add_comment(meeting: Meeting, reporter_id: int, commenter: str | None = None, text: str = "") -> Comment:
    """Record a comment on one reporter's report; the commenter defaults to the chair."""
    reporter = get_reporter(meeting, reporter_id)
    commenter = (commenter or "").strip() or commenter_choices(meeting)[0]
    now = clock.stamp()
    record = {"reporter_id": reporter_id, "commenter": commenter, "text": text, "created_at": now, "updated_at": now}
    with meeting.write("记录点评", {"reporter": reporter.seq, "name": reporter.name, "commenter": commenter,
                                  "chars": len(text)}) as db:
        new_id = db["comments"].insert(record).last_pk
    return get_comment(meeting, new_id)


def update_comment(meeting: Meeting, comment_id: int, *, text: str | None = None,
                   commenter: str | None = None) -> Comment:
    """Change a comment's text or commenter; nothing is written when nothing changed."""
    current = get_comment(meeting, comment_id)
    changes = {}
    if text is not None and text != current.text:
        changes["text"] = text
    if commenter is not None and commenter.strip() and commenter.strip() != current.commenter:
        changes["commenter"] = commenter.strip()
    if not changes:
        return current
    detail = {"comment": comment_id, "reporter_id": current.reporter_id, "commenter": changes.get("commenter"),
              "chars": len(changes.get("text", current.text))}
    with meeting.write("修改点评", detail) as db:
        db["comments"].update(comment_id, {**changes, "updated_at": clock.stamp()})
    return get_comment(meeting, comment_id)


def delete_comment(meeting: Meeting, comment_id: int) -> None:
    """Remove a comment."""
    current = get_comment(meeting, comment_id)
    with meeting.write("删除点评", {"comment": comment_id, "commenter": current.commenter,
                                  "text": current.text[:200]}) as db:
        db.execute("DELETE FROM comments WHERE id = ?", [comment_id])


# -- problems -------------------------------------------------------------------------
_PROBLEM_COLS = "id, reporter_id, position, text, source, measure, owner, deadline"
_PROBLEM_FIELDS = {"text": "问题", "source": "来源", "measure": "整改措施", "owner": "责任人", "deadline": "完成时限"}


def _problem(row) -> Problem:
    return Problem(row[0], row[1], row[2], row[3], ProblemSource(row[4]), row[5], row[6], row[7])


def list_problems(meeting: Meeting, reporter_id: int | None = None, *, include_blank: bool = False,
                  added_later: bool = False) -> list[Problem]:
    """The problems raised at this meeting (of one reporter, or all) in their order; ones without text
    only on request; with ``added_later`` also those the 整改台账 added afterwards (``models.ledger``).

    Items carried over from last year's meeting are never this meeting's problems.
    """
    origins = "('meeting', 'ledger')" if added_later else "('meeting')"
    sql = f"SELECT {_PROBLEM_COLS} FROM problems WHERE (? IS NULL OR reporter_id = ?) AND origin IN {origins}"
    if not include_blank:
        sql += " AND trim(text) != ''"
    rows = meeting.db.execute(sql + " ORDER BY reporter_id, position, id", [reporter_id, reporter_id]).fetchall()
    return [_problem(r) for r in rows]


def get_problem(meeting: Meeting, problem_id: int) -> Problem:
    """One problem; refuses an unknown id."""
    row = meeting.db.execute(f"SELECT {_PROBLEM_COLS} FROM problems WHERE id = ?", [problem_id]).fetchone()
    if row is None:
        raise PingyiError(f"找不到编号为 {problem_id} 的问题记录，可能已被删除。")
    return _problem(row)


def _source(value) -> ProblemSource:
    try:
        return value if isinstance(value, ProblemSource) else ProblemSource.from_label(str(value))
    except ValueError:
        raise InputErrors([f"问题来源“{value}”不对，只能是自身查摆、上级点评、群众评议或考核反馈。"]) from None


def _clean(changes: dict) -> dict:
    unknown = set(changes) - set(_PROBLEM_FIELDS)
    if unknown:
        raise PingyiError(f"未知的问题字段：{', '.join(sorted(unknown))}")
    out = {k: (v or "").strip() if k != "text" else (v or "") for k, v in changes.items() if k != "source"}
    if "source" in changes:
        out["source"] = _source(changes["source"]).value
    return out


def add_problem(meeting: Meeting, reporter_id: int, text: str = "", source=ProblemSource.SUPERIOR,
                measure: str = "", owner: str = "", deadline: str = "") -> Problem:
    """Record a problem raised about one reporter, with its source and optional 整改 fields."""
    reporter = get_reporter(meeting, reporter_id)
    values = _clean({"text": text, "source": source, "measure": measure, "owner": owner, "deadline": deadline})
    position = meeting.db.execute("SELECT coalesce(max(position), 0) + 1 FROM problems WHERE reporter_id = ?",
                                  [reporter_id]).fetchone()[0]
    with meeting.write("记录问题", {"reporter": reporter.seq, "name": reporter.name, **values}) as db:
        new_id = db["problems"].insert({"reporter_id": reporter_id, "position": position, **values}).last_pk
    return get_problem(meeting, new_id)


def update_problem(meeting: Meeting, problem_id: int, **changes) -> Problem:
    """Change fields of a problem (text, source, measure, owner, deadline); no write when unchanged."""
    current = get_problem(meeting, problem_id)
    values = {k: v for k, v in _clean(changes).items()
              if v != (getattr(current, k).value if k == "source" else getattr(current, k))}
    if not values:
        return current
    with meeting.write("修改问题", {"problem": problem_id, "reporter_id": current.reporter_id, **values}) as db:
        db["problems"].update(problem_id, values)
    return get_problem(meeting, problem_id)


def delete_problem(meeting: Meeting, problem_id: int) -> None:
    """Remove a problem and close the gap in its reporter's numbering."""
    current = get_problem(meeting, problem_id)
    with meeting.write("删除问题", {"problem": problem_id, "text": current.text[:200]}) as db:
        db.execute("DELETE FROM problems WHERE id = ?", [problem_id])
        db.execute("UPDATE problems SET position = position - 1 WHERE reporter_id = ? AND position > ?",
                   [current.reporter_id, current.position])


# -- minutes ------------------------------------------------------------------------------
@dataclass(frozen=True)
class MinutesItem:
    """One agenda item as held: times, and for a report or comment item the comments made."""

    item: AgendaItem
    comments: tuple[Comment, ...] = ()

    @property
    def overtime_s(self) -> int:
        """Seconds the timer ran past the item's limit (0 when within it or no limit)."""
        if not self.item.time_limit_min:
            return 0
        return max(0, self.item.elapsed_ms // 1000 - self.item.time_limit_min * 60)


@dataclass(frozen=True)
class MinutesData:
    """Everything the 会议议程 and 会议记录 documents print."""

    facts: MeetingFacts
    rehearsal: bool
    finalized: bool
    grouped: bool
    began_at: _dt.datetime | None
    ended_at: _dt.datetime | None
    items: tuple[MinutesItem, ...]
    leaders: tuple[Leader, ...]
    lot_draws: tuple[LotDraw, ...]
    reporters: tuple[Reporter, ...]
    problems: tuple[Problem, ...]

    @property
    def recorded(self) -> bool:
        """False when nothing was recorded during the meeting (no times, no comments, no problems)."""
        return bool(self.began_at or self.problems or any(m.comments for m in self.items))


def minutes_data(meeting: Meeting) -> MinutesData:
    """The agenda with actual times, each report's comments, leaders, lot draws and problems."""
    comments = list_comments(meeting)
    items = tuple(MinutesItem(item, _said(item, comments)) for item in agenda(meeting))
    times = [t for m in items for t in (m.item.started_at, m.item.ended_at) if t]
    row = meeting.db.execute("SELECT began_at FROM run_state WHERE id = 1").fetchone()
    return MinutesData(get_facts(meeting), meeting.rehearsal, meeting.finalized, get_options(meeting).grouped,
                       _when(row[0]) if row[0] else None, max(times) if times else None, items,
                       tuple(list_leaders(meeting)), tuple(lot_draws(meeting)), tuple(list_reporters(meeting)),
                       tuple(list_problems(meeting)))


def _said(item: AgendaItem, comments: list[Comment]) -> tuple[Comment, ...]:
    """Comments on on-site reports go with their 点评 item; those on written reports with 书面述职."""
    if item.kind == "comment":
        return tuple(c for c in comments if c.reporter_id == item.reporter_id)
    if item.kind == "written":
        ids = {r.id for r in item.reporters}
        return tuple(c for c in comments if c.reporter_id in ids)
    return ()


def format_duration(seconds: int | None) -> str:
    """“8 分 05 秒”, “1 小时 02 分”; an empty string for unknown."""
    if seconds is None:
        return ""
    hours, rest = divmod(max(0, int(seconds)), 3600)
    if hours:
        return f"{hours} 小时 {rest // 60:02d} 分"
    return f"{rest // 60} 分 {rest % 60:02d} 秒" if rest >= 60 else f"{rest} 秒"

