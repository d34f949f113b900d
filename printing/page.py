"""The stylesheet and building blocks shared by every document (GB/T 9704-style A4 pages):
margins, fonts and sizes, escaped CJK paragraphs, ruled tables, signature blocks, seal space.

Story builders in ``printing/documents`` produce flowables from these; ``page_furniture.build_pdf``
lays them out on pages with the page numbers, watermark, fingerprint and QR code.
"""

from __future__ import annotations

from functools import cache
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib import textsplit as _textsplit
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus import paragraph as _paragraph
from reportlab.platypus.flowables import _Container, _listWrapOn

from models.documents.types import Masthead

from . import fonts, line_breaking
from .line_breaking import NO_LINE_START

TOP, LEFT, RIGHT, BOTTOM = 37 * mm, 28 * mm, 26 * mm, 35 * mm
#: a landscape page (a wide table) keeps the binding and side margins but gives height back to the
#: table; the running head, the page number and the fingerprint block still fit outside the text
LANDSCAPE_TOP, LANDSCAPE_BOTTOM = 28 * mm, 30 * mm
#: the text area's height on a landscape page, the smaller of the two orientations
FRAME_HEIGHT_MIN = A4[0] - LANDSCAPE_TOP - LANDSCAPE_BOTTOM


def vertical_margins(orientation: str = "portrait") -> tuple[float, float]:
    """(top, bottom) margins in points for a page of this orientation."""
    return (LANDSCAPE_TOP, LANDSCAPE_BOTTOM) if orientation == "landscape" else (TOP, BOTTOM)
TITLE_PT, BODY_PT, TABLE_PT, SMALL_TABLE_PT = 22, 16, 12, 10.5
GRID = colors.black
HEAD_FILL = colors.Color(0.9, 0.9, 0.9)
ALERT_FILL = colors.Color(1.0, 0.88, 0.88)


def frame_width(orientation: str = "portrait") -> float:
    """Usable width of the text area in points."""
    width = landscape(A4)[0] if orientation == "landscape" else A4[0]
    return width - LEFT - RIGHT


