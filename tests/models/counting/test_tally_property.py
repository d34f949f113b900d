"""Hypothesis: the engine agrees with the plain reference on every count, score, grade and rank,
and the entry order of the ballots changes nothing."""

from __future__ import annotations

import tempfile
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models.counting import compute_tally, tally_json
from tests.models.reference_tally import reference_tally
from tests.models.tally_scenarios import ONSITE, BallotSpec, Scenario, build, open_fresh

# mark weights for 弃权 0, 好 1, 较好 2, 一般 3, 差 4, 多选 9
PROFILES = [
    [5, 80, 10, 3, 1, 1],
    [5, 40, 35, 15, 4, 1],
    [3, 20, 30, 30, 15, 2],
    [2, 5, 10, 30, 50, 3],
    [100, 0, 0, 0, 0, 1],  # almost all abstentions
]
MARKS = [0, 1, 2, 3, 4, 9]
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                          HealthCheck.data_too_large])


@pytest.fixture(scope="module")
def template_root(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("tally_template")


def _tweak(cells: list[int], ballots: list[int], kind: int) -> None:
    """Change a copied column without changing its category score: 好+一般 → 较好+较好 (one 好
    fewer) or 4×一般 → 3×较好+差 (one 差 more), so the tie-breaks are exercised."""
    if kind == 1:
        goods, avgs = [b for b in ballots if cells[b] == 1], [b for b in ballots if cells[b] == 3]
        if goods and avgs:
            cells[goods[0]] = cells[avgs[0]] = 2
    elif kind == 2:
        avgs = [b for b in ballots if cells[b] == 3]
        if len(avgs) >= 4:
            for b in avgs[:3]:
                cells[b] = 2
            cells[avgs[3]] = 4


def _ballots(rng, reporters: int, items: int, codes: str, count: int) -> tuple[tuple[BallotSpec, ...], dict]:
    """Random ballots; some reporters copy another's overall column (ties), some copies tweaked."""
    profiles = [rng.choice(PROFILES) for _ in range(reporters)]
    heads = [(rng.choice(codes), rng.random() < 0.06, rng.choices(["same", "differ", "none"], [8, 1, 1])[0])
             for _ in range(count)]
    rows = [[rng.choices(MARKS, profiles[r])[0] for r in range(reporters) for _ in range(items)] for _ in heads]
    copies = {r: rng.randrange(r) for r in range(1, reporters) if rng.random() < 0.3}
    for r, source in copies.items():
        column = [row[source * items] for row in rows]
        code = rng.choice(codes)
        same_category = [b for b, (c, void, second) in enumerate(heads) if c == code and not void and second == "same"]
        _tweak(column, same_category, rng.choice([0, 0, 1, 2]))
        for row, mark in zip(rows, column, strict=True):
            row[r * items] = mark
    ballots = tuple(BallotSpec(code, tuple(row), void, second) for (code, void, second), row in zip(heads, rows, strict=True))
    return ballots, copies


@st.composite
def scenarios(draw, max_reporters: int = 40, max_ballots: int = 200) -> Scenario:
    rng = draw(st.randoms(use_true_random=False))
    reporters = draw(st.integers(1, max_reporters))
    codes = "ABCD"[: draw(st.integers(1, 4))]
    sub_items = draw(st.integers(0, 2))
    count = draw(st.integers(0, max_ballots))
    double = draw(st.booleans())
    ballots, copies = _ballots(rng, reporters, 1 + sub_items, codes, count)
    categories = tuple((code, draw(st.sampled_from([Decimal(0), Decimal(1), Decimal(2), Decimal(30), Decimal("0.5")])),
                        max(0, sum(b.category == code for b in ballots) + rng.choice([0, 0, 0, 3, -1])))
                       for code in codes)
    rules = {"poor_limit_pct": draw(st.sampled_from([10, 10, 5, 20, 0])),
             "good_quota_pct": draw(st.sampled_from([None, None, 10, 30, 50, 100]))}
    if draw(st.booleans()):
        rules["min_good"] = 85
    components, scores = ((ONSITE, Decimal(100)),), {}
    if draw(st.booleans()):
        components = ((ONSITE, Decimal(70)), ("平时考核", Decimal(30)))
        scores = {(r, "平时考核"): Decimal(rng.randrange(500, 1001)) / 10
                  for r in range(reporters) if rng.random() < 0.95}
        scores.update({(r, "平时考核"): scores[(s, "平时考核")] for r, s in copies.items() if (s, "平时考核") in scores})
    flags = {r: "被问责" for r in range(reporters) if rng.random() < 0.08}
    decisions = {r: (rng.choice([1, 2, 3, 4]), "党委会研究决定") for r in range(reporters) if rng.random() < 0.08}
    return Scenario(reporters, categories, ballots, sub_items, double, rules, components, scores, flags, decisions)


def _engine(sc: Scenario, template_root: Path, order_seed: int | None = None):
    with tempfile.TemporaryDirectory() as folder:
        meeting = open_fresh(Path(folder), template_root)
        try:
            build(meeting, sc, order_seed=order_seed)
            return compute_tally(meeting)
        finally:
            meeting.close()


def _counts(c) -> dict:
    return {"good": c.good, "fairly_good": c.fairly_good, "average": c.average, "poor": c.poor, "abstain": c.abstain}


def _assert_reporter(got, want) -> None:
    assert _counts(got.counts) == want.counts
    assert [_counts(c) for _, c in got.items] == want.items
    assert {code: (_counts(cr.counts), cr.score) for code, cr in got.by_category.items()} == want.by_category
    assert got.valid == want.valid
    assert (got.onsite_score, got.combined_score) == (want.onsite, want.combined)
    assert (got.good_rate, got.poor_rate, got.good_or_fair_rate) == (want.good_rate, want.poor_rate,
                                                                      want.good_or_fair_rate)
    assert (got.proposed_grade, got.grade_reasons, got.final_grade) == (want.proposed, want.reasons, want.final)
    assert (got.rank, got.tied) == (want.rank, want.tied)


@FAST
@given(sc=scenarios())
def test_engine_agrees_with_reference(sc, template_root):
    tally, want = _engine(sc, template_root), reference_tally(sc)
    assert {c.code: {"returned": c.returned, "void": c.void, "valid": c.valid} for c in tally.categories} \
        == want.categories
    assert tally.valid == want.valid
    assert (tally.reconciliation.pending, tally.reconciliation.mismatched) == (want.pending, want.mismatched)
    assert [r.reporter.seq for r in tally.reporters] == list(range(1, sc.reporters + 1))
    for got, expected in zip(tally.reporters, want.reporters, strict=True):
        _assert_reporter(got, expected)
    assert not [p for p in tally.blocking if p.kind == "cross_sum"]


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(sc=scenarios(max_reporters=12, max_ballots=60), seed=st.integers(0, 2**16))
def test_entry_order_changes_nothing(sc, seed, template_root):
    first = tally_json(_engine(sc, template_root))
    shuffled = tally_json(_engine(sc, template_root, order_seed=seed))
    assert shuffled == first
