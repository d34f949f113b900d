"""评价分数 table: one row per reporter, one column per clerk-entered component (平时考核 …), 0–100."""

from __future__ import annotations

from decimal import Decimal

from models import setup

from .setup_table_base import Column, RecordTableModel


def _number(value: Decimal | None) -> str:
    return "" if value is None else format(value.normalize(), "f")


class ComponentScoresTableModel(RecordTableModel):
    """Scores of the components other than 现场测评; blank means not entered yet."""

    def __init__(self, meeting, parent=None):
        self.meeting = meeting
        self._scores: dict[tuple[int, int], Decimal] = setup.component_scores(meeting)
        self._components = self._extra_components()
        super().__init__(self._columns_for(self._components), self._commit_edit,
                         setup.list_reporters(meeting), parent=parent)

    def _extra_components(self):
        return [c for c in setup.list_components(self.meeting) if not c.is_onsite]

    def components(self):
        return list(self._components)

    def _columns_for(self, components) -> list[Column]:
        columns = [
            Column("seq", "序号", lambda r: str(r.seq), numeric=True),
            Column("name", "姓名", lambda r: r.name),
            Column("unit", "单位", lambda r: r.unit),
        ]
        for comp in components:
            columns.append(Column(
                f"c{comp.id}", f"{comp.name}（{_number(comp.weight)}%）",
                lambda r, cid=comp.id: _number(self._scores.get((r.id, cid))), True,
                tooltip=f"{comp.name}得分，0 到 100；留空表示尚未录入", numeric=True))
        return columns

    def refresh(self) -> None:
        self._scores = setup.component_scores(self.meeting)
        components = self._extra_components()
        if [(c.id, c.name, c.weight) for c in components] != [(c.id, c.name, c.weight) for c in self._components]:
            self._components = components
            self.reload(setup.list_reporters(self.meeting), self._columns_for(components))
        else:
            self.reload(setup.list_reporters(self.meeting))
            if self.rowCount():
                self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1))

    def _commit_edit(self, reporter, key: str, text: str):
        component_id = int(key[1:])
        setup.set_component_score(self.meeting, reporter.id, component_id, text.strip())
        self._scores = setup.component_scores(self.meeting)
        return reporter
