"""Station copies (录入机) and merging them back: what comes in, what is refused, what stays unchanged."""

from __future__ import annotations

import shutil
import sqlite3

import pytest

from models import setup
from models.ballots import (
    canonical_ballot_export,
    delete_ballot,
    entry_summary,
    forms,
    get_ballot,
    reconciliation,
    settle_by_rekey,
    update_ballot,
)
from models.counting import compute_tally, decisions, tally_json
from models.errors import PingyiError
from models.labels import Mark
from models.meeting import Meeting, audit
from models.meeting.file import StationRefused
from models.stations import MergeConflicts, make_station, merge_history, merge_stations, station_info
from tests.models.ballot_helpers import marks_for
from tests.models.stations.helpers import key, main_meeting, sha, station


def _other_marks(meeting, serial):
    marks = marks_for(meeting, serial)
    first = next(iter(sorted(marks))) if marks else None
    return {**marks, first: 4 if marks.get(first) != 4 else 1} if first else {(1, 1): 1}


def test_a_station_knows_what_it_is_and_keys_only_ballots(tmp_path):
    main = tmp_path / "会议.pingyi"
    serials = main_meeting(main)
    key(main, 1, serials[:2])
    path = station(main, "二号机")
    with Meeting.open(main) as meeting:
        main_id = meeting.db.execute("SELECT meeting_id FROM meeting_identity").fetchone()[0]
        assert station_info(meeting) is None and meeting.station_name is None
        assert [r.name for r in merge_history(meeting)] == ["二号机"]
    with Meeting.open(path) as st:
        info = station_info(st)
        assert (info.name, info.meeting_id, st.station_name) == ("二号机", main_id, "二号机")
        assert st.db.execute("SELECT count(*) FROM ballots").fetchone()[0] == 0  # only what is keyed here
        assert st.db.execute("SELECT count(*) FROM forms").fetchone()[0] == len(serials)
        for change in (
            lambda: setup.add_category(st, "B", "B类", 1, 5),
            lambda: forms.create_forms(st, "A", 1),
            lambda: decisions.flag(st, 1, "重大失误"),
            lambda: decisions.finalize(st, "测试"),
        ):
            with pytest.raises(StationRefused, match="录入机“二号机”"):
                change()
        before = sha(path)
    assert sha(path) == before
    key(path, 1, serials[2:4])  # keying works
    with Meeting.open(path) as st:
        assert entry_summary(st).pass1 == 2
        with pytest.raises(PingyiError, match="不能再从它制作录入机"):
            make_station(st, tmp_path / "三号机.pingyi", "三号机")


@pytest.mark.parametrize("bad", ["", "   ", "名" * 21])
def test_station_names_are_checked(tmp_path, bad):
    main = tmp_path / "会议.pingyi"
    main_meeting(main)
    with Meeting.open(main) as meeting, pytest.raises(PingyiError, match="名称"):
        make_station(meeting, tmp_path / "x.pingyi", bad)
    assert not (tmp_path / "x.pingyi").exists()


def test_a_station_needs_printed_forms_a_new_file_and_a_new_name(tmp_path):
    main = tmp_path / "会议.pingyi"
    main_meeting(main)
    station(main, "二号机")
    with Meeting.open(main) as meeting:
        with pytest.raises(PingyiError, match="已有名为“二号机”"):
            make_station(meeting, tmp_path / "另一个.pingyi", "二号机")
        with pytest.raises(PingyiError, match="已存在"):
            make_station(meeting, tmp_path / "二号机.pingyi", "三号机")
    empty = tmp_path / "空.pingyi"
    Meeting.create(empty).close()
    with Meeting.open(empty) as meeting, pytest.raises(PingyiError, match="还没有打印测评表"):
        make_station(meeting, tmp_path / "y.pingyi", "二号机")


