"""Assembling a ``Tally`` from the raw counts, the setup and the decisions (DESIGN §4)."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from models import setup
from models.counting.results import CategoryResult, CategoryTally, ReconciliationState, ReporterResult, Tally
from models.counting.tally_checks import find_problems, find_warnings
from models.counting.tally_rules import (
    NO_MARKS,
    GradeCounts,
    category_score,
    combined_score,
    competition_ranks,
    grade_for,
    limit_note,
    onsite_score,
    poor_rule_hits,
    propose,
    quota_demotions,
    rank_key,
    rate,
    sum_counts,
)
from models.counting.tally_sql import RawCounts, read_counts
from models.labels import GRADES, Mark
from models.setup import Category, Component, Item, Reporter, Rules


@dataclass(frozen=True)
class _Setup:
    """Everything read from the file besides the ballots."""

    reporters: list[Reporter]
    categories: list[Category]
    items: list[Item]
    rules: Rules
    components: list[Component]
    component_scores: dict[tuple[int, int], Fraction]
    flags: dict[int, str]
    decisions: dict[int, tuple[Mark, str]]
    meeting_row: tuple


def _read_setup(meeting) -> _Setup:
    db = meeting.db
    scores = {k: Fraction(v) for k, v in setup.component_scores(meeting).items()}
    flags = dict(db.execute("SELECT reporter_id, reason FROM flags").fetchall())
    decisions = {r: (Mark(g), reason) for r, g, reason in
                 db.execute("SELECT reporter_id, final_grade, reason FROM decisions")}
    row = db.execute("SELECT title, rehearsal, finalized, fingerprint, chain_head, reconciliation_waiver "
                     "FROM meeting WHERE id = 1").fetchone()
    return _Setup(setup.list_reporters(meeting), setup.list_categories(meeting), setup.list_items(meeting),
                  setup.get_rules(meeting), setup.list_components(meeting), scores, flags, decisions, row)


def build_tally(meeting) -> Tally:
    """The tally of ``meeting``: raw counts from SQL, then the rules of DESIGN §4."""
    s = _read_setup(meeting)
    cap = s.rules.good_cap(len(s.reporters))
    raw = read_counts(meeting.db, cap if cap is not None and cap < len(s.reporters) else None)  # 100 %: no query
    categories = [_category_tally(c, raw) for c in s.categories]
    points = {g: Fraction(s.rules.points(g)) for g in GRADES}
    provisional = [_reporter_counts(s, raw, r, points) for r in s.reporters]
    reporters = _grade_and_rank(s, provisional)
    title, rehearsal, finalized, fingerprint, chain_head, waiver = s.meeting_row
    reconciliation = ReconciliationState(s.rules.double_entry, raw.pending, raw.mismatched,
                                         waiver is not None, waiver)
    blocking = find_problems(categories, reporters, reconciliation, s.components)
    warnings = find_warnings(categories, reporters, reconciliation)
    return Tally(title, bool(rehearsal), bool(finalized), fingerprint, chain_head,
                 valid=not any(p.kind == "invalid" for p in blocking),
                 problems=[p.text for p in blocking], warnings=warnings, reconciliation=reconciliation,
                 categories=categories, reporters=reporters, items=s.items, blocking=blocking, rules=s.rules,
                 component_list=s.components)


def _category_tally(c: Category, raw: RawCounts) -> CategoryTally:
    return CategoryTally(c.code, c.name, c.weight, c.issued, raw.returned.get(c.id, 0),
                         raw.void.get(c.id, 0), raw.valid.get(c.id, 0), raw.cap_void.get(c.id, 0))


def _cell(raw: RawCounts, reporter_id: int, item_id: int, category_id: int) -> GradeCounts:
    """Counts of one reporter × item × category; blank cells (no mark row) are abstentions."""
    rows = raw.marks.get((reporter_id, item_id, category_id), {})
    keyed = sum(rows.values())
    blank = max(raw.valid.get(category_id, 0) - keyed, 0)  # more rows than ballots shows in the cross-sum
    return GradeCounts(rows.get(Mark.GOOD, 0), rows.get(Mark.FAIRLY_GOOD, 0), rows.get(Mark.AVERAGE, 0),
                       rows.get(Mark.POOR, 0), rows.get(Mark.ABSTAIN, 0) + rows.get(Mark.OVERMARKED, 0) + blank)


@dataclass(frozen=True)
class _Counted:
    """One reporter's counts and scores before the grading rules."""

    reporter: Reporter
    counts: GradeCounts
    valid: int
    by_category: dict[str, CategoryResult]
    items: list[tuple[Item, GradeCounts]]
    onsite: Fraction | None
    combined: Fraction | None
    components: dict[str, Fraction | None]


