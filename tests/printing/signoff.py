"""Where the sign-off (signatures, seal) of a PDF sits, and what content shares its page.

Read with pdfium (fast enough for a sweep of hundreds of pages): characters with their boxes
and font sizes, grouped into lines.
"""

from __future__ import annotations

import pypdfium2
import pypdfium2.raw as pdfium
from reportlab.lib.units import mm

#: lines that travel with a sign-off and are not content of their own
TAIL_LINES = ("说明", "计算方法", "共", "日期", "（盖章）")
#: the title (22 pt) and the line under it (14 pt) are not content either
NOT_CONTENT_SIZES = (22.0, 14.0)


def page_lines(page) -> list[tuple[float, float, float, str]]:
    """(top, bottom, font size, text) of each text line, top to bottom (top measured from the top)."""
    text, height = page.get_textpage(), page.get_height()
    rows: dict[int, list] = {}
    for i in range(text.count_chars()):
        ch = text.get_text_range(i, 1)
        if not ch.strip():
            continue
        x0, y0, x1, y1 = text.get_charbox(i, loose=True)
        size = round(pdfium.FPDFText_GetFontSize(text.raw, i), 1)
        rows.setdefault(round((height - y0) / 2), []).append((x0, height - y1, height - y0, size, ch))
    lines = []
    for _, chars in sorted(rows.items()):
        chars.sort()
        lines.append(
            (min(c[1] for c in chars), max(c[2] for c in chars), max(c[3] for c in chars), "".join(c[4] for c in chars))
        )
    return lines


def lonely_signoffs(pdf: bytes) -> list[str]:
    """Pages whose sign-off has no content above it (between the running head and the sign-off)."""
    out, doc = [], pypdfium2.PdfDocument(pdf)
    for n in range(len(doc)):
        lines = page_lines(doc[n])
        tops = [top for top, _, _, t in lines if "（签字）" in t]
        tops += [top - 25 * mm for top, _, _, t in lines if t.startswith("（盖章）")]
        if not tops:
            continue
        limit = min(tops)
        content = [
            t
            for top, bottom, size, t in lines
            if 25 * mm < top
            and bottom <= limit + 1
            and size not in NOT_CONTENT_SIZES
            and not t.startswith(TAIL_LINES)
            and "（签字）" not in t
        ]
        if not content:
            out.append(f"第 {n + 1} 页")
    return out
