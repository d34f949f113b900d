"""The page template of the 述职报告汇编 and the 备案材料清单: GB/T 9704 margins, a running head, “— n —”
counted from the first body page (the cover and the contents carry no number), and “演练” or “草稿”
across the page when it applies.  Not the results' furniture: these pages carry no data fingerprint.
"""

from __future__ import annotations

import io

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

from .. import fonts
from ..page import BOTTOM, LEFT, RIGHT, TOP


class MaterialsDocument(BaseDocTemplate):
    """A4 pages in three templates: ``cover`` and ``front`` (unnumbered), ``body`` (numbered from 1).

    ``anchors`` maps the ``anchor`` attribute of laid-out flowables to their page *number* (as printed).
    """

    def __init__(
        self,
        buffer,
        *,
        title: str,
        running: str,
        watermark: tuple[str, ...] = (),
        author: str = "",
        start: str = "cover",
    ):
        super().__init__(
            buffer,
            pagesize=A4,
            leftMargin=LEFT,
            rightMargin=RIGHT,
            topMargin=TOP,
            bottomMargin=BOTTOM,
            title=title,
            author=author or "Pingyi",
            creator="Pingyi 评议",
            invariant=1,
        )
        self.running, self.watermark, self.doc_title = running, watermark, title
        self.first_body_page: int | None = None
        self.anchors: dict[object, int] = {}
        frame = Frame(
            LEFT,
            BOTTOM,
            A4[0] - LEFT - RIGHT,
            A4[1] - TOP - BOTTOM,
            id="text",
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        templates = {"cover": self._cover, "front": self._front, "body": self._body}
        order = [start] + [name for name in templates if name != start]  # the first one starts the document
        self.addPageTemplates([PageTemplate(id=name, frames=[frame], onPage=templates[name]) for name in order])

    def page_number(self) -> int | None:
        """The printed number of the current page (None before the body starts)."""
        return None if self.first_body_page is None else self.page - self.first_body_page + 1

    def afterFlowable(self, flowable) -> None:
        anchor = getattr(flowable, "anchor", None)
        if anchor is not None and anchor not in self.anchors:
            self.anchors[anchor] = self.page_number()

    def _cover(self, canvas, doc) -> None:
        canvas.saveState()
        _watermark(canvas, self.watermark)
        canvas.restoreState()

    def _front(self, canvas, doc) -> None:
        canvas.saveState()
        _watermark(canvas, self.watermark)
        _running_head(canvas, f"{self.running}　{self.doc_title}")
        canvas.restoreState()

    def _body(self, canvas, doc) -> None:
        if self.first_body_page is None:
            self.first_body_page = self.page
        self._front(canvas, doc)
        canvas.saveState()
        canvas.setFont(fonts.BODY, 14)
        canvas.drawCentredString(A4[0] / 2, BOTTOM - 7 * mm - 14, f"— {self.page_number()} —")
        canvas.restoreState()


def _watermark(canvas, words: tuple[str, ...]) -> None:
    if not words:
        return
    size = 120 if len(words) == 1 else 96
    canvas.setFillColor(colors.Color(0.8, 0.1, 0.1), alpha=0.13)
    canvas.setFont(fonts.HEADING, size)
    canvas.translate(A4[0] / 2, A4[1] / 2)
    canvas.rotate(35)
    canvas.drawCentredString(0, -size / 3, "　".join(words))
    canvas.rotate(-35)
    canvas.translate(-A4[0] / 2, -A4[1] / 2)
    canvas.setFillColor(colors.black, alpha=1)


def _running_head(canvas, text: str) -> None:
    canvas.setFont(fonts.BODY, 9)
    canvas.setFillColor(colors.Color(0.35, 0.35, 0.35))
    canvas.drawString(LEFT, A4[1] - 20 * mm, text[:90])
    canvas.line(LEFT, A4[1] - 21.5 * mm, A4[0] - RIGHT, A4[1] - 21.5 * mm)
    canvas.setFillColor(colors.black)


def build(story_for, **kwargs) -> tuple[bytes, dict[object, int]]:
    """Lay ``story_for(anchors)`` out twice: the first pass finds each anchor's page number, the second prints
    them (in the contents).  The contents have as many lines either way, so the pages do not move."""
    anchors: dict[object, int] = {}
    for _ in range(3):
        buffer = io.BytesIO()
        doc = MaterialsDocument(buffer, **kwargs)
        doc.build(story_for(anchors))
        if doc.anchors == anchors:
            break
        anchors = doc.anchors
    return buffer.getvalue(), doc.anchors
