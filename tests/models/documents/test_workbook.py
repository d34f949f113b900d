"""The Excel workbook read back: its numbers equal `tally --json`, the same ballots give the same file."""

from __future__ import annotations

import io
import random
import re
import shutil
import zipfile

import openpyxl
import pytest

from models import clock
from models.ballots import counted_ballots, enter_ballot
from models.ballots.forms import create_forms
from models.counting import compute_tally, tally_json
from models.documents.workbook import SHEETS, export_workbook, workbook_bytes
from models.documents.workbook_style import ALERT_FILL, FIXED_STAMP, text_width
from models.labels import MARK_LABELS, Mark
from models.meeting import Meeting
from models.setup import list_categories, list_items, list_reporters
from tests.printing.meetings import FakeClock, build_meeting

GRADE_KEYS = ["good", "fairly_good", "average", "poor", "abstain"]


def _marks_for(serial: str, cells) -> tuple[dict, str | None]:
    """The same marks for the same serial, whatever the order of entry; the first reporter gets many 差."""
    rng = random.Random(serial)
    if rng.random() < 0.08:
        return {}, "整张表未填写"
    marks = {cell: rng.choice([Mark.GOOD, Mark.GOOD, Mark.FAIRLY_GOOD, Mark.AVERAGE, Mark.OVERMARKED]) for cell in cells}
    marks[cells[0]] = Mark.POOR if rng.random() < 0.5 else Mark.GOOD
    del marks[cells[-1]]  # a blank row: 弃权
    return marks, None


@pytest.fixture(scope="module")
def twins(tmp_path_factory):
    """Two files with the same forms and the same ballots, entered in opposite orders at other times."""
    folder = tmp_path_factory.mktemp("twins")
    first, second = folder / "a.pingyi", folder / "b.pingyi"
    build_meeting(first, reporters=6, items=2, ballots=0)
    with Meeting.open(first) as meeting:
        serials = sorted(s for c in list_categories(meeting) for s in create_forms(meeting, c.code, 7))
    shutil.copy(first, second)
    for path, order, start in ((first, serials, 9), (second, serials[::-1], 15)):
        with pytest.MonkeyPatch.context() as mp, Meeting.open(path) as meeting:
            mp.setattr(clock, "now", FakeClock(clock.now().replace(hour=start)))
            cells = [(r.id, i.id) for r in list_reporters(meeting) for i in list_items(meeting)]
            for serial in order:
                marks, void = _marks_for(serial, cells)
                enter_ballot(meeting, 1, serial, marks, void)
    return first, second


def _book(path):
    with Meeting.open(path) as meeting:
        data = workbook_bytes(meeting)
        expected = tally_json(compute_tally(meeting))
        ballots = counted_ballots(meeting)
        layout = [(r, i) for r in list_reporters(meeting) for i in list_items(meeting)]
    return data, openpyxl.load_workbook(io.BytesIO(data)), expected, ballots, layout


def _rows(sheet):
    """The table's data rows: from row 3 down to the first empty row (notes follow it)."""
    rows = []
    for row in sheet.iter_rows(min_row=3, values_only=True):
        if row[0] is None:
            break
        rows.append(list(row))
    return rows


def test_same_ballots_any_order_same_bytes(twins):
    first, second = (_book(p)[0] for p in twins)
    assert first == second
    archive = zipfile.ZipFile(io.BytesIO(first))
    assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}, "no time of export"
    assert archive.read("docProps/core.xml").count(FIXED_STAMP.encode()) == 2


def test_summary_numbers_equal_tally_json(twins):
    _, book, expected, _, _ = _book(twins[0])
    assert book.sheetnames == list(SHEETS)
    rows = _rows(book["汇总"])
    header = [c.value for c in book["汇总"][2]]
    assert len(rows) == len(expected["reporters"])
    for row, r in zip(rows, expected["reporters"], strict=True):
        cell = dict(zip(header, row, strict=True))
        assert [cell[h] for h in ("序号", "姓名", "单位")] == [r["seq"], r["name"], r["unit"]]
        assert [cell[h] for h in ("好", "较好", "一般", "差", "弃权")] == [r["counts"][k] for k in GRADE_KEYS]
        assert cell["有效票"] == r["valid"]
        assert cell["好票率"] == r["good_rate"] and cell["差票率"] == r["poor_rate"]
        assert cell["测评得分"] == r["onsite_score"] and cell["综合得分"] == r["combined_score"]
        for name, score in r["components"].items():
            if name != "现场测评":
                assert cell[name] == score
        assert cell["拟定等次"] == (r["proposed_grade"] or "—") and cell["确定等次"] == (r["final_grade"] or "—")


