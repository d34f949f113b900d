"""Ledger items: every problem of the meeting (the ``problems`` table) followed through the year.

Writes go through ``ledger_write``: one transaction with its audit row in the meeting's chain,
allowed after 定稿 (the results stay locked; none of these fields is in the fingerprint).
"""

from __future__ import annotations

import datetime as _dt
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass

from models.errors import InputErrors, PingyiError
from models.labels import CARRIED_LABEL, OVERDUE_LABEL, LedgerStatus, ProblemSource
from models.ledger.dates import parse_date, read_date, today
from models.meeting import Meeting
from models.setup import get_reporter, reporter_by_seq

#: every ledger write's audit action starts with this
ACTION_PREFIX = "整改台账："


@dataclass(frozen=True)
class Progress:
    id: int
    date: str
    text: str


@dataclass(frozen=True)
class CarriedFrom:
    """The last-year meeting file an item came from (its SHA-256 and 定稿 fingerprint)."""

    id: int
    file_name: str
    file_sha256: str
    fingerprint: str | None
    title: str
    date: str


@dataclass(frozen=True)
class LedgerItem:
    id: int
    reporter_id: int
    seq: int
    reporter: str
    unit: str
    position: int
    source: ProblemSource
    problem: str
    measure: str
    owner: str
    due: str
    status: LedgerStatus
    done: str
    evidence: str
    progress: tuple[Progress, ...] = ()
    carried_from: CarriedFrom | None = None

    @property
    def source_label(self) -> str:
        """自身查摆 … 考核反馈, or 上年度 for an item carried over from last year."""
        return CARRIED_LABEL if self.carried_from else self.source.label

    @property
    def due_date(self) -> _dt.date | None:
        return read_date(self.due)

    def done_by(self, day: _dt.date) -> bool:
        """Completed on or before ``day``."""
        done = read_date(self.done)
        return self.status is LedgerStatus.DONE and (done is None or done <= day)

    def overdue(self, day: _dt.date | None = None) -> bool:
        """逾期: past its deadline on ``day`` (default today) and not completed by then."""
        day = day or today()
        due = self.due_date
        return due is not None and due < day and not self.done_by(day)

    def status_label(self, day: _dt.date | None = None) -> str:
        """未开始 / 整改中 / 已完成, with “（逾期）” when overdue."""
        return self.status.label + (f"（{OVERDUE_LABEL}）" if self.overdue(day) else "")

    def as_json(self, day: _dt.date | None = None) -> dict:
        carried = self.carried_from
        return {
            "id": self.id,
            "seq": self.seq,
            "reporter": self.reporter,
            "source": self.source_label,
            "problem": self.problem,
            "measure": self.measure,
            "owner": self.owner,
            "due": self.due,
            "status": self.status.label,
            "overdue": self.overdue(day),
            "progress": [{"date": p.date, "text": p.text} for p in self.progress],
            "done": self.done,
            "carried_from": None
            if carried is None
            else {
                "file": carried.file_name,
                "sha256": carried.file_sha256,
                "fingerprint": carried.fingerprint,
                "meeting": carried.title,
                "date": carried.date,
                "source": self.source.label,
            },
        }


@contextmanager
def ledger_write(meeting: Meeting, action: str, detail: dict):
    """A ledger write: one transaction and audit row, allowed after 定稿."""
    with meeting.write(ACTION_PREFIX + action, detail, allow_finalized=True) as db:
        yield db


_COLS = (
    "p.id, p.reporter_id, r.seq, r.name, r.unit, p.position, p.source, p.text, p.measure, p.owner, "
    "p.deadline, p.status, p.done, p.evidence, p.carried_from"
)


def list_items(meeting: Meeting, reporter_id: int | None = None, *, carried: bool | None = None) -> list[LedgerItem]:
    """Ledger items (of one reporter, or all) by 序号 then position; ``carried`` picks last year's or this."""
    sql = (
        f"SELECT {_COLS} FROM problems p JOIN reporters r ON r.id = p.reporter_id "
        "WHERE trim(p.text) != '' AND (? IS NULL OR p.reporter_id = ?)"
    )
    if carried is not None:
        sql += " AND p.carried_from IS " + ("NOT NULL" if carried else "NULL")
    rows = meeting.db.execute(
        sql + " ORDER BY r.seq, p.carried_from IS NULL, p.position, p.id", [reporter_id, reporter_id]
    ).fetchall()
    progress = _progress(meeting)
    sources = _carried_meetings(meeting)
    return [
        LedgerItem(
            *row[:6],
            ProblemSource(row[6]),
            *row[7:11],
            LedgerStatus(row[11]),
            row[12],
            row[13],
            progress.get(row[0], ()),
            sources.get(row[14]),
        )
        for row in rows
    ]


def get_item(meeting: Meeting, item_id) -> LedgerItem:
    """One ledger item; refuses an unknown id."""
    try:
        item_id = int(item_id)
    except (TypeError, ValueError):
        raise PingyiError(f"台账编号“{item_id}”不是数字。请用 ledger list 查看编号。") from None
    found = [i for i in list_items(meeting) if i.id == item_id]
    if not found:
        raise PingyiError(f"台账中没有编号为 {item_id} 的问题。请用 ledger list 查看编号。")
    return found[0]


