"""Ballots (选票): one keying of one paper form, with all its marks.

Every ballot — its row, all its marks and its audit row — is one transaction.  The
``digest`` column is the canonical text of a keying (the marks of every reporter × item
in form order, or ``作废:<reason>``), so two keyings of the same paper compare by
equality and the counted ballots export without reading every mark.

What counts is the ``official_ballots`` VIEW (schema.py): with single entry the 一录;
with double entry the 一录 once the 二录 agrees, else a re-keying (pass 3) that agrees
with one of the two.  Reconciliation lives in ``models/reconciliation.py``.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from dataclasses import dataclass, field

from models import clock
from models.ballots.serials import SerialError, normalize_serial
from models.errors import MeetingFinalized, PingyiError
from models.labels import Mark
from models.meeting import Meeting, backup

PASS_LABELS = {1: "一录", 2: "二录", 3: "核对重录", 4: "扫描"}  # 4: read from scans (models/scans)
VOID_PREFIX = "作废:"
_MARK_VALUES = {int(m) for m in Mark}
_MARKS = {int(m): m for m in Mark}


class BallotRefused(PingyiError):
    """A ballot that cannot be stored as given (marks, reason, pass)."""


class SerialRefused(BallotRefused):
    """A serial that cannot be entered now; ``existing`` is the ballot already entered, if any."""

    def __init__(self, message: str, *, serial: str | None = None, existing: Ballot | None = None):
        super().__init__(message)
        self.serial = serial
        self.existing = existing


@dataclass(frozen=True)
class Ballot:
    """One keying of one form; ``marks`` keyed by (reporter_id, item_id), a missing key means 弃权."""

    id: int
    serial: str
    pass_no: int
    category_code: str
    void_reason: str | None
    marks: dict[tuple[int, int], Mark] = field(hash=False)
    entered_at: str
    digest: str = ""

    @property
    def is_void(self) -> bool:
        return self.void_reason is not None

    def mark(self, reporter_id: int, item_id: int) -> Mark:
        """The mark of one row (弃权 when not marked)."""
        return self.marks.get((reporter_id, item_id), Mark.ABSTAIN)


@dataclass(frozen=True)
class Prepared:
    """A checked keying, ready to store: mark rows for every cell and its digest."""

    void_reason: str | None
    rows: tuple[tuple[int, int, int], ...]
    digest: str


# -- layout and marks -----------------------------------------------------
def layout(meeting: Meeting) -> list[tuple[int, int]]:
    """Every (reporter_id, item_id) cell of the form, in form order (reporter 序号, then item)."""
    return [
        (r, i)
        for r, i in meeting.db.execute(
            "SELECT r.id, i.id FROM reporters r CROSS JOIN items i ORDER BY r.seq, i.seq"
        )
    ]


def _cell_names(meeting: Meeting) -> dict[tuple[int, int], str]:
    rows = meeting.db.execute(
        "SELECT r.id, i.id, r.seq, r.name, i.name FROM reporters r CROSS JOIN items i ORDER BY r.seq, i.seq"
    )
    return {(rid, iid): f"第 {seq} 位述职人（{name}）“{item}”" for rid, iid, seq, name, item in rows}


def normalize_void_reason(void_reason: str | None) -> str | None:
    """None for a valid ballot; the reason with its whitespace collapsed; refuses a blank reason."""
    if void_reason is None:
        return None
    reason = " ".join(str(void_reason).split())
    if not reason:
        raise BallotRefused("废票需要填写原因（例如“未按要求划票”“无法辨认”）。请填写原因后再保存。")
    return reason


def prepare(meeting: Meeting, marks: dict, void_reason: str | None = None, cells=None) -> Prepared:
    """Check a keying against the form: known reporters and items, entry-key values only.

    A void ballot keeps no marks (whatever was keyed on its rows is not counted anyway).
    """
    reason = normalize_void_reason(void_reason)
    cells = layout(meeting) if cells is None else cells
    if reason is not None:
        return Prepared(reason, (), VOID_PREFIX + reason)
    known = set(cells)
    for key, value in marks.items():
        if key not in known:
            raise BallotRefused(
                f"选票中有本会议没有的述职人或测评项目（{key}）。请刷新录入界面后重新录入这张票。"
            )
        if isinstance(value, bool) or not isinstance(value, int) or value not in _MARK_VALUES:
            raise BallotRefused(
                f"{_cell_names(meeting)[key]}的值“{value}”不是等次键：应为 1 好、2 较好、3 一般、4 差、"
                "0 弃权 或 9 多选。"
            )
    values = [int(marks.get(cell, 0)) for cell in cells]
    rows = tuple((r, i, v) for (r, i), v in zip(cells, values, strict=True))
    return Prepared(None, rows, "".join(map(str, values)))


# -- serial checks ----------------------------------------------------------
def double_entry(meeting: Meeting) -> bool:
    """Whether 双录核对 is on for this meeting."""
    return bool(meeting.db.execute("SELECT double_entry FROM rules WHERE id = 1").fetchone()[0])


def check_pass(meeting: Meeting, pass_no: int) -> None:
    """Refuses a pass other than 1/2, and 2 when 双录核对 is off."""
    if pass_no not in (1, 2):
        raise BallotRefused(f"录入遍次只能是 1（一录）或 2（二录），不是“{pass_no}”。")
    if pass_no == 2 and not double_entry(meeting):
        raise BallotRefused(
            "本会议未开启“双录核对”，不需要二录。请在一录中录入；如需双录，请先在“准备—计分规则”中开启。"
        )


def to_serial(text: str) -> str:
    """The normalized serial, or SerialRefused naming the typing error."""
    try:
        return normalize_serial(text)
    except SerialError as err:
        raise SerialRefused(str(err)) from None


def check_form(meeting: Meeting, serial: str) -> None:
    """Refuses a serial that was never printed in this meeting, or whose form was spoiled."""
    row = meeting.db.execute("SELECT spoiled_reason FROM forms WHERE serial = ?", [serial]).fetchone()
    if row is None:
        raise SerialRefused(
            f"编号 {serial} 不是本会议打印的测评表编号。请核对纸质表上的编号；"
            "若该表来自另一场会议，请将它单独放出，不要录入。",
            serial=serial,
        )
    if row[0] is not None:
        raise SerialRefused(
            f"编号 {serial} 的测评表已作废（{row[0]}），不能录入。请把这张表交给监票人核实。", serial=serial
        )


def check_serial(meeting: Meeting, pass_no: int, text: str) -> str:
    """The normalized serial if it can be entered in ``pass_no``; SerialRefused (with ``existing``) otherwise."""
    if meeting.finalized:
        raise MeetingFinalized("会议已定稿，不能再录入选票。如确需修改，请先“重新打开”（需填写理由）。")
    check_pass(meeting, pass_no)
    serial = to_serial(text)
    check_form(meeting, serial)
    existing = get_ballot(meeting, pass_no, serial)
    if existing is not None:
        raise SerialRefused(
            f"编号 {serial} 已在{PASS_LABELS[pass_no]}中录入过（{existing.entered_at}），不能重复录入。"
            "若要更正，请在“最近录入”中打开这张票修改。",
            serial=serial,
            existing=existing,
        )
    return serial


# -- writing ----------------------------------------------------------------
def insert_ballot(db, pass_no: int, serial: str, prepared: Prepared, entered_at: str) -> int:
    """Insert one keying inside the caller's transaction; returns its id."""
    cur = db.execute(
        "INSERT INTO ballots (serial, pass_no, void_reason, digest, entered_at) VALUES (?, ?, ?, ?, ?)",
        [serial, pass_no, prepared.void_reason, prepared.digest, entered_at],
    )
    ballot_id = cur.lastrowid
    db.conn.executemany(
        "INSERT INTO marks (ballot_id, reporter_id, item_id, mark) VALUES (?, ?, ?, ?)",
        [(ballot_id, r, i, m) for r, i, m in prepared.rows],
    )
    return ballot_id


