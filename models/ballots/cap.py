"""The per-ballot cap on 好 (每票好等次上限, issue 10).

A ballot that gives 好, on any one item, to more reporters than the cap allows is void as a whole
(废票, reason ``超比例``).  Nothing of the keying is changed: the marks stay as keyed (so double entry
still compares what was on the paper) and the cap is applied wherever ballots are counted or
shown, from the rule as it stands.  ``allowed`` is ``Rules.good_cap(reporters)``: the exact floor
of the share (70 % of 10 reporters allows 7 好; 8 is over).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from models.labels import Mark
from models.setup.rules import get_rules

CAP_VOID_REASON = "超比例"


@dataclass(frozen=True)
class CapExcess:
    """The first item on which a ballot gives more 好 than allowed."""

    item_id: int
    goods: int
    allowed: int


def cap_excess(marks: dict[tuple[int, int], object], allowed: int | None) -> CapExcess | None:
    """The item (lowest id first) whose 好 marks exceed ``allowed``; None when within the cap or no cap."""
    if allowed is None:
        return None
    goods = Counter(item for (_, item), mark in marks.items() if mark is not None and int(mark) == Mark.GOOD)
    over = sorted((item, n) for item, n in goods.items() if n > allowed)
    return CapExcess(over[0][0], over[0][1], allowed) if over else None


def over_cap_ballots(db, allowed: int | None, among: str = "SELECT ballot_id FROM official_ballots") -> set[int]:
    """Ids of the non-void ballots (of the ``among`` subquery) that the cap makes void."""
    if allowed is None:
        return set()
    rows = db.execute(
        f"SELECT DISTINCT m.ballot_id FROM marks m WHERE m.mark = {int(Mark.GOOD)} AND m.ballot_id IN ({among}) "
        "GROUP BY m.ballot_id, m.item_id HAVING count(*) > ?",
        [allowed],
    )
    return {r[0] for r in rows}


def cap_allowed(meeting) -> int | None:
    """The most 好 a ballot of this meeting may give on one item; None without a cap."""
    reporters = meeting.db.execute("SELECT count(*) FROM reporters").fetchone()[0]
    return get_rules(meeting).good_cap(reporters)


def cap_warning(excess: CapExcess, pct_text: str) -> str:
    """The entry warning: 本票‘好’8 个，超过上限 70%（7 个），将按废票计."""
    return f"本票‘好’{excess.goods} 个，超过上限 {pct_text}%（{excess.allowed} 个），将按废票计"