def _progress(meeting: Meeting) -> dict[int, tuple[Progress, ...]]:
    out: dict[int, list[Progress]] = {}
    for pid, row_id, date, text in meeting.db.execute(
        "SELECT problem_id, id, date, text FROM problem_progress ORDER BY problem_id, date, id"
    ):
        out.setdefault(pid, []).append(Progress(row_id, date, text))
    return {k: tuple(v) for k, v in out.items()}


def _carried_meetings(meeting: Meeting) -> dict[int, CarriedFrom]:
    rows = meeting.db.execute(
        "SELECT id, file_name, file_sha256, fingerprint, title, date FROM carried_meetings"
    ).fetchall()
    return {r[0]: CarriedFrom(*r) for r in rows}


def status_counts(items: list[LedgerItem], day: _dt.date | None = None) -> dict[str, int]:
    """How many items are 未开始 / 整改中 / 已完成, and how many of them 逾期 (on ``day``)."""
    counts = Counter(i.status.label for i in items)
    out = {s.label: counts.get(s.label, 0) for s in LedgerStatus}
    out[OVERDUE_LABEL] = sum(i.overdue(day) for i in items)
    return out


# -- changes ------------------------------------------------------------------------
def source_from(text) -> ProblemSource:
    """The source named by ``text``; refuses anything but the four sources."""
    try:
        return text if isinstance(text, ProblemSource) else ProblemSource.from_label(str(text))
    except ValueError:
        names = "、".join(s.label for s in ProblemSource)
        raise InputErrors([f"问题来源“{text}”不对，只能是{names}。"]) from None


def status_from(text) -> LedgerStatus:
    """The status named by ``text``; refuses anything but 未开始 / 整改中 / 已完成."""
    try:
        return text if isinstance(text, LedgerStatus) else LedgerStatus.from_label(str(text))
    except ValueError:
        names = "、".join(s.label for s in LedgerStatus)
        raise InputErrors([f"整改状态“{text}”不对，只能是{names}（逾期由完成时限自动判断）。"]) from None


def add_item(
    meeting: Meeting, seq: int, source, problem: str, measure: str = "", owner: str = "", due: str = ""
) -> LedgerItem:
    """A problem added to the ledger after the meeting (e.g. 考核反馈); returns the new item."""
    reporter = reporter_by_seq(meeting, seq)
    problem = (problem or "").strip()
    if not problem:
        raise InputErrors(["问题内容不能为空。请用 --problem 写明问题。"])
    values = {
        "text": problem,
        "source": source_from(source).value,
        "measure": (measure or "").strip(),
        "owner": (owner or "").strip(),
        "deadline": _due(due),
    }
    position = meeting.db.execute(
        "SELECT coalesce(max(position), 0) + 1 FROM problems WHERE reporter_id = ?", [reporter.id]
    ).fetchone()[0]
    with ledger_write(meeting, "增加问题", {"seq": reporter.seq, "name": reporter.name, **values}) as db:
        row = {"reporter_id": reporter.id, "position": position, "origin": "ledger", **values}
        new_id = db["problems"].insert(row).last_pk
    return get_item(meeting, new_id)


def _due(text) -> str:
    text = str(text or "").strip()
    return parse_date(text, "完成时限").isoformat() if text else ""


@dataclass(frozen=True)
class Change:
    """What ``set_item`` may change; None leaves a field as it is."""

    status: object = None
    measure: str | None = None
    owner: str | None = None
    due: str | None = None
    done: str | None = None
    evidence: str | None = None
    progress: str | None = None
    progress_date: str | None = None


def planned_values(item: LedgerItem, change: Change) -> tuple[dict, tuple[str, str] | None]:
    """The column values ``change`` makes differ from ``item``, and a new progress entry (or None).

    Refuses bad statuses and dates (InputErrors).  A completion date means 已完成; 已完成 without one
    is completed today; a status other than 已完成 clears the completion date; progress on an item
    not started puts it 整改中.
    """
    values: dict = {}
    for field, column in (("measure", "measure"), ("owner", "owner"), ("evidence", "evidence")):
        new = getattr(change, field)
        if new is not None and new.strip() != getattr(item, field):
            values[column] = new.strip()
    if change.due is not None and _due(change.due) != item.due and read_date(change.due) != item.due_date:
        values["deadline"] = _due(change.due)
    status = status_from(change.status) if change.status not in (None, "") else None
    entry = None
    if change.progress is not None and change.progress.strip():
        day = parse_date(change.progress_date or today().isoformat(), "进展日期", not_after_today=True)
        entry = (day.isoformat(), change.progress.strip())
        if entry in {(p.date, p.text) for p in item.progress}:
            entry = None  # the same entry again changes nothing
    if change.done not in (None, ""):
        done = parse_date(change.done, "完成日期", not_after_today=True).isoformat()
        if status not in (None, LedgerStatus.DONE):
            raise InputErrors([f"填写了完成日期 {done}，状态却是“{status.label}”。已完成的问题请把状态写作已完成。"])
        status = LedgerStatus.DONE
        values["done"] = done
    if entry is not None and status is None and item.status is LedgerStatus.TODO:
        status = LedgerStatus.DOING
    if status is LedgerStatus.DONE and "done" not in values and not item.done:
        values["done"] = today().isoformat()
    if status is not None and status is not LedgerStatus.DONE and item.done:
        values["done"] = ""
    if status is not None and status is not item.status:
        values["status"] = status.value
    if values.get("done") == item.done:
        values.pop("done")
    return values, entry


