"""`archive -o` makes the folder it is given; the workbook prints like a paper (issue #11)."""

from __future__ import annotations

import io
import shutil

import pytest
from openpyxl import load_workbook

from cli import run_command


@pytest.fixture
def meeting_copy(final_path, tmp_path):
    """archive --allow-missing records its reason in the file: work on a copy, the session file is shared."""
    return shutil.copy(final_path, tmp_path / "会议.pingyi")


def test_archive_creates_the_folder_it_is_given_with_parents(meeting_copy, tmp_path, capsys):
    target = tmp_path / "备案" / "2026年" / "述职评议"
    argv = ["archive", str(meeting_copy), "-o", str(target), "--allow-missing", "讲话稿会后报送"]
    assert run_command(argv) == 0
    folders = [p for p in target.iterdir() if p.is_dir()]
    assert len(folders) == 1 and (folders[0] / "MANIFEST.txt").is_file()
    assert "已生成正式备案材料" in capsys.readouterr().out


def test_archive_to_a_file_is_refused_in_chinese(meeting_copy, tmp_path, capsys):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    assert run_command(["archive", str(meeting_copy), "-o", str(blocker), "--allow-missing", "讲话稿会后报送"]) == 1
    err = capsys.readouterr().err
    assert "是一个文件，不是文件夹" in err and "Traceback" not in err
    assert blocker.read_text() == "x"


def test_every_sheet_is_set_up_to_print(final_path, tmp_path):
    out = tmp_path / "结果.xlsx"
    assert run_command(["export", str(final_path), "-o", str(out)]) == 0
    book = load_workbook(io.BytesIO(out.read_bytes()))
    landscape = 0
    for ws in book.worksheets:
        assert int(ws.page_setup.paperSize) == 9, f"{ws.title}: A4"
        assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1, ws.title
        assert ws.page_setup.fitToHeight == 0, f"{ws.title}: as many pages long as needed"
        assert ws.print_title_rows.replace("$", "") == "1:2", f"{ws.title}: title and header repeated on every page"
        width = sum(ws.column_dimensions[c].width or 8 for c in ws.column_dimensions)
        assert ws.page_setup.orientation == ("landscape" if width > 100 else "portrait"), ws.title
        landscape += ws.page_setup.orientation == "landscape"
    assert landscape >= 1, "the wide 汇总 prints landscape"


def test_summary_has_the_rank_the_fingerprint_and_weights_are_numbers(final_path, tmp_path):
    from models.counting import compute_tally
    from models.meeting import Meeting

    out = tmp_path / "结果.xlsx"
    assert run_command(["export", str(final_path), "-o", str(out)]) == 0
    with Meeting.open(final_path) as meeting:
        tally = compute_tally(meeting)
    book = load_workbook(io.BytesIO(out.read_bytes()))
    summary = book["汇总"]
    heads = [c.value for c in summary[2]]
    rank_col = heads.index("名次") + 1
    ranks = {summary.cell(r, 2).value: summary.cell(r, rank_col).value for r in range(3, 3 + len(tally.reporters))}
    for r in tally.reporters:
        expected = None if r.rank is None else (f"{r.rank}（并列）" if r.tied else r.rank)
        assert ranks[r.reporter.name] == expected
    notes = [summary.cell(r, 1).value for r in range(1, summary.max_row + 1)]
    assert f"数据指纹（SHA-256）：{tally.fingerprint}" in notes
    sheet = book["分类别"]
    weight_col = [c.value for c in sheet[2]].index("权重") + 1
    cell = sheet.cell(3, weight_col)
    assert isinstance(cell.value, int | float) and cell.number_format == "General", "3, not “3.”"
