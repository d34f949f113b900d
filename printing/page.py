"""Page furniture and stylesheet shared by every document (GB/T 9704-style A4 pages).

Story builders in ``printing/documents`` produce flowables; ``build_pdf`` lays them out on
pages with the margins, page numbers “— n —”, the 草稿/演练 watermark and, on official
pages, the data fingerprint and audit-chain head in text and as a QR code.
"""

from __future__ import annotations

import io
import itertools
import re
from functools import cache
from xml.sax.saxutils import escape

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.lib import colors
from reportlab.lib import textsplit as _textsplit
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus import paragraph as _paragraph

from models.document_types import DOCUMENT_NAMES, Masthead, data_digest

from . import fonts

TOP, LEFT, RIGHT, BOTTOM = 37 * mm, 28 * mm, 26 * mm, 35 * mm
#: the text area's height on a landscape page, the smaller of the two orientations
FRAME_HEIGHT_MIN = A4[0] - TOP - BOTTOM
TITLE_PT, BODY_PT, TABLE_PT, SMALL_TABLE_PT = 22, 16, 12, 10.5
GRID = colors.black
HEAD_FILL = colors.Color(0.9, 0.9, 0.9)
ALERT_FILL = colors.Color(1.0, 0.88, 0.88)
KEYWORDS_TAG = "pingyi-doc/1"


def frame_width(orientation: str = "portrait") -> float:
    """Usable width of the text area in points."""
    width = landscape(A4)[0] if orientation == "landscape" else A4[0]
    return width - LEFT - RIGHT


#: full-width punctuation that must not start a line (reportlab's own list lacks most of it)
NO_LINE_START = "，。、；：？！”’》〉」』】）…—％"


def _teach_line_breaking() -> None:
    # reportlab's CJK wrapper keeps a character that may not start a line on the line before
    # (hanging punctuation); its list only knows half-width and Japanese marks
    for module in (_paragraph, _textsplit):
        module.ALL_CANNOT_START += "".join(ch for ch in NO_LINE_START if ch not in module.ALL_CANNOT_START)


@cache
def styles() -> dict[str, ParagraphStyle]:
    """The stylesheet: title 22 pt HEADING, body 16 pt BODY, table text 12 / 10.5 pt."""
    fonts.register()
    _teach_line_breaking()
    body, head = fonts.BODY, fonts.HEADING

    def style(name, font, size, leading, **kw):
        return ParagraphStyle(name, fontName=font, fontSize=size, leading=leading, wordWrap="CJK", **kw)

    return {
        "title": style("title", head, TITLE_PT, TITLE_PT * 1.45, alignment=TA_CENTER, spaceAfter=4 * mm),
        "subtitle": style("subtitle", body, 14, 20, alignment=TA_CENTER, spaceAfter=5 * mm),
        "h1": style("h1", head, BODY_PT, BODY_PT * 1.75, spaceBefore=2 * mm, keepWithNext=1),
        "h1_table": style("h1_table", head, BODY_PT, BODY_PT * 1.75, spaceBefore=2 * mm),
        "body": style("body", body, BODY_PT, BODY_PT * 1.75, firstLineIndent=2 * BODY_PT),
        "plain": style("plain", body, BODY_PT, BODY_PT * 1.75),
        "note": style("note", body, TABLE_PT, TABLE_PT * 1.5),
        "cell": style("cell", body, TABLE_PT, TABLE_PT * 1.3),
        "cell_c": style("cell_c", body, TABLE_PT, TABLE_PT * 1.3, alignment=TA_CENTER),
        "head": style("head", head, TABLE_PT, TABLE_PT * 1.3, alignment=TA_CENTER),
        "small": style("small", body, SMALL_TABLE_PT, SMALL_TABLE_PT * 1.3),
        "small_c": style("small_c", body, SMALL_TABLE_PT, SMALL_TABLE_PT * 1.3, alignment=TA_CENTER),
        "small_head": style("small_head", head, SMALL_TABLE_PT, SMALL_TABLE_PT * 1.3, alignment=TA_CENTER),
        "left": style("left", body, TABLE_PT, TABLE_PT * 1.3, alignment=TA_LEFT),
    }


def para(text, style: str = "body") -> Paragraph:
    """Clerk text as a Paragraph: XML-escaped, line breaks kept, wrapped the Chinese way."""
    safe = escape(str(text if text is not None else "")).replace("\r\n", "\n").replace("\n", "<br/>")
    return Paragraph(safe, styles()[style])


