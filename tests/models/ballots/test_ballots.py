"""Ballots: one transaction each, refusals that store nothing, edits, counting, canonical export."""

import random

import pytest

from models.ballots import forms, settle_by_rekey
from models.ballots.keying import (
    Ballot,
    BallotRefused,
    SerialRefused,
    canonical_ballot_export,
    check_serial,
    counted_ballots,
    delete_ballot,
    digest_faults,
    enter_ballot,
    get_ballot,
    layout,
    recent_ballots,
    update_ballot,
)
from models.ballots.serials import check_char, format_serial
from models.counting import verify_meeting
from models.errors import MeetingFinalized
from models.labels import Mark
from models.meeting import Meeting, audit
from tests.models.ballot_helpers import digest_of, marks_for, populate


@pytest.fixture
def serials(meeting):
    return populate(meeting, reporters=3, items=2, printed=6)["A"]


def snapshot(meeting):
    return tuple(meeting.db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("ballots", "marks", "audit"))


def test_enter_ballot_stores_every_cell_in_one_transaction(meeting, serials):
    cells = layout(meeting)
    marks = {cells[0]: Mark.GOOD, cells[1]: 2, cells[3]: Mark.OVERMARKED}
    before = snapshot(meeting)
    ballot = enter_ballot(meeting, 1, serials[0].lower(), marks)
    assert snapshot(meeting) == (before[0] + 1, before[1] + len(cells), before[2] + 1)
    assert ballot.serial == serials[0] and ballot.pass_no == 1 and ballot.category_code == "A"
    assert ballot.marks == {cells[0]: Mark.GOOD, cells[1]: Mark.FAIRLY_GOOD, cells[3]: Mark.OVERMARKED}
    assert ballot.mark(*cells[2]) is Mark.ABSTAIN and ballot.digest == "120900"
    assert get_ballot(meeting, 1, serials[0]) == ballot
    stored = meeting.db.execute("SELECT mark FROM marks WHERE ballot_id = ?", [ballot.id])
    assert sorted(r[0] for r in stored) == [0, 0, 0, 1, 2, 9]
    assert audit.entries(meeting.db, "录入选票")[-1]["detail"] == {"serial": serials[0], "pass": 1, "digest": "120900"}


def _other_meeting_serial():
    return format_serial("A22222" + check_char("A22222"))


@pytest.mark.parametrize("case, words", [
    ("unknown", "不是本会议打印"),
    ("mistyped", "校验码不对"),
    ("garbled", "长度不对"),
    ("spoiled", "已作废"),
    ("duplicate", "已在一录中录入过"),
    ("pass2_single", "未开启“双录核对”"),
    ("pass3", "只能是 1（一录）或 2（二录）"),
])
def test_serial_refusals_store_nothing(meeting, serials, case, words):
    enter_ballot(meeting, 1, serials[1], {})
    forms.spoil_form(meeting, serials[2], "多印")
    if case == "pass2_single":
        with meeting.write("测试：关闭双录", {}) as db:
            db.execute("UPDATE rules SET double_entry = 0")
    text = {
        "unknown": _other_meeting_serial(),
        "mistyped": serials[0][:-1] + ("2" if serials[0][-1] != "2" else "3"),
        "garbled": serials[0][:-2],
        "spoiled": serials[2],
        "duplicate": serials[1],
    }.get(case, serials[0])
    pass_no = {"pass2_single": 2, "pass3": 3}.get(case, 1)
    before = snapshot(meeting)
    with pytest.raises(BallotRefused) as err:
        check_serial(meeting, pass_no, text)
    assert words in str(err.value)
    with pytest.raises(BallotRefused):
        enter_ballot(meeting, pass_no, text, {})
    assert snapshot(meeting) == before


def test_duplicate_refusal_shows_the_existing_ballot(meeting, serials):
    first = enter_ballot(meeting, 1, serials[0], marks_for(meeting, serials[0]))
    with pytest.raises(SerialRefused) as err:
        check_serial(meeting, 1, serials[0].replace("-", " "))
    assert err.value.existing == first and err.value.serial == serials[0]
    assert check_serial(meeting, 2, serials[0]) == serials[0]  # the other pass is still open


