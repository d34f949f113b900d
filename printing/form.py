"""The printed evaluation form (测评表): ``render_forms(batch) -> bytes`` (PDF, A4).

Speed: what is the same on every copy (page furniture, header, the table with its rows
and boxes, page i/n) is drawn once per category and page as a PDF Form XObject; each
copy only adds its serial and QR code (another XObject, shared by the copy's pages).
"""

from __future__ import annotations

from collections.abc import Callable
from io import BytesIO

import numpy as np
import zxingcpp
from reportlab.pdfgen.canvas import Canvas

from models.ballots.form_data import FormBatch, FormCopy
from models.ballots.serials import page_payload
from models.labels import GRADE_LABELS, GRADES

from . import fonts
from . import form_layout as L
from .fonts import BODY, HEADING

INSTRUCTION = "本表不记名。请在相应等次栏内划“√”，每项只能选一个等次，不划或多划视为弃权；填好后投入票箱。"
#: the serial is for counting, not for tracing who filled the form in
SERIAL_NOTE = "编号只用于计票核对，不用于识别填表人"
REHEARSAL = "演练"
GRADE_TEXT = [GRADE_LABELS[g] for g in GRADES]

Progress = Callable[[int, int], None]


def render_forms(batch: FormBatch, progress: Progress | None = None) -> bytes:
    """PDF bytes with every copy of the batch, each on ``page_count`` A4 pages.

    ``progress(done, total)`` is called after each copy.  Refuses a batch without copies.
    """
    if not batch.copies:
        raise ValueError("no forms to render")
    fonts.register()
    out = BytesIO()
    canvas = Canvas(out, pagesize=(L.PAGE_W, L.PAGE_H), invariant=1, pageCompression=1,
                    initialFontName=BODY, initialFontSize=10.5)
    canvas.setTitle(batch.form_title)
    canvas.setCreator("Pingyi 评议")
    layout = L.table_layout(len(batch.reporters), len(batch.items), batch.style)
    statics: dict[tuple[str, int], str] = {}
    total = len(batch.copies)
    for number, copy in enumerate(batch.copies, start=1):
        serial_form = f"serial{number}"
        if layout.page_count == 1:
            _as_form(canvas, serial_form, draw_serial, copy)
        for page in range(layout.page_count):
            key = (copy.category_code, page)
            if key not in statics:
                statics[key] = f"page_{copy.category_code}_{page + 1}"
                _as_form(canvas, statics[key], draw_static_page, batch, copy, layout, page)
            canvas.doForm(statics[key])
            if layout.page_count == 1:
                canvas.doForm(serial_form)
            else:  # every page's QR code names its page, so a scanned page finds its place
                draw_serial(canvas, copy, page_payload(copy.qr_payload, page))
            canvas.showPage()
        if progress:
            progress(number, total)
    canvas.save()
    return out.getvalue()


def _as_form(canvas: Canvas, name: str, draw, *args) -> None:
    canvas.beginForm(name, lowerx=0, lowery=0, upperx=L.PAGE_W, uppery=L.PAGE_H)
    draw(canvas, *args)
    canvas.endForm()


# -- per copy -------------------------------------------------------------
def qr_modules(payload: str) -> list[list[bool]]:
    """The QR code's dark modules, row by row from the top (error correction M).

    Encoded with zxing-cpp (the library the scan reader decodes with): ~70× faster than reportlab's
    pure-Python encoder, which matters now that every page of a multi-page form has its own code.
    """
    code = zxingcpp.create_barcode(payload, zxingcpp.BarcodeFormat.QRCode, ec_level="M")
    image = code.to_image(scale=1, add_quiet_zones=False)
    return [[value < 128 for value in row] for row in np.asarray(image).tolist()]


def draw_serial(canvas: Canvas, copy: FormCopy, payload: str | None = None) -> None:
    """What differs from copy to copy: the QR code (``payload``: a page's own) and the serial in text."""
    x, y, size = L.qr_box()
    _draw_qr(canvas, qr_modules(payload or copy.qr_payload), x, y, size)
    canvas.setFillGray(0)
    canvas.setFont(HEADING, 10)
    canvas.drawCentredString(x + size / 2, y - 11, copy.serial)
    canvas.setFont(HEADING, 10.5)
    canvas.drawString(L.MARGIN_X, L.MARGIN_BOTTOM + 4, f"编号：{copy.serial}")


def _draw_qr(canvas: Canvas, modules: list[list[bool]], x: float, y: float, size: float, quiet: int = 2) -> None:
    count = len(modules)
    step = size / (count + 2 * quiet)
    canvas.saveState()
    # one unit = one module, rows counted downwards from the top: short integer operands
    canvas.transform(step, 0, 0, -step, x + quiet * step, y + size - quiet * step)
    path = canvas.beginPath()
    for r, row in enumerate(modules):
        c = 0
        while c < count:
            if row[c]:
                start = c
                while c < count and row[c]:
                    c += 1
                path.rect(start, r, c - start, 1)
            else:
                c += 1
    canvas.setFillGray(0)
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()


