"""Reading one scanned page: locate, check the fit, score every box, decide every row.

``read_page(gray, shape)`` never raises for a bad page: the reading says ``refused`` with a
reason code and a Chinese sentence.  It knows nothing of the meeting file: whether the
serial belongs to this meeting is the caller's (``models``) question.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import cv2
import numpy as np

from models.ballots.forms import FORM_STYLE

from . import geometry as G
from .decide import RowReading, decide_row
from .locate import Location, NotLocated, darkness, locate
from .payload import PayloadError, parse_payload

#: a page whose table frame or QR code lies further than this from where the marks put it is refused
MAX_RESIDUAL_MM = 1.5
#: each row of boxes may sit this far from where the marks put it (paper curl, phone photos)
ROW_SEARCH_MM = 1.2
#: darkness below this is paper (texture, JPEG noise, toner dust)
PAPER = 0.05
#: darkness of pen ink (ball pen, felt pen, pencil pressed hard); lighter ink is a smudge or a faint trace
STRONG = 0.45
#: darkness of the faintest trace of a stroke (light pencil, an erased tick): far above paper grain and noise
TRACE = 0.08
#: border of a box (and grid lines of a cell) left out of its scores, canonical pixels
INSET = 4
#: the table frame is searched this far (mm) around where the marks put it
FRAME_SEARCH_MM = 3.0

READ, REVIEW, REFUSED = "read", "review", "refused"


@dataclass(frozen=True)
class FormShape:
    """What the reader needs of the meeting: the table's size (the same on every category's form)."""

    reporter_count: int
    item_count: int
    style: int = FORM_STYLE  # the geometry the meeting's forms are printed in (models.ballots.forms)

    @property
    def page_count(self) -> int:
        return G.page_count(self.reporter_count, self.item_count, self.style)

    def spots(self, page: int) -> G.PageSpots:
        """Where the boxes of this page of the form are."""
        return G.page_spots(self.reporter_count, self.item_count, page, self.style)


@dataclass(frozen=True)
class PageReading:
    """What one scanned page says.  ``status``: read, review or refused (``code`` and ``reason`` say why)."""

    status: str
    code: str = ""
    reason: str = ""
    serial: str | None = None
    page: int | None = None  # 0-based page of the form
    orientation: int | None = None
    residual_mm: float | None = None
    rows: tuple[RowReading, ...] = ()
    to_page: np.ndarray | None = field(default=None, repr=False, compare=False)

    @property
    def review_rows(self) -> list[RowReading]:
        return [r for r in self.rows if r.mark is None]


def refused(code: str, reason: str, **kw) -> PageReading:
    return PageReading(REFUSED, code, reason, **kw)


def read_page(gray: np.ndarray, shape: FormShape, serial: str | None = None, page: int | None = None) -> PageReading:
    """Read one page.  ``serial``/``page`` given by the clerk replace an unreadable QR code."""
    try:
        loc = locate(gray)
    except NotLocated as exc:
        return refused(exc.code, exc.message)
    if loc.payload is None:
        loc = _upright_by_frame(gray, loc, shape)
        if loc is None:
            return refused(
                "not_form", "这页找不到测评表的表格和二维码：不是 Pingyi 测评表，或严重折损。请单独放出核实。"
            )
        if serial is None:
            return refused(
                "no_qr",
                "二维码无法识别（破损、污损或缺失）。请在审核中输入表上印的编号。",
                orientation=loc.orientation,
                to_page=loc.to_page,
            )
    elif serial is None:
        try:
            serial, page = parse_payload(loc.payload)
        except PayloadError as exc:
            return refused(exc.code, str(exc), orientation=loc.orientation)
    if page is None:
        if shape.page_count > 1:
            return refused(
                "no_page",
                f"编号 {serial} 的表共 {shape.page_count} 页，但看不出这是第几页。请输入编号和页码（如 {serial}/2）。",
                serial=serial,
                orientation=loc.orientation,
                to_page=loc.to_page,
            )
        page = 0
    if not 0 <= page < shape.page_count:
        return refused(
            "bad_page",
            f"编号 {serial} 的第 {page + 1} 页不存在：本会议的测评表共 {shape.page_count} 页。"
            "这张表可能来自另一场会议。",
            serial=serial,
            page=page,
            orientation=loc.orientation,
        )
    return _read_located(gray, loc, shape, serial, page)


def _upright_by_frame(gray: np.ndarray, loc: Location, shape: FormShape) -> Location | None:
    """Without a QR code: the way up in which the table frame lies where the form has it (None: no form)."""
    frame = shape.spots(0).table
    for orientation, to_page in ((loc.orientation, loc.to_page), *loc.others):
        candidate = replace(loc, to_page=to_page, orientation=orientation, others=())
        canon, _ = warp(gray, candidate)
        if _residual(ink(canon)[0], frame, None, bottom=False) <= MAX_RESIDUAL_MM:
            return candidate
    return None


def _read_located(gray: np.ndarray, loc: Location, shape: FormShape, serial: str, page: int) -> PageReading:
    canon, to_page = warp(gray, loc)
    dark, strong, trace = ink(canon)
    spots = shape.spots(page)
    residual = _residual(dark, spots.table, loc.qr_center)
    base = dict(serial=serial, page=page, orientation=loc.orientation, residual_mm=round(residual, 2), to_page=to_page)
    if residual > MAX_RESIDUAL_MM:
        return refused(
            "misfit",
            f"表格位置与四角定位标记不符（偏差 {residual:.1f} 毫米，允许 {MAX_RESIDUAL_MM} 毫米）："
            "纸张可能折叠、卷曲或扫描时移动。请压平后重新扫描。",
            **base,
        )
    rows = tuple(score_rows(dark, strong, trace, spots))
    status = REVIEW if any(r.mark is None for r in rows) else READ
    return PageReading(status, **base, rows=rows)


def warp(gray: np.ndarray, loc: Location) -> tuple[np.ndarray, np.ndarray]:
    """The scan turned upright onto the canonical page, and the transform used."""
    to_page = loc.to_page
    if loc.dpi > 1.6 * G.DPI:  # shrink first: warping samples, shrinking averages (thin lines survive)
        f = G.DPI * 1.2 / loc.dpi
        gray = cv2.resize(gray, None, fx=f, fy=f, interpolation=cv2.INTER_AREA)
        to_page = to_page @ np.diag([1 / f, 1 / f, 1.0])
    canon = cv2.warpPerspective(
        gray, to_page, (G.WIDTH, G.HEIGHT), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT, borderValue=255
    )
    return canon, to_page


def ink(canon: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Darkness above the paper (0 … 1); where it is pen-dark (1); where there is any trace of a stroke (1)."""
    dark = darkness(canon, round(8 * G.MM))
    above = cv2.max(cv2.subtract(dark, PAPER), 0.0) * np.float32(1 / (1 - PAPER))
    strong = cv2.threshold(dark, STRONG - 1e-6, 1.0, cv2.THRESH_BINARY)[1]
    return above, strong, cv2.threshold(dark, TRACE - 1e-6, 1.0, cv2.THRESH_BINARY)[1]


