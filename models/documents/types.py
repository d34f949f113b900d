"""The plain, frozen data each printed document needs (built in document_data, laid out in printing/).

Every number is already formatted for the page here, so the renderers only lay text out.
``data_digest`` hashes one document's data; the PDF carries it and ``verify --document``
recomputes it from the meeting file.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass

#: document kind → Chinese name (also the PDF title and the file name in the filing package)
DOCUMENT_NAMES = {
    "tally": "计票汇总表",
    "handcount": "唱票计票单",
    "ranking": "排名表",
    "feedback": "述职评议反馈意见",
    "rectification": "整改清单",
    "agenda": "会议议程",
    "minutes": "会议记录",
    "ledger": "整改台账",
    "progress": "整改落实情况通报",
}
#: kinds printed once per reporter (``--seq`` picks one)
PER_REPORTER = ("feedback", "rectification")


@dataclass(frozen=True)
class Masthead:
    """What every page of every document shows about the meeting and its state."""

    meeting_title: str
    organiser: str
    date_text: str
    venue: str
    chair: str
    rehearsal: bool
    finalized: bool
    fingerprint: str | None = None
    chain_head: str | None = None
    #: when the meeting was finalised (ISO “2026-12-29 11:42:05”); the official papers' date
    finalized_at: str | None = None

    #: False when ``verify`` finds the data untrustworthy (models.counting.verify.results_faults)
    verified: bool = True

    @property
    def official(self) -> bool:
        return self.finalized and bool(self.fingerprint) and self.verified

    @property
    def watermark(self) -> tuple[str, ...]:
        """Words stamped across every page: 演练 for a rehearsal, 草稿 until finalised, 数据校验未通过."""
        unverified = () if self.verified else ("数据校验未通过",)
        return (("演练",) if self.rehearsal else ()) + (() if self.official else ("草稿",)) + unverified


@dataclass(frozen=True)
class CategoryLine:
    code: str
    name: str
    weight: str
    issued: int
    returned: int
    void: int
    valid: int
    verdict: str


@dataclass(frozen=True)
class TallyLine:
    seq: int
    name: str
    unit: str
    counts: tuple[int, int, int, int]
    shares: tuple[str, str, str, str]
    abstain: int
    valid: int
    onsite: str
    combined: str
    poor_rate: str
    notes: str
    poor_exceeded: bool


@dataclass(frozen=True)
class SubItemLine:
    seq: int
    name: str
    item: str
    counts: tuple[int, int, int, int]
    abstain: int


@dataclass(frozen=True)
class CategoryScoreLine:
    """One reporter's score in each category, the 测评得分, the other components and the 综合得分."""

    seq: int
    name: str
    scores: tuple[str, ...]
    onsite: str
    components: tuple[str, ...]
    combined: str


@dataclass(frozen=True)
class TallySheetData:
    head: Masthead
    categories: tuple[CategoryLine, ...]
    valid: bool
    verdict: str
    problems: tuple[str, ...]
    warnings: tuple[str, ...]
    reconciliation: str
    rules_note: str
    show_combined: bool
    rows: tuple[TallyLine, ...]
    sub_items: tuple[SubItemLine, ...]
    kind: str = "tally"
    #: per reporter the score of each category (a signer recomputes the 测评得分 from these)
    scores: tuple[CategoryScoreLine, ...] = ()
    #: headings of the components besides 现场测评, “平时考核（30%）”
    component_heads: tuple[str, ...] = ()
    #: how the category score, the 测评得分 and the 综合得分 are made
    score_note: str = ""
    #: the column the 差票 rule compares: 一般和差票率 (default) or 差票率
    limit_head: str = "差票率"


@dataclass(frozen=True)
class RosterLine:
    seq: int
    name: str
    unit: str


@dataclass(frozen=True)
class HandcountData:
    head: Masthead
    categories: tuple[tuple[str, str, int], ...]
    reporters: tuple[RosterLine, ...]
    items: tuple[str, ...]
    kind: str = "handcount"


