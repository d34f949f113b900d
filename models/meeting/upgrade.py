"""Bringing a file to this build's schema, and checking that its schema is the one the migrations make.

An upgrade of a file that already has an audit log appends one audited row (升级文件结构) with the
digests of the data afterwards, since a migration may add columns that the generic digests cover.
When a finalised file's fingerprint (method 2) still matches the data before the upgrade, it is
resealed with the same data read through the new schema; otherwise the row records the mismatch.
"""

from __future__ import annotations

import sqlite3
from functools import lru_cache

from sqlite_utils import Database

from models.meeting import audit, schema, state

UPGRADE_ACTION = "升级文件结构"
_SKIP = ("sqlite_stat", "sqlite_sequence")


def _version(db: Database) -> int:
    return db.execute("PRAGMA user_version").fetchone()[0]


def _has_table(db: Database, name: str) -> bool:
    return db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [name]).fetchone() is not None


def seal(db: Database) -> tuple[int, str | None, str | None]:
    """(method, fingerprint, problem) recorded for the current 定稿, read from the audit log.

    The newest 定稿 row after the last 重新打开 gives the fingerprint and its method (rows without
    ``fingerprint_version`` are method 1); later upgrade rows reseal it.  (1, None, None) if none.
    """
    version, fingerprint, problem = 1, None, None
    for entry in audit.entries(db):
        action, detail = entry["action"], entry["detail"]
        if action == "重新打开":
            version, fingerprint, problem = 1, None, None
        elif action == "定稿":
            version, fingerprint, problem = detail.get("fingerprint_version", 1), detail.get("fingerprint"), None
        elif action == UPGRADE_ACTION and fingerprint and "fingerprint" in detail:
            if detail.get("sealed"):
                fingerprint = detail["fingerprint"]
            else:
                problem = (
                    f"升级文件结构时（审计日志第 {entry['id']} 条）数据已与定稿时不一致，"
                    "说明定稿后的数据在升级前已被改动"
                )
    return version, fingerprint, problem


def apply(db: Database) -> None:
    """Migrate ``db`` to this build's schema; an existing log gets an audited 升级文件结构 row."""
    before_version = _version(db)
    if before_version >= schema.schema_version():
        schema.apply(db)  # records version and application id, as before
        return
    logged = _has_table(db, "audit") and db.execute("SELECT count(*) FROM audit").fetchone()[0] > 0
    finalized, stored = (
        db.execute("SELECT finalized, fingerprint FROM meeting WHERE id = 1").fetchone() if logged else (0, None)
    )
    method = seal(db)[0] if logged and finalized else 1
    before = state.results_fingerprint(db) if finalized and method >= 2 else None
    schema.apply(db)
    if not logged:
        return
    detail: dict = {"from": before_version, "to": schema.schema_version()}
    with db.atomic():
        if before is not None:
            after = state.results_fingerprint(db)
            detail.update(fingerprint_before=before, fingerprint=after, sealed=before == stored)
            if before == stored:
                db.execute("UPDATE meeting SET fingerprint = ? WHERE id = 1", [after])
        audit.append(db, UPGRADE_ACTION, detail, state=state.current(db))


# -- the schema as the migrations make it -------------------------------------------
@lru_cache(maxsize=1)
def expected_schema() -> tuple[tuple[str, str, str | None], ...]:
    """(type, name, sql) of every table, view, index and trigger a fresh file gets."""
    db = Database(sqlite3.connect(":memory:"), strict=True, execute_plugins=False)
    try:
        schema.apply(db)
        return tuple(_objects(db))
    finally:
        db.close()


def _objects(db: Database) -> list[tuple[str, str, str | None]]:
    rows = db.execute("SELECT type, name, sql FROM sqlite_master ORDER BY type, name").fetchall()
    return [(t, n, _normal(s)) for t, n, s in rows if not n.startswith(_SKIP)]


def _normal(sql: str | None) -> str | None:
    return None if sql is None else " ".join(sql.split())


_KINDS = {"table": "数据表", "view": "视图", "index": "索引", "trigger": "触发器"}


def schema_faults(db: Database) -> list[str]:
    """Differences between the file's schema and the migrations' schema, in Chinese (empty when equal)."""
    expected = {(t, n): s for t, n, s in expected_schema()}
    try:
        actual = {(t, n): s for t, n, s in _objects(db)}
    except sqlite3.DatabaseError as exc:
        return [f"无法读取文件结构（{exc}）"]
    faults = []
    for (kind, name), sql in sorted(expected.items()):
        label = f"{_KINDS.get(kind, kind)} {name}"
        if (kind, name) not in actual:
            faults.append(f"缺少{label}")
        elif actual[(kind, name)] != sql:
            faults.append(f"{label}的定义被改动过")
    faults += [f"多出{_KINDS.get(k, k)} {n}（不是 Pingyi 建立的）" for k, n in sorted(set(actual) - set(expected))]
    return faults


def describe(faults: list[str]) -> str:
    shown = "；".join(faults[:5]) + (f"；等共 {len(faults)} 处" if len(faults) > 5 else "")
    return shown
