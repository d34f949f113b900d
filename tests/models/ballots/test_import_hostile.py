"""Ballot files that would be misread are refused with row and column (issue 17)."""

from __future__ import annotations

import pytest
from openpyxl import Workbook, load_workbook

from models.ballots.importing import import_ballots
from models.errors import InputErrors, PingyiError
from models.meeting import audit
from tests.models.ballot_helpers import populate
from tests.models.ballots.test_ballot_import import HEADER, count, write_csv, write_xlsx


@pytest.fixture
def serials(meeting):
    return populate(meeting, reporters=3, items=2, printed=60)["A"]


def _refused(meeting, path, pass_no=1) -> list[str]:
    before = (count(meeting), count(meeting, "audit"))
    with pytest.raises(InputErrors) as err:
        import_ballots(meeting, path, pass_no)
    assert (count(meeting), count(meeting, "audit")) == before and "没有导入任何选票" in str(err.value)
    return err.value.faults


def test_a_csv_row_shorter_than_the_header_is_refused(meeting, serials, tmp_path):
    rows = [HEADER, [serials[0], "好", "好", "好", "好", "好", "好"], [serials[1], "好", "好", "好"]]
    faults = _refused(meeting, write_csv(tmp_path / "短行.csv", rows))
    assert faults == [
        "第 3 行只有 4 列，比列标题（8 列）少，可能漏了逗号：第 E 列起的格子会被当作弃权，"
        "所以没有导入。请补齐这一行后重新导入。"
    ]


def test_a_missing_trailing_void_column_is_fine(meeting, serials, tmp_path):
    rows = [HEADER, [serials[0], "好", "好", "好", "好", "好", "好"]]
    assert import_ballots(meeting, write_csv(tmp_path / "无作废列.csv", rows)).added == 1


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_value_under_an_unlabelled_column_is_refused(meeting, serials, tmp_path, kind):
    header = [*HEADER[:-1], "", "作废"]
    rows = [header, [serials[0], "好", "好", "好", "好", "好", "好", "差", ""]]
    path = (write_csv if kind == "csv" else write_xlsx)(tmp_path / f"无标题.{kind}", rows)
    faults = _refused(meeting, path)
    assert len(faults) == 1 and faults[0].startswith("第 2 行第 H 列：有内容“差”，但这一列没有列标题")


def test_a_merged_cell_is_refused_with_its_place(meeting, serials, tmp_path):
    path = write_xlsx(tmp_path / "合并.xlsx", [HEADER, [serials[0], "好", None, "好", "好", "好", "好"]])
    book = load_workbook(path)
    book.active.merge_cells("B2:C2")  # 好 across two cells: the second would read as 弃权
    book.save(path)
    faults = _refused(meeting, path)
    assert faults[0].startswith("第 2 行第 B 列：B2:C2 是合并单元格")


def test_a_hidden_row_with_data_is_refused(meeting, serials, tmp_path):
    rows = [HEADER] + [[s, "好", "好", "好", "好", "好", "好"] for s in serials[:3]]
    path = write_xlsx(tmp_path / "隐藏行.xlsx", rows)
    book = load_workbook(path)
    book.active.row_dimensions[3].hidden = True
    book.save(path)
    assert _refused(meeting, path) == ["第 3 行被隐藏了，但有内容。请取消隐藏、确认后重新导入（或删除这一行）。"]


def test_a_hidden_sheet_is_refused(meeting, serials, tmp_path):
    path = write_xlsx(tmp_path / "隐藏表.xlsx", [HEADER, [serials[0], "好", "好", "好", "好", "好", "好"]])
    book = load_workbook(path)
    extra = book.create_sheet("草稿")
    extra.append(["随便"])
    extra.sheet_state = "hidden"
    book.save(path)
    faults = _refused(meeting, path)
    assert faults == ["工作表“草稿”被隐藏了。请取消隐藏并确认其内容，或删除这张工作表后重新导入。"]


def _good_rows(serials, n=5):
    return [HEADER] + [[s, "好", "较好", "一般", "差", "好", "好"] for s in serials[:n]]


@pytest.mark.parametrize("second", ["same file", "saved again"])
def test_the_first_pass_file_offered_as_the_second_pass_is_refused(meeting, serials, tmp_path, second):
    first = write_xlsx(tmp_path / "一录.xlsx", _good_rows(serials))
    import_ballots(meeting, first, 1)
    other = first
    if second == "saved again":  # same rows, different bytes
        book = load_workbook(first)
        book.properties.creator = "另一台电脑"
        other = tmp_path / "二录.xlsx"
        book.save(other)
        assert other.read_bytes() != first.read_bytes()
    before = count(meeting)
    with pytest.raises(PingyiError, match="二录须独立录入"):
        import_ballots(meeting, other, 2)
    assert count(meeting) == before


def test_an_independently_typed_second_pass_is_accepted(meeting, serials, tmp_path):
    import_ballots(meeting, write_xlsx(tmp_path / "一录.xlsx", _good_rows(serials)), 1)
    rows = _good_rows(serials)
    rows[1] = [rows[1][0], 1, 2, 3, 4, 1, 1]  # the same marks, typed as digits by the second clerk
    assert import_ballots(meeting, write_csv(tmp_path / "二录.csv", rows), 2).added == 5
    assert audit.entries(meeting.db, "导入选票")[-1]["detail"]["rows_sha256"]


def test_error_lists_are_capped_at_fifty_with_a_count(meeting, serials, tmp_path):
    rows = [HEADER] + [[s, "错"] + ["好"] * 5 for s in serials[:60]]
    faults = _refused(meeting, write_csv(tmp_path / "很多错.csv", rows))
    assert len(faults) == 51 and faults[-1] == "……另有 10 处问题未列出（共 60 处）。"


def test_unknown_serials_by_the_hundred_thousand_print_little(meeting, serials, tmp_path):
    rows = [HEADER] + [[f"Z{n:07d}", "好", "好", "好", "好", "好", "好"] for n in range(20_000)]
    with pytest.raises(InputErrors) as err:
        import_ballots(meeting, write_csv(tmp_path / "未知编号.csv", rows))
    assert len(str(err.value)) < 20_000 and "共 20000 处" in str(err.value)


def test_a_workbook_with_too_many_cells_is_refused_before_reading_it_all(meeting, serials, tmp_path, monkeypatch):
    import models.xlsx_stream as stream

    monkeypatch.setattr(stream, "MAX_CELLS", 50)
    book = Workbook()
    for row in _good_rows(serials, 20):
        book.active.append(row)
    book.save(tmp_path / "大.xlsx")
    monkeypatch.setattr(stream.read_workbook, "__kwdefaults__", {"what": "工作簿", "max_cells": 50})
    with pytest.raises(PingyiError, match="超过 50 个单元格"):
        import_ballots(meeting, tmp_path / "大.xlsx")
