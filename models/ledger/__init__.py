"""整改台账: the problems named at the meeting followed until they are solved, and into next year.

Every problem recorded for a reporter (``problems`` table, recorded on the run screen or added
later) is a ledger item with measure, owner, deadline, status, dated progress, completion date and
evidence; 逾期 is derived from the deadline and a date.  Ledger writes are allowed after 定稿, are
audited in the meeting's chain and never touch the results' fingerprint.  The units fill in their
整改清单 as Excel sheets (``workbook``); next year's meeting carries the items and last year's
results over from the old file, opened read-only (``carry``).

Builds on ``models.meeting``, ``models.setup`` and ``models.counting``.
"""

from models.ledger.dates import parse_date, read_date, today
from models.ledger.items import (
    ACTION_PREFIX,
    Change,
    LedgerItem,
    Progress,
    add_item,
    delete_item,
    delete_progress,
    delete_refusal,
    get_item,
    list_items,
    reporter_items,
    set_item,
    status_counts,
)

__all__ = [
    "ACTION_PREFIX",
    "Change",
    "LedgerItem",
    "Progress",
    "add_item",
    "delete_item",
    "delete_progress",
    "delete_refusal",
    "get_item",
    "list_items",
    "parse_date",
    "read_date",
    "reporter_items",
    "set_item",
    "status_counts",
    "today",
]
