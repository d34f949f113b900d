"""Build the frozen data of each printed document from the meeting file (tally, setup, minutes).

``document_data(meeting, kind, seq=None)`` is the one entry point used by the command line,
the documents screen, the filing package and ``verify --document``.
"""

from __future__ import annotations

from models.counting import compute_tally
from models.counting import outcomes as outcome_text
from models.documents import minutes as document_minutes
from models.documents import tally_text
from models.documents import texts as document_texts
from models.documents.formatting import (
    DASH,
    grade_text,
    masthead,
    notes_text,
    percent_text,
    score_text,
    tags_text,
)
from models.documents.types import (
    DOCUMENT_NAMES,
    PER_REPORTER,
    CategoryLine,
    GradeShare,
    HandcountData,
    RankingData,
    RankLine,
    RosterLine,
    SubItemLine,
    TallyLine,
    TallySheetData,
)
from models.errors import PingyiError
from models.labels import GRADE_LABELS, GRADES
from models.meeting import Meeting
from models.setup import list_categories, list_items, list_reporters, reporter_by_seq


# -- hand-count sheet (setup only) -----------------------------------------
def handcount_data(meeting: Meeting) -> HandcountData:
    """Blank hand-count grids: categories, the roster in ballot order, the items."""
    categories = tuple((c.code, c.name, c.issued) for c in list_categories(meeting))
    roster = tuple(RosterLine(r.seq, r.name, r.unit) for r in list_reporters(meeting))
    items = tuple(i.name for i in list_items(meeting))
    return HandcountData(masthead(meeting), categories, roster, items)


# -- tally sheet ------------------------------------------------------------
def tally_sheet_data(meeting: Meeting, tally=None) -> TallySheetData:
    """The 计票汇总表: categories with their verdict, every reporter's counts, shares and score."""
    tally = tally or compute_tally(meeting)
    categories = tuple(_category_line(c) for c in tally.categories)
    return TallySheetData(
        masthead(meeting), categories, tally.valid, tally_text.verdict_text(tally),
        tally_text.open_items(tally), (),
        tally_text.reconciliation_text(tally.reconciliation, tally.counted_ballots), _rules_note(tally),
        _has_components(tally), tuple(_tally_line(r) for r in tally.reporters), _sub_item_lines(tally),
        scores=tally_text.category_score_lines(tally), component_heads=tally_text.component_heads(tally),
        score_note=tally_text.score_note(tally), limit_head=f"{tally.rules.limit_label()}率",
    )


def _category_line(c) -> CategoryLine:
    verdict = "无效（收回多于发出）" if c.returned > c.issued else "有效"
    weight = format(c.weight.normalize(), "f")
    return CategoryLine(c.code, c.name, weight, c.issued, c.returned, c.void, c.valid, verdict)


def _tally_line(r) -> TallyLine:
    counts = tuple(r.counts.of(g) for g in GRADES)
    shares = tuple(percent_text(n, r.valid) for n in counts)
    return TallyLine(r.reporter.seq, r.reporter.name, r.reporter.unit, counts, shares, r.counts.abstain, r.valid,
                     score_text(r.onsite_score), score_text(r.combined_score),
                     percent_text(r.limit_rate) if r.valid else DASH, tags_text(r), "poor_rate" in r.grade_reasons)


def _sub_item_lines(tally) -> tuple[SubItemLine, ...]:
    if len(tally.items) < 2:
        return ()
    lines = []
    for r in tally.reporters:
        for item, counts in r.items:
            lines.append(SubItemLine(r.reporter.seq, r.reporter.name, item.name,
                                     tuple(counts.of(g) for g in GRADES), counts.abstain))
    return tuple(lines)


def _has_components(tally) -> bool:
    return any(not c.is_onsite for c in tally.component_list)


def _rules_note(tally) -> str:
    """The rules, each reporter the 差票 rule made 差 (as applied), and the ballots void by the cap."""
    applied = [f"{r.reporter.seq} 号 {r.reporter.name} {outcome_text.limit_applied_text(r, tally.rules)}"
               for r in tally.reporters if "poor_rate" in r.grade_reasons]
    text = rules_text(tally.rules, len(tally.reporters))
    text += f"差票规则适用：{'；'.join(applied)}。" if applied else ""
    return text + outcome_text.cap_void_text(tally)


def rules_text(rules, reporters: int = 0) -> str:
    """The counting rules in one sentence, as printed under the tally and the ranking."""
    def num(d):
        return format(d.normalize(), "f")

    text = (f"计分：好 {num(rules.points_good)} 分、较好 {num(rules.points_fairly_good)} 分、"
            f"一般 {num(rules.points_average)} 分、差 {num(rules.points_poor)} 分，弃权不计分；"
            f"等次：{num(rules.min_good)} 分及以上为好，{num(rules.min_fairly_good)} 分及以上为较好，"
            f"{num(rules.min_average)} 分及以上为一般；{outcome_text.limit_rule_text(rules)}")
    if rules.good_cap_pct is not None:
        text += f"；{outcome_text.cap_rule_text(rules, reporters)}"
    if rules.good_quota_pct is not None:
        text += f"；好等次不超过 {num(rules.good_quota_pct)}%"
    return text + "。"


