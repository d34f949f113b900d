"""文件 → 合并录入机…: pick station files, preview what comes in, merge in one step.

In the window a keying that disagrees with one already stored is never overwritten: when
双录核对 is on and the other pass of that serial is free, it comes in as that pass, so the two
keyings disagree in 核对 and are settled against the paper (核对重录).  A disagreement that
cannot be put there (single entry, both passes already keyed, a re-keying) refuses the merge,
as on the command line.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from models.errors import PingyiError
from models.stations import MergeConflicts, merge_stations, plan_merge, read_station

from .bus import BALLOTS

COLUMNS = ("录入机", "文件", "制作时间", "新并入", "已有相同", "转入核对", "不能合并")


def ask_station_files(parent, start: str) -> list[str]:
    """The station files the clerk picks (tests patch this)."""
    paths, _ = QFileDialog.getOpenFileNames(
        parent, parent.tr("选择录入机文件"), start, parent.tr("Pingyi 录入机文件 (*.pingyi)")
    )
    return paths


class MergeStationsDialog(QDialog):
    """Preview and merge station files into the open (main) meeting."""

    def __init__(self, meeting, bus, parent=None):
        super().__init__(parent)
        self.meeting, self.bus = meeting, bus
        self.paths: list[Path] = []
        self.plan = self.merged = None
        self.setWindowTitle(self.tr("合并录入机"))
        self.resize(920, 520)
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "选择从各台录入机拷回的文件（可多选）。合并前先预览：相同的选票不会重复计入；"
                "同一编号同一遍次录入不同的，不会覆盖已有录入，而是作为另一遍录入转入“核对”，请对照纸质表核对重录。"
            ),
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        row = QHBoxLayout()
        self.pick_button = QPushButton(self.tr("选择录入机文件…"), self)
        self.pick_button.clicked.connect(self.pick)
        row.addWidget(self.pick_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in COLUMNS])
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 2)
        self.details = QPlainTextEdit(self)
        self.details.setReadOnly(True)
        self.details.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        layout.addWidget(self.details, 1)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        buttons = QDialogButtonBox(self)
        self.merge_button = buttons.addButton(self.tr("合并"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.tr("取消"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.merge)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.show_preview()

    # -- choosing and previewing --------------------------------------------------------
    def pick(self) -> bool:
        """Ask for station files; False when the clerk chose none."""
        chosen = ask_station_files(self, str(self.meeting.path.parent))
        if chosen:
            self.set_paths(chosen)
        return bool(chosen)

    def set_paths(self, paths) -> None:
        """Preview these station files (replacing the previous choice)."""
        self.paths = [Path(p) for p in paths]
        self.show_preview()

    def show_preview(self) -> None:
        stations, refused = [], []
        for path in self.paths:
            try:
                stations.append(read_station(self.meeting, path))
            except PingyiError as err:
                refused.append((path, str(err)))
        self.plan, problem = None, ""
        if stations:
            try:
                self.plan = plan_merge(self.meeting, stations, to_reconcile=True)
            except PingyiError as err:
                problem = str(err)
        self._fill_table(refused)
        self._fill_details(refused, problem)

    def _fill_table(self, refused) -> None:
        totals = list(self.plan.totals) if self.plan else []
        self.table.setRowCount(len(totals) + len(refused))
        for row, t in enumerate(totals):
            cells = (t.name, t.file_name, t.made_at, t.merged, t.unchanged, t.to_reconcile, t.conflicts or "")
            self._set_row(row, cells)
        for row, (path, _) in enumerate(refused, start=len(totals)):
            self._set_row(row, ("—", path.name, "", "", "", "", self.tr("整个文件不能合并")))

    def _set_row(self, row: int, cells) -> None:
        for column, value in enumerate(cells):
            item = QTableWidgetItem(str(value))
            if isinstance(value, int):
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.setItem(row, column, item)

    def _fill_details(self, refused, problem: str) -> None:
        lines = [text if path.name in text else f"{path.name}：{text}" for path, text in refused]
        lines += [problem] if problem else []
        plan = self.plan
        if plan is not None:
            lines += [self.tr("转入核对：") + c.sentence() + self.tr("（作为另一遍录入，不覆盖）") for c in plan.routed]
            lines += [self.tr("不能合并：") + c.sentence() for c in plan.conflicts]
        self.details.setPlainText("\n".join(lines) if lines else self.tr("（没有问题）") if self.paths else "")
        blocked = bool(refused or problem or (plan and plan.conflicts))
        can_merge = plan is not None and not blocked and plan.merged > 0
        self.merge_button.setEnabled(can_merge)
        if not self.paths:
            text = self.tr("尚未选择录入机文件。")
        elif blocked:
            text = self.tr("有不能合并的文件或选票（见上方说明），本次不会合并任何选票。请处理后重新选择。")
        elif plan.merged == 0:
            text = self.tr("这些录入机的选票都已在本会议中（{0} 张），无需合并。").format(plan.unchanged)
        else:
            text = self.tr(
                "将并入 {0} 张选票（其中 {1} 张转入核对），{2} 张已有相同的不重复计入。作为一次操作记入审计日志。"
            ).format(plan.merged, len(plan.routed), plan.unchanged)
        self.summary.setText(text)

    # -- merging ------------------------------------------------------------------------
    def merge(self) -> None:
        try:
            plan = merge_stations(self.meeting, self.paths, to_reconcile=True)
        except MergeConflicts as err:
            self.plan = err.plan
            self.show_preview()
            self.summary.setText(str(err).splitlines()[0])
            return
        except PingyiError as err:
            self.show_preview()
            self.summary.setText(str(err))
            return
        self.bus.changed.emit(BALLOTS)
        self.merged = plan
        self.accept()

    def outcome(self) -> str:
        """What the merge did, for the status line."""
        plan = self.merged
        return self.tr("已并入 {0} 张选票（转入核对 {1} 张），{2} 张已有相同的未重复计入。").format(
            plan.merged, len(plan.routed), plan.unchanged
        )
