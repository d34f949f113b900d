"""DDL of the 整改台账 migration (m007_ledger in ``schema``), kept apart so ``schema`` stays short."""

LEDGER = """
-- Issue 13: the 整改台账.  Every problem is a ledger item, so the problems table is the one truth:
-- rebuilt here to take 考核反馈 as a source, a status, a completion date, an evidence note, the
-- last-year file an item was carried over from, and its origin (raised at the meeting, added
-- afterwards, or carried over).  Dated progress in its own table.  Changes after 定稿 stay allowed
-- (audited); none of these tables is part of the results' fingerprint.
CREATE TABLE carried_meetings (
    id INTEGER PRIMARY KEY,
    file_name TEXT NOT NULL,
    file_sha256 TEXT NOT NULL UNIQUE,
    fingerprint TEXT,
    title TEXT NOT NULL,
    date TEXT NOT NULL,
    carried_at TEXT NOT NULL
) STRICT;
CREATE TABLE problems_ledger (
    id INTEGER PRIMARY KEY,
    reporter_id INTEGER NOT NULL REFERENCES reporters(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    text TEXT NOT NULL,
    source TEXT NOT NULL CHECK (source IN ('self', 'superior', 'masses', 'feedback')),
    measure TEXT NOT NULL DEFAULT '',
    owner TEXT NOT NULL DEFAULT '',
    deadline TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'todo' CHECK (status IN ('todo', 'doing', 'done')),
    done TEXT NOT NULL DEFAULT '',
    evidence TEXT NOT NULL DEFAULT '',
    carried_from INTEGER REFERENCES carried_meetings(id),
    carried_item INTEGER,
    -- meeting: raised at the meeting (feedback, minutes); ledger: added afterwards; carried: from last year
    origin TEXT NOT NULL DEFAULT 'meeting' CHECK (origin IN ('meeting', 'ledger', 'carried'))
) STRICT;
INSERT INTO problems_ledger (id, reporter_id, position, text, source, measure, owner, deadline)
SELECT id, reporter_id, position, text, source, measure, owner, deadline FROM problems;
DROP TABLE problems;
ALTER TABLE problems_ledger RENAME TO problems;
CREATE TABLE problem_progress (
    id INTEGER PRIMARY KEY,
    problem_id INTEGER NOT NULL REFERENCES problems(id) ON DELETE CASCADE,
    date TEXT NOT NULL,
    text TEXT NOT NULL
) STRICT;
CREATE INDEX problem_progress_by_problem ON problem_progress (problem_id, date);
-- Last year's result of a reporter (matched by unit, then name), beside this year's.
CREATE TABLE previous_results (
    reporter_id INTEGER PRIMARY KEY REFERENCES reporters(id) ON DELETE CASCADE,
    carried_from INTEGER NOT NULL REFERENCES carried_meetings(id),
    name TEXT NOT NULL,
    unit TEXT NOT NULL,
    score TEXT NOT NULL,
    grade TEXT NOT NULL,
    rank TEXT NOT NULL
) STRICT;
"""
