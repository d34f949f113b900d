"""The units' Excel round trip, the 通报 counts as of a date, and carrying last year's file over."""

from __future__ import annotations

import datetime as _dt
import shutil

import openpyxl
import pytest

from models import ledger
from models.documents import document_data
from models.documents.ledger import previous_text
from models.errors import InputErrors, PingyiError
from models.ledger import Change
from models.ledger.carry import carry_over, previous_results
from models.ledger.workbook import export_sheets, import_returned
from models.meeting import Meeting
from models.setup import list_reporters, set_facts, update_reporter

from .conftest import sha256


@pytest.fixture
def sheet_of_first(final_meeting, tmp_path):
    """The exported 整改清单 of reporter 1 (two problems)."""
    (tmp_path / "out").mkdir()
    paths = export_sheets(final_meeting, tmp_path / "out")
    assert [p.name for p in paths] == ["整改清单_01_白云镇党委.xlsx", "整改清单_02_桃源镇党委.xlsx"]
    return paths[0]


def _fill(path, target, cells: dict):
    book = openpyxl.load_workbook(path)
    for ref, value in cells.items():
        book["整改清单"][ref] = value
    book.save(target)
    return target


def test_a_returned_sheet_updates_the_ledger_once(final_meeting, final_copy, sheet_of_first, tmp_path):
    returned = _fill(
        sheet_of_first,
        tmp_path / "交回.xlsx",
        {
            "D5": "每月检查台账",
            "G5": "整改中",
            "H5": _dt.datetime(2027, 6, 20),
            "I5": "补齐了上半年记录",
            "G6": "已完成",
            "J6": "2027-06-28",
            "K6": "活动室照片",
        },
    )
    result = import_returned(final_meeting, returned)
    assert (result.rows, result.changed, result.progress) == (2, 2, 1)
    first, second = ledger.list_items(final_meeting)[:2]
    assert first.measure == "每月检查台账" and first.status.label == "整改中"
    assert [(p.date, p.text) for p in first.progress] == [("2027-06-20", "补齐了上半年记录")]
    assert (second.status.label, second.done, second.evidence) == ("已完成", "2027-06-28", "活动室照片")
    before = sha256(final_copy)
    again = import_returned(final_meeting, returned)
    assert again.changed == 0 and sha256(final_copy) == before


def test_a_wrong_sheet_is_refused_whole_with_every_row_named(final_meeting, final_copy, sheet_of_first, tmp_path):
    bad = _fill(
        sheet_of_first,
        tmp_path / "错.xlsx",
        {
            "D5": "这一行本身没错",
            "G6": "完成了",
            "A7": 3,
            "I8": "没有日期的进展",
            "A8": 1,
            "C8": "",
            "J9": "2027-13-01",
            "A9": 2,
        },
    )
    before = sha256(final_copy)
    with pytest.raises(InputErrors) as refused:
        import_returned(final_meeting, bad)
    faults = refused.value.faults
    assert faults == [
        "第 6 行：整改状态“完了”不对，只能是未开始、整改中、已完成。".replace("完了", "完成了"),
        "第 7 行：编号 3 不是这位述职人台账中的问题。请不要改动编号列。",
        "第 8 行：编号 1 与第 5 行重复。每个问题只填一行。",
        "第 9 行：编号 2 与第 6 行重复。每个问题只填一行。",
    ]
    assert "台账未做任何改动" in str(refused.value) and sha256(final_copy) == before


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda p: p.write_bytes(b"not a workbook"), "不是可读的 Excel 工作簿"),
        (lambda p: openpyxl.Workbook().save(p), "不是 Pingyi 导出的整改清单"),
    ],
)
def test_foreign_files_are_refused(final_meeting, final_copy, tmp_path, make, message):
    path = tmp_path / "外来.xlsx"
    make(path)
    before = sha256(final_copy)
    with pytest.raises(PingyiError, match=message):
        import_returned(final_meeting, path)
    assert sha256(final_copy) == before


def test_a_sheet_of_another_meeting_is_refused(final_meeting, draft_path, tmp_path, sheet_of_first):
    other = tmp_path / "别的会.pingyi"
    shutil.copyfile(draft_path, other)
    with Meeting.open(other) as m:
        set_facts(m, title="另一个会议")
        with pytest.raises(PingyiError, match="属于另一次会议"):
            import_returned(m, sheet_of_first)