@dataclass(frozen=True)
class RankLine:
    rank: str
    tied: bool
    seq: int
    name: str
    unit: str
    onsite: str
    combined: str
    proposed: str
    final: str
    notes: str
    #: last year's score, grade and rank (“91.89/好/3”) when carried over; "" otherwise
    previous: str = ""


@dataclass(frozen=True)
class GradeShare:
    label: str
    count: int
    share: str


@dataclass(frozen=True)
class RankingData:
    head: Masthead
    rows: tuple[RankLine, ...]
    distribution: tuple[GradeShare, ...]
    summary: str
    show_combined: bool
    kind: str = "ranking"
    #: a 上年度 column beside this year's (历年对比), when last year's file was carried over
    show_previous: bool = False
    #: 结果运用 once finalised: (what the grade leads to, “3 号 张三、…” or “无”)
    outcomes: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class CommentLine:
    commenter: str
    text: str


@dataclass(frozen=True)
class ProblemLine:
    no: int
    text: str
    source: str
    measure: str = ""
    owner: str = ""
    deadline: str = ""
    #: where the item stands in the 整改台账 (整改清单's 完成情况); "" while not started
    status: str = ""


@dataclass(frozen=True)
class FeedbackSheet:
    seq: int
    name: str
    unit: str
    title: str
    mode: str
    valid: int
    counts: tuple[GradeShare, ...]
    abstain: int
    onsite: str
    combined: str
    rank: str | None
    proposed: str
    final: str
    reasons: str
    override_reason: str
    flag_reason: str
    comments: tuple[CommentLine, ...]
    problems: tuple[ProblemLine, ...]
    #: how the combined score is made, e.g. 现场测评 93.38 × 70% + 平时考核 96.80 × 30% ("" with one component)
    composition: str = ""
    #: 历年对比 and 上年度问题整改情况 (整改台账 carried over from last year's file); empty without one
    previous: str = ""
    previous_items: tuple[str, ...] = ()
    #: the 差票 rule as applied (“一般和差票占 12.00%，超过 10%”) and what the final grade leads to (结果运用)
    rule_applied: str = ""
    outcome: str = ""


@dataclass(frozen=True)
class FeedbackData:
    head: Masthead
    sheets: tuple[FeedbackSheet, ...]
    kind: str = "feedback"
    #: 成文日期 in Chinese numerals: the date the clerk set (models.documents.issue_date), else the 定稿
    #: date; empty on a draft without a set date, where it is written by hand
    issued_on: str = ""


@dataclass(frozen=True)
class RectificationSheet:
    seq: int
    name: str
    unit: str
    title: str
    rows: tuple[ProblemLine, ...]
    blank_rows: int


@dataclass(frozen=True)
class RectificationData:
    head: Masthead
    sheets: tuple[RectificationSheet, ...]
    kind: str = "rectification"


@dataclass(frozen=True)
class AgendaLine:
    no: int
    title: str
    speaker: str
    planned: str
    start: str
    end: str
    duration: str


@dataclass(frozen=True)
class AgendaData:
    head: Masthead
    rows: tuple[AgendaLine, ...]
    note: str
    kind: str = "agenda"


@dataclass(frozen=True)
class ReporterNotes:
    """Under 书面述职: one reporter's comments and problems, headed by the name."""

    name: str
    comments: tuple[CommentLine, ...]
    problems: tuple[ProblemLine, ...]


@dataclass(frozen=True)
class MinutesSection:
    heading: str
    speaker: str
    times: str
    comments: tuple[CommentLine, ...]
    problems: tuple[ProblemLine, ...]
    by_reporter: tuple[ReporterNotes, ...] = ()


@dataclass(frozen=True)
class MinutesData:
    head: Masthead
    facts: tuple[tuple[str, str], ...]
    sections: tuple[MinutesSection, ...]
    note: str
    kind: str = "minutes"


def data_digest(data) -> str:
    """SHA-256 (hex) of one document's data, in a canonical JSON form."""
    text = json.dumps(dataclasses.asdict(data), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
