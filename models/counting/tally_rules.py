"""The counting rules of DESIGN §4 as pure functions over plain counts (no SQL, no file).

Everything is exact: counts are ints, scores and rates are ``Fraction``; a threshold is
compared exactly and rounding (half up) happens only for display.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from models.labels import GRADES, Mark


@dataclass(frozen=True)
class GradeCounts:
    """How many 好 / 较好 / 一般 / 差 marks and abstentions (blank or over-marked)."""

    good: int = 0
    fairly_good: int = 0
    average: int = 0
    poor: int = 0
    abstain: int = 0

    @property
    def graded(self) -> int:
        """Marks that carry a grade (abstentions excluded)."""
        return self.good + self.fairly_good + self.average + self.poor

    @property
    def total(self) -> int:
        """Graded marks plus abstentions: the cross-sum that must equal the valid ballots."""
        return self.graded + self.abstain

    def of(self, mark: Mark) -> int:
        """The count for one grade, or abstentions for ABSTAIN / OVERMARKED."""
        return getattr(self, _FIELD[mark])

    def __add__(self, other: GradeCounts) -> GradeCounts:
        return GradeCounts(self.good + other.good, self.fairly_good + other.fairly_good,
                           self.average + other.average, self.poor + other.poor, self.abstain + other.abstain)


_FIELD = {Mark.GOOD: "good", Mark.FAIRLY_GOOD: "fairly_good", Mark.AVERAGE: "average", Mark.POOR: "poor",
          Mark.ABSTAIN: "abstain", Mark.OVERMARKED: "abstain"}

NO_MARKS = GradeCounts()


def sum_counts(counts: Iterable[GradeCounts]) -> GradeCounts:
    """The sum of several counts (NO_MARKS for none)."""
    total = NO_MARKS
    for c in counts:
        total = total + c
    return total


def round_half_up(x: Fraction, places: int) -> Decimal:
    """``x`` rounded half away from zero to ``places`` decimals, for display only (85.125 → 85.13)."""
    x = Fraction(x)
    scaled = abs(x) * 10**places
    whole = int(scaled + Fraction(1, 2))  # int() floors a non-negative Fraction
    return (Decimal(-whole if x < 0 else whole)).scaleb(-places)


def rate(part: int, valid: int) -> Fraction:
    """``part / valid`` exactly; 0 when there is no valid ballot (0/0 triggers nothing)."""
    return Fraction(part, valid) if valid else Fraction(0)


def category_score(counts: GradeCounts, points: dict[Mark, Fraction]) -> Fraction | None:
    """Σ n_g·points_g / Σ n_g over graded marks; None when there is no graded mark."""
    if not counts.graded:
        return None
    # over a common denominator: one Fraction instead of one per grade (the tally does this 100s of times)
    den = math.lcm(*(points[g].denominator for g in GRADES))
    total = sum(counts.of(g) * points[g].numerator * (den // points[g].denominator) for g in GRADES)
    return Fraction(total, counts.graded * den)


def onsite_score(weighted: Iterable[tuple[Fraction, Fraction | None]]) -> Fraction | None:
    """Σ w·score / Σ w over the categories whose score is defined and whose weight is positive.

    A category of weight 0 is counted and shown but never enters the score, so a reporter
    graded only by weight-0 categories has no on-site score.
    """
    used = [(w, s) for w, s in weighted if s is not None and w > 0]
    if not used:
        return None
    return sum((w * s for w, s in used), Fraction(0)) / sum((w for w, _ in used), Fraction(0))


def combined_score(parts: Iterable[tuple[Fraction, Fraction | None]]) -> Fraction | None:
    """Σ W_k·component_k / 100 (weights in percent); None when any weighted component is missing."""
    parts = list(parts)
    if any(value is None and weight != 0 for weight, value in parts):
        return None
    return sum((weight * value for weight, value in parts if value is not None), Fraction(0)) / 100


def grade_for(score: Fraction | None, min_good: Fraction, min_fairly_good: Fraction,
              min_average: Fraction) -> Mark | None:
    """The grade a score earns from the thresholds (≥ is inclusive); None without a score."""
    if score is None:
        return None
    if score >= min_good:
        return Mark.GOOD
    if score >= min_fairly_good:
        return Mark.FAIRLY_GOOD
    if score >= min_average:
        return Mark.AVERAGE
    return Mark.POOR


def poor_rule_hits(counted: int, valid: int, limit_pct: Fraction) -> bool:
    """差票 rule: counted/valid > limit strictly (3 of 30 at 10 % does not hit, 4 of 30 does).

    ``counted``: the votes of the grades 差票计入等次 names (一般 + 差, or 差 alone).
    """
    return valid > 0 and Fraction(counted, valid) > Fraction(limit_pct) / 100


def limit_note(rules, limit_rate: Fraction) -> str:
    """The 差票 rule as applied in words: “一般和差票占 12.00%，超过 10%”."""
    limit = format(rules.poor_limit_pct.normalize(), "f")
    return f"{rules.limit_label()}占 {round_half_up(limit_rate * 100, 2)}%，超过 {limit}%"


def propose(score_grade: Mark | None, poor_hit: bool, flagged: bool) -> tuple[Mark | None, tuple[str, ...]]:
    """The proposed grade before the quota, with the rule tags that forced it.

    The manual flag and the 差票 rule force 差 whatever the score (and are tagged whenever
    they apply); otherwise the grade comes from the score.
    """
    reasons = tuple(tag for tag, hit in (("poor_rate", poor_hit), ("manual_flag", flagged)) if hit)
    if reasons:
        return Mark.POOR, reasons
    return score_grade, ()


RankKey = tuple[Fraction, int, int]


def rank_key(combined: Fraction | None, counts: GradeCounts) -> RankKey | None:
    """Sort key, smaller is better: combined desc, then n_好 desc, then n_差 asc; None unranked."""
    if combined is None:
        return None
    return (-combined, -counts.good, counts.poor)


def competition_ranks(keys: Sequence[RankKey | None]) -> list[tuple[int | None, bool]]:
    """(rank, tied) per key: equal keys share a rank (1, 2, 2, 4); None keys get no rank."""
    ranked = sorted(k for k in keys if k is not None)
    out = []
    for key in keys:
        if key is None:
            out.append((None, False))
            continue
        first = bisect.bisect_left(ranked, key)
        tied = bisect.bisect_right(ranked, key) - first > 1
        out.append((first + 1, tied))
    return out


def quota_demotions(grades: Sequence[Mark | None], keys: Sequence[RankKey | None],
                    quota_pct: Fraction | None) -> set[int]:
    """Indices of 好 reporters moved to 较好 so that (#好 / all reporters) ≤ quota.

    The lowest-ranked 好 go first; reporters tied at the cut move together, so the share
    may end below the quota rather than separate equals.
    """
    if quota_pct is None or not grades:
        return set()
    goods = [i for i, g in enumerate(grades) if g == Mark.GOOD]
    allowed = int(Fraction(quota_pct) * len(grades) / 100)  # floor: the largest count that holds
    if len(goods) <= allowed:
        return set()
    goods.sort(key=lambda i: keys[i])
    keep = allowed
    while keep > 0 and keys[goods[keep - 1]] == keys[goods[keep]]:
        keep -= 1
    return set(goods[keep:])
