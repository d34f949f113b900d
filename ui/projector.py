"""The projector window: what the room sees.

Only the meeting title, the current item, the speaker, the timer and what comes next; the
filling instructions during 会议测评.  Never ballots or results, except the ranking when the
clerk chooses 公布结果 after 定稿.  Every text is drawn at the largest size that fits, so it
reads from the back of the room and never overflows, whatever the window size.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRect, Qt, Signal
from PySide6.QtGui import QColor, QFontMetrics, QGuiApplication, QPainter, QPalette
from PySide6.QtWidgets import QVBoxLayout, QWidget

from .run_fit_text import FitText, make_font
from .run_timer import PROJECTOR_COLORS, template_for

BACKGROUND = "#0f1c2b"
TEXT = "#f5f5f5"
MUTED = "#9fb3c8"
ACCENT = "#ffd166"


@dataclass(frozen=True)
class RankRow:
    rank: str
    name: str
    unit: str
    score: str
    grade: str


@dataclass(frozen=True)
class ProjectorView:
    """Everything the projector shows at one moment (built by the run screen)."""

    title: str = ""
    heading: str = ""
    name: str = ""
    detail: str = ""
    timer: str = ""
    phase: str = "normal"
    next_up: str = ""
    instructions: tuple[str, ...] = ()
    ranking: tuple[RankRow, ...] | None = None


def choose_screen(screens: list, current):
    """The screen for the projector: any screen other than the clerk's, or None when there is one."""
    others = [s for s in screens if s is not current]
    return others[0] if others else None


def ranking_rows(meeting) -> tuple[RankRow, ...]:
    """The announced ranking, read from the tally (only ever called after 定稿)."""
    from models.counting import compute_tally, round_half_up
    from models.labels import GRADE_LABELS

    rows = []
    results = sorted(compute_tally(meeting).reporters, key=lambda r: (r.rank is None, r.rank or 0, r.reporter.seq))
    for r in results:
        rank = "—" if r.rank is None else f"{r.rank}{'（并列）' if r.tied else ''}"
        score = "" if r.combined_score is None else f"{round_half_up(r.combined_score, 2)}"
        grade = GRADE_LABELS.get(r.final_grade, "") if r.final_grade is not None else ""
        rows.append(RankRow(rank, r.reporter.name, r.reporter.unit, score, grade))
    return tuple(rows)


