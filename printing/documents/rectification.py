"""整改清单: one table per reporter, prefilled with the recorded problems, blank rows for the rest."""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Spacer

from models.documents.types import RectificationData, RectificationSheet

from ..page import SignatureBlock, fit_widths, grid_table, min_height, orientation_for, para, signed, title_block
from ..page_furniture import build_pdf

COLUMNS = [10, 44, 17, 44, 17, 19, 36]  # 序号 问题 来源 整改措施 责任人 完成时限 完成情况 (mm)
#: who signs the list: the reporter, his party organisation, and the organisation department that checks it
SIGNERS = ("述职人", "党组织负责人", "组织部门审核人")
ROW_HEIGHT = 11 * mm


def render_rectification(data: RectificationData, seq: int | None = None) -> bytes:
    """The rectification lists (each reporter on new pages) as PDF bytes."""
    orientation = orientation_for(COLUMNS)
    story = []
    for index, sheet in enumerate(data.sheets):
        if index:
            story.append(PageBreak())
        story += _sheet(data, sheet, orientation)
    if not data.sheets:
        story = title_block(data.head, "整改清单") + [para("尚未录入述职人。", "plain")]
    return build_pdf(story, data, orientation=orientation, seq=seq)


def _sheet(data: RectificationData, sheet: RectificationSheet, orientation: str) -> list:
    story = title_block(data.head, "整改清单")
    story += [_table(sheet, orientation)]
    story += [Spacer(1, 2 * mm),
              para("说明：问题来源分为自身查摆、上级点评、群众评议；完成情况由述职人所在党组织按时限填报。", "note")]
    return signed(story, [Spacer(1, 4 * mm), SignatureBlock(SIGNERS)])


def who_line(sheet: RectificationSheet) -> str:
    """The reporter the list belongs to; repeated over the table on every page of the list."""
    return f"单位：{sheet.unit or '—'}　　姓名：{sheet.name}　　职务：{sheet.title or '—'}"


def _table(sheet: RectificationSheet, orientation: str):
    head = ["序号", "问题", "问题来源", "整改措施", "责任人", "完成时限", "完成情况"]
    rows = [[para(who_line(sheet), "left")] + [""] * 6, [para(h, "small_head") for h in head]]
    for p in sheet.rows:
        cells = [p.no, p.text, p.source, p.measure, p.owner, p.deadline, p.status]  # status: from the 整改台账
        rows.append([para(v, "small" if i in (1, 3) else "small_c") for i, v in enumerate(cells)])
    for n in range(len(sheet.rows) + 1, len(sheet.rows) + sheet.blank_rows + 1):
        rows.append([para(n, "small_c"), min_height(ROW_HEIGHT)] + [""] * 5)
    banner = [("SPAN", (0, 0), (-1, 0)), ("BACKGROUND", (0, 0), (-1, 0), colors.white)]
    return grid_table(rows, fit_widths(COLUMNS, orientation, spread=True), header_rows=2, extra_style=banner)
