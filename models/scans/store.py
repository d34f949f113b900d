"""Scanned pages into the meeting file: each page read is kept (with its per-box scores and the
image's SHA-256), doubtful rows wait for review, and a form whose pages are all read and whose
rows are all decided enters as a ballot of pass 4 (扫描) — in the same transaction as the page
or the review decision that completed it, with its audit row, like a keyed ballot.
"""

from __future__ import annotations

import json
from dataclasses import replace

from models import clock
from models.ballots.forms import form_style
from models.ballots.keying import SerialRefused, check_form, insert_ballot, prepare, to_serial
from models.errors import PingyiError
from models.labels import MARK_LABELS, Mark
from models.meeting import Meeting, backup

from . import evidence
from .records import DUPLICATE, INCOMPLETE, NEEDS_SERIAL, READ, REFUSED, REVIEW, SCAN_PASS, PageRecord, StoredPage


class ScanRefused(PingyiError):
    """A review decision or serial that cannot be taken."""


def _cells(meeting: Meeting):
    reporters = meeting.db.execute("SELECT id, seq, name FROM reporters ORDER BY seq").fetchall()
    items = meeting.db.execute("SELECT id, name FROM items ORDER BY seq").fetchall()
    return reporters, items


def cell_ids(meeting: Meeting) -> tuple[list[int], list[int]]:
    """Reporter ids in 序号 order and item ids in form order: the reader's row and item indexes → ids."""
    reporters, items = _cells(meeting)
    return [r[0] for r in reporters], [i[0] for i in items]


def form_shape(meeting: Meeting) -> tuple[int, int, int]:
    """(reporters, items, form style) of the form: the table the reader looks for, and how it is drawn."""
    reporters, items = _cells(meeting)
    return len(reporters), len(items), form_style(meeting)


def _rows_json(meeting: Meeting, record: PageRecord) -> tuple[str, list[tuple[int, int, int | None, str | None]]]:
    reporters, items = _cells(meeting)
    out, cells = [], []
    for row in record.rows:
        rid, iid = reporters[row.reporter][0], items[row.item][0]
        out.append({"r": rid, "i": iid, "m": row.mark, "why": row.reason, "b": [list(b) for b in row.boxes]})
        cells.append((rid, iid, row.mark, row.reason))
    return json.dumps(out, ensure_ascii=False, separators=(",", ":")), cells


def _current_page(meeting: Meeting, serial: str, form_page: int):
    return meeting.db.execute(
        "SELECT id, file_name FROM scan_pages WHERE serial = ? AND form_page = ? AND status != 'refused' "
        "ORDER BY id DESC LIMIT 1",
        [serial, form_page],
    ).fetchone()


def _effective(meeting: Meeting, page_id: int) -> dict[tuple[int, int], int | None]:
    """The marks of a page: as read, replaced by review decisions; None where a review is still open."""
    rows = json.loads(meeting.db.execute("SELECT rows FROM scan_pages WHERE id = ?", [page_id]).fetchone()[0])
    marks = {(r["r"], r["i"]): r["m"] for r in rows}
    for rid, iid, decided in meeting.db.execute(
        "SELECT reporter_id, item_id, decided_mark FROM scan_review WHERE page_id = ? AND reporter_id IS NOT NULL "
        "ORDER BY id",
        [page_id],
    ):
        marks[(rid, iid)] = decided
    return marks


def _compose(meeting: Meeting, serial: str) -> dict | None:
    """All marks of the form when every page is read and every row decided, else None."""
    row = meeting.db.execute(
        "SELECT max(form_pages) FROM scan_pages WHERE serial = ? AND status != 'refused'", [serial]
    ).fetchone()
    if not row or row[0] is None:
        return None
    marks: dict = {}
    for form_page in range(row[0]):
        current = _current_page(meeting, serial, form_page)
        if current is None:
            return None
        page = _effective(meeting, current[0])
        if any(v is None for v in page.values()):
            return None
        marks.update(page)
    return marks


