"""One set of words for the ballot counts, used by the status line, 录入, 核对 and the per-category panel.

已核对: papers whose keyings agree (or were settled by re-keying); they count.  待核对: papers
keyed but not counted yet — 不一致 (一录 and 二录 differ) or 缺一遍 (keyed in one pass only).
So 收回 = 有效 + 废票 + 待核对 in every category, and 已核对 + 待核对 = the papers keyed.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from models.ballots.reconciliation import EntrySummary


def _tr(text: str) -> str:
    return QCoreApplication.translate("ballots", text)


def to_check(summary: EntrySummary) -> int:
    """Papers keyed but not counted yet (不一致 + 缺一遍)."""
    return summary.mismatched + summary.pending


def to_check_detail(summary: EntrySummary) -> str:
    """“不一致 2 张、缺一遍 1 张” (the parts that are not zero), or ""."""
    parts = [
        _tr("不一致 {0} 张").format(summary.mismatched) if summary.mismatched else "",
        _tr("缺一遍 {0} 张").format(summary.pending) if summary.pending else "",
    ]
    return "、".join(p for p in parts if p)


def ballot_counts(summary: EntrySummary) -> str:
    """“一录 68 张 · 二录 67 张 · 已核对 66 张 · 待核对 2 张（不一致 1 张、缺一遍 1 张）”."""
    if not summary.pass1 and not summary.pass2:
        return _tr("尚未录入选票")
    if not summary.double_entry:
        return _tr("已录入 {0} 张（单录）").format(summary.pass1)
    text = _tr("一录 {0} 张 · 二录 {1} 张 · 已核对 {2} 张 · 待核对 {3} 张").format(
        summary.pass1, summary.pass2, summary.reconciled, to_check(summary)
    )
    detail = to_check_detail(summary)
    return text + (_tr("（{0}）").format(detail) if detail else "")


def missing_pass(first_keyed: bool) -> str:
    """“缺二录” when only 一录 was keyed, else “缺一录”."""
    return _tr("缺二录") if first_keyed else _tr("缺一录")
