"""verify checks the scanned files kept beside the meeting: each still there, each unchanged."""

from __future__ import annotations

from models import scans
from models.counting import verify_meeting
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