# -- ranking ----------------------------------------------------------------
def ranking_data(meeting: Meeting, tally=None) -> RankingData:
    """The 排名表: rank (并列 marked), scores, proposed and final grade, reasons, grade distribution."""
    tally = tally or compute_tally(meeting)
    ordered = sorted(tally.reporters, key=lambda r: (r.rank is None, r.rank or 0, r.reporter.seq))
    from models.ledger.carry import previous_results

    previous = previous_results(meeting)  # 历年对比: last year's score / grade / rank, when carried over
    rows = tuple(_rank_line(r, previous.get(r.reporter.id)) for r in ordered)
    distribution = grade_distribution([r.final_grade for r in tally.reporters])
    return RankingData(masthead(meeting), rows, distribution, distribution_summary(distribution),
                       _has_components(tally), show_previous=bool(previous), outcomes=_outcome_lines(tally))


def _outcome_lines(tally) -> tuple[tuple[str, str], ...]:
    """结果运用 (once finalised): (what the grade leads to, who) for 未达到好 and for 一般或差."""
    if not tally.finalized:
        return ()
    lists = outcome_text.outcomes(tally)
    return ((outcome_text.NOT_EXCELLENT_HEAD, outcome_text.names_text(lists.below_good)),
            (outcome_text.TALK_HEAD, outcome_text.names_text(lists.talk)))


def _rank_line(r, previous=None) -> RankLine:
    last_year = f"{previous.score}/{previous.grade}/{previous.rank}" if previous else ""
    if previous and previous.name != r.reporter.name:  # the unit's secretary changed: say whose result it was
        last_year += f"（{previous.name}）"
    return RankLine(str(r.rank) if r.rank is not None else DASH, r.tied, r.reporter.seq, r.reporter.name, r.reporter.unit,
                    score_text(r.onsite_score), score_text(r.combined_score), grade_text(r.proposed_grade),
                    grade_text(r.final_grade), notes_text(r), last_year)


def grade_distribution(grades) -> tuple[GradeShare, ...]:
    """How many reporters at each grade (and without one), with their share of all reporters."""
    grades = list(grades)
    total = len(grades)
    lines = [GradeShare(GRADE_LABELS[g], grades.count(g), percent_text(grades.count(g), total)) for g in GRADES]
    missing = grades.count(None)
    if missing:
        lines.append(GradeShare("未定等次", missing, percent_text(missing, total)))
    return tuple(lines)


def distribution_summary(distribution: tuple[GradeShare, ...]) -> str:
    """“共 12 人，其中好 5 人……；较好及以下 7 人，占 58.33%。”"""
    total = sum(g.count for g in distribution)
    below = sum(g.count for g in distribution if g.label in ("较好", "一般", "差"))
    parts = "，".join(f"{g.label} {g.count} 人" for g in distribution)
    return f"共 {total} 人，其中{parts}；较好及以下 {below} 人，占 {percent_text(below, total)}。"


# -- dispatch ---------------------------------------------------------------
def document_data(meeting: Meeting, kind: str, seq: int | None = None, as_of: str | None = None):
    """The data of one document; ``seq`` limits feedback/rectification to one reporter; ``as_of``
    dates the 整改台账 and 整改落实情况通报 (default today)."""
    if kind not in DOCUMENT_NAMES:
        raise PingyiError(f"未知的文档类型“{kind}”。可用：{'、'.join(DOCUMENT_NAMES)}。")
    if kind in ("ledger", "progress") and seq is None:
        from models.documents.ledger import ledger_data, progress_data

        return (ledger_data if kind == "ledger" else progress_data)(meeting, as_of)
    if as_of is not None:
        raise PingyiError(f"--as-of 只用于整改台账（ledger）和整改落实情况通报（progress），不用于 {kind}。")
    if seq is not None and kind not in PER_REPORTER:
        raise PingyiError(f"--seq 只用于反馈意见（feedback）和整改清单（rectification），不用于 {kind}。")
    if seq is not None:
        reporter_by_seq(meeting, seq)  # refuses an unknown 序号
    builders = {"tally": tally_sheet_data, "handcount": handcount_data, "ranking": ranking_data,
                "feedback": document_texts.feedback_data, "rectification": document_texts.rectification_data,
                "agenda": document_minutes.agenda_data, "minutes": document_minutes.minutes_doc_data}
    if kind in PER_REPORTER:
        return builders[kind](meeting, seq=seq)
    return builders[kind](meeting)
