"""Digests of the data that decides the results, read generically from the meeting file.

Three parts, each a SHA-256 in hex:

- ``setup``: every column of every row of the setup tables (meeting facts, rules, categories,
  items, evaluation components, reporters, component scores), whatever columns later migrations
  add — only the 定稿 bookkeeping of ``meeting`` is left out, since 定稿 itself writes it;
- ``judgement``: every column of the manual 差 flags and the final-grade decisions;
- ``ballots``: every keying of every pass — its row, its form's category and all its marks —
  combined as a sum modulo 2**256 of one hash per ballot, so that a write changing a few ballots
  updates it without reading the others (``BallotSums``).

Every audited write records the three digests as they stand after it (the audit row's ``state``),
so ``verify`` can tell data changed behind the app's back (the recomputed digests differ from
the last recorded ones).  Tables of later additions that change after 定稿 (ledger, materials,
scans, stations) are deliberately NOT listed here.
"""

from __future__ import annotations

import hashlib
import json

#: Tables whose every column decides the results (the setup of DESIGN §2-§4).
SETUP_TABLES = ("meeting", "rules", "categories", "items", "components", "reporters", "component_scores")
#: The clerk's judgements on the results.
JUDGEMENT_TABLES = ("flags", "decisions")
#: Columns of ``meeting`` never part of a digest: what 定稿 and 重新打开 write themselves; the feedback's
#: 成文日期 (``issued_on``), a date on a paper that the clerk may set when the feedback goes out, after
#: 定稿 too (an audited write; a printed feedback's data digest covers it); and the geometry the forms
#: are printed in (``form_style``, fixed by the first forms printed: it decides where the boxes are, not a result).
BOOKKEEPING = {"meeting": ("finalized", "finalized_at", "fingerprint", "chain_head", "issued_on", "form_style")}

_MOD = 1 << 256


def _json(value) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str).encode("utf-8")


def table_columns(db, table: str) -> list[str]:
    """The table's columns in schema order, without the bookkeeping ones (cached per schema version)."""
    version = db.execute("PRAGMA schema_version").fetchone()[0]
    cache = getattr(db, "_pingyi_columns", None)
    if cache is None or cache[0] != version:
        cache = (version, {})
        db._pingyi_columns = cache
    if table not in cache[1]:
        skip = BOOKKEEPING.get(table, ())
        cache[1][table] = [row[1] for row in db.execute(f'PRAGMA table_info("{table}")') if row[1] not in skip]
    return cache[1][table]


def tables_digest(db, tables) -> str:
    """SHA-256 over every listed table: its name, its columns and all its rows in a stable order."""
    h = hashlib.sha256()
    for table in tables:
        columns = table_columns(db, table)
        h.update(_json([table, columns]))
        if not columns:
            continue
        names = ", ".join(f'"{c}"' for c in columns)
        order = ", ".join(str(k + 1) for k in range(len(columns)))
        h.update(_json(db.execute(f'SELECT {names} FROM "{table}" ORDER BY {order}').fetchall()))
    return h.hexdigest()


def setup_digest(db) -> str:
    """Digest of the whole setup (every field of facts, rules, categories, items, components, reporters, scores)."""
    return tables_digest(db, SETUP_TABLES)


def judgement_digest(db) -> str:
    """Digest of the manual 差 flags and the final-grade decisions with their reasons."""
    return tables_digest(db, JUDGEMENT_TABLES)


# -- ballots ------------------------------------------------------------------
_BALLOT_ROWS = "SELECT b.*, f.category_id FROM ballots b LEFT JOIN forms f ON f.serial = b.serial {where} ORDER BY b.id"
# every mark of a ballot as one text "reporter,item,mark;…" (SQLite concatenates in C; ``_marks_text`` then
# sorts the pieces, so the result does not depend on the order SQLite happened to read them in)
_MARK_ROWS = (
    "SELECT ballot_id, group_concat(reporter_id || ',' || item_id || ',' || mark, ';') "
    "FROM marks {where} GROUP BY ballot_id"
)


