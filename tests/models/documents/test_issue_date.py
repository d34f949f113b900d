"""The feedback's 成文日期: the 定稿 date unless the clerk sets another; audited, outside the fingerprint."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest

from models.counting.verify import results_faults, verify_meeting
from models.documents import data_digest, document_data
from models.documents.formatting import chinese_date_text
from models.documents.issue_date import ACTION, issue_date, printed_issue_date, set_issue_date
from models.errors import PingyiError
from models.meeting import Meeting, state
from models.setup import get_facts
from tests.printing.meetings import build_meeting


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = tmp_path_factory.mktemp("issue_date")
    return {
        "final": build_meeting(folder / "final.pingyi", reporters=4, ballots=12, finalize=True),
        "draft": build_meeting(folder / "draft.pingyi", reporters=4, ballots=12),
    }


@pytest.fixture
def final(built, tmp_path):
    path = tmp_path / "m.pingyi"
    shutil.copy(built["final"], path)
    with Meeting.open(path) as meeting:
        yield meeting


def _audit_actions(meeting):
    return [row[0] for row in meeting.db.execute("SELECT action FROM audit ORDER BY id")]


def test_by_default_the_feedback_is_dated_the_day_of_dingao(final):
    finalized_at = final.db.execute("SELECT finalized_at FROM meeting").fetchone()[0]
    assert issue_date(final) is None
    data = document_data(final, "feedback")
    assert data.issued_on == chinese_date_text(finalized_at) == printed_issue_date(final) != ""


def test_a_draft_leaves_the_date_to_be_written_by_hand_until_one_is_set(built, tmp_path):
    path = tmp_path / "d.pingyi"
    shutil.copy(built["draft"], path)
    with Meeting.open(path) as meeting:
        assert document_data(meeting, "feedback").issued_on == ""
        day = get_facts(meeting).date
        set_issue_date(meeting, day)
        assert document_data(meeting, "feedback").issued_on == chinese_date_text(day)


def test_set_after_dingao_is_audited_and_leaves_the_fingerprint_and_verify_alone(final):
    before = {"setup": state.setup_digest(final.db), "fingerprint": state.results_fingerprint(final.db)}
    old = document_data(final, "feedback")
    later = _days_after_meeting(final, 9)
    assert set_issue_date(final, f"  {later}  ") == later
    assert issue_date(final) == later
    new = document_data(final, "feedback")
    assert new.issued_on == chinese_date_text(later) and data_digest(new) != data_digest(old)
    assert _audit_actions(final)[-1] == ACTION
    detail = final.db.execute("SELECT detail FROM audit ORDER BY id DESC LIMIT 1").fetchone()[0]
    assert later in detail and "定稿日期" in detail
    assert state.setup_digest(final.db) == before["setup"]
    assert state.results_fingerprint(final.db) == before["fingerprint"]
    assert results_faults(final) == []
    report = verify_meeting(final)
    assert report.ok, report.lines()
    # back to the 定稿 date: the very same document as before
    assert set_issue_date(final, None) is None
    assert data_digest(document_data(final, "feedback")) == data_digest(old)


def test_setting_the_same_date_again_writes_nothing(final):
    day = _days_after_meeting(final, 1)
    set_issue_date(final, day)
    count = len(_audit_actions(final))
    set_issue_date(final, day)
    assert len(_audit_actions(final)) == count


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("2026-13-01", ["格式不对", "YYYY-MM-DD"]),
        ("明天", ["“明天”", "格式不对"]),
        ("before", ["格式不对"]),
        ("-1", ["早于会议日期", "会议当天或以后"]),
        ("+400", ["晚一年以上", "检查年份"]),
    ],
)
def test_a_bad_date_is_refused_naming_it_and_nothing_is_stored(final, value, words):
    if value.startswith(("-", "+")):
        value = _days_after_meeting(final, int(value))
    count = len(_audit_actions(final))
    with pytest.raises(PingyiError) as refused:
        set_issue_date(final, value)
    assert all(w in str(refused.value) for w in words), str(refused.value)
    assert issue_date(final) is None and len(_audit_actions(final)) == count


def _days_after_meeting(meeting, days: int) -> str:
    return (dt.date.fromisoformat(get_facts(meeting).date) + dt.timedelta(days=days)).isoformat()
