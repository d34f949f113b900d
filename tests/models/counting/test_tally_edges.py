"""Edge cases of the tally on real files, ballots keyed with ``enter_ballot``."""

from __future__ import annotations

import json
from decimal import Decimal
from fractions import Fraction

import pytest

from models.counting import compute_tally, tally_json
from models.counting.tally_checks import INVALID_TEXT
from models.labels import Mark
from tests.models.tally_scenarios import ONSITE, BallotSpec, Scenario, build, open_fresh

G, FG, AV, P, AB, OVER = 1, 2, 3, 4, 0, 9


@pytest.fixture(scope="module")
def template_root(tmp_path_factory):
    return tmp_path_factory.mktemp("edges_template")


@pytest.fixture
def tally_of(tmp_path, template_root):
    """Build a scenario into a real file (one enter_ballot per keying) and count it."""
    opened = []

    def run(sc: Scenario):
        meeting = open_fresh(tmp_path, template_root, f"m{len(opened)}.pingyi")
        opened.append(meeting)
        build(meeting, sc, one_by_one=True)
        return compute_tally(meeting)

    yield run
    for m in opened:
        m.close()


def columns(*per_reporter: list[int], category: str = "A", void: tuple[int, ...] = ()) -> tuple[BallotSpec, ...]:
    """Ballots from one column of marks per reporter (overall item only)."""
    rows = list(zip(*per_reporter, strict=True))
    return tuple(BallotSpec(category, tuple(row), void=k in void) for k, row in enumerate(rows))


def one_category(ballots, reporters: int, **kw) -> Scenario:
    return Scenario(reporters, (("A", Decimal(1), len(ballots)),), ballots, **kw)


@pytest.mark.parametrize("poor, valid, grade, reasons", [
    (3, 30, Mark.GOOD, ()),  # exactly 10 %: score 90 → 好, rule not triggered
    (4, 30, Mark.POOR, ("poor_rate",)),  # 13.3 %
    (1, 10, Mark.GOOD, ()),  # exactly 10 %
    (2, 10, Mark.POOR, ("poor_rate",)),
])
def test_poor_rate_at_the_limit(tally_of, poor, valid, grade, reasons):
    t = tally_of(one_category(columns([P] * poor + [G] * (valid - poor)), 1))
    r = t.reporters[0]
    assert r.poor_rate == Fraction(poor, valid)
    assert (r.proposed_grade, r.grade_reasons) == (grade, reasons)


def test_no_ballots_at_all(tally_of):
    t = tally_of(one_category((), 2))
    r = t.reporters[0]
    assert (r.valid, r.poor_rate, r.good_rate, r.onsite_score, r.proposed_grade, r.rank) == (0, 0, 0, None, None, None)
    assert t.valid
    assert any("还没有录入任何选票" in w for w in t.warnings)
    assert t.blocking_kinds() == {"grade"}


def test_all_abstentions_give_no_score_grade_or_rank(tally_of):
    t = tally_of(one_category(columns([AB, OVER, AB, AB], [G, G, FG, AB]), 2))
    empty, other = t.reporters
    assert (empty.counts.abstain, empty.counts.graded, empty.valid) == (4, 0, 4)
    assert (empty.onsite_score, empty.combined_score, empty.proposed_grade, empty.rank) == (None, None, None, None)
    assert (other.rank, other.tied, other.onsite_score) == (1, False, Fraction(280, 3))
    assert any("没有任何有效等次票" in w and "述职人1" in w for w in t.warnings)
    assert any(p.kind == "grade" and "述职人1" in p.text for p in t.blocking)


def test_category_with_weight_zero_is_counted_but_not_scored(tally_of):
    ballots = columns([G, G], [G, G], category="A") + columns([P, P], [AB, AB], category="B")
    sc = Scenario(2, (("A", Decimal(1), 2), ("B", Decimal(0), 2)), ballots)
    t = tally_of(sc)
    first, second = t.reporters
    assert first.by_category["B"].score == 0 and first.onsite_score == 100
    assert first.poor_rate == Fraction(1, 2) and first.proposed_grade == Mark.POOR  # rates: all categories
    assert second.onsite_score == 100 and second.proposed_grade == Mark.GOOD
    assert any("权重为 0" in w for w in t.warnings)


def test_only_weight_zero_marks_give_no_onsite_score(tally_of):
    ballots = columns([AB], category="A") + columns([G], category="B")
    t = tally_of(Scenario(1, (("A", Decimal(1), 1), ("B", Decimal(0), 1)), ballots))
    r = t.reporters[0]
    assert (r.counts.good, r.onsite_score, r.rank) == (1, None, None)
    assert any("只有权重为 0 的类别" in w for w in t.warnings)