def _marks_text(text: str | None) -> bytes:
    return ";".join(sorted(text.split(";"))).encode() if text else b""


def _marks_of(db, where: str, params: list) -> dict[int, bytes]:
    return {b: _marks_text(t) for b, t in db.execute(_MARK_ROWS.format(where=where), params)}


def ballot_hashes(db, ids: list[int] | None = None) -> dict[int, int]:
    """ballot id → the integer hash of that keying (row, category, marks); all ballots when ``ids`` is None."""
    if ids is None:
        return _hash_rows(db, "", [])
    out: dict[int, int] = {}
    for start in range(0, len(ids), 500):
        chunk = list(ids[start : start + 500])
        out.update(_hash_rows(db, f"IN ({','.join('?' * len(chunk))})", chunk))
    return out


def _hash_rows(db, where: str, params: list) -> dict[int, int]:
    cur = db.execute(_BALLOT_ROWS.format(where=f"WHERE b.id {where}" if where else ""), params)
    columns = [d[0] for d in cur.description]
    rows = {row[0]: [columns, list(row)] for row in cur}
    marks_of = _marks_of(db, f"WHERE ballot_id {where}" if where else "", params)
    out = {}
    for ballot_id, row in rows.items():
        payload = _json(row) + b"|" + marks_of.pop(ballot_id, b"")
        out[ballot_id] = int.from_bytes(hashlib.sha256(payload).digest(), "big")
    for ballot_id, orphans in marks_of.items():  # marks whose ballot row is gone (only behind the app's back)
        payload = _json(["orphan", ballot_id]) + b"|" + orphans
        out[-ballot_id] = int.from_bytes(hashlib.sha256(payload).digest(), "big")
    return out


def sum_hex(values) -> str:
    return format(sum(values) % _MOD, "064x")


def ballots_digest(db) -> str:
    """Digest of every keying of every pass (recomputed from all rows)."""
    return sum_hex(ballot_hashes(db).values())


def current(db) -> dict[str, str]:
    """The three digests of the data as it is now (recomputed from every row)."""
    return {"setup": setup_digest(db), "judgement": judgement_digest(db), "ballots": ballots_digest(db)}


# -- the 定稿 fingerprint ---------------------------------------------------------
#: The fingerprint method 定稿 records now (1: the counted ballots' serials and stored digests only).
FINGERPRINT_VERSION = 2

_COUNTED = (
    "SELECT o.ballot_id, o.serial, f.category_id, b.void_reason FROM official_ballots o "
    "JOIN ballots b ON b.id = o.ballot_id LEFT JOIN forms f ON f.serial = o.serial ORDER BY o.serial, o.ballot_id"
)


def results_fingerprint(db) -> str:
    """SHA-256 of everything that decides the results, read as the tally reads it.

    The whole setup and the judgements (generically, every column), every keying's serial, pass
    and digest (they decide which keying counts and how many forms came back), and the counted
    ballots with their category, void reason and every mark from the ``marks`` table.
    """
    h = hashlib.sha256()
    h.update(_json(["pingyi-results", FINGERPRINT_VERSION, setup_digest(db), judgement_digest(db)]))
    for row in db.execute("SELECT serial, pass_no, digest FROM ballots ORDER BY serial, pass_no"):
        h.update(_json(list(row)))
    counted = db.execute(_COUNTED).fetchall()
    marks_of: dict[int, bytes] = {}
    ids = [row[0] for row in counted]
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks_of.update(_marks_of(db, f"WHERE ballot_id IN ({','.join('?' * len(chunk))})", chunk))
    h.update(b"counted")
    for ballot_id, serial, category_id, void_reason in counted:
        h.update(_json([serial, category_id, void_reason]) + b"|" + marks_of.get(ballot_id, b"") + b"\n")
    return h.hexdigest()