def _residual(dark: np.ndarray, table: G.Rect, qr_center, bottom: bool = True) -> float:
    """How far (mm) the table frame and the QR code lie from where the marks put them."""
    x0, y0, x1, y1 = (round(v) for v in table)
    r = round(FRAME_SEARCH_MM * G.MM)
    offsets = [
        _line_offset(dark[y0 - r : y0 + r + 1, x0 + 20 : x1 - 20].mean(axis=1)),
        _line_offset(dark[y0 + 20 : y1 - 20, x0 - r : x0 + r + 1].mean(axis=0)),
        _line_offset(dark[y0 + 20 : y1 - 20, x1 - r : x1 + r + 1].mean(axis=0)),
    ]
    if bottom:  # the other pages of the form end elsewhere
        offsets.append(_line_offset(dark[y1 - r : y1 + r + 1, x0 + 20 : x1 - 20].mean(axis=1)))
    worst = max(abs(o) for o in offsets) / G.MM
    if qr_center is not None:
        qx0, qy0, qx1, qy1 = G.qr_rect()
        worst = max(worst, float(np.hypot(qr_center[0] - (qx0 + qx1) / 2, qr_center[1] - (qy0 + qy1) / 2)) / G.MM)
    return worst


def _line_offset(profile: np.ndarray) -> float:
    """Where the frame line is in a profile across it, from the centre (pixels); far away when absent."""
    if profile.size == 0 or profile.max() < 0.3:
        return 99 * G.MM
    return float(np.argmax(profile)) - (profile.size - 1) / 2


