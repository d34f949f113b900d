"""The meeting file's schema, as sqlite-utils migrations (one function per change).

The number of applied migrations is also written to ``PRAGMA user_version`` so that a
file from a newer Pingyi (more migrations than this one knows) is refused on open.
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from . import rules_schema, scan_schema

#: ``PRAGMA application_id`` of every meeting file ("PYPY"), so a foreign SQLite file is refused.
APPLICATION_ID = 0x50595059

migrations = Migrations("pingyi")

_INITIAL = """
CREATE TABLE meeting (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    title TEXT NOT NULL DEFAULT '',
    organiser TEXT NOT NULL DEFAULT '',
    date TEXT NOT NULL DEFAULT '',
    venue TEXT NOT NULL DEFAULT '',
    chair TEXT NOT NULL DEFAULT '',
    rehearsal INTEGER NOT NULL DEFAULT 0 CHECK (rehearsal IN (0, 1)),
    form_title TEXT NOT NULL DEFAULT '党组织书记抓基层党建工作述职评议表',
    time_limit_min INTEGER NOT NULL DEFAULT 8 CHECK (time_limit_min > 0),
    show_rank_in_feedback INTEGER NOT NULL DEFAULT 0,
    finalized INTEGER NOT NULL DEFAULT 0 CHECK (finalized IN (0, 1)),
    finalized_at TEXT,
    fingerprint TEXT,
    chain_head TEXT,
    reconciliation_waiver TEXT
) STRICT;

-- Numbers the rules compare against are kept as decimal text so that they are exact.
CREATE TABLE rules (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    points_good TEXT NOT NULL DEFAULT '100',
    points_fairly_good TEXT NOT NULL DEFAULT '80',
    points_average TEXT NOT NULL DEFAULT '60',
    points_poor TEXT NOT NULL DEFAULT '0',
    min_good TEXT NOT NULL DEFAULT '90',
    min_fairly_good TEXT NOT NULL DEFAULT '80',
    min_average TEXT NOT NULL DEFAULT '60',
    poor_limit_pct TEXT NOT NULL DEFAULT '10',
    good_quota_pct TEXT,
    double_entry INTEGER NOT NULL DEFAULT 1 CHECK (double_entry IN (0, 1))
) STRICT;

CREATE TABLE categories (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE CHECK (length(code) = 1 AND code BETWEEN 'A' AND 'Z'),
    name TEXT NOT NULL,
    weight TEXT NOT NULL DEFAULT '1',
    issued INTEGER NOT NULL DEFAULT 0 CHECK (issued >= 0)
) STRICT;

CREATE TABLE items (
    id INTEGER PRIMARY KEY,
    seq INTEGER NOT NULL UNIQUE,
    name TEXT NOT NULL,
    is_overall INTEGER NOT NULL DEFAULT 0 CHECK (is_overall IN (0, 1))
) STRICT;

CREATE TABLE components (
    id INTEGER PRIMARY KEY,
    position INTEGER NOT NULL,
    name TEXT NOT NULL UNIQUE,
    weight TEXT NOT NULL,
    is_onsite INTEGER NOT NULL DEFAULT 0 CHECK (is_onsite IN (0, 1))
) STRICT;

CREATE TABLE reporters (
    id INTEGER PRIMARY KEY,
    seq INTEGER NOT NULL UNIQUE,
    name TEXT NOT NULL,
    unit TEXT NOT NULL DEFAULT '',
    title TEXT NOT NULL DEFAULT '',
    mode TEXT NOT NULL DEFAULT 'onsite' CHECK (mode IN ('onsite', 'written')),
    speak_order INTEGER NOT NULL,
    time_limit_min INTEGER
) STRICT;

CREATE TABLE component_scores (
    reporter_id INTEGER NOT NULL REFERENCES reporters(id) ON DELETE CASCADE,
    component_id INTEGER NOT NULL REFERENCES components(id) ON DELETE CASCADE,
    score TEXT NOT NULL,
    PRIMARY KEY (reporter_id, component_id)
) STRICT;

-- Printed paper forms.  Never linked to a person.
CREATE TABLE forms (
    serial TEXT PRIMARY KEY,
    category_id INTEGER NOT NULL REFERENCES categories(id),
    printed_at TEXT NOT NULL,
    spoiled_reason TEXT
) STRICT;

