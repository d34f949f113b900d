"""Printed paper forms (测评表): new serials per category, spoiled forms, accounting.

A form is only a serial and its category.  Nothing records who received which form.
"""

from __future__ import annotations

from dataclasses import dataclass

from models import clock
from models.ballots.serials import SerialError, new_serial, normalize_serial
from models.errors import InputErrors, PingyiError
from models.meeting import Meeting

#: most forms printed in one go (a meeting has a few hundred evaluators at most)
MAX_FORMS_AT_ONCE = 5000


@dataclass(frozen=True)
class FormRecord:
    serial: str
    category_code: str
    printed_at: str
    spoiled_reason: str | None = None
    returned: bool = False  #: keyed (or scanned) in any pass: the paper came back


@dataclass(frozen=True)
class CategoryAccounting:
    """Per category: forms printed and spoiled, issued (from setup), returned (entered), valid, void."""

    code: str
    name: str
    printed: int
    spoiled: int
    issued: int
    returned: int
    valid: int
    void: int

    @property
    def to_check(self) -> int:
        """Papers keyed but not counted yet (不一致 or keyed in one pass only): 收回 = 有效 + 废票 + 待核对."""
        return self.returned - self.valid - self.void

    @property
    def over_returned(self) -> bool:
        """More ballots came back than were issued (the evaluation would be invalid)."""
        return self.returned > self.issued


def _category_id(meeting: Meeting, code: str) -> int:
    row = meeting.db.execute("SELECT id FROM categories WHERE code = ?", [(code or "").strip().upper()]).fetchone()
    if row is None:
        known = "、".join(r[0] for r in meeting.db.execute("SELECT code FROM categories ORDER BY code")) or "（尚无）"
        raise PingyiError(f"没有代码为“{code}”的测评人类别（已有：{known}）。请先在“准备”中添加该类别。")
    return row[0]


#: The geometry new forms are printed in (``printing.form_layout.STYLES``): 1 = 4.2 mm tick boxes and
#: 16 pt item rows (forms printed before version 2 of the form); 2 = 5 mm boxes and 18.5 pt item rows.
#: A meeting keeps the style of its first forms, so reprints match them and the scan reader finds their boxes.
FORM_STYLE = 2


def form_style(meeting: Meeting) -> int:
    """The style this meeting's forms are (or will be) printed in."""
    row = meeting.db.execute("SELECT form_style FROM meeting WHERE id = 1").fetchone()
    return row[0] or FORM_STYLE


def create_forms(meeting: Meeting, category_code: str, count: int) -> list[str]:
    """``count`` new random serials of the category, recorded as printed in one transaction."""
    if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= MAX_FORMS_AT_ONCE:
        raise InputErrors([f"打印份数“{count}”应为 1 到 {MAX_FORMS_AT_ONCE} 之间的整数。"])
    code = category_code.strip().upper()
    category_id = _category_id(meeting, code)
    taken = {r[0] for r in meeting.db.execute("SELECT serial FROM forms")}
    serials = []
    for _ in range(count):
        serial = new_serial(code, taken)
        taken.add(serial)
        serials.append(serial)
    printed_at = clock.stamp()
    with meeting.write("打印测评表", {"category": code, "count": count}) as db:
        db.conn.executemany(
            "INSERT INTO forms (serial, category_id, printed_at) VALUES (?, ?, ?)",
            [(s, category_id, printed_at) for s in serials],
        )
        db.execute("UPDATE meeting SET form_style = ? WHERE id = 1 AND form_style IS NULL", [FORM_STYLE])
    return serials


def get_form(meeting: Meeting, serial: str) -> FormRecord | None:
    """The printed form with this serial (typed or scanned text accepted), or None if never printed."""
    try:
        serial = normalize_serial(serial)
    except SerialError:
        return None
    row = meeting.db.execute(
        "SELECT f.serial, c.code, f.printed_at, f.spoiled_reason,"
        " EXISTS (SELECT 1 FROM ballots b WHERE b.serial = f.serial) FROM forms f "
        "JOIN categories c ON c.id = f.category_id WHERE f.serial = ?",
        [serial],
    ).fetchone()
    return FormRecord(*row[:4], bool(row[4])) if row else None


def spoil_form(meeting: Meeting, serial: str, reason: str) -> None:
    """Mark a printed form 作废 (never handed out); refuses without a reason or once it was entered."""
    serial = normalize_serial(serial)
    form = get_form(meeting, serial)
    if form is None:
        raise PingyiError(f"编号 {serial} 不是本会议打印的测评表。请核对编号。")
    reason = (reason or "").strip()
    if not reason:
        raise InputErrors([f"作废测评表 {serial} 需要填写原因（例如“打印污损”“多印未发”）。"])
    if form.spoiled_reason:
        raise PingyiError(f"测评表 {serial} 已于此前作废（原因：{form.spoiled_reason}）。")
    if meeting.db.execute("SELECT 1 FROM ballots WHERE serial = ? LIMIT 1", [serial]).fetchone():
        raise PingyiError(
            f"测评表 {serial} 已录入选票，不能再作废。若该票无效，请在录入界面把它标为废票并填写原因。"
        )
    with meeting.write("作废测评表", {"serial": serial, "reason": reason}) as db:
        db.execute("UPDATE forms SET spoiled_reason = ? WHERE serial = ?", [reason, serial])


def list_forms(meeting: Meeting, category_code: str | None = None) -> list[FormRecord]:
    """Printed forms sorted by serial, optionally of one category."""
    sql = (
        "SELECT f.serial, c.code, f.printed_at, f.spoiled_reason,"
        " EXISTS (SELECT 1 FROM ballots b WHERE b.serial = f.serial) FROM forms f "
        "JOIN categories c ON c.id = f.category_id"
    )
    params = []
    if category_code:
        sql += " WHERE c.code = ?"
        params.append(category_code.strip().upper())
    return [FormRecord(*r[:4], bool(r[4])) for r in meeting.db.execute(sql + " ORDER BY f.serial", params)]


_ACCOUNTING_SQL = """
SELECT c.code, c.name, c.issued,
       (SELECT count(*) FROM forms f WHERE f.category_id = c.id),
       (SELECT count(*) FROM forms f WHERE f.category_id = c.id AND f.spoiled_reason IS NOT NULL),
       (SELECT count(DISTINCT b.serial) FROM ballots b JOIN forms f ON f.serial = b.serial
         WHERE f.category_id = c.id),
       (SELECT count(*) FROM official_ballots o JOIN ballots b ON b.id = o.ballot_id
         JOIN forms f ON f.serial = o.serial WHERE f.category_id = c.id AND b.void_reason IS NULL),
       (SELECT count(*) FROM official_ballots o JOIN ballots b ON b.id = o.ballot_id
         JOIN forms f ON f.serial = o.serial WHERE f.category_id = c.id AND b.void_reason IS NOT NULL)
  FROM categories c ORDER BY c.code
"""


def form_accounting(meeting: Meeting) -> list[CategoryAccounting]:
    """Per category: printed, spoiled, issued, returned (serials entered in any pass), valid and void (counted)."""
    return [
        CategoryAccounting(code, name, printed, spoiled, issued, returned, valid, void)
        for code, name, issued, printed, spoiled, returned, valid, void in meeting.db.execute(_ACCOUNTING_SQL)
    ]
