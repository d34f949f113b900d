"""The roster (述职人): list, add, change, delete and reorder reporters; 序号 stays 1..N.

Adding, deleting and reordering are refused once forms are printed (the rows of the paper are fixed).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from models.errors import InputErrors, PingyiError
from models.labels import ReportMode
from models.meeting import Meeting
from models.setup.text_rules import MAX_NAME, MAX_REPORTERS, MAX_TITLE, MAX_UNIT, normal, text_faults


@dataclass(frozen=True)
class Reporter:
    id: int
    seq: int
    name: str
    unit: str = ""
    title: str = ""
    mode: ReportMode = ReportMode.ONSITE
    speak_order: int = 0
    time_limit_min: int | None = None


def _reporter(row) -> Reporter:
    return Reporter(row[0], row[1], row[2], row[3], row[4], ReportMode(row[5]), row[6], row[7])


_REPORTER_COLS = "id, seq, name, unit, title, mode, speak_order, time_limit_min"


def list_reporters(meeting: Meeting) -> list[Reporter]:
    """All reporters in ballot order (序号)."""
    rows = meeting.db.execute(f"SELECT {_REPORTER_COLS} FROM reporters ORDER BY seq").fetchall()
    return [_reporter(r) for r in rows]


def get_reporter(meeting: Meeting, reporter_id: int) -> Reporter:
    """The reporter with database id ``reporter_id``; refuses one that no longer exists."""
    row = meeting.db.execute(f"SELECT {_REPORTER_COLS} FROM reporters WHERE id = ?", [reporter_id]).fetchone()
    if row is None:
        raise PingyiError(f"找不到编号为 {reporter_id} 的述职人，可能已被删除。")
    return _reporter(row)


def reporter_by_seq(meeting: Meeting, seq: int) -> Reporter:
    """The reporter with 序号 ``seq``; refuses an unknown 序号."""
    row = meeting.db.execute(f"SELECT {_REPORTER_COLS} FROM reporters WHERE seq = ?", [seq]).fetchone()
    if row is None:
        raise PingyiError(f"没有序号为 {seq} 的述职人。请用 tally 查看述职人序号。")
    return _reporter(row)


def forms_printed(meeting: Meeting) -> int:
    """How many paper forms have been printed; once any are, the row order is fixed."""
    return meeting.db.execute("SELECT count(*) FROM forms").fetchone()[0]


def _refuse_if_forms_printed(meeting: Meeting, what: str) -> None:
    if forms_printed(meeting):
        raise PingyiError(
            f"已打印测评表，不能再{what}（纸质表格的行序已经固定）。"
            "如确需调整，请新建会议文件，或只修改姓名、单位等文字。"
        )


def _reporter_faults(name: str, mode, unit: str = "", title: str = "") -> list[str]:
    faults = []
    if not normal(name):
        faults.append("姓名不能为空。")
    faults += text_faults(normal(name), "姓名", MAX_NAME)
    faults += text_faults(normal(unit), "单位", MAX_UNIT)
    faults += text_faults(normal(title), "职务", MAX_TITLE)
    if not isinstance(mode, ReportMode):
        faults.append("述职方式只能是“现场”或“书面”。")
    return faults


def add_reporter(
    meeting: Meeting,
    name: str,
    unit: str = "",
    title: str = "",
    mode: ReportMode = ReportMode.ONSITE,
    speak_order: int | None = None,
) -> Reporter:
    """Append a reporter at the end of the ballot order."""
    _refuse_if_forms_printed(meeting, "增加述职人")
    faults = _reporter_faults(name, mode, unit, title)
    if meeting.db.execute("SELECT count(*) FROM reporters").fetchone()[0] >= MAX_REPORTERS:
        faults.append(f"述职人最多 {MAX_REPORTERS} 位。")
    if faults:
        raise InputErrors(faults)
    seq = meeting.db.execute("SELECT coalesce(max(seq), 0) + 1 FROM reporters").fetchone()[0]
    order = speak_order or meeting.db.execute("SELECT coalesce(max(speak_order), 0) + 1 FROM reporters").fetchone()[0]
    record = {
        "seq": seq,
        "name": normal(name),
        "unit": normal(unit),
        "title": normal(title),
        "mode": mode.value,
        "speak_order": order,
    }
    with meeting.write("增加述职人", record) as db:
        new_id = db["reporters"].insert(record).last_pk
    return get_reporter(meeting, new_id)


_REPORTER_FIELDS = {
    "name": "姓名",
    "unit": "单位",
    "title": "职务",
    "mode": "述职方式",
    "speak_order": "述职顺序",
    "time_limit_min": "述职时限",
}


def update_reporter(meeting: Meeting, reporter_id: int, **changes) -> Reporter:
    """Change fields of one reporter (name, unit, title, mode, speak_order, time_limit_min)."""
    unknown = set(changes) - set(_REPORTER_FIELDS)
    if unknown:
        raise PingyiError(f"未知的述职人字段：{', '.join(sorted(unknown))}")
    current = get_reporter(meeting, reporter_id)
    merged = replace(current, **changes)
    faults = _reporter_faults(merged.name, merged.mode, merged.unit, merged.title)
    if merged.time_limit_min is not None and not (
        isinstance(merged.time_limit_min, int) and 1 <= merged.time_limit_min <= 120
    ):
        faults.append("述职时限应为 1 到 120 之间的整数分钟，或留空使用会议默认值。")
    if not isinstance(merged.speak_order, int) or merged.speak_order < 1:
        faults.append("述职顺序应为正整数。")
    if faults:
        raise InputErrors([f"第 {current.seq} 位述职人（{current.name}）：{f}" for f in faults])
    values = {
        k: (v.value if isinstance(v, ReportMode) else normal(v) if isinstance(v, str) else v)
        for k, v in changes.items()
    }
    with meeting.write("修改述职人", {"seq": current.seq, **values}) as db:
        db["reporters"].update(reporter_id, values)
    return get_reporter(meeting, reporter_id)


def delete_reporter(meeting: Meeting, reporter_id: int) -> None:
    """Remove a reporter and renumber the rest; refused once forms are printed."""
    _refuse_if_forms_printed(meeting, "删除述职人")
    current = get_reporter(meeting, reporter_id)
    with meeting.write("删除述职人", {"seq": current.seq, "name": current.name}) as db:
        db.execute("DELETE FROM reporters WHERE id = ?", [reporter_id])
        _renumber(db, [r for r in _ids_by_seq(db) if r != reporter_id])


def move_reporter(meeting: Meeting, reporter_id: int, new_seq: int) -> None:
    """Move a reporter to 序号 ``new_seq`` (1-based), shifting the others."""
    _refuse_if_forms_printed(meeting, "调整测评表顺序")
    current = get_reporter(meeting, reporter_id)
    ids = [r for r in _ids_by_seq(meeting.db) if r != reporter_id]
    new_seq = max(1, min(new_seq, len(ids) + 1))
    ids.insert(new_seq - 1, reporter_id)
    with meeting.write("调整述职人顺序", {"name": current.name, "from": current.seq, "to": new_seq}) as db:
        _renumber(db, ids)


def _ids_by_seq(db) -> list[int]:
    return [r[0] for r in db.execute("SELECT id FROM reporters ORDER BY seq")]


def _renumber(db, ids: list[int]) -> None:
    # two steps so the UNIQUE(seq) constraint never sees a collision
    db.execute("UPDATE reporters SET seq = -seq")
    for seq, rid in enumerate(ids, start=1):
        db.execute("UPDATE reporters SET seq = ? WHERE id = ?", [seq, rid])
