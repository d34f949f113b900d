"""Text that always fits its box: the largest font that fits, never clipped or overflowing.

Used for the projector (read from the back of the room at any window size) and the big
timer on the run screen.
"""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import QSizePolicy, QWidget

_FLAGS = Qt.TextFlag.TextWordWrap


@lru_cache(maxsize=512)
def fit_pixel_size(family: str, bold: bool, text: str, width: int, height: int, max_lines: int) -> int:
    """The largest pixel size at which ``text`` wraps into at most ``max_lines`` lines inside width×height."""
    low, high = 6, max(6, height)
    while low < high:
        mid = (low + high + 1) // 2
        if _fits(family, bold, text, width, height, max_lines, mid):
            low = mid
        else:
            high = mid - 1
    return low


def _fits(family, bold, text, width, height, max_lines, px) -> bool:
    metrics = QFontMetrics(make_font(family, bold, px))
    flags = int(_FLAGS) if max_lines > 1 else 0
    box = metrics.boundingRect(QRect(0, 0, width, 100_000), flags, text)
    one_line = metrics.boundingRect(QRect(0, 0, width, 100_000), flags, "中").height()
    lines_ok = box.height() < (max_lines + 0.5) * one_line
    return box.width() <= width and box.height() <= height and lines_ok


def make_font(family: str, bold: bool, px: int) -> QFont:
    font = QFont(family)
    font.setPixelSize(max(1, px))
    font.setBold(bold)
    return font


class FitText(QWidget):
    """A block of text drawn at the largest size that fits the widget (wrapping up to max_lines).

    ``template``: fit this text instead (e.g. "+88:88" for a timer, so the digits do not
    change size every second); ``scale`` shrinks the result (to keep a hierarchy of sizes).
    """

    def __init__(self, parent=None, *, bold=False, max_lines=1, color="#202020",
                 align=Qt.AlignmentFlag.AlignCenter, template: str | None = None, scale: float = 1.0):
        super().__init__(parent)
        self._text, self._bold, self._max_lines = "", bold, max_lines
        self._color, self._align, self._template, self._scale = QColor(color), align, template, scale
        self._max_px: int | None = None
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)

    def text(self) -> str:
        return self._text

    def setText(self, text: str) -> None:
        if text != self._text:
            self._text = text
            self.setAccessibleName(text)
            self.update()

    def setMaxPixelSize(self, px: int | None) -> None:
        """Never draw larger than ``px`` (keeps short texts in proportion to the rest)."""
        if px != self._max_px:
            self._max_px = px
            self.update()

    def setMaxLines(self, lines: int) -> None:
        if lines != self._max_lines:
            self._max_lines = lines
            self.update()

    def setColor(self, color: str) -> None:
        if QColor(color) != self._color:
            self._color = QColor(color)
            self.update()

    def setTemplate(self, template: str | None) -> None:
        if template != self._template:
            self._template = template
            self.update()

    def sizeHint(self) -> QSize:
        return QSize(40, 20)

    def fitted_font(self) -> QFont:
        """The font the text is drawn with at the current size."""
        probe = self._template or self._text or " "
        rect = self.contentsRect()
        px = fit_pixel_size(self.font().family(), self._bold, probe, max(1, rect.width()), max(1, rect.height()),
                            self._max_lines)
        if self._max_px:
            px = min(px, self._max_px)
        return make_font(self.font().family(), self._bold, int(px * self._scale))

    def text_rect(self) -> QRect:
        """Where the text lands (for checks that nothing overflows)."""
        metrics = QFontMetrics(self.fitted_font())
        flags = int(self._align) | (int(_FLAGS) if self._max_lines > 1 else 0)
        return metrics.boundingRect(self.contentsRect(), flags, self._text)

    def paintEvent(self, event) -> None:
        if not self._text:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        painter.setFont(self.fitted_font())
        painter.setPen(self._color)
        flags = int(self._align) | (int(_FLAGS) if self._max_lines > 1 else 0)
        painter.drawText(self.contentsRect(), flags, self._text)
        painter.end()
