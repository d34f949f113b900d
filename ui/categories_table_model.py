"""测评人类别 table: 代码, 名称, 权重, 发出票数 — edited in place through models.setup."""

from __future__ import annotations

from models import setup

from .setup_table_base import Column, RecordTableModel


def _number(value) -> str:
    return format(value.normalize(), "f")


def category_columns() -> list[Column]:
    return [
        Column("code", "代码", lambda c: c.code, True, tooltip="一个英文字母，印在测评表上（A票、B票…）"),
        Column("name", "名称", lambda c: c.name, True),
        Column("weight", "权重", lambda c: _number(c.weight), True,
               tooltip="计算现场测评得分时该类别的权重", numeric=True),
        Column("issued", "发出票数", lambda c: str(c.issued), True,
               tooltip="发给该类测评人的测评表张数；收回多于发出则测评无效", numeric=True),
    ]


class CategoriesTableModel(RecordTableModel):
    """The evaluator categories of one meeting, by code."""

    def __init__(self, meeting, parent=None):
        self.meeting = meeting
        super().__init__(category_columns(), self._commit_edit, setup.list_categories(meeting), parent=parent)

    def refresh(self) -> None:
        self.reload(setup.list_categories(self.meeting))

    def _commit_edit(self, category, key: str, text: str):
        value = text
        if key == "issued":
            try:
                value = int(text.strip())
            except ValueError:
                value = text  # models/ names the fault
        return setup.update_category(self.meeting, category.id, **{key: value})