@pytest.mark.parametrize("bad_marks, words", [
    ({(999, 1): 1}, "没有的述职人或测评项目"),
    ({"1": 1}, "没有的述职人或测评项目"),
    ("cell0:5", "不是等次键"),
    ("cell0:7", "不是等次键"),
    ("cell0:True", "不是等次键"),
    ("cell0:好", "不是等次键"),
    ("cell0:None", "不是等次键"),
    ("cell0:1.0", "不是等次键"),
    ("cell0:[1]", "不是等次键"),
])
def test_bad_marks_are_refused_and_store_nothing(meeting, serials, bad_marks, words):
    if isinstance(bad_marks, str):
        raw = bad_marks.split(":")[1]
        value = {"True": True, "None": None, "1.0": 1.0, "[1]": [1]}.get(raw, int(raw) if raw.isdigit() else raw)
        bad_marks = {layout(meeting)[0]: value}
    before = snapshot(meeting)
    with pytest.raises(BallotRefused) as err:
        enter_ballot(meeting, 1, serials[0], bad_marks)
    assert words in str(err.value)
    assert snapshot(meeting) == before


def test_void_ballot_keeps_its_reason_and_no_marks(meeting, serials):
    ballot = enter_ballot(meeting, 1, serials[0], {layout(meeting)[0]: 1}, void_reason=" 未按要求\n划票 ")
    assert ballot.is_void and ballot.void_reason == "未按要求 划票" and ballot.marks == {}
    assert ballot.digest == "作废:未按要求 划票"
    assert meeting.db.execute("SELECT count(*) FROM marks WHERE ballot_id = ?", [ballot.id]).fetchone()[0] == 0
    before = snapshot(meeting)
    with pytest.raises(BallotRefused, match="废票需要填写原因"):
        enter_ballot(meeting, 1, serials[1], {}, void_reason="  ")
    assert snapshot(meeting) == before


def test_update_keeps_serial_and_pass_and_is_audited(meeting, serials):
    cells = layout(meeting)
    original = enter_ballot(meeting, 2, serials[0], {cells[0]: 1})
    updated = update_ballot(meeting, original.id, {cells[0]: 3, cells[5]: 4})
    assert (updated.id, updated.serial, updated.pass_no, updated.entered_at) == (
        original.id, original.serial, 2, original.entered_at)
    assert get_ballot(meeting, 2, serials[0]) == updated and updated.digest == "300004"
    assert audit.entries(meeting.db, "修改选票")[-1]["detail"] == {
        "serial": serials[0], "pass": 2, "before": "100000", "after": "300004"}
    voided = update_ballot(meeting, original.id, {}, void_reason="无法辨认")
    assert get_ballot(meeting, 2, serials[0]) == voided and voided.marks == {}
    assert not digest_faults(meeting)


def test_update_refuses_bad_marks_and_keeps_the_ballot(meeting, serials):
    original = enter_ballot(meeting, 1, serials[0], {layout(meeting)[0]: 1})
    with pytest.raises(BallotRefused):
        update_ballot(meeting, original.id, {layout(meeting)[0]: 6})
    assert get_ballot(meeting, 1, serials[0]) == original


def test_delete_needs_a_reason_and_is_audited(meeting, serials):
    ballot = enter_ballot(meeting, 1, serials[0], {})
    with pytest.raises(BallotRefused, match="需要填写原因"):
        delete_ballot(meeting, ballot.id, " ")
    assert get_ballot(meeting, 1, serials[0]) is not None
    delete_ballot(meeting, ballot.id, "编号录错，实为另一张")
    assert get_ballot(meeting, 1, serials[0]) is None
    assert meeting.db.execute("SELECT count(*) FROM marks WHERE ballot_id = ?", [ballot.id]).fetchone()[0] == 0
    assert audit.entries(meeting.db, "删除选票")[-1]["detail"]["reason"] == "编号录错，实为另一张"
    enter_ballot(meeting, 1, serials[0], {})  # may be keyed again


