"""唱票计票单: blank grids for counting by hand during 唱票, one sheet per category."""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Spacer

from models.documents.types import HandcountData, RosterLine
from models.labels import GRADE_LABELS

from ..page import SignatureBlock, grid_table, min_height, para, signed, title_block, widths
from ..page_furniture import build_pdf

ROW_HEIGHT = 10 * mm


def render_handcount(data: HandcountData) -> bytes:
    """The hand-count sheets as PDF bytes (one sheet per evaluator category)."""
    story = []
    categories = data.categories or (("", "（未设置测评人类别）", 0),)
    for index, category in enumerate(categories):
        if index:
            story.append(PageBreak())
        story += _sheet(data, category)
    return build_pdf(story, data)


def _sheet(data: HandcountData, category) -> list:
    code, name, issued = category
    label = f"{code}票　{name}" if code else name
    story = title_block(data.head, "唱票计票单")
    story.append(para(f"{label}　　发出 {issued} 张　　收回＿＿＿张　　有效＿＿＿张　　废票＿＿＿张", "note"))
    story.append(Spacer(1, 3 * mm))
    story.append(_grid(data, label))
    story.append(Spacer(1, 3 * mm))
    story.append(para("说明：唱票时在对应等次栏内以“正”字计数，唱票结束后填写合计并核对：各等次与弃权之和应等于有效票数。",
                      "note"))
    return signed(story, [Spacer(1, 6 * mm), SignatureBlock(("唱票人", "计票人", "监票人"))])


def _grid(data: HandcountData, label: str):
    items = data.items if len(data.items) > 1 else ("",)
    with_items = len(items) > 1
    head = ["序号", "姓名"] + (["测评项目"] if with_items else []) + [GRADE_LABELS[g] for g in GRADE_LABELS]
    head += ["弃权", "合计"]
    # the category heads the grid, so every continued page says whose ballots it counts
    rows = [[para(f"类别：{label}", "left")] + [""] * (len(head) - 1), [para(h, "head") for h in head]]
    spans = [("SPAN", (0, 0), (-1, 0)), ("BACKGROUND", (0, 0), (-1, 0), colors.white)]
    for reporter in data.reporters or (RosterLine(0, "", ""),):
        top = len(rows)
        for i, item in enumerate(items):
            row = [para(reporter.seq or "", "cell_c"), para(reporter.name, "cell_c")] if i == 0 else ["", ""]
            rows.append(row + ([para(item, "small_c")] if with_items else []) + [min_height(ROW_HEIGHT)] + [""] * 5)
        if with_items:
            spans += [("SPAN", (0, top), (0, len(rows) - 1)), ("SPAN", (1, top), (1, len(rows) - 1))]
    shares = [11, 18] + ([24, 21, 19, 16, 16, 13, 12] if with_items else [25, 22, 18, 18, 14, 12])
    return grid_table(rows, widths(shares), header_rows=2, extra_style=spans, split_in_row=False)
