"""A plain, obviously-correct reference of the counting rules (DESIGN §4), over a ``Scenario``.

It shares no code with ``models/tally*``: it walks the ballots one by one, compares with
integers and Fractions written out longhand, ranks by counting who is strictly better and
applies the quota by demoting the worst group of 好 until the share holds.  The per-ballot cap
(每票好等次上限) voids a ballot when, on some item, its 好 marks × 100 > cap % × reporters; the 差票
rule counts 一般 and 差 (差票计入等次 = 一般和差, the default) or 差 alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from .tally_scenarios import ONSITE, Scenario

GOOD, FAIRLY_GOOD, AVERAGE, POOR = 1, 2, 3, 4
DEFAULT_RULES = {"points_good": 100, "points_fairly_good": 80, "points_average": 60, "points_poor": 0,
                 "min_good": 90, "min_fairly_good": 80, "min_average": 60, "poor_limit_pct": 10,
                 "good_quota_pct": None, "poor_grades": "一般和差", "good_cap_pct": None}


@dataclass
class RefReporter:
    counts: dict  # grade name → n for the overall item ("good", …, "abstain")
    items: list  # per item, the same kind of dict
    by_category: dict  # code → (counts dict, score)
    valid: int
    onsite: Fraction | None
    combined: Fraction | None
    good_rate: Fraction
    poor_rate: Fraction
    good_or_fair_rate: Fraction
    limit_rate: Fraction = Fraction(0)
    proposed: int | None = None
    reasons: tuple = ()
    final: int | None = None
    rank: int | None = None
    tied: bool = False


@dataclass
class RefTally:
    categories: dict  # code → {"returned", "void", "valid"}
    valid: bool
    pending: int
    mismatched: int
    reporters: list


def _limit_grades(sc: Scenario) -> tuple[str, ...]:
    chosen = "".join(str(sc.rules.get("poor_grades", DEFAULT_RULES["poor_grades"])).split())
    return ("poor",) if chosen == "差" else ("average", "poor")


def over_cap(sc: Scenario, ballot) -> bool:
    """Whether ``ballot`` gives 好 on some item to more than 每票好等次上限 % of the reporters."""
    cap = _rule(sc, "good_cap_pct")
    if cap is None or ballot.void:
        return False
    for item in range(sc.items):
        goods = sum(1 for r in range(sc.reporters) if sc.cell(ballot, r, item) == GOOD)
        if goods * 100 > cap * sc.reporters:
            return True
    return False


def _rule(sc: Scenario, name: str) -> Fraction | None:
    value = sc.rules.get(name, DEFAULT_RULES[name])
    return None if value is None else Fraction(Decimal(str(value)))


def _counted(sc: Scenario, ballot) -> bool:
    return not sc.double_entry or ballot.second == "same"


def _empty() -> dict:
    return {"good": 0, "fairly_good": 0, "average": 0, "poor": 0, "abstain": 0}


_NAME = {GOOD: "good", FAIRLY_GOOD: "fairly_good", AVERAGE: "average", POOR: "poor", 0: "abstain", 9: "abstain"}


def _count(sc: Scenario, ballots, reporter: int, item: int) -> dict:
    out = _empty()
    for b in ballots:
        out[_NAME[sc.cell(b, reporter, item)]] += 1
    return out


def _score(sc: Scenario, counts: dict) -> Fraction | None:
    graded = counts["good"] + counts["fairly_good"] + counts["average"] + counts["poor"]
    if graded == 0:
        return None
    total = (counts["good"] * _rule(sc, "points_good") + counts["fairly_good"] * _rule(sc, "points_fairly_good")
             + counts["average"] * _rule(sc, "points_average") + counts["poor"] * _rule(sc, "points_poor"))
    return total / graded


def _frac(part: int, whole: int) -> Fraction:
    return Fraction(part, whole) if whole else Fraction(0)


def _reporter(sc: Scenario, valid_ballots, r: int) -> RefReporter:
    items = [_count(sc, valid_ballots, r, i) for i in range(sc.items)]
    by_category = {}
    top, bottom = Fraction(0), Fraction(0)
    for code, weight, _ in sc.categories:
        counts = _count(sc, [b for b in valid_ballots if b.category == code], r, 0)
        score = _score(sc, counts)
        by_category[code] = (counts, score)
        if score is not None and weight > 0:
            top += Fraction(weight) * score
            bottom += Fraction(weight)
    onsite = top / bottom if bottom else None
    combined = Fraction(0)
    for name, weight in sc.components:
        value = onsite if name == ONSITE else sc.component_scores.get((r, name))
        if weight == 0:
            continue
        if value is None:
            combined = None
            break
        combined += Fraction(weight) * Fraction(value) / 100
    n, valid = items[0], len(valid_ballots)
    limited = sum(n[g] for g in _limit_grades(sc))
    return RefReporter(n, items, by_category, valid, onsite, combined, _frac(n["good"], valid),
                       _frac(n["poor"], valid), _frac(n["good"] + n["fairly_good"], valid), _frac(limited, valid))


def _from_score(sc: Scenario, score: Fraction | None) -> int | None:
    if score is None:
        return None
    for grade, name in ((GOOD, "min_good"), (FAIRLY_GOOD, "min_fairly_good"), (AVERAGE, "min_average")):
        if score >= _rule(sc, name):
            return grade
    return POOR


def _better(a: RefReporter, b: RefReporter) -> bool:
    """a ranks strictly above b."""
    if a.combined != b.combined:
        return a.combined > b.combined
    if a.counts["good"] != b.counts["good"]:
        return a.counts["good"] > b.counts["good"]
    return a.counts["poor"] < b.counts["poor"]


def _same(a: RefReporter, b: RefReporter) -> bool:
    return (a.combined, a.counts["good"], a.counts["poor"]) == (b.combined, b.counts["good"], b.counts["poor"])


def _propose(sc: Scenario, results: list[RefReporter]) -> None:
    limit = _rule(sc, "poor_limit_pct")
    for index, x in enumerate(results):
        reasons = []
        limited = sum(x.counts[g] for g in _limit_grades(sc))
        if x.valid and Fraction(limited, x.valid) * 100 > limit:
            reasons.append("poor_rate")
        if index in sc.flags:
            reasons.append("manual_flag")
        x.proposed = POOR if reasons else _from_score(sc, x.combined)
        x.reasons = tuple(reasons)


def _apply_quota(sc: Scenario, results: list[RefReporter]) -> None:
    quota = _rule(sc, "good_quota_pct")
    if quota is None:
        return
    while True:
        goods = [x for x in results if x.proposed == GOOD]
        if len(goods) * 100 <= quota * len(results):
            return
        worst = next(x for x in goods if not any(_better(x, y) for y in goods))
        for x in goods:
            if _same(x, worst):
                x.proposed, x.reasons = FAIRLY_GOOD, x.reasons + ("quota",)


def _rank(results: list[RefReporter]) -> None:
    scored = [x for x in results if x.combined is not None]
    for x in scored:
        x.rank = 1 + sum(1 for y in scored if _better(y, x))
        x.tied = sum(1 for y in scored if _same(x, y)) > 1


def _finals(sc: Scenario, results: list[RefReporter]) -> None:
    for index, x in enumerate(results):
        decided = sc.decisions.get(index)
        if decided is not None and decided[0] != x.proposed:
            x.final, x.reasons = decided[0], x.reasons + ("override",)
        else:
            x.final = x.proposed


def reference_tally(sc: Scenario) -> RefTally:
    """What DESIGN §4 says the tally of ``sc`` is."""
    counted = [b for b in sc.ballots if _counted(sc, b)]
    capped = [b for b in counted if over_cap(sc, b)]
    valid_ballots = [b for b in counted if not b.void and b not in capped]
    categories, ok = {}, True
    for code, _, issued in sc.categories:
        returned = sum(1 for b in sc.ballots if b.category == code)
        cap_void = sum(1 for b in capped if b.category == code)
        void = sum(1 for b in counted if b.category == code and b.void) + cap_void
        valid = sum(1 for b in valid_ballots if b.category == code)
        categories[code] = {"returned": returned, "void": void, "valid": valid, "cap_void": cap_void}
        ok = ok and returned <= issued
    results = [_reporter(sc, valid_ballots, r) for r in range(sc.reporters)]
    _propose(sc, results)
    _apply_quota(sc, results)
    _rank(results)
    _finals(sc, results)
    pending = sum(1 for b in sc.ballots if sc.double_entry and b.second == "none")
    mismatched = sum(1 for b in sc.ballots if sc.double_entry and b.second == "differ")
    return RefTally(categories, ok, pending, mismatched, results)
