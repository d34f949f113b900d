"""The window lock: keyed by the file's identity, at most one holder under contention (issue 17)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from models.errors import FileLocked, FileRefused
from models.meeting import Meeting
from models.meeting.lock import FileLock

ROOT = Path(__file__).resolve().parents[3]

_WORKER = """
import json, os, random, sys, time
sys.path.insert(0, {root!r})
from models.errors import FileLocked
from models.meeting.lock import FileLock
target, marker, seconds = {target!r}, {marker!r}, {seconds!r}
held = overlaps = refused = 0
end = time.monotonic() + seconds
while time.monotonic() < end:
    try:
        lock = FileLock(target).acquire()
    except FileLocked:
        refused += 1
        continue
    held += 1
    try:
        fd = os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
    except FileExistsError:
        overlaps += 1
        fd = None
    time.sleep(random.random() / 2000)
    if fd is not None:
        os.close(fd)
        os.unlink(marker)
    lock.release()
print(json.dumps({{"held": held, "overlaps": overlaps, "refused": refused}}))
"""


@pytest.mark.timeout(60)
def test_at_most_one_holder_among_several_processes(tmp_path):
    target = tmp_path / "会议.pingyi"
    target.write_bytes(b"x")
    code = _WORKER.format(root=str(ROOT), target=str(target), marker=str(tmp_path / "holder"), seconds=2.5)
    procs = [subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True) for _ in range(4)]
    results = [json.loads(p.communicate(timeout=50)[0]) for p in procs]
    assert sum(r["overlaps"] for r in results) == 0, results
    assert sum(r["held"] for r in results) >= 100 and sum(r["refused"] for r in results) > 0, results


def test_a_hard_link_to_an_open_meeting_is_refused(meeting, meeting_path, tmp_path):
    other = tmp_path / "另一个名字.pingyi"
    os.link(meeting_path, other)
    with pytest.raises(FileLocked, match="另一个窗口"):
        Meeting.open(other)


def test_a_symbolic_link_to_a_meeting_is_refused(meeting_path, tmp_path):
    Meeting.create(meeting_path).close()
    link = tmp_path / "快捷方式.pingyi"
    link.symlink_to(meeting_path)
    with pytest.raises(FileRefused, match="符号链接"):
        Meeting.open(link)


def test_the_same_file_by_another_path_is_locked(meeting, meeting_path, tmp_path):
    (tmp_path / "sub").mkdir()
    roundabout = tmp_path / "sub" / ".." / meeting_path.name
    with pytest.raises(FileLocked):
        Meeting.open(roundabout)


def test_released_lock_is_taken_again_and_leaves_no_lock_file(meeting_path):
    meeting_path.write_bytes(b"x")
    first = FileLock(meeting_path).acquire()
    with pytest.raises(FileLocked):
        FileLock(meeting_path).acquire()
    first.release()
    FileLock(meeting_path).acquire().release()
    assert not meeting_path.with_name(meeting_path.name + ".lock").exists()
