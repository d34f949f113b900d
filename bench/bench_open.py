"""Opening a meeting file with 3,000 ballots (100 reporters × 3 items): budget 1 s.

Opening means what the app does before showing anything: take the lock, check the header
and version, run ``quick_check``.  Printed beside it: open plus the first full tally, which
the 计票 stage needs when it is shown.  Uses the file bench_tally.py builds and caches.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_tally import cached  # noqa: E402

from models.counting import compute_tally  # noqa: E402
from models.meeting import Meeting  # noqa: E402

BUDGET_S = 1.0


def timed(fn, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def open_close(path: Path) -> None:
    Meeting.open(path).close()


def open_tally_close(path: Path) -> None:
    with Meeting.open(path) as meeting:
        compute_tally(meeting)


def main() -> int:
    path = cached(3000)
    size_mb = path.stat().st_size / 1e6
    opened = timed(lambda: open_close(path))
    with_tally = timed(lambda: open_tally_close(path))
    print(f"open a file with 3,000 ballots ({size_mb:.0f} MB): figure {opened:.3f} s   budget {BUDGET_S} s")
    print(f"  open + first tally:                       {with_tally:.3f} s")
    return 0 if opened <= BUDGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
