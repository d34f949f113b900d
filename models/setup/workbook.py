"""The setup workbook (准备表): template, import (all or nothing) and export of a meeting's setup.

Sheets: 会议信息, 述职人, 测评人类别, 测评项目, 计分规则, 评价构成 (and a 说明 sheet that is
ignored on import).  Only 述职人 is required; a missing sheet leaves that part of the meeting
as it is (for a new meeting: the defaults).  openpyxl is imported only when a workbook is
read or written, so opening the app does not pay for it.
"""

from __future__ import annotations

import hashlib
from dataclasses import fields
from decimal import Decimal
from pathlib import Path

from models.errors import InputErrors, PingyiError
from models.meeting import Meeting
from models.setup import (
    ONSITE_COMPONENT,
    MeetingFacts,
    Rules,
    _dec_text,
    component_scores,
    forms_printed,
    get_facts,
    get_rules,
    list_categories,
    list_components,
    list_items,
    list_reporters,
)
from models.setup.workbook_shape import (
    CATEGORIES,
    COMPONENTS,
    FACTS,
    ITEMS,
    ROSTER,
    RULES,
    CategoryRow,
    ComponentRow,
    ItemRow,
    RosterRow,
    SetupData,
)


# -- the public operations --------------------------------------------------------
def read_setup(path: str | Path) -> SetupData:
    """The setup in the workbook at ``path``; InputErrors listing every fault by sheet, row and column."""
    from models.setup.workbook_read import read_setup as _read

    return _read(path)


def write_template(path: str | Path) -> Path:
    """Write the empty setup workbook (headers, an example row, drop-downs, 说明) to ``path``."""
    from models.setup.workbook_write import EXAMPLE, write_workbook

    return write_workbook(EXAMPLE, path)


def export_setup(meeting: Meeting, path: str | Path) -> Path:
    """Write the meeting's setup as a workbook that ``import_setup`` reads back unchanged."""
    from models.setup.workbook_write import write_workbook

    return write_workbook(setup_from_meeting(meeting), path)


def import_setup(meeting: Meeting, path: str | Path) -> SetupData:
    """Replace the meeting's setup with the workbook's, all or nothing, in one audited transaction.

    Refuses with every fault at once (InputErrors) and leaves the file untouched; refuses
    (PingyiError) a change of roster or items once forms are printed.
    """
    from models.setup.workbook_read import cross_faults, heading, read_workbook

    data, faults = read_workbook(path)
    if data is not None:
        faults = faults + cross_faults(data, [c.name for c in list_components(meeting)])
    if faults:
        raise InputErrors(faults, heading(path, len(faults)))
    digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    apply_setup(meeting, data, {"workbook": Path(path).name, "sha256": digest})
    return data


def setup_from_meeting(meeting: Meeting) -> SetupData:
    """The meeting's current setup, every part present."""
    components = list_components(meeting)
    by_id = {c.id: c.name for c in components}
    scores: dict[int, list[tuple[str, Decimal]]] = {}
    for (reporter_id, component_id), score in component_scores(meeting).items():
        scores.setdefault(reporter_id, []).append((by_id[component_id], score))
    return SetupData(
        reporters=tuple(
            RosterRow(
                r.seq,
                r.name,
                r.unit,
                r.title,
                r.mode,
                r.speak_order,
                r.time_limit_min,
                tuple(sorted(scores.get(r.id, ()))),
            )
            for r in list_reporters(meeting)
        ),
        score_columns=tuple(c.name for c in components if not c.is_onsite),
        facts=get_facts(meeting),
        categories=tuple(CategoryRow(c.code, c.name, c.weight, c.issued) for c in list_categories(meeting)),
        items=tuple(ItemRow(i.seq, i.name, i.is_overall) for i in list_items(meeting)),
        rules=get_rules(meeting),
        components=tuple(ComponentRow(c.name, c.weight) for c in components),
    )


# -- writing a checked setup ------------------------------------------------------------
def apply_setup(meeting: Meeting, data: SetupData, detail: dict) -> None:
    """Store a checked setup in one transaction (the audit row gets ``detail`` and a summary).

    ``data`` comes from ``read_workbook`` without faults, or is built in code (the demo).
    """
    printed = forms_printed(meeting) > 0
    if printed:
        _refuse_printed_changes(meeting, data)
    summary = {"reporters": len(data.reporters), "sheets": present_sheets(data)}
    with meeting.write("导入准备表", {**detail, **summary}) as db:
        if data.facts is not None:
            db["meeting"].update(1, {f.name: _cell(getattr(data.facts, f.name)) for f in fields(MeetingFacts)})
        if data.rules is not None:
            db["rules"].update(1, {f.name: _cell(getattr(data.rules, f.name)) for f in fields(Rules)})
        if data.categories is not None:
            _store_categories(db, data.categories)
        if data.items is not None:
            _store_items(db, data.items)
        if data.components is not None:
            _store_components(db, data.components)
        _store_roster(db, data.reporters, by_seq=printed)
        _store_scores(db, data)


def present_sheets(data: SetupData) -> list[str]:
    """The sheets that ``data`` holds (述职人 always)."""
    parts = {
        FACTS: data.facts,
        CATEGORIES: data.categories,
        ITEMS: data.items,
        RULES: data.rules,
        COMPONENTS: data.components,
    }
    return [ROSTER] + [sheet for sheet, part in parts.items() if part is not None]


