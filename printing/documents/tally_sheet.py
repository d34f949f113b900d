"""计票汇总表: ballots per category and their verdict, every reporter's counts, shares and score, signatures."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from models.documents.types import TallySheetData
from models.labels import GRADE_LABELS

from ..page import (
    ALERT_FILL,
    SignatureBlock,
    chinese_number,
    fit_widths,
    grid_table,
    orientation_for,
    para,
    signed,
    table_heading,
    title_block,
)
from ..page_furniture import build_pdf

SIGNERS = ("计票人", "监票人", "主持人")


def _result_columns(data: TallySheetData) -> list[float]:
    """Minimum widths (mm): 序号 姓名 单位, 4 × (票数 占比), 弃权 有效 测评得分 [综合得分] 差票率 备注."""
    # on one line each: a share “100.00%”, a score “100.00”, a note “书面述职” (10.5 pt)
    return [10, 14.5, 21] + [10, 17.2] * 4 + [10, 13.5, 15] + ([15] if data.show_combined else []) + [18, 16.7]


def render_tally_sheet(data: TallySheetData) -> bytes:
    """The tally sheet as PDF bytes (landscape when its columns need it)."""
    orientation = orientation_for(_result_columns(data))
    story = title_block(data.head, "计票汇总表")
    story += [*table_heading("一、测评票数"), _category_table(data, orientation), Spacer(1, 2 * mm)]
    story += [para(f"结论：{data.verdict}{data.reconciliation}", "note")]
    story += [para(f"待处理事项：{p}", "note") for p in data.problems]
    story += [para(f"提示：{w}", "note") for w in data.warnings]
    story += [*table_heading("二、测评结果（按测评表顺序）"), _result_table(data, orientation), Spacer(1, 2 * mm)]
    story += [para(f"说明：{data.rules_note}比例为占有效票的百分比；底色标出{data.limit_head}超限者。", "note")]
    number = 3
    if data.scores and data.categories:
        story += [*table_heading(f"{chinese_number(number)}、分类别得分与综合得分"), _score_table(data, orientation),
                  Spacer(1, 2 * mm), para(f"计算方法：{data.score_note}", "note")]
        number += 1
    if data.sub_items:
        story += [*table_heading(f"{chinese_number(number)}、分项测评情况"), _sub_item_table(data, orientation)]
    story = signed(story, [Spacer(1, 8 * mm), SignatureBlock(SIGNERS)])
    return build_pdf(story, data, orientation=orientation)


def _category_table(data: TallySheetData, orientation: str):
    head = ["类别", "测评人类别", "权重", "发出票数", "收回票数", "废票", "有效票", "结论"]
    rows = [[para(h, "small_head") for h in head]]
    for c in data.categories:
        cells = [f"{c.code}票", c.name, c.weight, c.issued, c.returned, c.void, c.valid, c.verdict]
        rows.append([para(v, "small" if i == 1 else "small_c") for i, v in enumerate(cells)])
    if not data.categories:
        rows.append([para("（未设置测评人类别）", "small")] + [""] * 7)
    else:
        c = data.categories
        totals = [sum(x.issued for x in c), sum(x.returned for x in c), sum(x.void for x in c), sum(x.valid for x in c)]
        rows.append([para("合计", "small_head"), "", ""] + [para(n, "small_c") for n in totals] + [""])
    alerts = [("BACKGROUND", (0, i), (-1, i), ALERT_FILL) for i, c in enumerate(data.categories, start=1)
              if c.returned > c.issued]
    spans = [("SPAN", (0, len(rows) - 1), (2, len(rows) - 1))] if data.categories else []
    return grid_table(rows, fit_widths([14, 40, 14, 20, 20, 16, 18, 30], orientation), extra_style=alerts + spans)


def _score_table(data: TallySheetData, orientation: str):
    """Per reporter the score of each category (with its weight), the 测评得分, the components, 综合得分."""
    cats = [f"{c.code}票（权重 {c.weight}）" for c in data.categories]
    combined = ["综合得分"] if data.component_heads else []
    head = ["序号", "姓名", *cats, "测评得分", *data.component_heads, *combined]
    rows = [[para(h, "small_head") for h in head]]
    for line in data.scores:
        cells = [line.seq, line.name, *line.scores, line.onsite, *line.components]
        cells += [line.combined] if data.component_heads else []
        rows.append([para(v, "small_c") for v in cells])
    mins = [9, 18] + [24] * len(cats) + [18] + [24] * len(data.component_heads) + [18] * len(combined)
    return grid_table(rows, fit_widths(mins, orientation, spread=True))


def _result_table(data: TallySheetData, orientation: str):
    grades = list(GRADE_LABELS.values())
    tail = ["弃权", "有效票", "测评得分"] + (["综合得分"] if data.show_combined else []) + [data.limit_head, "备注"]
    top = ["序号", "姓名", "单位"] + [x for g in grades for x in (g, "")] + tail
    second = ["", "", ""] + ["票数", "比例"] * 4 + [""] * len(tail)
    rows = [[para(h, "small_head") for h in top], [para(h, "small_head") for h in second]]
    for line in data.rows:
        cells = [line.seq, line.name, line.unit]
        cells += [x for n, share in zip(line.counts, line.shares, strict=True) for x in (n, share)]
        cells += [line.abstain, line.valid, line.onsite] + ([line.combined] if data.show_combined else [])
        cells += [line.poor_rate, line.notes]
        rows.append([para(v, "small" if i in (2, len(cells) - 1) else "small_c") for i, v in enumerate(cells)])
    if not data.rows:
        rows.append([para("（尚未录入述职人）", "small")] + [""] * (len(top) - 1))
    return grid_table(rows, fit_widths(_result_columns(data), orientation), header_rows=2,
                      extra_style=_result_style(data, len(top)))


def _result_style(data: TallySheetData, columns: int) -> list:
    spans = [("SPAN", (c, 0), (c, 1)) for c in (0, 1, 2)]
    spans += [("SPAN", (3 + 2 * g, 0), (4 + 2 * g, 0)) for g in range(4)]
    spans += [("SPAN", (c, 0), (c, 1)) for c in range(11, columns)]
    alerts = [("BACKGROUND", (0, i), (-1, i), ALERT_FILL) for i, line in enumerate(data.rows, start=2)
              if line.poor_exceeded]
    return spans + alerts


def _sub_item_table(data: TallySheetData, orientation: str):
    head = ["序号", "姓名", "测评项目"] + list(GRADE_LABELS.values()) + ["弃权", "合计"]
    rows = [[para(h, "small_head") for h in head]]
    previous = None
    for line in data.sub_items:
        first = line.seq != previous
        previous = line.seq
        cells = [line.seq if first else "", line.name if first else "", line.item, *line.counts, line.abstain,
                 sum(line.counts) + line.abstain]
        rows.append([para(v, "small" if i == 2 else "small_c") for i, v in enumerate(cells)])
    return grid_table(rows, fit_widths([12, 24, 40, 18, 18, 18, 18, 18, 18], orientation, spread=True))