class RankingBoard(QWidget):
    """The announced ranking as a table that scales to fit (two halves side by side when long).

    The unit column is dropped when keeping it would make the text too small to read.
    """

    HEADERS = ("名次", "姓名", "单位", "综合得分", "等次")
    MIN_PX_WITH_UNIT = 20

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: tuple[RankRow, ...] = ()

    def set_rows(self, rows: tuple[RankRow, ...]) -> None:
        self.rows = rows
        self.update()

    def _halves(self) -> list[tuple[RankRow, ...]]:
        if len(self.rows) <= 15:
            return [self.rows]
        middle = (len(self.rows) + 1) // 2
        return [self.rows[:middle], self.rows[middle:]]

    def columns(self, with_unit: bool) -> list[int]:
        return [0, 1, 2, 3, 4] if with_unit else [0, 1, 3, 4]

    def _cells(self, rows, cols) -> list[tuple[str, ...]]:
        table = [self.HEADERS] + [(r.rank, r.name, r.unit, r.score, r.grade) for r in rows]
        return [tuple(line[c] for c in cols) for line in table]

    def layout_for(self, px: int, with_unit: bool = True) -> tuple[list[int], int] | None:
        """Column widths and row height at ``px``, or None when the table does not fit."""
        metrics = QFontMetrics(make_font(self.font().family(), True, px))
        halves = self._halves()
        cells = self._cells(self.rows, self.columns(with_unit))
        pad = metrics.horizontalAdvance("中")
        widths = [max(metrics.horizontalAdvance(c[i]) for c in cells) + pad for i in range(len(cells[0]))]
        row_h = int(metrics.height() * 1.35)
        lines = max(len(h) for h in halves) + 1
        total_w = sum(widths) * len(halves) + pad * 2 * (len(halves) - 1)
        if total_w > self.width() or row_h * lines > self.height():
            return None
        return widths, row_h

    def _largest(self, with_unit: bool) -> int:
        low, high = 6, max(6, self.height() // 4)
        while low < high:
            mid = (low + high + 1) // 2
            low, high = (mid, high) if self.layout_for(mid, with_unit) else (low, mid - 1)
        return low

    def fitted(self) -> tuple[int, bool]:
        """(pixel size, whether the unit column is shown)."""
        with_unit = self._largest(True)
        if with_unit >= self.MIN_PX_WITH_UNIT:
            return with_unit, True
        without = self._largest(False)
        return (without, False) if without > with_unit else (with_unit, True)

    def paintEvent(self, event) -> None:
        px, with_unit = self.fitted()
        fit = self.layout_for(px, with_unit)
        if not fit or not self.rows:
            return
        widths, row_h = fit
        painter = QPainter(self)
        gap = QFontMetrics(make_font(self.font().family(), True, px)).horizontalAdvance("中") * 2
        halves = self._halves()
        x0 = max(0, (self.width() - sum(widths) * len(halves) - gap * (len(halves) - 1)) // 2)
        for n, half in enumerate(halves):
            cells = self._cells(half, self.columns(with_unit))
            self._paint_half(painter, cells, x0 + n * (sum(widths) + gap), widths, row_h, px)
        painter.end()

    def _paint_half(self, painter, cells, x0, widths, row_h, px) -> None:
        for line, row in enumerate(cells):
            painter.setFont(make_font(self.font().family(), line == 0, px))
            painter.setPen(QColor(ACCENT if line == 0 else TEXT))
            x = x0
            for width, text in zip(widths, row, strict=True):
                painter.drawText(QRect(x, line * row_h, width, row_h), int(Qt.AlignmentFlag.AlignVCenter), text)
                x += width


class ProjectorWindow(QWidget):
    """The second-screen window; keys pressed here reach the run screen (see RunStage)."""

    closed = Signal()

    def __init__(self, parent=None):
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle(self.tr("投影 — 述职评议会（F11 全屏，Esc 关闭）"))
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.setAutoFillBackground(True)
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Window, QColor(BACKGROUND))
        self.setPalette(palette)
        self.setMinimumSize(320, 240)
        self.title = FitText(self, color=MUTED)
        self.heading = FitText(self, color=ACCENT, bold=True)
        self.name = FitText(self, color=TEXT, bold=True)
        self.detail = FitText(self, color=TEXT, max_lines=2)
        self.timer = FitText(self, color=TEXT, bold=True, template="88:88")
        self.instructions = FitText(self, color=TEXT, max_lines=8, align=Qt.AlignmentFlag.AlignCenter)
        self.next_up = FitText(self, color=MUTED, max_lines=2)
        self.ranking = RankingBoard(self)
        self.layout_ = QVBoxLayout(self)
        for widget, stretch in ((self.title, 8), (self.heading, 10), (self.name, 17), (self.detail, 9),
                                (self.timer, 36), (self.instructions, 50), (self.ranking, 72), (self.next_up, 8)):
            self.layout_.addWidget(widget, stretch)
        self.view = ProjectorView()
        self.show_view(self.view)

    def texts(self) -> list[FitText]:
        """The text blocks now on screen (for checks that nothing overflows)."""
        return [w for w in (self.title, self.heading, self.name, self.detail, self.timer, self.instructions,
                            self.next_up) if w.isVisible() and w.text()]

    def show_view(self, view: ProjectorView) -> None:
        self.view = view
        self.title.setText(view.title)
        self.heading.setText(view.heading)
        self.name.setText(view.name)
        self.detail.setText(view.detail)
        self.timer.setText(view.timer)
        self.timer.setTemplate(template_for(view.timer))
        self.timer.setColor(PROJECTOR_COLORS.get(view.phase, TEXT))
        self.instructions.setText("\n".join(view.instructions))
        self.instructions.setMaxLines(max(1, len(view.instructions)))
        self.next_up.setText(view.next_up)
        ranking = view.ranking is not None
        self.ranking.set_rows(view.ranking or ())
        self.ranking.setVisible(ranking)
        self.instructions.setVisible(bool(view.instructions) and not ranking)
        self.name.setVisible(bool(view.name) and not ranking)
        self.detail.setVisible(bool(view.detail) and not ranking)
        self.timer.setVisible(bool(view.timer) and not ranking)
        self.next_up.setVisible(bool(view.next_up) and not ranking)

    #: largest text size of each block, as a share of the window height (the timer has none)
    CAPS = {"title": 0.045, "heading": 0.085, "name": 0.12, "detail": 0.06, "instructions": 0.075, "next_up": 0.055}

    def resizeEvent(self, event) -> None:
        for name, share in self.CAPS.items():
            getattr(self, name).setMaxPixelSize(max(8, int(self.height() * share)))
        margin = max(8, min(self.width(), self.height()) // 30)
        self.layout_.setContentsMargins(margin * 2, margin, margin * 2, margin)
        self.layout_.setSpacing(margin // 2)
        super().resizeEvent(event)

    def present(self, clerk_screen=None) -> None:
        """Full screen on a second screen when there is one, else a resizable window."""
        screen = choose_screen(QGuiApplication.screens(), clerk_screen or QGuiApplication.primaryScreen())
        if screen is not None:
            self.setScreen(screen)
            self.setGeometry(screen.geometry())
            self.showFullScreen()
            return
        available = QGuiApplication.primaryScreen().availableGeometry()
        self.resize(min(1024, available.width() * 2 // 3), min(768, available.height() * 2 // 3))
        self.show()

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close()
        elif event.key() == Qt.Key.Key_F11:
            self.showNormal() if self.isFullScreen() else self.showFullScreen()
        else:
            super().keyPressEvent(event)

    def hideEvent(self, event) -> None:
        super().hideEvent(event)
        self.closed.emit()
