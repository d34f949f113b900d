"""Plain data of scanned pages as the meeting file keeps them (made by ``scanning``, stored here)."""

from __future__ import annotations

from dataclasses import dataclass

#: a page's status as reported: read, waits for review, refused (with a reason), the same as one already
#: read (nothing changed), or read but its form's other pages have not come yet
READ, REVIEW, REFUSED, DUPLICATE, INCOMPLETE = "read", "review", "refused", "duplicate", "incomplete"
STATUSES = (READ, REVIEW, REFUSED, DUPLICATE, INCOMPLETE)
#: the keying pass of a ballot read from scans
SCAN_PASS = 4
SCAN_PASS_LABEL = "扫描"
#: reason codes of refused pages that the clerk can mend by typing the serial printed on the page
NEEDS_SERIAL = ("no_qr", "no_page")


@dataclass(frozen=True)
class RowRecord:
    """One reporter × item read from a page (indexes in form order); ``mark`` None: to review."""

    reporter: int
    item: int
    mark: int | None
    reason: str | None
    boxes: tuple[tuple[float, float, float, float, str], ...]  # (inner, solid, trace, beside, state) 好…差


@dataclass(frozen=True)
class PageRecord:
    """One scanned page: where it came from and what was read (``status`` read, review or refused)."""

    file_name: str
    suffix: str
    page_index: int  # page within the file, 0-based
    sha256: str  # of the whole file
    status: str
    code: str = ""
    reason: str = ""
    serial: str | None = None
    form_page: int | None = None  # page of the form, 0-based
    form_pages: int | None = None  # pages the form has
    orientation: int | None = None
    residual_mm: float | None = None
    to_page: tuple[float, ...] | None = None  # 3×3 transform scan → canonical page, row by row
    rows: tuple[RowRecord, ...] = ()


@dataclass(frozen=True)
class StoredPage:
    """What became of a page: its id in the file, status, reason and the rows waiting for review."""

    page_id: int | None
    file_name: str
    page_index: int
    serial: str | None
    form_page: int | None
    status: str
    reason: str = ""
    review: tuple[tuple[int, int, str], ...] = ()  # (review id, reporter 序号, item name)


@dataclass(frozen=True)
class Waiting:
    """A row (or a page without a readable serial) waiting for the clerk's decision."""

    id: int
    page_id: int
    serial: str | None
    page: int | None  # form page, 1-based for people
    seq: int | None  # reporter 序号
    item: str | None
    reason: str
    reporter_id: int | None = None
    item_id: int | None = None
    file_name: str = ""
    boxes: tuple = ()