def test_the_circular_counts_as_of_a_date(final_meeting, today):
    items = ledger.list_items(final_meeting)
    ledger.set_item(final_meeting, items[0].id, Change(done="2027-05-10"))  # due 2027-03-31: late, but done
    ledger.set_item(final_meeting, items[1].id, Change(due="2027-04-30"))
    ledger.set_item(
        final_meeting, items[2].id, Change(due="2027-12-31", progress="梳理流程", progress_date="2027-06-01")
    )
    early = document_data(final_meeting, "progress", as_of="2027-04-15")
    assert (early.total.total, early.total.done, early.total.doing, early.total.overdue) == (3, 0, 2, 1)
    later = document_data(final_meeting, "progress", as_of="2027-06-30")
    assert (later.total.done, later.total.doing, later.total.overdue) == (1, 1, 1)
    assert [o.problem for o in later.overdue] == [items[1].problem]
    assert later.total.rate == "33.33%" and "逾期未完成1个" in later.summary
    with pytest.raises(PingyiError, match="通报日期“昨天”不是日期"):
        document_data(final_meeting, "progress", as_of="昨天")


def test_carry_over_reads_last_year_and_never_changes_it(final_path, draft_path, tmp_path, today):
    old = tmp_path / "上年度.pingyi"
    shutil.copyfile(final_path, old)
    with Meeting.open(old) as m:  # last year: one item closed, one with progress
        first, second = ledger.list_items(m)[:2]
        ledger.set_item(m, first.id, Change(done="2027-05-01"))
        ledger.set_item(m, second.id, Change(progress="已制定方案", progress_date="2027-04-01"))
    before = sha256(old)
    new = tmp_path / "本年度.pingyi"
    shutil.copyfile(draft_path, new)  # 4 reporters of the same units
    with Meeting.open(new) as m:
        people = list_reporters(m)
        update_reporter(m, people[0].id, name="新书记")  # unit 1 has a new secretary
        result = carry_over(m, old)
        again = carry_over(m, old)
        carried = ledger.list_items(m, carried=True)
        previous = previous_results(m)
        whose = previous_text(m, people[0].id)
        ranking = document_data(m, "ranking")
    assert sha256(old) == before and not (tmp_path / "上年度.pingyi.lock").exists()
    assert (result.items, result.open_items) == (3, 2) and again.items == 0 and "没有改动" in again.text
    assert [(i.seq, i.source_label, i.status.label) for i in carried] == [
        (1, "上年度", "已完成"),
        (1, "上年度", "整改中"),
        (2, "上年度", "未开始"),
    ]
    assert carried[1].progress[0].text == "已制定方案"
    assert carried[0].carried_from.file_sha256 == before and carried[0].carried_from.fingerprint
    assert previous[people[0].id].name != "新书记" and previous[people[0].id].grade in "好较好一般差"
    assert len(previous) == 4 and "未匹配" in result.text
    old_name = previous[people[0].id].name
    assert whose.startswith(f"上年度（{old_name}同志任内）：得分")  # the unit kept its items, the result says whose
    assert next(r for r in ranking.rows if r.seq == 1).previous.endswith(f"（{old_name}）")


def test_carry_over_refuses_itself_and_missing_files(final_meeting, final_copy, tmp_path):
    with pytest.raises(PingyiError, match="不能是本会议文件本身"):
        carry_over(final_meeting, final_copy)
    with pytest.raises(PingyiError, match="找不到上年度会议文件"):
        carry_over(final_meeting, tmp_path / "无.pingyi")


@pytest.mark.parametrize(
    "content, message",
    [(b"SQLite format 3\x00" + bytes(200), "不是 Pingyi 会议文件"), (b"just text", "不是 Pingyi 会议文件")],
)
def test_carry_over_refuses_a_foreign_file_and_changes_nothing(final_meeting, final_copy, tmp_path, content, message):
    old = tmp_path / "去年.pingyi"
    old.write_bytes(content)
    before = sha256(final_copy)
    with pytest.raises(PingyiError, match="去年.pingyi") as refused:
        carry_over(final_meeting, old)
    assert message in str(refused.value)
    assert old.read_bytes() == content and sha256(final_copy) == before
