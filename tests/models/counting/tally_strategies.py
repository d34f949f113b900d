"""Hypothesis strategies for counting scenarios, and the edge cases a scenario reaches.

Marks are drawn with ``st.sampled_from`` over weighted lists (a mark repeated by its weight), and
some reporters and ballots are built to sit on an edge on purpose: exactly at the 差票 limit, over
it by 一般 alone, all 好, a copy of another reporter (ties), a ballot with exactly the allowed 好 or
one more.  ``edge_cases`` names what a scenario reaches, computed from the reference tally; the
tests record them with ``hypothesis.event`` and assert that every one occurs.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from hypothesis import strategies as st

from tests.models.reference_tally import DEFAULT_RULES, GOOD, over_cap, reference_tally
from tests.models.tally_scenarios import ONSITE, BallotSpec, Scenario


def _weighted(weights: dict[int, int]) -> st.SearchStrategy[int]:
    """A mark drawn with the given weights (each mark listed as often as its weight)."""
    return st.sampled_from([mark for mark, w in weights.items() for _ in range(w)])


# marks 弃权 0, 好 1, 较好 2, 一般 3, 差 4, 多选 9
PROFILES = [
    _weighted({0: 1, 1: 14, 2: 3, 3: 1, 9: 1}),  # mostly 好
    _weighted({0: 1, 1: 8, 2: 7, 3: 3, 4: 1}),
    _weighted({0: 1, 1: 4, 2: 6, 3: 6, 4: 3}),
    _weighted({1: 1, 2: 2, 3: 6, 4: 10, 9: 1}),  # mostly 差
    _weighted({0: 19, 9: 1}),  # almost all abstentions
]
UPPER = _weighted({1: 3, 2: 2})  # 好 or 较好: marks the 差票 rule never counts

EDGES = (
    "差票: exactly at the limit (no trigger)",
    "差票: triggered by 一般 alone",
    "差票: 差 alone chosen, 一般 over the limit does not trigger",
    "差票: triggered",
    "cap: exactly at the share (valid)",
    "cap: exceeded (void)",
    "cap: exceeded on a sub-item",
    "cap: void ballot mismatched in double entry",
    "quota applied",
    "ties",
    "好 proposed",
    "sub-items",
)


def _counted_valid(heads) -> list[int]:
    return [k for k, (_, void, second) in enumerate(heads) if not void and second == "same"]


@st.composite
def _column(draw, heads, limit: int, items: int, mode: str) -> list[int]:
    """One reporter's overall-item marks over every ballot, built for ``mode``."""
    n = len(heads)
    if mode == "all_good":
        return [GOOD] * n
    if mode in ("edge", "over_average"):
        valid = _counted_valid(heads)
        k = limit * len(valid) // 100 + (mode == "over_average")
        column = [draw(UPPER) for _ in range(n)]
        for index in valid[:k]:
            column[index] = 3 if mode == "over_average" else draw(st.sampled_from([3, 4, 4]))
        return column
    profile = draw(st.sampled_from(PROFILES))
    return [draw(profile) for _ in range(n)]


def _cap_row(row: list[int], reporters: int, items: int, item: int, goods: int) -> None:
    for r in range(reporters):
        row[r * items + item] = GOOD if r < goods else 2