def test_blind_double_entry_across_two_stations_equals_one_laptop(tmp_path):
    main = tmp_path / "会议.pingyi"
    serials = main_meeting(main, forms=20)
    one_laptop = tmp_path / "单机.pingyi"
    shutil.copyfile(main, one_laptop)
    first, second = station(main, "一号机"), station(main, "二号机")
    key(first, 1, serials)
    key(second, 2, serials)
    key(one_laptop, 1, serials)
    key(one_laptop, 2, serials)
    with Meeting.open(main) as meeting:
        plan = merge_stations(meeting, [first])
        assert (plan.merged, plan.unchanged, plan.conflicts) == (20, 0, ())
        assert entry_summary(meeting).pending == 20
        plan = merge_stations(meeting, [second])
        assert (plan.merged, plan.unchanged) == (20, 0)
        summary = entry_summary(meeting)
        assert (summary.reconciled, summary.mismatched, summary.pending) == (20, 0, 0)
        merged_export, merged_tally = canonical_ballot_export(meeting), tally_json(compute_tally(meeting))
        origins = dict(meeting.db.execute("SELECT station_name, count(*) FROM ballot_origin GROUP BY 1").fetchall())
        assert origins == {"一号机": 20, "二号机": 20}
        history = {r.name: (r.merged, r.merges) for r in merge_history(meeting)}
        assert history == {"一号机": (20, 1), "二号机": (20, 1)}
        merges = audit.entries(meeting.db, "合并录入机")
        assert [e["detail"]["stations"][0]["sha256"] for e in merges] == [sha(first), sha(second)]
    with Meeting.open(one_laptop) as meeting:
        assert canonical_ballot_export(meeting) == merged_export
        assert tally_json(compute_tally(meeting)) == merged_tally and merged_tally["reporters"]
    # the station files were read, never written
    assert not list(tmp_path.glob("*.lock"))


def test_merging_twice_changes_nothing(tmp_path):
    main = tmp_path / "会议.pingyi"
    serials = main_meeting(main)
    key(main, 1, serials[:3])
    path = station(main, "二号机")
    key(path, 1, serials[:5])  # three identical to the main's, two new
    with Meeting.open(main) as meeting:
        plan = merge_stations(meeting, [path])
        assert (plan.merged, plan.unchanged) == (2, 3)
    before = sha(main)
    with Meeting.open(main) as meeting:
        plan = merge_stations(meeting, [path])
        assert (plan.merged, plan.unchanged) == (0, 5)
    assert sha(main) == before


def _conflicting_pair(tmp_path):
    main = tmp_path / "会议.pingyi"
    serials = main_meeting(main)
    first, second = station(main, "一号机"), station(main, "二号机")
    key(first, 1, serials[:4])
    key(second, 1, serials[3:6], marks=_other_marks)  # serials[3] keyed differently on both
    with Meeting.open(main) as meeting:
        merge_stations(meeting, [first])
    return main, second, serials


def test_a_conflict_refuses_the_whole_merge_and_leaves_the_file_byte_identical(tmp_path):
    main, second, serials = _conflicting_pair(tmp_path)
    before = sha(main)
    with Meeting.open(main) as meeting, pytest.raises(MergeConflicts) as caught:
        merge_stations(meeting, [second])
    assert [(c.serial, c.pass_no, c.station, c.holder) for c in caught.value.plan.conflicts] == [
        (serials[3], 1, "二号机", "一号机")
    ]
    assert serials[3] in str(caught.value) and "未做任何改动" in str(caught.value)
    assert sha(main) == before


def test_in_the_window_a_conflict_goes_to_reconciliation_never_overwritten(tmp_path):
    main, second, serials = _conflicting_pair(tmp_path)
    with Meeting.open(main) as meeting:
        kept = meeting.db.execute(
            "SELECT digest FROM ballots WHERE serial = ? AND pass_no = 1", [serials[3]]
        ).fetchone()[0]
        plan = merge_stations(meeting, [second], to_reconcile=True)
        assert (plan.merged, len(plan.routed), plan.conflicts) == (3, 1, ())
        stored = dict(
            meeting.db.execute("SELECT pass_no, digest FROM ballots WHERE serial = ?", [serials[3]]).fetchall()
        )
        assert stored[1] == kept and stored[2] != kept  # the station's keying is the other pass
        state = reconciliation(meeting)
        assert [m.serial for m in state.mismatches] == [serials[3]]
        settle_by_rekey(meeting, serials[3], marks_for(meeting, serials[3]))
        assert reconciliation(meeting).mismatches == []
        assert merge_history(meeting)[-1].merged == 3


@pytest.mark.parametrize("case", ["foreign", "setup", "not-a-station", "garbage", "altered", "missing"])
def test_refused_stations_leave_the_main_file_byte_identical(tmp_path, case):
    main = tmp_path / "会议.pingyi"
    serials = main_meeting(main)
    path = station(main, "二号机")
    key(path, 1, serials[:3])
    if case == "foreign":
        other = tmp_path / "别的会议.pingyi"
        main_meeting(other)
        path = station(other, "外来机")
    elif case == "setup":
        with Meeting.open(main) as meeting:
            meeting.db.execute("UPDATE rules SET poor_limit_pct = '15'")
            meeting.db.conn.commit()
    elif case == "not-a-station":
        path = tmp_path / "普通.pingyi"
        main_meeting(path)
    elif case == "garbage":
        path.write_bytes(b"SQLite format 3\x00" + b"\x00" * 50)
    elif case == "altered":
        conn = sqlite3.connect(path)
        conn.execute("UPDATE reporters SET name = '改过' WHERE seq = 1")
        conn.commit()
        conn.close()
    elif case == "missing":
        path = tmp_path / "没有.pingyi"
    before = sha(main)
    with Meeting.open(main) as meeting, pytest.raises(PingyiError) as caught:
        merge_stations(meeting, [path])
    assert "\n" not in str(caught.value) or "未做任何改动" in str(caught.value)
    expected = {
        "foreign": "另一场会议",
        "setup": "主会议的述职人",
        "not-a-station": "不是录入机文件",
        "garbage": "损坏",
        "altered": "设置被改动过",
        "missing": "无法读取",
    }[case]
    assert expected in str(caught.value)
    assert sha(main) == before


