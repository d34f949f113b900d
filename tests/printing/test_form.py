"""The printed evaluation form: text read back, pagination, fonts, marks, QR code, fitting."""

from __future__ import annotations

import io
import re

import pdfplumber
import pypdfium2 as pdfium
import pytest
from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import resolve1

from models.ballots.form_data import FormBatch, FormCopy, FormItem, FormReporter
from models.ballots.serials import new_serial, page_payload, qr_payload
from printing import form_layout as L
from printing.form import INSTRUCTION, qr_modules, render_forms

ITEMS = ["总体评价", "履行职责情况", "重点任务落实", "问题整改情况", "基层组织建设"]
LONG_UNIT = "某某县经济技术开发区管理委员会党工委暨某某产业园区综合服务中心党总支部委员会书记"
SCALE = 100 / 72  # render at 100 dpi


def make_batch(reporters=12, items=1, copies=2, rehearsal=False, code="A", unit=None) -> FormBatch:
    taken: set[str] = set()
    serials = []
    for _ in range(copies):
        serials.append(new_serial(code, taken))
        taken.add(serials[-1])
    return FormBatch(
        meeting_title="某某县2026年度党组织书记抓基层党建工作述职评议会",
        meeting_date="2026年12月1日",
        form_title="党组织书记抓基层党建工作述职评议表",
        rehearsal=rehearsal,
        reporters=tuple(
            FormReporter(i, f"述职人{i:02d}", unit or f"第{i}村党支部书记") for i in range(1, reporters + 1)
        ),
        items=tuple(FormItem(n, ITEMS[n - 1] if n <= len(ITEMS) else f"分项{n}", n == 1) for n in range(1, items + 1)),
        copies=tuple(FormCopy(s, qr_payload(s), code, "党员代表") for s in serials),
    )


def page_texts(pdf: bytes) -> list[str]:
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return [page.extract_text() for page in doc.pages]