def store_many(meeting: Meeting, action: str, detail: dict, entries: list[tuple[int, str, Prepared]]) -> int:
    """Store many checked keyings (pass_no, serial, Prepared) in ONE transaction (import, demo)."""
    entered_at = clock.stamp()
    with meeting.write(action, detail) as db:
        for pass_no, serial, prepared in entries:
            insert_ballot(db, pass_no, serial, prepared, entered_at)
    backup.ballots_saved(meeting, len(entries))
    return len(entries)


def _ballot(ballot_id, serial, pass_no, category_code, prepared: Prepared, entered_at) -> Ballot:
    marks = {(r, i): _MARKS[m] for r, i, m in prepared.rows if m}
    return Ballot(ballot_id, serial, pass_no, category_code, prepared.void_reason, marks, entered_at, prepared.digest)


def enter_ballot(meeting: Meeting, pass_no: int, serial: str, marks: dict, void_reason: str | None = None) -> Ballot:
    """Store one keying (ballot, all marks, audit row) in one transaction; refuses as ``check_serial`` does."""
    serial = check_serial(meeting, pass_no, serial)
    prepared = prepare(meeting, marks, void_reason)
    entered_at = clock.stamp()
    detail = {"serial": serial, "pass": pass_no, "digest": prepared.digest}
    try:
        with meeting.write("录入选票", detail) as db:
            ballot_id = insert_ballot(db, pass_no, serial, prepared, entered_at)
    except sqlite3.IntegrityError:
        raise SerialRefused(f"编号 {serial} 刚刚已被录入，不能重复录入。", serial=serial) from None
    backup.ballots_saved(meeting, 1)
    return _ballot(ballot_id, serial, pass_no, serial[0], prepared, entered_at)


