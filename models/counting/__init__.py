"""Counting and deciding: the tally by the rules of DESIGN §4 (recounted from the ballots, exact
fractions), the committee's final grades, the manual 差 flag, 定稿 with its fingerprint, reopening,
and ``verify``.

Builds on ``models.meeting``, ``models.setup`` and ``models.ballots``.  Other layers call the
operations re-exported here.
"""

from models.counting.decisions import (
    clear_decision,
    decide,
    finalize,
    finalize_refusals,
    fingerprint,
    flag,
    refuse_if_finalized,
    reopen,
    unflag,
)
from models.counting.tally import (
    REASON_TAGS,
    CategoryResult,
    CategoryTally,
    Problem,
    ReconciliationState,
    ReporterResult,
    Tally,
    compute_tally,
    round_half_up,
    tally_json,
)
from models.counting.verify import VerifyReport, verify_meeting

__all__ = [
    "clear_decision", "decide", "finalize", "finalize_refusals", "fingerprint", "flag", "refuse_if_finalized",
    "reopen", "unflag",
    "REASON_TAGS", "CategoryResult", "CategoryTally", "Problem", "ReconciliationState", "ReporterResult", "Tally",
    "compute_tally", "round_half_up", "tally_json", "VerifyReport", "verify_meeting",
]
