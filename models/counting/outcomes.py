"""What a grade leads to (结果运用, issue 10) and the 方案's rules in words, as applied.

The 方案: “综合评价等次未达到好的，其年度考核结果不得评定为优秀等次；对综合评价等次为一般和差的，
要约谈提醒、限期整改”.  The lists follow the final grade (确定等次); a reporter without a grade is
in neither.  The ranking sheet, the feedback sheet, the tally sheet, the results and the 定档
screens all take their sentences from here.
"""

from __future__ import annotations

from dataclasses import dataclass

from models.counting.results import ReporterResult, Tally
from models.counting.tally_rules import limit_note
from models.labels import Mark

NOT_EXCELLENT = "年度考核不得评定为优秀等次"
TALK = "约谈提醒、限期整改"
NOT_EXCELLENT_HEAD = f"综合评价等次未达到好，{NOT_EXCELLENT}"
TALK_HEAD = f"综合评价等次为一般或差，{TALK}"


@dataclass(frozen=True)
class Outcomes:
    """Reporters below 好 (不得评定为优秀) and those graded 一般 or 差 (约谈提醒), in ballot order."""

    below_good: tuple[ReporterResult, ...]
    talk: tuple[ReporterResult, ...]


def outcomes(tally: Tally) -> Outcomes:
    """The two 结果运用 lists of ``tally`` by final grade."""
    ordered = sorted(tally.reporters, key=lambda r: r.reporter.seq)
    below = tuple(r for r in ordered if r.final_grade in (Mark.FAIRLY_GOOD, Mark.AVERAGE, Mark.POOR))
    talk = tuple(r for r in below if r.final_grade in (Mark.AVERAGE, Mark.POOR))
    return Outcomes(below, talk)


def names_text(results) -> str:
    """“3 号 张三、5 号 李四” or “无”."""
    return "、".join(f"{r.reporter.seq} 号 {r.reporter.name}" for r in results) or "无"


def outcome_sentence(r: ReporterResult) -> str:
    """The one sentence of a feedback sheet on what the final grade leads to (empty for 好 or none)."""
    if r.final_grade in (Mark.AVERAGE, Mark.POOR):
        return ("按照考核工作方案，综合评价等次为一般或差的，年度考核结果不得评定为优秀等次，"
                "并将约谈提醒、限期整改。")
    if r.final_grade == Mark.FAIRLY_GOOD:
        return "按照考核工作方案，综合评价等次未达到好的，年度考核结果不得评定为优秀等次。"
    return ""


def _limit(rules) -> str:
    return f"{format(rules.poor_limit_pct.normalize(), 'f')}%"


def limit_rule_text(rules) -> str:
    """The 差票 rule in words: “一般票与差票合计占有效票超过 10% 的拟定为差”."""
    votes = "一般票与差票合计" if rules.poor_grades == "一般和差" else "差票"
    return f"{votes}占有效票超过 {_limit(rules)} 的拟定为差"


def limit_applied_text(r: ReporterResult, rules) -> str:
    """The rule as applied to one reporter: “一般和差票占 12.00%，超过 10%” (empty when not applied)."""
    if "poor_rate" not in r.grade_reasons:
        return ""
    return limit_note(rules, r.limit_rate)


def cap_rule_text(rules, reporters: int) -> str:
    """The per-ballot cap in words (empty without one)."""
    allowed = rules.good_cap(reporters)
    if allowed is None:
        return ""
    pct = format(rules.good_cap_pct.normalize(), "f")
    return f"一张测评表上任一项目评为“好”的超过述职人数的 {pct}%（{allowed} 人）的，整张按废票计（超比例）"


def cap_void_text(tally: Tally) -> str:
    """“因‘好’超过每票上限按废票计：A 类 2 张、B 类 0 张。” (empty without a cap)."""
    if tally.rules.good_cap_pct is None:
        return ""
    parts = "、".join(f"{c.code} 类 {c.cap_void} 张" for c in tally.categories) or "无"
    return f"因“好”超过每票上限按废票计（超比例）：{parts}。"
