"""Builders for the station tests: a main meeting with printed forms, stations keyed from it."""

from __future__ import annotations

import hashlib
from pathlib import Path

from models.ballots import enter_ballot
from models.meeting import Meeting
from models.stations import make_station
from tests.models.ballot_helpers import marks_for, populate


def main_meeting(path: Path, forms: int = 12, *, double_entry: bool = True, reporters: int = 3) -> list[str]:
    """A main meeting at ``path`` with ``forms`` printed A forms; returns the serials."""
    with Meeting.create(path) as meeting:
        serials = populate(
            meeting, reporters=reporters, items=1, categories=(("A", forms),), printed=forms, double_entry=double_entry
        )
    return sorted(serials["A"])


def station(main: Path, name: str) -> Path:
    """Make station ``name`` beside the main meeting; returns its path."""
    target = main.with_name(f"{name}.pingyi")
    with Meeting.open(main) as meeting:
        make_station(meeting, target, name)
    return target


def key(path: Path, pass_no: int, serials, marks=None) -> None:
    """Key ``serials`` in ``pass_no`` on the file at ``path`` (marks_for each serial unless given)."""
    with Meeting.open(path) as meeting:
        for serial in serials:
            enter_ballot(meeting, pass_no, serial, marks(meeting, serial) if marks else marks_for(meeting, serial))


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def keyings(path: Path) -> set[tuple[str, int, str]]:
    """Every stored keying (serial, pass, digest) of a meeting file."""
    with Meeting.open(path) as meeting:
        return set(meeting.db.execute("SELECT serial, pass_no, digest FROM ballots").fetchall())
