"""整改台账: every ledger item of every reporter on landscape pages, overdue rows shaded."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from models.documents.ledger import LedgerData

from ..page import ALERT_FILL, fit_widths, grid_table, para, title_block
from ..page_furniture import build_pdf

#: 述职人 编号 来源 问题 整改措施 责任人 完成时限 状态 整改进展 完成日期 (mm)
COLUMNS = [26, 11, 18, 40, 34, 16, 24, 19, 33, 24]
HEAD = ["述职人", "编号", "问题来源", "问题", "整改措施", "责任人", "完成时限", "整改状态", "整改进展", "完成日期"]


def render_ledger(data: LedgerData) -> bytes:
    """The 整改台账 (landscape, all reporters) as PDF bytes."""
    story = title_block(data.head, "整改台账")
    counts = "，".join(f"{name} {n} 个" for name, n in data.counts)
    story += [
        para(
            f"截至{data.as_of_text}：{counts}。逾期（超过完成时限仍未完成）以底色标出；问题来源“上年度”"
            "指上年度述职评议会议提出、转入本年度台账继续跟踪的问题。",
            "note",
        ),
        Spacer(1, 2 * mm),
        _table(data),
    ]
    return build_pdf(story, data, orientation="landscape")


def _table(data: LedgerData):
    rows = [[para(h, "small_head") for h in HEAD]]
    shade = []
    for line in data.lines:
        who = f"{line.seq}. {line.reporter}" + (f"\n{line.unit}" if line.unit else "")
        cells = [
            who,
            line.no,
            line.source,
            line.problem,
            line.measure,
            line.owner,
            line.due,
            line.status,
            line.progress,
            line.done,
        ]
        rows.append([para(v, "small" if i in (0, 3, 4, 8) else "small_c") for i, v in enumerate(cells)])
        if line.overdue:
            shade.append(("BACKGROUND", (0, len(rows) - 1), (-1, len(rows) - 1), ALERT_FILL))
    if not data.lines:
        rows.append([para("（台账中尚无问题）", "small")] + [""] * (len(HEAD) - 1))
    return grid_table(rows, fit_widths(COLUMNS, "landscape", spread=True), extra_style=shade)