def test_deleting_a_first_keying_drops_the_rekeying(meeting, serials):
    cell = layout(meeting)[0]
    first = enter_ballot(meeting, 1, serials[0], {cell: 1})
    enter_ballot(meeting, 2, serials[0], {cell: 2})
    settle_by_rekey(meeting, serials[0], {cell: 2})
    delete_ballot(meeting, first.id, "一录编号张冠李戴")
    assert get_ballot(meeting, 3, serials[0]) is None
    assert counted_ballots(meeting) == []


def test_after_finalizing_nothing_can_be_entered(meeting, serials):
    ballot = enter_ballot(meeting, 1, serials[0], {})
    with meeting.write("测试：定稿", {}, allow_finalized=True) as db:
        db.execute("UPDATE meeting SET finalized = 1")
    with pytest.raises(MeetingFinalized):
        check_serial(meeting, 1, serials[1])
    with pytest.raises(MeetingFinalized):
        update_ballot(meeting, ballot.id, {})
    with pytest.raises(MeetingFinalized):
        delete_ballot(meeting, ballot.id, "理由")


def test_recent_ballots_are_newest_first_and_blind_per_pass(meeting, serials):
    for s in serials[:4]:
        enter_ballot(meeting, 1, s, marks_for(meeting, s))
    enter_ballot(meeting, 2, serials[5], {})
    recent = recent_ballots(meeting, 1, limit=3)
    assert [b.serial for b in recent] == serials[3:0:-1]
    assert all(b.pass_no == 1 for b in recent)
    assert [b.serial for b in recent_ballots(meeting, 2)] == [serials[5]]
    assert recent_ballots(meeting, 3) == []


def test_counted_ballots_single_entry(meeting):
    serials = populate(meeting, reporters=2, printed=3, double_entry=False)["A"]
    for s in reversed(serials):
        enter_ballot(meeting, 1, s, marks_for(meeting, s))
    counted = counted_ballots(meeting)
    assert [b.serial for b in counted] == sorted(serials)
    assert all(isinstance(b, Ballot) and b.pass_no == 1 for b in counted)


def test_counted_ballots_double_entry_only_agreed_or_settled(meeting, serials):
    cell = layout(meeting)[0]
    enter_ballot(meeting, 1, serials[0], {cell: 1})  # keyed once
    for s in serials[1:3]:  # agreed
        enter_ballot(meeting, 1, s, marks_for(meeting, s))
        enter_ballot(meeting, 2, s, marks_for(meeting, s))
    enter_ballot(meeting, 1, serials[3], {cell: 1})  # mismatch, unsettled
    enter_ballot(meeting, 2, serials[3], {cell: 2})
    enter_ballot(meeting, 1, serials[4], {cell: 1})  # mismatch settled for 一录
    enter_ballot(meeting, 2, serials[4], {cell: 3})
    settle_by_rekey(meeting, serials[4], {cell: 1})
    counted = {b.serial: b for b in counted_ballots(meeting)}
    assert sorted(counted) == sorted([serials[1], serials[2], serials[4]])
    assert counted[serials[4]].pass_no == 3 and counted[serials[4]].marks == {cell: Mark.GOOD}


def _fill(meeting, serial_list, keyings, order):
    for k in order:
        serial, marks, void = keyings[k]
        enter_ballot(meeting, 1, serial, marks, void)
        enter_ballot(meeting, 2, serial, marks, void)


def _twin_meetings(tmp_path, serials_from):
    """A second meeting file with the same roster and the same printed serials."""
    twin = Meeting.create(tmp_path / "另一台电脑.pingyi")
    populate(twin, reporters=3, items=2, printed=0)
    with twin.write("测试：同样的测评表", {}) as db:
        db.conn.executemany("INSERT INTO forms (serial, category_id, printed_at) VALUES (?, 1, '2026-01-01')",
                            [(s,) for s in serials_from])
    return twin


