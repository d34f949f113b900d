"""Finding the form on a scan: the four corner marks, the orientation, the QR code.

The marks give a perspective transform from the scan onto the canonical page
(``geometry``); which of the four ways up is decided by where the QR code is (top right).
A page whose marks cannot be found, or do not form the page's rectangle, is refused
with a reason: it is never guessed.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
import zxingcpp

from . import geometry as G

#: the mark search works on the scan scaled to this long side (pixels)
SEARCH_SIDE = 900
#: darkness (0 white … 1 black, against the local paper) counted as ink
INK = 0.35
#: a page with less ink than this share of its area is blank (a duplex back)
BLANK_INK = 0.003
#: the marks' rectangle: width / height on paper (corner-mark centres)
_MC = G.mark_centers()
MARKS_RATIO = (_MC[1][0] - _MC[0][0]) / (_MC[3][1] - _MC[0][1])


class NotLocated(Exception):  # noqa: N818 (a reading outcome, carried as a reason)
    """The page could not be located; ``code`` names why (blank, no_marks, ...)."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Location:
    """Where the form lies on the scan."""

    to_page: np.ndarray  # 3×3: scan pixels → canonical page pixels
    orientation: int  # 0, 90, 180 or 270: how far the page is turned clockwise on the scan
    payload: str | None  # the QR text, None when it could not be read
    qr_center: tuple[float, float] | None  # the QR code's centre on the canonical page
    dpi: float  # the scan's resolution, estimated from the marks
    #: without a QR code: the other ways up the marks allow, (orientation, transform), to try on the table frame
    others: tuple = ()


