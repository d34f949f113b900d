"""Pictures of what was read, for the clerk (no Qt): the page upright with the read marks boxed in red,
and the crop of one row with its four boxes outlined and their fill written beside them.

The page is taken from the kept scan (``models.scans.page_evidence``) and turned upright with the
transform stored when it was read, so what the clerk sees is exactly what the reader looked at.
"""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

from . import geometry as G
from .images import ScanFile

RED, ORANGE, GREEN, GREY = (0, 0, 220), (0, 140, 255), (40, 160, 40), (150, 150, 150)  # BGR


def upright_page(data: bytes, suffix: str, index: int, to_page) -> np.ndarray:
    """The kept scan's page ``index`` warped onto the canonical page (grayscale); the raw page without a transform."""
    scan = ScanFile(Path("page" + suffix), data, "")
    for n, gray in enumerate(scan.pages()):
        if n == index:
            if to_page is None:
                return gray
            matrix = np.array(to_page, np.float64).reshape(3, 3)
            return cv2.warpPerspective(gray, matrix, (G.WIDTH, G.HEIGHT), flags=cv2.INTER_AREA, borderValue=255)
    raise ValueError(index)


def _rows_by_cell(rows: list[dict]) -> dict[tuple[int, int], dict]:
    return {(r["r"], r["i"]): r for r in rows}


def marked_page(canon: np.ndarray, spots: G.PageSpots, rows: list[dict], cell_ids) -> np.ndarray:
    """The upright page in colour with every box read as marked boxed in red (doubtful ones in orange)."""
    out = cv2.cvtColor(canon, cv2.COLOR_GRAY2BGR)
    by_cell = _rows_by_cell(rows)
    for row in spots.rows:
        read = by_cell.get(cell_ids(row.reporter, row.item))
        if read is None:
            continue
        for spot, box in zip(row.boxes, read["b"], strict=False):
            state = box[-1]
            if state in ("marked", "doubtful"):
                x0, y0, x1, y1 = (round(v) for v in spot.box)
                colour = RED if state == "marked" else ORANGE
                cv2.rectangle(out, (x0 - 4, y0 - 4), (x1 + 4, y1 + 4), colour, 3)
    return out


def row_crop(canon: np.ndarray, spots: G.PageSpots, reporter: int, item: int, boxes) -> np.ndarray:
    """The table's header and the row's strip of the page, the row's boxes outlined and their fill written above.

    Green: read empty; red: read marked; orange: doubtful.  The number is the share of the box with ink on it.
    """
    row = next(r for r in spots.rows if (r.reporter, r.item) == (reporter, item))
    first = min(b.cell[1] for r in spots.rows for b in r.boxes)
    x0, x1 = round(spots.table[0]) - 6, round(spots.table[2]) + 6
    header = canon[max(round(spots.table[1]) - 4, 0) : round(first), max(x0, 0) : x1]
    y0 = round(min(b.cell[1] for b in row.boxes)) - 6
    y1 = round(max(b.cell[3] for b in row.boxes)) + 6
    strip = cv2.cvtColor(np.vstack([header, canon[max(y0, 0) : y1, max(x0, 0) : x1]]), cv2.COLOR_GRAY2BGR)
    top = header.shape[0] - y0  # canonical y → strip y
    scale = 2
    strip = cv2.resize(strip, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC)
    band = np.full((34, strip.shape[1], 3), 255, np.uint8)
    for spot, box in zip(row.boxes, boxes, strict=False):
        bx0, by0, bx1, by1 = spot.box
        bx0, bx1 = (bx0 - x0) * scale, (bx1 - x0) * scale
        by0, by1 = (by0 + top) * scale, (by1 + top) * scale
        state = box[-1] if box else "empty"
        colour = {"marked": RED, "doubtful": ORANGE}.get(state, GREEN)
        cv2.rectangle(strip, (round(bx0) - 5, round(by0) - 5), (round(bx1) + 5, round(by1) + 5), colour, 3)
        text = f"{box[2]:.0%}" if len(box) > 2 else ""  # share of the box with any trace of a stroke
        cv2.putText(band, text, (round(bx0) - 4, 26), cv2.FONT_HERSHEY_SIMPLEX, 0.8, colour, 2, cv2.LINE_AA)
    return np.vstack([band, strip])
