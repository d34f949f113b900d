"""Who a file is: the meeting's own id, a station's marker, and the setup fingerprint a station is made with.

The setup fingerprint covers what gives a keyed ballot its meaning: the rows of the paper form
(reporters' 序号, names and units; the items), the categories (code, name, weight) and the whole
rules row (双录核对, the 好 cap and every counting rule).  It leaves out what the clerk may
still change on the main meeting while stations key — the meeting facts (venue, chair…), the
speaking order and time limits, the 平时考核 scores and the issued counts — so correcting a
venue does not strand a station's hour of keying.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass


@dataclass(frozen=True)
class StationInfo:
    """The marker of a station copy: its name and id, its main meeting's id, the setup it was made with."""

    station_id: str
    name: str
    meeting_id: str
    setup_fingerprint: str
    made_at: str


def meeting_id(db) -> str:
    """The meeting's own random id (a station copy carries its main meeting's id)."""
    return db.execute("SELECT meeting_id FROM meeting_identity WHERE id = 1").fetchone()[0]


def station_row(db) -> StationInfo | None:
    """The station marker of a database, or None for a main meeting."""
    row = db.execute(
        "SELECT station_id, name, meeting_id, setup_fingerprint, made_at FROM station WHERE id = 1"
    ).fetchone()
    return StationInfo(*row) if row else None


def station_info(meeting) -> StationInfo | None:
    """The station marker of an open meeting, or None when it is a main meeting."""
    return station_row(meeting.db)


def _rows(db, sql: str) -> list[list]:
    return [list(row) for row in db.execute(sql)]


def setup_fingerprint(db) -> str:
    """sha256 of the canonical setup a ballot depends on (form rows, categories, rules); see the module text."""
    cursor = db.execute("SELECT * FROM rules WHERE id = 1")
    names = [d[0] for d in cursor.description]
    rules = dict(zip(names, cursor.fetchone(), strict=True))
    canonical = {
        "reporters": _rows(db, "SELECT seq, name, unit FROM reporters ORDER BY seq"),
        "items": _rows(db, "SELECT seq, name, is_overall FROM items ORDER BY seq"),
        "categories": _rows(db, "SELECT code, name, weight FROM categories ORDER BY code"),
        "rules": {k: v for k, v in sorted(rules.items()) if k != "id"},
    }
    text = json.dumps(canonical, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
