"""整改台账 and 通报 PDFs, and 上年度 beside this year on the ranking, feedback sheet and 整改清单."""

from __future__ import annotations

import datetime as _dt
import shutil

import pytest

from models import clock, ledger
from models.documents import document_data
from models.ledger import Change
from models.ledger.carry import carry_over
from models.meeting import Meeting
from printing.documents import render_document
from tests.printing.pdftext import flat, pages_text


@pytest.fixture
def carried(final_path, tmp_path, monkeypatch):
    """This year's meeting (a copy of the finalised one) with last year's file (another copy) carried in."""
    monkeypatch.setattr(clock, "now", lambda: _dt.datetime(2027, 7, 1, 9, 0, 0))
    old, new = tmp_path / "上年度.pingyi", tmp_path / "本年度.pingyi"
    shutil.copyfile(final_path, old)
    shutil.copyfile(final_path, new)
    with Meeting.open(old) as m:
        first = ledger.list_items(m)[0]
        ledger.set_item(m, first.id, Change(done="2026-12-20", progress="建立了台账", progress_date="2026-12-01"))
    meeting = Meeting.open(new)
    carry_over(meeting, old)
    yield meeting
    meeting.close()


def _text(meeting, kind, **kw) -> str:
    return flat("".join(pages_text(render_document(document_data(meeting, kind, **kw)))))


def test_ledger_and_circular_read_back(carried):
    ledger_text = _text(carried, "ledger", as_of="2027-07-01")
    assert "整改台账" in ledger_text and "上年度" in ledger_text and "截至2027年7月1日" in ledger_text
    circular = _text(carried, "progress", as_of="2027-07-01")
    assert "整改落实情况通报" in circular and "三、逾期未完成的问题" in circular
    data = document_data(carried, "progress", as_of="2027-07-01")
    assert data.total.total == 6 and data.total.done == 1  # 3 this year + 3 carried, one of them done


def test_last_year_beside_this_year(carried):
    ranking = document_data(carried, "ranking")
    assert ranking.show_previous and all(line.previous.count("/") == 2 for line in ranking.rows)
    assert "上年度" in _text(carried, "ranking")
    feedback = _text(carried, "feedback", seq=1)
    assert "上年度：得分" in feedback and "四、上年度问题整改情况" in feedback and "五、整改要求" in feedback
    assert "已完成（2026年12月20日）" in feedback  # as it stood on the meeting's date, 2026-12-29


def test_the_feedback_sheet_stays_as_printed_when_the_ledger_moves_on(carried):
    from models.documents import data_digest

    before = data_digest(document_data(carried, "feedback", seq=1))
    item = ledger.list_items(carried, carried=True)[1]
    ledger.set_item(carried, item.id, Change(progress="会后推进", progress_date="2027-03-01"))
    added = ledger.add_item(carried, 1, "考核反馈", "会后考核发现的问题")
    assert data_digest(document_data(carried, "feedback", seq=1)) == before
    rectification = document_data(carried, "rectification", seq=1).sheets[0]
    assert rectification.rows[-1].text == added.problem  # the 整改清单 lists it, the feedback sheet does not
    assert "会后考核发现的问题" not in _text(carried, "minutes")


def test_rectification_shows_the_current_status(carried):
    item = ledger.list_items(carried, carried=False)[1]
    ledger.set_item(carried, item.id, Change(status="整改中"))
    sheet = document_data(carried, "rectification", seq=1).sheets[0]
    assert [p.status for p in sheet.rows] == ["", "整改中"]
    assert "整改中" in _text(carried, "rectification", seq=1)


def test_without_a_carried_file_nothing_changes(final_path):
    with Meeting.open(final_path) as m:
        assert not document_data(m, "ranking").show_previous
        sheet = document_data(m, "feedback", seq=1).sheets[0]
    assert sheet.previous == "" and sheet.previous_items == ()
