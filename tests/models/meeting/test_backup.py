"""Rolling backups through SQLite's backup API: every N ballots, on close, last 10 kept, newest good one found."""

import pytest

from models.ballots import enter_ballot, get_ballot
from models.meeting import Meeting, backup
from tests.models.ballot_helpers import marks_for, populate


@pytest.fixture
def serials(meeting):
    backup.install(meeting)
    return populate(meeting, reporters=2, printed=12)["A"]


def test_defaults_match_the_design():
    assert (backup.EVERY, backup.KEEP) == (50, 10)


def test_backup_folder_sits_beside_the_file(meeting_path):
    assert backup.backup_dir(meeting_path) == meeting_path.parent / "会议.备份"


def test_a_backup_every_n_ballots(meeting, serials, monkeypatch):
    monkeypatch.setattr(backup, "EVERY", 3)
    for k, serial in enumerate(serials[:7], start=1):
        enter_ballot(meeting, 1, serial, marks_for(meeting, serial))
        assert len(backup.list_backups(meeting.path)) == k // 3
    newest = backup.list_backups(meeting.path)[0]
    with Meeting.open(newest) as copy:
        assert get_ballot(copy, 1, serials[5]) == get_ballot(meeting, 1, serials[5])
        assert get_ballot(copy, 1, serials[6]) is None


def test_a_backup_on_close_only_when_something_changed(meeting_path):
    with Meeting.create(meeting_path) as meeting:
        backup.install(meeting)
        populate(meeting, printed=1)
    assert len(backup.list_backups(meeting_path)) == 1
    with Meeting.open(meeting_path) as meeting:
        backup.install(meeting)
    assert len(backup.list_backups(meeting_path)) == 1


def test_only_the_newest_ten_are_kept(meeting, serials):
    made = [backup.backup_now(meeting) for _ in range(13)]
    kept = backup.list_backups(meeting.path)
    assert kept == list(reversed(made[3:]))
    assert not any(p.exists() for p in made[:3])
    assert not list(backup.backup_dir(meeting.path).glob("*.tmp"))


def test_newest_good_backup_skips_damaged_ones(meeting, serials):
    assert backup.newest_good_backup(meeting.path) is None
    good = backup.backup_now(meeting)
    damaged = backup.backup_now(meeting)
    data = bytearray(damaged.read_bytes())
    data[4096:8192] = b"\xff" * 4096  # wreck the second page
    damaged.write_bytes(bytes(data))
    truncated = backup.backup_now(meeting)
    truncated.write_bytes(truncated.read_bytes()[:50])
    assert backup.list_backups(meeting.path)[0] == truncated
    assert backup.newest_good_backup(meeting.path) == good


def test_a_failing_backup_never_fails_the_save(meeting, serials, monkeypatch):
    monkeypatch.setattr(backup, "EVERY", 1)
    folder = backup.backup_dir(meeting.path)
    folder.write_text("挡住备份文件夹")  # a file where the folder should be
    ballot = enter_ballot(meeting, 1, serials[0], {})
    assert get_ballot(meeting, 1, serials[0]) == ballot
    assert "无法写入备份" in backup.last_problem(meeting)
    with pytest.raises(backup.PingyiError, match="无法写入备份"):
        backup.backup_now(meeting)
