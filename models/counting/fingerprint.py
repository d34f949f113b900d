"""The 定稿 fingerprint: a SHA-256 of everything that decides the results, read as the tally reads it.

Method 2 (this build): the whole setup generically (every column of meeting facts, rules, categories,
items, components, reporters and component scores — new columns included automatically), the
manual 差 flags and decisions with their reasons, every keying's serial/pass/digest, and the counted
ballots' category, void reason and marks from the ``marks`` table (``models.meeting.state``).

Method 1 (files finalised before m005_integrity): the counted ballots' serials and stored digests
only.  ``verify`` recomputes a method-1 seal with method 1 and says that it covers the ballots only.
"""

from __future__ import annotations

import hashlib

from models.ballots import canonical_ballot_export
from models.meeting import Meeting, state

FINGERPRINT_VERSION = state.FINGERPRINT_VERSION


def setup_fingerprint(meeting: Meeting) -> str:
    """SHA-256 (hex) of the whole setup: facts, rules, categories, items, components, reporters, scores.

    Generic over columns, so fields added by later migrations are covered without being named.
    """
    return state.setup_digest(meeting.db)


def results_fingerprint(meeting: Meeting) -> str:
    """SHA-256 (hex) of everything that decides the results (method 2)."""
    return state.results_fingerprint(meeting.db)


def legacy_fingerprint(meeting: Meeting) -> str:
    """Method 1: SHA-256 of the canonical export of the counted ballots (serial and stored digest)."""
    return hashlib.sha256(canonical_ballot_export(meeting)).hexdigest()


def fingerprint_by(meeting: Meeting, version: int) -> str:
    """The fingerprint of the data now, by the method a seal was made with."""
    return legacy_fingerprint(meeting) if version < 2 else results_fingerprint(meeting)
