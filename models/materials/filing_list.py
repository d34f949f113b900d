"""备案材料清单: what the 方案 asks to file with the higher organisation within 7 days of the meeting
(述职评议考核、党组织书记讲话和点评、下一级党组织书记述职报告、考核评价等次、点评问题整改方案), each
present or missing, with the meeting date and the 备案 deadline."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from models.meeting import Meeting
from models.setup import get_facts

from .status import materials_status

FILING_DAYS = 7


@dataclass(frozen=True)
class ChecklistItem:
    name: str
    present: bool
    detail: str


@dataclass(frozen=True)
class FilingChecklist:
    """The checklist; ``reason`` is the clerk's recorded reason for filing with items missing."""

    meeting_title: str
    organiser: str
    meeting_date: str
    deadline: str
    rehearsal: bool
    official: bool
    items: tuple[ChecklistItem, ...]
    reason: str | None = None
    kind: str = "filing_list"

    @property
    def missing(self) -> tuple[ChecklistItem, ...]:
        return tuple(i for i in self.items if not i.present)


def filing_deadline(date_text: str) -> str:
    """The meeting date + 7 days as YYYY-MM-DD, or "" when the date is not a date."""
    try:
        return (_dt.date.fromisoformat((date_text or "").strip()) + _dt.timedelta(days=FILING_DAYS)).isoformat()
    except ValueError:
        return ""


def filing_checklist(meeting: Meeting, reason: str | None = None) -> FilingChecklist:
    """Each required item, present or missing, as the meeting file stands now."""
    facts = get_facts(meeting)
    status = materials_status(meeting)
    finalized = meeting.finalized
    items = (
        ChecklistItem(
            "述职评议考核结果（计票汇总表、排名表、唱票计票单）", finalized, "已定稿" if finalized else "会议尚未定稿"
        ),
        ChecklistItem("考核评价等次（确定等次）", finalized, "已定稿" if finalized else "会议尚未定稿，等次未确定"),
        _speech(status.speech),
        _remarks(meeting, status.remarks),
        _per_reporter(status.reporters, "report", "下一级党组织书记述职报告"),
        _per_reporter(status.reporters, "self_eval", "述职人自我评价"),
        _problems(meeting),
    )
    return FilingChecklist(
        facts.title,
        facts.organiser,
        facts.date,
        filing_deadline(facts.date),
        facts.rehearsal,
        finalized,
        items,
        (reason or "").strip() or None,
    )


def _speech(material) -> ChecklistItem:
    detail = f"{material.file_name}（{material.chars:,} 字）" if material else "未添加"
    return ChecklistItem("党组织书记讲话", material is not None, detail)


def _remarks(meeting: Meeting, material) -> ChecklistItem:
    comments = meeting.db.execute("SELECT count(*) FROM comments WHERE trim(text) != ''").fetchone()[0]
    parts = ([f"会议点评 {material.file_name}"] if material else []) + (
        [f"逐人点评 {comments} 条（见会议记录、反馈意见）"] if comments else []
    )
    return ChecklistItem("党组织书记点评", bool(parts), "；".join(parts) or "未添加会议点评，也未记录逐人点评")


def _per_reporter(rows, kind: str, name: str) -> ChecklistItem:
    missing = [f"{r.seq} 号 {r.name}" for r in rows if kind in r.missing]
    if not rows:
        return ChecklistItem(name, False, "尚未录入述职人")
    detail = f"{len(rows) - len(missing)}/{len(rows)} 份" + (f"；缺：{'、'.join(missing)}" if missing else "")
    return ChecklistItem(name, not missing, detail)


def _problems(meeting: Meeting) -> ChecklistItem:
    count = meeting.db.execute("SELECT count(*) FROM problems").fetchone()[0]
    return ChecklistItem(
        "点评问题整改方案（整改清单）", count > 0, f"已记录问题 {count} 条（见整改清单）" if count else "未记录任何问题"
    )
