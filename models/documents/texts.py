"""Data of the documents built from what was said at the meeting: feedback, rectification, agenda, minutes.

Comments, problems, the agenda and the minutes come from the meeting-run API
(``models.run.minutes`` / ``models.run.agenda``).
"""

from __future__ import annotations

from models.counting.outcomes import limit_applied_text, outcome_sentence
from models.documents.formatting import (
    grade_text,
    masthead,
    notes_text,
    percent_text,
    rank_text,
    score_text,
)
from models.documents.issue_date import printed_issue_date
from models.documents.types import (
    CommentLine,
    FeedbackData,
    FeedbackSheet,
    GradeShare,
    ProblemLine,
    RectificationData,
    RectificationSheet,
)
from models.labels import GRADE_LABELS, GRADES
from models.meeting import Meeting
from models.setup import get_facts, list_reporters

#: a rectification list always offers at least this many rows to fill by hand
MIN_RECTIFICATION_ROWS = 6
MIN_BLANK_ROWS = 2


def comment_lines(meeting: Meeting, reporter_id: int) -> tuple[CommentLine, ...]:
    """The comments recorded for one reporter, in the order they were made."""
    from models.run.minutes import list_comments

    return tuple(CommentLine(c.commenter, c.text) for c in list_comments(meeting, reporter_id))


def problem_lines(meeting: Meeting, reporter_id: int, *, added_later: bool = False) -> tuple[ProblemLine, ...]:
    """The problems raised for one reporter, numbered, with their source and rectification fields
    (``added_later``: also those the 整改台账 added after the meeting, as the 整改清单 lists them)."""
    from models.documents.ledger import status_texts
    from models.run.minutes import list_problems

    problems = list_problems(meeting, reporter_id, added_later=added_later)
    status = status_texts(meeting, reporter_id)
    return tuple(ProblemLine(n, p.text, p.source.label, p.measure or "", p.owner or "", p.deadline or "",
                             status.get(p.id, "")) for n, p in enumerate(problems, start=1))


def _selected(reporters, seq):
    return [r for r in reporters if seq is None or r.seq == seq]


# -- feedback ---------------------------------------------------------------
def feedback_data(meeting: Meeting, seq: int | None = None, tally=None) -> FeedbackData:
    """述职评议反馈意见 for every reporter (or the one with 序号 ``seq``)."""
    from models.counting import compute_tally

    tally = tally or compute_tally(meeting)
    show_rank = get_facts(meeting).show_rank_in_feedback
    results = [r for r in tally.reporters if seq is None or r.reporter.seq == seq]
    sheets = tuple(_feedback_sheet(meeting, r, show_rank, tally.component_list, tally.rules, tally.finalized)
                   for r in results)
    head = masthead(meeting)
    return FeedbackData(head, sheets, issued_on=printed_issue_date(meeting))


def composition_text(r, components) -> str:
    """“现场测评 93.38 × 70% + 平时考核 96.80 × 30%”; empty when 现场测评 is the only component."""
    if len(components) < 2:
        return ""
    parts = []
    for c in components:
        value = r.onsite_score if c.is_onsite else r.components.get(c.name)
        parts.append(f"{c.name} {score_text(value)} × {format(c.weight.normalize(), 'f')}%")
    return " + ".join(parts)


def _feedback_sheet(meeting: Meeting, r, show_rank: bool, components=(), rules=None,
                    finalized: bool = False) -> FeedbackSheet:
    rep = r.reporter
    counts = tuple(GradeShare(GRADE_LABELS[g], r.counts.of(g), percent_text(r.counts.of(g), r.valid))
                   for g in GRADES)
    return FeedbackSheet(
        rep.seq, rep.name, rep.unit, rep.title, rep.mode.long_label, r.valid, counts, r.counts.abstain,
        score_text(r.onsite_score), score_text(r.combined_score),
        rank_text(r.rank, r.tied) if show_rank else None,
        grade_text(r.proposed_grade), grade_text(r.final_grade), notes_text(r),
        r.override_reason or "", r.flag_reason or "",
        comment_lines(meeting, rep.id), problem_lines(meeting, rep.id), composition_text(r, components),
        *_previous(meeting, rep.id, show_rank),
        rule_applied=limit_applied_text(r, rules) if rules is not None else "",
        outcome=outcome_sentence(r) if finalized else "",
    )


def _previous(meeting: Meeting, reporter_id: int, show_rank: bool) -> tuple[str, tuple[str, ...]]:
    """历年对比 and 上年度问题整改情况 from the 整改台账 (empty without a carried-over file)."""
    from models.documents.ledger import previous_item_lines, previous_text

    return previous_text(meeting, reporter_id, with_rank=show_rank), previous_item_lines(meeting, reporter_id)


# -- rectification ----------------------------------------------------------
def rectification_data(meeting: Meeting, seq: int | None = None) -> RectificationData:
    """整改清单 per reporter: the recorded problems prefilled, blank rows for the rest."""
    sheets = []
    for rep in _selected(list_reporters(meeting), seq):
        rows = problem_lines(meeting, rep.id, added_later=True)
        blank = max(MIN_BLANK_ROWS, MIN_RECTIFICATION_ROWS - len(rows))
        sheets.append(RectificationSheet(rep.seq, rep.name, rep.unit, rep.title, rows, blank))
    return RectificationData(masthead(meeting), tuple(sheets))

