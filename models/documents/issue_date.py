"""The feedback's 成文日期: the 定稿 date unless the clerk sets another (when the feedback goes out).

GB/T 9704 dates an official paper by the day it is signed off; the 述职评议反馈意见 often goes out
some days after the meeting.  The date the clerk sets is kept in the meeting file (``meeting.issued_on``),
so the screen, ``print`` and the filing package print the same day; setting it is an audited write,
allowed after 定稿 too, and outside the 定稿 fingerprint (it changes no figure).
"""

from __future__ import annotations

import datetime as _dt

from models.documents.formatting import chinese_date_text
from models.errors import PingyiError
from models.meeting import Meeting
from models.setup import get_facts

#: how far after the meeting a 成文日期 may lie (a typed year such as 2062 is caught)
LATEST_AFTER_MEETING = _dt.timedelta(days=366)

ACTION = "设置成文日期"


def issue_date(meeting: Meeting) -> str | None:
    """The 成文日期 the clerk set (YYYY-MM-DD), or None: the 定稿 date is printed."""
    return meeting.db.execute("SELECT issued_on FROM meeting WHERE id = 1").fetchone()[0]


def printed_issue_date(meeting: Meeting) -> str:
    """The 成文日期 the feedback prints, in Chinese numerals: the date set, else the 定稿 date; "" on a
    draft without a set date (written by hand)."""
    return chinese_date_text(issue_date(meeting) or finalized_day(meeting))


def finalized_day(meeting: Meeting) -> str | None:
    """The day of 定稿 (YYYY-MM-DD), or None while the meeting is not finalised."""
    finalized, at = meeting.db.execute("SELECT finalized, finalized_at FROM meeting WHERE id = 1").fetchone()
    return at[:10] if finalized and at else None


def check_issue_date(meeting: Meeting, value: str) -> str:
    """The date as YYYY-MM-DD, or a refusal naming what is wrong and the way out."""
    text = value.strip()
    try:
        day = _dt.date.fromisoformat(text)
    except ValueError:
        raise PingyiError(f"成文日期“{value}”格式不对，应为 YYYY-MM-DD，例如 2026-12-08。") from None
    meeting_day = _meeting_day(meeting)
    if meeting_day is not None and day < meeting_day:
        raise PingyiError(
            f"成文日期 {day.isoformat()} 早于会议日期 {meeting_day.isoformat()}：反馈意见在会后印发，"
            "请填写会议当天或以后的日期。"
        )
    if meeting_day is not None and day > meeting_day + LATEST_AFTER_MEETING:
        raise PingyiError(
            f"成文日期 {day.isoformat()} 比会议日期 {meeting_day.isoformat()} 晚一年以上，请检查年份。"
        )
    return day.isoformat()


def set_issue_date(meeting: Meeting, value: str | None) -> str | None:
    """Set the 成文日期 (None: back to the 定稿 date); an audited write, also after 定稿.  Returns it."""
    chosen = None if value is None else check_issue_date(meeting, value)
    before = issue_date(meeting)
    if chosen == before:
        return chosen
    detail = {"成文日期": chosen or "定稿日期", "原为": before or "定稿日期"}
    with meeting.write(ACTION, detail, allow_finalized=True) as db:
        db.execute("UPDATE meeting SET issued_on = ? WHERE id = 1", [chosen])
    return chosen


def _meeting_day(meeting: Meeting) -> _dt.date | None:
    try:
        return _dt.date.fromisoformat(get_facts(meeting).date)
    except ValueError:
        return None