def _stored(meeting: Meeting, ballot_id: int) -> Ballot:
    found = load_ballots(meeting, "b.id = ?", [ballot_id])
    if not found:
        raise PingyiError("找不到这张选票，可能已被删除。请刷新后重试。")
    return found[0]


def update_ballot(meeting: Meeting, ballot_id: int, marks: dict, void_reason: str | None = None) -> Ballot:
    """Correct a stored keying (same serial, same pass); audited with its before and after."""
    old = _stored(meeting, ballot_id)
    prepared = prepare(meeting, marks, void_reason)
    detail = {"serial": old.serial, "pass": old.pass_no, "before": old.digest, "after": prepared.digest}
    with meeting.write("修改选票", detail) as db:
        db.execute("UPDATE ballots SET void_reason = ?, digest = ? WHERE id = ?",
                   [prepared.void_reason, prepared.digest, ballot_id])
        db.execute("DELETE FROM marks WHERE ballot_id = ?", [ballot_id])
        db.conn.executemany(
            "INSERT INTO marks (ballot_id, reporter_id, item_id, mark) VALUES (?, ?, ?, ?)",
            [(ballot_id, r, i, m) for r, i, m in prepared.rows],
        )
    return _ballot(ballot_id, old.serial, old.pass_no, old.category_code, prepared, old.entered_at)


def delete_ballot(meeting: Meeting, ballot_id: int, reason: str) -> None:
    """Delete a keying with a reason (audited); deleting a 一录/二录 also drops that serial's re-keying."""
    old = _stored(meeting, ballot_id)
    reason = " ".join((reason or "").split())
    if not reason:
        raise BallotRefused(f"删除选票 {old.serial}（{PASS_LABELS[old.pass_no]}）需要填写原因。")
    detail = {"serial": old.serial, "pass": old.pass_no, "reason": reason, "digest": old.digest}
    with meeting.write("删除选票", detail) as db:
        if old.pass_no in (1, 2):
            db.execute("DELETE FROM ballots WHERE serial = ? AND pass_no = 3", [old.serial])
        db.execute("DELETE FROM ballots WHERE id = ?", [ballot_id])


# -- reading ----------------------------------------------------------------
_BALLOT_SQL = (
    "SELECT b.id, b.serial, b.pass_no, c.code, b.void_reason, b.entered_at, b.digest "
    "FROM ballots b JOIN forms f ON f.serial = b.serial JOIN categories c ON c.id = f.category_id "
)


def load_ballots(meeting: Meeting, where: str, params=(), order: str = "b.serial, b.pass_no") -> list[Ballot]:
    """Ballots matching a WHERE clause over ``ballots b``, with their marks (for this package's modules)."""
    rows = meeting.db.execute(f"{_BALLOT_SQL} WHERE {where} ORDER BY {order}", list(params)).fetchall()
    marks: dict[int, dict] = {r[0]: {} for r in rows}
    for ballot_id, reporter_id, item_id, mark in meeting.db.execute(
        f"SELECT m.ballot_id, m.reporter_id, m.item_id, m.mark FROM marks m JOIN ballots b ON b.id = m.ballot_id "
        f"WHERE m.mark != 0 AND ({where})",
        list(params),
    ):
        if ballot_id in marks:
            marks[ballot_id][(reporter_id, item_id)] = _MARKS[mark]
    return [Ballot(r[0], r[1], r[2], r[3], r[4], marks[r[0]], r[5], r[6]) for r in rows]