def test_export_is_byte_identical_whatever_the_entry_order(meeting, serials, tmp_path):
    more = forms.create_forms(meeting, "A", 14)
    every = serials + more
    keyings = [(s, marks_for(meeting, s), "无法辨认" if k % 7 == 3 else None) for k, s in enumerate(every)]
    _fill(meeting, every, keyings, range(len(keyings)))
    twin = _twin_meetings(tmp_path, every)
    try:
        order = list(range(len(keyings)))
        random.Random(5).shuffle(order)
        _fill(twin, every, keyings, order)
        assert canonical_ballot_export(meeting) == canonical_ballot_export(twin)
    finally:
        twin.close()
    text = canonical_ballot_export(meeting).decode("utf-8")
    lines = text.splitlines()
    assert lines[0] == "Pingyi 计入选票 v1" and lines[1] == "列\t1-1\t1-2\t2-1\t2-2\t3-1\t3-2"
    assert [line.split("\t")[0] for line in lines[2:]] == sorted(every)
    assert f"{every[3]}\t作废:无法辨认" in lines
    assert f"{every[0]}\t{digest_of(meeting, keyings[0][1])}" in lines
    assert text.endswith("\n") and "2026" not in text


def test_export_leaves_out_what_does_not_count(meeting, serials):
    cell = layout(meeting)[0]
    enter_ballot(meeting, 1, serials[0], {cell: 1})
    enter_ballot(meeting, 1, serials[1], {cell: 1})
    enter_ballot(meeting, 2, serials[1], {cell: 2})
    assert canonical_ballot_export(meeting).decode().count("\n") == 2  # header lines only


def test_verify_checks_ballot_digests(meeting, serials):
    ballot = enter_ballot(meeting, 1, serials[0], {layout(meeting)[0]: 1})
    assert verify_meeting(meeting).ok
    meeting.db.execute("UPDATE marks SET mark = 4 WHERE ballot_id = ? AND mark = 1", [ballot.id])
    meeting.db.conn.commit()
    report = verify_meeting(meeting)
    assert not report.ok and any("选票" in line and "失败" in line for line in report.lines())


# -- demo ballots -------------------------------------------------------------
def _digests(meeting, pass_no):
    return sorted(r[0] for r in meeting.db.execute("SELECT digest FROM ballots WHERE pass_no = ?", [pass_no]))


def test_demo_ballots_are_realistic_and_leave_two_to_reconcile(meeting):
    from models.ballots import reconciliation
    from models.demo import add_demo_ballots

    populate(meeting, reporters=12, items=1, categories=(("A", 20), ("B", 80)), printed=0)
    assert add_demo_ballots(meeting, 90, seed=4) == 90
    per_category = dict(meeting.db.execute(
        "SELECT substr(serial, 1, 1), count(*) FROM ballots WHERE pass_no = 1 GROUP BY 1").fetchall())
    assert per_category == {"A": 18, "B": 72}
    state = reconciliation(meeting)
    assert len(state.mismatches) == 2 and state.entered_once == [] and state.reconciled == 88
    marks = [int(ch) for d in _digests(meeting, 1) if not d.startswith("作废") for ch in d]
    share = {m: marks.count(m) / len(marks) for m in (0, 1, 2, 3, 4, 9)}
    assert share[1] > 0.6 and share[1] + share[2] > 0.85 and 0 < share[4] < 0.08
    assert share[0] > 0 and share[9] > 0
    assert 1 <= sum(d.startswith("作废:") for d in _digests(meeting, 1)) <= 5
    assert not digest_faults(meeting)


def test_demo_ballots_reuse_printed_forms_and_follow_the_seed(tmp_path):
    from models.demo import add_demo_ballots

    digests = []
    for name in ("一", "二"):
        with Meeting.create(tmp_path / f"{name}.pingyi") as meeting:
            printed = populate(meeting, reporters=6, items=2, printed=10, double_entry=False)["A"]
            add_demo_ballots(meeting, 30, seed=11)
            entered = {r[0] for r in meeting.db.execute("SELECT serial FROM ballots")}
            assert set(printed) <= entered and len(entered) == 30
            assert _digests(meeting, 2) == []
            digests.append(_digests(meeting, 1))
    assert digests[0] == digests[1]
