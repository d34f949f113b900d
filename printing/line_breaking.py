"""Chinese line breaking (禁则) for every paragraph of the documents.

reportlab's CJK wrapper only lets a few closing marks hang into the margin. Here a line never
starts with closing punctuation (，。、；：？！”’》）…), never ends with an opening quote or bracket
(“‘《（【), never breaks a short table heading inside a word (测评 / 得分 at most), and never breaks inside a date (2027年3月31日), a number with its unit (12.50%), or a
run of Latin letters and digits; the line is broken earlier instead, so text stays inside its
cell and margin.
"""

from __future__ import annotations

import re

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import paragraph as _paragraph

from . import fonts

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


#: a table heading this short is a word or two: “弃权”, “有效票”, “测评得分” (broken only as 测评 / 得分)
SHORT_HEADING = 4


def heading_glue(text: str) -> set[int]:
    """Positions where a short heading may not break: everywhere but between its two halves."""
    if len(text) > SHORT_HEADING or "\n" in text:
        return set()
    return set(range(1, len(text))) - ({2} if len(text) == SHORT_HEADING else set())


def _lines(
    chars: list[str], widths: list[float], hard: list[bool], max_widths, heading: bool = False
) -> list[tuple[int, int, float]]:
    """(start, end, width) of each line: greedy, breaking only where the rules allow."""
    text = "".join(c if len(c) == 1 else "\0" for c in chars)
    glue = glued(text) | (heading_glue(text) if heading else set())
    out, start, i, used = [], 0, 0, 0.0
    max_width = max_widths[0]
    while i < len(chars):
        used += widths[i]
        i += 1
        if not (hard[i - 1] or used > max_width + _paragraph._FUZZ):
            continue
        end = i
        if not hard[i - 1]:
            end = max(i - 1, start + 1)  # the character that overflowed begins the next line ...
            while end - 1 > start and not _may_break_before(chars, end, glue):
                end -= 1  # ... or an earlier one, where breaking is allowed
            if end <= start + 1 and not _may_break_before(chars, end, glue):
                # nowhere to break: cut the run that is wider than the line, letting closing marks hang
                end = max(i - 1, start + 1)
                while end < len(chars) and chars[end] in NO_LINE_START:
                    end += 1
        out.append((start, end, sum(widths[start:end])))
        max_width = max_widths[min(len(out), len(max_widths) - 1)]
        start = i = end
        used = 0.0
    if start < len(chars):
        out.append((start, len(chars), sum(widths[start:])))
    return out


def _max_width(max_widths, n: int) -> float:
    return max_widths[min(n, len(max_widths) - 1)]


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
    widths = [_width(u, max_widths[0]) for u in units]
    hard = [hasattr(u.frag, "lineBreak") for u in units]
    heading = all(getattr(u.frag, "fontName", "") == fonts.HEADING for u in units)
    lines = []
    for n, (start, end, width) in enumerate(_lines(chars, widths, hard, max_widths, heading)):
        room = _max_width(max_widths, n)
        lines.append(
            _paragraph.makeCJKParaLine(units[start:end], room, width, room - width, hard[end - 1], calc_bounds)
        )
    return _paragraph.ParaLines(kind=1, lines=lines)


def word_split(text, max_widths, font_name, font_size, encoding="utf8"):
    """reportlab's ``wordSplit`` (one-font paragraphs) with the break rules above: [(extra space, line)]."""
    if isinstance(text, bytes):
        text = text.decode(encoding)
    if not isinstance(max_widths, (list, tuple)):
        max_widths = [max_widths]
    chars = list(text)
    widths = [stringWidth(c, font_name, font_size) for c in chars]
    out = []
    lines = _lines(chars, widths, [False] * len(chars), max_widths, font_name == fonts.HEADING)
    for n, (start, end, width) in enumerate(lines):
        out.append((_max_width(max_widths, n) - width, text[start:end]))
    return out


def install() -> None:
    """Make every CJK paragraph break lines by these rules."""
    _paragraph.cjkFragSplit = cjk_frag_split
    _paragraph.wordSplit = word_split
