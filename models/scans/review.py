"""The review queue (审核): doubtful rows decided by the clerk, pages given the serial printed on them.

Every decision is one transaction with its audit row; the decision that completes a form enters
its scanned ballot in the same transaction (``store._settle``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from models import clock
from models.ballots.keying import SerialRefused, check_form, to_serial
from models.labels import MARK_LABELS, Mark
from models.meeting import Meeting, backup

from . import evidence
from .records import NEEDS_SERIAL, REFUSED, PageRecord, StoredPage, Waiting
from .store import ScanRefused, _current_page, _settle, _store_read

_MARKS_BY_LABEL = {label: mark for mark, label in MARK_LABELS.items()}


def parse_mark(text: str) -> Mark:
    """好/较好/一般/差/弃权/多选 (or the entry keys 1–4, 0, 9) → Mark; ScanRefused naming the choices."""
    text = (text or "").strip()
    if text in _MARKS_BY_LABEL:
        return _MARKS_BY_LABEL[text]
    if text.isdigit() and int(text) in {int(m) for m in Mark}:
        return Mark(int(text))
    raise ScanRefused(f"“{text}”不是可用的审核结果：应为 好、较好、一般、差、弃权 或 多选（或按键 1、2、3、4、0、9）。")


_PENDING_SQL = """
SELECT v.id, v.page_id, p.serial, p.form_page, r.seq, i.name, v.reason, v.reporter_id, v.item_id, p.file_name, p.rows
  FROM scan_review v JOIN scan_pages p ON p.id = v.page_id
  LEFT JOIN reporters r ON r.id = v.reporter_id LEFT JOIN items i ON i.id = v.item_id
 WHERE v.decided_at IS NULL
   AND (v.reporter_id IS NULL
        OR p.id = (SELECT max(q.id) FROM scan_pages q
                    WHERE q.serial = p.serial AND q.form_page = p.form_page AND q.status != 'refused'))
 ORDER BY v.id
