"""Scans made from the project's own printed forms, with pen marks whose truth is known.

``form_pdf`` prints forms with ``printing.form.render_forms`` (the real renderer);
``render`` rasterises a page with pypdfium2; ``draw`` puts pen marks into boxes found with
``scanning.geometry`` (the printed layout); ``scan`` turns, skews, scales, warps, lights,
blurs, adds noise and JPEG-compresses the page as scanners and phones do.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np
import pypdfium2 as pdfium

from models.ballots.form_data import FormBatch, FormCopy, FormItem, FormReporter
from models.ballots.serials import new_serial, qr_payload
from printing.form import render_forms
from scanning import geometry as G

#: pen marks a rater makes; the first three are clean marks (always read, or at worst reviewed)
CLEAN = ("tick", "cross", "fill")
DOUBTFUL = ("faint", "outside", "smudge")


@dataclass(frozen=True)
class Pen:
    kind: str  # tick, cross, fill, faint, outside, smudge, scribble (filled and crossed)
    grade: int


def batch(reporters: int = 12, items: int = 1, copies: int = 1, code: str = "B") -> FormBatch:
    people = tuple(FormReporter(i + 1, f"述职人{i + 1}", f"第{i + 1}镇党委书记") for i in range(reporters))
    things = tuple(FormItem(i + 1, "总体评价" if i == 0 else f"分项{i}", i == 0) for i in range(items))
    taken: set[str] = set()
    out = []
    for _ in range(copies):
        serial = new_serial(code, taken)
        taken.add(serial)
        out.append(FormCopy(serial, qr_payload(serial), code, "党员代表"))
    return FormBatch(
        "测试会议", "2026年12月1日", "党组织书记抓基层党建工作述职评议表", False, people, things, tuple(out)
    )


def form_pdf(forms: FormBatch) -> bytes:
    return render_forms(forms)


def render(pdf: bytes, page: int = 0, dpi: int = 200) -> np.ndarray:
    doc = pdfium.PdfDocument(pdf)
    try:
        array = doc[page].render(scale=dpi / 72, grayscale=True).to_numpy()
    finally:
        doc.close()
    return np.ascontiguousarray(array if array.ndim == 2 else array[..., 0]).copy()


def draw(image: np.ndarray, spots: G.PageSpots, pens: dict[int, list[Pen]], rng: np.random.Generator) -> None:
    """Draw each row's pens (row index on the page → pens) onto a rendered page in place."""
    f = image.shape[1] / G.WIDTH  # rendered pixels per canonical pixel
    for index, row_pens in pens.items():
        row = spots.rows[index]
        for pen in row_pens:
            x0, y0, x1, y1 = (v * f for v in row.boxes[pen.grade].box)
            _pen(image, pen.kind, (x0 + x1) / 2, (y0 + y1) / 2, x1 - x0, f, rng)


def _stroke(image, points, ink: int, width: float) -> None:
    pts = np.array(points, np.float64)
    cv2.polylines(image, [np.round(pts * 16).astype(np.int32)], False, int(ink), max(1, round(width)), cv2.LINE_AA, 4)


