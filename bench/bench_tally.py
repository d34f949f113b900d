"""Tally speed: 100 reporters × 3 items × 3,000 ballots (900k marks) against a 300 ms budget.

Prints the engine's tally time (median of several runs), a raw SQL GROUP BY over the same
marks in the same file, and their ratio (goal ≤ 3×); then the same at 1,500 ballots to show
linear growth.  The files are built once by bulk inserts and cached under /tmp.
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from models.counting import compute_tally  # noqa: E402
from models.meeting import Meeting  # noqa: E402
from models.setup import add_category, add_item, add_reporter, set_rules  # noqa: E402

CACHE = Path("/tmp/pingyi_bench")
BUDGET_MS = 300
REPORTERS, ITEMS = 100, 3
CATEGORIES = [("A", "领导班子成员", 30, 0.10), ("B", "党员代表", 40, 0.40), ("C", "群众代表", 30, 0.50)]
MARK_WEIGHTS = [(1, 55), (2, 25), (3, 10), (4, 4), (0, 5), (9, 1)]
RAW_SQL = "SELECT reporter_id, item_id, mark, count(*) FROM marks GROUP BY reporter_id, item_id, mark"


def build(path: Path, ballots: int, seed: int = 7, double: bool = False) -> None:
    """A meeting file with ``ballots`` counted ballots, every cell keyed (double: 一录 then an agreeing 二录)."""
    rng = random.Random(seed)
    with Meeting.create(path) as meeting:
        set_rules(meeting, double_entry=double)
        for code, name, weight, share in CATEGORIES:
            add_category(meeting, code, name, weight, issued=int(ballots * share))
        for name in ("履行职责情况", "重点任务落实")[: ITEMS - 1]:
            add_item(meeting, name)
        for n in range(1, REPORTERS + 1):
            add_reporter(meeting, f"述职人{n:03d}", f"第{n}党支部")
        _bulk_ballots(meeting, ballots, rng)
        if double:
            _second_pass(meeting)


def _second_pass(meeting: Meeting) -> None:
    """二录 of every ballot, agreeing with the 一录 (after all of the 一录, as on the day)."""
    db = meeting.db
    with meeting.write("基准测试数据（二录）", {}):
        for first_id, serial, void, digest in db.execute(
                "SELECT id, serial, void_reason, digest FROM ballots WHERE pass_no = 1 ORDER BY id").fetchall():
            bid = db.execute("INSERT INTO ballots (serial, pass_no, void_reason, digest, entered_at) "
                             "VALUES (?, 2, ?, ?, '2026-01-01')", [serial, void, digest]).lastrowid
            db.execute("INSERT INTO marks SELECT ?, reporter_id, item_id, mark FROM marks WHERE ballot_id = ?",
                       [bid, first_id])


def _bulk_ballots(meeting: Meeting, count: int, rng: random.Random) -> None:
    db = meeting.db
    cats = dict(db.execute("SELECT code, id FROM categories").fetchall())
    reporters = [r[0] for r in db.execute("SELECT id FROM reporters ORDER BY seq")]
    items = [r[0] for r in db.execute("SELECT id FROM items ORDER BY seq")]
    marks, weights = zip(*MARK_WEIGHTS, strict=True)
    with meeting.write("基准测试数据", {"ballots": count}):
        n = 0
        for code, _, _, share in CATEGORIES:
            for _ in range(int(count * share)):
                n += 1
                serial = f"{code}-{n:05d}-X"
                db.execute("INSERT INTO forms (serial, category_id, printed_at) VALUES (?, ?, '2026-01-01')",
                           [serial, cats[code]])
                void = "整张未填" if rng.random() < 0.01 else None
                bid = db.execute("INSERT INTO ballots (serial, pass_no, void_reason, digest, entered_at) "
                                 "VALUES (?, 1, ?, ?, '2026-01-01')", [serial, void, str(n)]).lastrowid
                cells = rng.choices(marks, weights, k=len(reporters) * len(items))
                db.conn.executemany(
                    "INSERT INTO marks (ballot_id, reporter_id, item_id, mark) VALUES (?, ?, ?, ?)",
                    [(bid, r, i, cells[k]) for k, (r, i) in enumerate((r, i) for r in reporters for i in items)])


def cached(ballots: int, double: bool = False) -> Path:
    """The bench file for ``ballots`` ballots, built on first use."""
    CACHE.mkdir(exist_ok=True)
    path = CACHE / f"tally_{REPORTERS}x{ITEMS}x{ballots}{'_double' if double else ''}.pingyi"
    if not path.exists():
        tmp = path.with_suffix(".building.pingyi")
        tmp.unlink(missing_ok=True)
        t0 = time.perf_counter()
        build(tmp, ballots, double=double)
        tmp.rename(path)
        print(f"built {path} in {time.perf_counter() - t0:.1f} s")
    return path


def medians_ms(first, second, runs: int = 9) -> tuple[float, float]:
    """Median times of two functions, run alternately so both see the same machine load."""
    first(), second()  # warm the page cache
    a, b = [], []
    for _ in range(runs):
        for fn, times in ((first, a), (second, b)):
            t0 = time.perf_counter()
            fn()
            times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(a), statistics.median(b)


def measure(ballots: int, double: bool = False) -> tuple[float, float]:
    with Meeting.open(cached(ballots, double)) as meeting:
        marks = meeting.db.execute("SELECT count(*) FROM marks").fetchone()[0]
        engine, raw = medians_ms(lambda: compute_tally(meeting), lambda: meeting.db.execute(RAW_SQL).fetchall())
    entry = "double entry, 一录 + 二录" if double else "single entry"
    print(f"{REPORTERS} reporters × {ITEMS} items × {ballots} ballots, {entry} ({marks:,} marks):")
    print(f"  tally (compute_tally, median): figure {engine:.0f} ms   budget {BUDGET_MS} ms")
    print(f"  raw SQL GROUP BY (median):     {raw:.0f} ms")
    print(f"  ratio tally / raw:             figure {engine / raw:.2f}×   goal ≤ 3×")
    return engine, raw


def main() -> int:
    full, _ = measure(3000)
    half, _ = measure(1500)
    print(f"growth 1,500 → 3,000 ballots: {full / half:.2f}× (linear ≈ 2×)")
    measure(3000, double=True)
    return 0 if full <= BUDGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
