"""Where each reporter's materials stand: 字数, over / off the 方案's length, missing — for the screen,
``materials --json`` and the 备案材料清单."""

from __future__ import annotations

from dataclasses import dataclass

from models.meeting import Meeting
from models.setup import list_reporters

from .store import Material, list_materials
from .wordcount import report_over, self_eval_off


@dataclass(frozen=True)
class ReporterMaterials:
    """One reporter's 述职报告 and 自我评价 (None when missing) and what is flagged."""

    seq: int
    name: str
    unit: str
    title: str
    mode: str
    report: Material | None
    self_eval: Material | None

    @property
    def report_chars(self) -> int | None:
        return self.report.chars if self.report else None

    @property
    def self_eval_chars(self) -> int | None:
        return self.self_eval.chars if self.self_eval else None

    @property
    def report_over(self) -> bool:
        return self.report is not None and report_over(self.report.chars)

    @property
    def self_eval_off(self) -> bool:
        return self.self_eval is not None and self_eval_off(self.self_eval.chars)

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(k for k, m in (("report", self.report), ("self_eval", self.self_eval)) if m is None)

    def as_json(self) -> dict:
        """The pinned ``materials --json`` row."""
        return {
            "seq": self.seq,
            "name": self.name,
            "report_chars": self.report_chars,
            "report_over": self.report_over,
            "self_eval_chars": self.self_eval_chars,
            "self_eval_off": self.self_eval_off,
            "missing": list(self.missing),
        }


@dataclass(frozen=True)
class MeetingMaterials:
    """Every reporter's materials and the meeting's 书记讲话 and 会议点评."""

    reporters: tuple[ReporterMaterials, ...]
    speech: Material | None
    remarks: Material | None


def materials_status(meeting: Meeting) -> MeetingMaterials:
    """Each reporter's materials in 序号 order, and the meeting-level ones."""
    by_slot = {(m.reporter_id, m.kind): m for m in list_materials(meeting)}
    rows = tuple(
        ReporterMaterials(
            r.seq,
            r.name,
            r.unit,
            r.title,
            r.mode.long_label,
            by_slot.get((r.id, "report")),
            by_slot.get((r.id, "self_eval")),
        )
        for r in list_reporters(meeting)
    )
    return MeetingMaterials(rows, by_slot.get((None, "speech")), by_slot.get((None, "remarks")))
