"""The centre of the run screen: who is speaking, the phase, the big timer, what comes next."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from models.run.agenda import KIND_LABELS, AgendaItem

from .run_fit_text import FitText
from .run_timer import PHASE_COLORS, template_for

_STATUS = {"running": "计时中", "paused": "已暂停", "idle": "未开始"}


def describe(item: AgendaItem | None) -> tuple[str, str]:
    """(name line, detail line) for an item: the reporter and unit, or the written reporters."""
    if item is None:
        return "", ""
    if item.reporter is not None:
        r = item.reporter
        return r.name, "　".join(x for x in (r.unit, r.title, r.mode.long_label) if x)
    if item.reporters:
        return "", "、".join(r.name for r in item.reporters)
    return "", ""


def next_text(item: AgendaItem | None) -> str:
    """“第 4 位述职　李红梅” for the next-up line; empty at the end of the agenda."""
    if item is None:
        return ""
    name = item.reporter.name if item.reporter else ""
    return f"{item.heading}　{name}".strip() if item.kind in ("report", "comment") else item.title


class CurrentPanel(QFrame):
    """Current reporter, phase, timer with its buttons, next up and actual times."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.phase = QLabel(self)
        self.phase.setStyleSheet("color: #5f6b66; font-size: 12pt;")
        self.heading = self._label("font-size: 16pt; font-weight: bold; color: #8a5a00;")
        self.name = self._label("font-size: 26pt; font-weight: bold;")
        self.detail = self._label("font-size: 13pt; color: #33403a;")
        self.timer = FitText(self, bold=True, template="88:88")
        self.timer.setMinimumHeight(90)
        self.timer.setAccessibleName(self.tr("计时器"))
        self.limit = self._label("font-size: 11pt; color: #5f6b66;")
        self.prev_button = self._button(self.tr("上一项 ←"), self.tr("回到上一项议程（← 或 PageUp）"))
        self.start_button = self._button(self.tr("开始 空格"), self.tr("开始/暂停计时（空格键）"))
        self.reset_button = self._button(self.tr("归零"), self.tr("计时归零，并清除本项的实际开始时间"))
        self.next_button = self._button(self.tr("下一项 →"), self.tr("进入下一项议程（→ 或 PageDown）"))
        self.next_up = self._label("font-size: 13pt;")
        self.times = self._label("font-size: 10.5pt; color: #5f6b66;")
        self._build()

    def _label(self, style: str) -> QLabel:
        label = QLabel(self)
        label.setWordWrap(True)
        label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        label.setStyleSheet(style)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        return label

    def _button(self, text: str, tip: str) -> QPushButton:
        button = QPushButton(text, self)
        button.setToolTip(tip)
        button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        return button

    def _build(self) -> None:
        buttons = QHBoxLayout()
        for button in (self.prev_button, self.start_button, self.reset_button, self.next_button):
            buttons.addWidget(button)
        line = QFrame(self)
        line.setFrameShape(QFrame.Shape.HLine)
        layout = QVBoxLayout(self)
        layout.addWidget(self.phase, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.heading)
        layout.addWidget(self.name)
        layout.addWidget(self.detail)
        layout.addWidget(self.timer, 1)
        layout.addWidget(self.limit)
        layout.addLayout(buttons)
        layout.addWidget(line)
        layout.addWidget(self.next_up)
        layout.addWidget(self.times)

    def show_item(self, item: AgendaItem | None, following: AgendaItem | None) -> None:
        """Show the current item and the one after it."""
        name, detail = describe(item)
        if item is not None and item.reporter is not None:
            r = item.reporter
            detail = "\n".join(x for x in (r.unit, "　".join(y for y in (r.title, r.mode.long_label) if y)) if x)
        self.heading.setText(item.heading if item else "")
        self.name.setText(name)
        self.name.setVisible(bool(name))
        self.detail.setText(detail)
        self.detail.setVisible(bool(detail))
        limit = item.time_limit_min if item else None
        self.limit.setText(self.tr("时限 %1 分钟（最后 1 分钟变黄，超时变红）").replace("%1", str(limit))
                           if limit else self.tr("不限时（正计时）"))
        upcoming = next_text(following)
        self.next_up.setText(self.tr("下一项：") + upcoming if upcoming else self.tr("这是最后一项议程"))
        self.times.setText(self._times(item))

    def _times(self, item: AgendaItem | None) -> str:
        if item is None or item.started_at is None:
            return self.tr("尚未开始计时")
        text = self.tr("实际开始 ") + item.started_at.strftime("%H:%M:%S")
        if item.ended_at:
            text += self.tr("　结束 ") + item.ended_at.strftime("%H:%M:%S")
        return text

    def show_timer(self, item: AgendaItem | None, face: tuple[str, str], running: bool, elapsed_ms: int) -> None:
        """Update the timer digits, colour, phase line and the start/pause button."""
        text, phase = face
        self.timer.setText(text)
        self.timer.setTemplate(template_for(text))
        self.timer.setColor(PHASE_COLORS[phase])
        status = "running" if running else "paused" if elapsed_ms else "idle"
        kind = KIND_LABELS.get(item.kind, "") if item else ""
        self.phase.setText(f"{kind} · {self.tr(_STATUS[status])}" + (self.tr(" · 已超时") if phase == "overtime" else ""))
        word = self.tr("暂停") if running else self.tr("继续") if status == "paused" else self.tr("开始")
        self.start_button.setText(word + self.tr(" 空格"))  # the key is on the button, not only in its tooltip


class MessageLine(QLabel):
    """One line at the bottom for refusals and hints (never a modal box during the meeting)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWordWrap(True)

    def show_error(self, text: str) -> None:
        self.setStyleSheet("color: #c62828; font-weight: bold;")
        self.setText(text)

    def show_info(self, text: str) -> None:
        self.setStyleSheet("color: #2e5d8a;")
        self.setText(text)
