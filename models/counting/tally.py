"""The tally: every count, score, rate, grade and rank of DESIGN §4, recomputed from the ballots.

Definitions (also in docs):

- counted ballots: the rows of the ``official_ballots`` view (single entry: every 一录; double
  entry: reconciled ballots only).  Ballots entered but not (yet) counted are reported in
  ``reconciliation`` (``pending`` = entered in one pass only, ``mismatched`` = 一录 and 二录
  disagree and no re-keying settled it).
- ``returned`` per category: distinct serials entered in any pass; ``void``: counted void
  ballots; ``valid``: counted non-void ballots.  With every ballot reconciled,
  returned = valid + void.
- Marks of void ballots count nowhere.  A blank, a 弃权 or a 多选 mark is an abstention.
- Grades and ranks come from the overall item; sub-items are counted and shown only.
- A category of weight 0 is counted (票数, 好票率, 差票率 are over all categories, as DESIGN
  §4 says) but never enters the on-site score; a reporter graded only by such categories
  has no on-site score.
- A clerk-entered component (平时考核 …) missing for a reporter leaves the combined score
  undefined: no score grade and no rank, and a blocking problem names the reporter.
- The 差票 rule and the manual flag force 差 whatever the score (and are tagged whenever they
  apply); otherwise the proposed grade comes from the combined score.  The 好 quota is
  applied after them.  Ranks follow the combined score only (not the grades).
- A final grade equal to the proposed grade is not stored; a different one needs a reason.
- Waiving reconciliation at 定稿 records the reason, and every unreconciled serial then
  counts by its 一录 (by its 二录 when only that was keyed); see the ``official_ballots`` view.
"""

from __future__ import annotations

from models.counting.results import (
    REASON_TAGS,
    CategoryResult,
    CategoryTally,
    Problem,
    ReconciliationState,
    ReporterResult,
    Tally,
)
from models.counting.tally_build import build_tally
from models.counting.tally_json import to_json
from models.counting.tally_rules import GradeCounts, round_half_up

__all__ = [
    "REASON_TAGS", "CategoryResult", "CategoryTally", "GradeCounts", "Problem", "ReconciliationState",
    "ReporterResult", "Tally", "compute_tally", "round_half_up", "tally_json",
]


def compute_tally(meeting) -> Tally:
    """The tally of ``meeting`` recounted from its ballots (nothing is stored)."""
    return build_tally(meeting)


def tally_json(tally: Tally) -> dict:
    """The fixed JSON shape of ``tally --json`` (issue 4): scores 2 decimals, rates 4 decimals."""
    return to_json(tally)
