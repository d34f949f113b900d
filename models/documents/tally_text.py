"""What the 计票汇总表 says in words and shows for recomputing: verdict, double entry, open items,
each category's weight and score per reporter, and how the scores are made.

Every sentence is true of the meeting as it stands (an empty meeting is not “有效”; a waived
reconciliation counts unreconciled ballots by their 一录, and says only that) and speaks the
paper's language: no screen names or instructions.
"""

from __future__ import annotations

from models.documents.formatting import score_text
from models.documents.types import CategoryScoreLine


def num(d) -> str:
    """A Decimal weight or point value without trailing zeros: 3, 0.5, 70."""
    return format(d.normalize(), "f")


def verdict_text(tally) -> str:
    """结论: valid / invalid / nothing counted yet."""
    if not tally.valid:
        return "收回票数多于发出票数，测评无效。"
    if not tally.counted_ballots:
        return "尚未计入任何选票。"
    return "本次测评有效。"


def reconciliation_text(state, counted: int = 1) -> str:
    """One true sentence on double entry (empty when no ballot was entered)."""
    if not state.required:
        return "未启用双录核对（每张选票录入一次）。" if counted or state.outstanding else ""
    if state.waived:
        reason = f"（理由：{state.waiver_reason}）" if state.waiver_reason else ""
        if state.outstanding:
            return f"双录核对已免除{reason}，{state.outstanding} 张未核对一致的选票按一录计入。"
        return f"双录核对已免除{reason}。"
    if state.pending or state.mismatched:
        parts = "、".join(
            x
            for x in (
                f"不一致 {state.mismatched} 张" if state.mismatched else "",
                f"缺一遍 {state.pending} 张" if state.pending else "",
            )
            if x
        )
        return f"双录核对未完成：待核对 {state.outstanding} 张（{parts}），未计入统计。"
    return "双录核对：全部选票两次录入一致。" if counted else ""


def paper_sentence(text: str) -> str:
    """The first sentence of a screen message: what is the case, without what to click."""
    head, mark, _ = text.partition("。")
    return head + mark


def open_items(tally) -> tuple[str, ...]:
    """待处理事项 of a draft in paper words (the reconciliation sentence already says its part)."""
    if tally.finalized:
        return ()
    items = [paper_sentence(p.text) for p in tally.blocking if p.kind != "reconciliation"]
    items += [paper_sentence(w) for w in tally.warnings if not w.startswith("已放弃核对")]
    return tuple(dict.fromkeys(x for x in items if x))


def category_score_lines(tally) -> tuple[CategoryScoreLine, ...]:
    """Per reporter: each category's score, the 测评得分, each other component and the 综合得分."""
    others = [c for c in tally.component_list if not c.is_onsite]
    lines = []
    for r in tally.reporters:
        scores = tuple(
            score_text(r.by_category[c.code].score) if c.code in r.by_category else "—" for c in tally.categories
        )
        parts = tuple(score_text(r.components.get(c.name)) for c in others)
        lines.append(
            CategoryScoreLine(
                r.reporter.seq, r.reporter.name, scores, score_text(r.onsite_score), parts, score_text(r.combined_score)
            )
        )
    return tuple(lines)


def component_heads(tally) -> tuple[str, ...]:
    """“平时考核（30%）” for each component besides 现场测评."""
    return tuple(f"{c.name}（{num(c.weight)}%）" for c in tally.component_list if not c.is_onsite)


def score_note(tally) -> str:
    """How a signer recomputes the scores: category score, weighted 测评得分, and the combined score."""
    r = tally.rules
    text = (
        f"类别得分 =（好票数 × {num(r.points_good)} + 较好票数 × {num(r.points_fairly_good)} + "
        f"一般票数 × {num(r.points_average)} + 差票数 × {num(r.points_poor)}）÷ 该类别的等次票数（弃权不计）；"
        "测评得分 = Σ（类别得分 × 权重）÷ Σ 权重（只计有等次票、权重大于 0 的类别）"
    )
    others = [c for c in tally.component_list if not c.is_onsite]
    if others:
        parts = " + ".join(f"{'现场测评' if c.is_onsite else c.name} × {num(c.weight)}%" for c in tally.component_list)
        text += f"；综合得分 = {parts}"
    return text + "。"
