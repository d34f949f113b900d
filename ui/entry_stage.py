"""录入 — paper ballots into the meeting file, keyboard first.

Serial (typed or scanned, then Enter) → the grid that mirrors the paper form, one key per
cell → Enter on the last cell (or Ctrl+Enter) saves through ``models.ballots.keying``; "已保存"
appears only after ``enter_ballot`` returned, then the serial field has the focus again.
Double entry is blind: the second pass shows only second-pass ballots.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from models import ballots as ballot_ops
from models.ballots.forms import form_accounting, get_form
from models.errors import PingyiError
from models.setup import get_rules, list_categories, list_items, list_reporters

from .ballot_words import ballot_counts
from .empty_state import EmptyHint
from .entry_ballot import GREY, PASS_NAMES, RED, BallotActions
from .entry_grid import KEY_LEGEND, EntryGrid
from .entry_grid_model import EntryGridModel
from .entry_pass_band import PassBand, frame_style
from .entry_side import CategoryCountsPanel, RecentBallotsPanel


class EntryStage(BallotActions, QWidget):
    """The 录入 screen: serial, grid, recent ballots and counts per category."""

    def __init__(self, meeting, bus, parent=None):
        super().__init__(parent)
        self.meeting, self.bus = meeting, bus
        self.pass_no = 1
        self._serial: str | None = None  # the ballot being keyed (or corrected)
        self._editing = None  # the stored Ballot being corrected, if any
        self._void_reason: str | None = None
        self._duplicate = None  # a stored Ballot offered for correction after a duplicate serial
        self._build()
        bus.changed.connect(self._on_changed)
        self.refresh()

    # -- layout -----------------------------------------------------------------
    def _build(self) -> None:
        left = QVBoxLayout()
        left.addLayout(self._build_top())
        left.addLayout(self._build_serial_row())
        self.legend = QLabel(self.tr(KEY_LEGEND))
        self.legend.setStyleSheet(GREY)
        left.addWidget(self.legend)
        self._grid_box = QVBoxLayout()
        self._grid_box.setSpacing(0)
        self.pass_band = PassBand()
        self._grid_box.addWidget(self.pass_band)
        left.addLayout(self._grid_box, 1)
        self._make_grid()
        left.addLayout(self._build_status_row())
        self.recent = RecentBallotsPanel()
        self.recent.open_requested.connect(self.open_ballot)
        self.recent.delete_requested.connect(self.delete_ballot)
        self.counts = CategoryCountsPanel()
        right = QVBoxLayout()
        right.addWidget(self.recent, 1)
        right.addWidget(self.counts)
        side = QWidget()
        side.setLayout(right)
        side.setMinimumWidth(300)
        side.setMaximumWidth(380)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 1)
        layout.addWidget(side)

    def _build_top(self) -> QHBoxLayout:
        self.pass_buttons = QButtonGroup(self)
        row = QHBoxLayout()
        for pass_no, text, tip in ((1, self.tr("一录(&1)"), self.tr("第一遍录入（Alt+1）")),
                                   (2, self.tr("二录(&2)"), self.tr("第二遍录入，看不到一录的内容（Alt+2）"))):
            button = QRadioButton(text)
            button.setToolTip(tip)
            self.pass_buttons.addButton(button, pass_no)
            row.addWidget(button)
        self.pass_buttons.button(1).setChecked(True)
        self.pass_buttons.idClicked.connect(self._pass_clicked)
        self.read_only_banner = QLabel()
        self.read_only_banner.setStyleSheet("color: #b00020; font-weight: bold;")
        self.read_only_banner.hide()
        self.summary = QLabel()
        self.summary.setStyleSheet(GREY)
        row.addSpacing(16)
        row.addWidget(self.read_only_banner)
        row.addStretch(1)
        row.addWidget(self.summary)
        return row

    def _build_serial_row(self) -> QHBoxLayout:
        self.serial_edit = QLineEdit()
        self.serial_edit.setPlaceholderText(self.tr("输入或扫描测评表编号，按 Enter"))
        self.serial_edit.setToolTip(self.tr("例如 A-7KQ4M-W；不分大小写，可省略短横线；扫码枪读二维码亦可"))
        self.serial_edit.setMinimumWidth(self.fontMetrics().horizontalAdvance("M") * 14)
        self.serial_edit.returnPressed.connect(self.accept_serial)
        self.serial_edit.setStyleSheet('QLineEdit[readOnly="true"] { font-weight: bold; background: #f1f1f1; }')
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self.serial_edit)
        escape.setContext(Qt.ShortcutContext.WidgetShortcut)
        escape.activated.connect(self._clear_serial)
        label = QLabel(self.tr("编号(&N)"))
        label.setBuddy(self.serial_edit)
        self.category_label = QLabel()
        self.category_label.setStyleSheet("font-weight: bold;")
        self.serial_message = QLabel()
        self.serial_message.setWordWrap(True)
        self.duplicate_button = QPushButton(self.tr("修改这张票(&E)"))
        self.duplicate_button.setToolTip(self.tr("打开已保存的这张票进行修改（Alt+E）"))
        self.duplicate_button.clicked.connect(lambda: self.open_ballot(self._duplicate))
        self.duplicate_button.hide()
        row = QHBoxLayout()
        row.addWidget(label)
        row.addWidget(self.serial_edit)
        row.addWidget(self.category_label)
        row.addWidget(self.serial_message, 1)
        row.addWidget(self.duplicate_button)
        return row

    def _build_status_row(self) -> QHBoxLayout:
        self.unkeyed_label = QLabel()
        self.unkeyed_label.setMinimumWidth(self.fontMetrics().horizontalAdvance("未录 0000 格（保存时按弃权计）"))
        self.void_label = QLabel()
        self.void_label.setStyleSheet("color: #b00020; font-weight: bold;")
        self.status = QLabel()
        self.status.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.unkeyed_label)
        row.addWidget(self.void_label)
        row.addWidget(self.status, 1)
        return row

    def _make_grid(self) -> None:
        """(Re)build the grid from the roster and the items, in paper-form order."""
        old = getattr(self, "grid", None)
        self.grid_model = EntryGridModel(list_reporters(self.meeting), list_items(self.meeting), self)
        self.grid = EntryGrid(self.grid_model)
        self.grid.save_requested.connect(self.save)
        self.grid.clear_requested.connect(self.ask_clear)
        self.grid.void_requested.connect(self.toggle_void)
        self.grid.message.connect(lambda text: self._say(text, RED))
        self.grid.marks_changed.connect(self._show_unkeyed)
        self.grid.setEnabled(False)
        self.grid.setStyleSheet(frame_style(self.pass_no))
        self.grid_hint = EmptyHint(self.grid, lambda: self.tr(
            "还没有述职人，无法录入。\n请先在“准备”中录入述职人，再到“测评表”打印测评表；"
            "收回后在上方输入或扫描纸上的编号，按纸质表逐行按键录入。"))
        if old is not None:
            self._grid_box.replaceWidget(old, self.grid)
            old.deleteLater()
        else:
            self._grid_box.addWidget(self.grid)

    # -- refresh ------------------------------------------------------------------
    def _on_changed(self, topic: str) -> None:
        if topic in ("setup", "file") and self._serial is None:
            self._make_grid()
        self.refresh()

    def refresh(self) -> None:
        """Re-read pass availability, the locked state, recent ballots and the counts."""
        double = get_rules(self.meeting).double_entry
        self.pass_buttons.button(2).setVisible(double)
        if not double and self.pass_no == 2:
            self._set_pass(1)
        finalized = self.meeting.finalized
        self.read_only_banner.setText(self.tr(
            "已定稿：录入已锁定，只能查看。如需更正，请先在“定档”中重新打开（需说明原因）。"))
        self.read_only_banner.setVisible(finalized)
        self.serial_edit.setEnabled(not finalized or self._serial is not None)
        self.recent.set_editable(not finalized)
        self._show_summary(double)
        names = {c.code: c.name for c in list_categories(self.meeting)}
        self.recent.show_ballots(ballot_ops.recent_ballots(self.meeting, self.pass_no), names)
        self.counts.show_accounting(form_accounting(self.meeting))

    def _show_summary(self, double: bool) -> None:
        self.summary.setText(ballot_counts(ballot_ops.entry_summary(self.meeting)))

    # -- passes -------------------------------------------------------------------
    def _pass_clicked(self, pass_no: int) -> None:
        if pass_no == self.pass_no:
            return
        if not self._may_drop_ballot():
            self.pass_buttons.button(self.pass_no).setChecked(True)
            return
        self._set_pass(pass_no)

    def _set_pass(self, pass_no: int) -> None:
        self.pass_no = pass_no
        self.pass_buttons.button(pass_no).setChecked(True)
        self.pass_band.set_pass(pass_no)
        self.grid.setStyleSheet(frame_style(pass_no))
        self._reset()
        self.refresh()
        self._say(self.tr("现在录入：{name}。").format(name=PASS_NAMES[pass_no]), GREY)

    # -- serial ---------------------------------------------------------------------
    def accept_serial(self) -> None:
        """Check the typed or scanned serial; refuse it at once with the reason, or open the grid."""
        if self._serial is not None:  # a ballot is open: its serial is fixed
            self.grid.setFocus()
            return
        self._forget_duplicate()
        text = self.serial_edit.text().strip()
        if not text:
            self._refuse_serial(self.tr("请先输入或扫描测评表编号。"))
            return
        try:
            serial = ballot_ops.check_serial(self.meeting, self.pass_no, text)
        except ballot_ops.SerialRefused as refused:
            self._refuse_serial(str(refused))
            if refused.existing is not None:
                self._offer_existing(refused.existing)
            return
        except PingyiError as refused:
            self._refuse_serial(str(refused))
            return
        self._begin(serial)

    def _refuse_serial(self, text: str) -> None:
        self.serial_message.setStyleSheet(RED)
        self.serial_message.setText(text)
        self.category_label.clear()
        self.serial_edit.selectAll()
        self.serial_edit.setFocus()

    def _forget_duplicate(self) -> None:
        if self._duplicate is not None:
            self._duplicate = None
            self.grid_model.clear()
            self._show_unkeyed()
        self.duplicate_button.hide()

    def _clear_serial(self) -> None:
        """Esc in the serial field: empty it and forget any refusal shown."""
        if self._serial is not None:
            self.ask_clear()
            return
        self._forget_duplicate()
        self.serial_edit.clear()
        self.serial_message.clear()
        self.category_label.clear()

    def _offer_existing(self, ballot) -> None:
        """A duplicate: show the stored ballot in the grid and offer to correct it."""
        self._duplicate = ballot
        self.grid.start(ballot.marks)
        self.grid.clearSelection()
        self.grid_model.set_void(bool(ballot.void_reason))
        self.duplicate_button.setVisible(not self.meeting.finalized)
        self._show_unkeyed()

    def _begin(self, serial: str, ballot=None) -> None:
        self._serial, self._editing = serial, ballot
        self._void_reason = ballot.void_reason if ballot else None
        self.serial_edit.setText(serial)
        self.serial_edit.setReadOnly(True)
        form = get_form(self.meeting, serial)
        names = {c.code: c.name for c in list_categories(self.meeting)}
        code = form.category_code if form else serial[0]
        self.category_label.setText(f"{code}票 · {names.get(code, '')}")
        self.serial_message.setStyleSheet(GREY)
        self.serial_message.setText(self._ballot_caption(ballot))
        self.grid.read_only = self.meeting.finalized
        self.grid.setEnabled(True)
        self.grid.start(ballot.marks if ballot else None)
        self.grid_model.set_void(bool(self._void_reason))
        self._show_void()
        self.grid.setFocus()
        self._say("", GREY)

    def _ballot_caption(self, ballot) -> str:
        pass_name = PASS_NAMES[self.pass_no]
        if ballot is None:
            return self.tr("{p}：按纸质表逐行按键").format(p=pass_name)
        if self.meeting.finalized:
            return self.tr("查看已保存的{p}（已定稿，不能修改）；Enter 或 Esc 返回").format(p=pass_name)
        return self.tr("修改已保存的{p}；改好后 Ctrl+Enter 保存").format(p=pass_name)

    # -- helpers -------------------------------------------------------------------------
    def _reset(self) -> None:
        """Back to the serial field, ready for the next paper form."""
        self._serial, self._editing, self._void_reason, self._duplicate = None, None, None, None
        self.grid.read_only = False
        self.grid_model.clear()
        self.grid.setEnabled(False)
        self.duplicate_button.hide()
        self.category_label.clear()
        self.serial_message.clear()
        self.serial_edit.clear()
        self.serial_edit.setReadOnly(False)
        self.serial_edit.setEnabled(not self.meeting.finalized)
        self.serial_edit.setFocus()
        self._show_void()
        self._show_unkeyed()

    def _show_unkeyed(self) -> None:
        n = self.grid_model.unkeyed_count()
        text = self.tr("未录 {n} 格（保存时按弃权计）").format(n=n) if self._serial and n else ""
        self.unkeyed_label.setText(text)

    def _show_void(self) -> None:
        reason = self._void_reason
        self.void_label.setText(self.tr("废票：{why}（F9 取消）").format(why=reason) if reason else "")

    def _say(self, text: str, style: str) -> None:
        self.status.setStyleSheet(style)
        self.status.setText(text)

    def showEvent(self, event):  # noqa: N802 (Qt name)
        super().showEvent(event)
        if self._serial is None:
            self.serial_edit.setFocus(Qt.FocusReason.OtherFocusReason)