-- One keying of one paper form.  pass_no 1 = 一录, 2 = 二录, 3 = re-keying that settles a mismatch.
-- digest: a canonical text of the void reason and all marks, so two keyings compare by equality.
CREATE TABLE ballots (
    id INTEGER PRIMARY KEY,
    serial TEXT NOT NULL REFERENCES forms(serial),
    pass_no INTEGER NOT NULL CHECK (pass_no IN (1, 2, 3)),
    void_reason TEXT,
    digest TEXT NOT NULL,
    entered_at TEXT NOT NULL,
    UNIQUE (serial, pass_no)
) STRICT;

-- mark: 0 弃权, 1 好, 2 较好, 3 一般, 4 差, 9 多选 (the entry keys).
CREATE TABLE marks (
    ballot_id INTEGER NOT NULL REFERENCES ballots(id) ON DELETE CASCADE,
    reporter_id INTEGER NOT NULL REFERENCES reporters(id),
    item_id INTEGER NOT NULL REFERENCES items(id),
    mark INTEGER NOT NULL CHECK (mark IN (0, 1, 2, 3, 4, 9)),
    PRIMARY KEY (ballot_id, reporter_id, item_id)
) STRICT, WITHOUT ROWID;

-- The ballot that counts for each serial.  Single entry: the 一录.  Double entry: the 一录
-- once the 二录 agrees with it, else a re-keying (pass 3) that agrees with one of the two.
CREATE VIEW official_ballots AS
SELECT b1.serial AS serial, b1.id AS ballot_id
  FROM ballots b1
 WHERE b1.pass_no = 1
   AND ((SELECT double_entry FROM rules WHERE id = 1) = 0
        OR EXISTS (SELECT 1 FROM ballots b2
                    WHERE b2.serial = b1.serial AND b2.pass_no = 2 AND b2.digest = b1.digest))
UNION ALL
SELECT b3.serial, b3.id
  FROM ballots b3
 WHERE b3.pass_no = 3
   AND (SELECT double_entry FROM rules WHERE id = 1) = 1
   AND NOT EXISTS (SELECT 1 FROM ballots b1 JOIN ballots b2 ON b2.serial = b1.serial
                    WHERE b1.serial = b3.serial AND b1.pass_no = 1 AND b2.pass_no = 2
                      AND b1.digest = b2.digest)
   AND EXISTS (SELECT 1 FROM ballots bx
                WHERE bx.serial = b3.serial AND bx.pass_no IN (1, 2) AND bx.digest = b3.digest);

CREATE TABLE decisions (
    reporter_id INTEGER PRIMARY KEY REFERENCES reporters(id) ON DELETE CASCADE,
    final_grade INTEGER NOT NULL CHECK (final_grade IN (1, 2, 3, 4)),
    reason TEXT NOT NULL,
    decided_at TEXT NOT NULL
) STRICT;

-- Manual 差: 重大失误 or 被问责, with its reason.
CREATE TABLE flags (
    reporter_id INTEGER PRIMARY KEY REFERENCES reporters(id) ON DELETE CASCADE,
    reason TEXT NOT NULL,
    flagged_at TEXT NOT NULL
) STRICT;

