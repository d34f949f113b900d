"""The agenda as a list: current item highlighted, items already held ticked."""

from __future__ import annotations

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPointF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QIcon, QPainter, QPainterPath, QPen, QPixmap, QPolygonF

from models.run.agenda import AgendaItem

KEY_ROLE = Qt.ItemDataRole.UserRole + 1
_CURRENT_BG = QColor("#fff3c4")


def _icon(draw) -> QIcon:
    pixmap = QPixmap(32, 32)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    draw(painter)
    painter.end()
    return QIcon(pixmap)


def _tick(painter: QPainter) -> None:
    painter.setPen(QPen(QColor("#2e7d32"), 4, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
                        Qt.PenJoinStyle.RoundJoin))
    path = QPainterPath(QPointF(6, 17))
    path.lineTo(13, 24)
    path.lineTo(26, 8)
    painter.drawPath(path)


def _play(painter: QPainter) -> None:
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("#c77800"))
    painter.drawPolygon(QPolygonF([QPointF(8, 5), QPointF(27, 16), QPointF(8, 27)]))


def _blank(painter: QPainter) -> None:
    pass


def _clock(item: AgendaItem) -> str:
    start = item.started_at.strftime("%H:%M") if item.started_at else ""
    end = item.ended_at.strftime("%H:%M") if item.ended_at else ""
    return f"{start}—{end}" if start else ""


class AgendaListModel(QAbstractListModel):
    """Thin list model over ``AgendaItem`` rows plus the current key."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._items: list[AgendaItem] = []
        self._current: str | None = None
        self._icons = None

    def set_agenda(self, items: list[AgendaItem], current_key: str | None) -> None:
        if [i.key for i in items] == [i.key for i in self._items]:
            self._items, self._current = list(items), current_key
            if items:
                self.dataChanged.emit(self.index(0), self.index(len(items) - 1))
            return
        self.beginResetModel()
        self._items, self._current = list(items), current_key
        self.endResetModel()

    def item(self, row: int) -> AgendaItem:
        return self._items[row]

    def row_of(self, key: str) -> int:
        return next((n for n, i in enumerate(self._items) if i.key == key), -1)

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._items)

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        item = self._items[index.row()]
        current = item.key == self._current
        if role == Qt.ItemDataRole.DisplayRole:
            limit = f"（{item.time_limit_min} 分钟）" if item.time_limit_min else ""
            return f"{item.position}. {item.title}{limit}"
        if role == Qt.ItemDataRole.DecorationRole:
            return self._icon("play" if current else "tick" if item.done else "blank")
        if role == Qt.ItemDataRole.FontRole and current:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.BackgroundRole and current:
            return QBrush(_CURRENT_BG)
        if role == Qt.ItemDataRole.ForegroundRole and item.done and not current:
            return QBrush(QColor("#5f6b66"))
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(item, current)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            state = "当前" if current else "已完成" if item.done else ""
            return f"{item.position}. {item.title} {state}".strip()
        if role == KEY_ROLE:
            return item.key
        return None

    def _tooltip(self, item: AgendaItem, current: bool) -> str:
        lines = [item.title]
        if current:
            lines.append("当前议程")
        if item.started_at:
            lines.append(f"实际时间 {_clock(item)}")
        if item.free:
            lines.append("自行添加的议程，可改名、移动或删除")
        return "\n".join(lines)

    def _icon(self, name: str) -> QIcon:
        if self._icons is None:
            self._icons = {"tick": _icon(_tick), "play": _icon(_play), "blank": _icon(_blank)}
        return self._icons[name]
