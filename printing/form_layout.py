"""Geometry of the evaluation form: page furniture, table columns, rows per page, text fitting.

All positions are PDF points with the origin at the bottom-left of an A4 portrait page.
Computed once per batch (the table is the same on every copy) and cached.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from models.ballots.form_data import MAX_GROUPED_ITEMS, FormItem, FormReporter
from models.ballots.forms import FORM_STYLE

PAGE_W, PAGE_H = A4

#: registration marks: solid squares of this size, this far from each page edge
MARK_SIZE = 5 * mm
MARK_INSET = 7 * mm

MARGIN_X = 15 * mm
MARGIN_TOP = 15 * mm
MARGIN_BOTTOM = 14 * mm
BAND_H = 26 * mm  # header band: category letter | title and meeting | QR code
INSTRUCTION_H = 8 * mm
FOOTER_H = 7 * mm
QR_SIZE = 20 * mm
LEFT_BLOCK_W = 32 * mm
RIGHT_BLOCK_W = 32 * mm

HEADER_ROW_H = 7 * mm
ROWS_PER_PAGE = 30  # one item: 30 reporters on one page


@dataclass(frozen=True)
class FormStyle:
    """The tick box's side and (items as rows) an item row's height, in points."""

    box: float
    sub_row_h: float


#: every geometry forms were ever printed in, by ``models.ballots.forms.FORM_STYLE`` number: a meeting keeps
#: the style of its first forms (reprints match them; the scan reader finds their boxes)
STYLES = {
    1: FormStyle(4.2 * mm, 16.0),  # before issue #11's 5 mm boxes
    2: FormStyle(5 * mm, 18.5),  # boxes of 5 mm (issue #11), 2 pt above and below them in an item row
}
LEADING = 1.12  # line distance / font size in wrapped cells

TABLE_X0 = MARGIN_X
TABLE_X1 = PAGE_W - MARGIN_X
TABLE_TOP = PAGE_H - MARGIN_TOP - BAND_H - INSTRUCTION_H
TABLE_BOTTOM = MARGIN_BOTTOM + FOOTER_H


def registration_marks() -> list[tuple[float, float, float]]:
    """(x, y, size) of the four solid corner squares (TL, TR, BL, BR), bottom-left origin, in points."""
    far_x = PAGE_W - MARK_INSET - MARK_SIZE
    far_y = PAGE_H - MARK_INSET - MARK_SIZE
    corners = [(MARK_INSET, far_y), (far_x, far_y), (MARK_INSET, MARK_INSET), (far_x, MARK_INSET)]
    return [(x, y, MARK_SIZE) for x, y in corners]


# -- text fitting ---------------------------------------------------------
@dataclass(frozen=True)
class FittedText:
    """Text broken into lines at a font size that fits its box."""

    size: float
    lines: tuple[str, ...]

    @property
    def leading(self) -> float:
        return self.size * LEADING


def _wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Greedy character wrap (Chinese text has no spaces to break at)."""
    lines, current, used = [], "", 0.0
    for ch in text:
        w = stringWidth(ch, font, size)
        if current and used + w > width:
            lines.append(current.rstrip())
            current, used = ("", 0.0) if ch == " " else (ch, w)
        else:
            current, used = current + ch, used + w
    if current or not lines:
        lines.append(current)
    return lines


