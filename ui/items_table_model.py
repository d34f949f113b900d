"""测评项目 table: 序号, 名称, 类型.  The overall item 总体评价 is fixed."""

from __future__ import annotations

from models import setup

from .setup_table_base import Column, RecordTableModel


def item_columns() -> list[Column]:
    return [
        Column("seq", "序号", lambda i: str(i.seq), numeric=True),
        Column("name", "名称", lambda i: i.name, lambda i: not i.is_overall,
               tooltip="测评表上的项目名称；“总体评价”为必备项目，不能修改或删除"),
        Column("kind", "类型", lambda i: "总体评价（必备）" if i.is_overall else "分项"),
    ]


class ItemsTableModel(RecordTableModel):
    """The evaluation items of one meeting in form order."""

    def __init__(self, meeting, parent=None):
        self.meeting = meeting
        super().__init__(item_columns(), self._commit_edit, setup.list_items(meeting), parent=parent)

    def refresh(self) -> None:
        self.reload(setup.list_items(self.meeting))

    def _commit_edit(self, item, key: str, text: str):
        setup.rename_item(self.meeting, item.id, text)
        return next(i for i in setup.list_items(self.meeting) if i.id == item.id)