@st.composite
def scenarios(draw, max_reporters: int = 12) -> Scenario:
    """A meeting to count: 1–12 reporters (often 1, 3, 7, 10), up to 40 ballots, 0–2 sub-items."""
    reporters = draw(st.sampled_from([1, 3, 7, 10, 10, 2, 5, max_reporters]))
    codes = "ABC"[: draw(st.sampled_from([1, 1, 2, 3]))]
    sub_items = draw(st.sampled_from([0, 0, 1, 2]))
    items = 1 + sub_items
    double = draw(st.booleans())
    count = draw(st.sampled_from([0, 10, 10, 20, 30, 7, 13, 40]))
    heads = [
        (
            draw(st.sampled_from(codes)),
            draw(st.sampled_from([False] * 15 + [True])),
            draw(st.sampled_from(["same"] * 8 + ["differ", "none"])) if double else "same",
        )
        for _ in range(count)
    ]
    limit = draw(st.sampled_from([10, 10, 10, 5, 20, 0]))
    rules = {
        "poor_limit_pct": limit,
        "poor_grades": draw(st.sampled_from(["一般和差", "一般和差", "差", "一般、差", "一般+差"])),
        "good_quota_pct": draw(st.sampled_from([None, None, 10, 30, 50, 100])),
        "good_cap_pct": draw(st.sampled_from([None, None, 70, 70, 50, 100, 30])),
    }
    modes = [
        draw(st.sampled_from(["profile"] * 4 + ["edge", "edge", "over_average", "all_good", "copy"]))
        for _ in range(reporters)
    ]
    columns: list[list[int]] = []
    for r, mode in enumerate(modes):
        if mode == "copy" and r > 0:
            columns.append(list(columns[draw(st.integers(0, r - 1))]))
        else:
            columns.append(draw(_column(heads, limit, items, "profile" if mode == "copy" else mode)))
    rows = []
    for k in range(count):
        row = []
        for r in range(reporters):
            row.append(columns[r][k])
            row += [draw(PROFILES[1]) for _ in range(sub_items)]
        rows.append(row)
    cap = rules["good_cap_pct"]
    if cap is not None:
        allowed = cap * reporters // 100
        for row in rows:
            kind = draw(st.sampled_from(["as_is"] * 5 + ["exact", "over"]))
            if kind != "as_is" and allowed + (kind == "over") <= reporters:
                _cap_row(row, reporters, items, draw(st.integers(0, sub_items)), allowed + (kind == "over"))
    ballots = tuple(
        BallotSpec(code, tuple(row), void, second) for (code, void, second), row in zip(heads, rows, strict=True)
    )
    categories = tuple(
        (
            code,
            draw(st.sampled_from([Decimal(1), Decimal(1), Decimal(2), Decimal(0), Decimal("0.5")])),
            max(0, sum(b.category == code for b in ballots) + draw(st.sampled_from([0, 0, 0, 3, -1]))),
        )
        for code in codes
    )
    if draw(st.booleans()):
        rules["min_good"] = 85
    components, scores = ((ONSITE, Decimal(100)),), {}
    if draw(st.sampled_from([False, False, True])):
        components = ((ONSITE, Decimal(70)), ("平时考核", Decimal(30)))
        scores = {(r, "平时考核"): Decimal(draw(st.sampled_from([800, 900, 955, 1000]))) / 10 for r in range(reporters)}
    flags = {r: "被问责" for r in range(reporters) if draw(st.sampled_from([False] * 12 + [True]))}
    decisions = {
        r: (draw(st.sampled_from([1, 2, 3, 4])), "党委会研究决定")
        for r in range(reporters)
        if draw(st.sampled_from([False] * 12 + [True]))
    }
    return Scenario(reporters, categories, ballots, sub_items, double, rules, components, scores, flags, decisions)


def _rule(sc: Scenario, name: str) -> Fraction | None:
    value = sc.rules.get(name, DEFAULT_RULES[name])
    return None if value is None else Fraction(Decimal(str(value)))


def _cap_edges(sc: Scenario) -> set[str]:
    cap = _rule(sc, "good_cap_pct")
    if cap is None:
        return set()
    out = set()
    for b in sc.ballots:
        counted = not sc.double_entry or b.second == "same"
        goods = [sum(sc.cell(b, r, i) == GOOD for r in range(sc.reporters)) for i in range(sc.items)]
        if counted and not b.void and not over_cap(sc, b) and any(g * 100 == cap * sc.reporters for g in goods):
            out.add("cap: exactly at the share (valid)")
        if not over_cap(sc, b):
            continue
        if counted:
            out.add("cap: exceeded (void)")
            if goods[0] * 100 <= cap * sc.reporters:
                out.add("cap: exceeded on a sub-item")
        if b.second == "differ" and sc.double_entry:
            out.add("cap: void ballot mismatched in double entry")
    return out


def edge_cases(sc: Scenario, want=None) -> set[str]:
    """The edges of DESIGN §4 that scenario ``sc`` reaches (see ``EDGES``)."""
    want = want or reference_tally(sc)
    limit = _rule(sc, "poor_limit_pct")
    only_poor = "".join(str(sc.rules.get("poor_grades", "一般和差")).split()) == "差"
    out = _cap_edges(sc)
    for x in want.reporters:
        if not x.valid:
            continue
        both = x.counts["average"] + x.counts["poor"]
        chosen = x.counts["poor"] if only_poor else both
        if chosen and chosen * 100 == limit * x.valid:
            out.add("差票: exactly at the limit (no trigger)")
        if not only_poor and both * 100 > limit * x.valid >= x.counts["poor"] * 100:
            out.add("差票: triggered by 一般 alone")
        if only_poor and both * 100 > limit * x.valid >= x.counts["poor"] * 100:
            out.add("差票: 差 alone chosen, 一般 over the limit does not trigger")
        if "poor_rate" in x.reasons:
            out.add("差票: triggered")
        if "quota" in x.reasons:
            out.add("quota applied")
        if x.tied:
            out.add("ties")
        if x.proposed == GOOD:
            out.add("好 proposed")
        if sc.sub_items and any(sum(item.values()) for item in x.items[1:]):
            out.add("sub-items")
    return out