def _missing_pages(meeting: Meeting, serial: str) -> list[int]:
    total = (
        meeting.db.execute(
            "SELECT max(form_pages) FROM scan_pages WHERE serial = ? AND status != 'refused'", [serial]
        ).fetchone()[0]
        or 0
    )
    return [p for p in range(total) if _current_page(meeting, serial, p) is None]


def _settle(meeting: Meeting, db, serial: str) -> str | None:
    """Enter (or correct) the scanned ballot once the form is complete; 'inserted', 'updated' or None."""
    marks = _compose(meeting, serial)
    if marks is None:
        return None
    prepared = prepare(meeting, {k: v for k, v in marks.items() if v})
    existing = db.execute(
        "SELECT id, digest FROM ballots WHERE serial = ? AND pass_no = ?", [serial, SCAN_PASS]
    ).fetchone()
    if existing is None:
        insert_ballot(db, SCAN_PASS, serial, prepared, clock.stamp())
        return "inserted"
    if existing[1] == prepared.digest:
        return None
    db.execute("UPDATE ballots SET digest = ? WHERE id = ?", [prepared.digest, existing[0]])
    db.execute("DELETE FROM marks WHERE ballot_id = ?", [existing[0]])
    db.conn.executemany(
        "INSERT INTO marks (ballot_id, reporter_id, item_id, mark) VALUES (?, ?, ?, ?)",
        [(existing[0], r, i, m) for r, i, m in prepared.rows],
    )
    return "updated"


def _insert_page(
    db, record: PageRecord, status: str, rows_json: str = "[]", serial=None, reason=None, code=None
) -> int:
    cur = db.execute(
        "INSERT INTO scan_pages (file_name, suffix, page_index, sha256, serial, form_page, form_pages, orientation, "
        "residual_mm, status, code, reason, to_page, rows, read_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            record.file_name,
            record.suffix,
            record.page_index,
            record.sha256,
            serial or record.serial,
            record.form_page,
            record.form_pages,
            record.orientation,
            record.residual_mm,
            status,
            code if code is not None else record.code,
            reason if reason is not None else record.reason,
            json.dumps(record.to_page) if record.to_page else None,
            rows_json,
            clock.stamp(),
        ],
    )
    return cur.lastrowid


def _label(mark) -> str:
    return MARK_LABELS[Mark(mark)] if mark is not None else "待审核"


def store_page(meeting: Meeting, record: PageRecord, data: bytes | None = None) -> StoredPage:
    """Keep one scanned page (and its file as evidence); what became of it.

    The same file page read again changes nothing (duplicate).  A page of an unknown, spoiled or
    unreadable serial is kept as refused with its reason; one whose serial cannot be read waits for
    the clerk to type it (``assign_serial``).
    """
    known = meeting.db.execute(
        "SELECT file_name FROM scan_pages WHERE sha256 = ? AND page_index = ?", [record.sha256, record.page_index]
    ).fetchone()
    base = dict(
        file_name=record.file_name, page_index=record.page_index, serial=record.serial, form_page=record.form_page
    )
    if known:
        return StoredPage(None, **base, status=DUPLICATE, reason=f"这一页已读过（文件 {known[0]}），未作改动。")
    if data is not None:
        evidence.keep(meeting.path, record.sha256, record.suffix, data)
    if record.status != REFUSED:
        try:
            check_form(meeting, to_serial(record.serial))
        except SerialRefused as exc:
            record = replace(record, status=REFUSED, code="unknown_serial", reason=str(exc))
    if record.status == REFUSED:
        return _store_refused(meeting, record, base)
    return _store_read(meeting, record, base)


def _store_refused(meeting: Meeting, record: PageRecord, base: dict) -> StoredPage:
    detail = {
        "file": record.file_name,
        "page": record.page_index + 1,
        "sha256": record.sha256,
        "status": REFUSED,
        "reason": record.code,
    }
    with meeting.write("扫描页未读入", detail) as db:
        page_id = _insert_page(db, record, REFUSED)
        if record.code in NEEDS_SERIAL:
            db.execute("INSERT INTO scan_review (page_id, reason) VALUES (?, ?)", [page_id, record.reason])
    return StoredPage(page_id, **base, status=REFUSED, reason=record.reason)


