"""Deleting a ledger item added by mistake: audited with its reason; the meeting's own problems and
last year's carried items are refused; nothing is stored on a refusal; the results are untouched."""

from __future__ import annotations

import shutil

import pytest

from models import ledger
from models.counting import fingerprint, verify_meeting
from models.errors import PingyiError
from models.ledger import Change
from models.ledger.carry import carry_over
from models.meeting import Meeting, audit
from models.run import minutes
from models.setup import list_reporters

from .conftest import sha256


def test_an_item_added_by_mistake_is_deleted_after_finalize_with_its_reason(final_meeting, today):
    before = fingerprint(final_meeting)
    kept = ledger.add_item(final_meeting, 2, "考核反馈", "软弱涣散党组织整顿不到位")
    wrong = ledger.add_item(final_meeting, 1, "考核反馈", "误加的问题", measure="无", due="2027-12-31")
    ledger.set_item(final_meeting, wrong.id, Change(progress="召开专题会", progress_date="2027-06-01"))
    ids_before = [i.id for i in ledger.list_items(final_meeting)]
    removed = ledger.delete_item(final_meeting, wrong.id, " 误加，应为第 2 位述职人的问题 ")
    assert removed.problem == "误加的问题"
    assert [i.id for i in ledger.list_items(final_meeting)] == [i for i in ids_before if i != wrong.id]
    assert ledger.get_item(final_meeting, kept.id).problem == "软弱涣散党组织整顿不到位"
    left = final_meeting.db.execute("SELECT count(*) FROM problem_progress WHERE problem_id = ?", [wrong.id])
    assert left.fetchone()[0] == 0, "its progress goes with it"
    entry = audit.entries(final_meeting.db, ledger.ACTION_PREFIX)[-1]
    assert entry["action"] == "整改台账：删除问题"
    assert (entry["detail"]["problem"], entry["detail"]["reason"], entry["detail"]["progress"]) == (
        "误加的问题",
        "误加，应为第 2 位述职人的问题",
        1,
    )
    assert fingerprint(final_meeting) == before
    report = verify_meeting(final_meeting)
    assert report.ok, report
    with pytest.raises(PingyiError, match=f"台账中没有编号为 {wrong.id} 的问题"):
        ledger.delete_item(final_meeting, wrong.id, "再删一次")


@pytest.mark.parametrize(
    ("which", "reason", "message"),
    [
        ("meeting", "误记", "会上提出的问题，已随测评结果定稿锁定，不能删除"),
        ("added", "   ", "删除台账问题须写明理由"),
        ("added", None, "删除台账问题须写明理由"),
        ("unknown", "误加", "台账中没有编号为 9999 的问题"),
        ("text", "误加", "台账编号“第一个”不是数字"),
    ],
)
def test_refusals_store_nothing(final_meeting, final_copy, today, which, reason, message):
    added = ledger.add_item(final_meeting, 1, "考核反馈", "会后补充的问题")
    item_id = {
        "meeting": ledger.list_items(final_meeting)[0].id,
        "added": added.id,
        "unknown": 9999,
        "text": "第一个",
    }[which]
    before = sha256(final_copy)
    with pytest.raises(PingyiError, match=message):
        ledger.delete_item(final_meeting, item_id, reason)
    assert sha256(final_copy) == before


def test_before_finalize_the_meetings_problems_are_changed_where_they_were_recorded(draft_path, tmp_path, today):
    path = tmp_path / "草稿.pingyi"
    shutil.copyfile(draft_path, path)
    with Meeting.open(path) as m:
        reporter = list_reporters(m)[0]
        raised = minutes.add_problem(m, reporter.id, "会上提出的问题")
        problems = [i.problem for i in ledger.list_items(m)]
        added = ledger.add_item(m, reporter.seq, "考核反馈", "会后误加")
        with pytest.raises(PingyiError, match="请在“会议进行”中修改或删除"):
            ledger.delete_item(m, raised.id, "误记")
        ledger.delete_item(m, added.id, "误加")
        assert [i.problem for i in ledger.list_items(m)] == problems and "会上提出的问题" in problems


def test_an_item_carried_over_from_last_year_is_not_deleted(final_path, draft_path, tmp_path, today):
    old = tmp_path / "上年度.pingyi"
    shutil.copyfile(final_path, old)
    new = tmp_path / "本年度.pingyi"
    shutil.copyfile(draft_path, new)
    with Meeting.open(new) as m:
        carry_over(m, old)
        carried = ledger.list_items(m, carried=True)[0]
        before = sha256(new)
        with pytest.raises(PingyiError, match="从上年度会议转入的问题，不能删除"):
            ledger.delete_item(m, carried.id, "不需要了")
        assert sha256(new) == before and len(ledger.list_items(m, carried=True)) == 3
