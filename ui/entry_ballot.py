"""录入: what the clerk does with the ballot being keyed: save, 废票, clear, correct, delete.

A mixin of ``EntryStage`` (it uses the stage's grid, serial field and status line).  The dialogs
are looked up through ``entry_dialogs`` at call time, so tests can patch them there.
"""

from __future__ import annotations

from models import ballots as ballot_ops
from models.ballots.cap import cap_allowed, cap_excess, cap_warning
from models.errors import PingyiError
from models.setup import get_rules

from . import entry_dialogs

PASS_NAMES = {1: "一录", 2: "二录", 3: "重录"}
RED, GREEN, GREY = "color: #b00020;", "color: #1b6e20; font-weight: bold;", "color: #555555;"


class BallotActions:
    """Save, 废票, clear, open and delete for the 录入 screen (mixed into ``EntryStage``)."""

    def save(self) -> None:
        """Store the ballot being keyed (or corrected); say 已保存 only once the call returned."""
        if self._serial is None:
            return
        if self.grid.read_only:
            self._reset()
            return
        marks = {} if self._void_reason else self.grid_model.marks()
        unkeyed = 0 if self._void_reason else self.grid_model.unkeyed_count()
        corrected = self._editing is not None
        over_cap = self._cap_warning(marks)
        if over_cap and not entry_dialogs.confirm_over_cap(self, over_cap):
            self._say(self.tr("未保存：{why}。可按纸质票改正后再保存。").format(why=over_cap), RED)
            self.grid.setFocus()
            return
        try:
            if self._editing is not None:
                ballot = ballot_ops.update_ballot(self.meeting, self._editing.id, marks, self._void_reason)
            else:
                ballot = ballot_ops.enter_ballot(self.meeting, self.pass_no, self._serial, marks, self._void_reason)
        except PingyiError as refused:
            self._say(self.tr("未保存：{why}").format(why=refused), RED)
            return
        self._reset()
        text = self._saved_text(ballot, unkeyed, corrected)
        if over_cap:
            text += self.tr("本票“好”超过每票上限，按废票计（超比例），所录内容已原样保存。")
        self._say(text, GREEN)
        self.bus.changed.emit("ballots")

    def _cap_warning(self, marks: dict) -> str:
        """“本票‘好’8 个，超过上限 70%（7 个），将按废票计” when the keying is over 每票好等次上限."""
        excess = cap_excess(marks, cap_allowed(self.meeting))
        if excess is None:
            return ""
        pct = format(get_rules(self.meeting).good_cap_pct.normalize(), "f")
        return cap_warning(excess, pct)

    def _saved_text(self, ballot, unkeyed: int, corrected: bool) -> str:
        what = self.tr("已修改") if corrected else self.tr("已保存")
        text = self.tr("{what} {serial}（{p}）").format(what=what, serial=ballot.serial, p=PASS_NAMES[self.pass_no])
        if ballot.void_reason:
            return text + self.tr("，废票：{why}。").format(why=ballot.void_reason)
        if unkeyed:
            return text + self.tr("，其中 {n} 格未录，按弃权计。").format(n=unkeyed)
        return text + "。"

    def ask_clear(self) -> None:
        """Esc: drop the ballot being keyed, after asking when keys would be lost."""
        if self._serial is None or self._may_drop_ballot():
            self._reset()
            self._say(self.tr("已清空，未保存。请输入下一张票的编号。"), GREY)

    def _may_drop_ballot(self) -> bool:
        if self._serial is None or self.grid.read_only:
            return True
        keyed = self.grid_model.unkeyed_count() < self.grid_model.cell_count or self._void_reason
        changed = self._editing is not None
        if not keyed and not changed:
            return True
        return entry_dialogs.confirm_clear(self, self.tr("正在录入的 {serial}").format(serial=self._serial))

    def toggle_void(self) -> None:
        """F9: mark the ballot 废票 with a reason, or take the mark off again."""
        if self._serial is None or self.grid.read_only:
            return
        if self._void_reason:
            self._void_reason = None
        else:
            reason = entry_dialogs.ask_void_reason(self)
            if not reason:
                self._say(self.tr("未标废票（没有填写原因）。"), GREY)
                self.grid.setFocus()
                return
            self._void_reason = reason
        self.grid_model.set_void(bool(self._void_reason))
        self._show_void()
        self.grid.setFocus()

    def open_ballot(self, ballot) -> None:
        """Open a stored ballot of this pass to correct it (read-only after 定稿)."""
        if ballot is None:
            return
        if self._serial is not None and not self._may_drop_ballot():
            return
        self._reset()
        self._begin(ballot.serial, ballot)

    def delete_ballot(self, ballot) -> None:
        """Delete a stored ballot of this pass; a reason is required and logged."""
        reason = entry_dialogs.ask_delete_reason(self, ballot.serial)
        if not reason:
            self._say(self.tr("未删除 {serial}（没有填写原因）。").format(serial=ballot.serial), GREY)
            return
        try:
            ballot_ops.delete_ballot(self.meeting, ballot.id, reason)
        except PingyiError as refused:
            self._say(self.tr("未删除：{why}").format(why=refused), RED)
            return
        if self._serial == ballot.serial:
            self._reset()
        self._say(self.tr("已删除 {serial}（原因：{why}）。").format(serial=ballot.serial, why=reason), GREEN)
        self.bus.changed.emit("ballots")
