"""The JSON of ``tally --json`` (the shape is fixed by issue 4; extra keys are allowed)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from models.counting.results import Tally
from models.counting.tally_rules import GradeCounts, round_half_up
from models.labels import GRADE_LABELS, Mark


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _score(value: Fraction | None) -> float | None:
    return None if value is None else float(round_half_up(value, 2))


def _rate(value: Fraction) -> float:
    return float(round_half_up(value, 4))


def _grade(grade: Mark | None) -> str | None:
    return None if grade is None else GRADE_LABELS[grade]


def _counts(c: GradeCounts) -> dict:
    return {"good": c.good, "fairly_good": c.fairly_good, "average": c.average, "poor": c.poor, "abstain": c.abstain}


def _reporter(r) -> dict:
    p = r.reporter
    return {
        "seq": p.seq, "name": p.name, "unit": p.unit, "mode": p.mode.value,
        "counts": _counts(r.counts),
        "valid": r.valid,
        "by_category": {code: {**_counts(cr.counts), "score": _score(cr.score)} for code, cr in r.by_category.items()},
        "items": [{"seq": item.seq, "name": item.name, "counts": _counts(c)} for item, c in r.items],
        "onsite_score": _score(r.onsite_score), "combined_score": _score(r.combined_score),
        "components": {name: _score(v) for name, v in r.components.items()},
        "good_rate": _rate(r.good_rate), "poor_rate": _rate(r.poor_rate),
        "good_or_fair_rate": _rate(r.good_or_fair_rate), "limit_rate": _rate(r.limit_rate),
        "proposed_grade": _grade(r.proposed_grade), "final_grade": _grade(r.final_grade),
        "grade_reasons": list(r.grade_reasons),
        "flag_reason": r.flag_reason, "override_reason": r.override_reason,
        "rank": r.rank, "tied": r.tied,
    }


def to_json(tally: Tally) -> dict:
    """The tally as plain JSON data: scores to 2 decimals, rates to 4, reporters in ballot order."""
    rec = tally.reconciliation
    return {
        "meeting": {"title": tally.title, "rehearsal": tally.rehearsal, "finalized": tally.finalized,
                    "fingerprint": tally.fingerprint, "chain_head": tally.chain_head},
        "valid": tally.valid,
        "problems": list(tally.problems),
        "warnings": list(tally.warnings),
        "reconciliation": {"required": rec.required, "pending": rec.pending, "mismatched": rec.mismatched,
                           "waived": rec.waived},
        "categories": [{"code": c.code, "name": c.name, "weight": _number(c.weight), "issued": c.issued,
                        "returned": c.returned, "void": c.void, "valid": c.valid, "void_over_cap": c.cap_void}
                       for c in tally.categories],
        "rules": {"poor_grades": tally.rules.poor_grades, "poor_limit_pct": _number(tally.rules.poor_limit_pct),
                  "good_cap_pct": None if tally.rules.good_cap_pct is None else _number(tally.rules.good_cap_pct)},
        "reporters": [_reporter(r) for r in sorted(tally.reporters, key=lambda r: r.reporter.seq)],
    }
