"""Reading PDFs back: text, fonts, pages as images."""

from __future__ import annotations

import io
import re

import pdfplumber
import pypdfium2


def pages_text(pdf: bytes) -> list[str]:
    """The text of each page (pdfium: fast enough for hundreds of pages)."""
    doc = pypdfium2.PdfDocument(pdf)
    return [doc[i].get_textpage().get_text_range().replace("\r\n", "\n") for i in range(len(doc))]


def flat(text: str) -> str:
    """Text without any whitespace (lines wrap anywhere in Chinese)."""
    return re.sub(r"\s+", "", text)


def used_fonts(pdf: bytes) -> set[str]:
    """Fonts of the characters on the first page."""
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return {c["fontname"] for c in doc.pages[0].chars}


def embedded_font_files(pdf: bytes) -> int:
    return pdf.count(b"/FontFile2")


def ink_share(pdf: bytes, page: int = 0) -> float:
    """Share of pixels that are not near-white on one page rendered at 50 dpi."""
    doc = pypdfium2.PdfDocument(pdf)
    image = doc[page].render(scale=50 / 72).to_pil().convert("L")
    histogram = image.histogram()
    return sum(histogram[:200]) / sum(histogram)


def chars_outside(pdf: bytes, left: float, right_margin: float, tolerance: float) -> list[str]:
    """Characters drawn left of ``left`` or right of (page width − ``right_margin``), page by page."""
    out, doc = [], pypdfium2.PdfDocument(pdf)
    for i in range(len(doc)):
        page = doc[i]
        limit, text = page.get_width() - right_margin + tolerance, page.get_textpage()
        for n in range(text.count_chars()):
            x0, _, x1, _ = text.get_charbox(n)
            if (x0 < left - tolerance or x1 > limit) and text.get_text_range(n, 1).strip():
                out.append(f"第 {i + 1} 页：{text.get_text_range(n, 1)}")
    return out


def body_text(pdf: bytes) -> str:
    """The text of all pages without page furniture (running head, page number, fingerprint, draft note)."""
    furniture = ("— ", "数据指纹", "审计链头", "草稿：")
    pages = [page.splitlines()[1:] for page in pages_text(pdf)]
    return flat("".join(line for lines in pages for line in lines if not line.startswith(furniture)))


def table_rows(pdf: bytes) -> list[list[str]]:
    """Every row of every ruled table, cells without whitespace (wrapped cell text joined).

    Only the text area is searched: the QR code in the bottom margin is made of rectangles.
    """
    from printing.page import BOTTOM, TOP

    rows = []
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for page in doc.pages:
            area = page.crop((0, TOP - 2, page.width, page.height - BOTTOM + 2))
            for table in area.extract_tables():
                rows += [[flat(cell or "") for cell in row] for row in table]
    return rows
