"""The reader on scans made from the project's own printed forms, with marks of known truth."""

from __future__ import annotations

import io
from dataclasses import replace

import cv2
import numpy as np
import pdfplumber
import pytest

from scanning import geometry as G
from scanning.images import ImageRefused, ScanFile
from scanning.payload import PayloadError, parse_payload
from scanning.read import FormShape, read_page

from . import harness as H
from . import synth as Y


@pytest.fixture(scope="module")
def forms12():
    batch = Y.batch(12, 1, copies=2)
    return batch, Y.form_pdf(batch)


@pytest.mark.parametrize("condition", list(H.CONDITIONS))
def test_no_mark_is_read_wrongly_and_every_doubtful_row_waits(forms12, condition):
    """Each scanner/phone condition: clean marks read exactly, faint/outside/smudged/corrected rows to review."""
    _, pdf = forms12
    score = H.run(pdf, FormShape(12, 1), 1, seed=sum(map(ord, condition)), conditions=[condition])
    assert not score.pages_refused
    assert score.wrong == []
    assert score.doubtful_missed == []
    assert score.rows == 12 and score.clean_rows + score.beside_messy + score.doubtful_rows == 12


@pytest.mark.parametrize("reporters, items, page", [(12, 3, 0), (6, 5, 0), (31, 1, 1)])
def test_layouts_of_the_printed_form(reporters, items, page):
    """Grouped items, items as rows, and page 2 of a two-page form (found by the page in its QR code)."""
    batch = Y.batch(reporters, items)
    pdf = Y.form_pdf(batch)
    shape = FormShape(reporters, items)
    rng = np.random.default_rng(reporters + items)
    image, truth = H.marked_page(pdf, shape, page, rng)
    reading = read_page(Y.scan(image, rng, skew=2.5, noise=3), shape)
    assert reading.serial == batch.copies[0].serial and reading.page == page
    assert len(reading.rows) == len(truth)
    score = H.Score()
    score.add("layout", reading, truth, G.page_spots(reporters, items, page))
    assert score.wrong == [] and score.doubtful_missed == []


def test_orientation_and_fit_are_reported(forms12):
    batch, pdf = forms12
    image = Y.render(pdf, 0, 200)
    rng = np.random.default_rng(1)
    for quarter in range(4):
        reading = read_page(Y.scan(image, rng, quarter=quarter, skew=1.0), FormShape(12, 1))
        assert reading.status == "read" and reading.orientation == 90 * quarter
        assert reading.residual_mm is not None and reading.residual_mm < 1.0
        assert all(r.mark == 0 for r in reading.rows)  # a blank form: every row 弃权


def test_blank_back_and_not_a_form_are_refused_with_reasons():
    blank = np.full((2339, 1654), 245, np.uint8)
    reading = read_page(blank, FormShape(12, 1))
    assert (reading.status, reading.code) == ("refused", "blank")
    letter = np.full((2339, 1654), 255, np.uint8)
    for k in range(40):
        cv2.putText(letter, "Lorem ipsum dolor sit amet " * 3, (80, 120 + 50 * k), cv2.FONT_HERSHEY_SIMPLEX, 1.0, 0, 2)
    reading = read_page(letter, FormShape(12, 1))
    assert reading.status == "refused" and reading.code in ("no_marks", "not_form")