def _store_read(
    meeting: Meeting, record: PageRecord, base: dict, replace_id: int | None = None, serial_review: int | None = None
) -> StoredPage:
    rows_json, cells = _rows_json(meeting, record)
    review = [(rid, iid, why) for rid, iid, mark, why in cells if mark is None]
    current = _current_page(meeting, record.serial, record.form_page)
    if current is not None and current[0] != replace_id:
        before = _effective(meeting, current[0])
        diffs = [
            (
                rid,
                iid,
                f"与先前扫描（{current[1]}）不同：先前读作“{_label(before.get((rid, iid)))}”，"
                f"这次读作“{_label(mark)}”。请看图确认。",
            )
            for rid, iid, mark, _ in cells
            if mark is not None and before.get((rid, iid)) is not None and before[(rid, iid)] != mark
        ]
        if not review and not diffs and all(v is not None for v in before.values()):
            return StoredPage(
                None,
                **base,
                status=DUPLICATE,
                reason=f"编号 {record.serial} 的这一页已读过（{current[1]}），两次读到的相同，未作改动。",
            )
        review += diffs
    status = REVIEW if review else READ
    detail = {
        "file": record.file_name,
        "page": record.page_index + 1,
        "sha256": record.sha256,
        "serial": record.serial,
        "form_page": record.form_page + 1,
        "status": status,
        "review": len(review),
    }
    with meeting.write("扫描读票" if serial_review is None else "扫描页输入编号", detail) as db:
        if replace_id is None:
            page_id = _insert_page(db, record, status, rows_json)
        else:
            page_id = replace_id
            _update_page(db, page_id, record, status, rows_json)
            db.execute(
                "UPDATE scan_review SET decided_serial = ?, decided_at = ? WHERE id = ?",
                [record.serial, clock.stamp(), serial_review],
            )
        ids = []
        for rid, iid, why in review:
            ids.append(
                db.execute(
                    "INSERT INTO scan_review (page_id, reporter_id, item_id, reason) VALUES (?, ?, ?, ?)",
                    [page_id, rid, iid, why],
                ).lastrowid
            )
        entered = _settle(meeting, db, record.serial)
        missing = _missing_pages(meeting, record.serial)
    if entered == "inserted":
        backup.ballots_saved(meeting, 1)
    names = _names(meeting)
    listed = tuple((rid_, *names[(rid, iid)]) for rid_, (rid, iid, _) in zip(ids, review, strict=True))
    if status == READ and missing:
        status = INCOMPLETE
        reason = "这份表还缺第 " + "、".join(str(p + 1) for p in missing) + " 页，到齐后计入。"
    else:
        reason = "；".join(why for _, _, why in review[:3])
    return StoredPage(
        page_id,
        **{**base, "serial": record.serial, "form_page": record.form_page},
        status=status,
        reason=reason,
        review=listed,
    )


def _update_page(db, page_id: int, record: PageRecord, status: str, rows_json: str) -> None:
    db.execute(
        "UPDATE scan_pages SET serial = ?, form_page = ?, form_pages = ?, orientation = ?, residual_mm = ?, status = ?, "
        "code = ?, reason = ?, to_page = ?, rows = ? WHERE id = ?",
        [
            record.serial,
            record.form_page,
            record.form_pages,
            record.orientation,
            record.residual_mm,
            status,
            record.code,
            record.reason,
            json.dumps(record.to_page) if record.to_page else None,
            rows_json,
            page_id,
        ],
    )


def _names(meeting: Meeting) -> dict[tuple[int, int], tuple[int, str]]:
    return {
        (rid, iid): (seq, item)
        for rid, seq, iid, item in meeting.db.execute(
            "SELECT r.id, r.seq, i.id, i.name FROM reporters r CROSS JOIN items i"
        )
    }
