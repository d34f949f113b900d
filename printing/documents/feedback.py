"""述职评议反馈意见: one sheet per reporter with the evaluation, comments, problems and the rectification demand."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Spacer

from models.documents.types import FeedbackData, FeedbackSheet

from ..page import SealSpace, chinese_number, fit_widths, grid_table, para, signed, title_block
from ..page_furniture import build_pdf


def render_feedback(data: FeedbackData, seq: int | None = None) -> bytes:
    """The feedback sheets (each reporter starts on a new page) as PDF bytes."""
    story = []
    for index, sheet in enumerate(data.sheets):
        if index:
            story.append(PageBreak())
        story += _sheet(data, sheet)
    if not data.sheets:
        story = title_block(data.head, "述职评议反馈意见") + [para("无。", "plain")]
    return build_pdf(story, data, seq=seq)


def _sheet(data: FeedbackData, sheet: FeedbackSheet) -> list:
    who = "　".join(x for x in (sheet.unit, sheet.title) if x)
    story = title_block(data.head, "述职评议反馈意见")
    story.append(para(f"{sheet.name}同志{f'（{who}）' if who else ''}：", "plain"))
    story.append(para(f"根据{data.head.meeting_title or '本次述职评议会'}安排，你以{sheet.mode}方式进行了述职。"
                      "现将评议情况反馈如下，请认真对照，抓好整改。"))
    story += [para("一、测评情况", "h1"), _counts_table(sheet), Spacer(1, 2 * mm)]
    story += [para(line) for line in _result_lines(sheet)]
    story += [para(f"{sheet.previous}。")] if sheet.previous else []  # 历年对比
    story += [para("二、会议点评意见", "h1")] + _comments(sheet)
    story += [para("三、存在的主要问题", "h1")] + _problems(sheet)
    if sheet.previous_items:  # 整改台账 carried over from last year's meeting
        story += [para("四、上年度问题整改情况", "h1")]
        story += [para(f"{n}. {line}") for n, line in enumerate(sheet.previous_items, start=1)]
    story += [para(f"{'五' if sheet.previous_items else '四'}、整改要求", "h1"), para(_demand(data))]
    return signed(story, [Spacer(1, 8 * mm), SealSpace(data.head.organiser, data.issued_on)])


def _counts_table(sheet: FeedbackSheet):
    head = ["有效票"] + [g.label for g in sheet.counts] + ["弃权"]
    counts = [sheet.valid] + [g.count for g in sheet.counts] + [sheet.abstain]
    shares = ["—"] + [g.share for g in sheet.counts] + ["—"]
    rows = [[para(h, "head") for h in head], [para(n, "cell_c") for n in counts],
            [para(s, "cell_c") for s in shares]]
    return grid_table(rows, fit_widths([22] * len(head), "portrait", spread=True))


def _result_lines(sheet: FeedbackSheet) -> list[str]:
    scores = f"测评得分 {sheet.onsite}"
    if sheet.combined != sheet.onsite:
        scores += f"，综合得分 {sheet.combined}" + (f"（{sheet.composition}）" if sheet.composition else "")
    if sheet.rank is not None:
        scores += f"，排名第 {sheet.rank} 位"
    lines = [f"{scores}；拟定等次为“{sheet.proposed}”，经研究，确定等次为“{sheet.final}”。"]
    if sheet.rule_applied:  # the 差票 rule as applied
        lines.append(f"拟定为差的依据：{sheet.rule_applied}。")
    if sheet.flag_reason:
        lines.append(f"定性为差的理由：{sheet.flag_reason}")
    if sheet.override_reason:
        lines.append(f"等次调整的理由：{sheet.override_reason}")
    if sheet.outcome:  # 结果运用
        lines.append(sheet.outcome)
    return lines


def _comments(sheet: FeedbackSheet) -> list:
    if not sheet.comments:
        return [para("无。")]
    return [para(f"（{chinese_number(i + 1)}）{c.commenter}：{c.text}")
            for i, c in enumerate(sheet.comments)]


def _problems(sheet: FeedbackSheet) -> list:
    if not sheet.problems:
        return [para("无。")]
    return [para(f"{p.no}. {p.text}（来源：{p.source}）") for p in sheet.problems]


def _demand(data: FeedbackData) -> str:
    to = data.head.organiser or "上级党组织"
    return ("请针对上述问题，认真制定整改措施，明确责任人和完成时限，逐项抓好整改落实，"
            f"并于＿＿＿＿年＿＿月＿＿日前将整改落实情况书面报送{to}。")
