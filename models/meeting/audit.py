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


def _row_hash(prev_hash: str, row_id: int, at: str, action: str, detail: str) -> str:
    payload = json.dumps([prev_hash, row_id, at, action, detail], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def canonical(detail: dict) -> str:
    """The stored text of an audit detail: sorted keys, no spaces, Chinese kept as is."""
    return json.dumps(detail, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


def chain_head(db: Database) -> str:
    """The hash of the newest audit row (GENESIS for an empty log)."""
    row = db.execute("SELECT hash FROM audit ORDER BY id DESC LIMIT 1").fetchone()
    return row[0] if row else GENESIS


def append(db: Database, action: str, detail: dict) -> str:
    """Append one row inside the caller's transaction; returns its hash."""
    prev = chain_head(db)
    row_id = (db.execute("SELECT coalesce(max(id), 0) + 1 FROM audit").fetchone()[0])
    at = clock.stamp()
    text = canonical(detail)
    digest = _row_hash(prev, row_id, at, action, text)
    db.execute(
        "INSERT INTO audit (id, at, action, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?)",
        [row_id, at, action, text, prev, digest],
    )
    return digest


def verify(db: Database) -> list[str]:
    """Faults in the chain, in Chinese, each naming the row; empty when intact."""
    faults, prev, expected_id = [], GENESIS, 1
    for row_id, at, action, detail, prev_hash, digest in db.execute(
        "SELECT id, at, action, detail, prev_hash, hash FROM audit ORDER BY id"
    ):
        if row_id != expected_id:
            faults.append(f"审计日志第 {expected_id} 条缺失（下一条是第 {row_id} 条）。")
        if prev_hash != prev:
            faults.append(f"审计日志第 {row_id} 条与前一条不衔接。")
        if _row_hash(prev_hash, row_id, at, action, detail) != digest:
            faults.append(f"审计日志第 {row_id} 条（{action}）的内容被改动过。")
        prev, expected_id = digest, row_id + 1
    return faults


def entries(db: Database, action_prefix: str = "") -> list[dict]:
    """Audit rows (oldest first), optionally only actions starting with ``action_prefix``."""
    rows = db.execute(
        "SELECT id, at, action, detail FROM audit WHERE action LIKE ? ORDER BY id", [action_prefix + "%"]
    ).fetchall()
    return [{"id": r[0], "at": r[1], "action": r[2], "detail": json.loads(r[3])} for r in rows]
