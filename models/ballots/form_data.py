"""The frozen plain data the evaluation-form renderer needs (printing/form.py draws it).

Built on the GUI thread (or by the command line) from the meeting file; the renderer
never reads the file itself.  Nothing here writes: new serials come from
``models.ballots.forms.create_forms``; this module only gathers what goes on the paper.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from models.ballots import forms, serials
from models.errors import InputErrors, PingyiError
from models.meeting import Meeting
from models.setup import get_facts, list_categories, list_items, list_reporters

#: up to this many items print as grouped columns (one row per reporter); more print as rows
#: (one row per reporter and item) — the entry grid mirrors the same choice
MAX_GROUPED_ITEMS = 3


@dataclass(frozen=True)
class FormReporter:
    """One row of the form: 序号, 姓名, 单位及职务."""

    seq: int
    name: str
    unit_title: str


@dataclass(frozen=True)
class FormItem:
    """One evaluation item (the overall item or a sub-item), in form order."""

    seq: int
    name: str
    is_overall: bool = False


@dataclass(frozen=True)
class FormCopy:
    """One paper form: its serial, the QR payload of it, and its category."""

    serial: str
    qr_payload: str
    category_code: str
    category_name: str


@dataclass(frozen=True)
class FormBatch:
    """Everything needed to print a batch of forms; the same table on every copy."""

    meeting_title: str
    meeting_date: str
    form_title: str
    rehearsal: bool
    reporters: tuple[FormReporter, ...]
    items: tuple[FormItem, ...]
    copies: tuple[FormCopy, ...]
    #: the geometry to print in (``models.ballots.forms.FORM_STYLE``; the meeting's own once forms exist)
    style: int = forms.FORM_STYLE


def date_label(iso: str) -> str:
    """'2026-12-01' → '2026年12月1日'; any other text is returned unchanged."""
    try:
        day = _dt.date.fromisoformat(iso)
    except (TypeError, ValueError):
        return iso or ""
    return f"{day.year}年{day.month}月{day.day}日"


def unit_and_title(unit: str, title: str) -> str:
    """The 单位及职务 cell: unit followed by title, as written on Chinese forms."""
    unit, title = (unit or "").strip(), (title or "").strip()
    if unit and title and unit.endswith(title):
        return unit
    # 白云镇党委 + 党委书记 → 白云镇党委书记: the words the two share are written once
    overlap = next((n for n in range(min(len(unit), len(title)), 1, -1) if unit.endswith(title[:n])), 0)
    return unit + title[overlap:]


def form_reporters(meeting: Meeting) -> tuple[FormReporter, ...]:
    """The rows of the form in ballot order; refuses an empty roster (check before recording serials)."""
    reporters = tuple(FormReporter(r.seq, r.name, unit_and_title(r.unit, r.title)) for r in list_reporters(meeting))
    if not reporters:
        raise PingyiError("还没有述职人，不能打印测评表。请先在“准备”中录入述职人名单。")
    return reporters


def form_batch(meeting: Meeting, serial_list: list[str]) -> FormBatch:
    """The printable data for these (already recorded, normalized) serials, in the given order.

    Refuses an empty roster, an unknown serial or a spoiled one.
    """
    reporters = form_reporters(meeting)
    facts = get_facts(meeting)
    names = {c.code: c.name for c in list_categories(meeting)}
    records = {f.serial: f for f in forms.list_forms(meeting)}
    copies = []
    for serial in serial_list:
        record = records.get(serial)
        _refuse_unprintable(serial, record)
        code = record.category_code
        copies.append(FormCopy(serial, serials.qr_payload(serial), code, names.get(code, "")))
    items = tuple(FormItem(i.seq, i.name, i.is_overall) for i in list_items(meeting))
    return FormBatch(facts.title, date_label(facts.date), facts.form_title, facts.rehearsal,
                     reporters, items, tuple(copies), forms.form_style(meeting))


def _refuse_unprintable(serial: str, record) -> None:
    if record is None:
        raise PingyiError(f"编号 {serial} 不是本会议打印过的测评表。请核对编号。")
    if record.spoiled_reason:
        raise PingyiError(f"编号 {serial} 的测评表已作废（{record.spoiled_reason}），不能重印。")


def reprint_batch(meeting: Meeting, texts: list[str]) -> FormBatch:
    """The data to reprint forms typed as ``texts`` (any case, dashes optional, or QR payloads).

    Refuses the whole request, naming every faulty serial: malformed, unknown or spoiled.
    """
    records = {f.serial: f for f in forms.list_forms(meeting)}
    faults, wanted = [], []
    for text in texts:
        try:
            serial = serials.normalize_serial(text)
        except PingyiError as err:
            faults.append(f"“{text}”：{err}")
            continue
        record = records.get(serial)
        if record is None:
            faults.append(f"{serial}：不是本会议打印过的测评表编号，请核对。")
        elif record.spoiled_reason:
            faults.append(f"{serial}：该表已作废（{record.spoiled_reason}），不能重印。需要补发请打印新表。")
        elif serial not in wanted:
            wanted.append(serial)
    if faults:
        raise InputErrors(faults, heading="以下编号不能重印，本次未重印任何测评表：")
    if not wanted:
        raise PingyiError("没有给出要重印的测评表编号。")
    return form_batch(meeting, wanted)


def printable_serials(meeting: Meeting, category_code: str) -> list[str]:
    """Serials of this category's printed forms that are not spoiled, in printing order."""
    return [f.serial for f in forms.list_forms(meeting, category_code) if not f.spoiled_reason]
