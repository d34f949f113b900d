"""The append-only, hash-chained audit log.

Each row's hash covers the previous row's hash and the row itself, so editing or
removing any row (past the triggers, e.g. with another tool) breaks the chain.
"""

from __future__ import annotations

import hashlib
import json

from sqlite_utils import Database

from models import clock

GENESIS = "0" * 64


def _row_hash(prev_hash: str, row_id: int, at: str, action: str, detail: str, state: str | None = None) -> str:
    fields = [prev_hash, row_id, at, action, detail] + ([] if state is None else [state])
    payload = json.dumps(fields, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def canonical(detail: dict) -> str:
    """The stored text of an audit detail: sorted keys, no spaces, Chinese kept as is."""
    return json.dumps(detail, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


def chain_head(db: Database) -> str:
    """The hash of the newest audit row (GENESIS for an empty log)."""
    row = db.execute("SELECT hash FROM audit ORDER BY id DESC LIMIT 1").fetchone()
    return row[0] if row else GENESIS


def append(db: Database, action: str, detail: dict, state: dict | None = None) -> str:
    """Append one row inside the caller's transaction; returns its hash.

    ``state``: the digests of the data after this change (see ``models.meeting.state``); stored in
    the row's ``state`` column and covered by its hash.
    """
    prev = chain_head(db)
    row_id = (db.execute("SELECT coalesce(max(id), 0) + 1 FROM audit").fetchone()[0])
    at = clock.stamp()
    text = canonical(detail)
    state_text = None if state is None else canonical(state)
    digest = _row_hash(prev, row_id, at, action, text, state_text)
    if state_text is None:
        db.execute(
            "INSERT INTO audit (id, at, action, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?)",
            [row_id, at, action, text, prev, digest],
        )
    else:
        db.execute(
            "INSERT INTO audit (id, at, action, detail, prev_hash, hash, state) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [row_id, at, action, text, prev, digest, state_text],
        )
    return digest


def has_state(db: Database) -> bool:
    """Whether the audit table has the ``state`` column (files migrated to m005 and later)."""
    return any(row[1] == "state" for row in db.execute("PRAGMA table_info(audit)"))


def last_state(db: Database) -> tuple[int, dict] | None:
    """(row id, digests) of the newest audit row that recorded the data's state, or None."""
    if not has_state(db):
        return None
    row = db.execute("SELECT id, state FROM audit WHERE state IS NOT NULL ORDER BY id DESC LIMIT 1").fetchone()
    return (row[0], json.loads(row[1])) if row else None


def verify(db: Database) -> list[str]:
    """Faults in the chain, in Chinese, each naming the row; empty when intact."""
    faults, prev, expected_id = [], GENESIS, 1
    state = "state" if has_state(db) else "NULL"
    for row_id, at, action, detail, prev_hash, digest, state_text in db.execute(
        f"SELECT id, at, action, detail, prev_hash, hash, {state} FROM audit ORDER BY id"
    ):
        if row_id != expected_id:
            faults.append(f"审计日志第 {expected_id} 条缺失（下一条是第 {row_id} 条）。")
        if prev_hash != prev:
            faults.append(f"审计日志第 {row_id} 条与前一条不衔接。")
        if _row_hash(prev_hash, row_id, at, action, detail, state_text) != digest:
            faults.append(f"审计日志第 {row_id} 条（{action}）的内容被改动过。")
        prev, expected_id = digest, row_id + 1
    return faults


def entries(db: Database, action_prefix: str = "") -> list[dict]:
    """Audit rows (oldest first), optionally only actions starting with ``action_prefix``."""
    rows = db.execute(
        "SELECT id, at, action, detail FROM audit WHERE action LIKE ? ORDER BY id", [action_prefix + "%"]
    ).fetchall()
    return [{"id": r[0], "at": r[1], "action": r[2], "detail": json.loads(r[3])} for r in rows]
