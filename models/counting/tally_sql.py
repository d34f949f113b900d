"""Reading the raw counts of a tally straight from the meeting file with SQL.

Only the ``official_ballots`` view decides which ballots count.  The heavy query scans the
marks once, in the order of the covering index ``marks_by_reporter`` (so GROUP BY needs no
sort), and looks each mark's ballot up in a small temporary table of counted, non-void
ballots.  That table carries, per ballot, a weight ``1 << (bits · slot)`` of its category,
so one ``sum()`` adds up the counts of several categories side by side in bit fields wide
enough never to carry into each other.  The temporary table lives inside a savepoint that
is rolled back, so nothing is left behind and an open transaction is not disturbed.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from models.ballots.cap import over_cap_ballots

_COUNTED = """
SELECT o.ballot_id, o.serial, f.category_id, b.void_reason IS NOT NULL
  FROM official_ballots o
  JOIN ballots b ON b.id = o.ballot_id
  JOIN forms f ON f.serial = o.serial
"""

_RETURNED = """
SELECT f.category_id, count(DISTINCT b.serial)
  FROM ballots b JOIN forms f ON f.serial = b.serial
 GROUP BY f.category_id
"""

# Serials double entry has not settled: mismatched when both 一录 and 二录 exist, or a scanned
# reading (pass 4) and a keying disagree; else pending.
# (Under a waiver they count by their 一录 all the same; they are still reported.)
_OUTSTANDING = """
SELECT coalesce(sum((p1 AND p2) OR (p4 AND (p1 OR p2))), 0), coalesce(sum(NOT ((p1 AND p2) OR (p4 AND (p1 OR p2)))), 0)
  FROM (SELECT serial, max(pass_no = 1) AS p1, max(pass_no = 2) AS p2, max(pass_no = 4) AS p4
          FROM ballots GROUP BY serial)
 WHERE serial NOT IN (SELECT serial FROM agreed_ballots)
"""

_SAVEPOINT = "pingyi_tally"


@dataclass(frozen=True)
class RawCounts:
    """Plain counts as stored: per category and per (reporter, item, category, mark)."""

    valid: dict[int, int]  # category_id → counted non-void ballots (distinct serials)
    void: dict[int, int]  # category_id → counted void ballots
    returned: dict[int, int]  # category_id → distinct serials entered in any pass
    marks: dict[tuple[int, int, int], dict[int, int]]  # (reporter, item, category) → {mark: rows}
    pending: int
    mismatched: int
    cap_void: dict[int, int] = field(default_factory=dict)  # category_id → of ``void``, void by 每票好等次上限


def read_counts(db, good_cap: int | None = None) -> RawCounts:
    """Every count the tally needs, read in one consistent snapshot (a savepoint).

    ``good_cap``: the most 好 one ballot may give on one item; a counted ballot over it is void.
    """
    conn = db.conn
    conn.execute(f"SAVEPOINT {_SAVEPOINT}")
    try:
        counted = conn.execute(_COUNTED).fetchall()
        over = over_cap_ballots(db, good_cap)
        cap_void = Counter(cat for bid, _, cat, is_void in counted if not is_void and bid in over)
        counted = [(bid, serial, cat, is_void or bid in over) for bid, serial, cat, is_void in counted]
        valid, void = _ballot_counts(counted)
        returned = dict(conn.execute(_RETURNED).fetchall())
        mismatched, pending = conn.execute(_OUTSTANDING).fetchone()
        marks = _mark_counts(conn, [(bid, cat) for bid, _, cat, is_void in counted if not is_void])
    finally:
        conn.execute(f"ROLLBACK TO {_SAVEPOINT}")
        conn.execute(f"RELEASE {_SAVEPOINT}")
    return RawCounts(valid, void, returned, marks, pending, mismatched, dict(cap_void))


def _ballot_counts(counted) -> tuple[dict[int, int], dict[int, int]]:
    valid, void = defaultdict(set), defaultdict(set)
    for _, serial, cat, is_void in counted:
        (void if is_void else valid)[cat].add(serial)
    return {c: len(s) for c, s in valid.items()}, {c: len(s) for c, s in void.items()}


def _layout(ballots: list[tuple[int, int]]) -> tuple[int, dict[int, tuple[int, int]]]:
    """Bit-field width and, per category, (column, shift) so that no field can overflow.

    A field adds up at most one mark per ballot of its category (the marks' primary key is
    ballot, reporter, item), so the number of ballots bounds it.
    """
    per_category = Counter(cat for _, cat in ballots)
    bits = max(per_category.values()).bit_length()
    per_column = 62 // bits
    slots = {cat: divmod(k, per_column) for k, cat in enumerate(sorted(per_category))}
    return bits, {cat: (col, slot * bits) for cat, (col, slot) in slots.items()}


def _mark_counts(conn, ballots: list[tuple[int, int]]):
    out: dict[tuple[int, int, int], dict[int, int]] = defaultdict(dict)
    if not ballots:
        return out
    bits, place = _layout(ballots)
    columns = max(col for col, _ in place.values()) + 1
    names = [f"w{k}" for k in range(columns)]
    conn.execute(f"CREATE TEMP TABLE tally_counted (id INTEGER PRIMARY KEY, {', '.join(n + ' INTEGER' for n in names)})")
    weights: dict[int, list[int]] = {}
    for bid, cat in ballots:  # a ballot listed twice (only in a damaged file) weighs twice
        col, shift = place[cat]
        weights.setdefault(bid, [0] * columns)[col] += 1 << shift
    rows = [(bid, *w) for bid, w in weights.items()]
    conn.executemany(f"INSERT INTO temp.tally_counted VALUES (?, {', '.join('?' * columns)})", rows)
    sums = ", ".join(f"sum(c.{n})" for n in names)
    # the range test is read from the index entry itself, so marks of ballots keyed after (or before)
    # every counted one — typically the whole 二录 — are skipped without a lookup
    query = (f"SELECT m.reporter_id, m.item_id, m.mark, {sums} FROM marks m INDEXED BY marks_by_reporter "
             "CROSS JOIN temp.tally_counted c ON c.id = m.ballot_id WHERE m.ballot_id BETWEEN ? AND ? "
             "GROUP BY m.reporter_id, m.item_id, m.mark")
    mask = (1 << bits) - 1
    for reporter_id, item_id, mark, *packed in conn.execute(query, [min(weights), max(weights)]):
        for cat, (col, shift) in place.items():
            n = (packed[col] >> shift) & mask
            if n:
                out[(reporter_id, item_id, cat)][mark] = n
    return out
