"""Paper out and back: serial codes, printed forms (测评表), keying ballots (一录/二录), bulk import
and reconciliation (核对).

Builds on ``models.meeting`` and ``models.setup``; knows nothing of counting or documents.
Other layers call the operations re-exported here (``from models import ballots``).
"""

from models.ballots.keying import (
    PASS_LABELS,
    Ballot,
    BallotRefused,
    Prepared,
    SerialRefused,
    canonical_ballot_export,
    check_serial,
    counted_ballots,
    delete_ballot,
    double_entry,
    enter_ballot,
    get_ballot,
    insert_ballot,
    layout,
    load_ballots,
    prepare,
    recent_ballots,
    update_ballot,
)
from models.ballots.reconciliation import (
    EntrySummary,
    Mismatch,
    Reconciliation,
    entry_summary,
    reconciliation,
    settle_by_rekey,
)

__all__ = [
    "PASS_LABELS", "Ballot", "BallotRefused", "Prepared", "SerialRefused", "canonical_ballot_export",
    "check_serial", "counted_ballots", "delete_ballot", "double_entry", "enter_ballot", "get_ballot", "insert_ballot", "layout",
    "load_ballots", "prepare", "recent_ballots", "update_ballot",
    "EntrySummary", "Mismatch", "Reconciliation", "entry_summary", "reconciliation", "settle_by_rekey",
]