def test_a_spoiled_form_and_a_finalized_meeting_are_refused(tmp_path):
    main = tmp_path / "会议.pingyi"
    serials = main_meeting(main)
    path = station(main, "二号机")
    key(path, 1, serials[:2])
    with Meeting.open(main) as meeting:
        forms.spoil_form(meeting, serials[0], "污损")
    before = sha(main)
    with Meeting.open(main) as meeting, pytest.raises(PingyiError, match=f"{serials[0]} 的测评表已在主会议作废"):
        merge_stations(meeting, [path])
    assert sha(main) == before
    with Meeting.open(main) as meeting:
        for reporter_id in range(1, 4):
            decisions.decide(meeting, reporter_id, Mark.GOOD, "党委研究确定")
        decisions.finalize(meeting, "测试")
    before = sha(main)
    with Meeting.open(main) as meeting, pytest.raises(PingyiError, match="已定稿"):
        merge_stations(meeting, [path])
    assert sha(main) == before


def test_what_the_main_meeting_did_with_a_merged_ballot_stands(tmp_path):
    """Merging a station again (it keyed more since) brings only the new keyings: a merged ballot the
    main meeting corrected or deleted (with its reason) is neither a conflict nor brought back."""
    main = tmp_path / "会议.pingyi"
    serials = main_meeting(main)
    path = station(main, "二号机")
    key(path, 1, serials[:3])
    with Meeting.open(main) as meeting:
        merge_stations(meeting, [path])
        first, second = (get_ballot(meeting, 1, s) for s in serials[:2])
        update_ballot(meeting, first.id, _other_marks(meeting, serials[0]))
        delete_ballot(meeting, second.id, "核对纸质表后确认为重复录入")
        corrected = get_ballot(meeting, 1, serials[0]).digest
    key(path, 1, serials[3:5])
    with Meeting.open(main) as meeting:
        plan = merge_stations(meeting, [path])
        assert (plan.merged, plan.unchanged, plan.conflicts) == (2, 3, ())
        assert get_ballot(meeting, 1, serials[0]).digest == corrected and get_ballot(meeting, 1, serials[1]) is None
    before = sha(main)
    with Meeting.open(main) as meeting:
        assert merge_stations(meeting, [path]).merged == 0
    assert sha(main) == before
    with Meeting.open(path) as st:  # the station corrects a merged ballot: a disagreement for a person
        update_ballot(st, get_ballot(st, 1, serials[2]).id, _other_marks(st, serials[2]))
    with Meeting.open(main) as meeting, pytest.raises(MergeConflicts):
        merge_stations(meeting, [path])
    assert sha(main) == before


def test_a_station_copied_in_the_middle_of_a_write_is_refused(tmp_path):
    main = tmp_path / "会议.pingyi"
    serials = main_meeting(main)
    path = station(main, "二号机")
    key(path, 1, serials[:2])
    path.with_name(path.name + "-journal").write_bytes(b"\xd9\xd5\x05\xf9" + b"\x00" * 508)
    before = sha(main)
    with Meeting.open(main) as meeting, pytest.raises(PingyiError, match="未完成的写入记录"):
        merge_stations(meeting, [path])
    assert sha(main) == before


def test_two_copies_of_one_station_in_one_merge_and_a_merge_into_a_station_are_refused(tmp_path):
    main = tmp_path / "会议.pingyi"
    serials = main_meeting(main)
    path = station(main, "二号机")
    key(path, 1, serials[:2])
    copy = tmp_path / "二号机-拷贝.pingyi"
    shutil.copyfile(path, copy)
    other = station(main, "三号机")
    for target, files, expected in (
        (main, [path, copy], "同一台录入机“二号机”"),
        (other, [path], "不能把录入机并入录入机"),
    ):
        before = sha(target)
        with Meeting.open(target) as meeting, pytest.raises(PingyiError, match=expected):
            merge_stations(meeting, files)
        assert sha(target) == before
