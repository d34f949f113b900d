"""禁则: no closing mark at a line start, no opening mark at a line end, dates and numbers unbroken."""

from __future__ import annotations

import re

import pytest
from hypothesis import event, example, given, settings
from hypothesis import strategies as st
from reportlab.pdfbase.pdfmetrics import stringWidth

from printing import fonts
from printing.line_breaking import NO_LINE_END, NO_LINE_START
from printing.page import para

TEXTS = [
    "请于2027年3月31日前将整改落实情况书面报送中共青山县委组织部，并抄送“三会一课”督查组（联系人：王明）。",
    "（一）要进一步压实“第一责任人”职责，《党支部工作条例》执行不到位；差票率12.50%，超过10%。",
    "述职报告对照年初责任清单逐项说明了落实情况，“三会一课”记录不全，党员教育管理不够规范！（来源：上级点评）",
]


def lines_of(text: str, width: float, style: str = "body") -> list[str]:
    p = para(text, style)
    p.wrap(width, 10_000)
    if p.blPara.kind == 0:  # one font: (extra space, [text]) per line
        return ["".join(words) for _, words in p.blPara.lines]
    return ["".join(w.text for w in line.words) for line in p.blPara.lines]


def check_lines(lines: list[str], width: float = 1e9, size: float = 16) -> None:
    assert lines
    for i, line in enumerate(lines):
        if i:
            assert line[0] not in NO_LINE_START, f"line {i + 1} starts with {line[0]!r}: {lines}"
        if i < len(lines) - 1:
            assert line[-1] not in NO_LINE_END, f"line {i + 1} ends with {line[-1]!r}: {lines}"
    joined = "\n".join(lines)
    text = "".join(lines)
    for match in re.finditer(r"[“‘《〈「『【（〔［｛]*(\d{4}年\d{1,2}月\d{1,2}日|\d+(?:\.\d+)?%)", text):
        run = match.group(1)
        if stringWidth(match.group(0), fonts.BODY, size) > width:
            continue  # a run (with the opening marks that cling to it) wider than the line has to be cut
        assert run in joined, f"{run} is broken across lines: {lines}"


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("width", range(120, 460, 7))
def test_every_width_keeps_the_rules(text, width):
    check_lines(lines_of(text, width), width, 16)
    check_lines(lines_of(text, width / 2, "small"), width / 2, 10.5)


MARKS = "，。、；：？！”’》）【（“‘《"


def test_random_text_keeps_the_rules():
    seen: set[str] = set()

    @settings(max_examples=150, deadline=None)
    @given(
        st.lists(
            st.sampled_from(list("党建工作述职评议会整改落实") + list(MARKS) + ["2027年3月31日", "12.50%"]),
            min_size=5,
            max_size=60,
        ),
        st.integers(min_value=60, max_value=300),
    )
    @example(["党"] * 9 + ["，"] + ["建"] * 20, 16 * 9 + 1)  # a comma where the line is full
    @example(["党"] * 8 + ["“", "三"] + ["建"] * 20, 12 * 9 + 1)  # an opening quote where the line is full
    @example(["党"] * 6 + ["2027年3月31日"] + ["建"] * 20, 140)  # a date across the line end
    def check(pieces, width):
        text = "".join(pieces)
        lines = lines_of(text, width, "cell")
        check_lines(lines, width, 12)
        assert "".join(lines) == text, "no character lost or added"
        if len(lines) > 1:
            starts = [line[0] for line in lines[1:]]
            ends = [line[-1] for line in lines[:-1]]
            kind = "wrapped beside marks" if set(starts + ends) & set(MARKS) else "wrapped"
            event(kind)
            seen.add("wrapped")
            if "2027年3月31日" in "\n".join(lines):
                seen.add("date kept whole on a wrapped line")
            if any(m in text for m in MARKS):
                seen.add("marks in wrapped text")

    check()
    assert {"wrapped", "date kept whole on a wrapped line", "marks in wrapped text"} <= seen


def test_both_reportlab_paths_are_ours():
    """One-font paragraphs take reportlab's ``wordSplit``, mixed ones ``cjkFragSplit``: both are replaced."""
    from reportlab.platypus import paragraph

    from printing import line_breaking

    para("x")  # the stylesheet installs the rules
    assert paragraph.cjkFragSplit is line_breaking.cjk_frag_split
    assert paragraph.wordSplit is line_breaking.word_split
    assert lines_of("请于2027年3月31日前报送", 16 * 8) == ["请于", "2027年3月31日", "前报送"]


@pytest.mark.parametrize("kind", ["tally", "ranking", "handcount", "feedback", "rectification", "agenda"])
def test_short_table_headings_never_break_inside_a_word(final_path, kind):
    import io

    import pdfplumber

    from models.documents import document_data
    from models.meeting import Meeting
    from printing.documents import render_document

    with Meeting.open(final_path) as meeting:
        pdf = render_document(document_data(meeting, kind, 1 if kind in ("feedback", "rectification") else None))
    seen = 0
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for page in doc.pages:
            for table in page.extract_tables():
                for row in table[:2]:
                    for cell in row:
                        text = (cell or "").replace(" ", "")
                        if 2 <= len(text.replace("\n", "")) <= 4:
                            seen += 1
                            parts = text.split("\n")
                            assert len(parts) == 1 or [len(p) for p in parts] == [2, 2], f"{kind}: {text!r}"
    assert seen, "headings were checked"
