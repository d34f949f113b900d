"""Small builders shared by the ballot tests and the crash-test writer process."""

from __future__ import annotations

import hashlib

from models import setup
from models.ballots import forms, layout

SUB_ITEMS = ("履行职责情况", "重点任务落实", "问题整改")


def populate(meeting, *, reporters=3, items=1, categories=(("A", 10),), printed=5, double_entry=True) -> dict:
    """Roster, items, categories and printed forms; returns category code → serials."""
    with meeting.write("测试准备", {}) as db:
        db.conn.executemany(
            "INSERT INTO reporters (seq, name, unit, title, speak_order) VALUES (?, ?, '', '', ?)",
            [(k, f"述职人{k}", k) for k in range(1, reporters + 1)],
        )
        db.conn.executemany("INSERT INTO items (seq, name) VALUES (?, ?)",
                            [(k + 2, SUB_ITEMS[k]) for k in range(items - 1)])
        db.execute("UPDATE rules SET double_entry = ?", [int(double_entry)])
    for code, issued in categories:
        setup.add_category(meeting, code, f"{code}类测评人", 1, issued)
    return {code: forms.create_forms(meeting, code, printed) if printed else [] for code, _ in categories}


def marks_for(meeting, serial: str, cells=None) -> dict:
    """A deterministic, varied keying derived from the serial (so a checker can recompute it)."""
    seed = hashlib.sha256(serial.encode()).digest()
    values = (1, 1, 1, 2, 2, 3, 4, 0, 9)
    cells = layout(meeting) if cells is None else cells
    picked = {cell: values[seed[k % 32] % len(values)] for k, cell in enumerate(cells)}
    return {cell: v for cell, v in picked.items() if v}


def digest_of(meeting, marks: dict, cells=None) -> str:
    """The digest a keying of ``marks`` gets (marks of every cell in form order)."""
    cells = layout(meeting) if cells is None else cells
    return "".join(str(marks.get(cell, 0)) for cell in cells)
