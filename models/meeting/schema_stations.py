"""DDL of migration m009_stations (issue 15, several entry laptops), kept apart so schema.py stays short."""

STATIONS = """
-- Several entry laptops (issue 15).  meeting_identity: this meeting's own random id, made once;
-- a station copy (录入机) carries its main meeting's id.
CREATE TABLE meeting_identity (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    meeting_id TEXT NOT NULL
) STRICT;
INSERT INTO meeting_identity (id, meeting_id) VALUES (1, lower(hex(randomblob(16))));
-- One row only in a station copy: its name and id, and what it was copied from.
CREATE TABLE station (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    station_id TEXT NOT NULL,
    name TEXT NOT NULL,
    meeting_id TEXT NOT NULL,
    setup_fingerprint TEXT NOT NULL,
    made_at TEXT NOT NULL
) STRICT;
-- On the main meeting: the stations made from it, the station each merged keying came from,
-- and each merge that stored anything.
CREATE TABLE stations_made (
    station_id TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    file_name TEXT NOT NULL,
    made_at TEXT NOT NULL
) STRICT;
CREATE TABLE ballot_origin (
    ballot_id INTEGER PRIMARY KEY REFERENCES ballots(id) ON DELETE CASCADE,
    station_id TEXT NOT NULL,
    station_name TEXT NOT NULL
) STRICT;
CREATE TABLE station_merges (
    id INTEGER PRIMARY KEY,
    station_id TEXT NOT NULL,
    station_name TEXT NOT NULL,
    file_name TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    merged INTEGER NOT NULL,
    unchanged INTEGER NOT NULL,
    to_reconcile INTEGER NOT NULL DEFAULT 0,
    merged_at TEXT NOT NULL
) STRICT;
"""
