"""Writing one styled table per worksheet, and saving a workbook byte-for-byte reproducibly."""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field

from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter

FONT_NAME = "宋体"
THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEAD_FILL = PatternFill("solid", fgColor="E6E6E6")
ALERT_FILL = PatternFill("solid", fgColor="FFE0E0")
INTEGER, PERCENT, SCORE = "0", "0.00%", "0.00"
MAX_WIDTH, WRAP_WIDTH = 60, 48
FIXED_STAMP = "2000-01-01T00:00:00Z"


@dataclass
class Column:
    """A column: its header, the number format of its cells ("@" text) and whether text wraps."""

    header: str
    number_format: str = "@"
    wrap: bool = False


@dataclass
class SheetTable:
    """One worksheet: a title line, a header row (frozen) and data rows; some rows highlighted."""

    name: str
    title: str
    columns: list[Column]
    rows: list[list] = field(default_factory=list)
    alert_rows: set[int] = field(default_factory=set)
    notes: list[str] = field(default_factory=list)
    frozen_columns: int = 0


def text_width(value) -> int:
    """Display width in Excel character units: a Chinese character counts as two."""
    text = "" if value is None else str(value)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def write_sheet(ws, table: SheetTable) -> None:
    """Fill ``ws``: title in row 1, frozen header in row 2, bordered data, widths that fit Chinese."""
    ws.title = table.name
    ncols = len(table.columns)
    ws.cell(1, 1, table.title).font = Font(name=FONT_NAME, size=14, bold=True)
    if ncols > 1:
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=ncols)
    ws.row_dimensions[1].height = 24
    for c, column in enumerate(table.columns, start=1):
        cell = ws.cell(2, c, column.header)
        cell.font, cell.fill, cell.border = Font(name=FONT_NAME, bold=True), HEAD_FILL, BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for r, values in enumerate(table.rows):
        _write_row(ws, r + 3, table.columns, values, r in table.alert_rows)
    for n, note in enumerate(table.notes):
        ws.cell(len(table.rows) + 4 + n, 1, note).font = Font(name=FONT_NAME)
    ws.freeze_panes = ws.cell(3, table.frozen_columns + 1).coordinate
    if table.rows:
        ws.auto_filter.ref = f"A2:{get_column_letter(ncols)}{len(table.rows) + 2}"
    _fit_widths(ws, table)
    _print_setup(ws, table)


#: the widest sheet (in Excel character units) that still prints upright on A4 at a legible size
PORTRAIT_WIDTH = 100


def _print_setup(ws, table: SheetTable) -> None:
    """A4, upright or landscape by the sheet's width, fitted to one page wide, title and header on every page."""
    width = sum(ws.column_dimensions[get_column_letter(c)].width or 8 for c in range(1, len(table.columns) + 1))
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "portrait" if width <= PORTRAIT_WIDTH else "landscape"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.print_title_rows = "1:2"
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.6
    ws.page_margins.top = ws.page_margins.bottom = 0.75
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"


def _write_row(ws, row: int, columns: list[Column], values: list, alert: bool) -> None:
    for c, (column, value) in enumerate(zip(columns, values, strict=True), start=1):
        number = isinstance(value, int | float) and not isinstance(value, bool)
        ws.cell(row, c, value).style = _cell_style(ws.parent, column.number_format if number else "General",
                                                   column.wrap, alert, number)


def _cell_style(book, number_format: str, wrap: bool, alert: bool, number: bool) -> str:
    """The name of a registered cell style (setting font, border … per cell is slow in openpyxl)."""
    name = f"pingyi {number_format} {'wrap' if wrap else 'nowrap'} {'alert' if alert else 'plain'} {number}"
    if name not in book.named_styles:
        style = NamedStyle(name=name, font=Font(name=FONT_NAME), border=BORDER, number_format=number_format)
        style.alignment = Alignment(vertical="top" if wrap else "center", wrap_text=wrap,
                                    horizontal="right" if number else "left")
        if alert:
            style.fill = ALERT_FILL
        book.add_named_style(style)
    return name


def _fit_widths(ws, table: SheetTable) -> None:
    for c, column in enumerate(table.columns, start=1):
        widest = max([text_width(column.header)] + [_shown_width(row[c - 1], column) for row in table.rows])
        limit = WRAP_WIDTH if column.wrap else MAX_WIDTH
        ws.column_dimensions[get_column_letter(c)].width = min(limit, max(6, widest + 2))


def _shown_width(value, column: Column) -> int:
    if isinstance(value, float) and column.number_format == PERCENT:
        return len(f"{value * 100:.2f}%")
    if isinstance(value, float):
        return len(f"{value:.2f}")
    return text_width(value)


def reproducible_bytes(workbook, stamp: str = FIXED_STAMP) -> bytes:
    """The .xlsx bytes with fixed zip dates and document times: equal data gives equal files."""
    raw = io.BytesIO()
    workbook.save(raw)
    source, out = zipfile.ZipFile(io.BytesIO(raw.getvalue())), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>" + stamp.encode(), data)
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type, fixed.external_attr = zipfile.ZIP_DEFLATED, 0o600 << 16
            target.writestr(fixed, data)
    return out.getvalue()
