"""verify --document recomputes a workbook's cells and a package's MANIFEST header; archive cleans up
after an interrupted run (issue 17)."""

from __future__ import annotations

import shutil
import sqlite3

import openpyxl
import pytest

from cli.verify import document_report
from models.documents.check import workbook_cell_checks
from models.documents.filing import MANIFEST_NAME, filing_bundle
from models.documents.workbook import export_workbook
from models.errors import PingyiError
from printing.archive import TEMP_PREFIX, write_archive

from .conftest import open_meeting


@pytest.fixture(scope="module")
def package(final_path, tmp_path_factory):
    with open_meeting(final_path) as meeting:
        bundle = filing_bundle(meeting, draft=True)  # the checklist of 述职材料 is not under test here
    assert bundle.official
    return write_archive(bundle, tmp_path_factory.mktemp("pkg"))


def _failed(meeting, path):
    return {name: detail for name, ok, detail in document_report(meeting, path) if not ok}


def test_a_changed_workbook_cell_is_found_even_with_its_digest_intact(final_path, tmp_path):
    book = tmp_path / "结果.xlsx"
    with open_meeting(final_path) as meeting:
        export_workbook(meeting, book)
        assert _failed(meeting, book) == {}
        wb = openpyxl.load_workbook(book)
        ws = wb["汇总"]
        original = ws["B3"].value
        ws["B3"] = "张三"
        wb.save(book)  # openpyxl keeps the keywords (and so the recorded digest)
        failed = _failed(meeting, book)
    ((name, detail),) = failed.items()
    assert "每个单元格" in name and "B3" in detail and "张三" in detail and str(original) in detail


def test_cell_check_names_a_missing_sheet(final_path, tmp_path):
    book = tmp_path / "结果.xlsx"
    with open_meeting(final_path) as meeting:
        export_workbook(meeting, book)
        wb = openpyxl.load_workbook(book)
        del wb["分项"]
        wb.save(book)
        ((_, ok, detail),) = workbook_cell_checks(meeting, book, book.name)
    assert not ok and "缺少工作表“分项”" in detail


@pytest.mark.parametrize("edit", ["state", "fingerprint", "title"])
def test_a_changed_manifest_header_is_reported(package, final_path, tmp_path, edit):
    folder = tmp_path / package.name
    shutil.copytree(package, folder)
    manifest = folder / MANIFEST_NAME
    text = manifest.read_text(encoding="utf-8")
    with open_meeting(final_path) as meeting:
        assert _failed(meeting, folder) == {}
        lines = text.splitlines()
        if edit == "state":
            lines[1] += "；演练"
        elif edit == "fingerprint":
            lines = [line.replace("数据指纹（SHA-256）：", "数据指纹（SHA-256）：0") for line in lines]
        else:
            lines[0] = lines[0].replace("述职评议会", "会")
        manifest.write_text("\n".join(lines) + "\n", encoding="utf-8")
        failed = _failed(meeting, folder)
    assert [name for name in failed if MANIFEST_NAME in name and "开头" in name], failed


def test_leftover_temporary_folders_are_removed_on_the_next_archive(final_path, tmp_path):
    dead = tmp_path / f"{TEMP_PREFIX}旧的-99999999"
    (dead / "06_述职评议反馈意见").mkdir(parents=True)
    (dead / "01_计票汇总表.pdf").write_bytes(b"%PDF half")
    with open_meeting(final_path) as meeting:
        write_archive(filing_bundle(meeting, draft=True), tmp_path)
    assert not dead.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(TEMP_PREFIX)]


def test_official_package_refused_when_the_data_fails_verify(final_path, tmp_path):
    copy = tmp_path / "改过.pingyi"
    shutil.copy(final_path, copy)
    conn = sqlite3.connect(copy)
    conn.execute("UPDATE reporters SET unit = '别的单位' WHERE seq = 2")
    conn.commit()
    conn.close()
    with open_meeting(copy) as meeting:
        with pytest.raises(PingyiError, match="数据校验未通过"):
            filing_bundle(meeting)
        draft = filing_bundle(meeting, draft=True)
    assert not draft.official and "数据校验未通过" in draft.head.watermark
    assert draft.folder_name.endswith("_草稿")


def test_papers_of_a_meeting_that_fails_verify_are_marked_drafts(final_path, tmp_path):
    import pypdfium2

    from models.documents import document_data
    from printing.documents import render_document

    copy = tmp_path / "改过.pingyi"
    shutil.copy(final_path, copy)
    conn = sqlite3.connect(copy)
    conn.execute("UPDATE rules SET min_good = '95'")
    conn.commit()
    conn.close()
    with open_meeting(copy) as meeting:
        data = document_data(meeting, "ranking", None)
    assert not data.head.official
    pdf = pypdfium2.PdfDocument(render_document(data))
    text = pdf[0].get_textpage().get_text_range()
    assert "草稿\u3000数据校验未通过" in text and "草稿：数据校验未通过" in text
    assert "数据指纹" not in text  # no fingerprint: these are not official papers
