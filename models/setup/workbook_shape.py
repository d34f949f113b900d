"""What the setup workbook (准备表) holds: its sheets, their columns, and the rows read from them.

Shared by the reader (``workbook_read``), the writer (``workbook_write``) and the operations (``workbook``).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from models.labels import ReportMode
from models.setup import MeetingFacts, Rules

FACTS, ROSTER, CATEGORIES, ITEMS, RULES, COMPONENTS, NOTE = (
    "会议信息",
    "述职人",
    "测评人类别",
    "测评项目",
    "计分规则",
    "评价构成",
    "说明",
)
SHEETS = (FACTS, ROSTER, CATEGORIES, ITEMS, RULES, COMPONENTS)
ROSTER_COLUMNS = ("序号", "姓名", "单位", "职务", "述职方式", "述职顺序")
#: optional roster column, written only when some reporter has a time limit of their own
TIME_LIMIT_COLUMN = "述职时限（分钟）"
CATEGORY_COLUMNS = ("代码", "名称", "权重", "发出票数")
ITEM_COLUMNS = ("序号", "名称", "是否总体评价")
COMPONENT_COLUMNS = ("名称", "权重")
FACT_COLUMNS = ("项目", "内容")
RULE_COLUMNS = ("项目", "值")
COLUMNS = {
    ROSTER: ROSTER_COLUMNS,
    CATEGORIES: CATEGORY_COLUMNS,
    ITEMS: ITEM_COLUMNS,
    COMPONENTS: COMPONENT_COLUMNS,
    FACTS: FACT_COLUMNS,
    RULES: RULE_COLUMNS,
}
#: columns a sheet cannot do without; the others fall back to their defaults when absent
REQUIRED = {
    ROSTER: ("序号", "姓名"),
    CATEGORIES: ("代码", "名称", "权重"),
    ITEMS: ITEM_COLUMNS,
    COMPONENTS: COMPONENT_COLUMNS,
    FACTS: FACT_COLUMNS,
    RULES: RULE_COLUMNS,
}


# -- what a workbook says ---------------------------------------------------------
@dataclass(frozen=True)
class RosterRow:
    seq: int
    name: str
    unit: str = ""
    title: str = ""
    mode: ReportMode = ReportMode.ONSITE
    speak_order: int = 0
    time_limit_min: int | None = None
    #: (component name, score) for each non-blank score cell, sorted by name
    scores: tuple[tuple[str, Decimal], ...] = ()


@dataclass(frozen=True)
class CategoryRow:
    code: str
    name: str
    weight: Decimal = Decimal(1)
    issued: int = 0


@dataclass(frozen=True)
class ItemRow:
    seq: int
    name: str
    is_overall: bool = False


@dataclass(frozen=True)
class ComponentRow:
    name: str
    weight: Decimal


@dataclass(frozen=True)
class SetupData:
    """A meeting's whole setup.  ``None`` = the sheet is absent: the meeting keeps what it has."""

    reporters: tuple[RosterRow, ...]
    #: components that have a score column in 述职人 (their scores are replaced on import)
    score_columns: tuple[str, ...] = ()
    facts: MeetingFacts | None = None
    categories: tuple[CategoryRow, ...] | None = None
    items: tuple[ItemRow, ...] | None = None
    rules: Rules | None = None
    components: tuple[ComponentRow, ...] | None = None
