"""Hypothesis: the engine agrees with the plain reference on every count, score, grade and rank
(both 差票计入等次 options and the per-ballot 好 cap), the entry order of the ballots changes
nothing, and the strategy really reaches the edges that matter (``tally_strategies.EDGES``)."""

from __future__ import annotations

import tempfile
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from models.counting import compute_tally, tally_json
from tests.models.counting.tally_strategies import EDGES, edge_cases, scenarios
from tests.models.reference_tally import reference_tally
from tests.models.tally_scenarios import Scenario, build, open_fresh

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                          HealthCheck.data_too_large])


@pytest.fixture(scope="module")
def template_root(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("tally_template")


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
    assert (got.good_rate, got.poor_rate, got.good_or_fair_rate, got.limit_rate) == (
        want.good_rate, want.poor_rate, want.good_or_fair_rate, want.limit_rate)
    assert (got.proposed_grade, got.grade_reasons, got.final_grade) == (want.proposed, want.reasons, want.final)
    assert (got.rank, got.tied) == (want.rank, want.tied)


@FAST
@given(sc=scenarios())
def test_engine_agrees_with_reference(sc, template_root):
    want = reference_tally(sc)
    for edge in sorted(edge_cases(sc, want)):
        event(edge)
    tally = _engine(sc, template_root)
    assert {c.code: {"returned": c.returned, "void": c.void, "valid": c.valid, "cap_void": c.cap_void}
            for c in tally.categories} == want.categories
    assert tally.valid == want.valid
    assert (tally.reconciliation.pending, tally.reconciliation.mismatched) == (want.pending, want.mismatched)
    assert [r.reporter.seq for r in tally.reporters] == list(range(1, sc.reporters + 1))
    for got, expected in zip(tally.reporters, want.reporters, strict=True):
        _assert_reporter(got, expected)
    assert not [p for p in tally.blocking if p.kind == "cross_sum"]


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(sc=scenarios(max_reporters=8), seed=st.integers(0, 2**16))
def test_entry_order_changes_nothing(sc, seed, template_root):
    first = tally_json(_engine(sc, template_root))
    shuffled = tally_json(_engine(sc, template_root, order_seed=seed))
    assert shuffled == first


def test_the_strategy_reaches_every_edge():
    """Run the strategy alone (reference only, no file) and count the edges it reaches: a
    strategy that never reaches an edge would let the engine test pass without testing it."""
    seen: Counter = Counter()

    @settings(max_examples=300, derandomize=True, database=None, deadline=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(sc=scenarios())
    def collect(sc):
        seen.update(edge_cases(sc))

    collect()
    missing = [edge for edge in EDGES if seen[edge] < 3]
    assert not missing, f"reached too rarely: {missing}; seen {dict(seen)}"
