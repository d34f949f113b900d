"""Issue 10: the 差票 rule over 差票计入等次 (一般和差 / 差), the per-ballot cap on 好 (每票好等次上限),
their boundaries, double entry of a ballot over the cap, and old files keeping 差."""

from __future__ import annotations

import sqlite3
from decimal import Decimal
from fractions import Fraction

import pytest

from models import ballots as ballot_ops
from models import setup
from models.ballots.cap import cap_allowed, cap_excess, cap_warning
from models.ballots.forms import create_forms
from models.ballots.reconciliation import reconciliation, settle_by_rekey
from models.counting import compute_tally, tally_json
from models.errors import InputErrors
from models.labels import Mark
from models.meeting import Meeting
from tests.models.counting.test_tally_edges import columns, one_category
from tests.models.tally_scenarios import BallotSpec, Scenario, build, open_fresh

G, FG, AV, P = 1, 2, 3, 4


@pytest.fixture(scope="module")
def template_root(tmp_path_factory):
    return tmp_path_factory.mktemp("limit_cap_template")


@pytest.fixture
def make(tmp_path, template_root):
    opened = []

    def run(sc: Scenario):
        meeting = open_fresh(tmp_path, template_root, f"m{len(opened)}.pingyi")
        opened.append(meeting)
        build(meeting, sc, one_by_one=True)
        return meeting

    yield run
    for m in opened:
        m.close()


@pytest.mark.parametrize(
    "average, poor, valid, chosen, hit",
    [
        (5, 0, 50, "一般和差", False),  # 5 of 50 is exactly 10 %: does not trigger
        (6, 0, 50, "一般和差", True),  # 一般 alone triggers under the default
        (6, 0, 50, "差", False),  # …but not when only 差 counts
        (3, 3, 50, "一般和差", True),
        (3, 3, 50, "差", False),
        (0, 6, 50, "差", True),
        (2, 1, 30, "一般、差", False),  # 3 of 30 = 10 %, spelled 一般、差
        (3, 1, 30, "一般+差", True),
    ],
)
def test_limit_rule_over_the_chosen_grades(make, average, poor, valid, chosen, hit):
    column = [AV] * average + [P] * poor + [G] * (valid - average - poor)
    t = compute_tally(make(one_category(columns(column), 1, rules={"poor_grades": chosen})))
    r = t.reporters[0]
    counted = average + poor if chosen != "差" else poor
    assert r.limit_rate == Fraction(counted, valid) and r.poor_rate == Fraction(poor, valid)
    assert ("poor_rate" in r.grade_reasons) is hit
    assert (r.proposed_grade == Mark.POOR) is hit