def _pen(image, kind: str, cx: float, cy: float, b: float, f: float, rng) -> None:
    ink = int(rng.integers(15, 80))
    width = rng.uniform(0.35, 0.7) * G.MM * f  # ball pen to felt pen
    j = lambda: rng.uniform(-0.08, 0.08) * b  # noqa: E731
    size = rng.uniform(0.8, 1.5)
    if kind in ("tick", "faint", "outside"):
        if kind == "faint":
            ink, width = int(rng.integers(165, 200)), width * 0.6
        if kind == "outside":  # a tick beside the box, just touching it
            cx, cy, size = cx + rng.choice([-1, 1]) * b * rng.uniform(0.75, 0.9), cy - b * 0.2, 0.8
        s = size * b
        _stroke(
            image,
            [
                (cx - 0.35 * s + j(), cy + j()),
                (cx - 0.05 * s + j(), cy + 0.3 * s + j()),
                (cx + 0.45 * s + j(), cy - 0.45 * s + j()),
            ],
            ink,
            width,
        )
    elif kind == "cross":
        s = size * b * 0.4
        _stroke(image, [(cx - s + j(), cy - s + j()), (cx + s + j(), cy + s + j())], ink, width)
        _stroke(image, [(cx + s + j(), cy - s + j()), (cx - s + j(), cy + s + j())], ink, width)
    elif kind in ("fill", "scribble"):
        h = b * rng.uniform(0.42, 0.5)
        cv2.rectangle(image, (round(cx - h), round(cy - h)), (round(cx + h), round(cy + h)), ink, -1)
        if kind == "scribble":  # filled, then crossed out well beyond the box
            s = b * 0.95
            _stroke(image, [(cx - s, cy - s), (cx + s, cy + s)], ink, width)
            _stroke(image, [(cx + s, cy - s), (cx - s, cy + s)], ink, width)
    elif kind == "smudge":  # an erased tick: a grey smear and what is left of the stroke
        s = b * 0.9
        blob = np.full(image.shape, 0, np.float32)
        cv2.ellipse(
            blob, (round(cx), round(cy)), (round(s * 0.6), round(s * 0.35)), rng.uniform(0, 180), 0, 360, 1.0, -1
        )
        blob = cv2.GaussianBlur(blob, (0, 0), b * 0.15)
        image[:] = np.minimum(image, 255 - blob * rng.uniform(35, 60)).astype(np.uint8)
        _stroke(image, [(cx - 0.3 * s, cy), (cx - 0.05 * s, cy + 0.25 * s)], int(rng.integers(175, 205)), width * 0.6)
    else:
        raise ValueError(kind)


def scan(
    image: np.ndarray,
    rng: np.random.Generator,
    *,
    quarter: int = 0,
    skew: float = 0.0,
    dpi_from: int = 200,
    dpi_to: int = 200,
    perspective: float = 0.0,
    noise: float = 0.0,
    jpeg: int | None = None,
    light: float = 0.0,
    background: int = 255,
) -> np.ndarray:
    """The page as a scanner (or a phone) would give it back."""
    h, w = image.shape
    f = dpi_to / dpi_from
    src = np.array([[0, 0], [w, 0], [w, h], [0, h]], np.float32)
    dst = src * f
    if perspective:
        dst = dst + rng.uniform(-perspective, perspective, dst.shape).astype(np.float32) * max(w, h) * f
    angle = math.radians(skew + 90 * quarter)
    rot = np.array([[math.cos(angle), -math.sin(angle)], [math.sin(angle), math.cos(angle)]], np.float32)
    dst = dst @ rot.T
    margin = 0.03 * max(w, h) * f if background == 255 else 0.12 * max(w, h) * f
    dst = dst - dst.min(axis=0) + margin
    size = (int(dst[:, 0].max() + margin), int(dst[:, 1].max() + margin))
    matrix = cv2.getPerspectiveTransform(src, dst.astype(np.float32))
    out = cv2.warpPerspective(
        image,
        matrix,
        size,
        flags=cv2.INTER_AREA if f < 1 else cv2.INTER_LINEAR,
        borderMode=cv2.BORDER_CONSTANT,
        borderValue=background,
    )
    out = out.astype(np.float32)
    if light:  # uneven light: one side darker
        ramp = np.linspace(1 - light, 1, out.shape[1], dtype=np.float32)[None, :]
        out = out * ramp
    if noise:
        out = out + rng.normal(0, noise, out.shape).astype(np.float32)
    out = np.clip(out, 0, 255).astype(np.uint8)
    if jpeg:
        ok, buf = cv2.imencode(".jpg", out, [cv2.IMWRITE_JPEG_QUALITY, jpeg])
        out = cv2.imdecode(buf, cv2.IMREAD_GRAYSCALE)
    return out