# -- keeping the ballot digest up to date while writing -------------------------
_TOUCH_TRIGGERS = [
    "CREATE TEMP TABLE IF NOT EXISTS pingyi_touched (id INTEGER PRIMARY KEY)",
    "CREATE TEMP TRIGGER IF NOT EXISTS pingyi_b_ins AFTER INSERT ON main.ballots "
    "BEGIN INSERT OR IGNORE INTO pingyi_touched VALUES (NEW.id); END",
    "CREATE TEMP TRIGGER IF NOT EXISTS pingyi_b_upd AFTER UPDATE ON main.ballots "
    "BEGIN INSERT OR IGNORE INTO pingyi_touched VALUES (OLD.id); INSERT OR IGNORE INTO pingyi_touched VALUES (NEW.id); END",
    "CREATE TEMP TRIGGER IF NOT EXISTS pingyi_b_del AFTER DELETE ON main.ballots "
    "BEGIN INSERT OR IGNORE INTO pingyi_touched VALUES (OLD.id); END",
    "CREATE TEMP TRIGGER IF NOT EXISTS pingyi_m_upd AFTER UPDATE ON main.marks "
    "BEGIN INSERT OR IGNORE INTO pingyi_touched VALUES (OLD.ballot_id); "
    "INSERT OR IGNORE INTO pingyi_touched VALUES (NEW.ballot_id); END",
    "CREATE TEMP TRIGGER IF NOT EXISTS pingyi_m_del AFTER DELETE ON main.marks "
    "BEGIN INSERT OR IGNORE INTO pingyi_touched VALUES (OLD.ballot_id); END",
    "CREATE TEMP TRIGGER IF NOT EXISTS pingyi_f_upd AFTER UPDATE OF category_id ON main.forms "
    "BEGIN INSERT OR IGNORE INTO pingyi_touched SELECT id FROM main.ballots WHERE serial = NEW.serial; END",
]


class BallotSums:
    """The ballot digest of one open connection, updated from the ballots each write touched.

    Temporary triggers (on this connection only, never stored in the file) note the ids of the
    ballots a write inserts, changes or deletes, and of ballots whose marks it changes or deletes;
    ``pending`` rehashes just those.  Inserting marks is not watched (300 trigger runs per ballot
    cost more than the rest of the bookkeeping): the app only inserts marks together with their
    ballot row (insert, or update with its new digest).  Marks inserted behind the app's back are
    still found: ``verify`` and the first write of a session hash every ballot afresh.
    """

    def __init__(self, db):
        self.db = db
        self._hashes: dict[int, int] | None = None
        self._total = 0
        for statement in _TOUCH_TRIGGERS:
            db.execute(statement)

    def start(self) -> str:
        """Inside a write, before its changes: the ballot digest as it stands (all ballots hashed once)."""
        if self._hashes is None:
            self.db.execute("DELETE FROM temp.pingyi_touched")
            self._hashes = ballot_hashes(self.db)
            self._total = sum(self._hashes.values())
        return format(self._total % _MOD, "064x")

    def pending(self) -> tuple[str, dict[int, int | None]]:
        """Inside a write, after its changes: the ballot digest, and the per-ballot changes to keep on commit."""
        ids = [r[0] for r in self.db.execute("SELECT id FROM temp.pingyi_touched")]
        self.db.execute("DELETE FROM temp.pingyi_touched")
        fresh = ballot_hashes(self.db, ids)
        changes = {i: fresh.get(i) for i in ids}
        total = self._total + sum((new or 0) - self._hashes.get(i, 0) for i, new in changes.items())
        return format(total % _MOD, "064x"), changes

    def commit(self, changes: dict[int, int | None]) -> None:
        """Keep the changes of a committed write."""
        for i, new in changes.items():
            self._total += (new or 0) - self._hashes.get(i, 0)
            if new is None:
                self._hashes.pop(i, None)
            else:
                self._hashes[i] = new

    def forget(self) -> None:
        """After a rolled-back write: recompute from scratch at the next write."""
        self._hashes = None