@lru_cache(maxsize=4096)
def fit_text(text: str, font: str, width: float, height: float, max_size: float, min_size: float = 6.0) -> FittedText:
    """The largest size ≤ max_size at which ``text`` fits the box, wrapping if needed.

    At ``min_size`` whatever still does not fit is cut with “…”: nothing ever overflows.
    """
    size = max_size
    while True:
        max_lines = max(1, int((height - 1) // (size * LEADING)))
        lines = _wrap(text, font, size, width)
        if len(lines) <= max_lines:
            return FittedText(size, tuple(lines))
        if size - 0.5 < min_size:
            return FittedText(size, tuple(_cut(lines[:max_lines], font, size, width)))
        size -= 0.5


def _cut(lines: list[str], font: str, size: float, width: float) -> list[str]:
    last = lines[-1]
    while last and stringWidth(last + "…", font, size) > width:
        last = last[:-1]
    return lines[:-1] + [last + "…"]


# -- table geometry -------------------------------------------------------
@dataclass(frozen=True)
class Column:
    """One table column; ``item`` is the index of the item a grade column belongs to."""

    x: float
    width: float
    kind: str  # "seq", "name", "unit", "item", "grade"
    item: int = -1
    grade: int = -1  # 0 好 … 3 差

    @property
    def center(self) -> float:
        return self.x + self.width / 2


@dataclass(frozen=True)
class Row:
    """One drawn row: a reporter, or (items as rows) one item of a reporter."""

    reporter: int  # index into the batch's reporters
    item: int  # index into items; -1 when the row carries all items as columns
    top: float
    height: float


@dataclass(frozen=True)
class TableLayout:
    """Columns, header height and the rows of every page for one batch's table."""

    columns: tuple[Column, ...]
    items_as_rows: bool
    header_top: float
    header_h: float
    pages: tuple[tuple[Row, ...], ...]
    box: float = STYLES[FORM_STYLE].box  # the tick box's side

    @property
    def page_count(self) -> int:
        return len(self.pages)


def _widths(item_count: int) -> tuple[float, float, float, float]:
    """(序号, 姓名, 测评项目 (rows mode only), one grade column) widths."""
    if item_count > MAX_GROUPED_ITEMS:
        return 10 * mm, 20 * mm, 30 * mm, 12 * mm
    grade = {1: 15 * mm, 2: 11 * mm, 3: 9 * mm}[item_count]
    return 10 * mm, (22 if item_count == 1 else 18) * mm, 0.0, grade


def _columns(item_count: int) -> tuple[Column, ...]:
    seq_w, name_w, item_w, grade_w = _widths(item_count)
    as_rows = item_count > MAX_GROUPED_ITEMS
    groups = 1 if as_rows else item_count
    unit_w = (TABLE_X1 - TABLE_X0) - seq_w - name_w - item_w - 4 * groups * grade_w
    cols, x = [], TABLE_X0
    for kind, width in (("seq", seq_w), ("name", name_w), ("unit", unit_w), ("item", item_w)):
        if width:
            cols.append(Column(x, width, kind))
            x += width
    for group in range(groups):
        for grade in range(4):
            cols.append(Column(x, grade_w, "grade", -1 if as_rows else group, grade))
            x += grade_w
    return tuple(cols)


@lru_cache(maxsize=32)
def table_layout(reporter_count: int, item_count: int, style: int = FORM_STYLE) -> TableLayout:
    """Where every column and row goes (in the geometry ``style``); reporters continue on further pages as needed."""
    shape = STYLES[style]
    as_rows = item_count > MAX_GROUPED_ITEMS
    header_h = HEADER_ROW_H * (1 if as_rows else 2)
    body_top = TABLE_TOP - header_h
    body_h = body_top - TABLE_BOTTOM
    if as_rows:
        row_h = min(shape.sub_row_h, body_h / item_count)  # one reporter's items always fit one page
        per_page = max(1, int(body_h // (row_h * item_count)))
    else:
        row_h = body_h / ROWS_PER_PAGE
        per_page = ROWS_PER_PAGE
    pages = []
    for start in range(0, max(reporter_count, 1), per_page):
        rows, top = [], body_top
        for index in range(start, min(start + per_page, reporter_count)):
            for item in (range(item_count) if as_rows else [-1]):
                rows.append(Row(index, item, top, row_h))
                top -= row_h
        pages.append(tuple(rows))
    return TableLayout(_columns(item_count), as_rows, TABLE_TOP, header_h, tuple(pages), shape.box)


def tick_box(layout: TableLayout, row: Row, col: Column, rows: tuple[Row, ...]) -> tuple[float, float, float]:
    """(x, y, size) of the tick box of a grade cell, bottom-left origin (the reader of scans finds it here)."""
    size = min(layout.box, rows[0].height - 4) if rows else layout.box
    return col.center - size / 2, row.top - row.height / 2 - size / 2, size


def column(layout: TableLayout, kind: str) -> Column:
    """The first column of this kind ("seq", "name", "unit", "item", "grade")."""
    return next(c for c in layout.columns if c.kind == kind)


def page_count(reporters: tuple[FormReporter, ...], items: tuple[FormItem, ...], style: int = FORM_STYLE) -> int:
    """How many pages one copy of the form takes."""
    return table_layout(len(reporters), len(items), style).page_count


def qr_box() -> tuple[float, float, float]:
    """(x, y, size) of the QR code: top right, inside the header band."""
    x = PAGE_W - MARGIN_X - (RIGHT_BLOCK_W + QR_SIZE) / 2
    y = PAGE_H - MARGIN_TOP - QR_SIZE
    return x, y, QR_SIZE