def test_ranking_categories_and_items_equal_tally_json(twins):
    _, book, expected, _, _ = _book(twins[0])
    by_seq = {r["seq"]: r for r in expected["reporters"]}
    for row in _rows(book["排名"]):
        r = by_seq[row[2]]
        assert (row[0], row[1] == "并列", row[5], row[6]) == (r["rank"], r["tied"], r["onsite_score"], r["combined_score"])
    category_rows = _rows(book["分类别"])
    assert len(category_rows) == len(expected["categories"]) * len(by_seq)
    for row in category_rows:
        cat = next(c for c in expected["categories"] if c["code"] == row[0])
        assert row[2:7] == [cat["weight"], cat["issued"], cat["returned"], cat["void"], cat["valid"]]
        counts = by_seq[row[7]]["by_category"][row[0]]
        assert row[9:15] == [counts[k] for k in GRADE_KEYS] + [counts["score"]]
    for row in _rows(book["分项"]):
        item = next(i for i in by_seq[row[0]]["items"] if i["seq"] == row[2])
        assert row[4:9] == [item["counts"][k] for k in GRADE_KEYS] and row[9] == sum(row[4:9])


def test_raw_ballots_sorted_by_serial_without_times(twins):
    _, book, _, ballots, layout = _book(twins[0])
    sheet = book["原始票据"]
    rows = _rows(sheet)
    assert [row[0] for row in rows] == sorted(b.serial for b in ballots)
    for row, ballot in zip(rows, sorted(ballots, key=lambda b: b.serial), strict=True):
        assert row[2] == ballot.void_reason
        if not ballot.void_reason:
            assert row[3:] == [MARK_LABELS[ballot.marks.get((r.id, i.id), Mark.ABSTAIN)] for r, i in layout]
    text = " ".join(str(v) for row in sheet.iter_rows(values_only=True) for v in row if v is not None)
    assert not re.search(r"\d:\d\d", text), "no entry times"


def test_frozen_headers_borders_formats_widths_and_highlights(twins):
    _, book, expected, _, _ = _book(twins[0])
    for sheet in book.worksheets:
        assert sheet.freeze_panes.endswith("3"), sheet.title
        assert sheet["A2"].font.b and sheet["A2"].border.bottom.style == "thin"
        for column in sheet.iter_cols(min_row=2, max_row=2 + len(_rows(sheet))):
            letter = column[0].column_letter
            widest = max(text_width(c.value) for c in column if isinstance(c.value, str))
            assert sheet.column_dimensions[letter].width >= min(widest, 48), (sheet.title, letter)
    summary = book["汇总"]
    header = [c.value for c in summary[2]]
    assert summary.cell(3, header.index("差票率") + 1).number_format == "0.00%"
    assert summary.cell(3, header.index("测评得分") + 1).number_format == "0.00"
    assert summary.cell(3, 1).border.left.style == "thin"
    flagged = {r["seq"] for r in expected["reporters"] if "poor_rate" in r["grade_reasons"]}
    assert flagged, "the first reporter's 差 share exceeds the limit"
    for row in summary.iter_rows(min_row=3, max_row=2 + len(expected["reporters"])):
        highlighted = row[0].fill.fgColor.rgb.endswith(ALERT_FILL.fgColor.rgb[-6:])
        assert highlighted == (row[0].value in flagged)


def test_comments_and_problems_sheet(tmp_path):
    path = build_meeting(tmp_path / "m.pingyi", reporters=3, ballots=6)
    with Meeting.open(path) as meeting:
        out = export_workbook(meeting, tmp_path / "结果.xlsx")
    rows = _rows(openpyxl.load_workbook(out)["点评与问题"])
    kinds = [(row[0], row[2], row[3]) for row in rows]
    assert (1, "点评", "李振华") in kinds and (1, "问题1", "自身查摆") in kinds and (2, "问题1", "群众评议") in kinds
    assert any(row[4] == "要进一步压实“第一责任人”职责。" for row in rows)


def test_export_refuses_a_wrong_suffix(tmp_path):
    from models.errors import PingyiError

    path = build_meeting(tmp_path / "m.pingyi", reporters=2, ballots=0, talk=False)
    with Meeting.open(path) as meeting, pytest.raises(PingyiError, match=".xlsx"):
        export_workbook(meeting, tmp_path / "结果.xls")
    assert not (tmp_path / "结果.xls").exists()
