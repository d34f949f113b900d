"""Data of the 会议议程 and the 会议记录, from the meeting-run API (``models.run.minutes.minutes_data``).

Official papers never speak of the software or of a meeting “not yet held”: a part with nothing
recorded is left out (times) or reads “无”.
"""

from __future__ import annotations

from models.documents.formatting import date_text, masthead
from models.documents.types import (
    AgendaData,
    AgendaLine,
    CommentLine,
    MinutesData,
    MinutesSection,
    ProblemLine,
    ReporterNotes,
)
from models.meeting import Meeting

#: a draft agenda before the meeting (an official one leaves the time columns empty, silently)
NOT_HELD = "实际开始、结束时间在会议进行时记录。"

#: what the person named under a minutes section did
ROLES = {"opening": "主持人：", "closing": "讲话人：", "report": "述职人：", "comment": "点评人：",
         "written": "书面述职人："}


def _clock(moment) -> str:
    return f"{moment:%H:%M}" if moment else ""


def _who(reporter) -> str:
    extra = "　".join(x for x in (reporter.unit, reporter.title) if x)
    return f"{reporter.name}（{extra}）" if extra else reporter.name


def _commenters(m) -> str:
    return "、".join(dict.fromkeys(c.commenter for c in m.comments if c.commenter))


def _speaker(m, chair: str) -> str:
    item = m.item
    if item.kind == "comment":
        return _commenters(m)
    if item.reporter is not None:
        return _who(item.reporter)
    if item.kind == "written":
        return "、".join(r.name for r in item.reporters)
    if item.kind in ("opening", "closing"):
        return chair
    return ""


def _heading(item) -> str:
    renamed = item.default_title and item.title != item.default_title
    return item.title if renamed or item.kind not in ("report", "comment") else item.heading


def _duration(m) -> str:
    from models.run.minutes import format_duration

    text = format_duration(m.item.duration_s)
    if text and m.overtime_s:
        text += f"（超时 {format_duration(m.overtime_s)}）"
    return text


def agenda_data(meeting: Meeting) -> AgendaData:
    """The agenda in speaking order with time limits and, once held, actual times and durations."""
    from models.run.minutes import minutes_data

    run = minutes_data(meeting)
    chair = run.facts.chair
    rows = tuple(
        AgendaLine(m.item.position, _heading(m.item), _speaker(m, chair),
                   f"{m.item.time_limit_min} 分钟" if m.item.time_limit_min else "",
                   _clock(m.item.started_at), _clock(m.item.ended_at), _duration(m))
        for m in run.items
    )
    held = any(m.item.started_at for m in run.items)
    head = masthead(meeting)
    return AgendaData(head, rows, "" if held or head.finalized else NOT_HELD)


def minutes_doc_data(meeting: Meeting) -> MinutesData:
    """The 会议记录: facts with attendance and ballot figures, then each agenda item with its times,
    comments (by named commenters) and the problems raised."""
    from models.run.minutes import minutes_data

    run = minutes_data(meeting)
    sections = tuple(_section(m, run) for m in run.items)
    return MinutesData(masthead(meeting), _facts(run) + _ballot_facts(meeting), sections, "")


def _facts(run) -> tuple[tuple[str, str], ...]:
    facts = run.facts
    when = date_text(facts.date)
    if run.began_at:
        when += f"　{_clock(run.began_at)}—{_clock(run.ended_at)}"
    onsite = sum(1 for r in run.reporters if r.mode.value == "onsite")
    lines = [("会议名称", facts.title), ("时间", when), ("地点", facts.venue), ("主持人", facts.chair),
             ("述职人", f"{len(run.reporters)} 人（现场述职 {onsite} 人，书面述职 {len(run.reporters) - onsite} 人）"),
             ("点评人", "、".join(x.label for x in run.leaders) or facts.chair)]
    if run.lot_draws:
        draw = run.lot_draws[-1]
        lines.append(("述职顺序", f"{draw.at:%H:%M} 抽签确定：{'、'.join(draw.names)}"))
    return tuple((k, v or "无") for k, v in lines)


def _ballot_facts(meeting: Meeting) -> tuple[tuple[str, str], ...]:
    """参加测评 (attendance by evaluator category) and the 测评 figures 发出/收回/有效/废票."""
    from models.counting import compute_tally

    cats = compute_tally(meeting).categories
    if not cats:
        return ()
    attend = "；".join(f"{c.code}票 {c.name} {c.issued} 人" for c in cats)
    issued, returned = sum(c.issued for c in cats), sum(c.returned for c in cats)
    valid, void = sum(c.valid for c in cats), sum(c.void for c in cats)
    figures = f"发出 {issued} 张，收回 {returned} 张，有效 {valid} 张，废票 {void} 张"
    if returned > valid + void:  # entered but not (yet) counted: the figures still add up
        figures += f"，待核对 {returned - valid - void} 张"
    return (("参加测评", f"{attend}（共 {issued} 人）"), ("测评票数", figures))


def _times(item, m) -> str:
    from models.run.minutes import format_duration

    if not item.started_at:
        return ""
    times = f"{_clock(item.started_at)}—{_clock(item.ended_at)}"
    if item.duration_s is not None:
        times += f"（用时 {format_duration(item.duration_s)}"
        times += f"，超时 {format_duration(m.overtime_s)}）" if m.overtime_s else "）"
    return times


def _problems(run, ids) -> tuple[ProblemLine, ...]:
    return tuple(ProblemLine(p.position, p.text, p.source.label) for p in run.problems if p.reporter_id in ids)


def _section(m, run) -> MinutesSection:
    item = m.item
    comments = tuple(CommentLine(c.commenter, c.text) for c in m.comments)
    speaker = _speaker(m, run.facts.chair)
    role = ROLES.get(item.kind, "")
    heading, speaker, times = _heading(item), f"{role}{speaker}" if speaker else "", _times(item, m)
    if item.kind == "written":
        notes = tuple(ReporterNotes(r.name, tuple(c for c in comments if _by(m, c, r.id)), _problems(run, {r.id}))
                      for r in item.reporters)
        return MinutesSection(heading, speaker, times, (), (), tuple(n for n in notes if n.comments or n.problems))
    ids = {item.reporter_id} if item.kind == "comment" else {r.id for r in item.reporters}
    return MinutesSection(heading, speaker, times, comments, _problems(run, ids))


def _by(m, line: CommentLine, reporter_id: int) -> bool:
    return any(c.reporter_id == reporter_id and c.text == line.text and c.commenter == line.commenter
               for c in m.comments)
