"""排名表: rank (并列 marked), scores, proposed and final grade with reasons, and the grade distribution."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from models.documents.types import RankingData

from ..page import (
    SignatureBlock,
    fit_widths,
    grid_table,
    orientation_for,
    para,
    signed,
    table_heading,
    title_block,
)
from ..page_furniture import build_pdf

#: the ranking is approved before the grades are announced
APPROVERS = ("审核人", "负责人")


def _columns(data: RankingData) -> list[float]:
    """Minimum widths (mm): 名次 序号 姓名 单位 测评得分 [综合得分] 拟定等次 确定等次 备注."""
    previous = [30] if data.show_previous else []  # 上年度 得分 / 等次 / 名次 (历年对比)
    return [13, 10, 18, 30, 16] + ([16] if data.show_combined else []) + [13, 13] + previous + [25]


def render_ranking(data: RankingData) -> bytes:
    """The ranking as PDF bytes."""
    orientation = orientation_for(_columns(data))
    story = title_block(data.head, "排名表")
    story += [_rank_table(data, orientation), Spacer(1, 5 * mm)]
    story += [*table_heading("等次分布"), _distribution_table(data, orientation), Spacer(1, 2 * mm)]
    story += [para(data.summary, "note")]
    story += [para("说明：按综合得分从高到低排列；得分相同的，好票多者在前，再相同的差票少者在前，仍相同的并列。"
                   "确定等次由党委（党组）研究确定。", "note")]
    story += _outcomes(data)
    story = signed(story, [Spacer(1, 8 * mm), SignatureBlock(APPROVERS, per_row=2)])
    return build_pdf(story, data, orientation=orientation)


def _outcomes(data: RankingData) -> list:
    """结果运用: who may not be rated 优秀 and who is to be 约谈提醒 (once finalised)."""
    if not data.outcomes:
        return []
    story = [*table_heading("结果运用")]
    story += [para(f"{k}. {what}：{who}。", "plain") for k, (what, who) in enumerate(data.outcomes, start=1)]
    return story


def _rank_table(data: RankingData, orientation: str):
    head = ["名次", "序号", "姓名", "单位", "测评得分"] + (["综合得分"] if data.show_combined else [])
    head += ["拟定等次", "确定等次"] + (["上年度\n得分/等次/名次"] if data.show_previous else []) + ["备注"]
    rows = [[para(h, "small_head") for h in head]]
    for line in data.rows:
        rank = f"{line.rank}\n并列" if line.tied else line.rank
        cells = [rank, line.seq, line.name, line.unit, line.onsite] + ([line.combined] if data.show_combined else [])
        cells += [line.proposed, line.final] + ([line.previous or "—"] if data.show_previous else []) + [line.notes]
        rows.append([para(v, "small" if i in (3, len(cells) - 1) else "small_c") for i, v in enumerate(cells)])
    if not data.rows:
        rows.append([para("（尚未录入述职人）", "small")] + [""] * (len(head) - 1))
    return grid_table(rows, fit_widths(_columns(data), orientation))


def _distribution_table(data: RankingData, orientation: str):
    labels = [g.label for g in data.distribution] + ["合计"]
    total = sum(g.count for g in data.distribution)
    rows = [[para("等次", "small_head")] + [para(x, "small_head") for x in labels],
            [para("人数", "small_c")] + [para(g.count, "small_c") for g in data.distribution] + [para(total, "small_c")],
            [para("占比", "small_c")] + [para(g.share, "small_c") for g in data.distribution]
            + [para("100%" if total else "—", "small_c")]]
    return grid_table(rows, fit_widths([18] + [22] * len(labels), orientation, spread=True))