def title_block(head: Masthead, doc_title: str, subtitle: str | None = None) -> list[Flowable]:
    """The document title (22 pt) and a line with the meeting and its date."""
    if subtitle is None:
        subtitle = meeting_line(head) if len(meeting_line(head)) <= SUBTITLE_CHARS else meeting_line(head, "\n")
    return [para(doc_title, "title"), para(subtitle, "subtitle")]


SUBTITLE_CHARS = 30


def table_heading(text: str) -> list[Flowable]:
    """A heading over a table that may split: on a new page only when too little room is left.

    (Headings keep with what follows; a whole table moved to the next page would leave a gap.)
    """
    return [CondPageBreak(35 * mm), para(text, "h1_table")]


def meeting_line(head: Masthead, separator: str = "　") -> str:
    """“<meeting title>　<date>” for under the document title and the running head."""
    title = head.meeting_title or "（未填写会议名称）"
    return separator.join(x for x in (title, head.date_text) if x)


class RuledTable(Table):
    """A table that splits between rows, and inside a row only when that row is taller than a page.

    (reportlab's own ``splitInRow`` also cuts a short row that merely starts near the foot of
    a page, and repeats the header over empty pages after such a cut.)
    """

    def split(self, avail_width, avail_height):
        self._calc(avail_width, avail_height)
        parts = self._splitRows(avail_height, doInRowSplit=0)
        if parts or not self.splitInRow or len(self._rowHeights) <= self.repeatRows:
            return parts
        first = sum(self._rowHeights[: self.repeatRows + 1])
        if first <= FRAME_HEIGHT_MIN:
            return []
        for cell_style in self._cellStyles[self.repeatRows]:
            cell_style.valign = "TOP"  # reportlab loses text when it splits a vertically centred row
        return self._splitRows(avail_height, doInRowSplit=1)


def grid_table(rows, widths, *, header_rows: int = 1, small: bool = False, extra_style=(),
               split_in_row: bool = True) -> Table:
    """A ruled table with a shaded header repeated on every page; a row taller than a page splits.

    reportlab cannot split inside a row when the table has row spans: pass ``split_in_row=False``.
    """
    table = RuledTable(rows, colWidths=widths, repeatRows=header_rows, splitInRow=int(split_in_row), hAlign="CENTER")
    pad = 2.5 if small else 3
    commands = [
        ("GRID", (0, 0), (-1, -1), 0.6, GRID),
        ("BOX", (0, 0), (-1, -1), 1.0, GRID),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), pad),
        ("RIGHTPADDING", (0, 0), (-1, -1), pad),
        ("TOPPADDING", (0, 0), (-1, -1), pad),
        ("BOTTOMPADDING", (0, 0), (-1, -1), pad + 1),
        # close the table where a page cuts it, also inside a row split over pages
        ("LINEBELOW", (0, "splitlast"), (-1, "splitlast"), 1.0, GRID),
        ("LINEBELOW", (0, "inrowsplitstart"), (-1, "inrowsplitstart"), 1.0, GRID),
        ("LINEABOVE", (0, "inrowsplitend"), (-1, "inrowsplitend"), 1.0, GRID),
    ]
    if header_rows:
        commands.append(("BACKGROUND", (0, 0), (-1, header_rows - 1), HEAD_FILL))
    table.setStyle(TableStyle(commands + list(extra_style)))
    return table


def min_height(height: float) -> Spacer:
    """Put in a table cell to give its row at least ``height`` (minus padding)."""
    return Spacer(1, max(0.0, height - 7))


def widths(fractions, orientation: str = "portrait") -> list[float]:
    """Column widths from relative shares of the frame width."""
    total = sum(fractions)
    return [frame_width(orientation) * f / total for f in fractions]


