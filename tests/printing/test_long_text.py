"""Clerk text is escaped and wrapped: a 40-character unit and a 2,000-character comment never overflow."""

from __future__ import annotations

import pytest

from models import minutes
from models.document_data import document_data
from models.meeting_file import Meeting
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
        from models.decisions import finalize

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
