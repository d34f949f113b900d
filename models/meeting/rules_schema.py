"""Migration m004_rules (issue 10): 差票计入等次 and 每票好等次上限 in the rules row.

Kept apart from ``schema.py`` (which registers it) so that file stays short.
"""

from __future__ import annotations

from sqlite_utils import Database

STATEMENTS = [
    # which grades the 差票 rule counts: the 方案's “一般”“差”票 together, or 差 alone
    "ALTER TABLE rules ADD COLUMN poor_grades TEXT NOT NULL DEFAULT '一般和差' "
    "CHECK (poor_grades IN ('一般和差', '差'))",
    # per-ballot cap on 好, percent of the reporters on the form (decimal text); NULL = no cap
    "ALTER TABLE rules ADD COLUMN good_cap_pct TEXT",
]


def apply(db: Database) -> None:
    """Add the two rules; a file made before them keeps its old behaviour (差 alone).

    A new file is recognised by ``PRAGMA user_version`` still 0 while its first migrations run;
    it gets the 方案's default 一般和差.
    """
    existing = db.execute("PRAGMA user_version").fetchone()[0] > 0
    for statement in STATEMENTS:
        db.execute(statement)
    if existing:
        db.execute("UPDATE rules SET poor_grades = '差'")
