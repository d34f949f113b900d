"""The results of a tally as frozen data: categories, reporters, problems (built in ``tally_build``)."""


from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from models.counting.tally_rules import GradeCounts
from models.labels import Mark
from models.setup import Component, Item, Reporter, Rules

#: short Chinese tags for ``ReporterResult.grade_reasons``
REASON_TAGS = {"poor_rate": "差票超限", "manual_flag": "定性为差", "quota": "比例调整", "override": "调整等次"}


@dataclass(frozen=True)
class ReconciliationState:
    """Double entry: is it required, how many serials wait for it, disagree, and was it waived."""

    required: bool
    pending: int
    mismatched: int
    waived: bool
    waiver_reason: str | None = None

    @property
    def outstanding(self) -> int:
        """Entered serials that are not counted yet."""
        return self.pending + self.mismatched


@dataclass(frozen=True)
class CategoryTally:
    """One evaluator category: forms issued, ballots returned, void and valid."""

    code: str
    name: str
    weight: Decimal
    issued: int
    returned: int
    void: int
    valid: int
    cap_void: int = 0  #: of ``void``: ballots void by 每票好等次上限 (超比例)


@dataclass(frozen=True)
class CategoryResult:
    """One reporter's overall-item counts and score within one category."""

    counts: GradeCounts
    score: Fraction | None


@dataclass(frozen=True)
class ReporterResult:
    """Everything the tally says about one reporter."""

    reporter: Reporter
    counts: GradeCounts
    valid: int
    by_category: dict[str, CategoryResult]
    items: list[tuple[Item, GradeCounts]]
    onsite_score: Fraction | None
    combined_score: Fraction | None
    components: dict[str, Fraction | None]
    good_rate: Fraction
    poor_rate: Fraction
    good_or_fair_rate: Fraction
    limit_rate: Fraction  #: the share the 差票 rule compares (差票计入等次: 一般和差 or 差)
    proposed_grade: Mark | None
    final_grade: Mark | None
    grade_reasons: tuple[str, ...]
    flag_reason: str | None
    override_reason: str | None
    rank: int | None
    tied: bool
    #: the 差票 rule as applied, “一般和差票占 12.00%，超过 10%” (empty when it did not apply)
    limit_note: str = ""

    @property
    def reason_tags(self) -> list[str]:
        """The grade reasons as short Chinese tags (差票超限 …)."""
        return [REASON_TAGS[r] for r in self.grade_reasons]

    @property
    def reason_text(self) -> str:
        """The tags for a screen, the 差票 rule named as applied: 差票超限（一般和差票占 12.00%，超过 10%）."""
        return "、".join(f"{tag}（{self.limit_note}）" if r == "poor_rate" and self.limit_note else tag
                        for r, tag in zip(self.grade_reasons, self.reason_tags, strict=True))


@dataclass(frozen=True)
class Problem:
    """Something that blocks finalising; ``kind`` is invalid/reconciliation/cross_sum/component/grade."""

    kind: str
    text: str


@dataclass(frozen=True)
class Tally:
    """The whole result of a meeting at this moment (frozen; recomputed on every call)."""

    title: str
    rehearsal: bool
    finalized: bool
    fingerprint: str | None
    chain_head: str | None
    valid: bool
    problems: list[str]
    warnings: list[str]
    reconciliation: ReconciliationState
    categories: list[CategoryTally]
    reporters: list[ReporterResult]
    items: list[Item]
    blocking: list[Problem] = field(default_factory=list)
    rules: Rules = field(default_factory=Rules)
    component_list: list[Component] = field(default_factory=list)

    @property
    def counted_ballots(self) -> int:
        """Counted ballots over all categories (valid + void)."""
        return sum(c.valid + c.void for c in self.categories)

    def blocking_kinds(self) -> set[str]:
        """The kinds of problem present (see ``Problem``)."""
        return {p.kind for p in self.blocking}
