"""The meeting facts (title, organiser, date, venue, chair, rehearsal), and whether forms are printed."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, fields, replace

from models.errors import InputErrors, PingyiError
from models.meeting import Meeting


@dataclass(frozen=True)
class MeetingFacts:
    title: str = ""
    organiser: str = ""
    date: str = ""
    venue: str = ""
    chair: str = ""
    rehearsal: bool = False
    form_title: str = "党组织书记抓基层党建工作述职评议表"
    time_limit_min: int = 8
    show_rank_in_feedback: bool = False


FACT_LABELS = {
    "title": "会议名称",
    "organiser": "主办单位",
    "date": "日期",
    "venue": "地点",
    "chair": "主持人",
    "rehearsal": "是否演练",
    "form_title": "测评表标题",
    "time_limit_min": "述职时限（分钟）",
    "show_rank_in_feedback": "反馈意见中显示排名",
}


# -- meeting facts --------------------------------------------------------
def get_facts(meeting: Meeting) -> MeetingFacts:
    """The meeting facts (title, organiser, date, venue, chair, rehearsal …)."""
    row = meeting.db.execute(
        "SELECT title, organiser, date, venue, chair, rehearsal, form_title, time_limit_min, "
        "show_rank_in_feedback FROM meeting WHERE id = 1"
    ).fetchone()
    return MeetingFacts(row[0], row[1], row[2], row[3], row[4], bool(row[5]), row[6], row[7], bool(row[8]))


def facts_faults(facts: MeetingFacts) -> dict[str, str]:
    """Field name → Chinese message, for every fact that is not acceptable."""
    faults = {}
    if facts.date:
        try:
            _dt.date.fromisoformat(facts.date)
        except ValueError:
            faults["date"] = f"日期“{facts.date}”格式不对，应为 YYYY-MM-DD，例如 2026-12-01。"
    if not isinstance(facts.time_limit_min, int) or not 1 <= facts.time_limit_min <= 120:
        faults["time_limit_min"] = "述职时限应为 1 到 120 之间的整数分钟。"
    if not facts.form_title.strip():
        faults["form_title"] = "测评表标题不能为空。"
    return faults


def set_facts(meeting: Meeting, **changes) -> MeetingFacts:
    """Change some meeting facts; refuses an unknown field or a bad value."""
    unknown = set(changes) - {f.name for f in fields(MeetingFacts)}
    if unknown:
        raise PingyiError(f"未知的会议信息字段：{', '.join(sorted(unknown))}")
    facts = replace(get_facts(meeting), **changes)
    faults = facts_faults(facts)
    if faults:
        raise InputErrors(list(faults.values()))
    with meeting.write("修改会议信息", changes) as db:
        db["meeting"].update(1, {k: int(v) if isinstance(v, bool) else v for k, v in changes.items()})
    return facts
