"""The row rules over every kind of box score (Hypothesis): a doubtful box is never decided."""

from __future__ import annotations

from hypothesis import event, example, given
from hypothesis import strategies as st

from models.labels import GRADES, Mark
from scanning.decide import DOUBTFUL_BOX, EMPTY_BOX, HEAVY, MARKED_BOX, decide_row

#: (inner, solid, trace, beside) of boxes as the reader meets them
BOXES = {
    "blank": (0.0, 0.0, 0.0, 0.0),
    "tick": (0.3, 0.35, 0.45, 0.0),
    "tick_with_tail": (0.3, 0.35, 0.45, 0.04),
    "filled": (0.9, 1.0, 1.0, 0.0),
    "filled_crossed": (0.9, 1.0, 1.0, 0.08),
    "faint": (0.004, 0.0, 0.09, 0.0),
    "smudge": (0.08, 0.0, 0.6, 0.0),
    "beside": (0.0, 0.0, 0.0, 0.05),
    "speck": (0.003, 0.01, 0.01, 0.0),
}


def test_rows_are_decided_only_from_clear_boxes():
    seen: set[str] = set()

    @given(st.lists(st.sampled_from(list(BOXES)), min_size=4, max_size=4))  # "blank" first: shrinks to it
    @example(["blank"] * 4)
    @example(["tick", "blank", "blank", "blank"])
    @example(["tick", "tick", "blank", "blank"])
    @example(["faint", "blank", "blank", "blank"])
    def check(kinds):
        row = decide_row(0, 0, [BOXES[k] for k in kinds])
        outcome = "review" if row.mark is None else row.mark.label
        event(outcome)
        seen.add(outcome)
        _check(row)

    check()
    assert {"review", "弃权", "多选"} <= seen and seen & {"好", "较好", "一般", "差"}


def _check(row) -> None:
    states = [b.state for b in row.boxes]
    marked = [b for b in row.boxes if b.state == MARKED_BOX]
    if DOUBTFUL_BOX in states:
        assert row.mark is None and row.reason
        return
    if any(b.solid >= HEAVY and b.outside >= 0.05 for b in marked):
        assert row.mark is None
        return
    if not marked:
        assert row.mark == Mark.ABSTAIN
    elif len(marked) == 1:
        assert row.mark == GRADES[marked[0].grade]
    else:
        heavy = [b for b in marked if b.solid >= HEAVY]
        assert row.mark == (None if heavy and len(heavy) < len(marked) else Mark.OVERMARKED)
    assert all(s in (EMPTY_BOX, MARKED_BOX) for s in states)


def test_each_kind_of_box_lands_where_the_design_says():
    marks = [decide_row(0, 0, [BOXES[k]] + [BOXES["blank"]] * 3).mark for k in ("blank", "speck", "tick", "filled")]
    assert marks == [Mark.ABSTAIN, Mark.ABSTAIN, Mark.GOOD, Mark.GOOD]  # a dust speck is paper
    for doubtful in ("faint", "smudge", "beside", "filled_crossed"):
        assert decide_row(0, 0, [BOXES[doubtful]] + [BOXES["blank"]] * 3).mark is None, doubtful
    assert decide_row(0, 0, [BOXES["tick"], BOXES["tick"], BOXES["blank"], BOXES["blank"]]).mark == Mark.OVERMARKED
    assert decide_row(0, 0, [BOXES["filled"], BOXES["tick"], BOXES["blank"], BOXES["blank"]]).mark is None
    assert decide_row(0, 0, [BOXES["tick"]] * 4, aligned=False).mark is None
