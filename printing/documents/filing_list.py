"""备案材料清单: the meeting, its date and the 备案 deadline, then each required item with 齐全 / 缺 and what
it holds, and — when the clerk filed with items missing — the recorded reason."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from models.materials.filing_list import FilingChecklist

from ..page import ALERT_FILL, SignatureBlock, fit_widths, grid_table, para
from .booklet_page import build

TITLE = "备案材料清单"


def render_filing_list(data: FilingChecklist, seq: int | None = None) -> bytes:
    """The checklist as PDF bytes (one page for the usual seven items)."""
    watermark = (("演练",) if data.rehearsal else ()) + (() if data.official else ("草稿",))
    running = "　".join(x for x in (data.meeting_title, data.meeting_date) if x)
    return build(
        lambda _pages: _story(data),
        title=TITLE,
        running=running,
        watermark=watermark,
        author=data.organiser,
        start="body",
    )[0]


def _story(data: FilingChecklist) -> list:
    deadline = data.deadline or "（会议日期未填写或格式不是 YYYY-MM-DD，无法计算）"
    story = [para(TITLE, "title"), para(data.meeting_title or "述职评议会", "subtitle")]
    story += [
        para(f"会议日期：{data.meeting_date or '（未填写）'}", "plain"),
        para(f"备案期限：{deadline}（会后 7 日内报上级党组织备案）", "plain"),
        para(f"报送单位：{data.organiser or '（未填写）'}", "plain"),
        Spacer(1, 4 * mm),
    ]
    rows = [[para(h, "head") for h in ("序号", "备案材料", "情况", "说明")]]
    alerts = []
    for n, item in enumerate(data.items, start=1):
        rows.append(
            [
                para(n, "cell_c"),
                para(item.name, "cell"),
                para("齐全" if item.present else "缺", "cell_c"),
                para(item.detail, "cell"),
            ]
        )
        if not item.present:
            alerts.append(("BACKGROUND", (2, n), (2, n), ALERT_FILL))
    story.append(grid_table(rows, fit_widths([12, 62, 16, 60], "portrait", spread=True), extra_style=alerts))
    missing = data.missing
    story.append(Spacer(1, 4 * mm))
    if not missing:
        story.append(para("以上材料齐全。", "plain"))
    elif data.reason:
        story.append(para(f"缺 {len(missing)} 项，经办人说明的理由：{data.reason}", "plain"))
    else:
        story.append(para(f"缺 {len(missing)} 项，请补齐后再报送备案。", "plain"))
    story += [Spacer(1, 8 * mm), SignatureBlock(("经办人", "审核人"), per_row=2)]
    return story
