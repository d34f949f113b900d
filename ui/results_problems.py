"""The problems panel: what blocks 定稿 (red) and what to look at (amber), each saying what to do."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from models.counting import Tally

BLOCKING = QColor("#b3261e")
WARNING = QColor("#8a5a00")
FINE = QColor("#2e7d32")


class ProblemsPanel(QWidget):
    """Lists ``tally.blocking`` then ``tally.warnings``; says plainly when nothing is in the way."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.heading = QLabel(self)
        self.heading.setWordWrap(True)
        self.list = QListWidget(self)
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.list, 1)

    def set_tally(self, tally: Tally) -> None:
        self.list.clear()
        for problem in tally.blocking:
            self._add("✕ 阻止定稿：" + problem.text, BLOCKING)
        for warning in tally.warnings:
            self._add("！ 请注意：" + warning, WARNING)
        if tally.finalized:
            self.heading.setText(self.tr("会议已定稿，结果已锁定。"))
        elif tally.blocking:
            self.heading.setText(self.tr("有 {0} 项待处理事项阻止定稿，请逐项处理：").format(len(tally.blocking)))
        else:
            self.heading.setText(self.tr("没有阻止定稿的待处理事项。"))
        color = BLOCKING if tally.blocking and not tally.finalized else FINE
        self.heading.setStyleSheet(f"color: {color.name()}; font-weight: bold;")

    def texts(self) -> list[str]:
        return [self.list.item(i).text() for i in range(self.list.count())]

    def _add(self, text: str, color: QColor) -> None:
        item = QListWidgetItem(text)
        item.setForeground(QBrush(color))
        item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
        self.list.addItem(item)
