"""The data of every printed document (tally sheet, hand-count sheet, ranking, feedback, rectification,
agenda, minutes), the results workbook, the filing package's contents and the meeting side of
``verify --document``.

Builds on every other part of ``models``; nothing in ``models`` builds on it.  ``printing/`` lays out
the frozen data made here.  Other layers call the operations re-exported here.
"""

from models.documents.data import document_data
from models.documents.types import DOCUMENT_NAMES, PER_REPORTER, data_digest

__all__ = ["DOCUMENT_NAMES", "PER_REPORTER", "data_digest", "document_data"]
