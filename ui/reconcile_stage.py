"""核对 — double entry: serials keyed once only, and serials whose 一录 and 二录 differ.

A difference is settled only by keying that paper form once more in the same grid
(pass 3 through ``settle_by_rekey``): the third keying counts when it equals one of the two,
else the serial stays listed and the screen says so.  There is no "take A" / "take B".
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from models import ballots as ballot_ops
from models.errors import PingyiError
from models.setup import list_items, list_reporters

from . import entry_dialogs
from .ballot_words import to_check, to_check_detail
from .entry_compare_model import CompareModel
from .entry_grid import KEY_LEGEND, UNIT_COLUMN_CHARS, EntryGrid
from .entry_grid_model import EntryGridModel, span_reporter_cells
from .entry_side import RecentTable, RowsModel, shape_table

_RED, _GREEN, _GREY = "color: #b00020;", "color: #1b6e20; font-weight: bold;", "color: #555555;"
COMPARE_PAGE, REKEY_PAGE = 0, 1


class ReconcileStage(QWidget):
    """The 核对 screen: what is pending, side by side, and settling by re-keying the paper."""

    def __init__(self, meeting, bus, parent=None):
        super().__init__(parent)
        self.meeting, self.bus = meeting, bus
        self._entries: list[tuple[str, object]] = []  # (serial, Mismatch or None for keyed once)
        self._rekeying = None  # the Mismatch being keyed again
        self._void_reason: str | None = None
        self._dirty = False
        self._build()
        bus.changed.connect(self._on_changed)
        self.refresh()

    # -- layout -------------------------------------------------------------------
    def _build(self) -> None:
        self.counts = QLabel()
        self.counts.setStyleSheet("font-weight: bold;")
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.pending_model = RowsModel([self.tr("编号"), self.tr("情况")], self)
        self.pending = RecentTable()
        self.pending.setModel(self.pending_model)
        shape_table(self.pending)
        self.pending.open_pressed.connect(self.start_rekey)
        self.pending.doubleClicked.connect(lambda _index: self.start_rekey())
        self.pending.selectionModel().currentRowChanged.connect(lambda *_: self._show_selected())
        pending_label = QLabel(self.tr("待核对(&P)"))
        pending_label.setBuddy(self.pending)
        left = QVBoxLayout()
        left.addWidget(pending_label)
        left.addWidget(self.pending, 1)
        self.pages = QStackedWidget()
        self.pages.addWidget(self._build_compare_page())
        self.pages.addWidget(self._build_rekey_page())
        body = QHBoxLayout()
        body.addLayout(left, 1)
        body.addWidget(self.pages, 3)
        self.status = QLabel()
        self.status.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.counts)
        layout.addWidget(self.hint)
        layout.addLayout(body, 1)
        layout.addWidget(self.status)

    def _build_compare_page(self) -> QWidget:
        self.caption = QLabel()
        self.caption.setWordWrap(True)
        self.void_line = QLabel()
        self.void_line.setStyleSheet("color: #b00020;")
        self.compare_model = CompareModel([], [], self)
        self.compare = QTableView()
        self.compare.setModel(self.compare_model)
        shape_table(self.compare)
        self.compare.horizontalHeader().setStretchLastSection(False)
        self.compare.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.rekey_button = QPushButton(self.tr("对照纸质表重新录入这张票(&R)"))
        self.rekey_button.setToolTip(self.tr("在待核对列表中按 Enter 也可开始（Alt+R）"))
        self.rekey_button.clicked.connect(self.start_rekey)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.caption)
        layout.addWidget(self.void_line)
        layout.addWidget(self.compare, 1)
        layout.addWidget(self.rekey_button)
        return page

    def _build_rekey_page(self) -> QWidget:
        self.rekey_caption = QLabel()
        self.rekey_caption.setWordWrap(True)
        self.rekey_caption.setStyleSheet("font-weight: bold;")
        legend = QLabel(self.tr(KEY_LEGEND))
        legend.setStyleSheet(_GREY)
        self.void_label = QLabel()
        self.void_label.setStyleSheet("color: #b00020; font-weight: bold;")
        page = QWidget()
        self._rekey_layout = QVBoxLayout(page)
        self._rekey_layout.setContentsMargins(0, 0, 0, 0)
        self._rekey_layout.addWidget(self.rekey_caption)
        self._rekey_layout.addWidget(legend)
        self._make_grid()
        self._rekey_layout.addWidget(self.void_label)
        return page

    def _make_grid(self) -> None:
        old = getattr(self, "grid", None)
        self.grid_model = EntryGridModel(list_reporters(self.meeting), list_items(self.meeting), self)
        self.grid = EntryGrid(self.grid_model)
        self.grid.save_requested.connect(self.save_rekey)
        self.grid.clear_requested.connect(self.cancel_rekey)
        self.grid.void_requested.connect(self.toggle_void)
        self.grid.message.connect(lambda text: self._say(text, _RED))
        self.compare_model.reporters = list(self.grid_model.reporters)
        self.compare_model.items = list(self.grid_model.items)
        if old is None:
            self._rekey_layout.addWidget(self.grid, 1)
        else:
            self._rekey_layout.replaceWidget(old, self.grid)
            old.deleteLater()

    # -- refresh --------------------------------------------------------------------
    def _on_changed(self, topic: str) -> None:
        if topic in ("setup", "file") and self._rekeying is None:
            self._make_grid()
        if self.isVisible():
            self.refresh()
        else:
            self._dirty = True  # entry saves many ballots; recount once this screen is shown

    def showEvent(self, event):  # noqa: N802 (Qt name)
        super().showEvent(event)
        if self._dirty:
            self.refresh()
        (self.grid if self._rekeying is not None else self.pending).setFocus()

    def refresh(self) -> None:
        """Re-read what is pending; keep the selection on the same serial when it is still listed."""
        self._dirty = False
        summary = ballot_ops.entry_summary(self.meeting)
        detail = to_check_detail(summary)
        self.counts.setText(self.tr("已核对 {ok} 张 · 待核对 {n} 张").format(ok=summary.reconciled, n=to_check(summary))
                            + (f"（{detail}）" if detail else ""))
        self.hint.setText(self._hint(summary))
        selected, row = self.selected_serial(), self.pending.currentIndex().row()
        state = ballot_ops.reconciliation(self.meeting)
        self._entries = [(m.serial, m) for m in state.mismatches] + [(s, None) for s in state.entered_once]
        self.pending_model.set_rows([[serial, _situation(m)] for serial, m in self._entries],
                                    [n for n, (_, m) in enumerate(self._entries) if m is not None])
        self.pending.resizeColumnToContents(0)
        serials = [serial for serial, _ in self._entries]
        self._select(serials.index(selected) if selected in serials else max(row, 0))

    def _hint(self, summary) -> str:
        if not summary.double_entry:
            return self.tr("本会议未开启“双录核对”，每张票录入一次即计入，无需核对。")
        if self.meeting.finalized:
            return self.tr("已定稿：只能查看，不能再核对重录。")
        if not summary.mismatched and not summary.pending:
            return self.tr("全部选票两次录入一致，没有待核对的票。")
        return self.tr("不一致的票：找出纸质表，选中后按 Enter，从第一格起重新录入一遍；"
                       "与一录或二录之一相同即核对完成。缺一遍的票，请到“录入”页补录另一遍。")

    def selected_serial(self) -> str | None:
        row = self.pending.currentIndex().row()
        return self._entries[row][0] if 0 <= row < len(self._entries) else None

    def _select(self, row: int) -> None:
        if self._entries:
            self.pending.selectRow(min(row, len(self._entries) - 1))
        self._show_selected()

    def _show_selected(self) -> None:
        if self._rekeying is not None:
            return
        self.pages.setCurrentIndex(COMPARE_PAGE)
        row = self.pending.currentIndex().row()
        serial, mismatch = self._entries[row] if 0 <= row < len(self._entries) else (None, None)
        self.void_line.setText(_void_line(mismatch) if mismatch else "")
        self.void_line.setVisible(bool(self.void_line.text()))
        self.rekey_button.setEnabled(mismatch is not None and not self.meeting.finalized)
        if mismatch is None:
            self.compare_model.clear()
            self.compare.clearSpans()
            self.caption.setText(self._once_caption(serial) if serial else "")
            return
        self.compare_model.show_mismatch(mismatch)
        span_reporter_cells(self.compare, len(self.compare_model.reporters), len(self.compare_model.items))
        header = self.compare.horizontalHeader()
        header.setMinimumSectionSize(self.fontMetrics().horizontalAdvance("较好较好"))
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        unit = self.fontMetrics().horizontalAdvance("好")  # 单位及职务 capped as in the grid: marks beside the name
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(2, min(self.compare.sizeHintForColumn(2), unit * UNIT_COLUMN_CHARS))
        if self.compare_model.items_as_rows:  # spanned cells do not size their columns: fixed, as in the grid
            for column, width in ((0, 3), (1, 5)):
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
                header.resizeSection(column, unit * width)
        self.compare.scrollTo(self.compare_model.index(self.compare_model.first_difference_row(), 0))
        self.caption.setText(self._mismatch_caption(mismatch))

    def _mismatch_caption(self, mismatch) -> str:
        pair = "与".join(ballot_ops.PASS_LABELS[b.pass_no] for b in (mismatch.first, mismatch.second))  # 一录与二录, 一录与扫描
        if "void" in mismatch.differing:
            text = self.tr("{serial}：{pair}对是否废票（或废票原因）不一致。").format(serial=mismatch.serial, pair=pair)
        else:
            text = self.tr("{serial}：{pair}有 {n} 格不同（橙色）。").format(
                serial=mismatch.serial, pair=pair, n=self.compare_model.differing_count())
        if mismatch.rekey is not None:
            text += self.tr("上次重录与两次都不一致，仍待核对。")
        if mismatch.cap_notes:  # 每票好等次上限: which keying the cap makes void
            text += "；".join(mismatch.cap_notes) + "。"
        return text + self.tr("请对照纸质表重新录入（Enter）。")

    def _once_caption(self, serial: str) -> str:
        missing = "一录" if ballot_ops.get_ballot(self.meeting, 1, serial) is None else "二录"
        return self.tr("{serial} 缺{missing}，待核对。请到“录入”页选择“{missing}”，"
                       "对照纸质表录入这张票。").format(serial=serial, missing=missing)

    # -- re-keying ------------------------------------------------------------------------
    def start_rekey(self) -> None:
        """Key the selected mismatched paper once more, blind to the two keyings."""
        row = self.pending.currentIndex().row()
        if self.meeting.finalized or not 0 <= row < len(self._entries):
            return
        serial, mismatch = self._entries[row]
        if mismatch is None:
            self._say(self._once_caption(serial), _RED)
            return
        self._rekeying, self._void_reason = mismatch, None
        self.grid.start()
        self.grid_model.set_attention(self._attention_cells(mismatch))
        self._show_void()
        self.rekey_caption.setText(self.tr(
            "重录 {serial}：请拿出这张纸质表，从第一格起全部重新录入（看不到前两次的内容）。"
            "黄色格是两次不一致的位置，请特别留意。").format(serial=serial))
        self.pages.setCurrentIndex(REKEY_PAGE)
        self.pending.setEnabled(False)
        self.grid.setFocus()
        self._say("", _GREY)

    def _attention_cells(self, mismatch) -> frozenset[int]:
        keys = {self.grid_model.key_of(k): k for k in range(self.grid_model.cell_count)}
        return frozenset(keys[key] for key in mismatch.differing if key in keys)

    def save_rekey(self) -> None:
        """Store the third keying; say whether it settled the mismatch."""
        mismatch = self._rekeying
        if mismatch is None:
            return
        marks = {} if self._void_reason else self.grid_model.marks()
        try:
            ballot = ballot_ops.settle_by_rekey(self.meeting, mismatch.serial, marks, self._void_reason)
        except PingyiError as refused:
            self._say(self.tr("未保存：{why}").format(why=refused), _RED)
            return
        self._leave_rekey()
        self.bus.changed.emit("ballots")
        self.refresh()
        self._say(*self._settle_text(mismatch, ballot))

    def _settle_text(self, mismatch, ballot) -> tuple[str, str]:
        still = any(m.serial == mismatch.serial for m in ballot_ops.reconciliation(self.meeting).mismatches)
        if still:
            return self.tr("{serial}：第三次录入与一录、二录都不一致，这张票仍待核对。"
                           "请再仔细对照纸质表（必要时请监票人一同核对）后重录。").format(serial=mismatch.serial), _RED
        same = ballot_ops.PASS_LABELS[(mismatch.first if _same_keying(ballot, mismatch.first) else mismatch.second).pass_no]
        return self.tr("已核对 {serial}：第三次录入与{same}一致，按{same}计入。").format(
            serial=mismatch.serial, same=same), _GREEN

    def cancel_rekey(self) -> None:
        """Esc: stop re-keying (asking first when keys would be lost)."""
        if self._rekeying is None:
            return
        keyed = self.grid_model.unkeyed_count() < self.grid_model.cell_count or self._void_reason
        if keyed and not entry_dialogs.confirm_clear(self, self.tr("这次重录")):
            return
        self._leave_rekey()
        self._show_selected()
        self._say(self.tr("已取消重录，未保存。"), _GREY)

    def toggle_void(self) -> None:
        """F9: the paper is a void ballot (with a reason), or not."""
        if self._rekeying is None:
            return
        self._void_reason = None if self._void_reason else entry_dialogs.ask_void_reason(self)
        self.grid_model.set_void(bool(self._void_reason))
        self._show_void()
        self.grid.setFocus()

    def _leave_rekey(self) -> None:
        self._rekeying, self._void_reason = None, None
        self.grid_model.set_attention(frozenset())
        self.grid_model.clear()
        self.pending.setEnabled(True)
        self.pages.setCurrentIndex(COMPARE_PAGE)
        self.pending.setFocus()

    def _show_void(self) -> None:
        self.void_label.setText(self.tr("废票：{why}（F9 取消）").format(why=self._void_reason)
                                if self._void_reason else "")

    def _say(self, text: str, style: str) -> None:
        self.status.setStyleSheet(style)
        self.status.setText(text)


def _situation(mismatch) -> str:
    if mismatch is None:
        return "缺一遍"
    cells = sum(1 for key in mismatch.differing if key != "void")
    text = f"两次不一致（{cells} 格）" if cells else "两次不一致（废票）"
    return text + ("，重录仍不一致" if mismatch.rekey is not None else "")


def _void_line(mismatch) -> str:
    if "void" not in mismatch.differing:
        return ""

    def state(b):
        return f"废票（{b.void_reason}）" if b.void_reason else "有效票"
    return f"一录：{state(mismatch.first)}　二录：{state(mismatch.second)}"


def _same_keying(ballot, other) -> bool:
    return ballot.void_reason == other.void_reason and ballot.marks == other.marks
