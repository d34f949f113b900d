"""A meeting file as an earlier build of Pingyi made it: the migrations up to one, the version recorded."""

from __future__ import annotations

import sqlite3

from sqlite_utils import Database

from models.meeting import schema


def older_database(path, stop_before: str) -> Database:
    """The file at ``path`` migrated up to (not including) ``stop_before``; the caller fills and closes it."""
    db = Database(sqlite3.connect(str(path)), strict=True)
    schema.migrations.apply(db, stop_before=stop_before)
    version = db.execute("SELECT count(*) FROM _sqlite_migrations WHERE migration_set = 'pingyi'").fetchone()[0]
    with db.conn:
        db.execute(f"PRAGMA user_version = {version}")
        db.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")
    return db