def test_three_way_tie_shares_a_rank(tally_of):
    same = [G, G, FG, AV]
    t = tally_of(one_category(columns(same, [G, G, G, G], same, same, [G, FG, FG, AV]), 5))
    assert [(r.rank, r.tied) for r in t.reporters] == [(2, True), (1, False), (2, True), (2, True), (5, False)]


def test_tie_breaks_by_goods_then_poors(tally_of):
    # all score 80: 好+一般 / 较好+较好 ; 3×较好+差 / 4×一般 scored 60 …
    t = tally_of(one_category(columns([G, AV, FG, FG], [FG, FG, FG, FG], [G, AV, G, AV]), 3))
    assert [r.onsite_score for r in t.reporters] == [80, 80, 80]
    assert [r.rank for r in t.reporters] == [2, 3, 1]
    t = tally_of(one_category(columns([FG, FG, FG, P], [AV, AV, AV, AV]), 2))
    assert [r.onsite_score for r in t.reporters] == [60, 60]
    assert [r.rank for r in t.reporters] == [2, 1]


@pytest.mark.parametrize("quota", [Decimal(100), Decimal(50)])
def test_quota_larger_than_the_goods_changes_nothing(tally_of, quota):
    rules = {"good_quota_pct": quota, "poor_grades": "差"}  # 差 alone: the 一般 reporter stays 一般
    t = tally_of(one_category(columns([G, G], [FG, FG], [AV, AV], [FG, G]), 4, rules=rules))
    assert [r.proposed_grade for r in t.reporters] == [Mark.GOOD, Mark.FAIRLY_GOOD, Mark.AVERAGE, Mark.GOOD]
    assert not any("quota" in r.grade_reasons for r in t.reporters)


def test_quota_moves_lowest_good_and_ties(tally_of):
    rules = {"good_quota_pct": 50, "poor_grades": "差"}
    t = tally_of(one_category(columns([G, G], [G, FG], [G, FG], [AV, AV]), 4, rules=rules))
    # 好 100, 90, 90 → at most 2 of 4 may stay 好; the two at 90 tie at the cut and both move
    assert [(r.proposed_grade, r.grade_reasons) for r in t.reporters] == [
        (Mark.GOOD, ()), (Mark.FAIRLY_GOOD, ("quota",)), (Mark.FAIRLY_GOOD, ("quota",)), (Mark.AVERAGE, ())]
    assert not any("等次都是“好”" in w for w in t.warnings)


def test_returned_more_than_issued_is_invalid_and_blocking(tally_of):
    sc = Scenario(1, (("A", Decimal(1), 2),), columns([G, G, G]))
    t = tally_of(sc)
    assert not t.valid
    assert t.categories[0].returned == 3 and t.categories[0].issued == 2
    assert any(INVALID_TEXT in p and "A票" in p for p in t.problems)


def test_void_ballots_count_only_as_returned(tally_of):
    t = tally_of(one_category(columns([G, P, P], void=(1, 2)), 1))
    c = t.categories[0]
    assert (c.returned, c.void, c.valid) == (3, 2, 1)
    assert t.reporters[0].counts == t.reporters[0].counts.__class__(good=1)


def test_double_entry_counts_only_reconciled_and_reports_the_rest(tally_of):
    ballots = (BallotSpec("A", (G,)), BallotSpec("A", (P,), second="differ"), BallotSpec("A", (P,), second="none"))
    t = tally_of(Scenario(1, (("A", Decimal(1), 3),), ballots, double_entry=True))
    c, rec = t.categories[0], t.reconciliation
    assert (c.returned, c.valid, c.void) == (3, 1, 0)
    assert (rec.required, rec.pending, rec.mismatched, rec.waived) == (True, 1, 1, False)
    assert t.reporters[0].counts.good == 1 and t.reporters[0].counts.poor == 0
    assert [p.kind for p in t.blocking] == ["reconciliation"]
    assert "1 张选票只录入了一遍" in t.problems[0] and "1 张选票两遍录入不一致" in t.problems[0]


def test_components_and_missing_component_score(tally_of):
    sc = one_category(columns([G, FG], [G, G]), 2, components=((ONSITE, Decimal(60)), ("平时考核", Decimal(40))),
                      component_scores={(0, "平时考核"): Decimal("95.5")})
    t = tally_of(sc)
    first, second = t.reporters
    assert first.components == {ONSITE: 90, "平时考核": Fraction(955, 10)}
    assert first.combined_score == Fraction(60 * 90 + 40 * Fraction(955, 10), 100)
    assert (second.onsite_score, second.combined_score, second.proposed_grade, second.rank) == (100, None, None, None)
    assert any(p.kind == "component" and "平时考核" in p.text and "述职人2" in p.text for p in t.blocking)