class SignatureBlock(Flowable):
    """Signature lines side by side: “计票人（签字）：______ 日期：____年__月__日”."""

    def __init__(self, roles, *, per_row: int = 3, date_line: bool = True):
        super().__init__()
        self.roles, self.per_row, self.date_line = tuple(roles), per_row, date_line
        self.row_height = 16 * mm if date_line else 11 * mm

    def wrap(self, avail_width, avail_height):
        self.width = avail_width
        rows = -(-len(self.roles) // self.per_row)
        self.height = rows * self.row_height + 4 * mm
        return self.width, self.height

    def draw(self):
        canvas, col = self.canv, self.width / self.per_row
        canvas.setFont(fonts.BODY, TABLE_PT)
        for i, role in enumerate(self.roles):
            x = (i % self.per_row) * col
            y = self.height - (i // self.per_row + 1) * self.row_height + (6 * mm if self.date_line else 2 * mm)
            label = f"{role}（签字）："
            canvas.drawString(x, y + 4 * mm, label)
            start = x + canvas.stringWidth(label, fonts.BODY, TABLE_PT)
            canvas.line(start, y + 3.3 * mm, x + col - 4 * mm, y + 3.3 * mm)
            if self.date_line:
                canvas.drawString(x, y - 2.5 * mm, "日期：　　　　年　　月　　日")


class SealSpace(Flowable):
    """Room for the party committee's seal over its name and a date line, at the right."""

    def __init__(self, organiser: str, *, width: float = 80 * mm, height: float = 40 * mm):
        super().__init__()
        self.organiser = organiser or "（党组织名称）"
        self.block_width, self.height = width, height

    def wrap(self, avail_width, avail_height):
        self.width = avail_width
        return self.width, self.height

    def draw(self):
        canvas = self.canv
        centre = self.width - self.block_width / 2
        canvas.setFont(fonts.BODY, BODY_PT)
        lines = _fit_lines(self.organiser, self.block_width, BODY_PT)[:2]
        for i, line in enumerate(lines):
            canvas.drawCentredString(centre, 16 * mm - i * 7 * mm + (len(lines) - 1) * 7 * mm, line)
        canvas.drawCentredString(centre, 6 * mm, "　　　　年　　月　　日")
        canvas.setFont(fonts.BODY, 9)
        canvas.setFillColor(colors.grey)
        canvas.drawCentredString(centre, 0.5 * mm, "（盖章）")
        canvas.setFillColor(colors.black)


def _fit_lines(text: str, width: float, size: float) -> list[str]:
    lines, current = [], ""
    for ch in text:
        if current and fonts_width(current + ch, size) > width:
            lines.append(current)
            current = ""
        current += ch
    return lines + [current] if current else lines


def fonts_width(text: str, size: float) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return stringWidth(text, fonts.BODY, size)


class _PagedDocument(BaseDocTemplate):
    def __init__(self, buffer, head: Masthead, doc_title: str, keywords: str, orientation: str):
        size = landscape(A4) if orientation == "landscape" else A4
        super().__init__(buffer, pagesize=size, leftMargin=LEFT, rightMargin=RIGHT, topMargin=TOP,
                         bottomMargin=BOTTOM, title=doc_title, author=head.organiser or "Pingyi",
                         subject=meeting_line(head), keywords=keywords, creator="Pingyi 评议", invariant=1)
        self.head, self.doc_title = head, doc_title
        frame = Frame(LEFT, BOTTOM, size[0] - LEFT - RIGHT, size[1] - TOP - BOTTOM, id="text",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        self.addPageTemplates([PageTemplate(id=orientation, frames=[frame], onPage=self._furnish, pagesize=size)])

    def _furnish(self, canvas, doc):
        canvas.saveState()
        width, height = canvas._pagesize
        _watermark(canvas, self.head.watermark, width, height)
        _running_head(canvas, self.head, self.doc_title, width, height)
        _page_number(canvas, doc.page, width)
        if self.head.official:
            _fingerprint(canvas, self.head, width, first=doc.page == 1)
        elif not self.head.finalized:
            _draft_note(canvas)
        canvas.restoreState()


def _watermark(canvas, words, width, height):
    if not words:
        return
    text = "　".join(words)
    size = 120 if len(words) == 1 else 96
    canvas.saveState()
    canvas.setFillColor(colors.Color(0.8, 0.1, 0.1), alpha=0.13)
    canvas.setFont(fonts.HEADING, size)
    canvas.translate(width / 2, height / 2)
    canvas.rotate(35)
    canvas.drawCentredString(0, -size / 3, text)
    canvas.restoreState()


def _running_head(canvas, head: Masthead, doc_title: str, width, height):
    canvas.setFont(fonts.BODY, 9)
    canvas.setFillColor(colors.Color(0.35, 0.35, 0.35))
    canvas.drawString(LEFT, height - 20 * mm, f"{meeting_line(head)}　{doc_title}"[:90])
    canvas.line(LEFT, height - 21.5 * mm, width - RIGHT, height - 21.5 * mm)
    if head.rehearsal:
        canvas.setFillColor(colors.Color(0.75, 0.1, 0.1))
        canvas.setFont(fonts.HEADING, 14)
        canvas.drawRightString(width - RIGHT, height - 19.5 * mm, "演练")
    canvas.setFillColor(colors.black)


def _page_number(canvas, number: int, width):
    canvas.setFont(fonts.BODY, 14)
    canvas.drawCentredString(width / 2, BOTTOM - 7 * mm - 14, f"— {number} —")


QR_SIZE = 22 * mm


def _fingerprint(canvas, head: Masthead, width, *, first: bool):
    canvas.setFont(fonts.HEADING, 6.5)
    canvas.setFillColor(colors.Color(0.25, 0.25, 0.25))
    canvas.drawString(LEFT, 12 * mm, f"数据指纹（SHA-256）：{head.fingerprint}")
    canvas.drawString(LEFT, 8.5 * mm, f"审计链头：{head.chain_head or ''}")
    if first:  # the QR code is drawn once per PDF as a form XObject, then placed on every page
        canvas.beginForm("PingyiQR", 0, 0, QR_SIZE, QR_SIZE)
        _draw_qr(canvas, qr_payload(head))
        canvas.endForm()
    canvas.saveState()
    canvas.translate(width - RIGHT - QR_SIZE, 4 * mm)
    canvas.doForm("PingyiQR")
    canvas.restoreState()


@cache
def _qr_runs(payload: str) -> tuple[int, tuple[tuple[int, int, int], ...]]:
    """The QR code of ``payload`` as (modules per side, dark runs (row, first column, length))."""
    code = QrCodeWidget(payload, barLevel="M").qr
    code.make()
    runs, size = [], code.getModuleCount()
    for r, row in enumerate(code.modules):
        c = 0
        for dark, group in itertools.groupby(bool(m) for m in row):
            n = len(list(group))
            if dark:
                runs.append((r, c, n))
            c += n
    return size, tuple(runs)


def _draw_qr(canvas, payload: str, border: int = 2) -> None:
    """Filled rectangles, one per dark run (encoding is cached: the QR encoder is slow in Python)."""
    size, runs = _qr_runs(payload)
    box = QR_SIZE / (size + 2 * border)
    canvas.setFillColor(colors.black)
    for r, c, n in runs:
        canvas.rect((c + border) * box, QR_SIZE - (r + border + 1) * box, n * box, box, stroke=0, fill=1)


def _draft_note(canvas):
    canvas.setFont(fonts.BODY, 9)
    canvas.setFillColor(colors.Color(0.6, 0.1, 0.1))
    canvas.drawString(LEFT, 10 * mm, "草稿：会议尚未定稿，本页不作为正式结果。")


def qr_payload(head: Masthead) -> str:
    """The text in the QR code of an official page: fingerprint and chain head."""
    return f"PINGYI;FP={head.fingerprint};HEAD={head.chain_head or ''}"


def document_keywords(data, seq: int | None = None) -> str:
    """The PDF keywords that let ``verify --document`` tie a file back to the meeting."""
    parts = [KEYWORDS_TAG, f"kind={data.kind}", f"seq={seq if seq is not None else '-'}",
             f"digest={data_digest(data)}", f"fp={data.head.fingerprint or '-'}"]
    return " ".join(parts)


_KEYWORDS_RE = re.compile(rb"/Keywords \((" + KEYWORDS_TAG.encode() + rb"[^)]*)\)")


def read_keywords(pdf: bytes) -> dict[str, str] | None:
    """The Pingyi keywords of a PDF made by ``build_pdf`` (None for any other PDF)."""
    match = _KEYWORDS_RE.search(pdf)
    if not match:
        return None
    pairs = (p.split("=", 1) for p in match.group(1).decode("ascii").split()[1:])
    return {k: v for k, v in pairs}


def build_pdf(story, data, *, orientation: str = "portrait", seq: int | None = None) -> bytes:
    """Lay ``story`` out on A4 pages with the furniture for ``data.head``; the PDF bytes."""
    buffer = io.BytesIO()
    doc = _PagedDocument(buffer, data.head, DOCUMENT_NAMES[data.kind], document_keywords(data, seq), orientation)
    doc.build(list(story) or [Spacer(1, 1)])
    return buffer.getvalue()


def orientation_for(min_widths_mm) -> str:
    """“portrait” when columns of these minimum widths (mm) fit an upright page, else “landscape”."""
    return "portrait" if sum(min_widths_mm) * mm <= frame_width("portrait") else "landscape"


def fit_widths(min_widths_mm, orientation: str, *, spread: bool = False) -> list[float]:
    """Column widths in points filling the frame: the minimums, the spare width going to the last
    (notes) column or, with ``spread``, shared in proportion; too wide columns shrink in proportion."""
    base = [w * mm for w in min_widths_mm]
    spare = frame_width(orientation) - sum(base)
    if spread or spare < 0:
        return [w + spare * w / sum(base) for w in base]
    return base[:-1] + [base[-1] + spare]


DIGITS = "〇一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 40 → 四十, 99 → 九十九 (Arabic digits from 100 on)."""
    if not 0 < n < 100:
        return str(n)
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else DIGITS[tens] + "十")
    return head + (DIGITS[ones] if ones else "")
