"""The pure counting rules over plain counts (models/tally_rules.py)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models.counting.tally_rules import (
    GradeCounts,
    category_score,
    combined_score,
    competition_ranks,
    grade_for,
    onsite_score,
    poor_rule_hits,
    propose,
    quota_demotions,
    rank_key,
    rate,
    round_half_up,
)
from models.labels import Mark
from tests.models.reference_tally import RefReporter, _apply_quota, _rank
from tests.models.tally_scenarios import Scenario

POINTS = {Mark.GOOD: Fraction(100), Mark.FAIRLY_GOOD: Fraction(80), Mark.AVERAGE: Fraction(60), Mark.POOR: Fraction(0)}
THRESHOLDS = (Fraction(90), Fraction(80), Fraction(60))


@pytest.mark.parametrize("value, places, shown", [
    (Fraction(85125, 1000), 2, "85.13"),
    (Fraction(85124, 1000), 2, "85.12"),
    (Fraction(1, 3), 4, "0.3333"),
    (Fraction(2, 3), 2, "0.67"),
    (Fraction(1, 8), 2, "0.13"),  # 0.125: half goes up, not to even
    (Fraction(-1, 8), 2, "-0.13"),
    (Fraction(100), 2, "100.00"),
    (Fraction(0), 4, "0.0000"),
])
def test_round_half_up(value, places, shown):
    assert str(round_half_up(value, places)) == shown


@pytest.mark.parametrize("poor, valid, limit, hits", [
    (3, 30, 10, False),  # exactly 10 %: not "greater than"
    (4, 30, 10, True),
    (1, 10, 10, False),
    (2, 10, 10, True),
    (0, 0, 10, False),  # no valid ballot: nothing to exceed
    (0, 0, 0, False),
    (0, 5, 0, False),
    (1, 5, 0, True),
    (1, 3, Decimal("33.3333"), True),
    (1, 3, Decimal("33.34"), False),
])
def test_poor_rule_is_strict_and_exact(poor, valid, limit, hits):
    assert poor_rule_hits(poor, valid, Fraction(limit)) is hits


def test_rates_are_exact_and_zero_without_ballots():
    assert rate(1, 3) == Fraction(1, 3)
    assert rate(0, 0) == 0


def test_category_score_ignores_abstentions():
    counts = GradeCounts(good=1, fairly_good=1, average=0, poor=0, abstain=98)
    assert category_score(counts, POINTS) == 90
    assert category_score(GradeCounts(abstain=5), POINTS) is None


def test_onsite_score_renormalises_over_scored_positive_weights():
    assert onsite_score([(Fraction(3), Fraction(90)), (Fraction(1), Fraction(70))]) == 85
    assert onsite_score([(Fraction(3), None), (Fraction(1), Fraction(70))]) == 70
    assert onsite_score([(Fraction(0), Fraction(10)), (Fraction(1), Fraction(70))]) == 70
    assert onsite_score([(Fraction(0), Fraction(10))]) is None
    assert onsite_score([]) is None


def test_combined_score_needs_every_weighted_component():
    assert combined_score([(Fraction(70), Fraction(90)), (Fraction(30), Fraction(80))]) == 87
    assert combined_score([(Fraction(70), Fraction(90)), (Fraction(30), None)]) is None
    assert combined_score([(Fraction(100), Fraction(90)), (Fraction(0), None)]) == 90


@pytest.mark.parametrize("score, grade", [
    (Fraction(90), Mark.GOOD), (Fraction(8999, 100), Mark.FAIRLY_GOOD), (Fraction(80), Mark.FAIRLY_GOOD),
    (Fraction(60), Mark.AVERAGE), (Fraction(5999, 100), Mark.POOR), (None, None),
])
def test_grade_thresholds_are_inclusive(score, grade):
    assert grade_for(score, *THRESHOLDS) == grade


def test_flag_and_poor_rate_force_poor_and_are_tagged():
    assert propose(Mark.GOOD, False, False) == (Mark.GOOD, ())
    assert propose(Mark.GOOD, True, False) == (Mark.POOR, ("poor_rate",))
    assert propose(None, False, True) == (Mark.POOR, ("manual_flag",))
    assert propose(Mark.POOR, True, True) == (Mark.POOR, ("poor_rate", "manual_flag"))


def test_competition_ranks_share_and_skip():
    keys = [rank_key(Fraction(s), GradeCounts(good=g, poor=p))
            for s, g, p in [(90, 5, 0), (80, 5, 0), (80, 5, 0), (70, 1, 1), (80, 6, 0), (80, 5, 1)]]
    assert competition_ranks(keys) == [(1, False), (3, True), (3, True), (6, False), (2, False), (5, False)]
    assert competition_ranks([None, keys[0]]) == [(None, False), (1, False)]


def test_quota_moves_the_lowest_goods_and_ties_together():
    goods = [Mark.GOOD] * 4 + [Mark.FAIRLY_GOOD]
    keys = [rank_key(Fraction(s), GradeCounts(good=1)) for s in (99, 95, 93, 93, 85)]
    # 40 % of 5 = 2 may stay 好; #3 and #4 tie at the cut and move together
    assert quota_demotions(goods, keys, Fraction(40)) == {2, 3}
    assert quota_demotions(goods, keys, Fraction(60)) == {2, 3}  # 3 may stay, but #3 and #4 are equal
    assert quota_demotions(goods, keys, Fraction(80)) == set()
    assert quota_demotions(goods, keys, None) == set()
    assert quota_demotions(goods, keys, Fraction(10)) == {0, 1, 2, 3}


# -- quota and ranking against the reference, many ties --------------------------------------
_entries = st.lists(st.tuples(st.sampled_from([None, 70, 80, 85, 90, 95]), st.integers(0, 2), st.integers(0, 2),
                              st.sampled_from([None, 1, 1, 1, 2, 4])), min_size=1, max_size=12)


@settings(max_examples=400, deadline=None)
@given(entries=_entries, quota=st.sampled_from([None, 0, 10, 25, 50, Decimal("33.3"), 75, 100]))
def test_quota_and_ranks_agree_with_reference(entries, quota):
    # a 好 needs a score, as in the engine (好 only ever comes from the score)
    entries = [(s, g, p, None if s is None and grade == 1 else grade) for s, g, p, grade in entries]
    refs = [RefReporter({"good": g, "poor": p}, [], {}, 0, None, None if s is None else Fraction(s), 0, 0, 0,
                        proposed=grade, reasons=()) for s, g, p, grade in entries]
    _apply_quota(Scenario(len(refs), (), rules={"good_quota_pct": quota}), refs)
    _rank(refs)
    keys = [rank_key(None if s is None else Fraction(s), GradeCounts(good=g, poor=p)) for s, g, p, _ in entries]
    moved = quota_demotions([None if grade is None else Mark(grade) for *_, grade in entries], keys,
                            None if quota is None else Fraction(quota))
    assert moved == {k for k, r in enumerate(refs) if "quota" in r.reasons}
    assert competition_ranks(keys) == [(r.rank, r.tied) for r in refs]
