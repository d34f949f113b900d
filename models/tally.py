"""The tally: every count, score, rate, grade and rank of DESIGN §4, recomputed from the ballots.

Definitions (also in docs):

- counted ballots: the rows of the ``official_ballots`` view (single entry: every 一录; double
  entry: reconciled ballots only).  Ballots entered but not (yet) counted are reported in
  ``reconciliation`` (``pending`` = entered in one pass only, ``mismatched`` = 一录 and 二录
  disagree and no re-keying settled it).
- ``returned`` per category: distinct serials entered in any pass; ``void``: counted void
  ballots; ``valid``: counted non-void ballots.  With every ballot reconciled,
  returned = valid + void.
- Marks of void ballots count nowhere.  A blank, a 弃权 or a 多选 mark is an abstention.
- Grades and ranks come from the overall item; sub-items are counted and shown only.
- A category of weight 0 is counted (票数, 好票率, 差票率 are over all categories, as DESIGN
  §4 says) but never enters the on-site score; a reporter graded only by such categories
  has no on-site score.
- A clerk-entered component (平时考核 …) missing for a reporter leaves the combined score
  undefined: no score grade and no rank, and a blocking problem names the reporter.
- The 差票 rule and the manual flag force 差 whatever the score (and are tagged whenever they
  apply); otherwise the proposed grade comes from the combined score.  The 好 quota is
  applied after them.  Ranks follow the combined score only (not the grades).
- A final grade equal to the proposed grade is not stored; a different one needs a reason.
- Waiving reconciliation at 定稿 records the reason, and every unreconciled serial then
  counts by its 一录 (by its 二录 when only that was keyed); see the ``official_ballots`` view.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from .labels import Mark
from .setup import Component, Item, Reporter, Rules
from .tally_rules import GradeCounts, round_half_up

__all__ = [
    "REASON_TAGS", "CategoryResult", "CategoryTally", "GradeCounts", "Problem", "ReconciliationState",
    "ReporterResult", "Tally", "compute_tally", "round_half_up", "tally_json",
]

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
    proposed_grade: Mark | None
    final_grade: Mark | None
    grade_reasons: tuple[str, ...]
    flag_reason: str | None
    override_reason: str | None
    rank: int | None
    tied: bool

    @property
    def reason_tags(self) -> list[str]:
        """The grade reasons as short Chinese tags (差票超限 …)."""
        return [REASON_TAGS[r] for r in self.grade_reasons]


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


def compute_tally(meeting) -> Tally:
    """The tally of ``meeting`` recounted from its ballots (nothing is stored)."""
    from .tally_build import build_tally

    return build_tally(meeting)


def tally_json(tally: Tally) -> dict:
    """The fixed JSON shape of ``tally --json`` (issue 4): scores 2 decimals, rates 4 decimals."""
    from .tally_json import to_json

    return to_json(tally)