def _cell(value):
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, Decimal):
        return _dec_text(value)
    return value


def _refuse_printed_changes(meeting: Meeting, data: SetupData) -> None:
    """After printing, the rows of the paper form (reporters, items) and printed categories stay."""
    now = [(r.seq, r.name) for r in list_reporters(meeting)]
    if [(r.seq, r.name) for r in sorted(data.reporters, key=lambda r: r.seq)] != now:
        raise PingyiError(
            "已打印测评表，工作簿中的述职人名单（序号、姓名）与会议中的不一致，不能导入"
            "（纸质表格的行序已经固定）。请改回原名单，或新建会议文件后再导入。"
        )
    if data.items is not None and [(i.seq, i.name, i.is_overall) for i in sorted(data.items, key=lambda i: i.seq)] != [
        (i.seq, i.name, i.is_overall) for i in list_items(meeting)
    ]:
        raise PingyiError(
            "已打印测评表，工作簿中的测评项目与会议中的不一致，不能导入。请改回原测评项目，或新建会议文件后再导入。"
        )
    if data.categories is not None:
        keep = {c.code for c in data.categories}
        used = [
            r[0]
            for r in meeting.db.execute(
                "SELECT DISTINCT c.code FROM categories c JOIN forms f ON f.category_id = c.id ORDER BY c.code"
            )
        ]
        missing = [code for code in used if code not in keep]
        if missing:
            raise PingyiError(
                f"已打印 {'、'.join(missing)} 类测评表，工作簿的“{CATEGORIES}”表中不能没有这些类别。请补上后重新导入。"
            )


def _store_categories(db, rows: tuple[CategoryRow, ...]) -> None:
    existing = {r[0]: r[1] for r in db.execute("SELECT code, id FROM categories")}
    for code in set(existing) - {c.code for c in rows}:
        db.execute("DELETE FROM categories WHERE id = ?", [existing[code]])
    for c in rows:
        record = {"code": c.code, "name": c.name, "weight": _dec_text(c.weight), "issued": c.issued}
        if c.code in existing:
            db["categories"].update(existing[c.code], record)
        else:
            db["categories"].insert(record)


def _store_items(db, rows: tuple[ItemRow, ...]) -> None:
    existing = {r[0]: r[1] for r in db.execute("SELECT name, id FROM items")}
    db.execute("UPDATE items SET seq = -id")  # so UNIQUE(seq) never sees a collision
    for name in set(existing) - {i.name for i in rows}:
        db.execute("DELETE FROM items WHERE id = ?", [existing[name]])
    for i in rows:
        record = {"seq": i.seq, "name": i.name, "is_overall": int(i.is_overall)}
        if i.name in existing:
            db["items"].update(existing[i.name], record)
        else:
            db["items"].insert(record)


def _store_components(db, rows: tuple[ComponentRow, ...]) -> None:
    existing = {r[0]: r[1] for r in db.execute("SELECT name, id FROM components")}
    for name in set(existing) - {c.name for c in rows}:
        db.execute("DELETE FROM components WHERE id = ?", [existing[name]])
    for pos, c in enumerate(rows, start=1):
        record = {
            "position": pos,
            "name": c.name,
            "weight": _dec_text(c.weight),
            "is_onsite": int(c.name == ONSITE_COMPONENT),
        }
        if c.name in existing:
            db["components"].update(existing[c.name], record)
        else:
            db["components"].insert(record)


def _store_roster(db, rows: tuple[RosterRow, ...], *, by_seq: bool) -> None:
    """Match reporters by 序号 (forms printed) or by name and unit, so their comments and problems stay."""
    key = (lambda r: r.seq) if by_seq else (lambda r: (r.name, r.unit))
    existing: dict = {}
    for rid, seq, name, unit in db.execute("SELECT id, seq, name, unit FROM reporters ORDER BY seq"):
        existing.setdefault(seq if by_seq else (name, unit), rid)
    kept = {existing[key(r)] for r in rows if key(r) in existing}
    for (rid,) in db.execute("SELECT id FROM reporters").fetchall():
        if rid not in kept:
            db.execute("DELETE FROM reporters WHERE id = ?", [rid])
    db.execute("UPDATE reporters SET seq = -id")  # so UNIQUE(seq) never sees a collision
    for r in rows:
        record = {
            "seq": r.seq,
            "name": r.name,
            "unit": r.unit,
            "title": r.title,
            "mode": r.mode.value,
            "speak_order": r.speak_order or r.seq,
            "time_limit_min": r.time_limit_min,
        }
        if key(r) in existing:
            db["reporters"].update(existing[key(r)], record)
        else:
            db["reporters"].insert(record)


def _store_scores(db, data: SetupData) -> None:
    components = {r[0]: r[1] for r in db.execute("SELECT name, id FROM components WHERE is_onsite = 0")}
    reporters = {r[0]: r[1] for r in db.execute("SELECT seq, id FROM reporters")}
    for name in data.score_columns:
        db.execute("DELETE FROM component_scores WHERE component_id = ?", [components[name]])
    for r in data.reporters:
        for name, score in r.scores:
            db["component_scores"].insert(
                {"reporter_id": reporters[r.seq], "component_id": components[name], "score": _dec_text(score)}
            )
