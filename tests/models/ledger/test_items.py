"""Ledger items: the meeting's problems, changed after 定稿 without touching the results."""

from __future__ import annotations

import datetime as _dt

import pytest

from models import ledger
from models.counting import fingerprint, verify_meeting
from models.errors import InputErrors, PingyiError
from models.labels import LedgerStatus, ProblemSource
from models.ledger import Change
from models.meeting import Meeting, audit
from models.run import minutes

from .conftest import sha256


def test_every_problem_of_the_meeting_is_a_ledger_item(final_meeting):
    problems = minutes.list_problems(final_meeting)
    items = ledger.list_items(final_meeting)
    assert [i.id for i in items] == [p.id for p in problems] and len(items) == 3
    first = items[0]
    assert (first.problem, first.source, first.measure, first.owner) == (
        problems[0].text,
        ProblemSource.SELF,
        "建立台账，每月检查",
        "党委副书记",
    )
    assert first.status is LedgerStatus.TODO and first.due_date == _dt.date(2027, 3, 31)  # “2027年3月底”


def test_after_finalize_the_ledger_changes_and_the_results_do_not(final_meeting, today):
    assert final_meeting.finalized
    before = fingerprint(final_meeting)
    item = ledger.list_items(final_meeting)[0]
    ledger.set_item(final_meeting, item.id, Change(progress="建立了台账", progress_date="2027-06-01"))
    added = ledger.add_item(final_meeting, 2, "考核反馈", "软弱涣散党组织整顿不到位", due="2027-12-31")
    changed = ledger.set_item(final_meeting, added.id, Change(done="2027-06-30"))
    assert changed.status is LedgerStatus.DONE and changed.done == "2027-06-30"
    assert fingerprint(final_meeting) == before
    report = verify_meeting(final_meeting)
    assert report.ok, report
    actions = [e["action"] for e in audit.entries(final_meeting.db, ledger.ACTION_PREFIX)]
    assert actions == ["整改台账：修改问题", "整改台账：增加问题", "整改台账：修改问题"]
    with pytest.raises(PingyiError):  # the meeting's own problems stay locked with the results
        minutes.add_problem(final_meeting, item.reporter_id, "会后补记")


def test_progress_starts_the_work_and_the_same_entry_twice_changes_nothing(final_meeting, today):
    item = ledger.list_items(final_meeting)[1]
    once = ledger.set_item(final_meeting, item.id, Change(progress="召开专题会", progress_date="2027-05-01"))
    assert once.status is LedgerStatus.DOING and [(p.date, p.text) for p in once.progress] == [
        ("2027-05-01", "召开专题会")
    ]
    rows = final_meeting.db.execute("SELECT count(*) FROM audit").fetchone()[0]
    again = ledger.set_item(final_meeting, item.id, Change(progress="召开专题会", progress_date="2027-05-01"))
    assert again == once and final_meeting.db.execute("SELECT count(*) FROM audit").fetchone()[0] == rows


@pytest.mark.parametrize("day, overdue", [("2027-03-31", False), ("2027-04-01", True)])
def test_overdue_is_derived_from_the_deadline_and_the_date(final_meeting, today, day, overdue):
    item = ledger.list_items(final_meeting)[0]  # due 2027-03-31, not started
    assert item.overdue(_dt.date.fromisoformat(day)) is overdue
    done = ledger.set_item(final_meeting, item.id, Change(done="2027-04-15"))
    assert done.overdue(_dt.date(2027, 4, 10)) and not done.overdue(_dt.date(2027, 4, 15))
    assert not done.overdue()  # completed before today


@pytest.mark.parametrize(
    "change, message",
    [
        (Change(status="完了"), "整改状态“完了”不对"),
        (Change(due="明年"), "完成时限“明年”不是日期"),
        (Change(done="2027-02-30"), "完成日期“2027-02-30”不是日期"),
        (Change(done="2027-08-01"), "晚于今天"),
        (Change(status="整改中", done="2027-06-01"), "已完成的问题请把状态写作已完成"),
        (Change(progress="x", progress_date="2099-01-01"), "晚于今天"),
    ],
)
def test_bad_changes_are_refused_and_nothing_is_stored(final_copy, today, change, message):
    before = sha256(final_copy)
    with Meeting.open(final_copy) as m, pytest.raises(InputErrors, match=message):
        ledger.set_item(m, ledger.list_items(m)[0].id, change)
    assert sha256(final_copy) == before


@pytest.mark.parametrize(
    "args, message",
    [
        ((2, "领导", "问题"), "问题来源“领导”不对"),
        ((99, "上级点评", "问题"), "没有序号为 99 的述职人"),
        ((2, "上级点评", "  "), "问题内容不能为空"),
    ],
)
def test_bad_additions_are_refused(final_copy, today, args, message):
    before = sha256(final_copy)
    with Meeting.open(final_copy) as m, pytest.raises(PingyiError, match=message):
        ledger.add_item(m, *args)
    assert sha256(final_copy) == before


def test_unknown_ids_are_refused(final_meeting):
    with pytest.raises(PingyiError, match="没有编号为 999"):
        ledger.get_item(final_meeting, 999)
    with pytest.raises(PingyiError, match="不是数字"):
        ledger.get_item(final_meeting, "abc")


def test_status_back_from_done_clears_the_completion_date(final_meeting, today):
    item = ledger.list_items(final_meeting)[0]
    done = ledger.set_item(final_meeting, item.id, Change(status="已完成"))
    assert done.done == "2027-07-01"  # completed today when no date is given
    back = ledger.set_item(final_meeting, item.id, Change(status="整改中"))
    assert back.status is LedgerStatus.DOING and back.done == ""


def test_counts_per_status(final_meeting, today):
    items = ledger.list_items(final_meeting)
    ledger.set_item(final_meeting, items[1].id, Change(status="整改中"))
    counts = ledger.status_counts(ledger.list_items(final_meeting))
    assert counts == {"未开始": 2, "整改中": 1, "已完成": 0, "逾期": 1}
