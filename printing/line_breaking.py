"""Chinese line breaking (禁则) for every paragraph of the documents.

reportlab's CJK wrapper only lets a few closing marks hang into the margin. Here a line never
starts with closing punctuation (，。、；：？！”’》）…), never ends with an opening quote or bracket
(“‘《（【), and never breaks inside a date (2027年3月31日), a number with its unit (12.50%), or a
run of Latin letters and digits; the line is broken earlier instead, so text stays inside its
cell and margin.
"""

from __future__ import annotations

import re

from reportlab.platypus import paragraph as _paragraph

#: full-width and half-width marks that must not start a line
NO_LINE_START = "，。、；：？！”’》〉」』】）〕］｝…—％,.;:?!)]}%"
#: marks that must not end a line
NO_LINE_END = "“‘《〈「『【（〔［｛([{"
#: runs that are never broken: dates, numbers with their unit or sign, Latin words and codes
_UNBREAKABLE = re.compile(
    r"\d{4}年\d{1,2}月(?:\d{1,2}日)?|\d{1,2}月\d{1,2}日|\d{1,2}:\d{2}(?::\d{2})?"
    r"|[+\-−]?\d+(?:\.\d+)?(?:%|％)?|[A-Za-z][A-Za-z0-9_\-]*"
)


def glued(text: str) -> set[int]:
    """Positions ``k`` where no line may begin (``text[k]`` continues a run started before it)."""
    out = set()
    for match in _UNBREAKABLE.finditer(text):
        out.update(range(match.start() + 1, match.end()))
    return out


def _may_break_before(chars: list[str], k: int, glue: set[int]) -> bool:
    return k not in glue and chars[k] not in NO_LINE_START and chars[k - 1] not in NO_LINE_END


def _width(u, max_width) -> float:
    w = u.width
    if hasattr(w, "normalizedValue"):
        w._normalizer = max_width
        w = w.normalizedValue(max_width)
    return w


def cjk_frag_split(frags, max_widths, calc_bounds, encoding="utf8"):
    """reportlab's ``cjkFragSplit`` with the break rules above (same arguments and result)."""
    units = []
    for f in frags:
        text = f.text.decode(encoding) if isinstance(f.text, bytes) else f.text
        if text:
            units.extend(_paragraph.cjkU(t, f, encoding) for t in text)
        else:
            units.append(_paragraph.cjkU(text, f, encoding))
    chars = [str(u) for u in units]
    glue = glued("".join(c if len(c) == 1 else "\0" for c in chars))
    lines, start, i, used = [], 0, 0, 0.0
    max_width = max_widths[0]
    while i < len(units):
        u = units[i]
        i += 1
        used += _width(u, max_width)
        line_break = hasattr(u.frag, "lineBreak")
        if not (line_break or used > max_width + _paragraph._FUZZ):
            continue
        end = i
        if not line_break:
            end = max(i - 1, start + 1)  # the character that overflowed begins the next line ...
            while end - 1 > start and not _may_break_before(chars, end, glue):
                end -= 1  # ... or an earlier one, where breaking is allowed
            if end <= start + 1 and not _may_break_before(chars, end, glue):
                end = max(i - 1, start + 1)  # one unbreakable run wider than the line: cut it
        width = sum(_width(x, max_width) for x in units[start:end])
        lines.append(
            _paragraph.makeCJKParaLine(units[start:end], max_width, width, max_width - width, line_break, calc_bounds)
        )
        max_width = max_widths[min(len(lines), len(max_widths) - 1)]
        start = i = end
        used = 0.0
    if start < len(units):
        width = sum(_width(x, max_width) for x in units[start:])
        lines.append(_paragraph.makeCJKParaLine(units[start:], max_width, width, max_width - width, False, calc_bounds))
    return _paragraph.ParaLines(kind=1, lines=lines)


def install() -> None:
    """Make every CJK paragraph break lines by these rules."""
    _paragraph.cjkFragSplit = cjk_frag_split
