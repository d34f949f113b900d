"""A merge is all or nothing: the merging process is killed with SIGKILL at random moments; afterwards
the main file is intact and holds either none of the station's keyings or all of them (with one audit row)."""

from __future__ import annotations

import os
import random
import shutil
import signal
import time
from pathlib import Path

import pytest

from models.ballots.keying import digest_faults, prepare, store_many
from models.meeting import Meeting, audit
from models.stations import merge_stations
from tests.models.ballot_helpers import marks_for
from tests.models.meeting.test_crash import _kill_after_ready
from tests.models.stations.helpers import main_meeting, station

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork and SIGKILL (POSIX)")
FORMS = 1500


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    """A main meeting and a station that keyed every form in 一录 and 二录."""
    folder = tmp_path_factory.mktemp("crash")
    main = folder / "会议.pingyi"
    serials = main_meeting(main, forms=FORMS, reporters=12)
    path = station(main, "二号机")
    with Meeting.open(path) as st:
        entries = [(p, s, prepare(st, marks_for(st, s))) for s in serials for p in (1, 2)]
        store_many(st, "导入选票", {"test": True}, entries)
    return main, path


def _merge_until_killed(main: Path, path: Path, delay: float) -> list[str]:
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: merge until killed
        try:
            os.close(read_fd)
            out = os.fdopen(write_fd, "w")
            meeting = Meeting.open(main)
            out.write("READY\n")
            out.flush()
            merge_stations(meeting, [path])
            meeting.close()
            out.write("DONE\n")
            out.flush()
        finally:
            os._exit(0)
    os.close(write_fd)
    try:
        return _kill_after_ready(read_fd, delay, lambda: (os.kill(pid, signal.SIGKILL), os.waitpid(pid, 0)))
    finally:
        os.close(read_fd)


def _outcome(main: Path) -> str:
    with Meeting.open(main) as meeting:
        db = meeting.db
        assert [r[0] for r in db.execute("PRAGMA integrity_check")] == ["ok"]
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        assert audit.verify(db) == [] and digest_faults(meeting) == []
        ballots = db.execute("SELECT count(*) FROM ballots").fetchone()[0]
        origins = db.execute("SELECT count(*) FROM ballot_origin").fetchone()[0]
        merges = len(audit.entries(db, "合并录入机"))
        records = db.execute("SELECT count(*) FROM station_merges").fetchone()[0]
    if (ballots, origins, merges, records) == (0, 0, 0, 0):
        return "nothing"
    assert (ballots, origins, merges, records) == (2 * FORMS, 2 * FORMS, 1, 1)
    return "all"


@pytest.mark.timeout(300)
def test_sigkill_during_a_merge_leaves_all_or_nothing(files, tmp_path):
    base, path = files
    main = tmp_path / "会议.pingyi"
    shutil.copy(base, main)
    started = time.monotonic()
    with Meeting.open(main) as meeting:
        merge_stations(meeting, [path])
    duration = time.monotonic() - started
    assert _outcome(main) == "all"
    rng, outcomes, hot = random.Random(15), [], 0
    for _ in range(10):
        shutil.copy(base, main)
        lines = _merge_until_killed(main, path, rng.uniform(0.2, 1.1) * duration)
        journal = main.with_name(main.name + "-journal")
        hot += journal.exists() and journal.stat().st_size > 0
        outcomes.append(("killed " if "DONE" not in lines else "done ") + _outcome(main))
    assert outcomes.count("killed nothing") >= 2, (duration, outcomes)
    assert hot >= 1, (duration, outcomes)  # some kills really did interrupt the transaction