def darkness(gray: np.ndarray, cell: int) -> np.ndarray:
    """0 (paper) … 1 (black) for each pixel, against the local paper white (uneven light allowed).

    ``cell`` is the size (pixels) over which the paper white is taken: larger than any solid mark.
    """
    h, w = gray.shape
    fx = max(1, cell // 3)
    small = cv2.resize(gray, (max(1, w // fx), max(1, h // fx)), interpolation=cv2.INTER_AREA)
    white = cv2.dilate(small, np.ones((5, 5), np.uint8))
    white = cv2.GaussianBlur(white, (5, 5), 0)
    white = cv2.resize(white, (w, h), interpolation=cv2.INTER_LINEAR)
    paper = cv2.divide(gray, np.maximum(white, 32), scale=255)  # 255 where the paper is, saturating
    return cv2.subtract(1.0, paper.astype(np.float32) * np.float32(1 / 255))


def locate(gray: np.ndarray) -> Location:
    """The transform, orientation and QR text of one scanned page; NotLocated saying why not."""
    h, w = gray.shape
    f = SEARCH_SIDE / max(h, w)
    small = cv2.resize(gray, (max(1, round(w * f)), max(1, round(h * f))), interpolation=cv2.INTER_AREA)
    ink = darkness(small, 24) > INK
    if ink.mean() < BLANK_INK:
        raise NotLocated("blank", "空白页（多为双面扫描的背面），已跳过。")
    fallback = None
    for quad in _find_marks(ink):
        corners = quad / f
        orientations = [k for k in range(4) if _portrait(corners, k)]
        scored = sorted(orientations, key=lambda k: -_qr_darkness(small, corners * f, k))
        for k in scored:
            to_page = _transform(corners, k)
            found = _read_qr(gray, to_page)
            if found:
                payload, center = found
                if _near(center, G.qr_rect()):
                    return Location(to_page, 90 * k, payload, center, _dpi(corners))
        if scored and fallback is None:
            others = tuple((90 * j, _transform(corners, j)) for j in scored[1:])
            fallback = Location(_transform(corners, scored[0]), 90 * scored[0], None, None, _dpi(corners), others)
    if fallback is None:
        raise NotLocated("no_marks", "四角的定位标记不成测评表的长宽比例：这页不像 Pingyi 测评表。请单独放出核实。")
    return fallback


#: the page may lie turned on a phone photo: the corner marks are looked for as the extremes along these turns
SEARCH_TURNS = (0, 20, -20, 40, -40)


def _find_marks(ink: np.ndarray) -> list[np.ndarray]:
    """Candidate sets of the four corner marks' centres (TL, TR, BR, BL as seen on the scan), likeliest first."""
    h, w = ink.shape
    count, _, stats, centroids = cv2.connectedComponentsWithStats(ink.astype(np.uint8), connectivity=8)
    side = max(h, w)
    x, y, bw, bh, area = (stats[1:, i] for i in range(5))
    fill = area / np.maximum(bw * bh, 1)
    ok = (
        (bw >= 0.004 * side)
        & (bh >= 0.004 * side)
        & (bw <= 0.03 * side)
        & (bh <= 0.03 * side)
        & (fill >= 0.6)
        & (bw <= 1.6 * bh)
        & (bh <= 1.6 * bw)
    )
    points = centroids[1:][ok]
    sizes = np.sqrt(area[ok])
    if len(points) < 4:
        raise NotLocated(
            "no_marks", "找不到表四角的定位标记：这页不像 Pingyi 测评表，或四角被遮挡、裁切。请重新扫描完整的页面。"
        )
    quads, seen = [], set()
    for turn in SEARCH_TURNS:
        a = np.radians(turn)
        u = points[:, 0] * np.cos(a) + points[:, 1] * np.sin(a)
        v = -points[:, 0] * np.sin(a) + points[:, 1] * np.cos(a)
        s, d = u + v, u - v
        picks = (int(np.argmin(s)), int(np.argmax(d)), int(np.argmax(s)), int(np.argmin(d)))
        quad = points[list(picks)]
        if picks in seen or len(set(picks)) < 4:
            continue
        seen.add(picks)
        if max(sizes[list(picks)]) <= 2.2 * min(sizes[list(picks)]) and _convex(quad):
            quads.append(quad.astype(np.float64))
    if not quads:
        raise NotLocated("no_marks", "四角的定位标记不完整或不成矩形：请确认整页都在扫描范围内，且四角没有折角、污渍。")
    return quads


def _convex(quad: np.ndarray) -> bool:
    cross = []
    for i in range(4):
        a, b, c = quad[i], quad[(i + 1) % 4], quad[(i + 2) % 4]
        cross.append((b[0] - a[0]) * (c[1] - b[1]) - (b[1] - a[1]) * (c[0] - b[0]))
    return all(v > 0 for v in cross) or all(v < 0 for v in cross)


def _portrait(corners: np.ndarray, k: int) -> bool:
    """Whether turning by k quarters makes the marks' rectangle upright-portrait-shaped."""
    tl, tr, bl = corners[k % 4], corners[(k + 1) % 4], corners[(k + 3) % 4]
    ratio = np.linalg.norm(tr - tl) / max(np.linalg.norm(bl - tl), 1e-6)
    return abs(ratio / MARKS_RATIO - 1) < 0.35


def _transform(corners: np.ndarray, k: int) -> np.ndarray:
    src = np.array([corners[(k + i) % 4] for i in range(4)], np.float32)
    return cv2.getPerspectiveTransform(src, np.array(G.mark_centers(), np.float32))


def _dpi(corners: np.ndarray) -> float:
    diag_scan = np.linalg.norm(corners[2] - corners[0])
    diag_page = np.linalg.norm(np.subtract(G.mark_centers()[2], G.mark_centers()[0]))
    return G.DPI * diag_scan / diag_page


def _qr_darkness(small: np.ndarray, corners: np.ndarray, k: int) -> float:
    """How dark the QR code's place is when the page is turned by k quarters (a QR code is ~50 % black)."""
    to_page = _transform(corners, k)
    x0, y0, x1, y1 = G.qr_rect()
    pts = cv2.perspectiveTransform(
        np.array([[[x0, y0], [x1, y0], [x1, y1], [x0, y1]]], np.float32), np.linalg.inv(to_page)
    )[0]
    mask = np.zeros(small.shape, np.uint8)
    cv2.fillConvexPoly(mask, pts.astype(np.int32), 1)
    if not mask.any():
        return 0.0
    return float(255 - small[mask > 0].mean())


def _read_qr(gray: np.ndarray, to_page: np.ndarray) -> tuple[str, tuple[float, float]] | None:
    """The QR text and its centre on the canonical page, read from the QR code's place on the scan."""
    x0, y0, x1, y1 = G.qr_rect()
    pad = 6 * G.MM
    box = np.array(
        [[[x0 - pad, y0 - pad], [x1 + pad, y0 - pad], [x1 + pad, y1 + pad], [x0 - pad, y1 + pad]]], np.float32
    )
    pts = cv2.perspectiveTransform(box, np.linalg.inv(to_page))[0]
    h, w = gray.shape
    cx0, cy0 = np.clip(pts.min(axis=0).astype(int), 0, [w, h])
    cx1, cy1 = np.clip(pts.max(axis=0).astype(int) + 1, 0, [w, h])
    if cx1 - cx0 < 8 or cy1 - cy0 < 8:
        return None
    crop = np.ascontiguousarray(gray[cy0:cy1, cx0:cx1])
    for found in zxingcpp.read_barcodes(crop, formats=zxingcpp.BarcodeFormat.QRCode):
        p = found.position
        quad = np.array(
            [[[pt.x + cx0, pt.y + cy0] for pt in (p.top_left, p.top_right, p.bottom_right, p.bottom_left)]], np.float32
        )
        center = cv2.perspectiveTransform(quad, to_page)[0].mean(axis=0)
        return found.text, (float(center[0]), float(center[1]))
    return None


def _near(center: tuple[float, float], rect: G.Rect) -> bool:
    x0, y0, x1, y1 = rect
    return abs(center[0] - (x0 + x1) / 2) < (x1 - x0) / 2 and abs(center[1] - (y0 + y1) / 2) < (y1 - y0) / 2
