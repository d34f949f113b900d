"""述职人 tab: the roster table with add, delete and reorder (drag or Ctrl+↑/Ctrl+↓)."""

from __future__ import annotations

from models import setup
from models.labels import ReportMode

from .empty_state import EmptyHint
from .reporters_table_model import MODE_LABELS, ReportersTableModel
from .setup_panel import TablePanel
from .setup_table_base import ChoiceDelegate
from .setup_widgets import Field, RecordDialog, tr

HINT = ("在表格中直接输入即可修改（F2 或双击也可编辑），回车保存，每次修改立即存入会议文件。"
        "拖动行或按 Ctrl+↑ / Ctrl+↓ 调整测评表顺序（序号）。")


class ReportersPanel(TablePanel):
    def __init__(self, meeting, bus, parent=None):
        super().__init__(meeting, bus, ReportersTableModel(meeting), hint=tr(HINT), movable=True, parent=parent)
        self.view.setItemDelegateForColumn(self.model.column_of("mode"), ChoiceDelegate(MODE_LABELS, self.view))
        self.view.fit_columns({0: 56, 1: 110, 3: 180, 4: 90, 5: 90}, stretch=2)
        self.add = self.add_action(tr("增加述职人"), ["Insert", "Ctrl+Shift+N"], self.add_reporter)
        self.delete = self.add_action(tr("删除"), "Delete", self.delete_reporter, tr("删除所选述职人"))
        self.up = self.add_action(tr("上移"), "Ctrl+Up", lambda: self.move_current(-1), tr("在测评表中上移一行"))
        self.down = self.add_action(tr("下移"), "Ctrl+Down", lambda: self.move_current(1), tr("在测评表中下移一行"))
        self.finish_buttons()
        self.empty_hint = EmptyHint(self.view, lambda: tr(
            "还没有述职人。\n按 Insert（或 Ctrl+Shift+N）逐个增加，\n"
            "或点上方“从 Excel 导入…”（Ctrl+I），用准备表一次导入述职人、测评人类别和计分规则。"))

    def set_forms_printed(self, printed: bool) -> None:
        """Printed forms fix the rows: adding, deleting and reordering reporters are switched off."""
        self.lock_actions((self.add, self.delete, self.up, self.down), printed, tr("已打印测评表，行序已固定"))
        self.view.setDragEnabled(not printed)

    def add_reporter(self) -> None:
        fields = [Field("name", tr("姓名")), Field("unit", tr("单位")), Field("title", tr("职务"), "党组织书记"),
                  Field("mode", tr("述职方式"), MODE_LABELS[0], MODE_LABELS)]

        def submit(values):
            return setup.add_reporter(self.meeting, values["name"], values["unit"], values["title"],
                                      ReportMode.from_label(values["mode"]))
        dialog = RecordDialog(tr("增加述职人"), fields, submit, self)
        self.show_dialog(dialog, lambda reporter: self.select_record(reporter.id, 1))

    def delete_reporter(self) -> None:
        self.delete_current(
            tr("删除述职人"),
            lambda r: tr("删除第 {0} 位述职人“{1}”？后面的述职人序号依次前移。").format(r.seq, r.name),
            setup.delete_reporter, lambda r: tr("已删除 {0}").format(r.name))

    def move_current(self, step: int) -> None:
        reporter = self.current_record()
        if reporter is None or self.editing():
            return
        row = self.view.current_row()
        if 0 <= row + step < self.model.rowCount():
            self.model.move_row(row, row + step)
