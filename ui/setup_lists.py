"""测评人类别 and 测评项目 tabs."""

from __future__ import annotations

import string

from models import setup

from .categories_table_model import CategoriesTableModel
from .items_table_model import ItemsTableModel
from .setup_panel import TablePanel
from .setup_widgets import Field, RecordDialog, tr

CATEGORY_HINT = ("每类测评人用一个字母表示（印在测评表上，如 A 票、B 票）。权重用于按类别加权计算现场测评得分；"
                 "发出票数用于核对收回的票数（收回多于发出则测评无效）。")
ITEM_HINT = ("“总体评价”是必备项目，决定等次；可增加分项（如履行职责情况、重点任务落实、问题整改），"
             "它们按顺序印在测评表上。")


def _as_int(text: str):
    try:
        return int(text.strip())
    except ValueError:
        return text  # models/ names the fault


class CategoriesPanel(TablePanel):
    def __init__(self, meeting, bus, parent=None):
        super().__init__(meeting, bus, CategoriesTableModel(meeting), hint=tr(CATEGORY_HINT), parent=parent)
        self.view.fit_columns({0: 60, 2: 90, 3: 100}, stretch=1)
        self.add = self.add_action(tr("增加类别"), ["Insert", "Ctrl+Shift+N"], self.add_category)
        self.delete = self.add_action(tr("删除"), "Delete", self.delete_category, tr("删除所选类别"))
        self.finish_buttons()

    def _next_code(self) -> str:
        taken = {c.code for c in self.model.records()}
        return next((c for c in string.ascii_uppercase if c not in taken), "")

    def add_category(self) -> None:
        fields = [Field("code", tr("代码"), self._next_code()), Field("name", tr("名称")),
                  Field("weight", tr("权重"), "1"), Field("issued", tr("发出票数"), "0")]

        def submit(values):
            return setup.add_category(self.meeting, values["code"], values["name"], values["weight"],
                                      _as_int(values["issued"]))
        dialog = RecordDialog(tr("增加测评人类别"), fields, submit, self)
        self.show_dialog(dialog, lambda category: self.select_record(category.id, 1))

    def delete_category(self) -> None:
        self.delete_current(tr("删除测评人类别"), lambda c: tr("删除 {0}票“{1}”？").format(c.code, c.name),
                            setup.delete_category, lambda c: tr("已删除 {0}票").format(c.code))


class ItemsPanel(TablePanel):
    def __init__(self, meeting, bus, parent=None):
        super().__init__(meeting, bus, ItemsTableModel(meeting), hint=tr(ITEM_HINT), parent=parent)
        self.view.fit_columns({0: 60, 2: 160}, stretch=1)
        self.add = self.add_action(tr("增加分项"), ["Insert", "Ctrl+Shift+N"], self.add_item)
        self.delete = self.add_action(tr("删除"), "Delete", self.delete_item, tr("删除所选分项"))
        self.finish_buttons()

    def set_forms_printed(self, printed: bool) -> None:
        """Printed forms fix the items: adding and deleting them are switched off."""
        self.lock_actions((self.add, self.delete), printed, tr("已打印测评表，测评项目已固定"))

    def add_item(self) -> None:
        dialog = RecordDialog(tr("增加测评项目"), [Field("name", tr("名称"))],
                              lambda values: setup.add_item(self.meeting, values["name"]), self)
        self.show_dialog(dialog, lambda item: self.select_record(item.id, 1))

    def delete_item(self) -> None:
        item = self.current_record()
        if item is not None and item.is_overall:
            self.message.error(tr("“总体评价”是必备项目，不能删除。"))
            return
        self.delete_current(tr("删除测评项目"), lambda i: tr("删除测评项目“{0}”？").format(i.name),
                            setup.delete_item, lambda i: tr("已删除 {0}").format(i.name))
