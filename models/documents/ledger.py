"""The data of the 整改台账 (every item of every reporter) and of the 整改落实情况通报 as of a date.

As of a date D an item counts as 已完成 when it was completed on or before D; otherwise as 逾期
when its deadline lies before D, else as 正在整改.  The three add up to the items counted.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from models.documents.formatting import date_text, masthead, percent_text
from models.documents.types import Masthead
from models.labels import OVERDUE_LABEL
from models.ledger import LedgerItem, list_items, today
from models.meeting import Meeting
from models.setup import list_reporters


@dataclass(frozen=True)
class LedgerLine:
    seq: int
    reporter: str
    unit: str
    no: int
    source: str
    problem: str
    measure: str
    owner: str
    due: str
    status: str
    progress: str
    done: str
    overdue: bool


@dataclass(frozen=True)
class LedgerData:
    """整改台账: one line per item, reporters in 序号 order; counts per status on ``as_of``."""

    head: Masthead
    as_of: str
    as_of_text: str
    lines: tuple[LedgerLine, ...]
    counts: tuple[tuple[str, int], ...]
    kind: str = "ledger"


@dataclass(frozen=True)
class ProgressRow:
    seq: int
    reporter: str
    unit: str
    total: int
    done: int
    doing: int
    overdue: int
    rate: str


@dataclass(frozen=True)
class OverdueLine:
    seq: int
    reporter: str
    unit: str
    problem: str
    source: str
    due: str
    owner: str
    latest: str


@dataclass(frozen=True)
class ProgressData:
    """整改落实情况通报 as of a date: per reporter the counts, the overdue items listed."""

    head: Masthead
    as_of: str
    as_of_text: str
    rows: tuple[ProgressRow, ...]
    total: ProgressRow
    overdue: tuple[OverdueLine, ...]
    summary: str
    kind: str = "progress"


def _day(as_of) -> _dt.date:
    from models.ledger import parse_date

    return today() if as_of in (None, "") else parse_date(as_of, "通报日期")


def _status_text(item: LedgerItem, day: _dt.date) -> str:
    return f"{item.status.label}\n（{OVERDUE_LABEL}）" if item.overdue(day) else item.status.label


def _progress_text(item: LedgerItem, day: _dt.date) -> str:
    return "\n".join(f"{p.date} {p.text}" for p in item.progress if p.date <= day.isoformat())


def ledger_data(meeting: Meeting, as_of=None) -> LedgerData:
    """整改台账 for every reporter, statuses (逾期 included) as of ``as_of`` (default today)."""
    day = _day(as_of)
    lines, numbers = [], {}
    for item in list_items(meeting):
        numbers[item.reporter_id] = numbers.get(item.reporter_id, 0) + 1
        lines.append(
            LedgerLine(
                item.seq,
                item.reporter,
                item.unit,
                numbers[item.reporter_id],
                item.source_label,
                item.problem,
                item.measure,
                item.owner,
                item.due,
                _status_text(item, day),
                _progress_text(item, day),
                item.done,
                item.overdue(day),
            )
        )
    counts = _counts(list_items(meeting), day)
    return LedgerData(masthead(meeting), day.isoformat(), date_text(day.isoformat()), tuple(lines), counts)


def _counts(items: list[LedgerItem], day: _dt.date) -> tuple[tuple[str, int], ...]:
    done = sum(i.done_by(day) for i in items)
    overdue = sum(i.overdue(day) for i in items)
    return (("问题", len(items)), ("已完成", done), ("正在整改", len(items) - done - overdue), ("逾期未完成", overdue))


def progress_data(meeting: Meeting, as_of=None) -> ProgressData:
    """整改落实情况通报 as of ``as_of`` (default today): counts per reporter, overdue items listed."""
    day = _day(as_of)
    items = list_items(meeting)
    rows = []
    for rep in list_reporters(meeting):
        mine = [i for i in items if i.reporter_id == rep.id]
        if mine:
            rows.append(_row(rep.seq, rep.name, rep.unit, mine, day))
    total = _row(0, "合计", "", items, day)
    overdue = tuple(
        OverdueLine(i.seq, i.reporter, i.unit, i.problem, i.source_label, date_text(i.due), i.owner, _latest(i, day))
        for i in items
        if i.overdue(day)
    )
    return ProgressData(
        masthead(meeting),
        day.isoformat(),
        date_text(day.isoformat()),
        tuple(rows),
        total,
        overdue,
        _summary(total, len(rows), date_text(day.isoformat())),
    )


def _row(seq: int, name: str, unit: str, items: list[LedgerItem], day: _dt.date) -> ProgressRow:
    done = sum(i.done_by(day) for i in items)
    overdue = sum(i.overdue(day) for i in items)
    return ProgressRow(
        seq, name, unit, len(items), done, len(items) - done - overdue, overdue, percent_text(done, len(items))
    )


def _latest(item: LedgerItem, day: _dt.date) -> str:
    shown = [p for p in item.progress if p.date <= day.isoformat()]
    return f"{date_text(shown[-1].date)}：{shown[-1].text}" if shown else "未报送进展"


def _summary(total: ProgressRow, units: int, when: str) -> str:
    if not total.total:
        return f"截至{when}，整改台账中尚无问题。"
    text = (
        f"截至{when}，{units}名述职人共列入整改台账问题{total.total}个，已完成整改{total.done}个，"
        f"正在整改{total.doing}个，逾期未完成{total.overdue}个，整改完成率{total.rate}。"
    )
    return text


# -- 上年度 beside this year (feedback, ranking, 整改清单) ---------------------------------------
def previous_text(meeting: Meeting, reporter_id: int, *, with_rank: bool = True) -> str:
    """“上年度：得分 91.89，等次 好，排名第 3 位” from the carried-over file; "" when none."""
    from models.ledger.carry import previous_results
    from models.setup import get_reporter

    result = previous_results(meeting).get(reporter_id)
    if result is None:
        return ""
    rank = f"，排名第 {result.rank} 位" if with_rank and result.rank not in ("", "—") else ""
    who = "" if result.name == get_reporter(meeting, reporter_id).name else f"（{result.name}同志任内）"
    return f"上年度{who}：得分 {result.score}，等次 {result.grade}{rank}"


def previous_item_lines(meeting: Meeting, reporter_id: int) -> tuple[str, ...]:
    """Last year's problems of this reporter as they stood on the meeting's date (today without one):
    what the meeting checks, and what a feedback sheet printed then still says when the ledger moves on."""
    from models.ledger import read_date
    from models.setup import get_facts

    day = read_date(get_facts(meeting).date) or today()
    lines = []
    for item in list_items(meeting, reporter_id, carried=True):
        shown = [p for p in item.progress if p.date <= day.isoformat()]
        if item.done_by(day):
            state = f"已完成（{date_text(item.done)}）" if item.done else "已完成"
        elif shown:
            state = f"整改中（最新进展：{shown[-1].text}）"
        else:
            state = "未开始"
        lines.append(f"{item.problem}——{state}" + ("，已逾期" if item.overdue(day) else ""))
    return tuple(lines)


def status_texts(meeting: Meeting, reporter_id: int) -> dict[int, str]:
    """Problem id → its status for the 整改清单's 完成情况 (empty while 未开始: the blank is filled by hand)."""
    out = {}
    for item in list_items(meeting, reporter_id, carried=False):
        shown = item.status_label() if item.status.value != "todo" else ""
        out[item.id] = shown + (f"\n{date_text(item.done)}" if item.done else "")
    return out
