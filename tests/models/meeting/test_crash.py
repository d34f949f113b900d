"""Nothing lost: a writer process is killed with SIGKILL at random moments while it enters
ballots; afterwards the file is intact, every acknowledged ballot is there and complete,
and no ballot is partial (its marks and its audit row came with it or not at all)."""

from __future__ import annotations

import os
import random
import select
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from models.ballots.keying import digest_faults, layout
from models.meeting import Meeting, audit
from tests.models import crash_writer
from tests.models.ballot_helpers import digest_of, marks_for, populate

ROOT = Path(__file__).resolve().parents[3]
pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork and SIGKILL (POSIX)")


def prepared_file(path: Path, forms: int) -> Path:
    with Meeting.create(path) as meeting:
        populate(meeting, reporters=6, items=2, categories=(("A", forms),), printed=forms)
    return path


def _read(fd: int, *, until: float, stop_at: bytes | None = None) -> tuple[bytes, bool]:
    """Bytes from ``fd`` until ``until`` (monotonic), EOF, or once ``stop_at`` was read; (data, eof)."""
    data = b""
    while stop_at is None or stop_at not in data:
        wait = until - time.monotonic()
        if wait <= 0:
            break
        ready, _, _ = select.select([fd], [], [], wait)
        if not ready:
            break
        chunk = os.read(fd, 65536)
        if not chunk:
            return data, True
        data += chunk
    return data, False


def _kill_after_ready(fd: int, delay: float, kill) -> list[str]:
    """Wait for the writer's READY, let it write for ``delay`` seconds, kill it, collect all it said."""
    head, eof = _read(fd, until=time.monotonic() + 30, stop_at=b"READY\n")
    assert b"READY\n" in head, f"writer did not start: {head!r}"
    body, _ = _read(fd, until=time.monotonic() + delay)
    kill()
    tail, _ = _read(fd, until=time.monotonic() + 5, stop_at=None) if not eof else (b"", True)
    return (head + body + tail).decode().splitlines()


def _kill_forked_writer(path: Path, pass_no: int, delay: float) -> list[str]:
    """Fork a writer (modules already imported, so it starts in milliseconds); SIGKILL it after ``delay``."""
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: write until killed
        try:
            os.close(read_fd)
            crash_writer.write(str(path), os.fdopen(write_fd, "w"), pass_no)
        finally:
            os._exit(0)
    os.close(write_fd)
    try:
        return _kill_after_ready(read_fd, delay, lambda: (os.kill(pid, signal.SIGKILL), os.waitpid(pid, 0)))
    finally:
        os.close(read_fd)


def _kill_script_writer(path: Path, pass_no: int, delay: float) -> list[str]:
    """The same with ``python -m tests.models.crash_writer`` as a separate program."""
    proc = subprocess.Popen([sys.executable, "-m", "tests.models.crash_writer", str(path), str(pass_no)],
                            cwd=ROOT, stdout=subprocess.PIPE)
    try:
        return _kill_after_ready(proc.stdout.fileno(), delay, lambda: (proc.send_signal(signal.SIGKILL), proc.wait()))
    finally:
        proc.stdout.close()


def check_file(path: Path, acked: dict[int, set[str]]) -> dict[int, set[str]]:
    """Every invariant after a crash; returns the serials stored per pass."""
    with Meeting.open(path) as meeting:
        db = meeting.db
        assert [r[0] for r in db.execute("PRAGMA integrity_check")] == ["ok"]
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        assert audit.verify(db) == []
        assert digest_faults(meeting) == []  # every ballot has all its marks, matching its digest
        cells = layout(meeting)
        stored: dict[int, set[str]] = {1: set(), 2: set()}
        for serial, pass_no, digest, void, n_marks in db.execute(
            "SELECT b.serial, b.pass_no, b.digest, b.void_reason, "
            "(SELECT count(*) FROM marks m WHERE m.ballot_id = b.id) FROM ballots b"
        ):
            stored[pass_no].add(serial)
            expected = "作废:无法辨认" if serial[2] in "23" else digest_of(None, marks_for(None, serial, cells), cells)
            assert digest == expected, serial
            assert n_marks == (0 if void else len(cells)), serial
        keyings = len(audit.entries(db, "录入选票"))
        assert keyings == sum(len(s) for s in stored.values())  # each ballot came with its audit row
        for pass_no, serials in acked.items():
            assert serials <= stored[pass_no], f"acknowledged but lost: {sorted(serials - stored[pass_no])}"
        return stored


