"""The filing package: every file with its SHA-256 in the manifest, written atomically, refused before 定稿."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import openpyxl
import pytest

from cli.verify import document_report
from models.documents.filing import MANIFEST_NAME, WORKBOOK_NAME, filing_bundle
from models.errors import PingyiError
from models.setup import list_reporters
from printing import archive
from printing.archive import TEMP_PREFIX, read_manifest, write_archive

from .conftest import open_meeting
from .pdftext import flat, pages_text

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def filed_path(final_path, tmp_path_factory):
    """A copy of the finalised meeting: filing with 述职材料 missing records the reason in its audit chain."""
    path = tmp_path_factory.mktemp("filed") / "filed.pingyi"
    shutil.copy(final_path, path)
    return path


@pytest.fixture(scope="module")
def final_archive(filed_path, tmp_path_factory):
    with open_meeting(filed_path) as meeting:
        bundle = filing_bundle(meeting, allow_missing="测试：述职材料另行报送")
        names = [r.name for r in list_reporters(meeting)]
    steps = []
    folder = write_archive(bundle, tmp_path_factory.mktemp("out"), progress=lambda *a: steps.append(a))
    return folder, names, steps, bundle


def test_every_file_is_there_with_its_sum(final_archive):
    folder, names, steps, bundle = final_archive
    sums = read_manifest(folder)
    files = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
    assert files == set(sums) | {MANIFEST_NAME}
    for path, digest in sums.items():
        assert hashlib.sha256((folder / path).read_bytes()).hexdigest() == digest
    top = sorted(p for p in sums if "/" not in p and p.endswith(".pdf"))
    assert top == ["00_备案材料清单.pdf", "01_计票汇总表.pdf", "02_排名表.pdf", "03_唱票计票单.pdf", "04_会议议程.pdf",
                   "05_会议记录.pdf", "08_述职报告汇编.pdf"]
    for folder_name in ("06_述职评议反馈意见", "07_整改清单"):
        per_reporter = sorted(p for p in sums if p.startswith(folder_name + "/"))
        assert [p.rsplit("/", 1)[1].split("_", 1)[1][:-4] for p in per_reporter] == names
    assert WORKBOOK_NAME in sums and bundle.meeting_copy_name in sums
    assert folder.name == "中共青山县委2026年度党组织书记抓基层党建工作述职评议会_2026-12-29"
    assert steps[-1][0] == steps[-1][1] == len(bundle.entries) + len(bundle.attachments) + 3
    assert not [p for p in folder.parent.iterdir() if p.name.startswith(TEMP_PREFIX)]


def test_meeting_copy_is_consistent_and_sealed(final_archive, filed_path):
    folder, _, _, bundle = final_archive
    conn = sqlite3.connect(f"{(folder / bundle.meeting_copy_name).resolve().as_uri()}?mode=ro", uri=True)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        copy_seal = conn.execute("SELECT finalized, fingerprint, chain_head FROM meeting").fetchone()
    finally:
        conn.close()
    with open_meeting(filed_path) as meeting:
        assert copy_seal == meeting.db.execute("SELECT finalized, fingerprint, chain_head FROM meeting").fetchone()


def test_manifest_names_the_state_and_fingerprint(final_archive):
    folder, _, _, bundle = final_archive
    text = (folder / MANIFEST_NAME).read_text(encoding="utf-8")
    assert "状态：正式（已定稿）" in text and bundle.head.fingerprint in text and "草稿" not in text


def test_verify_accepts_the_package_and_catches_a_changed_file(final_archive, filed_path, tmp_path):
    folder, _, _, _ = final_archive
    copy = tmp_path / folder.name
    shutil.copytree(folder, copy)
    target = copy / "02_排名表.pdf"
    target.write_bytes(target.read_bytes().replace(b"/Producer", b"/Producer ", 1))
    with open_meeting(filed_path) as meeting:
        report = document_report(meeting, copy)
    failed = [name for name, ok, _ in report if not ok]
    assert len(failed) == 2 and len(report) > 60, "everything else in the package checks out"
    assert "MANIFEST" in failed[0] and failed[1].startswith("02_排名表.pdf") and "逐字节" in failed[1]


def test_refused_before_finalising_unless_draft(draft_path, tmp_path):
    with open_meeting(draft_path) as meeting:
        with pytest.raises(PingyiError, match="--draft"):
            filing_bundle(meeting)
        bundle = filing_bundle(meeting, draft=True)
    folder = write_archive(bundle, tmp_path)
    assert folder.name.endswith("_草稿")
    assert "状态：草稿" in (folder / MANIFEST_NAME).read_text(encoding="utf-8")
    for pdf in folder.rglob("*.pdf"):
        assert all("草稿" in flat(page) for page in pages_text(pdf.read_bytes())), pdf.name
    book = openpyxl.load_workbook(folder / WORKBOOK_NAME)
    assert all("草稿" in ws["A1"].value for ws in book.worksheets)


def test_existing_folder_is_not_overwritten(final_archive):
    folder, _, _, bundle = final_archive
    with pytest.raises(PingyiError, match="已存在"):
        write_archive(bundle, folder.parent)


@pytest.mark.parametrize("failure", [RuntimeError, KeyboardInterrupt])
def test_interrupted_archive_leaves_nothing_under_the_final_name(final_archive, tmp_path, monkeypatch, failure):
    _, _, _, bundle = final_archive
    calls = []
    real = archive.render_document

    def breaking(data, seq=None):
        calls.append(data.kind)
        if len(calls) == 4:
            raise failure("停电了")
        return real(data, seq=seq)

    monkeypatch.setattr(archive, "render_document", breaking)
    with pytest.raises(failure):
        write_archive(bundle, tmp_path)
    assert list(tmp_path.iterdir()) == [], "neither the final folder nor the temporary one is left"


KILLED_WRITER = """
import sys, time
sys.path.insert(0, {root!r})
from models.documents.filing import filing_bundle
from models.meeting import Meeting
from printing import archive
real = archive.render_document
def slow(data, seq=None):
    time.sleep(0.2)
    return real(data, seq=seq)
archive.render_document = slow
with Meeting.open({path!r}) as meeting:
    bundle = filing_bundle(meeting, allow_missing="测试")
archive.write_archive(bundle, {out!r})
"""


def test_killed_archive_leaves_no_folder_under_the_final_name(final_archive, filed_path, tmp_path):
    _, _, _, bundle = final_archive
    script = KILLED_WRITER.format(root=str(ROOT), path=str(filed_path), out=str(tmp_path))
    writer = subprocess.Popen([sys.executable, "-c", script])
    deadline = time.monotonic() + 60
    while not any(p.name.startswith(TEMP_PREFIX) and any(p.rglob("*.pdf")) for p in tmp_path.iterdir()):
        assert time.monotonic() < deadline and writer.poll() is None, "the writer never started writing"
        time.sleep(0.05)
    writer.kill()
    writer.wait()
    assert not (tmp_path / bundle.folder_name).exists()
    assert [p.name.startswith(TEMP_PREFIX) for p in tmp_path.iterdir()] == [True]
