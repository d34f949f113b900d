"""述职报告汇编: a cover (meeting, organiser, date), the contents with page numbers, then each reporter
from a new page — the report's title (22 pt), unit, post and name, the body (16 pt, two-character
indent) and the self-evaluation — with “— n —” page numbers counted from the first report."""

from __future__ import annotations

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, NextPageTemplate, PageBreak, Spacer

from models.materials.booklet import BookletData, BookletPart, joined_post

from .. import fonts
from ..page import BODY_PT, TITLE_PT, chinese_number, para, styles
from .booklet_page import build

BOOKLET_TITLE = "述职报告汇编"
LINE = BODY_PT * 1.75


def render_booklet(data: BookletData, seq: int | None = None) -> bytes:
    """The 汇编 as PDF bytes (``seq`` is accepted for the common ``render_document`` call and ignored)."""
    return booklet_pdf(data)[0]


def booklet_pdf(data: BookletData) -> tuple[bytes, dict[int, int]]:
    """(PDF bytes, 序号 → the page number printed in the contents and on the reporter's first page)."""
    watermark = (("演练",) if data.rehearsal else ()) + (("草稿",) if data.draft else ())
    running = "　".join(x for x in (data.meeting_title, data.date_text) if x)
    return build(
        lambda anchors: _story(data, anchors),
        title=BOOKLET_TITLE,
        running=running,
        watermark=watermark,
        author=data.organiser,
        start="cover",
    )


def _story(data: BookletData, pages: dict) -> list:
    story = _cover(data) + [NextPageTemplate("front"), PageBreak()] + _contents(data, pages)
    parts = [p for p in data.parts if p.submitted]
    if parts:
        story += [NextPageTemplate("body"), PageBreak()]
    for index, part in enumerate(parts):
        if index:
            story.append(PageBreak())
        story += _part(part)
    return story


def _style(name: str, font: str, size: float, leading: float, **kw) -> ParagraphStyle:
    return ParagraphStyle(
        name, parent=styles()["plain"], fontName=font, fontSize=size, leading=leading, alignment=TA_CENTER, **kw
    )


def _cover(data: BookletData) -> list:
    big = _style("cover_big", fonts.HEADING, 36, 50)
    name = _style("cover_name", fonts.HEADING, TITLE_PT, TITLE_PT * 1.5)
    foot = _style("cover_foot", fonts.BODY, BODY_PT, LINE)
    story = [
        Spacer(1, 45 * mm),
        _para(data.meeting_title or "述职评议会", name),
        Spacer(1, 14 * mm),
        _para(BOOKLET_TITLE, big),
        Spacer(1, 95 * mm),
    ]
    story += [_para(x, foot) for x in (data.organiser, data.date_text) if x]
    return story


def _contents(data: BookletData, pages: dict) -> list:
    story = [para("目　　录", "title"), Spacer(1, 4 * mm)]
    for n, part in enumerate(data.parts, start=1):
        label = f"{chinese_number(n)}、{part.name}　{joined_post(part.unit, part.title)}"
        if part.mode == "书面述职":
            label += "（书面述职）"
        number = str(pages.get(part.seq, "")) if part.submitted else "未提交"
        story.append(ContentsLine(label, number, dotted=part.submitted))
    return story


def _part(part: BookletPart) -> list:
    heading = para(part.heading, "title")
    heading.anchor = part.seq
    who = _style("who", fonts.BODY, BODY_PT, LINE, spaceAfter=4 * mm)
    story = [heading, _para(part.who, who)]
    story += [para(text, "body") for text in part.report] or [para("（未提交述职报告）", "plain")]
    if part.self_eval:
        story += [
            CondPageBreak(5 * LINE),
            Spacer(1, LINE / 2),
            _para("自我评价", _style("se", fonts.HEADING, BODY_PT, LINE, spaceAfter=2 * mm)),
        ]
        story += [para(text, "body") for text in part.self_eval]
    return story


def _para(text: str, style: ParagraphStyle):
    from xml.sax.saxutils import escape

    from reportlab.platypus import Paragraph

    return Paragraph(escape(text), style)


class ContentsLine(Flowable):
    """“一、张三　青山镇党委书记 ·········· 3”: the label at the left, the page number at the right."""

    def __init__(self, label: str, number: str, *, dotted: bool = True):
        super().__init__()
        self.label, self.number, self.dotted = label, number, dotted

    def wrap(self, avail_width, avail_height):
        self.width, self.height = avail_width, LINE
        return self.width, self.height

    def draw(self):
        canvas = self.canv
        canvas.setFont(fonts.BODY, BODY_PT)
        number_width = canvas.stringWidth(self.number, fonts.BODY, BODY_PT)
        room = self.width - number_width - 3 * BODY_PT
        label = self.label
        while canvas.stringWidth(label, fonts.BODY, BODY_PT) > room and len(label) > 1:
            label = label[:-2] + "…"
        y = (LINE - BODY_PT) / 2 + 2
        canvas.drawString(0, y, label)
        canvas.drawRightString(self.width, y, self.number)
        if self.dotted:
            start = canvas.stringWidth(label, fonts.BODY, BODY_PT) + 6
            dots = "·" * max(
                0, int((self.width - number_width - 6 - start) / canvas.stringWidth("·", fonts.BODY, BODY_PT))
            )
            canvas.drawRightString(self.width - number_width - 6, y, dots)
