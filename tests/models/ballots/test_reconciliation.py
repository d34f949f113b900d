"""Double entry: keyed-once serials, mismatches with their differing cells, settling by re-keying."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models.ballots import (
    BallotRefused,
    SerialRefused,
    counted_ballots,
    enter_ballot,
    entry_summary,
    get_ballot,
    layout,
    reconciliation,
    settle_by_rekey,
    update_ballot,
)
from models.ballots.reconciliation import EntrySummary, is_settled
from models.labels import Mark
from models.meeting import Meeting, audit
from tests.models.ballot_helpers import populate


@pytest.fixture
def serials(meeting):
    return populate(meeting, reporters=3, items=1, printed=6)["A"]


@pytest.fixture
def cells(meeting, serials):
    return layout(meeting)


def test_serials_keyed_once_are_listed_whichever_pass(meeting, serials, cells):
    enter_ballot(meeting, 1, serials[2], {})
    enter_ballot(meeting, 2, serials[0], {})
    enter_ballot(meeting, 1, serials[1], {})
    enter_ballot(meeting, 2, serials[1], {})
    state = reconciliation(meeting)
    assert state.entered_once == sorted([serials[0], serials[2]])
    assert state.mismatches == [] and state.reconciled == 1
    assert entry_summary(meeting) == EntrySummary(True, 2, 2, 1, 0, 2)


def test_mismatch_lists_the_differing_cells(meeting, serials, cells):
    enter_ballot(meeting, 1, serials[0], {cells[0]: 1, cells[1]: 1, cells[2]: 3})
    enter_ballot(meeting, 2, serials[0], {cells[0]: 1, cells[1]: 2})
    (mismatch,) = reconciliation(meeting).mismatches
    assert mismatch.serial == serials[0] and mismatch.rekey is None
    assert mismatch.first.pass_no == 1 and mismatch.second.pass_no == 2
    assert mismatch.differing == frozenset({cells[1], cells[2]})
    assert entry_summary(meeting).mismatched == 1


@pytest.mark.parametrize("first_void, second_void", [("无法辨认", None), ("无法辨认", "空白票"), (None, "空白票")])
def test_void_disagreement_is_one_void_difference(meeting, serials, cells, first_void, second_void):
    enter_ballot(meeting, 1, serials[0], {cells[0]: 1}, first_void)
    enter_ballot(meeting, 2, serials[0], {cells[0]: 1}, second_void)
    (mismatch,) = reconciliation(meeting).mismatches
    assert mismatch.differing == frozenset({"void"})


@pytest.mark.parametrize("agrees_with", [1, 2])
def test_rekey_matching_one_keying_settles_it(meeting, serials, cells, agrees_with):
    keyed = {1: {cells[0]: 1}, 2: {cells[0]: 4}}
    enter_ballot(meeting, 1, serials[0], keyed[1])
    enter_ballot(meeting, 2, serials[0], keyed[2])
    rekey = settle_by_rekey(meeting, serials[0].lower(), keyed[agrees_with])
    assert rekey.pass_no == 3 and is_settled(meeting, serials[0])
    state = reconciliation(meeting)
    assert state.mismatches == [] and state.reconciled == 1
    (counted,) = counted_ballots(meeting)
    assert counted.marks == {cells[0]: Mark(keyed[agrees_with][cells[0]])}
    assert audit.entries(meeting.db, "核对重录")[-1]["detail"]["matches"] == [agrees_with]


def test_rekey_matching_neither_stays_flagged_and_is_replaced_by_the_next(meeting, serials, cells):
    enter_ballot(meeting, 1, serials[0], {cells[0]: 1})
    enter_ballot(meeting, 2, serials[0], {cells[0]: 2})
    wrong = settle_by_rekey(meeting, serials[0], {cells[0]: 3})
    (mismatch,) = reconciliation(meeting).mismatches
    assert mismatch.rekey == wrong and not is_settled(meeting, serials[0])
    assert counted_ballots(meeting) == []
    settle_by_rekey(meeting, serials[0], {cells[0]: 2})
    assert reconciliation(meeting).mismatches == []
    assert meeting.db.execute("SELECT count(*) FROM ballots WHERE pass_no = 3").fetchone()[0] == 1
    assert get_ballot(meeting, 3, serials[0]).marks == {cells[0]: Mark.FAIRLY_GOOD}


@pytest.mark.parametrize("situation, words", [
    ("none", "尚未录入"),
    ("once", "只录入了一次"),
    ("agreed", "一致，无需核对"),
    ("settled", "已由核对重录确认"),
])
def test_rekey_is_refused_when_there_is_nothing_to_settle(meeting, serials, cells, situation, words):
    s = serials[0]
    if situation in ("once", "agreed", "settled"):
        enter_ballot(meeting, 1, s, {cells[0]: 1})
    if situation == "agreed":
        enter_ballot(meeting, 2, s, {cells[0]: 1})
    if situation == "settled":
        enter_ballot(meeting, 2, s, {cells[0]: 2})
        settle_by_rekey(meeting, s, {cells[0]: 2})
    with pytest.raises(SerialRefused, match=words):
        settle_by_rekey(meeting, s, {cells[0]: 1})


def test_rekey_refused_without_double_entry(meeting):
    serials = populate(meeting, printed=1, double_entry=False)["A"]
    with pytest.raises(BallotRefused, match="未开启"):
        settle_by_rekey(meeting, serials[0], {})
    assert reconciliation(meeting).entered_once == []


def test_correcting_a_keying_can_resolve_a_mismatch(meeting, serials, cells):
    first = enter_ballot(meeting, 1, serials[0], {cells[0]: 1})
    enter_ballot(meeting, 2, serials[0], {cells[0]: 2})
    update_ballot(meeting, first.id, {cells[0]: 2})
    assert reconciliation(meeting).mismatches == [] and len(counted_ballots(meeting)) == 1


# -- property: the report agrees with the official_ballots VIEW and a plain reference ----------
KEYINGS = st.lists(
    st.tuples(st.integers(0, 3), st.sampled_from([1, 2, 3]), st.sampled_from(["a", "b", "c", "void"])),
    max_size=25,
)


def _reference(history: dict) -> tuple[set, set, set]:
    """(keyed once, mismatched, counted) from the rules in plain words."""
    once = {s for s, p in history.items() if (1 in p) != (2 in p)}
    both = {s for s, p in history.items() if 1 in p and 2 in p}
    counted = {s for s in both if p_agree(history[s])}
    return once, both - counted, counted


def p_agree(passes: dict) -> bool:
    return passes[1] == passes[2] or passes.get(3) in (passes[1], passes[2])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(keyings=KEYINGS)
def test_reconciliation_matches_the_view_and_the_reference(tmp_path_factory, keyings):
    path = tmp_path_factory.mktemp("recon") / "p.pingyi"
    with Meeting.create(path) as meeting:
        serials = populate(meeting, reporters=1, printed=4)["A"]
        cell = layout(meeting)[0]
        contents = {"a": ({cell: 1}, None), "b": ({cell: 2}, None), "c": ({}, None), "void": ({}, "废")}
        history: dict[str, dict] = {}
        for k, pass_no, content in keyings:
            serial, (marks, void) = serials[k], contents[content]
            try:
                if pass_no == 3:
                    settle_by_rekey(meeting, serial, marks, void)
                else:
                    enter_ballot(meeting, pass_no, serial, marks, void)
            except SerialRefused:
                continue
            history.setdefault(serial, {})[pass_no] = content
        once, mismatched, counted = _reference(history)
        state = reconciliation(meeting)
        assert set(state.entered_once) == once
        assert {m.serial for m in state.mismatches} == mismatched
        assert state.reconciled == len(counted)
        assert {b.serial for b in counted_ballots(meeting)} == counted