# -- the same on every copy of a category ----------------------------------
def draw_static_page(canvas: Canvas, batch: FormBatch, copy: FormCopy, layout: L.TableLayout, page: int) -> None:
    """Page furniture, header, instruction, the table page and page i/n (no serial)."""
    if batch.rehearsal:
        _draw_watermark(canvas)
    _draw_marks(canvas)
    _draw_band(canvas, batch, copy)
    canvas.setFillGray(0)
    canvas.setFont(BODY, 10.5)
    canvas.drawString(L.MARGIN_X, L.TABLE_TOP + 2.4 * L.mm, INSTRUCTION)
    _draw_table(canvas, batch, layout, page)
    canvas.setFont(BODY, 10.5)
    canvas.drawRightString(L.PAGE_W - L.MARGIN_X, L.MARGIN_BOTTOM + 4, f"第 {page + 1} 页 / 共 {layout.page_count} 页")
    canvas.setFont(BODY, 9)
    canvas.drawCentredString(L.PAGE_W / 2, L.MARGIN_BOTTOM + 4, SERIAL_NOTE)


def _draw_watermark(canvas: Canvas) -> None:
    canvas.saveState()
    canvas.setFillGray(0.9)
    canvas.setFont(HEADING, 150)
    canvas.translate(L.PAGE_W / 2, L.PAGE_H / 2)
    canvas.rotate(40)
    canvas.drawCentredString(0, -50, REHEARSAL)
    canvas.restoreState()


def _draw_marks(canvas: Canvas) -> None:
    canvas.setFillGray(0)
    for x, y, size in L.registration_marks():
        canvas.rect(x, y, size, size, stroke=0, fill=1)


def _draw_band(canvas: Canvas, batch: FormBatch, copy: FormCopy) -> None:
    top = L.PAGE_H - L.MARGIN_TOP
    canvas.setFillGray(0)
    canvas.setFont(HEADING, 30)
    canvas.drawString(L.MARGIN_X, top - 27, f"{copy.category_code}票")
    name = L.fit_text(copy.category_name, BODY, L.LEFT_BLOCK_W - 4, 26, 11, 7)
    _draw_lines(canvas, name, BODY, L.MARGIN_X, top - 36 - name.size * 0.88, "left", L.LEFT_BLOCK_W - 4)
    x0 = L.MARGIN_X + L.LEFT_BLOCK_W
    width = L.PAGE_W - L.MARGIN_X - L.RIGHT_BLOCK_W - x0
    title = L.fit_text(batch.form_title, HEADING, width, 24, 18, 11)
    _draw_lines(canvas, title, HEADING, x0, _first_baseline(title, top - 13), "center", width)
    meeting = batch.meeting_title + (f"（{REHEARSAL}）" if batch.rehearsal else "")
    sub = L.fit_text(meeting, BODY, width, 24, 11, 7)
    _draw_lines(canvas, sub, BODY, x0, _first_baseline(sub, top - 39), "center", width)
    canvas.setFont(BODY, 10.5)
    canvas.drawCentredString(x0 + width / 2, top - L.BAND_H + 5, batch.meeting_date)


def _first_baseline(fitted: L.FittedText, center_y: float) -> float:
    """Baseline of the first line so that the block of lines is centred on ``center_y``."""
    block = fitted.leading * (len(fitted.lines) - 1) + fitted.size
    return center_y + block / 2 - fitted.size * 0.86


def _draw_lines(canvas: Canvas, fitted: L.FittedText, font: str, x: float, baseline: float,
                align: str, width: float) -> None:
    canvas.setFont(font, fitted.size)
    for n, line in enumerate(fitted.lines):
        y = baseline - n * fitted.leading
        if align == "center":
            canvas.drawCentredString(x + width / 2, y, line)
        else:
            canvas.drawString(x, y, line)


# -- the table --------------------------------------------------------------
HEAD_SIZE = 10.5
CELL_PAD = 1.2 * L.mm


def _draw_table(canvas: Canvas, batch: FormBatch, layout: L.TableLayout, page: int) -> None:
    rows = layout.pages[page]
    bottom = rows[-1].top - rows[-1].height if rows else layout.header_top - layout.header_h
    _draw_header(canvas, batch, layout)
    _draw_body(canvas, batch, layout, rows)
    _draw_grid(canvas, layout, rows, bottom, len(batch.items))