def score_rows(dark: np.ndarray, strong: np.ndarray, trace: np.ndarray, spots: G.PageSpots) -> list[RowReading]:
    """Every row of the page: its boxes scored against the page's blank boxes, then decided."""
    # sums over the grade cells only (a third of the page): a box's score is then a few lookups
    reach = round(ROW_SEARCH_MM * G.MM) + INSET + 2
    cells = [b.cell for row in spots.rows for b in row.boxes] or [(0, 0, 1, 1)]
    ox, oy = max(round(min(c[0] for c in cells)) - reach, 0), max(round(min(c[1] for c in cells)) - reach, 0)
    ex, ey = round(max(c[2] for c in cells)) + reach, round(max(c[3] for c in cells)) + reach
    sums = _Sums(cv2.integral(dark[oy:ey, ox:ex]), ox, oy)
    pen = _Sums(cv2.integral(strong[oy:ey, ox:ex]), ox, oy)
    traces = _Sums(cv2.integral(trace[oy:ey, ox:ex]), ox, oy)
    raw = []
    for row, (dx, dy, aligned) in zip(spots.rows, row_offsets(dark, spots.rows), strict=True):
        scores = []
        for spot in row.boxes:
            box = _moved(spot.box, dx, dy)
            inside = _grow(box, -INSET)
            inner, solid, faint = _mean(sums, inside), _mean(pen, inside), _mean(traces, inside)
            cell = _grow(_moved(spot.cell, dx, dy), -INSET)
            # beside the box, as high as the box: where a tick that missed its box lands (a stroke
            # from the row above or below crosses the row line only into the cell's top or bottom)
            left = (cell[0], box[1], box[0] - INSET, box[3])
            right = (box[2] + INSET, box[1], cell[2], box[3])
            beside = max(_mean(sums, left), _mean(sums, right))
            scores.append((inner, solid, faint, beside))
        raw.append((row, scores, aligned))
    if not raw:
        return []
    blank = np.median(np.array([box for _, s, _ in raw for box in s]), axis=0)
    return [
        decide_row(
            row.reporter, row.item, [tuple(float(v) for v in np.maximum(np.subtract(b, blank), 0)) for b in s], ok
        )
        for row, s, ok in raw
    ]


IRect = tuple[int, int, int, int]


def _moved(rect: G.Rect, dx: int, dy: int) -> IRect:
    x0, y0, x1, y1 = (round(v) for v in rect)
    return x0 + dx, y0 + dy, x1 + dx, y1 + dy


def _grow(rect: IRect, by: int) -> IRect:
    return rect[0] - by, rect[1] - by, rect[2] + by, rect[3] + by


def _clip(rect: IRect, within: IRect) -> IRect:
    return max(rect[0], within[0]), max(rect[1], within[1]), min(rect[2], within[2]), min(rect[3], within[3])


def _area(rect: IRect) -> int:
    return max(rect[2] - rect[0], 0) * max(rect[3] - rect[1], 0)


@dataclass(frozen=True)
class _Sums:
    """An integral image of a crop of the page that starts at (ox, oy)."""

    table: np.ndarray
    ox: int
    oy: int


