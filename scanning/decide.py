"""From ink to marks: each box empty, marked or doubtful, then each row a grade, 弃权, 多选 or review.

Scores are the mean darkness (0 paper … 1 black) of the box's inner area (its printed border
left out) above the page's blank boxes, and of the rest of the grade cell around it.  The
thresholds follow VxSuite's marginal/definite split and were tuned on our own forms
(tests/scanning, docs/design.md §Scanning): a mark is never decided in the doubtful band.
"""

from __future__ import annotations

from dataclasses import dataclass

from models.labels import GRADES, Mark

#: share of the inner area in pen-dark ink at or above which a box is marked (definite)
MARKED = 0.07
#: below this share of pen-dark ink, and below ``EMPTY`` darkness, a box can be empty (marginal)
SOLID_EMPTY = 0.02
#: mean darkness of the inner area below which a box can be empty; between: doubtful (faint, smudged)
EMPTY = 0.006
#: share of the inner area with a trace of a stroke below which a box can be empty (a faint tick has more)
TRACE_EMPTY = 0.02
#: ink in the cell around an unmarked box above this is a stray or outside tick: doubtful
OUTSIDE = 0.02
#: a box this full is filled in; beside a lighter mark in its row, or crossed beyond its box, it may be a correction
HEAVY = 0.85
#: ink around a filled box above this: crossed out (a correction)
HEAVY_OUTSIDE = 0.05

EMPTY_BOX, MARKED_BOX, DOUBTFUL_BOX = "empty", "marked", "doubtful"


@dataclass(frozen=True)
class BoxScore:
    grade: int  # 0 好 … 3 差
    inner: float  # mean darkness of the inner area, above the page's blank boxes
    solid: float  # share of the inner area in pen-dark ink
    trace: float  # share of the inner area with any trace of a stroke
    outside: float  # mean darkness around the box (in its cell)
    state: str


@dataclass(frozen=True)
class RowReading:
    """One reporter × item on the page: its boxes and the mark read (None: to review, with a reason)."""

    reporter: int
    item: int
    boxes: tuple[BoxScore, ...]
    mark: Mark | None
    reason: str | None = None


def box_state(inner: float, solid: float, trace: float, outside: float) -> str:
    if solid >= MARKED:
        return MARKED_BOX
    if inner < EMPTY and solid < SOLID_EMPTY and trace < TRACE_EMPTY and outside < OUTSIDE:
        return EMPTY_BOX
    return DOUBTFUL_BOX


def decide_row(reporter: int, item: int, scores: list[tuple[float, ...]], aligned: bool = True) -> RowReading:
    """The row's mark from its four (inner, solid, trace, beside) scores, or review with the reason."""
    boxes = tuple(
        BoxScore(g, round(i, 4), round(s, 4), round(t, 4), round(o, 4), box_state(i, s, t, o))
        for g, (i, s, t, o) in enumerate(scores)
    )
    if not aligned:
        return RowReading(reporter, item, boxes, None, "这一行的方框没有对准（纸张褶皱或扫描变形），请看图确认。")
    doubtful = [b for b in boxes if b.state == DOUBTFUL_BOX]
    marked = [b for b in boxes if b.state == MARKED_BOX]
    if doubtful:
        names = "、".join(GRADES[b.grade].label for b in doubtful)
        return RowReading(reporter, item, boxes, None, f"“{names}”栏笔迹较浅、在框外或有擦改痕迹，请看图确认。")
    heavy = [b for b in marked if b.solid >= HEAVY]
    if any(b.outside >= HEAVY_OUTSIDE for b in heavy):
        return RowReading(reporter, item, boxes, None, "有一格涂黑后又划过，可能是涂改，请看图确认。")
    if not marked:
        return RowReading(reporter, item, boxes, Mark.ABSTAIN)
    if len(marked) == 1:
        return RowReading(reporter, item, boxes, GRADES[marked[0].grade])
    if heavy and len(heavy) < len(marked):
        return RowReading(reporter, item, boxes, None, "一格涂黑、另一格打勾，可能是涂改，请看图确认。")
    return RowReading(reporter, item, boxes, Mark.OVERMARKED)
