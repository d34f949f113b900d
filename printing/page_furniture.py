"""Page furniture: the A4 page template with the running head, “— n —”, the 草稿/演练 watermark,
and on official pages the data fingerprint and audit-chain head in text and as a QR code;
``build_pdf`` lays a story out on such pages and records what the PDF is (for ``verify``).
"""

from __future__ import annotations

import datetime as _dt
import io
import itertools
import re
from functools import cache

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfdoc import PDFResourceDictionary
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Spacer

from models.documents.types import DOCUMENT_NAMES, Masthead, data_digest

from . import fonts
from .page import LEFT, RIGHT, meeting_line, vertical_margins

KEYWORDS_TAG = "pingyi-doc/1"


class _PagedDocument(BaseDocTemplate):
    def __init__(self, buffer, head: Masthead, doc_title: str, keywords: str, orientation: str):
        size = landscape(A4) if orientation == "landscape" else A4
        top, bottom = vertical_margins(orientation)
        fonts.register()
        # the canvas starts in the body font, so no unused Helvetica is named in the PDF
        super().__init__(buffer, pagesize=size, leftMargin=LEFT, rightMargin=RIGHT, topMargin=top,
                         bottomMargin=bottom, title=doc_title, author=head.organiser or "",
                         subject=meeting_line(head), keywords=keywords, creator="Pingyi 评议", invariant=1,
                         initialFontName=fonts.BODY, initialFontSize=12)
        self.head, self.doc_title = head, doc_title
        frame = Frame(LEFT, bottom, size[0] - LEFT - RIGHT, size[1] - top - bottom, id="text",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        self.addPageTemplates([PageTemplate(id=orientation, frames=[frame], onPage=self._furnish, pagesize=size)])

    def beforeDocument(self):
        # invariant=1 keeps the file free of random ids; its date is then set to the paper's real date
        stamp = pdf_date(self.head)
        self.canv._doc.setDateFormatter(lambda *_ymdhms: stamp)

    def _furnish(self, canvas, doc):
        canvas.saveState()
        width, height = canvas._pagesize
        _watermark(canvas, self.head.watermark, width, height)
        _running_head(canvas, self.head, self.doc_title, width, height)
        _page_number(canvas, doc.page, width, doc.bottomMargin)
        if self.head.official:
            _fingerprint(canvas, self.head, width, first=doc.page == 1)
        elif not self.head.finalized or not self.head.verified:
            _draft_note(canvas, self.head)
        canvas.restoreState()


def _watermark(canvas, words, width, height):
    if not words:
        return
    text = "　".join(words)
    size = 120 if len(words) == 1 else 96
    room = min(width / 0.8192, height / 0.5736) * 0.85  # the page's extent along the 35° line
    size = min(size, room / len(text))  # a long text (草稿 数据校验未通过) still fits on the page
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


def _page_number(canvas, number: int, width, bottom: float):
    canvas.setFont(fonts.BODY, 14)
    canvas.drawCentredString(width / 2, bottom - 7 * mm - 14, f"— {number} —")


QR_SIZE = 18 * mm
#: nothing is printed closer to a page edge than this (many printers cut 5 mm or more)
SAFE_EDGE = 10 * mm


def pdf_date(head: Masthead, now: _dt.datetime | None = None) -> str:
    """The PDF's creation date: the 定稿 time on official papers, else the time of printing."""
    moment = None
    if head.finalized_at:
        try:
            moment = _dt.datetime.fromisoformat(head.finalized_at)
        except ValueError:
            moment = None
    moment = moment or now or _dt.datetime.now()
    return f"D:{moment:%Y%m%d%H%M%S}"


_PRINT_TIME = re.compile(rb"/(CreationDate|ModDate) \(D:\d{14}")


def without_print_time(pdf: bytes) -> bytes:
    """The PDF with its creation and modification times blanked (same length, so offsets hold): a draft
    carries the time it was printed, which a re-rendering cannot know; everything else must still match."""
    return _PRINT_TIME.sub(lambda m: b"/" + m.group(1) + b" (D:" + b"0" * 14, pdf)


def _fingerprint(canvas, head: Masthead, width, *, first: bool):
    canvas.setFont(fonts.HEADING, 6.5)
    canvas.setFillColor(colors.Color(0.25, 0.25, 0.25))
    canvas.drawString(LEFT, SAFE_EDGE + 5 * mm, f"数据指纹（SHA-256）：{head.fingerprint}")
    canvas.drawString(LEFT, SAFE_EDGE + 1.5 * mm, f"审计链头：{head.chain_head or ''}")
    if first:  # the QR code is drawn once per PDF as a form XObject, then placed on every page
        _qr_form(canvas, head)
    canvas.saveState()
    canvas.translate(width - RIGHT - QR_SIZE, SAFE_EDGE)
    canvas.doForm("PingyiQR")
    canvas.restoreState()


def _qr_form(canvas, head: Masthead) -> None:
    """The QR code as the form XObject “PingyiQR”: rectangles only, so it names no font (reportlab
    would otherwise give the form the 14 standard fonts and start it in Helvetica)."""
    resources = PDFResourceDictionary()
    resources.basicProcs()
    preamble, canvas._preamble = canvas._preamble, ""
    try:
        canvas.beginForm("PingyiQR", 0, 0, QR_SIZE, QR_SIZE)
        _draw_qr(canvas, qr_payload(head))
        canvas.endForm(Resources=resources)
    finally:
        canvas._preamble = preamble


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


def _draft_note(canvas, head: Masthead | None = None):
    canvas.setFont(fonts.BODY, 9)
    canvas.setFillColor(colors.Color(0.6, 0.1, 0.1))
    unverified = head is not None and head.finalized and not head.verified
    canvas.drawString(LEFT, SAFE_EDGE + 1.5 * mm, "草稿：数据校验未通过（请运行 verify 查看），本页不作为正式结果。"
                      if unverified else "草稿：会议尚未定稿，本页不作为正式结果。")


def qr_payload(head: Masthead) -> str:
    """The text in the QR code of an official page: fingerprint and chain head."""
    return f"PINGYI;FP={head.fingerprint};HEAD={head.chain_head or ''}"


def document_keywords(data, seq: int | None = None) -> str:
    """The PDF keywords that let ``verify --document`` tie a file back to the meeting."""
    parts = [KEYWORDS_TAG, f"kind={data.kind}", f"seq={seq if seq is not None else '-'}",
             f"digest={data_digest(data)}", f"fp={data.head.fingerprint or '-'}"]
    if getattr(data, "as_of", None):  # 整改台账 / 通报: the date they count as of, so verify can rebuild them
        parts.append(f"asof={data.as_of}")
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
