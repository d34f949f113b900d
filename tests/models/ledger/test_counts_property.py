"""The 通报's counts as of a date against a plain reference, over random ledgers (Hypothesis)."""

from __future__ import annotations

import datetime as _dt

from hypothesis import event, given, settings
from hypothesis import strategies as st

from models.documents.ledger import _row
from models.labels import LedgerStatus, ProblemSource
from models.ledger import LedgerItem

DAY0 = _dt.date(2027, 1, 1)
days = st.integers(min_value=0, max_value=60).map(lambda n: DAY0 + _dt.timedelta(days=n))


@st.composite
def items(draw):
    status = draw(st.sampled_from(list(LedgerStatus)))
    due = draw(st.one_of(st.just(""), days.map(_dt.date.isoformat), st.just("2027年1月底")))
    done = draw(days).isoformat() if status is LedgerStatus.DONE else ""
    return LedgerItem(
        draw(st.integers(1, 10_000)), 1, 1, "甲", "单位", 1, ProblemSource.SELF, "问题", "", "", due, status, done, ""
    )


def reference(ledger: list[LedgerItem], day: _dt.date) -> tuple[int, int, int]:
    """Done by the day; else overdue when a deadline passed; else in progress."""
    done = overdue = 0
    for item in ledger:
        due = {"": None, "2027年1月底": _dt.date(2027, 1, 31)}.get(item.due) or (
            _dt.date.fromisoformat(item.due) if item.due else None
        )
        if item.status is LedgerStatus.DONE and _dt.date.fromisoformat(item.done) <= day:
            done += 1
        elif due is not None and due < day:
            overdue += 1
    return done, len(ledger) - done - overdue, overdue


@settings(max_examples=150, deadline=None, derandomize=True)
@given(st.lists(items(), max_size=12), days)
def test_counts_as_of_a_date(ledger, day):
    row = _row(1, "甲", "单位", ledger, day)
    assert (row.done, row.doing, row.overdue) == reference(ledger, day)
    assert row.done + row.doing + row.overdue == row.total == len(ledger)
    for item in ledger:
        if item.status is LedgerStatus.DONE and item.done > day.isoformat():
            event("completed after the date: not yet done on it")
        if item.due and item.status is LedgerStatus.DONE and item.due < item.done <= day.isoformat():
            event("completed late, before the date: done, not overdue")
        if item.due == "2027年1月底":
            event("deadline written as a month")


def test_the_edges_are_reached():
    seen = set()

    @settings(max_examples=150, deadline=None, derandomize=True)
    @given(st.lists(items(), max_size=12), days)
    def collect(ledger, day):
        for item in ledger:
            if item.status is LedgerStatus.DONE and item.done > day.isoformat():
                seen.add("late")
            if item.due and item.status is LedgerStatus.DONE and item.due < item.done <= day.isoformat():
                seen.add("done late")
            if item.status is not LedgerStatus.DONE and item.due and item.due < day.isoformat():
                seen.add("overdue")

    collect()
    assert seen == {"late", "done late", "overdue"}