def test_flag_and_override_reasons(tally_of):
    sc = one_category(columns([G, G], [G, G]), 2, flags={0: "被问责"}, decisions={1: (2, "党委会研究")})
    first, second = tally_of(sc).reporters
    assert (first.proposed_grade, first.grade_reasons, first.flag_reason) == (Mark.POOR, ("manual_flag",), "被问责")
    assert (second.proposed_grade, second.final_grade, second.grade_reasons, second.override_reason) == (
        Mark.GOOD, Mark.FAIRLY_GOOD, ("override",), "党委会研究")
    assert first.reason_tags == ["定性为差"] and second.reason_tags == ["调整等次"]


def test_all_good_warns(tally_of):
    t = tally_of(one_category(columns([G], [G]), 2))
    assert any("等次都是“好”" in w for w in t.warnings)


def test_sub_items_are_counted_but_grades_come_from_overall(tally_of):
    ballots = (BallotSpec("A", (G, P, AB)), BallotSpec("A", (G, P, P)))
    t = tally_of(one_category(ballots, 1, sub_items=2))
    r = t.reporters[0]
    assert [(item.name, c.good, c.poor, c.abstain) for item, c in r.items] == [
        ("总体评价", 2, 0, 0), ("分项1", 0, 2, 0), ("分项2", 0, 1, 1)]
    assert (r.counts.good, r.poor_rate, r.proposed_grade) == (2, 0, Mark.GOOD)


def test_cross_sum_with_a_damaged_view(tmp_path, template_root):
    meeting = open_fresh(tmp_path, template_root)
    try:
        build(meeting, Scenario(1, (("A", Decimal(1), 5),), columns([G, G]), double_entry=True), one_by_one=True)
        meeting.db.execute("DROP VIEW official_ballots")
        meeting.db.execute("CREATE VIEW official_ballots AS SELECT serial, id AS ballot_id FROM ballots")
        t = compute_tally(meeting)
    finally:
        meeting.close()
    assert t.categories[0].valid == 2
    assert t.reporters[0].counts.good == 4
    assert any(p.kind == "cross_sum" and "好+较好+一般+差+弃权 = 4，有效票 2" in p.text for p in t.blocking)


def test_json_shape_and_rounding(tally_of):
    sc = Scenario(2, (("A", Decimal("1.5"), 3), ("B", Decimal(1), 3)),
                  columns([G, FG, AV], [G, G, AB], category="A") + columns([FG, FG, G], [P, AB, AB], category="B"),
                  sub_items=0)
    data = json.loads(json.dumps(tally_json(tally_of(sc)), ensure_ascii=False))
    assert set(data) >= {"meeting", "valid", "problems", "reconciliation", "categories", "reporters"}
    assert data["meeting"] == {"title": "", "rehearsal": False, "finalized": False, "fingerprint": None,
                               "chain_head": None}
    assert data["categories"][0] == {"code": "A", "name": "A类测评人", "weight": 1.5, "issued": 3, "returned": 3,
                                     "void": 0, "valid": 3, "void_over_cap": 0}
    assert data["categories"][1]["weight"] == 1 and isinstance(data["categories"][1]["weight"], int)
    first = data["reporters"][0]
    assert [r["seq"] for r in data["reporters"]] == [1, 2]
    assert first["counts"] == {"good": 2, "fairly_good": 3, "average": 1, "poor": 0, "abstain": 0}
    assert first["by_category"]["B"] == {"good": 1, "fairly_good": 2, "average": 0, "poor": 0, "abstain": 0,
                                         "score": 86.67}
    assert first["onsite_score"] == 82.67  # (1.5 × 80 + 1 × 86.667) / 2.5 = 82.666…
    assert first["good_rate"] == 0.3333 and first["poor_rate"] == 0.0
    assert first["limit_rate"] == 0.1667  # 一般和差 (the default): 1 一般 of 6 valid
    assert data["rules"] == {"poor_grades": "一般和差", "poor_limit_pct": 10, "good_cap_pct": None}
    assert first["mode"] == "onsite" and first["unit"] == "第1支部"
    assert first["items"] == [{"seq": 1, "name": "总体评价", "counts": first["counts"]}]
    # 82.67 earns 较好, but 1 一般 of 6 is 16.67 % > 10 %: the 差票 rule (一般和差) makes it 差
    assert first["proposed_grade"] == "差" and first["final_grade"] == "差"
    assert first["grade_reasons"] == ["poor_rate"] and first["rank"] == 1 and first["tied"] is False
    second = data["reporters"][1]
    assert second["by_category"]["B"]["score"] == 0.0 and second["poor_rate"] == 0.1667
    assert (second["onsite_score"], second["proposed_grade"], second["grade_reasons"]) == (60.0, "差", ["poor_rate"])


def test_empty_meeting_counts_without_error(meeting):
    t = compute_tally(meeting)
    assert (t.reporters, t.categories, t.valid) == ([], [], True)
    assert t.blocking_kinds() == {"grade"}
    assert tally_json(t)["reporters"] == []