def _teach_line_breaking() -> None:
    # reportlab's CJK wrapper knows only a few half-width and Japanese marks; ours keeps the 禁则
    for module in (_paragraph, _textsplit):
        module.ALL_CANNOT_START += "".join(ch for ch in NO_LINE_START if ch not in module.ALL_CANNOT_START)
    line_breaking.install()


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
        ("FONTNAME", (0, 0), (-1, -1), fonts.BODY),  # reportlab sets a cell's font even for a Paragraph
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
    """Signature lines side by side: “计票人（签字）：______” over “日期：　　　年　　月　　日”.

    As many signers share a row as fit the width with their date line (a narrow page puts
    fewer per row), so no 日 of one signer runs into the next one's 日期.
    """

    DATE = "日期：　　　年　　月　　日"
    GAP = 3.5 * mm
    SIZE = SMALL_TABLE_PT

    def __init__(self, roles, *, per_row: int = 3, date_line: bool = True):
        super().__init__()
        self.roles, self.per_row, self.date_line = tuple(roles), per_row, date_line
        self.row_height = 15 * mm if date_line else 10 * mm

    def _columns(self, avail_width: float) -> int:
        label = max(fonts_width(f"{r}（签字）：", self.SIZE) for r in self.roles) + 16 * mm
        need = max(fonts_width(self.DATE, self.SIZE) if self.date_line else 0, label) + self.GAP
        return max(1, min(self.per_row, len(self.roles), int((avail_width + 0.5) // need)))

    def wrap(self, avail_width, avail_height):
        self.width = avail_width
        self.columns = self._columns(avail_width)
        rows = -(-len(self.roles) // self.columns)
        self.height = rows * self.row_height + 3 * mm
        return self.width, self.height

    def draw(self):
        canvas, col = self.canv, self.width / self.columns
        canvas.setFont(fonts.BODY, self.SIZE)
        for i, role in enumerate(self.roles):
            x = (i % self.columns) * col
            y = self.height - (i // self.columns + 1) * self.row_height + (6 * mm if self.date_line else 2 * mm)
            label = f"{role}（签字）："
            canvas.drawString(x, y + 4 * mm, label)
            start = x + canvas.stringWidth(label, fonts.BODY, self.SIZE)
            canvas.line(start, y + 3.3 * mm, x + col - self.GAP, y + 3.3 * mm)
            if self.date_line:
                canvas.drawString(x, y - 2.5 * mm, self.DATE)


class KeepWithTail(_Container, Flowable):
    """The last content of a document held together with what follows it (notes, signatures, seal).

    GB/T 9704 forbids a signature or seal alone on a page: when the whole does not fit, the
    content is split so that its last part (table rows, paragraph lines) moves over with the tail.
    A heading right before the content (``lead``) stays with the content's first part.
    """

    def __init__(self, content: Flowable, tail, lead=()):
        super().__init__()
        self.content, self.tail, self.lead = content, list(tail), list(lead)
        self._content = [*self.lead, content, *self.tail]

    def wrap(self, avail_width, avail_height):
        self.height = _listWrapOn(self._content, avail_width, self.canv)[1]
        self.width = avail_width
        return self.width, self.height

    def _height(self, flowables, avail_width) -> float:
        return _listWrapOn(flowables, avail_width, self.canv)[1] if flowables else 0.0

    def split(self, avail_width, avail_height):
        if self._height(self._content, avail_width) <= avail_height:
            return list(self._content)
        lead = self._height(self.lead, avail_width) + (self.content.getSpaceBefore() if self.lead else 0)
        tail = self._height(self.tail, avail_width) + self.content.getSpaceAfter()
        parts = self.content.splitOn(self.canv, avail_width, avail_height - lead - tail)
        if len(parts) >= 2:
            return [*self.lead, *parts[:-1], KeepWithTail(parts[-1], self.tail)]
        frame = getattr(getattr(self.canv, "_doctemplate", None), "frame", None)
        if frame is not None and not frame._atTop:
            return []  # begin on the next page, where the content has the whole height
        parts = self.content.splitOn(self.canv, avail_width, avail_height - lead)
        if len(parts) >= 2:
            return [*self.lead, *parts[:-1], KeepWithTail(parts[-1], self.tail)]
        return list(self._content)  # content and tail taller than a page and unsplittable: flow them


def signed(story: list, sign_off: list) -> list:
    """``story`` with ``sign_off`` appended, kept on one page with the story's last table or paragraph.

    Notes and spacers after that content travel with the sign-off; a heading (and the conditional
    page break before it) right before that content stays with it.
    """
    story = list(story)
    at = len(story) - 1
    while at >= 0 and not _is_content(story[at]):
        at -= 1
    if at < 0:
        return story + list(sign_off)
    first = at
    while first > 0 and _is_heading(story[first - 1]):
        first -= 1
    return story[:first] + [KeepWithTail(story[at], story[at + 1:] + list(sign_off), lead=story[first:at])]


def _is_heading(flowable) -> bool:
    if isinstance(flowable, CondPageBreak):
        return True
    return isinstance(flowable, Paragraph) and flowable.style.name in ("h1", "h1_table")


def _is_content(flowable) -> bool:
    if isinstance(flowable, Table):
        return True
    return isinstance(flowable, Paragraph) and flowable.style.name not in ("note", "h1", "h1_table")


class SealSpace(Flowable):
    """发文机关署名 and 成文日期 at the right, laid out as GB/T 9704 has it, with room for the seal.

    The date stands four characters in from the right edge; the organ's name is centred over
    the date; the seal is pressed over both. Without a date (a draft) a blank date is printed.
    """

    def __init__(self, organiser: str, date_text: str = "", *, height: float = 30 * mm):
        super().__init__()
        self.organiser = organiser or "（党组织名称）"
        self.date_text = date_text or "　　　　年　　月　　日"
        self.height = height

    def wrap(self, avail_width, avail_height):
        self.width = avail_width
        return self.width, self.height

    def draw(self):
        canvas = self.canv
        date_width = fonts_width(self.date_text, BODY_PT)
        right = self.width - 4 * BODY_PT  # 右空四字
        centre = right - date_width / 2
        room = 2 * min(centre, self.width - centre)
        canvas.setFont(fonts.BODY, BODY_PT)
        lines = _fit_lines(self.organiser, room, BODY_PT)[:2]
        for i, line in enumerate(lines):
            canvas.drawCentredString(centre, 16 * mm - i * 7 * mm + (len(lines) - 1) * 7 * mm, line)
        canvas.drawString(right - date_width, 6 * mm, self.date_text)
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