def test_torn_qr_code_asks_for_the_serial(forms12):
    _, pdf = forms12
    image = Y.render(pdf, 0, 200)
    x0, y0, x1, y1 = (round(v * 200 / G.DPI) for v in G.qr_rect())
    image[y0 : (y0 + y1) // 2, x0:x1] = 255  # the top half torn off
    reading = read_page(image, FormShape(12, 1))
    assert (reading.status, reading.code) == ("refused", "no_qr")
    again = read_page(image, FormShape(12, 1), serial=_serial(forms12), page=0)
    assert again.status == "read" and again.serial == _serial(forms12)


def _serial(forms):
    return forms[0].copies[0].serial


def test_a_folded_page_that_does_not_fit_its_marks_is_refused(forms12):
    _, pdf = forms12
    image = Y.render(pdf, 0, 200)
    top, bottom = 300, 2000
    image[top:bottom] = np.roll(image[top:bottom], 22, axis=0)  # the middle slid ~2.8 mm: a fold
    reading = read_page(image, FormShape(12, 1))
    assert (reading.status, reading.code) == ("refused", "misfit")
    assert "毫米" in reading.reason


def test_qr_payloads():
    assert parse_payload("PINGYI:B-8WRUT-6") == ("B-8WRUT-6", None)
    assert parse_payload("PINGYI:B-8WRUT-6/2") == ("B-8WRUT-6", 1)
    for text, code in (
        ("https://example.org", "not_form"),
        ("PINGYI:B-8WRUT-7", "bad_serial"),
        ("PINGYI:B-8WRUT-6/0", "bad_serial"),
    ):
        with pytest.raises(PayloadError) as caught:
            parse_payload(text)
        assert caught.value.code == code


def test_files_png_jpeg_multipage_tiff_pdf_and_damaged(tmp_path, forms12):
    _, pdf = forms12
    page = Y.render(pdf, 0, 150)
    ok, png = cv2.imencode(".png", page)
    ok, jpg = cv2.imencode(".jpg", page, [cv2.IMWRITE_JPEG_QUALITY, 80])
    ok, tif = cv2.imencodemulti(".tif", [page, page[::-1, ::-1].copy()])
    for name, data, pages in (
        ("a.png", png.tobytes(), 1),
        ("a.jpg", jpg.tobytes(), 1),
        ("a.tif", tif.tobytes(), 2),
        ("a.pdf", pdf, 2),
    ):
        (tmp_path / name).write_bytes(data)
        images = list(ScanFile.read(tmp_path / name).pages())
        assert len(images) == pages and all(i.ndim == 2 and i.dtype == np.uint8 for i in images)
        for image in images:
            assert read_page(image, FormShape(12, 1)).status == "read"
    (tmp_path / "bad.png").write_bytes(b"\x89PNG\r\n\x1a\n broken")
    with pytest.raises(ImageRefused, match="bad.png"):
        list(ScanFile.read(tmp_path / "bad.png").pages())


@pytest.mark.slow
@pytest.mark.timeout(900)
@pytest.mark.parametrize("reporters, items", [(30, 1), (12, 3), (6, 5)])
def test_sweep_clean_marks_rarely_reviewed(reporters, items):
    """The big sweep (run with -m slow): no wrong mark, every doubtful row reviewed, clean review share ≤ 1 %."""
    pdf = Y.form_pdf(Y.batch(reporters, items))
    score = H.run(pdf, FormShape(reporters, items), 96, seed=reporters * 10 + items)
    assert score.wrong == [] and score.doubtful_missed == [] and not score.pages_refused
    assert score.clean_review_share <= 0.01


@pytest.mark.parametrize("reporters, items", [(30, 1), (12, 3), (6, 5)])
def test_a_blank_form_reads_every_row_as_abstention_in_every_condition(reporters, items):
    """No row is sent to review on an unmarked form, in any layout and any scanner/phone condition: the last
    row's 5 mm boxes lie 0.75 mm from the heavy table frame, and each row is held to the rows around it."""
    batch = Y.batch(reporters, items)
    image = Y.render(Y.form_pdf(batch), 0, 200)
    rng = np.random.default_rng(reporters + items)
    for name, condition in H.CONDITIONS.items():
        reading = read_page(Y.scan(image, rng, **condition), FormShape(reporters, items))
        assert reading.status == "read", (name, [r.reason for r in reading.review_rows][:3])
        assert len(reading.rows) == reporters * items and all(r.mark == 0 for r in reading.rows), name


def test_forms_printed_in_the_first_geometry_are_still_read():
    """A meeting whose first forms had 4.2 mm boxes and 16 pt item rows (style 1) keeps that geometry: the
    reader finds those boxes, and reading such a page in today's geometry refuses it instead of guessing."""
    batch = replace(Y.batch(6, 5), style=1)
    pdf = Y.form_pdf(batch)
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        sides = {round(r["width"] / 72 * 25.4, 1) for r in doc.pages[0].rects if r["stroke"] and r["width"] < 20}
    assert sides == {4.2}
    old = FormShape(6, 5, style=1)
    score = H.run(pdf, old, 9, seed=3)
    assert score.rows == 9 * 30 and not score.pages_refused
    assert score.wrong == [] and score.doubtful_missed == [] and score.clean_reviewed == 0
    image = Y.render(pdf, 0, 200)
    assert read_page(image, old).status == "read"
    today = read_page(image, FormShape(6, 5))
    assert (today.status, today.code) == ("refused", "misfit")
