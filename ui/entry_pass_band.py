"""The coloured band over the entry grid: 一录 and 二录 look different at a glance.

A stack of paper keyed in the wrong pass is the costliest slip of the day (the second pass
would no longer be independent), so the pass is shown in a band of its own colour with its
name in the grid's title, and the grid's frame takes the same colour.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel

#: per pass: (band and frame colour, the grid's title)
PASS_LOOKS = {
    1: ("#1f5fa8", "一录 · 第一遍录入：按纸质表逐行按键"),
    2: ("#b34d00", "二录 · 第二遍录入：看不到一录的内容，按纸质表重新按键"),
}


def _tr(text: str) -> str:
    return QCoreApplication.translate("entry", text)


class PassBand(QLabel):
    """“一录 · …” on blue, “二录 · …” on orange, in white bold type."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.pass_no = 0
        self.set_pass(1)

    def set_pass(self, pass_no: int) -> None:
        self.pass_no = pass_no
        colour, title = PASS_LOOKS[pass_no]
        self.setText(_tr(title))
        self.setStyleSheet(f"background: {colour}; color: white; font-weight: bold; font-size: 12pt; padding: 4px 8px;")

    def colour(self) -> str:
        return PASS_LOOKS[self.pass_no][0]


def frame_style(pass_no: int) -> str:
    """The grid's frame in the pass colour (the band sits on it, so the two read as one box)."""
    return f"QTableView {{ border: 3px solid {PASS_LOOKS[pass_no][0]}; }}"
