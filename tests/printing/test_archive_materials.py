"""The filing package with 述职材料 (issue 14): the 备案材料清单 with the deadline, the originals, the 汇编;
an official package refused while a required item is missing unless a reason is given (recorded)."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3

import pytest

from cli import run_command
from models.documents.filing import filing_bundle
from models.errors import PingyiError
from models.materials import attach_file, attach_folder
from models.meeting import Meeting
from models.setup import list_reporters
from printing.archive import read_manifest, write_archive
from tests.models.materials.samples import chinese_text, make_docx, make_report_docx, make_self_eval_docx

from .pdftext import flat, pages_text


@pytest.fixture
def copy(final_path, tmp_path):
    path = tmp_path / "m.pingyi"
    shutil.copy(final_path, path)
    return path


def _complete(path, folder):
    """Every reporter's report and self-evaluation, and the speech, attached by folder."""
    with Meeting.open(path) as meeting:
        for n, r in enumerate(list_reporters(meeting)):
            make_report_docx(folder / f"{r.name}-述职报告.docx", r.name, (2400, 2700)[n % 2])
            make_self_eval_docx(folder / f"{r.name}-自我评价.docx", r.name, (150, 400)[n % 2])
        make_docx(folder / "书记讲话.docx", ["在述职评议会上的讲话", chinese_text(2000)])
        result = attach_folder(meeting, folder)
        assert not result.unmatched


def _audit(path, action):
    conn = sqlite3.connect(path)
    try:
        return [json.loads(d) for (d,) in conn.execute("SELECT detail FROM audit WHERE action = ?", [action])]
    finally:
        conn.close()


def test_official_package_refused_while_items_are_missing(copy, tmp_path):
    with Meeting.open(copy) as meeting:
        attach_file(meeting, "report", make_report_docx(tmp_path / "r.docx", "x", 2400), seq=1)
        with pytest.raises(PingyiError) as err:
            filing_bundle(meeting)
    text = str(err.value)
    assert "党组织书记讲话（未添加）" in text and "--allow-missing" in text and "1/12 份" in text
    assert not _audit(copy, "备案材料缺项说明")


def test_allowed_with_a_reason_that_is_recorded(copy, tmp_path):
    with Meeting.open(copy) as meeting:
        bundle = filing_bundle(meeting, allow_missing="书记讲话会后另行报送")
    folder = write_archive(bundle, tmp_path)
    (row,) = _audit(copy, "备案材料缺项说明")
    assert row["reason"] == "书记讲话会后另行报送" and "党组织书记讲话" in row["missing"]
    assert row["deadline"] == "2027-01-05"
    checklist = flat(pages_text((folder / "00_备案材料清单.pdf").read_bytes())[0])
    assert "备案期限：2027-01-05" in checklist and "会议日期：2026-12-29" in checklist
    assert "理由：书记讲话会后另行报送" in checklist and "草稿" not in checklist
    assert not any(p.startswith("09_") for p in read_manifest(folder)), "no materials, no originals folder"
    conn = sqlite3.connect(folder / bundle.meeting_copy_name)
    assert conn.execute("SELECT count(*) FROM audit WHERE action = '备案材料缺项说明'").fetchone()[0] == 1
    conn.close()


def test_complete_package_holds_originals_booklet_and_checklist(copy, tmp_path, capsys):
    _complete(copy, tmp_path / "材料")
    with Meeting.open(copy) as meeting:
        bundle = filing_bundle(meeting)
    out = tmp_path / "out"
    out.mkdir()
    folder = write_archive(bundle, out)
    sums = read_manifest(folder)
    originals = sorted(p for p in sums if p.startswith("09_述职材料原件/"))
    assert len(originals) == 24 and {p.rsplit("_", 1)[1] for p in originals} == {"述职报告.docx", "自我评价.docx"}
    for path in originals:
        name = path.split("_", 3)[-2]  # 09_述职材料原件/01_<name>_<kind>.docx
        kind = path.rsplit("_", 1)[1][:-5]
        assert (folder / path).read_bytes() == (tmp_path / "材料" / f"{name}-{kind}.docx").read_bytes()
    assert (folder / "10_书记讲话与点评/书记讲话.docx").read_bytes() == (
        tmp_path / "材料" / "书记讲话.docx"
    ).read_bytes()
    assert "08_述职报告汇编.pdf" in sums and "00_备案材料清单.pdf" in sums
    checklist = flat(pages_text((folder / "00_备案材料清单.pdf").read_bytes())[0])
    assert "以上材料齐全" in checklist and "12/12份" in checklist and "缺" not in checklist.replace("缺项", "")
    assert hashlib.sha256((folder / "08_述职报告汇编.pdf").read_bytes()).hexdigest() == sums["08_述职报告汇编.pdf"]
    assert run_command(["verify", str(copy), "--document", str(folder)]) == 0
    target = folder / originals[0]
    changed = bytearray(target.read_bytes())
    changed[len(changed) // 2] ^= 0x01
    target.write_bytes(bytes(changed))
    capsys.readouterr()
    assert run_command(["verify", str(copy), "--document", str(folder)]) == 1
    assert f"失败  {originals[0]}：与会议文件中保存的原件一致" in capsys.readouterr().out


def test_a_draft_package_may_lack_items(draft_path, tmp_path):
    path = tmp_path / "d.pingyi"
    shutil.copy(draft_path, path)
    with Meeting.open(path) as meeting:
        bundle = filing_bundle(meeting, draft=True)
    assert bundle.checklist.missing and not _audit(path, "备案材料缺项说明")
    folder = write_archive(bundle, tmp_path)
    assert "草稿" in pages_text((folder / "00_备案材料清单.pdf").read_bytes())[0]


def test_archive_command_refuses_then_allows_missing(copy, tmp_path, capsys):
    out = tmp_path / "out"
    out.mkdir()
    assert run_command(["archive", str(copy), "-o", str(out)]) == 1
    assert "备案材料不齐" in capsys.readouterr().err and not list(out.iterdir())
    assert run_command(["archive", str(copy), "-o", str(out), "--allow-missing", "材料另行报送"]) == 0
    said = capsys.readouterr().out
    assert "备案期限：2027-01-05；缺项：党组织书记讲话" in said and len(list(out.iterdir())) == 1