def get_ballot(meeting: Meeting, pass_no: int, serial: str) -> Ballot | None:
    """The keying of ``serial`` in ``pass_no`` (serial as typed or scanned), or None."""
    try:
        serial = normalize_serial(serial)
    except SerialError:
        return None
    found = load_ballots(meeting, "b.serial = ? AND b.pass_no = ?", [serial, pass_no])
    return found[0] if found else None


def recent_ballots(meeting: Meeting, pass_no: int, limit: int = 20) -> list[Ballot]:
    """The last ``limit`` ballots keyed in ``pass_no``, newest first (only that pass: entry stays blind)."""
    ids = [r[0] for r in meeting.db.execute(
        "SELECT id FROM ballots WHERE pass_no = ? ORDER BY id DESC LIMIT ?", [pass_no, int(limit)])]
    if not ids:
        return []
    marks = ",".join("?" * len(ids))
    return load_ballots(meeting, f"b.id IN ({marks})", ids, order="b.id DESC")


def counted_ballots(meeting: Meeting) -> list[Ballot]:
    """The ballots that count (``official_ballots``), one per serial, sorted by serial."""
    return load_ballots(meeting, "b.id IN (SELECT ballot_id FROM official_ballots)", order="b.serial")


EXPORT_HEADER = "Pingyi 计入选票 v1"


def canonical_ballot_export(meeting: Meeting) -> bytes:
    """The counted ballots as deterministic UTF-8 text, sorted by serial: no ids, no timestamps.

    Line 2 names the columns (述职人序号-项目序号 in form order); then one line per ballot:
    the serial, a tab, and its marks in that order (0 弃权 1 好 2 较好 3 一般 4 差 9 多选)
    or ``作废:<reason>``.  Byte-identical whatever order the ballots were entered in.
    """
    columns = [
        f"{r}-{i}"
        for r, i in meeting.db.execute("SELECT r.seq, i.seq FROM reporters r CROSS JOIN items i ORDER BY r.seq, i.seq")
    ]
    lines = [EXPORT_HEADER, "\t".join(["列", *columns])]
    rows = meeting.db.execute(
        "SELECT b.serial, b.digest FROM official_ballots o JOIN ballots b ON b.id = o.ballot_id"
    ).fetchall()
    lines += [f"{serial}\t{digest}" for serial, digest in sorted(rows)]
    return ("\n".join(lines) + "\n").encode("utf-8")


# -- verification -----------------------------------------------------------
def digest_faults(meeting: Meeting) -> list[str]:
    """Ballots whose stored digest does not match their stored marks (empty when all agree)."""
    cells = layout(meeting)
    stored: dict[int, dict] = defaultdict(dict)
    for ballot_id, reporter_id, item_id, mark in meeting.db.execute(
        "SELECT ballot_id, reporter_id, item_id, mark FROM marks ORDER BY ballot_id"
    ):
        stored[ballot_id][(reporter_id, item_id)] = mark
    faults = []
    for ballot_id, serial, pass_no, void_reason, digest in meeting.db.execute(
        "SELECT id, serial, pass_no, void_reason, digest FROM ballots ORDER BY serial, pass_no"
    ).fetchall():
        marks = stored.get(ballot_id, {})
        if void_reason is not None:
            expected, complete = VOID_PREFIX + void_reason, not marks
        else:
            expected = "".join(str(marks.get(c, "?")) for c in cells)
            complete = len(marks) == len(cells)
        if digest != expected or not complete:
            faults.append(f"选票 {serial}（{PASS_LABELS.get(pass_no, pass_no)}）的记录不完整或与摘要不符。")
    return faults


def check_digests(meeting: Meeting, report) -> None:
    """Adds to a verify report whether every stored ballot matches its digest."""
    faults = digest_faults(meeting)
    count = meeting.db.execute("SELECT count(*) FROM ballots").fetchone()[0]
    report.add(f"选票记录完整（{count} 张）", not faults, "；".join(faults[:5]))