def _sum(sums: _Sums, rect: IRect) -> float:
    table = sums.table
    h, w = table.shape[0] - 1, table.shape[1] - 1
    x0, x1 = min(max(rect[0] - sums.ox, 0), w), min(max(rect[2] - sums.ox, 0), w)
    y0, y1 = min(max(rect[1] - sums.oy, 0), h), min(max(rect[3] - sums.oy, 0), h)
    return float(table[y1, x1] - table[y0, x1] - table[y1, x0] + table[y0, x0])


def _mean(sums: _Sums, rect: IRect) -> float:
    return _sum(sums, rect) / max(_area(rect), 1)


#: a row lies at most this far (canonical pixels) from where the rows around it lie: paper bends smoothly
ROW_STEP = 2
#: rows on each side whose offsets say where a row should lie
NEIGHBOURS = 3

_OUTLINES: dict[int, np.ndarray] = {}


def _outline(size: int) -> np.ndarray:
    """A box's printed border as a template (2 px lines)."""
    if size not in _OUTLINES:
        t = np.zeros((size + 1, size + 1), np.float32)
        cv2.rectangle(t, (0, 0), (size, size), 1.0, 2)
        _OUTLINES[size] = t
    return _OUTLINES[size]


def row_offsets(dark: np.ndarray, rows: tuple[G.RowSpot, ...]) -> list[tuple[int, int, bool]]:
    """(dx, dy, found) of each row: where its printed box borders lie on the scan.

    Each row is matched on its own, then held to the rows around it: a row whose best match is
    further than ``ROW_STEP`` from the median of its neighbours (the last row's boxes latched onto
    the heavy table frame, a filled box pulling the match) takes the best match near that median.
    """
    matches = [_row_match(dark, row) for row in rows]
    out = []
    for index, match in enumerate(matches):
        if match is None:
            out.append((0, 0, False))
            continue
        near = matches[max(index - NEIGHBOURS, 0) : index] + matches[index + 1 : index + NEIGHBOURS + 1]
        around = [m.best for m in near if m is not None]
        dx, dy, found = match.best
        if around:
            mx, my = (round(float(np.median([b[k] for b in around]))) for k in (0, 1))
            if max(abs(dx - mx), abs(dy - my)) > ROW_STEP:
                dx, dy, found = match.near(mx, my, ROW_STEP)
        out.append((dx, dy, found))
    return out


@dataclass(frozen=True)
class _RowMatch:
    """How well a row's printed box borders lie on the scan at each offset within the search."""

    total: np.ndarray  # match map, centre = no offset
    least: float  # a match below this finds no borders (a fifth of the outlines' ink)

    @property
    def best(self) -> tuple[int, int, bool]:
        return self.near(0, 0, (self.total.shape[0] - 1) // 2)

    def near(self, dx: int, dy: int, reach: int) -> tuple[int, int, bool]:
        """(dx, dy, found) of the best match within ``reach`` of (dx, dy)."""
        r = (self.total.shape[0] - 1) // 2
        x0, y0 = max(dx + r - reach, 0), max(dy + r - reach, 0)
        window = self.total[y0 : dy + r + reach + 1, x0 : dx + r + reach + 1]
        _, best, _, (bx, by) = cv2.minMaxLoc(window)
        return x0 + bx - r, y0 + by - r, best >= self.least


def _row_match(dark: np.ndarray, row: G.RowSpot) -> _RowMatch | None:
    """The match map of the row's box outlines over the search area; None when it runs off the page."""
    r = round(ROW_SEARCH_MM * G.MM)
    total, least = None, 0.0
    for spot in row.boxes:
        x0, y0, x1, _ = (round(v) for v in spot.box)
        tmpl = _outline(x1 - x0)
        region = dark[max(y0 - r, 0) : y0 + tmpl.shape[0] + r, max(x0 - r, 0) : x0 + tmpl.shape[1] + r]
        if region.shape != (tmpl.shape[0] + 2 * r, tmpl.shape[1] + 2 * r):
            return None
        m = cv2.matchTemplate(region, tmpl, cv2.TM_CCORR)
        total = m if total is None else total + m
        least += 0.2 * float(tmpl.sum())
    return None if total is None else _RowMatch(total, least)