def _draw_header(canvas: Canvas, batch: FormBatch, layout: L.TableLayout) -> None:
    top, height = layout.header_top, layout.header_h
    canvas.setFillGray(0.9)
    canvas.rect(L.TABLE_X0, top - height, L.TABLE_X1 - L.TABLE_X0, height, stroke=0, fill=1)
    canvas.setFillGray(0)
    labels = {"seq": "序号", "name": "姓名", "unit": "单位及职务", "item": "测评项目"}
    for col in layout.columns:
        if col.kind in labels:
            _cell_text(canvas, labels[col.kind], HEADING, col, top - height / 2, height, HEAD_SIZE)
    grade_y = top - height + L.HEADER_ROW_H / 2
    for col in layout.columns:
        if col.kind == "grade":
            _cell_text(canvas, GRADE_TEXT[col.grade], HEADING, col, grade_y, L.HEADER_ROW_H, HEAD_SIZE)
    if not layout.items_as_rows:
        for index, item in enumerate(batch.items):
            group = _group_span(layout, index)
            _cell_text(canvas, item.name, HEADING, group, top - L.HEADER_ROW_H / 2, L.HEADER_ROW_H, HEAD_SIZE)


def _group_span(layout: L.TableLayout, item: int) -> L.Column:
    cols = [c for c in layout.columns if c.kind == "grade" and c.item == item]
    return L.Column(cols[0].x, cols[-1].x + cols[-1].width - cols[0].x, "group", item)


def _cell_text(canvas: Canvas, text: str, font: str, col: L.Column, center_y: float, height: float,
               max_size: float, align: str = "center", min_size: float = 6.0) -> None:
    fitted = L.fit_text(text, font, col.width - 2 * CELL_PAD, height, max_size, min_size)
    x = col.x + CELL_PAD
    _draw_lines(canvas, fitted, font, x, _first_baseline(fitted, center_y), align, col.width - 2 * CELL_PAD)


def _draw_body(canvas: Canvas, batch: FormBatch, layout: L.TableLayout, rows: tuple[L.Row, ...]) -> None:
    cols = {c.kind: c for c in layout.columns if c.kind != "grade"}
    grades = [c for c in layout.columns if c.kind == "grade"]
    canvas.setFillGray(0)
    for first, span in _reporter_spans(rows):
        reporter = batch.reporters[first.reporter]
        center = first.top - span / 2
        _cell_text(canvas, str(reporter.seq), BODY, cols["seq"], center, span, 11)
        _cell_text(canvas, reporter.name, BODY, cols["name"], center, span, 11)
        _cell_text(canvas, reporter.unit_title, BODY, cols["unit"], center, span, 10.5, "left", 5.5)
    for row in rows:
        center = row.top - row.height / 2
        if layout.items_as_rows:
            _cell_text(canvas, batch.items[row.item].name, BODY, cols["item"], center, row.height, 10)
    _draw_boxes(canvas, layout, rows, grades)


def _reporter_spans(rows: tuple[L.Row, ...]):
    """(first row, total height) for each reporter on the page."""
    spans: dict[int, list] = {}
    for row in rows:
        if row.reporter in spans:
            spans[row.reporter][1] += row.height
        else:
            spans[row.reporter] = [row, row.height]
    return [tuple(v) for v in spans.values()]


def _draw_boxes(canvas: Canvas, layout: L.TableLayout, rows: tuple[L.Row, ...], grades: list[L.Column]) -> None:
    canvas.setLineWidth(0.6)
    path = canvas.beginPath()
    for row in rows:
        for col in grades:
            x, y, size = L.tick_box(layout, row, col, rows)
            path.rect(x, y, size, size)
    canvas.drawPath(path, stroke=1, fill=0)


def _draw_grid(canvas: Canvas, layout: L.TableLayout, rows: tuple[L.Row, ...], bottom: float,
               item_count: int) -> None:
    top, x0, x1 = layout.header_top, L.TABLE_X0, L.TABLE_X1
    body_top = top - layout.header_h
    lines = [(x0, body_top, x1, body_top)]
    if not layout.items_as_rows:
        grade_x0 = next(c.x for c in layout.columns if c.kind == "grade")
        lines.append((grade_x0, top - L.HEADER_ROW_H, x1, top - L.HEADER_ROW_H))
    inner_x = next(c.x for c in layout.columns if c.kind in ("item", "grade"))
    for row in rows:
        ends_reporter = row.item in (-1, item_count - 1)
        lines.append((x0 if ends_reporter else inner_x, row.top - row.height, x1, row.top - row.height))
    lines.extend(_vertical(layout, col, top, bottom) for col in layout.columns[1:])
    canvas.setLineWidth(0.5)
    canvas.lines(lines)
    canvas.setLineWidth(1.2)
    canvas.rect(x0, bottom, x1 - x0, top - bottom, stroke=1, fill=0)


def _vertical(layout: L.TableLayout, col: L.Column, top: float, bottom: float) -> tuple:
    if col.kind == "grade" and col.grade != 0 and not layout.items_as_rows:
        top -= L.HEADER_ROW_H  # grade columns of one item share the item's name cell
    return (col.x, top, col.x, bottom)
