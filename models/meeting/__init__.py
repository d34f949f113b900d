"""The meeting file: one SQLite file per meeting, its schema and migrations, the lock beside it,
the append-only audit chain, rolling backups and atomic writes of output files.

The bottom of ``models``: it imports only ``models.errors`` and ``models.clock``; every other
subpackage builds on it.  Other layers take ``Meeting`` (and ``SUFFIX``) from here.
"""

from models.meeting.file import SUFFIX, Meeting

__all__ = ["SUFFIX", "Meeting"]
