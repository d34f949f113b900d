"""整改落实情况通报 as of a date: the half-yearly circular, in official typography (GB/T 9704)."""

from __future__ import annotations

from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, KeepTogether, Paragraph, Spacer

from models.documents.ledger import ProgressData
from models.documents.types import DOCUMENT_NAMES

from ..page import fit_widths, grid_table, para, styles, table_heading
from ..page_furniture import build_pdf

ROW_COLUMNS = [11, 20, 32, 14, 14, 20, 24, 21]  # 序号 述职人 单位 问题数 已完成 正在整改 逾期未完成 完成率 (mm)
OVERDUE_COLUMNS = [10, 24, 39, 31, 16, 36]  # 序号 述职人 问题 完成时限 责任人 最新进展 (mm)


def render_progress(data: ProgressData) -> bytes:
    """The circular as PDF bytes."""
    title = data.head.meeting_title or "述职评议会议"
    story = [
        para(f"关于{title}问题{DOCUMENT_NAMES['progress']}", "title"),
        para(f"（截至{data.as_of_text}）", "subtitle"),
        para("各基层党组织：", "plain"),
    ]
    story += [para(f"按照述职评议工作要求，现将{title}提出问题的整改落实情况通报如下。")]
    story += [para("一、总体情况", "h1"), para(data.summary)]
    story += [*table_heading("二、各述职人整改情况"), _rows_table(data), Spacer(1, 2 * mm)]
    story += [para("说明：已完成指在通报日期前完成整改；逾期未完成指超过完成时限仍未完成；其余为正在整改。", "note")]
    story += [*table_heading("三、逾期未完成的问题")]
    story += [_overdue_table(data)] if data.overdue else [para("截至通报日期，没有逾期未完成的问题。")]
    story += [Spacer(1, 3 * mm), para("四、下一步要求", "h1"), para(_demand(data))]
    story += [Spacer(1, 10 * mm), CondPageBreak(40 * mm), KeepTogether(_signature(data))]
    return build_pdf(story, data)


def _rows_table(data: ProgressData):
    head = ["序号", "述职人", "单位", "问题数", "已完成", "正在整改", "逾期未完成", "完成率"]
    rows = [[para(h, "small_head") for h in head]]
    for r in data.rows + (data.total,):
        cells = [r.seq or "", r.reporter, r.unit, r.total, r.done, r.doing, r.overdue, r.rate]
        rows.append([para(v, "small" if i == 2 else "small_c") for i, v in enumerate(cells)])
    return grid_table(rows, fit_widths(ROW_COLUMNS, "portrait", spread=True))


def _overdue_table(data: ProgressData):
    head = ["序号", "述职人", "问题", "完成时限", "责任人", "最新进展"]
    rows = [[para(h, "small_head") for h in head]]
    for n, line in enumerate(data.overdue, start=1):
        cells = [
            n,
            f"{line.reporter}\n{line.unit}" if line.unit else line.reporter,
            f"{line.problem}\n（{line.source}）",
            line.due,
            line.owner or "—",
            line.latest,
        ]
        rows.append([para(v, "small" if i in (1, 2, 5) else "small_c") for i, v in enumerate(cells)])
    return grid_table(rows, fit_widths(OVERDUE_COLUMNS, "portrait", spread=True))


def _demand(data: ProgressData) -> str:
    who = data.head.organiser or "上级党组织"
    return (
        "各基层党组织书记要切实履行抓基层党建第一责任人职责，对逾期未完成的问题逐项分析原因、明确新的时限，"
        "限期整改到位；对已完成整改的问题要巩固成果、防止反弹，坚决防止“年年述、年年改、年年在”。"
        f"{who}将每半年通报一次整改落实情况，整改情况作为下一年度述职评议的重要内容。"
    )


def _signature(data: ProgressData) -> list:
    right = ParagraphStyle("sign", parent=styles()["plain"], alignment=TA_RIGHT, rightIndent=8 * mm)
    return [Paragraph(escape(data.head.organiser or "（党组织名称）"), right), Paragraph(data.as_of_text, right)]
