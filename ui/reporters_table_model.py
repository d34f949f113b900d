"""述职人 table: 序号, 姓名, 单位, 职务, 述职方式, 述职顺序 — edited in place through models.setup."""

from __future__ import annotations

from models import setup
from models.labels import ReportMode

from .setup_table_base import Column, RecordTableModel

MODE_LABELS = [m.label for m in ReportMode]


def _int_or_text(text: str):
    try:
        return int(text.strip())
    except ValueError:
        return text  # models/ names the fault


def reporter_columns() -> list[Column]:
    return [
        Column("seq", "序号", lambda r: str(r.seq), tooltip="测评表上的行序；拖动行或按 Ctrl+↑/Ctrl+↓ 调整", numeric=True),
        Column("name", "姓名", lambda r: r.name, True),
        Column("unit", "单位", lambda r: r.unit, True),
        Column("title", "职务", lambda r: r.title, True),
        Column("mode", "述职方式", lambda r: r.mode.label, True, tooltip="现场述职或书面述职（书面述职也参加测评）"),
        Column("speak_order", "述职顺序", lambda r: str(r.speak_order), True,
               tooltip="会上的发言顺序，可与测评表顺序不同", numeric=True),
    ]


class ReportersTableModel(RecordTableModel):
    """The roster of one meeting, in ballot order (序号)."""

    def __init__(self, meeting, parent=None):
        self.meeting = meeting
        super().__init__(reporter_columns(), self._commit_edit, setup.list_reporters(meeting),
                         move=self._move_reporter, scope=f"reporters:{meeting.path}", parent=parent)

    def refresh(self) -> None:
        self.reload(setup.list_reporters(self.meeting))

    def _commit_edit(self, reporter, key: str, text: str):
        if key == "mode":
            try:
                value = ReportMode.from_label(text)
            except ValueError:
                value = text  # refused by models/ with the allowed labels
        elif key == "speak_order":
            value = _int_or_text(text)
        else:
            value = text
        return setup.update_reporter(self.meeting, reporter.id, **{key: value})

    def _move_reporter(self, reporter, new_row: int) -> None:
        setup.move_reporter(self.meeting, reporter.id, new_row + 1)
        self.refresh()
