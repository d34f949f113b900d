"""Domain labels, defined once and shared by the UI, the PDFs and the workbooks."""

from __future__ import annotations

from enum import Enum, IntEnum


class Mark(IntEnum):
    """What one row of one ballot says; the value is also the entry key."""

    ABSTAIN = 0
    GOOD = 1
    FAIRLY_GOOD = 2
    AVERAGE = 3
    POOR = 4
    OVERMARKED = 9

    @property
    def label(self) -> str:
        return MARK_LABELS[self]

    @property
    def is_grade(self) -> bool:
        return self in GRADES


GRADES = (Mark.GOOD, Mark.FAIRLY_GOOD, Mark.AVERAGE, Mark.POOR)
GRADE_LABELS = {Mark.GOOD: "好", Mark.FAIRLY_GOOD: "较好", Mark.AVERAGE: "一般", Mark.POOR: "差"}
MARK_LABELS = {**GRADE_LABELS, Mark.ABSTAIN: "弃权", Mark.OVERMARKED: "多选"}
#: English keys used in JSON output (tally --json)
GRADE_KEYS = {Mark.GOOD: "good", Mark.FAIRLY_GOOD: "fairly_good", Mark.AVERAGE: "average", Mark.POOR: "poor"}


def grade_from_label(text: str) -> Mark:
    """The grade whose label is ``text`` (好/较好/一般/差); ValueError otherwise."""
    for mark, label in GRADE_LABELS.items():
        if label == text:
            return mark
    raise ValueError(text)


class ReportMode(str, Enum):
    ONSITE = "onsite"
    WRITTEN = "written"

    @property
    def label(self) -> str:
        return {"onsite": "现场", "written": "书面"}[self.value]

    @property
    def long_label(self) -> str:
        return {"onsite": "现场述职", "written": "书面述职"}[self.value]

    @classmethod
    def from_label(cls, text: str) -> ReportMode:
        text = (text or "").strip()
        for mode in cls:
            if text in (mode.label, mode.long_label, mode.value):
                return mode
        raise ValueError(text)


class ProblemSource(str, Enum):
    SELF = "self"
    SUPERIOR = "superior"
    MASSES = "masses"
    FEEDBACK = "feedback"

    @property
    def label(self) -> str:
        return {"self": "自身查摆", "superior": "上级点评", "masses": "群众评议", "feedback": "考核反馈"}[self.value]

    @classmethod
    def from_label(cls, text: str) -> ProblemSource:
        text = (text or "").strip()
        for src in cls:
            if text in (src.label, src.value) or (src is cls.SELF and text == "自己查摆"):
                return src
        raise ValueError(text)


#: how a ledger item carried over from last year's meeting file shows its source
CARRIED_LABEL = "上年度"


class LedgerStatus(str, Enum):
    """Where a ledger item (整改台账) stands; 逾期 is not a status but derived from the deadline."""

    TODO = "todo"
    DOING = "doing"
    DONE = "done"

    @property
    def label(self) -> str:
        return {"todo": "未开始", "doing": "整改中", "done": "已完成"}[self.value]

    @classmethod
    def from_label(cls, text: str) -> LedgerStatus:
        text = (text or "").strip()
        for status in cls:
            if text in (status.label, status.value):
                return status
        raise ValueError(text)


OVERDUE_LABEL = "逾期"


YES, NO = "是", "否"


def yes_no(value: bool) -> str:
    return YES if value else NO


def parse_yes_no(value) -> bool:
    """True/False from a bool or the text 是/否 (also 1/0, true/false); ValueError otherwise."""
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in (YES, "1", "true", "yes", "y"):
        return True
    if text in (NO, "0", "false", "no", "n"):
        return False
    raise ValueError(value)
