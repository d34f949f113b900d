"""Migration m006_scans (issue 12): scanned pages, the review queue, and ballots of pass 4 (扫描).

Kept apart from ``schema.py`` (which registers it) so that file stays short.
"""

from __future__ import annotations

from sqlite_utils import Database

_OLD_PASS_CHECK = "CHECK (pass_no IN (1, 2, 3))"
_NEW_PASS_CHECK = "CHECK (pass_no IN (1, 2, 3, 4))"

STATEMENTS = [
    s.strip()
    for s in """
-- Issue 12: forms read from scans.  Each page read (file name, page in the file, SHA-256 of the file,
-- serial, form page, orientation, fit residual, per-box scores as JSON, status and reason); the file
-- itself is kept beside the meeting (会议.扫描/<sha256>).  scan_review: doubtful rows (reporter_id set)
-- and pages waiting for the serial typed by the clerk (reporter_id NULL), with their decisions.
CREATE TABLE scan_pages (
    id INTEGER PRIMARY KEY,
    file_name TEXT NOT NULL,
    suffix TEXT NOT NULL DEFAULT '',
    page_index INTEGER NOT NULL CHECK (page_index >= 0),
    sha256 TEXT NOT NULL,
    serial TEXT,
    form_page INTEGER,
    form_pages INTEGER,
    orientation INTEGER,
    residual_mm REAL,
    status TEXT NOT NULL CHECK (status IN ('read', 'review', 'refused')),
    code TEXT NOT NULL DEFAULT '',
    reason TEXT NOT NULL DEFAULT '',
    to_page TEXT,
    rows TEXT NOT NULL DEFAULT '[]',
    read_at TEXT NOT NULL,
    UNIQUE (sha256, page_index)
) STRICT;;
CREATE INDEX scan_pages_by_serial ON scan_pages (serial, form_page);;
CREATE TABLE scan_review (
    id INTEGER PRIMARY KEY,
    page_id INTEGER NOT NULL REFERENCES scan_pages(id),
    reporter_id INTEGER REFERENCES reporters(id),
    item_id INTEGER REFERENCES items(id),
    reason TEXT NOT NULL,
    decided_mark INTEGER CHECK (decided_mark IN (0, 1, 2, 3, 4, 9)),
    decided_serial TEXT,
    decided_at TEXT
) STRICT;;
CREATE INDEX scan_review_by_page ON scan_review (page_id);;
-- A scanned ballot (pass 4) counts once complete, settled by its reading and review; where the same
-- serial is also keyed, scan and keyings are reconciled like two passes (a re-keying, pass 3, equal
-- to one of them settles a difference).  Serials never scanned count exactly as before.
DROP VIEW official_ballots;;
DROP VIEW agreed_ballots;;
CREATE VIEW agreed_ballots AS
SELECT b1.serial AS serial, b1.id AS ballot_id
  FROM ballots b1
 WHERE b1.pass_no = 1
   AND NOT EXISTS (SELECT 1 FROM ballots s WHERE s.serial = b1.serial AND s.pass_no = 4)
   AND ((SELECT double_entry FROM rules WHERE id = 1) = 0
        OR EXISTS (SELECT 1 FROM ballots b2
                    WHERE b2.serial = b1.serial AND b2.pass_no = 2 AND b2.digest = b1.digest))
UNION ALL
SELECT b3.serial, b3.id
  FROM ballots b3
 WHERE b3.pass_no = 3
   AND NOT EXISTS (SELECT 1 FROM ballots s WHERE s.serial = b3.serial AND s.pass_no = 4)
   AND (SELECT double_entry FROM rules WHERE id = 1) = 1
   AND NOT EXISTS (SELECT 1 FROM ballots b1 JOIN ballots b2 ON b2.serial = b1.serial
                    WHERE b1.serial = b3.serial AND b1.pass_no = 1 AND b2.pass_no = 2
                      AND b1.digest = b2.digest)
   AND EXISTS (SELECT 1 FROM ballots bx
                WHERE bx.serial = b3.serial AND bx.pass_no IN (1, 2) AND bx.digest = b3.digest)
UNION ALL
SELECT s.serial, s.id
  FROM ballots s
 WHERE s.pass_no = 4
   AND NOT EXISTS (SELECT 1 FROM ballots k
                    WHERE k.serial = s.serial AND k.pass_no IN (1, 2) AND k.digest != s.digest)
UNION ALL
SELECT b3.serial, b3.id
  FROM ballots b3 JOIN ballots s ON s.serial = b3.serial AND s.pass_no = 4
 WHERE b3.pass_no = 3
   AND EXISTS (SELECT 1 FROM ballots k
                WHERE k.serial = s.serial AND k.pass_no IN (1, 2) AND k.digest != s.digest)
   AND EXISTS (SELECT 1 FROM ballots bx
                WHERE bx.serial = b3.serial AND bx.pass_no IN (1, 2, 4) AND bx.digest = b3.digest);;
CREATE VIEW official_ballots AS
SELECT serial, ballot_id FROM agreed_ballots
UNION ALL
SELECT b.serial, b.id
  FROM ballots b
 WHERE (SELECT double_entry FROM rules WHERE id = 1) = 1
   AND (SELECT reconciliation_waiver IS NOT NULL FROM meeting WHERE id = 1)
   AND b.serial NOT IN (SELECT serial FROM agreed_ballots)
   AND (b.pass_no = 1
        OR (b.pass_no = 2 AND NOT EXISTS (SELECT 1 FROM ballots b1 WHERE b1.serial = b.serial AND b1.pass_no = 1)));;
""".split(";;")
    if s.strip()
]


def apply(db: Database) -> None:
    """Widen ``ballots.pass_no`` to 4, add the scan tables, and count scanned ballots in the views.

    Widening a CHECK leaves every stored row valid, so the table's CREATE text is edited in place
    (SQLite's documented writable_schema procedure for loosening a constraint, inside the
    migration's transaction) rather than rebuilding ``ballots`` and everything that references it.
    """
    version = db.execute("PRAGMA schema_version").fetchone()[0]
    db.execute("PRAGMA writable_schema = ON")
    try:
        changed = db.execute(
            "UPDATE sqlite_master SET sql = replace(sql, ?, ?) WHERE type = 'table' AND name = 'ballots' "
            "AND instr(sql, ?) > 0",
            [_OLD_PASS_CHECK, _NEW_PASS_CHECK, _OLD_PASS_CHECK],
        ).rowcount
        db.execute(f"PRAGMA schema_version = {version + 1}")
    finally:
        db.execute("PRAGMA writable_schema = OFF")
    if changed != 1:
        raise RuntimeError("ballots table has an unexpected pass_no CHECK; m006_scans cannot widen it")
    for statement in STATEMENTS:
        db.execute(statement)
