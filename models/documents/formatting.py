"""Text of numbers, dates, grades and tags as every document prints them, and the page masthead."""

from __future__ import annotations

import datetime as _dt
from fractions import Fraction

from models.counting import round_half_up
from models.counting.verify import results_faults
from models.documents.types import Masthead
from models.labels import GRADE_LABELS, Mark
from models.meeting import Meeting
from models.setup import get_facts

DASH = "—"


# -- formatting -------------------------------------------------------------
def date_text(iso: str) -> str:
    """“2026年12月1日” for an ISO date; the text unchanged when it is not one."""
    try:
        day = _dt.date.fromisoformat(iso)
    except ValueError:
        return iso
    return f"{day.year}年{day.month}月{day.day}日"


_DIGITS = "〇一二三四五六七八九"


def _chinese_small(n: int) -> str:
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _DIGITS[tens] + "十")
    return head + (_DIGITS[ones] if ones or not tens else "")


def chinese_date_text(iso: str | None) -> str:
    """成文日期 in Chinese numerals, “二〇二六年十二月二十九日”; empty for no (or no valid) date."""
    try:
        day = _dt.date.fromisoformat((iso or "")[:10])
    except ValueError:
        return ""
    year = "".join(_DIGITS[int(d)] for d in str(day.year))
    return f"{year}年{_chinese_small(day.month)}月{_chinese_small(day.day)}日"


def score_text(value: Fraction | None) -> str:
    """A score rounded half-up to 2 decimals, or “—” when there is none."""
    return DASH if value is None else str(round_half_up(value, 2))


def percent_text(part: int | Fraction, whole: int | None = None) -> str:
    """A share as “12.50%” (2 decimals, half-up); “—” for a share of nothing."""
    if whole is not None:
        if not whole:
            return DASH
        part = Fraction(part, whole)
    return f"{round_half_up(Fraction(part) * 100, 2)}%"


def grade_text(grade: Mark | None) -> str:
    return GRADE_LABELS[grade] if grade is not None else DASH


# -- masthead ---------------------------------------------------------------
def masthead(meeting: Meeting) -> Masthead:
    """Meeting facts and state (rehearsal, finalised, fingerprint, chain head) for every page."""
    facts = get_facts(meeting)
    finalized, fingerprint, head, finalized_at = meeting.db.execute(
        "SELECT finalized, fingerprint, chain_head, finalized_at FROM meeting WHERE id = 1").fetchone()
    return Masthead(facts.title, facts.organiser, date_text(facts.date), facts.venue, facts.chair,
                    facts.rehearsal, bool(finalized), fingerprint, head, finalized_at if finalized else None,
                    verified=not results_faults(meeting))


def tags_text(r) -> str:
    """Short tags for a reporter's row: 差票超限, 定性为差, 比例调整, 调整等次, 书面述职, 无有效评价."""
    parts = list(r.reason_tags)
    if r.reporter.mode.value == "written":
        parts.append("书面述职")
    if r.onsite_score is None:
        parts.append("无有效评价")
    return "、".join(parts)


def notes_text(r) -> str:
    """The tags with the reasons written out (the flag reason, the override reason)."""
    parts = [tags_text(r)] if tags_text(r) else []
    if r.flag_reason:
        parts.append(f"定性为差理由：{r.flag_reason}")
    if r.override_reason:
        parts.append(f"调整理由：{r.override_reason}")
    return "；".join(parts)


def rank_text(rank: int | None, tied: bool) -> str:
    """“3”, “3（并列）” or “—” (no rank without a score)."""
    if rank is None:
        return DASH
    return f"{rank}（并列）" if tied else str(rank)
