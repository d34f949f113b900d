"""The frozen data behind each document: formatting, masthead state, refusals, digests."""

from __future__ import annotations

from fractions import Fraction

import pytest

from models.documents.data import distribution_summary, document_data, grade_distribution
from models.documents.formatting import date_text, percent_text, rank_text, score_text
from models.documents.types import Masthead, data_digest
from models.errors import PingyiError
from models.labels import Mark
from models.meeting import Meeting
from models.run import minutes
from models.setup import list_reporters, set_facts
from tests.printing.meetings import build_meeting


@pytest.mark.parametrize("value, expected", [("2026-12-29", "2026年12月29日"), ("2026-01-05", "2026年1月5日"),
                                             ("明年", "明年"), ("", "")])
def test_date_text(value, expected):
    assert date_text(value) == expected


@pytest.mark.parametrize("part, whole, expected", [(1, 8, "12.50%"), (2, 3, "66.67%"), (1, 1, "100.00%"),
                                                   (0, 0, "—"), (Fraction(1, 200), None, "0.50%"),
                                                   (Fraction(1, 80000), None, "0.00%")])
def test_percent_text_rounds_half_up(part, whole, expected):
    assert percent_text(part, whole) == expected


def test_scores_and_ranks():
    assert score_text(Fraction(85125, 1000)) == "85.13" and score_text(None) == "—"
    assert rank_text(2, True) == "2（并列）" and rank_text(4, False) == "4" and rank_text(None, False) == "—"


def test_grade_distribution_counts_everyone():
    grades = [Mark.GOOD, Mark.GOOD, Mark.FAIRLY_GOOD, Mark.POOR, None]
    lines = grade_distribution(grades)
    assert [(g.label, g.count, g.share) for g in lines] == [
        ("好", 2, "40.00%"), ("较好", 1, "20.00%"), ("一般", 0, "0.00%"), ("差", 1, "20.00%"), ("未定等次", 1, "20.00%")]
    assert distribution_summary(lines).endswith("较好及以下 2 人，占 40.00%。")


@pytest.mark.parametrize("rehearsal, finalized, words", [(False, False, ("草稿",)), (False, True, ()),
                                                         (True, False, ("演练", "草稿")), (True, True, ("演练",))])
def test_watermark_words(rehearsal, finalized, words):
    head = Masthead("会", "部", "", "", "", rehearsal, finalized, "f" * 64 if finalized else None)
    assert head.watermark == words and head.official == finalized


@pytest.fixture
def small(tmp_path):
    return build_meeting(tmp_path / "m.pingyi", reporters=4, ballots=10)


@pytest.mark.parametrize("kind, seq, message", [("bogus", None, "未知的文档类型"), ("tally", 1, "--seq 只用于"),
                                                ("feedback", 9, "没有序号为 9 的述职人")])
def test_refusals_name_the_fault(small, kind, seq, message):
    with Meeting.open(small) as meeting, pytest.raises(PingyiError, match=message):
        document_data(meeting, kind, seq)


def test_feedback_shows_the_rank_only_when_the_meeting_says_so(small):
    with Meeting.open(small) as meeting:
        assert document_data(meeting, "feedback", 1).sheets[0].rank is None
        set_facts(meeting, show_rank_in_feedback=True)
        assert document_data(meeting, "feedback", 1).sheets[0].rank not in (None, "—")


def test_digest_follows_the_data(small):
    with Meeting.open(small) as meeting:
        before = data_digest(document_data(meeting, "feedback", 2))
        assert data_digest(document_data(meeting, "feedback", 2)) == before
        assert data_digest(document_data(meeting, "feedback", 1)) != before
        minutes.add_comment(meeting, list_reporters(meeting)[1].id, "周文斌", "新的点评")
        assert data_digest(document_data(meeting, "feedback", 2)) != before


def test_per_reporter_documents_one_or_all(small):
    with Meeting.open(small) as meeting:
        names = [r.name for r in list_reporters(meeting)]
        assert [s.name for s in document_data(meeting, "rectification").sheets] == names
        assert [s.name for s in document_data(meeting, "feedback", 3).sheets] == [names[2]]
        sheet = document_data(meeting, "rectification", 1).sheets[0]
        assert [p.source for p in sheet.rows] == ["自身查摆", "上级点评"] and sheet.blank_rows == 4


def test_agenda_follows_the_speaking_order(small):
    with Meeting.open(small) as meeting:
        onsite = sorted((r for r in list_reporters(meeting) if r.mode.value == "onsite"), key=lambda r: r.speak_order)
        rows = document_data(meeting, "agenda").rows
    reports = [row.speaker.split("（")[0] for row in rows if row.title.startswith("第 ") and "位述职" in row.title]
    assert reports == [r.name for r in onsite]
    assert all(row.start == "" for row in rows)


def test_feedback_says_how_the_combined_score_is_made():
    from decimal import Decimal
    from fractions import Fraction
    from types import SimpleNamespace

    from models.documents.texts import composition_text
    from models.setup import Component

    onsite = Component(1, 1, "现场测评", Decimal("70"), True)
    usual = Component(2, 2, "平时考核", Decimal("30"), False)
    result = SimpleNamespace(onsite_score=Fraction(9338, 100), components={"平时考核": Fraction(484, 5)})
    assert composition_text(result, [onsite, usual]) == "现场测评 93.38 × 70% + 平时考核 96.80 × 30%"
    assert composition_text(result, [Component(1, 1, "现场测评", Decimal("100"), True)]) == ""
    missing = SimpleNamespace(onsite_score=Fraction(90), components={"平时考核": None})
    assert composition_text(missing, [onsite, usual]) == "现场测评 90.00 × 70% + 平时考核 — × 30%"