def expected_pages(reporters: int, items: int) -> int:
    if items <= L.MAX_GROUPED_ITEMS:
        return -(-reporters // L.ROWS_PER_PAGE)
    per_page = int((L.TABLE_TOP - L.HEADER_ROW_H - L.TABLE_BOTTOM) // (L.STYLES[L.FORM_STYLE].sub_row_h * items))
    return -(-reporters // per_page)


@pytest.mark.parametrize(
    ("reporters", "items", "pages"),
    [(1, 1, 1), (12, 1, 1), (30, 1, 1), (31, 1, 2), (60, 1, 2), (30, 3, 1), (31, 3, 2), (45, 3, 2), (12, 5, 2)],
)
def test_every_page_carries_its_serial_page_number_and_rows(reporters, items, pages):
    batch = make_batch(reporters, items, copies=2)
    texts = page_texts(render_forms(batch))
    assert expected_pages(reporters, items) == pages
    assert len(texts) == 2 * pages
    for copy_no, copy in enumerate(batch.copies):
        for page in range(pages):
            text = texts[copy_no * pages + page]
            assert text.count(copy.serial) == 2  # under the QR code and in the footer
            assert f"第 {page + 1} 页 / 共 {pages} 页" in text
            assert "A票" in text and "党员代表" in text and INSTRUCTION in text
            assert "序号" in text and "姓名" in text and "单位及职务" in text
            assert all(label in text for label in ("好", "较好", "一般", "差"))
            assert all(item in text for item in ITEMS[:items])
            assert "某某县2026年度" in text and "2026年12月1日" in text
            other = batch.copies[1 - copy_no].serial
            assert other not in text
    names = [re.findall(r"述职人(\d\d)", t) for t in texts[:pages]]
    assert [int(n) for page in names for n in page] == list(range(1, reporters + 1))


def test_rows_are_numbered_in_ballot_order():
    text = page_texts(render_forms(make_batch(12, copies=1)))[0]
    lines = [ln for ln in text.splitlines() if "述职人" in ln]
    assert [ln.split()[:2] for ln in lines] == [[str(i), f"述职人{i:02d}"] for i in range(1, 13)]


@pytest.mark.parametrize("rehearsal", [False, True])
def test_rehearsal_forms_say_so_on_every_page(rehearsal):
    texts = page_texts(render_forms(make_batch(31, rehearsal=rehearsal)))
    assert len(texts) == 4
    assert all(("演练" in t) == rehearsal for t in texts)


def test_fonts_are_embedded_subsets_and_nothing_else_is_used():
    pdf = render_forms(make_batch(31, 3))
    fonts = []
    doc = PDFDocument(PDFParser(io.BytesIO(pdf)))
    for xref in doc.xrefs:
        for objid in xref.get_objids():
            obj = resolve1(doc.getobj(objid))
            if isinstance(obj, dict) and getattr(obj.get("Type"), "name", None) == "Font":
                fonts.append(obj)
    assert len(fonts) == 2
    for font in fonts:
        name = font["BaseFont"].name
        assert re.match(r"^[A-Z]{6}\+", name), name
        descriptor = resolve1(font["FontDescriptor"])
        assert "FontFile2" in descriptor, name
        assert "ToUnicode" in font  # text can be read back (and searched) in any viewer


def _render(pdf: bytes, index: int = 0):
    doc = pdfium.PdfDocument(pdf)
    try:
        return doc[index].render(scale=SCALE, grayscale=True).to_pil().convert("L")
    finally:
        doc.close()


def _dark_share(image, box) -> float:
    crop = image.crop(tuple(round(v) for v in box))
    histogram = crop.histogram()
    return sum(histogram[:96]) / sum(histogram)


def _pixel_box(x, y, w, h):
    """PDF points (bottom-left origin) → pixel box (left, top, right, bottom)."""
    return (x * SCALE, (L.PAGE_H - y - h) * SCALE, (x + w) * SCALE, (L.PAGE_H - y) * SCALE)


@pytest.mark.parametrize("page", [0, 1])
def test_registration_marks_are_solid_squares_in_the_four_corners(page):
    image = _render(render_forms(make_batch(31, copies=1)), page)
    assert abs(image.size[1] - L.PAGE_H * SCALE) < 1.5
    for x, y, size in L.registration_marks():
        inner = _pixel_box(x + 2, y + 2, size - 4, size - 4)
        assert _dark_share(image, inner) > 0.98
        ring = _pixel_box(x - 6, y - 6, size + 12, 3)  # just below the square: white paper
        assert _dark_share(image, ring) < 0.02
    corners = [(x < L.PAGE_W / 2, y < L.PAGE_H / 2) for x, y, _ in L.registration_marks()]
    assert sorted(corners) == sorted([(True, True), (True, False), (False, True), (False, False)])


def test_page_is_drawn_not_blank():
    image = _render(render_forms(make_batch(30, 3, copies=1)))
    table = _pixel_box(L.TABLE_X0, L.TABLE_BOTTOM, L.TABLE_X1 - L.TABLE_X0, L.TABLE_TOP - L.TABLE_BOTTOM)
    share = _dark_share(image, table)
    assert 0.03 < share < 0.5


@pytest.mark.parametrize("page", [0, 1])
def test_qr_code_drawn_is_the_serial_payload(page):
    """On a form of two pages each page's QR code names its page (``PINGYI:B-…/2``), for the scan reader."""
    batch = make_batch(31, copies=1)
    image = _render(render_forms(batch), page)
    modules = qr_modules(page_payload(batch.copies[0].qr_payload, page))
    x, y, size = L.qr_box()
    step = size / (len(modules) + 4)
    for r, row in enumerate(modules):
        for c, dark in enumerate(row):
            px = (x + (c + 2.5) * step) * SCALE
            py = (L.PAGE_H - (y + size - (r + 2.5) * step)) * SCALE
            assert (image.getpixel((int(px), int(py))) < 128) == dark, (r, c)


def test_qr_code_of_a_one_page_form_is_the_plain_serial_payload():
    batch = make_batch(12, copies=1)
    image = _render(render_forms(batch), 0)
    modules = qr_modules(batch.copies[0].qr_payload)
    x, y, size = L.qr_box()
    step = size / (len(modules) + 4)
    dark = [
        (
            image.getpixel(
                (int((x + (c + 2.5) * step) * SCALE), int((L.PAGE_H - (y + size - (r + 2.5) * step)) * SCALE))
            )
            < 128
        )
        for r in range(len(modules))
        for c in range(len(modules))
    ]
    assert dark == [m for row in modules for m in row]


@pytest.mark.parametrize("items", [1, 3, 5])
def test_long_unit_names_stay_inside_their_cells(items):
    pdf = render_forms(make_batch(31, items, copies=1, unit=LONG_UNIT))
    layout = L.table_layout(31, items)
    unit = L.column(layout, "unit")
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for page_no, page in enumerate(doc.pages):
            body_top = L.PAGE_H - (layout.header_top - layout.header_h)
            body = [c for c in page.chars if body_top < c["top"] and c["bottom"] < L.PAGE_H - L.TABLE_BOTTOM]
            chars = [c for c in body if unit.x < (c["x0"] + c["x1"]) / 2 < unit.x + unit.width]
            assert chars
            assert all(unit.x <= c["x0"] and c["x1"] <= unit.x + unit.width for c in chars)
            rows = layout.pages[page_no]
            for row in rows:
                span = (L.PAGE_H - row.top, L.PAGE_H - row.top + row.height * (items if layout.items_as_rows else 1))
                if row.item > 0:
                    continue
                inside = [c for c in chars if span[0] <= (c["top"] + c["bottom"]) / 2 <= span[1]]
                assert inside, f"row of reporter {row.reporter + 1} has no unit text"
                assert all(span[0] - 0.5 <= c["top"] and c["bottom"] <= span[1] + 0.5 for c in inside)


def test_every_character_stays_inside_its_column():
    pdf = render_forms(make_batch(30, 3, copies=1, unit=LONG_UNIT))
    layout = L.table_layout(30, 3)
    edges = sorted({c.x for c in layout.columns} | {L.TABLE_X1})
    body_top = L.PAGE_H - (layout.header_top - layout.header_h)
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        chars = [c for c in doc.pages[0].chars if c["top"] > body_top and c["bottom"] < L.PAGE_H - L.TABLE_BOTTOM]
    assert len(chars) > 300
    for ch in chars:
        mid = (ch["x0"] + ch["x1"]) / 2
        left = max(e for e in edges if e <= mid)
        right = min(e for e in edges if e > mid)
        assert left <= ch["x0"] + 0.01 and ch["x1"] <= right + 0.01, ch["text"]


def test_same_batch_renders_to_the_same_bytes_and_reports_progress():
    batch = make_batch(5, copies=3)
    seen = []
    first = render_forms(batch, progress=lambda done, total: seen.append((done, total)))
    assert first == render_forms(batch)
    assert seen == [(1, 3), (2, 3), (3, 3)]


@pytest.mark.parametrize(("reporters", "items"), [(1, 1), (31, 1), (60, 3), (45, 2), (12, 4), (7, 10), (3, 45)])
def test_every_row_lies_inside_the_table_body(reporters, items):
    layout = L.table_layout(reporters, items)
    rows = [row for page in layout.pages for row in page]
    assert sorted({r.reporter for r in rows}) == list(range(reporters))
    assert len(rows) == reporters * (items if layout.items_as_rows else 1)
    for page in layout.pages:
        assert page[0].top == pytest.approx(layout.header_top - layout.header_h)
        assert page[-1].top - page[-1].height >= L.TABLE_BOTTOM - 1e-6
        assert len({r.reporter for r in page}) * (items if layout.items_as_rows else 1) == len(page)
    right = max(c.x + c.width for c in layout.columns)
    assert right == pytest.approx(L.TABLE_X1) and all(c.width > 20 for c in layout.columns)


def test_fit_text_shrinks_then_wraps_then_cuts():
    from printing.fonts import BODY, register

    register()
    short = L.fit_text("城关镇党委书记", BODY, 200, 20, 10.5)
    assert short.size == 10.5 and short.lines == ("城关镇党委书记",)
    wrapped = L.fit_text(LONG_UNIT, BODY, 200, 20, 10.5)
    assert len(wrapped.lines) == 2 and "".join(wrapped.lines) == LONG_UNIT
    cut = L.fit_text(LONG_UNIT * 3, BODY, 60, 12, 10.5)
    assert len(cut.lines) == 1 and cut.lines[0].endswith("…") and cut.size == 6.0


def test_a_batch_without_copies_is_refused():
    with pytest.raises(ValueError):
        render_forms(make_batch(copies=0))


@pytest.mark.parametrize(("reporters", "items"), [(30, 1), (31, 2), (30, 3), (8, 4), (12, 5), (3, 10), (2, 20)])
def test_every_tick_box_drawn_is_at_least_5_mm_and_inside_its_cell(reporters, items):
    """Issue #11: the boxes a rater ticks are at least 5 mm, whatever the number of items (the maximum is 20)."""
    pdf = render_forms(make_batch(reporters, items, copies=1))
    layout = L.table_layout(reporters, items)
    grades = [c for c in layout.columns if c.kind == "grade"]
    five_mm = 5 * 72 / 25.4
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for page, rows in zip(doc.pages, layout.pages, strict=True):
            boxes = [r for r in page.rects if r["stroke"] and not r["fill"] and r["width"] < 20]
            assert len(boxes) == len(rows) * 4 * (1 if layout.items_as_rows else items)
            for box in boxes:
                assert box["width"] >= five_mm - 0.01
                col = next(c for c in grades if c.x < box["x0"] < c.x + c.width)
                row = next(r for r in rows if r.top - r.height < box["y0"] < r.top)
                assert col.x + 1.5 <= box["x0"] and box["x1"] <= col.x + col.width - 1.5
                assert row.top - row.height + 1.5 <= box["y0"] and box["y1"] <= row.top - 1.5
