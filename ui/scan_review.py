"""审核 — the doubtful rows of scanned forms, one at a time: the crop of the row from the scan beside
the entry row.  Keys 1–4 好 较好 一般 差, 0 弃权, 9 多选 decide (audited); Enter goes to the next.
A page whose QR code could not be read shows its image and takes the serial printed on it.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from models import scans
from models.errors import PingyiError
from models.labels import MARK_LABELS, Mark
from scanning import view
from scanning.batch import reread
from scanning.read import FormShape

KEYS = {
    Qt.Key.Key_1: Mark.GOOD,
    Qt.Key.Key_2: Mark.FAIRLY_GOOD,
    Qt.Key.Key_3: Mark.AVERAGE,
    Qt.Key.Key_4: Mark.POOR,
    Qt.Key.Key_0: Mark.ABSTAIN,
    Qt.Key.Key_9: Mark.OVERMARKED,
}
CHOICES = [
    (1, Mark.GOOD),
    (2, Mark.FAIRLY_GOOD),
    (3, Mark.AVERAGE),
    (4, Mark.POOR),
    (0, Mark.ABSTAIN),
    (9, Mark.OVERMARKED),
]


def to_pixmap(image: np.ndarray, width: int | None = None) -> QPixmap:
    """A numpy picture (grey or BGR) as a pixmap, scaled to ``width`` when given."""
    image = np.ascontiguousarray(image)
    if image.ndim == 2:
        q = QImage(image.data, image.shape[1], image.shape[0], image.strides[0], QImage.Format.Format_Grayscale8)
    else:
        q = QImage(image.data, image.shape[1], image.shape[0], image.strides[0], QImage.Format.Format_BGR888)
    pixmap = QPixmap.fromImage(q.copy())
    return pixmap.scaledToWidth(width, Qt.TransformationMode.SmoothTransformation) if width else pixmap


class ReviewPanel(QWidget):
    """The queue on the left; the row's crop and the entry row on the right."""

    decided = Signal()

    def __init__(self, meeting, parent=None):
        super().__init__(parent)
        self.meeting = meeting
        self.waiting: list[scans.Waiting] = []
        self.current: scans.Waiting | None = None
        self.choice: Mark | None = None
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.queue = QListWidget(self)
        self.queue.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.queue.setFixedWidth(330)
        self.queue.currentRowChanged.connect(self._show)
        self.heading = QLabel(self)
        self.heading.setStyleSheet("font-size: 13pt; font-weight: bold;")
        self.reason = QLabel(self)
        self.reason.setWordWrap(True)
        self.reason.setStyleSheet("color: #8a4b00;")
        self.crop = QLabel(self)
        self.crop.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        scroller = self.scroller = QScrollArea(self)
        scroller.setWidget(self.crop)
        scroller.setWidgetResizable(True)
        scroller.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.buttons = []
        keys = QHBoxLayout()
        for key, mark in CHOICES:
            button = QPushButton(f"{key} {MARK_LABELS[mark]}", self)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setMinimumHeight(40)
            button.clicked.connect(lambda _=False, m=mark: self.decide(m))
            keys.addWidget(button)
            self.buttons.append((mark, button))
        self.serial_edit = QLineEdit(self)
        self.serial_edit.setPlaceholderText(self.tr("输入表上印的编号，例如 A-7KQ4M-W（多页表加 /页码），按回车"))
        self.serial_edit.returnPressed.connect(self.give_serial)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        right = QVBoxLayout()
        right.addWidget(self.heading)
        right.addWidget(self.reason)
        right.addWidget(scroller, 1)
        right.addLayout(keys)
        right.addWidget(self.serial_edit)
        right.addWidget(self.message)
        legend = QLabel(self.tr("按 1 好、2 较好、3 一般、4 差、0 弃权、9 多选 判定这一行；回车到下一条。"), self)
        legend.setStyleSheet("color: #555555;")
        right.addWidget(legend)
        layout = QHBoxLayout(self)
        layout.addWidget(self.queue)
        layout.addLayout(right, 1)

    # -- queue --------------------------------------------------------------------------
    def refresh(self) -> None:
        """Reload the queue; the row on screen stays (also once decided, until Enter)."""
        self.waiting = scans.pending(self.meeting)
        self.queue.blockSignals(True)
        self.queue.clear()
        for w in self.waiting:
            what = (
                self.tr("第 %1 位 %2").replace("%1", str(w.seq)).replace("%2", w.item or "")
                if w.seq
                else self.tr("待输入编号")
            )
            self.queue.addItem(f"#{w.id}  {w.serial or self.tr('编号未知')}  {what}")
        ids = [w.id for w in self.waiting]
        if self.current is not None and self.current.id in ids:
            self.queue.setCurrentRow(ids.index(self.current.id))
        self.queue.blockSignals(False)
        if self.current is not None:
            return
        if self.waiting:
            self.queue.setCurrentRow(0)
            self._show(0)
        else:
            self._empty()

    def _empty(self) -> None:
        self.current = None
        self._full = None
        self.heading.setText(self.tr("没有待审核的行"))
        self.reason.setText("")
        self.crop.clear()
        self.serial_edit.hide()

    def next(self) -> None:
        self.current = None
        self.message.setText("")
        self.refresh()

    def _show(self, index: int) -> None:
        if not 0 <= index < len(self.waiting):
            return
        w = self.current = self.waiting[index]
        self.choice = None
        self._mark_buttons()
        page = f" 第 {w.page} 页" if w.page else ""
        if w.seq is None:
            self.heading.setText(
                self.tr("文件 %1 第 %2 页：二维码无法识别")
                .replace("%1", w.file_name)
                .replace("%2", str(self._page_index(w) + 1))
            )
            self.serial_edit.show()
            self.serial_edit.clear()
        else:
            self.heading.setText(f"{w.serial}{page} · 第 {w.seq} 位述职人 · {w.item}")
            self.serial_edit.hide()
        self.reason.setText(w.reason)
        try:
            self._full = self._picture(w)
        except PingyiError as exc:
            self._full = None
            self.crop.setText(str(exc))
        self._fit()

    def _fit(self) -> None:
        """The picture at the width there is (never enlarged past its own size)."""
        if getattr(self, "_full", None) is None:
            return
        width = min(self._full.width(), max(self.scroller.viewport().width() - 4, 300))
        self.crop.setPixmap(self._full.scaledToWidth(width, Qt.TransformationMode.SmoothTransformation))

    def resizeEvent(self, event):  # noqa: N802 (Qt name)
        super().resizeEvent(event)
        self._fit()

    def _page_index(self, w: scans.Waiting) -> int:
        return scans.page_evidence(self.meeting, w.page_id)[2]

    def _picture(self, w: scans.Waiting) -> QPixmap:
        data, suffix, index, to_page, _ = scans.page_evidence(self.meeting, w.page_id)
        canon = view.upright_page(data, suffix, index, to_page)
        if w.seq is None:
            return to_pixmap(canon)
        rids, iids = scans.cell_ids(self.meeting)
        spots = FormShape(*scans.form_shape(self.meeting)).spots((w.page or 1) - 1)
        crop = view.row_crop(canon, spots, rids.index(w.reporter_id), iids.index(w.item_id), w.boxes)
        return to_pixmap(crop)

    # -- deciding -------------------------------------------------------------------------
    def keyPressEvent(self, event):  # noqa: N802 (Qt name)
        key = Qt.Key(event.key())
        if key in KEYS and not self.serial_edit.hasFocus():
            self.decide(KEYS[key])
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.next()
        elif key in (Qt.Key.Key_Down, Qt.Key.Key_Up) and self.waiting:
            step = 1 if key == Qt.Key.Key_Down else -1
            self.queue.setCurrentRow(max(0, min(len(self.waiting) - 1, self.queue.currentRow() + step)))
        else:
            super().keyPressEvent(event)

    def decide(self, mark: Mark) -> None:
        w = self.current
        if w is None or w.seq is None:
            return
        try:
            entered = scans.decide(self.meeting, w.id, mark)
        except PingyiError as exc:
            self.message.setText(str(exc))
            return
        self.choice = mark
        self._mark_buttons()
        done = self.tr("，这份表已全部读完，计入扫描选票") if entered == "inserted" else ""
        self.message.setText(self.tr("已判定为“%1”%2。按回车到下一条。").replace("%1", mark.label).replace("%2", done))
        self.decided.emit()

    def _mark_buttons(self) -> None:
        for mark, button in self.buttons:
            button.setStyleSheet("background: #1b6e20; color: white; font-weight: bold;" if mark == self.choice else "")

    def give_serial(self) -> None:
        w = self.current
        if w is None or w.seq is not None:
            return
        try:
            serial, page = scans.check_typed_serial(self.meeting, self.serial_edit.text())
            data, _, index, name = scans.serial_source(self.meeting, w.id)
            shape = FormShape(*scans.form_shape(self.meeting))
            stored = scans.assign_serial(self.meeting, w.id, reread(data, name, index, shape, serial, page))
        except PingyiError as exc:
            self.message.setText(str(exc))
            return
        self.message.setText(self.tr("编号 %1：%2").replace("%1", serial).replace("%2", stored.reason or stored.status))
        self.decided.emit()
        self.next()
