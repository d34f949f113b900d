"""Clerk text is escaped and wrapped: a 40-character unit and a 2,000-character comment never overflow."""

from __future__ import annotations

import pytest

from models.documents import document_data
from models.meeting import Meeting
from models.run import minutes
from models.setup import list_reporters
from printing.documents import render_document
from printing.page import LEFT, RIGHT

from .meetings import LONG_COMMENT, LONG_UNIT, build_meeting
from .pdftext import body_text, chars_outside, table_rows

MARKUP = "A&B <b>不是粗体</b> &amp; <br/>"
KINDS = ["tally", "ranking", "feedback", "rectification", "minutes", "agenda"]


@pytest.fixture(scope="module")
def long_pdfs(tmp_path_factory):
    path = tmp_path_factory.mktemp("long") / "m.pingyi"
    with pytest.MonkeyPatch.context() as mp:
        build_meeting(path, reporters=3, ballots=12, long_text=True, run=True, monkeypatch=mp)
    with Meeting.open(path) as meeting:
        first = list_reporters(meeting)[0]
        minutes.add_comment(meeting, first.id, "王五", MARKUP)
        from models.counting import finalize

        finalize(meeting)
        out = {}
        for kind in KINDS:
            seq = 1 if kind in ("feedback", "rectification") else None
            out[kind] = render_document(document_data(meeting, kind, seq), seq=seq)
    return out


@pytest.mark.parametrize("kind", KINDS)
def test_nothing_drawn_outside_the_text_area(long_pdfs, kind):
    # hanging punctuation may reach half a character into the margin
    assert chars_outside(long_pdfs[kind], LEFT, RIGHT, tolerance=9) == []


@pytest.mark.parametrize("kind", ["feedback", "minutes"])
def test_long_comment_printed_in_full(long_pdfs, kind):
    text = body_text(long_pdfs[kind])
    assert LONG_COMMENT in text
    assert MARKUP.replace(" ", "") in text, "clerk text is printed literally, never as markup"


def test_long_problem_printed_in_full_in_the_feedback(long_pdfs):
    assert LONG_COMMENT in body_text(long_pdfs["feedback"])


def test_long_problem_continues_in_its_cell_across_pages(long_pdfs):
    rows = [row for row in table_rows(long_pdfs["rectification"]) if row[0] != "序号"]  # header on each page
    start = next(i for i, row in enumerate(rows) if row[0] == "2")
    end = next(i for i, row in enumerate(rows) if row[0] == "3")
    assert end - start > 2, "the long row was split over several pages"
    assert "".join(row[1] for row in rows[start:end]) == LONG_COMMENT


@pytest.mark.parametrize("kind", ["tally", "ranking"])
def test_long_unit_wraps_inside_its_cell(long_pdfs, kind):
    assert any(LONG_UNIT in row for row in table_rows(long_pdfs[kind]))


@pytest.mark.parametrize("show_combined", [True, False])
def test_tally_sheet_columns_hold_the_widest_values_on_one_line(show_combined):
    """“100.00%” in a share column, “100.00” as a score and “书面述职” as a note never wrap."""
    from types import SimpleNamespace

    from reportlab.pdfbase.pdfmetrics import stringWidth

    from printing import fonts
    from printing.documents.tally_sheet import _result_columns
    from printing.page import SMALL_TABLE_PT, fit_widths, orientation_for

    fonts.register()
    minimums = _result_columns(SimpleNamespace(show_combined=show_combined))
    widths = fit_widths(minimums, orientation_for(minimums))

    def fits(column: int, text: str) -> bool:
        return stringWidth(text, fonts.BODY, SMALL_TABLE_PT) + 2 * 2.5 <= widths[column]

    scores = [13, 14] if show_combined else [13]
    assert all(fits(c, "100.00%") for c in (4, 6, 8, 10, len(widths) - 2))
    assert all(fits(c, "100.00") for c in scores)
    assert fits(len(widths) - 1, "书面述职")
