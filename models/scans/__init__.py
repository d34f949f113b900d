"""Scanned forms in the meeting file: pages read (with per-box scores, the file kept as evidence
beside the meeting), the review queue (审核), refused pages and the ballots of pass 4 (扫描).

Builds on ``models.meeting`` and ``models.ballots``.  The reading itself is ``scanning/`` (which
makes the ``PageRecord`` stored here); the command line and the window drive both.
"""

from models.scans.evidence import evidence_dir
from models.scans.records import (
    DUPLICATE,
    INCOMPLETE,
    NEEDS_SERIAL,
    READ,
    REFUSED,
    REVIEW,
    SCAN_PASS,
    SCAN_PASS_LABEL,
    STATUSES,
    PageRecord,
    RowRecord,
    StoredPage,
    Waiting,
)
from models.scans.review import (
    RefusedPage,
    ScanCounts,
    ScannedPage,
    assign_serial,
    check_typed_serial,
    decide,
    list_pages,
    page_caption,
    page_evidence,
    parse_mark,
    pending,
    refused_pages,
    scan_counts,
    serial_source,
)
from models.scans.store import ScanRefused, cell_ids, form_shape, store_page

__all__ = [
    "DUPLICATE",
    "INCOMPLETE",
    "NEEDS_SERIAL",
    "READ",
    "REFUSED",
    "REVIEW",
    "SCAN_PASS",
    "SCAN_PASS_LABEL",
    "STATUSES",
    "PageRecord",
    "RefusedPage",
    "RowRecord",
    "ScanCounts",
    "ScanRefused",
    "ScannedPage",
    "StoredPage",
    "Waiting",
    "assign_serial",
    "cell_ids",
    "check_typed_serial",
    "decide",
    "evidence_dir",
    "form_shape",
    "list_pages",
    "page_caption",
    "page_evidence",
    "parse_mark",
    "pending",
    "refused_pages",
    "scan_counts",
    "serial_source",
    "store_page",
]