"""


def pending(meeting: Meeting) -> list[Waiting]:
    """What waits, oldest first: doubtful rows of the current reading of each page, and pages without a serial."""
    out = []
    for rid, page_id, serial, form_page, seq, item, reason, reporter_id, item_id, file_name, rows in meeting.db.execute(
        _PENDING_SQL
    ).fetchall():
        boxes = next(
            (tuple(tuple(b) for b in r["b"]) for r in json.loads(rows) if (r["r"], r["i"]) == (reporter_id, item_id)),
            (),
        )
        out.append(
            Waiting(
                rid,
                page_id,
                serial,
                None if form_page is None else form_page + 1,
                seq,
                item,
                reason,
                reporter_id,
                item_id,
                file_name,
                boxes,
            )
        )
    return out


def _review_row(meeting: Meeting, review_id: int):
    row = meeting.db.execute(
        "SELECT v.page_id, v.reporter_id, v.item_id, v.decided_mark, v.decided_at, p.serial, p.form_page "
        "FROM scan_review v JOIN scan_pages p ON p.id = v.page_id WHERE v.id = ?",
        [review_id],
    ).fetchone()
    if row is None:
        raise ScanRefused(f"审核队列中没有编号为 {review_id} 的条目。请用 review --json 查看待审核的条目。")
    return row


def decide(meeting: Meeting, review_id: int, mark: Mark | int) -> str | None:
    """Decide one doubtful row; returns 'inserted'/'updated' when this completed (or changed) the scanned ballot."""
    page_id, reporter_id, item_id, before, _, serial, form_page = _review_row(meeting, review_id)
    if reporter_id is None:
        raise ScanRefused(
            f"条目 {review_id} 是一页等待输入编号的扫描页，不是待判定的行。请用 --serial {review_id} 编号。"
        )
    current = _current_page(meeting, serial, form_page)
    if current is None or current[0] != page_id:
        raise ScanRefused(f"条目 {review_id} 所在的扫描页已被之后重新扫描的同一页取代，无需再审核。")
    mark = Mark(int(mark))
    detail = {
        "id": review_id,
        "serial": serial,
        "page": form_page + 1,
        "reporter_id": reporter_id,
        "item_id": item_id,
        "mark": int(mark),
        "before": before,
    }
    with meeting.write("审核扫描", detail) as db:
        db.execute(
            "UPDATE scan_review SET decided_mark = ?, decided_at = ? WHERE id = ?",
            [int(mark), clock.stamp(), review_id],
        )
        entered = _settle(meeting, db, serial)
    if entered == "inserted":
        backup.ballots_saved(meeting, 1)
    return entered


def serial_source(meeting: Meeting, review_id: int) -> tuple[bytes, str, int, str]:
    """(file bytes, suffix, page index, file name) of a page waiting for its serial, to read it again."""
    page_id, reporter_id, _, _, decided_at, _, _ = _review_row(meeting, review_id)
    if reporter_id is not None:
        raise ScanRefused(f"条目 {review_id} 是待判定的行，不是等待编号的页。请用 --set {review_id} 等次。")
    if decided_at is not None:
        raise ScanRefused(f"条目 {review_id} 的编号已经输入过了。")
    file_name, suffix, index, sha = meeting.db.execute(
        "SELECT file_name, suffix, page_index, sha256 FROM scan_pages WHERE id = ?", [page_id]
    ).fetchone()
    return evidence.load(meeting.path, sha, suffix), suffix, index, file_name


def check_typed_serial(meeting: Meeting, text: str) -> tuple[str, int | None]:
    """(serial, 0-based page or None) from what the clerk typed (``A-7KQ4M-W`` or ``A-7KQ4M-W/2``)."""
    body, _, page = (text or "").strip().partition("/")
    serial = to_serial(body)
    check_form(meeting, serial)
    if page and (not page.strip().isdigit() or int(page) < 1):
        raise SerialRefused(f"页码“{page}”有误：应为从 1 开始的数字，例如 {serial}/2。", serial=serial)
    return serial, (int(page) - 1 if page else None)


def assign_serial(meeting: Meeting, review_id: int, record: PageRecord) -> StoredPage:
    """Store the page read again with the serial the clerk typed (``record``, read by the caller)."""
    page_id = _review_row(meeting, review_id)[0]
    base = dict(
        file_name=record.file_name, page_index=record.page_index, serial=record.serial, form_page=record.form_page
    )
    if record.status == REFUSED:
        detail = {"id": review_id, "serial": record.serial, "status": REFUSED, "reason": record.code}
        with meeting.write("扫描页输入编号", detail) as db:
            db.execute(
                "UPDATE scan_pages SET serial = ?, code = ?, reason = ? WHERE id = ?",
                [record.serial, record.code, record.reason, page_id],
            )
            if record.code not in NEEDS_SERIAL:
                db.execute(
                    "UPDATE scan_review SET decided_serial = ?, decided_at = ? WHERE id = ?",
                    [record.serial, clock.stamp(), review_id],
                )
        return StoredPage(page_id, **base, status=REFUSED, reason=record.reason)
    return _store_read(meeting, record, base, replace_id=page_id, serial_review=review_id)


@dataclass(frozen=True)
class RefusedPage:
    page_id: int
    file_name: str
    page_index: int
    code: str
    reason: str
    waiting_id: int | None  # the review id when typing the serial would mend it


def refused_pages(meeting: Meeting) -> list[RefusedPage]:
    rows = meeting.db.execute(
        "SELECT p.id, p.file_name, p.page_index, p.code, p.reason, "
        "(SELECT v.id FROM scan_review v WHERE v.page_id = p.id AND v.decided_at IS NULL) "
        "FROM scan_pages p WHERE p.status = 'refused' ORDER BY p.id"
    ).fetchall()
    return [RefusedPage(*r) for r in rows]


@dataclass(frozen=True)
class ScanCounts:
    pages: int
    read: int
    waiting: int
    refused: int
    ballots: int


def scan_counts(meeting: Meeting) -> ScanCounts:
    pages, read, refused = meeting.db.execute(
        "SELECT count(*), coalesce(sum(status != 'refused'), 0), coalesce(sum(status = 'refused'), 0) FROM scan_pages"
    ).fetchone()
    ballots = meeting.db.execute("SELECT count(*) FROM ballots WHERE pass_no = 4").fetchone()[0]
    return ScanCounts(pages, read, len(pending(meeting)), refused, ballots)


def page_evidence(meeting: Meeting, page_id: int) -> tuple[bytes, str, int, list[float] | None, list]:
    """(file bytes, suffix, page index, transform scan → canonical page, rows with scores) of a stored page."""
    row = meeting.db.execute(
        "SELECT sha256, suffix, page_index, to_page, rows FROM scan_pages WHERE id = ?", [page_id]
    ).fetchone()
    if row is None:
        raise ScanRefused(f"没有编号为 {page_id} 的扫描页。")
    sha, suffix, index, to_page, rows = row
    return (
        evidence.load(meeting.path, sha, suffix),
        suffix,
        index,
        json.loads(to_page) if to_page else None,
        json.loads(rows),
    )


def page_caption(meeting: Meeting, page_id: int) -> tuple[str, str | None, int | None, str | None]:
    """(file name, serial, page of the form, reason refused) of a stored page, for its caption."""
    row = meeting.db.execute(
        "SELECT file_name, serial, form_page, reason FROM scan_pages WHERE id = ?", [page_id]
    ).fetchone()
    if row is None:
        raise ScanRefused(f"没有编号为 {page_id} 的扫描页。")
    return tuple(row)


@dataclass(frozen=True)
class ScannedPage:
    id: int
    file_name: str
    page_index: int
    serial: str | None
    form_page: int | None
    status: str
    reason: str
    waiting: int  # rows of this page still waiting for review


def list_pages(meeting: Meeting) -> list[ScannedPage]:
    """Every page read, newest first."""
    rows = meeting.db.execute(
        "SELECT p.id, p.file_name, p.page_index, p.serial, p.form_page, p.status, p.reason, "
        "(SELECT count(*) FROM scan_review v WHERE v.page_id = p.id AND v.decided_at IS NULL) "
        "FROM scan_pages p ORDER BY p.id DESC"
    ).fetchall()
    return [ScannedPage(*r) for r in rows]