def run_trials(tmp_path: Path, trials: int, seed: int, kill, max_delay: float,
               forms: int = 400) -> tuple[int, int, int]:
    """(runs, kills before the writer finished, kills that left a transaction open: a hot journal).

    Runs stop early once both passes of every form are keyed; a run that keys its pass to the
    end says DONE and is no kill (at most one per pass)."""
    rng = random.Random(seed)
    path = prepared_file(tmp_path / "崩溃.pingyi", forms)
    acked: dict[int, set[str]] = {1: set(), 2: set()}
    stored = {1: set(), 2: set()}
    runs = kills = mid_transaction = 0
    journal = path.with_name(path.name + "-journal")
    for _ in range(trials):
        pass_no = 1 if len(stored[1]) < forms else 2
        if len(stored[2]) == forms:
            break
        lines = kill(path, pass_no, rng.uniform(0, max_delay))
        runs += 1
        mid_transaction += journal.exists() and journal.stat().st_size > 0
        new_acks = {line[4:] for line in lines if line.startswith("ACK ")}
        acked[pass_no] |= new_acks
        before = set(stored[pass_no])
        stored = check_file(path, acked)
        # at most one ballot committed after the last acknowledgement, before the kill
        assert len(stored[pass_no] - before - new_acks) <= 1
        kills += "DONE" not in lines
    return runs, kills, mid_transaction


def test_sigkill_never_loses_an_acknowledged_ballot(tmp_path):
    # enough forms that even a fast machine cannot key them all in 50 short runs: every run is
    # then killed mid-way (a run that keys its pass to the end says DONE and is no kill)
    runs, kills, mid_transaction = run_trials(tmp_path, trials=50, seed=20261127, kill=_kill_forked_writer,
                                              max_delay=0.06, forms=3000)
    assert runs == 50 and kills >= runs - 2
    assert mid_transaction >= 5  # the kills really did interrupt commits


def test_sigkill_of_the_writer_program(tmp_path):
    runs, kills, _ = run_trials(tmp_path, trials=3, seed=3, kill=_kill_script_writer, max_delay=0.05)
    assert runs == kills == 3


@pytest.mark.slow
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_sigkill_many_more_trials(tmp_path, seed):
    """Longer runs too, so that kills also land during the rolling backup (every 50 ballots)."""
    runs, kills, mid_transaction = run_trials(tmp_path, trials=150, seed=seed, kill=_kill_forked_writer,
                                              max_delay=0.3, forms=5000)
    assert runs >= 60 and kills >= runs - 2 and mid_transaction >= 15


@pytest.mark.slow
def test_sigkill_of_the_writer_program_many_trials(tmp_path):
    runs, kills, _ = run_trials(tmp_path, trials=30, seed=9, kill=_kill_script_writer, max_delay=0.3, forms=3000)
    assert runs == 30 and kills >= runs - 2


# -- 定稿 and 备案材料 killed half-way (issue 17) ----------------------------------------------------
def _fork_and_kill(work, delay: float) -> list[str]:
    """Fork a child that prints READY, runs ``work(out)`` and prints DONE; SIGKILL it ``delay`` s after READY."""
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            os.close(read_fd)
            out = os.fdopen(write_fd, "w")
            work(out)
            out.write("DONE\n")
            out.flush()
        finally:
            os._exit(0)
    os.close(write_fd)
    try:
        return _kill_after_ready(read_fd, delay, lambda: (os.kill(pid, signal.SIGKILL), os.waitpid(pid, 0)))
    finally:
        os.close(read_fd)


@pytest.fixture(scope="module")
def ready_to_finalize(tmp_path_factory) -> Path:
    from models.demo import create_demo

    return create_demo(tmp_path_factory.mktemp("finalize") / "定稿前.pingyi", reporters=4)