def _reporter_counts(s: _Setup, raw: RawCounts, r: Reporter, points: dict[Mark, Fraction]) -> _Counted:
    items = [(item, sum_counts(_cell(raw, r.id, item.id, c.id) for c in s.categories)) for item in s.items]
    overall = next((i for i in s.items if i.is_overall), None)
    by_category = {}
    for c in s.categories:
        cell = _cell(raw, r.id, overall.id, c.id) if overall else NO_MARKS
        by_category[c.code] = CategoryResult(cell, category_score(cell, points))
    onsite = onsite_score((Fraction(c.weight), by_category[c.code].score) for c in s.categories)
    components = {k.name: onsite if k.is_onsite else s.component_scores.get((r.id, k.id)) for k in s.components}
    combined = combined_score((Fraction(k.weight), components[k.name]) for k in s.components)
    counts = next((c for i, c in items if i.is_overall), NO_MARKS)
    return _Counted(r, counts, sum(raw.valid.values()), by_category, items, onsite, combined, components)


def _grade_and_rank(s: _Setup, counted: list[_Counted]) -> list[ReporterResult]:
    rules = s.rules
    thresholds = (Fraction(rules.min_good), Fraction(rules.min_fairly_good), Fraction(rules.min_average))
    limited = rules.limit_grades()
    proposals = [propose(grade_for(c.combined, *thresholds),
                         poor_rule_hits(sum(c.counts.of(g) for g in limited), c.valid,
                                        Fraction(rules.poor_limit_pct)),
                         c.reporter.id in s.flags) for c in counted]
    keys = [rank_key(c.combined, c.counts) for c in counted]
    quota = Fraction(rules.good_quota_pct) if rules.good_quota_pct is not None else None
    demoted = quota_demotions([g for g, _ in proposals], keys, quota)
    ranks = competition_ranks(keys)
    return [_result(s, c, *proposals[k], k in demoted, *ranks[k]) for k, c in enumerate(counted)]


def _result(s: _Setup, c: _Counted, proposed: Mark | None, reasons: tuple[str, ...], demoted: bool,
            rank: int | None, tied: bool) -> ReporterResult:
    if demoted:
        proposed, reasons = Mark.FAIRLY_GOOD, reasons + ("quota",)
    final, override_reason = proposed, None
    decision = s.decisions.get(c.reporter.id)
    if decision is not None and decision[0] != proposed:
        final, override_reason = decision
        reasons = reasons + ("override",)
    n = c.counts
    limited = sum(n.of(g) for g in s.rules.limit_grades())
    return ReporterResult(
        c.reporter, n, c.valid, c.by_category, c.items, c.onsite, c.combined, c.components,
        good_rate=rate(n.good, c.valid), poor_rate=rate(n.poor, c.valid),
        good_or_fair_rate=rate(n.good + n.fairly_good, c.valid),
        limit_rate=rate(limited, c.valid), proposed_grade=proposed, final_grade=final,
        grade_reasons=reasons, flag_reason=s.flags.get(c.reporter.id), override_reason=override_reason,
        rank=rank, tied=tied, limit_note=limit_note(s.rules, rate(limited, c.valid)) if "poor_rate" in reasons else "")
