"""上年度问题 on the run screen: last year's problems of the reporter speaking now, with their
status, and last year's score, grade and rank — so the clerk and the chair see them while he reports."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from models import ledger
from models.ledger.carry import previous_results
from models.setup import get_reporter


class PreviousPanel(QLabel):
    """Hidden when nothing was carried over for this reporter."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setStyleSheet("background: #f3f0e6; border: 1px solid #d8d0b8; padding: 6px;")
        self.hide()

    def show_reporter(self, meeting, reporter_id: int | None) -> None:
        items = ledger.list_items(meeting, reporter_id, carried=True) if reporter_id is not None else []
        result = previous_results(meeting).get(reporter_id) if reporter_id is not None else None
        if not items and result is None:
            self.clear()
            self.hide()
            return
        lines = [f"<b>{self.tr('上年度问题')}</b>"]
        if result is not None:
            whose = "" if result.name == get_reporter(meeting, reporter_id).name else f"（{escape(result.name)}任内）"
            lines.append(
                self.tr("上年度：得分 {0}，等次 {1}，排名 {2}").format(result.score, result.grade, result.rank) + whose
            )
        for n, item in enumerate(items, start=1):
            colour = "#1e4620" if item.status.label == "已完成" else ("#b3261e" if item.overdue() else "#5c4a00")
            lines.append(
                f"{n}. {escape(item.problem)}　<span style='color:{colour}'>{escape(item.status_label())}</span>"
            )
        if not items:
            lines.append(self.tr("上年度没有转入的问题。"))
        self.setText("<br>".join(lines))
        self.show()
