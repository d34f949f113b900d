"""Where things are on a printed form, taken from the code that printed it (``printing/form_layout``).

Everything here is in *canonical pixels*: the A4 page seen upright at ``DPI``, origin top left.
The reader warps each scan onto this page, so the boxes are found where the form was drawn —
never from a hand-copied template.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from models.ballots.forms import FORM_STYLE
from printing import form_layout as L

#: resolution of the canonical page the reader works on
DPI = 150
S = DPI / 72  # canonical pixels per PDF point
WIDTH, HEIGHT = round(L.PAGE_W * S), round(L.PAGE_H * S)
MM = 72 / 25.4 * S  # canonical pixels per millimetre

Rect = tuple[float, float, float, float]  # x0, y0, x1, y1 in canonical pixels


def _rect(x: float, y_bottom: float, w: float, h: float) -> Rect:
    """A PDF rectangle (bottom-left origin, points) in canonical pixels."""
    return (x * S, (L.PAGE_H - y_bottom - h) * S, (x + w) * S, (L.PAGE_H - y_bottom) * S)


@dataclass(frozen=True)
class BoxSpot:
    grade: int  # 0 好 … 3 差
    box: Rect  # the printed tick box
    cell: Rect  # the grade cell around it


@dataclass(frozen=True)
class RowSpot:
    """One decision on paper: a reporter and an item, with its four boxes (好 较好 一般 差)."""

    reporter: int  # index into the form's reporters (序号 order)
    item: int  # index into the items
    boxes: tuple[BoxSpot, ...]


@dataclass(frozen=True)
class PageSpots:
    rows: tuple[RowSpot, ...]
    table: Rect  # outer frame of this page's table


def mark_centers() -> list[tuple[float, float]]:
    """Centres of the four corner marks, clockwise from top left (TL, TR, BR, BL)."""
    tl, tr, bl, br = (((x + s / 2) * S, (L.PAGE_H - y - s / 2) * S) for x, y, s in L.registration_marks())
    return [tl, tr, br, bl]


def mark_size() -> float:
    return L.MARK_SIZE * S


def qr_rect() -> Rect:
    x, y, size = L.qr_box()
    return _rect(x, y, size, size)


@lru_cache(maxsize=64)
def page_spots(reporter_count: int, item_count: int, page: int, style: int = FORM_STYLE) -> PageSpots:
    """The boxes of one page of the form for this many reporters and items, printed in ``style``."""
    layout = L.table_layout(reporter_count, item_count, style)
    rows = layout.pages[page]
    grades = [c for c in layout.columns if c.kind == "grade"]
    out = []
    for row in rows:
        items = [row.item] if layout.items_as_rows else range(item_count)
        for item in items:
            cols = [c for c in grades if c.item == (-1 if layout.items_as_rows else item)]
            boxes = []
            for col in cols:
                x, y, size = L.tick_box(layout, row, col, rows)
                boxes.append(
                    BoxSpot(
                        col.grade, _rect(x, y, size, size), _rect(col.x, row.top - row.height, col.width, row.height)
                    )
                )
            out.append(RowSpot(row.reporter, item, tuple(boxes)))
    bottom = rows[-1].top - rows[-1].height if rows else layout.header_top - layout.header_h
    table = _rect(L.TABLE_X0, bottom, L.TABLE_X1 - L.TABLE_X0, layout.header_top - bottom)
    return PageSpots(tuple(out), table)


def page_count(reporter_count: int, item_count: int, style: int = FORM_STYLE) -> int:
    return L.table_layout(reporter_count, item_count, style).page_count