def set_item(meeting: Meeting, item_id, change: Change) -> LedgerItem:
    """Change a ledger item (status, measure, owner, deadline, completion, evidence, new progress).

    Nothing is written when nothing differs; bad input is refused and nothing is stored.
    """
    item = get_item(meeting, item_id)
    values, entry = planned_values(item, change)
    if not values and entry is None:
        return item
    with ledger_write(meeting, "修改问题", _detail(item, values, entry)) as db:
        apply_values(db, item.id, values, entry)
    return get_item(meeting, item.id)


def apply_values(db, item_id: int, values: dict, entry: tuple[str, str] | None) -> None:
    """Store planned values inside the caller's ledger write."""
    if values:
        db["problems"].update(item_id, values)
    if entry is not None:
        db["problem_progress"].insert({"problem_id": item_id, "date": entry[0], "text": entry[1]})


def _detail(item: LedgerItem, values: dict, entry) -> dict:
    detail = {"item": item.id, "seq": item.seq, **values}
    if entry is not None:
        detail["progress"] = {"date": entry[0], "text": entry[1][:200]}
    return detail


def delete_progress(meeting: Meeting, progress_id: int) -> None:
    """Remove one progress entry (a mistake); the removal is audited."""
    row = meeting.db.execute(
        "SELECT problem_id, date, text FROM problem_progress WHERE id = ?", [progress_id]
    ).fetchone()
    if row is None:
        raise PingyiError(f"找不到编号为 {progress_id} 的整改进展。")
    with ledger_write(meeting, "删除进展", {"item": row[0], "date": row[1], "text": row[2][:200]}) as db:
        db.execute("DELETE FROM problem_progress WHERE id = ?", [progress_id])


def delete_item(meeting: Meeting, item_id, reason: str) -> LedgerItem:
    """Remove a problem added to the ledger after the meeting by mistake; returns what was removed.

    Only items added afterwards (origin ``ledger``: 考核反馈 and the like) can be removed, before or
    after 定稿; the audit row keeps every field, the progress count and the clerk's reason.  A problem
    raised at the meeting belongs to the meeting's record (minutes, feedback sheet): before 定稿 it is
    changed on the 会议进行 screen, after 定稿 it is locked with the results.  An item carried over
    from last year is never removed here: that would hide an unfinished 整改 from the 通报.
    The other items keep their numbers (no renumbering).
    """
    item = get_item(meeting, item_id)
    reason = (reason or "").strip()
    if not reason:
        raise InputErrors(["删除台账问题须写明理由（如“误加”“与第 2 个问题重复”），理由记入审计日志。"])
    refusal = delete_refusal(meeting, item)
    if refusal:
        raise PingyiError(refusal)
    detail = {"item": item.id, "seq": item.seq, "name": item.reporter, "source": item.source.label,
              "problem": item.problem[:200], "measure": item.measure, "owner": item.owner, "due": item.due,
              "status": item.status.label, "done": item.done, "evidence": item.evidence[:200],
              "progress": len(item.progress), "reason": reason[:200]}
    with ledger_write(meeting, "删除问题", detail) as db:
        db.execute("DELETE FROM problems WHERE id = ?", [item.id])  # its progress goes with it (ON DELETE CASCADE)
    return item


def delete_refusal(meeting: Meeting, item: LedgerItem) -> str | None:
    """Why ``item`` cannot be deleted (one sentence with the way out), or None when it can."""
    origin = meeting.db.execute("SELECT origin FROM problems WHERE id = ?", [item.id]).fetchone()[0]
    what = f"台账问题 {item.id}（{item.seq} {item.reporter}：{_short(item.problem)}）"
    if origin == "meeting" and meeting.finalized:
        return (f"{what}是会上提出的问题，已随测评结果定稿锁定，不能删除。"
                "不再需要整改的，请把整改状态改为已完成，并在整改进展中说明。")
    if origin == "meeting":
        return f"{what}是会上提出的问题，属于会议记录和反馈意见；请在“会议进行”中修改或删除。"
    if origin == "carried":
        return (f"{what}是从上年度会议转入的问题，不能删除（删除会让未完成的整改从通报中消失）。"
                "已整改的，请把整改状态改为已完成。")
    return None


def _short(text: str, limit: int = 20) -> str:
    return text if len(text) <= limit else text[:limit] + "……"


def reporter_items(meeting: Meeting, reporter_id: int, *, carried: bool | None = None) -> list[LedgerItem]:
    """One reporter's items (refuses an unknown reporter)."""
    get_reporter(meeting, reporter_id)
    return list_items(meeting, reporter_id, carried=carried)