-- Leaders who may comment (点评人); the chair comes from the meeting facts.
CREATE TABLE leaders (
    id INTEGER PRIMARY KEY,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    title TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE TABLE comments (
    id INTEGER PRIMARY KEY,
    reporter_id INTEGER NOT NULL REFERENCES reporters(id) ON DELETE CASCADE,
    commenter TEXT NOT NULL,
    text TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE problems (
    id INTEGER PRIMARY KEY,
    reporter_id INTEGER NOT NULL REFERENCES reporters(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    text TEXT NOT NULL,
    source TEXT NOT NULL CHECK (source IN ('self', 'superior', 'masses')),
    measure TEXT NOT NULL DEFAULT '',
    owner TEXT NOT NULL DEFAULT '',
    deadline TEXT NOT NULL DEFAULT ''
) STRICT;

-- Append-only, hash-chained log of every change.
CREATE TABLE audit (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    action TEXT NOT NULL,
    detail TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
) STRICT;
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, '审计日志只能追加，不能修改'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, '审计日志只能追加，不能删除'); END;

CREATE INDEX marks_by_reporter ON marks (reporter_id, item_id, mark);
CREATE INDEX ballots_by_pass ON ballots (pass_no, serial);

INSERT INTO meeting (id) VALUES (1);
INSERT INTO rules (id) VALUES (1);
INSERT INTO items (seq, name, is_overall) VALUES (1, '总体评价', 1);
INSERT INTO components (position, name, weight, is_onsite) VALUES (1, '现场测评', '100', 1);
"""


@migrations()
def m001_initial(db: Database) -> None:
    for statement in _split(_INITIAL):
        db.execute(statement)


def _split(script: str) -> list[str]:
    """Split a DDL script into statements, keeping trigger bodies whole."""
    out, buf = [], []
    for line in script.splitlines():
        if line.strip().startswith("--") or not line.strip():
            continue
        buf.append(line)
        joined = "\n".join(buf)
        if joined.rstrip().endswith(";") and _balanced(joined):
            out.append(joined.strip().rstrip(";"))
            buf = []
    return out


def _balanced(statement: str) -> bool:
    upper = statement.upper()
    return upper.count("BEGIN") <= upper.count("END;")


def schema_version() -> int:
    """How many migrations this build of Pingyi knows."""
    return len(migrations._migrations)


def apply(db: Database) -> None:
    """Bring ``db`` to this build's schema and record the version."""
    migrations.apply(db)
    with db.atomic():
        db.execute(f"PRAGMA user_version = {schema_version()}")
        db.execute(f"PRAGMA application_id = {APPLICATION_ID}")


_RUN = """
-- The meeting run (issue 6): agenda options and where the meeting stands.
-- current_key names the current agenda item; running_since (wall time) is set while its timer runs.
CREATE TABLE run_state (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    opening INTEGER NOT NULL DEFAULT 1 CHECK (opening IN (0, 1)),
    closing INTEGER NOT NULL DEFAULT 1 CHECK (closing IN (0, 1)),
    grouped INTEGER NOT NULL DEFAULT 0 CHECK (grouped IN (0, 1)),
    current_key TEXT,
    running_since TEXT,
    began_at TEXT
) STRICT;

-- One row per agenda item the clerk touched: a rename, a free item, actual times, timer.
-- key: 'opening', 'report:<reporter id>', 'comment:<reporter id>', 'written', 'evaluation',
-- 'closing' or 'free:<n>'.  A free item sits after the derived item after_key ('' = at the top).
CREATE TABLE agenda_items (
    key TEXT PRIMARY KEY,
    title TEXT,
    free INTEGER NOT NULL DEFAULT 0 CHECK (free IN (0, 1)),
    after_key TEXT NOT NULL DEFAULT '',
    position INTEGER NOT NULL DEFAULT 0,
    time_limit_min INTEGER CHECK (time_limit_min IS NULL OR time_limit_min > 0),
    started_at TEXT,
    ended_at TEXT,
    elapsed_ms INTEGER NOT NULL DEFAULT 0 CHECK (elapsed_ms >= 0)
) STRICT;

CREATE TRIGGER agenda_items_reporter_gone AFTER DELETE ON reporters
BEGIN DELETE FROM agenda_items WHERE key IN ('report:' || OLD.id, 'comment:' || OLD.id); END;

INSERT INTO run_state (id) VALUES (1);
"""


@migrations()
def m002_run(db: Database) -> None:
    for statement in _split(_RUN):
        db.execute(statement)


_WAIVER_COUNTS = """
-- agreed_ballots: the ballot that double entry has settled for a serial (single entry: the 一录;
-- double entry: the 一录 once the 二录 agrees, else a re-keying that agrees with one of them).
-- official_ballots: what counts.  When 双录核对 is waived at 定稿 (meeting.reconciliation_waiver
-- set), a serial that is not settled counts by its 一录 (by its 二录 when only that was keyed),
-- so waiving never drops a returned ballot from the result.
DROP VIEW official_ballots;
CREATE VIEW agreed_ballots AS
SELECT b1.serial AS serial, b1.id AS ballot_id
  FROM ballots b1
 WHERE b1.pass_no = 1
   AND ((SELECT double_entry FROM rules WHERE id = 1) = 0
        OR EXISTS (SELECT 1 FROM ballots b2
                    WHERE b2.serial = b1.serial AND b2.pass_no = 2 AND b2.digest = b1.digest))
UNION ALL
SELECT b3.serial, b3.id
  FROM ballots b3
 WHERE b3.pass_no = 3
   AND (SELECT double_entry FROM rules WHERE id = 1) = 1
   AND NOT EXISTS (SELECT 1 FROM ballots b1 JOIN ballots b2 ON b2.serial = b1.serial
                    WHERE b1.serial = b3.serial AND b1.pass_no = 1 AND b2.pass_no = 2
                      AND b1.digest = b2.digest)
   AND EXISTS (SELECT 1 FROM ballots bx
                WHERE bx.serial = b3.serial AND bx.pass_no IN (1, 2) AND bx.digest = b3.digest);
CREATE VIEW official_ballots AS
SELECT serial, ballot_id FROM agreed_ballots
UNION ALL
SELECT b.serial, b.id
  FROM ballots b
 WHERE (SELECT double_entry FROM rules WHERE id = 1) = 1
   AND (SELECT reconciliation_waiver IS NOT NULL FROM meeting WHERE id = 1)
   AND b.serial NOT IN (SELECT serial FROM agreed_ballots)
   AND (b.pass_no = 1
        OR (b.pass_no = 2 AND NOT EXISTS (SELECT 1 FROM ballots b1 WHERE b1.serial = b.serial AND b1.pass_no = 1)));
"""


@migrations()
def m003_waiver_counts(db: Database) -> None:
    for statement in _split(_WAIVER_COUNTS):
        db.execute(statement)


@migrations()
def m004_rules(db: Database) -> None:
    rules_schema.apply(db)  # issue 10: 差票计入等次 (old files keep 差), 每票好等次上限


_MATERIALS = """
-- Issue 14: 述职材料. One current file per reporter and kind (述职报告 / 自我评价), and per meeting
-- (书记讲话 / 会议点评, reporter_id NULL): the original bytes, their SHA-256 and the extracted text.
-- A replaced file's name, SHA-256 and 字数 stay in the audit chain.  Not part of the 定稿 fingerprint.
CREATE TABLE materials (
    id INTEGER PRIMARY KEY,
    reporter_id INTEGER REFERENCES reporters(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('report', 'self_eval', 'speech', 'remarks')),
    file_name TEXT NOT NULL,
    file_type TEXT NOT NULL CHECK (file_type IN ('docx', 'txt', 'pdf', 'typed')),
    content BLOB NOT NULL,
    sha256 TEXT NOT NULL,
    text TEXT NOT NULL,
    chars INTEGER NOT NULL CHECK (chars >= 0),
    attached_at TEXT NOT NULL,
    CHECK ((kind IN ('report', 'self_eval')) = (reporter_id IS NOT NULL))
) STRICT;
CREATE UNIQUE INDEX materials_slot ON materials (coalesce(reporter_id, 0), kind);
"""


@migrations()
def m008_materials(db: Database) -> None:
    for statement in _split(_MATERIALS):
        db.execute(statement)


@migrations()
def m007_ledger(db: Database) -> None:
    from models.meeting.schema_ledger import LEDGER

    for statement in _split(LEDGER):
        db.execute(statement)


@migrations()
def m006_scans(db: Database) -> None:
    scan_schema.apply(db)  # issue 12: tables of scanned pages and the review queue; pass 4 (扫描)


@migrations()
def m005_integrity(db: Database) -> None:
    # Each audit row records the digests of the results-deciding data after its change
    # (models.meeting.state), covered by the row's hash, so verify can replay the chain against the data.
    db.execute("ALTER TABLE audit ADD COLUMN state TEXT")


@migrations()
def m009_stations(db: Database) -> None:
    from models.meeting.schema_stations import STATIONS

    for statement in _split(STATIONS):
        db.execute(statement)


@migrations()
def m010_issued_on(db: Database) -> None:
    # issue 11: the feedback's 成文日期 as the clerk sets it (NULL: the 定稿 date), and the geometry the
    # meeting's forms are printed in (models.ballots.forms.FORM_STYLE; forms printed before: 1); outside every digest
    db.execute("ALTER TABLE meeting ADD COLUMN issued_on TEXT")
    db.execute("ALTER TABLE meeting ADD COLUMN form_style INTEGER")
    db.execute("UPDATE meeting SET form_style = 1 WHERE EXISTS (SELECT 1 FROM forms)")
