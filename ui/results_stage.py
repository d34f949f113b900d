"""计票: live counts, shares, scores, ranks, rule tags, the chart and what blocks 定稿.

The tally is recounted from the ballots whenever something changes; while the stage is not
on screen it only remembers that it is stale, so entering ballots stays fast.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from models.counting import Tally, compute_tally
from models.ledger.carry import previous_results

from .empty_state import EmptyHint
from .results_chart import GradeShareChart
from .results_problems import ProblemsPanel
from .results_table_model import ResultsTableModel, category_columns, item_columns, summary_columns

REFRESH_DELAY_MS = 150


def results_view(model, parent) -> QTableView:
    view = QTableView(parent)
    view.setModel(model)
    view.setAlternatingRowColors(True)
    view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.horizontalHeader().setStretchLastSection(True)
    return view


class ResultsStage(QWidget):
    """The 计票 stage: 汇总 / 分类别 / 分项 / 图表 / 评价分数 / 问题 tabs over one tally."""

    def __init__(self, meeting, bus, parent=None):
        super().__init__(parent)
        self.meeting, self.bus = meeting, bus
        self.tally: Tally | None = None
        self._stale = True
        self._timer = QTimer(self, singleShot=True, interval=REFRESH_DELAY_MS, timeout=self.refresh)
        self.banner = QLabel(self)
        self.banner.setWordWrap(True)
        self.tabs = QTabWidget(self)
        self.summary_model = ResultsTableModel(summary_columns(), self)
        self.summary_view = results_view(self.summary_model, self)
        self.tabs.addTab(self.summary_view, self.tr("汇总"))
        self.summary_hint = EmptyHint(self.summary_view, lambda: self.tr(
            "还没有述职人。\n请先在“准备”中录入述职人名单；录入选票后，这里随时显示票数、得分、等次和排名。"))
        self.tabs.addTab(self._build_category_tab(), self.tr("分类别"))
        self.tabs.addTab(self._build_item_tab(), self.tr("分项"))
        self.chart = GradeShareChart(self)
        self.tabs.addTab(self.chart, self.tr("图表"))
        self.scores_panel = self._build_scores_panel()
        if self.scores_panel is not None:
            self.tabs.addTab(self.scores_panel, self.tr("评价分数"))
        self.problems = ProblemsPanel(self)
        self.tabs.addTab(self.problems, self.tr("待处理事项"))
        for i in range(self.tabs.count()):
            self.tabs.setTabToolTip(i, self.tr("Alt+{0} 切换").format(i + 1))
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(self.tabs, 1)
        bus.changed.connect(self._on_changed)

    # -- building -----------------------------------------------------------
    def _build_category_tab(self) -> QWidget:
        page = QWidget(self)
        self.category_box = QComboBox(page)
        self.category_box.currentIndexChanged.connect(self._fill_category)
        self.category_model = ResultsTableModel([], page)
        self.category_view = results_view(self.category_model, page)
        return _with_picker(page, self.tr("测评人类别："), self.category_box, self.category_view)

    def _build_item_tab(self) -> QWidget:
        page = QWidget(self)
        self.item_box = QComboBox(page)
        self.item_box.currentIndexChanged.connect(self._fill_item)
        self.item_model = ResultsTableModel([], page)
        self.item_view = results_view(self.item_model, page)
        return _with_picker(page, self.tr("测评项目："), self.item_box, self.item_view)

    def _build_scores_panel(self):
        from .setup_rules import ScoresPanel  # the same editor as in 准备; edits go through models.setup

        return ScoresPanel(self.meeting, self.bus, self)

    # -- refreshing ---------------------------------------------------------
    def _on_changed(self, topic: str) -> None:
        self._stale = True
        if self.isVisible():
            self._timer.start()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def refresh(self) -> None:
        """Recount from the ballots and show the result everywhere on this stage."""
        self.tally = compute_tally(self.meeting)
        self._stale = False
        self.summary_model.set_rows(self.tally.reporters, summary_columns(self.tally.rules))  # 一般和差票率 or 差票率
        self._refill_box(self.category_box, [f"{c.code} 票 · {c.name}（权重 {c.weight}）" for c in self.tally.categories])
        self._refill_box(self.item_box, [i.name + ("（总体）" if i.is_overall else "") for i in self.tally.items])
        self._fill_category()
        self._fill_item()
        self.chart.set_results(self.tally.reporters, previous_results(self.meeting),  # 历年对比 (整改台账)
                               self.tally.rules)
        self.problems.set_tally(self.tally)
        self._set_banner(self.tally)

    def _refill_box(self, box: QComboBox, texts: list[str]) -> None:
        if [box.itemText(i) for i in range(box.count())] == texts:
            return
        current = box.currentIndex()
        box.blockSignals(True)
        box.clear()
        box.addItems(texts)
        box.setCurrentIndex(min(max(current, 0), len(texts) - 1))
        box.blockSignals(False)

    def _fill_category(self) -> None:
        if self.tally is None or not self.tally.categories:
            self.category_model.set_rows([], [])
            return
        code = self.tally.categories[max(self.category_box.currentIndex(), 0)].code
        self.category_model.set_rows(self.tally.reporters, category_columns(code))

    def _fill_item(self) -> None:
        if self.tally is None or not self.tally.items:
            self.item_model.set_rows([], [])
            return
        self.item_model.set_rows(self.tally.reporters, item_columns(max(self.item_box.currentIndex(), 0)))

    def _set_banner(self, tally: Tally) -> None:
        rec = tally.reconciliation
        parts = [self.tr("计入结果的选票 {0} 张").format(tally.counted_ballots)]
        parts += [f"{c.code}票 收回 {c.returned}/发出 {c.issued}，有效 {c.valid}，废票 {c.void}" for c in tally.categories]
        if rec.required and rec.outstanding:
            parts.append(self.tr("待核对 {0} 张（未计入）").format(rec.outstanding))
        if rec.waived:
            parts.append(self.tr("已免于核对：{0}").format(rec.waiver_reason or ""))
        text = "；".join(parts) + "。"
        if not tally.valid:
            self.banner.setStyleSheet("background: #fde2e1; color: #b3261e; font-weight: bold; padding: 6px;")
            text = self.tr("测评无效：收回票数多于发出票数。") + text
        elif tally.finalized:
            self.banner.setStyleSheet("background: #e6f4ea; color: #1e4620; padding: 6px;")
            text = self.tr("已定稿。") + text
        else:
            self.banner.setStyleSheet("background: #eef3fb; padding: 6px;")
        self.banner.setText(text)

    def keyPressEvent(self, event) -> None:
        key = event.key()
        if event.modifiers() & Qt.KeyboardModifier.AltModifier and Qt.Key.Key_1 <= key <= Qt.Key.Key_9:
            index = key - Qt.Key.Key_1
            if index < self.tabs.count():
                self.tabs.setCurrentIndex(index)
                return
        super().keyPressEvent(event)


def _with_picker(page: QWidget, label: str, box: QComboBox, view: QTableView) -> QWidget:
    row = QHBoxLayout()
    caption = QLabel(label, page)
    caption.setBuddy(box)
    row.addWidget(caption)
    row.addWidget(box)
    row.addStretch(1)
    layout = QVBoxLayout(page)
    layout.addLayout(row)
    layout.addWidget(view, 1)
    return page