@pytest.mark.parametrize(
    "reporters, goods, void",
    [
        (1, 0, False),
        (1, 1, True),  # 70 % of 1 allows none
        (3, 2, False),
        (3, 3, True),  # 70 % of 3 = 2.1 → 2
        (7, 4, False),
        (7, 5, True),  # 4.9 → 4
        (10, 7, False),
        (10, 8, True),  # exactly 7: at the share does not void
    ],
)
def test_cap_boundaries(make, reporters, goods, void):
    row = tuple([G] * goods + [FG] * (reporters - goods))
    sc = Scenario(
        reporters,
        (("A", Decimal(1), 2),),
        (BallotSpec("A", row), BallotSpec("A", (FG,) * reporters)),
        rules={"good_cap_pct": 70},
    )
    m = make(sc)
    assert cap_allowed(m) == int(Decimal(70) * reporters // 100)
    t = compute_tally(m)
    a = t.categories[0]
    assert (a.returned, a.void, a.valid, a.cap_void) == (2, int(void), 2 - int(void), int(void))
    assert t.reporters[0].counts.good == (0 if void else int(goods > 0))
    assert tally_json(t)["categories"][0]["void_over_cap"] == int(void)


def test_cap_on_a_sub_item_voids_the_whole_ballot(make):
    # 3 reporters × (总体评价, 分项1); the overall item is within 70 % (2 好), the sub-item is over (3 好)
    row = (G, G, G, G, FG, G)
    sc = Scenario(3, (("A", Decimal(1), 1),), (BallotSpec("A", row),), sub_items=1, rules={"good_cap_pct": 70})
    t = compute_tally(make(sc))
    assert (t.categories[0].void, t.categories[0].cap_void, t.categories[0].valid) == (1, 1, 0)
    assert all(r.counts.total == 0 for r in t.reporters)


def test_no_cap_counts_everything(make):
    sc = Scenario(3, (("A", Decimal(1), 1),), (BallotSpec("A", (G, G, G)),))
    t = compute_tally(make(sc))
    assert (t.categories[0].void, t.categories[0].valid) == (0, 1)


def _cells(m):
    return ballot_ops.layout(m)


def test_double_entry_disagreeing_only_in_the_mark_that_crosses_the_cap(make):
    """10 reporters, cap 70 %: 一录 has 8 好 (void), 二录 7 好 (valid); they differ in one mark only.
    Neither counts until re-keyed; the re-keying decides whether the ballot is void by the cap."""
    sc = Scenario(10, (("A", Decimal(1), 3),), (), double_entry=True, rules={"good_cap_pct": 70})
    m = make(sc)
    cells = _cells(m)
    serial = create_forms(m, "A", 1)[0]
    eight = {cell: (G if k < 8 else FG) for k, cell in enumerate(cells)}
    seven = {**eight, cells[7]: FG}
    ballot_ops.enter_ballot(m, 1, serial, eight)
    ballot_ops.enter_ballot(m, 2, serial, seven)
    t = compute_tally(m)
    assert (t.categories[0].valid, t.categories[0].void, t.reconciliation.mismatched) == (0, 0, 1)
    mismatch = reconciliation(m).mismatches[0]
    assert mismatch.differing == frozenset({cells[7]})
    assert mismatch.cap_notes == ("一录：‘好’8 个，超过每票上限 7 个，按废票计（超比例）",)
    settle_by_rekey(m, serial, eight)  # the paper says 8 好
    t = compute_tally(m)
    assert (t.categories[0].valid, t.categories[0].void, t.categories[0].cap_void) == (0, 1, 1)
    assert t.reporters[0].counts.good == 0


def test_rekey_agreeing_with_the_valid_keying_counts_it(make):
    sc = Scenario(10, (("A", Decimal(1), 3),), (), double_entry=True, rules={"good_cap_pct": 70})
    m = make(sc)
    cells = _cells(m)
    serial = create_forms(m, "A", 1)[0]
    eight = {cell: (G if k < 8 else FG) for k, cell in enumerate(cells)}
    seven = {**eight, cells[7]: FG}
    ballot_ops.enter_ballot(m, 1, serial, eight)
    ballot_ops.enter_ballot(m, 2, serial, seven)
    settle_by_rekey(m, serial, seven)
    t = compute_tally(m)
    assert (t.categories[0].valid, t.categories[0].cap_void) == (1, 0)
    assert t.reporters[0].counts.good == 1 and t.reporters[7].counts.fairly_good == 1


def test_entry_keeps_what_was_keyed_and_the_warning_names_the_numbers(make):
    sc = Scenario(10, (("A", Decimal(1), 3),), (), rules={"good_cap_pct": 70})
    m = make(sc)
    cells = _cells(m)
    serial = create_forms(m, "A", 1)[0]
    eight = {cell: (G if k < 8 else FG) for k, cell in enumerate(cells)}
    excess = cap_excess(eight, cap_allowed(m))
    assert cap_warning(excess, "70") == "本票‘好’8 个，超过上限 70%（7 个），将按废票计"
    stored = ballot_ops.enter_ballot(m, 1, serial, eight)
    assert stored.void_reason is None and stored.marks == {c: Mark(v) for c, v in eight.items()}
    assert cap_excess(dict(list(eight.items())[:7]), 7) is None


def test_rules_parse_the_spellings_and_refuse_others(make):
    m = make(Scenario(1, (("A", Decimal(1), 1),)))
    for text, stored in [("一般、差", "一般和差"), ("一般+差", "一般和差"), ("差", "差"), (" 一般和差 ", "一般和差")]:
        assert setup.set_rules(m, poor_grades=text).poor_grades == stored
    with pytest.raises(InputErrors, match="差票计入等次“较好”只能填"):
        setup.set_rules(m, poor_grades="较好")
    assert setup.set_rules(m, good_cap_pct="70").good_cap_pct == Decimal(70)
    assert setup.set_rules(m, good_cap_pct="").good_cap_pct is None
    with pytest.raises(InputErrors, match="每票好等次上限"):
        setup.set_rules(m, good_cap_pct="0")
    with pytest.raises(InputErrors, match="每票好等次上限"):
        setup.set_rules(m, good_cap_pct="120")


def test_a_new_meeting_gets_the_default_and_an_old_file_keeps_poor_alone(tmp_path):
    new = Meeting.create(tmp_path / "新.pingyi")
    assert setup.get_rules(new).poor_grades == "一般和差"
    new.close()
    old_path = tmp_path / "旧.pingyi"
    Meeting.create(old_path).close()
    conn = sqlite3.connect(old_path)  # back to a file of the previous release: no m004 yet
    conn.execute("ALTER TABLE rules DROP COLUMN poor_grades")
    conn.execute("ALTER TABLE rules DROP COLUMN good_cap_pct")
    conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm004_rules'")
    conn.execute("PRAGMA user_version = 3")
    conn.commit()
    conn.close()
    with Meeting.open(old_path) as old:
        assert setup.get_rules(old).poor_grades == "差"
        assert setup.get_rules(old).good_cap_pct is None


def test_the_rules_round_trip_through_the_setup_workbook_and_a_bad_cell_is_named(make, tmp_path):
    import openpyxl

    from models.setup.workbook import export_setup, import_setup, read_setup

    m = make(Scenario(2, (("A", Decimal(1), 1),)))
    setup.set_rules(m, poor_grades="差", good_cap_pct="70")
    path = export_setup(m, tmp_path / "设置.xlsx")
    rules = read_setup(path).rules
    assert (rules.poor_grades, rules.good_cap_pct) == ("差", Decimal(70))
    book = openpyxl.load_workbook(path)
    row = next(r for r in book["计分规则"].iter_rows(min_row=2) if r[0].value == "差票计入等次")
    row[1].value = "一般+差"
    book.save(path)
    import_setup(m, path)
    assert setup.get_rules(m).poor_grades == "一般和差"
    row[1].value = "较好和差"
    book.save(path)
    with pytest.raises(InputErrors) as refused:
        import_setup(m, path)
    assert "“较好和差”不是可用的差票计入等次" in str(refused.value) and "计分规则" in str(refused.value)
    assert setup.get_rules(m).poor_grades == "一般和差"  # nothing stored
