"""Median time to save one ballot, commit included: 100 reporters × 3 items (budget 15 ms).

Run: python bench/bench_save_ballot.py [--ballots N] [--dir FOLDER]
The meeting file is written in FOLDER (default: a temporary folder) — put it on the kind of
disk the clerk uses; synchronous=FULL makes the disk's flush time part of the figure.
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

from models.ballots import enter_ballot, layout  # noqa: E402
from models.meeting_file import Meeting  # noqa: E402
from tests.models.ballot_helpers import populate  # noqa: E402

BUDGET_MS = 15.0
REPORTERS, ITEMS = 100, 3


def measure(folder: Path, ballots: int) -> list[float]:
    """Seconds per ``enter_ballot`` call (check, marks, audit row, commit) for ``ballots`` ballots."""
    with Meeting.create(folder / "bench.pingyi") as meeting:
        serials = populate(meeting, reporters=REPORTERS, items=ITEMS, categories=(("A", ballots),),
                           printed=ballots)["A"]
        cells = layout(meeting)
        rng = random.Random(1)
        times = []
        for serial in serials:
            marks = {cell: rng.choice((1, 1, 1, 2, 2, 3, 4, 0, 9)) for cell in cells}
            start = time.perf_counter()
            enter_ballot(meeting, 1, serial, marks)
            times.append(time.perf_counter() - start)
        return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ballots", type=int, default=200)
    parser.add_argument("--dir", type=Path, default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        times = measure(Path(tmp), args.ballots)
    median = statistics.median(times) * 1000
    p90 = statistics.quantiles(times, n=10)[-1] * 1000
    print(f"save one ballot ({REPORTERS} reporters x {ITEMS} items, commit included, {len(times)} ballots)")
    print(f"figure: median {median:.2f} ms (90th percentile {p90:.2f} ms)")
    print(f"budget: {BUDGET_MS:.0f} ms median -> {'OK' if median <= BUDGET_MS else 'OVER BUDGET'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
