"""评价构成 table: 名称 and 权重 (%).  The weight of 现场测评 is whatever the others leave
of 100, so every single edit keeps the sum at 100 and can be committed at once."""

from __future__ import annotations

from decimal import Decimal

from models import setup
from models.errors import InputErrors

from .setup_table_base import Column, RecordTableModel


def _number(value: Decimal) -> str:
    return format(value.normalize(), "f")


def balanced_pairs(components, *, weights=None, names=None, add=None, remove=None) -> list[tuple[str, Decimal]]:
    """(name, weight) pairs for ``set_components`` with 现场测评 taking the rest of 100.

    ``weights``/``names`` map component id → new text; ``add`` is a (name, weight text) pair;
    ``remove`` a component id.  Raises InputErrors naming the weight at fault.
    """
    weights, names = weights or {}, names or {}
    rows = [(c, names.get(c.id, c.name), weights.get(c.id, c.weight)) for c in components if c.id != remove]
    if add is not None:
        rows.append((None, add[0].strip(), add[1]))
    others, total = [], Decimal(0)
    for comp, name, weight in rows:
        if comp is not None and comp.is_onsite:
            continue
        value = _parse_weight(name, weight)
        total += value
        others.append((name, value))
    if total > 100:
        raise InputErrors([f"其他构成的权重合计为 {_number(total)}，超过了 100，“{setup.ONSITE_COMPONENT}”的权重"
                           "不能为负。请减小权重后重试。"])
    onsite = [(comp.name, Decimal(100) - total) for comp, _, _ in rows if comp is not None and comp.is_onsite]
    return onsite + others


def _parse_weight(name: str, weight) -> Decimal:
    try:
        value = setup.to_decimal(weight)
    except ValueError:
        raise InputErrors([f"“{name}”的权重“{weight}”不是数字。请填写 0 到 100 之间的数。"]) from None
    if value < 0:
        raise InputErrors([f"“{name}”的权重不能为负数。请填写 0 到 100 之间的数。"])
    return value


def component_columns(has_scores) -> list[Column]:
    return [
        Column("name", "名称", lambda c: c.name, lambda c: not c.is_onsite and not has_scores(c),
               tooltip="现场测评为必备；已录入分数的构成不能改名（可删除后重新增加）"),
        Column("weight", "权重（%）", lambda c: _number(c.weight), lambda c: not c.is_onsite,
               tooltip="现场测评的权重自动取 100 减去其他构成的权重", numeric=True),
        Column("source", "分数来源", lambda c: "测评票计算" if c.is_onsite else "手工录入（0–100）"),
    ]


class ComponentsTableModel(RecordTableModel):
    """The score components of one meeting (现场测评 plus clerk-entered ones)."""

    def __init__(self, meeting, parent=None):
        self.meeting = meeting
        self._scored: set[int] = set()
        super().__init__(component_columns(lambda c: c.id in self._scored), self._commit_edit,
                         setup.list_components(meeting), parent=parent)
        self._load_scored()

    def _load_scored(self) -> None:
        self._scored = {cid for (_, cid) in setup.component_scores(self.meeting)}

    def refresh(self) -> None:
        self._load_scored()
        self.reload(setup.list_components(self.meeting))

    def _commit_edit(self, component, key: str, text: str):
        current = setup.list_components(self.meeting)
        change = {"weights": {component.id: text}} if key == "weight" else {"names": {component.id: text}}
        setup.set_components(self.meeting, balanced_pairs(current, **change))
        stored = setup.list_components(self.meeting)
        self.reload(stored)
        name = text.strip() if key == "name" else component.name
        return next(c for c in stored if c.name == name)
