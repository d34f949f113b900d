"""verify checks the scanned files kept beside the meeting: each still there, each unchanged."""

from __future__ import annotations

import pytest

from cli import run_command
from models import scans
from models.counting import verify_meeting
from models.documents.filing import filing_bundle
from models.errors import PingyiError
from models.meeting import Meeting
from printing.archive import write_archive
from tests.models.ballot_helpers import populate

from .test_store import PENS, _scan, _store


def _evidence_line(meeting) -> str:
    lines = [line for line in verify_meeting(meeting).lines() if "扫描存档" in line]
    assert len(lines) == 1, lines
    return lines[0]


def test_verify_passes_with_the_evidence_and_names_a_changed_or_missing_file(meeting, tmp_path):
    serials = populate(meeting, reporters=3, printed=2)["A"]
    for serial in serials:
        _store(meeting, _scan(tmp_path, meeting, serial, PENS))
    assert _evidence_line(meeting).startswith("通过  扫描存档（2 个文件）")
    first, second = sorted(scans.evidence_dir(meeting.path).iterdir())
    first.write_bytes(first.read_bytes() + b"x")
    second.unlink()
    line = _evidence_line(meeting)
    assert line.startswith("失败") and f"{first.name} 已被改动" in line and f"{second.name} 不见了" in line


def test_a_meeting_without_scans_has_no_evidence_line(meeting):
    populate(meeting, reporters=3, printed=1)
    assert not [line for line in verify_meeting(meeting).lines() if "扫描存档" in line]


def test_the_filing_package_carries_the_scans_so_its_copy_of_the_meeting_verifies(meeting, tmp_path, capsys):
    """The package's meeting copy has its ‹copy›.扫描 folder beside it: the copy passes verify, and
    ``verify --document`` checks each kept scan; a scan missing beside the meeting refuses the package."""
    serials = populate(meeting, reporters=3, printed=2)["A"]
    for serial in serials:
        _store(meeting, _scan(tmp_path, meeting, serial, PENS))
    bundle = filing_bundle(meeting, draft=True)
    assert len(bundle.scans) == 2 and all(p.startswith(f"{bundle.folder_name}.扫描/") for p, _ in bundle.scans)
    (tmp_path / "out").mkdir()
    folder = write_archive(bundle, tmp_path / "out")
    copy = folder / bundle.meeting_copy_name
    with Meeting.open(copy, read_only_check=False) as filed:
        assert _evidence_line(filed).startswith("通过  扫描存档（2 个文件）")
    path = meeting.path
    meeting.close()  # the command line opens the file itself
    code, out = run_command(["verify", str(path), "--document", str(folder)]), capsys.readouterr().out
    assert code == 0, [line for line in out.splitlines() if "失败" in line]
    assert out.count("是会议读入过的扫描件") == 2
    kept = next((folder / f"{bundle.folder_name}.扫描").iterdir())
    kept.write_bytes(kept.read_bytes() + b"x")
    assert run_command(["verify", str(path), "--document", str(folder)]) == 1
    assert "扫描件在备案后被改动过" in capsys.readouterr().out
    next(scans.evidence_dir(path).iterdir()).unlink()
    with Meeting.open(path) as again, pytest.raises(PingyiError, match="找不到扫描存档"):
        filing_bundle(again, draft=True)