def _finalize_trials(folder: Path, source: Path, trials: int, seed: int) -> tuple[int, int]:
    """(kills before 定稿 committed, kills after): every file afterwards passes verify, finalised or not."""
    from models.counting import decisions, verify_meeting

    rng, before, after = random.Random(seed), 0, 0
    for n in range(trials):
        path = folder / f"定稿{n}.pingyi"
        shutil.copy(source, path)

        def work(out, path=path):
            meeting = Meeting.open(path)
            out.write("READY\n")
            out.flush()
            decisions.finalize(meeting, waive_reason="崩溃测试")
            out.write("ACK\n")
            out.flush()
            meeting.close()

        lines = _fork_and_kill(work, rng.uniform(0, 0.05))
        with Meeting.open(path) as meeting:
            report = verify_meeting(meeting)
            assert report.ok, report.lines()
            sealed = [e for e in audit.entries(meeting.db) if e["action"] == "定稿"]
            assert len(sealed) == int(meeting.finalized)  # 定稿 whole or not at all
            if "ACK" in lines:
                assert meeting.finalized
            if not meeting.finalized:  # and it can still be finalised
                decisions.finalize(meeting, waive_reason="崩溃后再定稿")
                assert verify_meeting(meeting).ok
        before += "ACK" not in lines
        after += "ACK" in lines
    return before, after


def test_sigkill_during_finalize_leaves_a_consistent_file(tmp_path, ready_to_finalize):
    before, after = _finalize_trials(tmp_path, ready_to_finalize, trials=12, seed=17)
    assert before >= 2 and before + after == 12


@pytest.mark.slow
def test_sigkill_during_finalize_many_trials(tmp_path, ready_to_finalize):
    before, after = _finalize_trials(tmp_path, ready_to_finalize, trials=80, seed=1717)
    assert before >= 10 and after >= 5


def _archive_trials(folder: Path, source: Path, trials: int, seed: int, max_delay: float) -> int:
    """Kill ``archive`` at random moments; returns how many kills left a temporary folder behind."""
    from models.documents.filing import filing_bundle
    from printing.archive import TEMP_PREFIX, manifest_faults, write_archive

    rng, leftovers = random.Random(seed), 0
    out_dir = folder / "备案"
    out_dir.mkdir()

    def work(out):
        with Meeting.open(source) as meeting:
            bundle = filing_bundle(meeting, draft=True)

        def progress(done, total, label):
            if done == 1:  # the temporary folder exists and holds its first file: the kill lands mid-way
                out.write("READY\n")
                out.flush()

        try:
            write_archive(bundle, out_dir, progress=progress)
        except Exception as exc:  # noqa: BLE001 - said to the test, which then fails with it
            out.write(f"READY\nERROR {exc!r}\n")
            out.flush()

    for _ in range(trials):
        lines = _fork_and_kill(work, rng.uniform(0, max_delay))
        assert not [line for line in lines if line.startswith("ERROR")], lines
        finished = [p for p in out_dir.iterdir() if not p.name.startswith(TEMP_PREFIX)]
        for package in finished:  # a folder under its final name is always complete
            assert manifest_faults(package) == [], package
            shutil.rmtree(package)
        leftovers += any(p.name.startswith(TEMP_PREFIX) for p in out_dir.iterdir())
        assert "DONE" in lines or not finished or len(finished) == 1
    with Meeting.open(source) as meeting:  # the next archive of the same meeting cleans up
        package = write_archive(filing_bundle(meeting, draft=True), out_dir)
    assert manifest_faults(package) == []
    assert not [p for p in out_dir.iterdir() if p.name.startswith(TEMP_PREFIX)]
    return leftovers


def test_sigkill_during_archive_never_leaves_a_half_package(tmp_path, ready_to_finalize):
    leftovers = _archive_trials(tmp_path, ready_to_finalize, trials=4, seed=5, max_delay=0.3)
    assert leftovers >= 1  # the kills did land mid-way, and the next archive removed what they left


@pytest.mark.slow
def test_sigkill_during_archive_many_trials(tmp_path, ready_to_finalize):
    leftovers = _archive_trials(tmp_path, ready_to_finalize, trials=25, seed=55, max_delay=0.8)
    assert leftovers >= 5
