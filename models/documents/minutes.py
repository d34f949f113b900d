"""Data of the 会议议程 and the 会议记录, from the meeting-run API (``models.run.minutes.minutes_data``)."""

from __future__ import annotations

from models.documents.formatting import date_text, masthead
from models.documents.types import AgendaData, AgendaLine, CommentLine, MinutesData, MinutesSection, ProblemLine
from models.meeting import Meeting

NOT_HELD = "会议尚未开始，实际开始、结束时间尚未记录。"
NOTHING_RECORDED = ("本会议未在 Pingyi 中记录会议进行情况（实际时间、点评和问题均无记录）："
                    "会议尚未召开，或会议进行时未使用“会议进行”功能。")


#: what the person named under a minutes section did
ROLES = {"opening": "主持人：", "closing": "讲话人：", "report": "述职人：", "comment": "点评对象：",
         "written": "书面述职人："}


def _clock(moment) -> str:
    return f"{moment:%H:%M}" if moment else ""


def _who(reporter) -> str:
    extra = "　".join(x for x in (reporter.unit, reporter.title) if x)
    return f"{reporter.name}（{extra}）" if extra else reporter.name


def _speaker(item, chair: str) -> str:
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


def agenda_data(meeting: Meeting) -> AgendaData:
    """The agenda in speaking order with time limits and, once held, actual times and durations."""
    from models.run.minutes import format_duration, minutes_data

    run = minutes_data(meeting)
    chair = run.facts.chair
    rows = tuple(
        AgendaLine(item.position, _heading(m.item), _speaker(item, chair),
                   f"{item.time_limit_min} 分钟" if item.time_limit_min else "",
                   _clock(item.started_at), _clock(item.ended_at), format_duration(item.duration_s))
        for m in run.items for item in (m.item,)
    )
    held = any(item.item.started_at for item in run.items)
    return AgendaData(masthead(meeting), rows, "" if held else NOT_HELD)


def minutes_doc_data(meeting: Meeting) -> MinutesData:
    """The 会议记录: facts, then each agenda item with its times, comments and the problems raised."""
    from models.run.minutes import minutes_data

    run = minutes_data(meeting)
    if not run.recorded:
        return MinutesData(masthead(meeting), _facts(run), (), NOTHING_RECORDED)
    sections = tuple(_section(m, run) for m in run.items)
    return MinutesData(masthead(meeting), _facts(run), sections, "")


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
    return tuple((k, v or "—") for k, v in lines)


def _section(m, run) -> MinutesSection:
    from models.run.minutes import format_duration

    item = m.item
    times = ""
    if item.started_at:
        times = f"{_clock(item.started_at)}—{_clock(item.ended_at)}"
        times += f"（用时 {format_duration(item.duration_s)}）" if item.duration_s is not None else ""
    ids = {item.reporter_id} if item.kind == "comment" else {r.id for r in item.reporters}
    problems = tuple(ProblemLine(p.position, p.text, p.source.label) for p in run.problems if p.reporter_id in ids)
    comments = tuple(CommentLine(c.commenter, c.text) for c in m.comments)
    speaker = _speaker(item, run.facts.chair)
    role = ROLES.get(item.kind, "")
    return MinutesSection(_heading(item), f"{role}{speaker}" if speaker else "", times, comments, problems)
