"""准备 stage: meeting facts, roster, categories, items, rules and components, score entry,
and the setup workbook (Excel) in and out."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from models import setup
from models.errors import InputErrors, PingyiError

from .bus import BALLOTS, SETUP
from .setup_facts import FactsForm
from .setup_lists import CategoriesPanel, ItemsPanel
from .setup_reporters import ReportersPanel
from .setup_rules import RulesTab, ScoresPanel
from .setup_widgets import FaultsDialog, MessageBar, confirm, error_text, make_action, tr

XLSX_FILTER = "Excel 工作簿 (*.xlsx)"


def _workbook():
    import models.setup.workbook as workbook  # openpyxl only when the clerk asks for Excel

    return workbook


class SetupStage(QWidget):
    """Every tab commits each edit at once; all of them refresh on ``bus.changed``."""

    def __init__(self, meeting, bus, parent=None):
        super().__init__(parent)
        self.meeting, self.bus = meeting, bus
        self.dialog = None
        layout = QVBoxLayout(self)
        layout.addLayout(self._header())
        self.notice = QLabel(self)
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet("color: #8a5a00;")
        layout.addWidget(self.notice)
        self.tabs = QTabWidget(self)
        self.facts = FactsForm(meeting, bus)
        self.reporters = ReportersPanel(meeting, bus)
        self.categories = CategoriesPanel(meeting, bus)
        self.items = ItemsPanel(meeting, bus)
        self.rules = RulesTab(meeting, bus)
        self.scores = ScoresPanel(meeting, bus)
        for widget, title in ((self.facts, "会议信息"), (self.reporters, "述职人"), (self.categories, "测评人类别"),
                              (self.items, "测评项目"), (self.rules, "计分规则"), (self.scores, "评价分数")):
            self.tabs.addTab(widget, tr(title))
        self.tabs.setToolTip(tr("Ctrl+Tab / Ctrl+Shift+Tab 切换页面"))
        layout.addWidget(self.tabs, 1)
        self.message = MessageBar(self)
        layout.addWidget(self.message)
        bus.changed.connect(self.refresh)
        self._update_notice()

    def _header(self) -> QHBoxLayout:
        row = QHBoxLayout()
        title = QLabel(tr("准备"), self)
        title.setStyleSheet("font-size: 16pt; font-weight: bold;")
        row.addWidget(title)
        row.addStretch(1)
        for text, keys, slot, tip in (
            ("从 Excel 导入…", "Ctrl+I", self.import_workbook, "从准备表（Excel）导入全部准备信息"),
            ("导出到 Excel…", "Ctrl+E", self.export_workbook, "把全部准备信息导出为准备表（Excel）"),
            ("空白准备表…", "", self.save_template, "保存一份空白的准备表模板，填好后导入"),
        ):
            button = QToolButton(self)
            button.setDefaultAction(make_action(self, tr(text), keys, slot, tr(tip)))
            row.addWidget(button)
        return row

    # -- refreshing ---------------------------------------------------------------
    def refresh(self, topic: str = SETUP) -> None:
        if topic == BALLOTS:  # keying ballots changes nothing shown here; keep entry fast
            return
        for panel in (self.facts, self.reporters, self.categories, self.items, self.rules, self.scores):
            panel.refresh()
        self._update_notice()

    def _update_notice(self) -> None:
        notes = []
        printed = bool(setup.forms_printed(self.meeting))
        for panel in (self.reporters, self.items):  # disabled, not merely warned about
            panel.set_forms_printed(printed)
        if self.meeting.finalized:
            notes.append(tr("会议已定稿：准备信息只能查看，不能修改。"))
        elif printed:
            notes.append(tr("已打印测评表：不能再增删述职人或测评项目、调整测评表顺序；姓名、单位等文字仍可修改。"))
        self.notice.setText(" ".join(notes))
        self.notice.setVisible(bool(notes))

    # -- the setup workbook ---------------------------------------------------------
    def import_workbook(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, tr("导入准备表"), str(self.meeting.path.parent), tr(XLSX_FILTER))
        if not path or not confirm(self, tr("导入准备表"), tr(
                "用准备表中的内容替换当前的会议信息、述职人、类别、项目和规则？\n导入要么全部成功，要么什么都不改。")):
            return
        try:
            _workbook().import_setup(self.meeting, path)
        except InputErrors as err:
            self.message.error(tr("准备表有 {0} 处问题，未导入任何内容。").format(len(err.faults)))
            self._show_faults(err)
            return
        except PingyiError as err:
            self.message.error(error_text(err))
            return
        self.message.saved(tr("已从准备表导入"))
        self.bus.changed.emit(SETUP)

    def _show_faults(self, err: InputErrors) -> None:
        heading = err.heading or tr("准备表有问题，未导入任何内容：")
        self.dialog = FaultsDialog(tr("准备表有问题"), heading + "\n" + tr("请在 Excel 中改正后重新导入。"),
                                   err.faults, self)
        self.dialog.open()

    def _save_path(self, title: str, name: str) -> str:
        path, _ = QFileDialog.getSaveFileName(self, title, str(self.meeting.path.parent / name), tr(XLSX_FILTER))
        if path and not path.lower().endswith(".xlsx"):
            path += ".xlsx"
        return path

    def export_workbook(self) -> None:
        path = self._save_path(tr("导出准备表"), f"{self.meeting.path.stem}-准备表.xlsx")
        if path:
            self._write(lambda: _workbook().export_setup(self.meeting, path), path)

    def save_template(self) -> None:
        path = self._save_path(tr("保存空白准备表"), "准备表模板.xlsx")
        if path:
            self._write(lambda: _workbook().write_template(path), path)

    def _write(self, action, path: str) -> None:
        try:
            action()
        except (PingyiError, OSError) as err:
            text = error_text(err) if isinstance(err, PingyiError) else tr("无法写入 {0}：{1}").format(path, err)
            self.message.error(text)
            QMessageBox.warning(self, tr("无法保存"), text)
            return
        self.message.saved(tr("已保存到 {0}").format(path))
