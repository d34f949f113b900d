"""定档: the party committee's final grades, the manual 差 flag, 定稿 and 重新打开."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from models.counting import Tally, compute_tally, decisions
from models.counting.outcomes import NOT_EXCELLENT_HEAD, TALK_HEAD, names_text, outcomes
from models.errors import PingyiError

from .bus import DECISIONS
from .decide_dialogs import DecideDialog, ReasonDialog
from .results_problems import ProblemsPanel
from .results_stage import results_view
from .results_table_model import ResultColumn, ResultsTableModel, grade_text, rank_text, score_text
from .setup_widgets import MessageBar, error_text, make_action


def decide_columns() -> list[ResultColumn]:
    return [
        ResultColumn("序号", lambda r: str(r.reporter.seq), True),
        ResultColumn("姓名", lambda r: r.reporter.name),
        ResultColumn("单位", lambda r: r.reporter.unit),
        ResultColumn("综合得分", lambda r: score_text(r.combined_score), True),
        ResultColumn("排名", rank_text, True),
        ResultColumn("拟定等次", lambda r: grade_text(r.proposed_grade)),
        ResultColumn("确定等次", lambda r: grade_text(r.final_grade)),
        ResultColumn("说明", lambda r: r.reason_text),
        ResultColumn("理由", lambda r: "；".join(x for x in (r.flag_reason and f"定性为差：{r.flag_reason}",
                                                         r.override_reason and f"调整：{r.override_reason}") if x)),
    ]


class DecideStage(QWidget):
    """Table of proposed and final grades with the actions of 定档; refreshes on every change."""

    def __init__(self, meeting, bus, parent=None):
        super().__init__(parent)
        self.meeting, self.bus = meeting, bus
        self.tally: Tally | None = None
        self.dialog: QDialog | None = None
        self.state = QLabel(self)
        self.state.setWordWrap(True)
        self.state.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.model = ResultsTableModel(decide_columns(), self)
        self.view = results_view(self.model, self)
        self.view.doubleClicked.connect(lambda *_: self.ask_decision())
        self.problems = ProblemsPanel(self)
        self.outcomes = QLabel(self)  # 结果运用: the two lists by final grade
        self.outcomes.setWordWrap(True)
        self.outcomes.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        outcome_box = QGroupBox(self.tr("结果运用（按确定等次）"), self)
        QVBoxLayout(outcome_box).addWidget(self.outcomes)
        self.message = MessageBar(self)
        buttons = QHBoxLayout()
        self.actions = {}
        for key, text, keys, slot, tip in (
            ("decide", "确定等次…", "Ctrl+D", self.ask_decision, "为选中的述职人确定等次（与拟定不同须填理由）"),
            ("clear", "恢复拟定等次", "Ctrl+Shift+D", self.clear_decision, "撤销调整，确定等次随拟定等次"),
            ("flag", "定性为差…", "Ctrl+G", self.ask_flag, "重大失误或被问责，须填写理由"),
            ("unflag", "撤销定性", "Ctrl+Shift+G", self.unflag, "撤销“定性为差”"),
            ("finalize", "定稿…", "Ctrl+Shift+F", self.ask_finalize, "锁定选票与结果，生成数据指纹"),
            ("reopen", "重新打开…", "Ctrl+Shift+R", self.ask_reopen, "撤销定稿以便修改，须填写理由"),
        ):
            action = make_action(self, self.tr(text), keys, slot, self.tr(tip))
            button = QToolButton(self)
            button.setDefaultAction(action)
            buttons.addWidget(button)
            self.actions[key] = action
        buttons.addStretch(1)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.view)
        splitter.addWidget(self.problems)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.state)
        layout.addLayout(buttons)
        layout.addWidget(splitter, 1)
        layout.addWidget(outcome_box)
        layout.addWidget(self.message)
        bus.changed.connect(self._on_changed)
        self._stale = True

    # -- refreshing -----------------------------------------------------------
    def _on_changed(self, topic: str) -> None:
        self._stale = True
        if self.isVisible():
            self.refresh()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def refresh(self) -> None:
        row = self.view.currentIndex().row()
        self.tally = compute_tally(self.meeting)
        self._stale = False
        self.model.set_rows(self.tally.reporters)
        if self.model.rowCount():
            self.view.selectRow(min(max(row, 0), self.model.rowCount() - 1))
        self.problems.set_tally(self.tally)
        self._show_state(self.tally)
        self._show_outcomes(self.tally)

    def _show_outcomes(self, tally: Tally) -> None:
        lists = outcomes(tally)
        self.outcomes.setText(self.tr("{0}：{1}\n{2}：{3}").format(
            self.tr(NOT_EXCELLENT_HEAD), names_text(lists.below_good), self.tr(TALK_HEAD), names_text(lists.talk)))

    def _show_state(self, tally: Tally) -> None:
        done = tally.finalized
        for key in ("decide", "clear", "flag", "unflag", "finalize"):
            self.actions[key].setEnabled(not done)
        self.actions["reopen"].setEnabled(done)
        if done:
            self.state.setStyleSheet("background: #e6f4ea; color: #1e4620; padding: 6px;")
            self.state.setText(self.tr("已定稿，结果已锁定。数据指纹：{0}\n审计链头：{1}").format(
                tally.fingerprint, tally.chain_head))
        else:
            self.state.setStyleSheet("background: #eef3fb; padding: 6px;")
            self.state.setText(self.tr("尚未定稿。确定等次默认等于拟定等次；与拟定不同须填写理由。"
                                       "处理完下方的问题后即可定稿。"))

    # -- actions --------------------------------------------------------------
    def selected(self):
        index = self.view.currentIndex()
        if not index.isValid():
            self.message.error(self.tr("请先在表格中选中一位述职人。"))
            return None
        return self.model.result(index.row())

    def _apply(self, what: str, operation) -> bool:
        try:
            operation()
        except PingyiError as err:
            self.message.error(error_text(err))
            return False
        self.message.saved(what)
        self.bus.changed.emit(DECISIONS)
        if not self.isVisible():
            self.refresh()
        return True

    def _open(self, dialog: QDialog, on_accept) -> None:
        self.dialog = dialog
        dialog.accepted.connect(on_accept)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.open()

    def ask_decision(self) -> None:
        result = self.selected()
        if result is None:
            return
        dialog = DecideDialog(result, self)
        rid = result.reporter.id
        self._open(dialog, lambda: self._apply(
            self.tr("确定等次"), lambda: decisions.decide(self.meeting, rid, dialog.grade(), dialog.reason())))

    def clear_decision(self) -> None:
        result = self.selected()
        if result is not None:
            self._apply(self.tr("恢复拟定等次"), lambda: decisions.clear_decision(self.meeting, result.reporter.id))

    def ask_flag(self) -> None:
        result = self.selected()
        if result is None:
            return
        dialog = ReasonDialog(self.tr("定性为差"), self.tr("{0}：出现重大失误或被问责，综合评价等次定为差。请写明情况：")
                              .format(result.reporter.name), self, placeholder=self.tr("例如：因安全生产事故被问责"))
        rid = result.reporter.id
        self._open(dialog, lambda: self._apply(self.tr("定性为差"),
                                               lambda: decisions.flag(self.meeting, rid, dialog.reason())))

    def unflag(self) -> None:
        result = self.selected()
        if result is not None:
            self._apply(self.tr("撤销定性"), lambda: decisions.unflag(self.meeting, result.reporter.id))

    def ask_finalize(self) -> None:
        blocking = compute_tally(self.meeting).blocking  # one recount serves both questions below
        refusals = [p.text for p in blocking]
        only_reconciliation = bool(blocking) and all(p.kind == "reconciliation" for p in blocking)
        if refusals and not only_reconciliation:
            self.message.error(self.tr("不能定稿，请先处理以下待处理事项：") + "\n" + "\n".join(refusals))
            return
        if only_reconciliation:
            dialog = ReasonDialog(self.tr("免于核对并定稿"), "\n".join(refusals) + "\n\n" + self.tr(
                "如确需不核对即定稿，请填写理由（未核对的选票按一录计入结果）："), self)
            self._open(dialog, lambda: self._finalize(dialog.reason()))
            return
        dialog = ReasonDialog(self.tr("定稿"), self.tr("定稿后选票、等次和设置都将锁定，正式文件带数据指纹。"
                                                      "请输入“定稿”二字确认："), self)
        self._open(dialog, lambda: self._finalize(None) if dialog.reason() == "定稿"
                   else self.message.error(self.tr("未输入“定稿”，没有定稿。")))

    def _finalize(self, waive_reason: str | None) -> None:
        self._apply(self.tr("定稿"), lambda: decisions.finalize(self.meeting, waive_reason))

    def ask_reopen(self) -> None:
        dialog = ReasonDialog(self.tr("重新打开"), self.tr("重新打开后可以修改选票和等次，正式文件将变回草稿。"
                                                         "理由会记入审计日志："), self,
                              placeholder=self.tr("例如：党委会要求复核第 3 位述职人的等次"))
        self._open(dialog, lambda: self._apply(self.tr("重新打开"),
                                               lambda: decisions.reopen(self.meeting, dialog.reason())))
