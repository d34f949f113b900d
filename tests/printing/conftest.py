"""Shared helpers of the document tests; the session meeting files are fixtures in tests/conftest.py."""

from __future__ import annotations

from models.meeting import Meeting


def open_meeting(path):
    """Open a session meeting file (read only by the tests)."""
    return Meeting.open(path)
