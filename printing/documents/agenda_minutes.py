"""会议议程 and 会议记录: the agenda in speaking order; the minutes with times, comments and problems."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from models.documents.types import AgendaData, MinutesData, MinutesSection

from ..page import SignatureBlock, chinese_number, fit_widths, grid_table, para, signed, title_block
from ..page_furniture import build_pdf


def render_agenda(data: AgendaData) -> bytes:
    """The agenda as PDF bytes."""
    story = title_block(data.head, "会议议程")
    facts = "　".join(x for x in (data.head.date_text, data.head.venue) if x)
    if facts:
        story.append(para(f"时间、地点：{facts}　　主持人：{data.head.chair or '—'}", "note"))
        story.append(Spacer(1, 3 * mm))
    head = ["序号", "议程", "述职人 / 发言人", "时限", "开始", "结束", "用时"]
    rows = [[para(h, "small_head") for h in head]]
    for line in data.rows:
        cells = [line.no, line.title, line.speaker, line.planned, line.start, line.end, line.duration]
        rows.append([para(v, "small" if i in (1, 2) else "small_c") for i, v in enumerate(cells)])
    if not data.rows:
        rows.append([para("无", "small")] + [""] * 6)
    story.append(grid_table(rows, fit_widths([10, 35, 40, 15, 13, 13, 27], "portrait", spread=True)))
    if data.note:
        story += [Spacer(1, 2 * mm), para(f"说明：{data.note}", "note")]
    return build_pdf(story, data)


def render_minutes(data: MinutesData) -> bytes:
    """The minutes as PDF bytes; the recorder and reviewer sign with dates, kept with the last section."""
    story = title_block(data.head, "会议记录")
    rows = [[para(k, "head"), para(v, "cell")] for k, v in data.facts]
    story += [grid_table(rows, fit_widths([28, 128], "portrait"), header_rows=0), Spacer(1, 4 * mm)]
    if data.note:
        story.append(para(data.note))
    for index, section in enumerate(data.sections):
        story += _section(index, section)
    story = signed(story, [Spacer(1, 10 * mm), SignatureBlock(("记录人", "审核人"), per_row=2)])
    return build_pdf(story, data)


def _number(index: int) -> str:
    return chinese_number(index + 1)


def _section(index: int, section: MinutesSection) -> list:
    title = f"{_number(index)}、{section.heading}"
    out = [para(title + (f"　{section.times}" if section.times else ""), "h1")]
    if section.speaker:
        out.append(para(section.speaker, "plain"))
    out += _notes(section.comments, section.problems)
    for notes in section.by_reporter:
        out.append(para(f"{notes.name}：", "plain"))
        out += _notes(notes.comments, notes.problems)
    return out


def _notes(comments, problems) -> list:
    out = [para(f"{c.commenter}：{c.text}" if c.commenter else c.text) for c in comments]
    return out + [para(f"问题{p.no}：{p.text}（{p.source}）") for p in problems]
