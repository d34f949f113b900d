"""Median time to save one ballot, commit included: 100 reporters × 3 items (budget 15 ms).

Run: python bench/bench_save_ballot.py [--ballots N] [--prefill N] [--dir FOLDER]
Two figures: a fresh meeting file, and a file already holding ``--prefill`` ballots (default
3,000, the tally's stress size; each save then rewrites ~350 pages of the marks index).
The file is written in FOLDER (default: a temporary folder) — put it on the kind of disk the
clerk uses; synchronous=FULL makes the disk's flush time part of the figure.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from models.ballots import enter_ballot, insert_ballot, layout, prepare  # noqa: E402
from models.meeting import Meeting  # noqa: E402
from tests.models.ballot_helpers import populate  # noqa: E402

BUDGET_MS = 15.0
REPORTERS, ITEMS = 100, 3


def _keying(cells, rng: random.Random) -> dict:
    return {cell: rng.choice((1, 1, 1, 2, 2, 3, 4, 0, 9)) for cell in cells}


def _prefill(meeting: Meeting, serials: list[str], rng: random.Random) -> None:
    """Store ballots fast: the marks index is rebuilt once afterwards instead of grown row by row."""
    cells = layout(meeting)
    index_sql = meeting.db.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = 'marks_by_reporter'").fetchone()[0]
    with meeting.write("基准测试：预置选票", {"count": len(serials)}) as db:
        db.execute("DROP INDEX marks_by_reporter")
        for serial in serials:
            insert_ballot(db, 1, serial, prepare(meeting, _keying(cells, rng), None, cells), "2026-01-01 00:00:00")
        db.execute(index_sql)


def measure(folder: Path, ballots: int, prefill: int = 0) -> list[float]:
    """Seconds per ``enter_ballot`` call (check, marks, audit row, commit) for ``ballots`` ballots."""
    with Meeting.create(folder / f"bench-{prefill}.pingyi") as meeting:
        serials = populate(meeting, reporters=REPORTERS, items=ITEMS, categories=(("A", ballots + prefill),),
                           printed=ballots + prefill, double_entry=False)["A"]
        rng = random.Random(1)
        _prefill(meeting, serials[ballots:], rng)
        cells = layout(meeting)
        times = []
        for serial in serials[:ballots]:
            marks = _keying(cells, rng)
            start = time.perf_counter()
            enter_ballot(meeting, 1, serial, marks)
            times.append(time.perf_counter() - start)
        return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ballots", type=int, default=200)
    parser.add_argument("--prefill", type=int, default=3000)
    parser.add_argument("--dir", type=Path, default=None)
    args = parser.parse_args()
    print(f"save one ballot ({REPORTERS} reporters x {ITEMS} items, commit included, median of {args.ballots})")
    over = False
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        for prefill in sorted({0, args.prefill}):
            times = measure(Path(tmp), args.ballots, prefill)
            median = statistics.median(times) * 1000
            p90 = statistics.quantiles(times, n=10)[-1] * 1000
            over |= median > BUDGET_MS
            print(f"figure: median {median:.2f} ms (90th percentile {p90:.2f} ms) "
                  f"with {prefill} ballots already in the file")
    print(f"budget: {BUDGET_MS:.0f} ms median -> {'OVER BUDGET' if over else 'OK'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
