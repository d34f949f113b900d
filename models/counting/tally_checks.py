"""What blocks 定稿 (problems) and what the clerk should look at (warnings), each saying what to do."""

from __future__ import annotations

from models.counting.results import CategoryTally, Problem, ReconciliationState, ReporterResult
from models.labels import Mark
from models.setup import Component

_MAX_NAMES = 10
INVALID_TEXT = "收回票数多于发出票数，测评无效"


def _names(results: list[ReporterResult]) -> str:
    shown = "、".join(f"第 {r.reporter.seq} 位 {r.reporter.name}" for r in results[:_MAX_NAMES])
    return shown + (f" 等 {len(results)} 位" if len(results) > _MAX_NAMES else "")


def find_problems(categories: list[CategoryTally], reporters: list[ReporterResult],
                  reconciliation: ReconciliationState, components: list[Component]) -> list[Problem]:
    """Everything that blocks 定稿, most serious first."""
    return (_invalid(categories) + _unreconciled(reconciliation) + _cross_sums(reporters)
            + _missing_components(reporters, components) + _missing_grades(reporters))


def _invalid(categories: list[CategoryTally]) -> list[Problem]:
    return [Problem("invalid", f"{c.code}票（{c.name}）收回 {c.returned} 张、发出 {c.issued} 张：{INVALID_TEXT}。"
                               "请核对该类别的发出票数（准备—测评人类别），并清点收回的纸质选票。")
            for c in categories if c.returned > c.issued]


def _unreconciled(state: ReconciliationState) -> list[Problem]:
    if not state.outstanding or state.waived:
        return []
    parts = []
    if state.pending:
        parts.append(f"{state.pending} 张选票只录入了一遍")
    if state.mismatched:
        parts.append(f"{state.mismatched} 张选票两遍录入不一致")
    return [Problem("reconciliation", f"{'，'.join(parts)}，尚未计入结果。请在“录入”完成二录，并在“核对”页"
                                      "对照纸质选票重新录入不一致的选票；如确需不核对即定稿，定稿时须填写理由"
                                      "（未核对的选票按一录计入结果）。")]


def _cross_sums(reporters: list[ReporterResult]) -> list[Problem]:
    out = []
    for r in reporters:
        for item, counts in r.items:
            if counts.total != r.valid:
                out.append(Problem("cross_sum", f"第 {r.reporter.seq} 位述职人（{r.reporter.name}）“{item.name}”："
                                                f"好+较好+一般+差+弃权 = {counts.total}，有效票 {r.valid}，两者不等。"
                                                "会议文件可能已损坏，请运行“校验”，必要时从备份恢复。"))
    return out


def _missing_components(reporters: list[ReporterResult], components: list[Component]) -> list[Problem]:
    out = []
    for k in components:
        if k.is_onsite or k.weight == 0:
            continue
        missing = [r for r in reporters if r.components.get(k.name) is None]
        if missing:
            out.append(Problem("component", f"以下述职人缺少“{k.name}”分数，无法计算综合得分：{_names(missing)}。"
                                            "请在“计票”页的评价构成中录入（0–100 分）。"))
    return out


def _missing_grades(reporters: list[ReporterResult]) -> list[Problem]:
    if not reporters:
        return [Problem("grade", "名单中还没有述职人，没有可定稿的结果。请先在“准备”中录入述职人名单。")]
    missing = [r for r in reporters if r.final_grade is None]
    if not missing:
        return []
    return [Problem("grade", f"以下述职人没有拟定等次（没有有效等次票或缺少分数），也没有确定等次：{_names(missing)}。"
                             "请录入选票、补齐分数，或在“定档”页为其确定等次（须填写理由）。")]


def find_warnings(categories: list[CategoryTally], reporters: list[ReporterResult],
                  reconciliation: ReconciliationState) -> list[str]:
    """Things that do not block 定稿 but that the clerk should see."""
    out = [f"{c.code}票（{c.name}）还没有录入任何选票。如该类别确实没有测评人可忽略，否则请录入。"
           for c in categories if c.returned == 0]
    out += [f"{c.code}票（{c.name}）权重为 0：其选票计入票数、好票率和差票率，但不计入测评得分。"
            for c in categories if c.weight == 0]
    counted = any(c.valid for c in categories)
    unmarked = [r for r in reporters if r.counts.graded == 0]
    if counted and unmarked:
        out.append(f"以下述职人没有任何有效等次票（全部弃权），没有测评得分、拟定等次和排名：{_names(unmarked)}。")
    zero_only = [r for r in reporters if r.counts.graded and r.onsite_score is None]
    if zero_only:
        out.append(f"以下述职人只有权重为 0 的类别给出了等次，没有测评得分：{_names(zero_only)}。")
    finals = {r.final_grade for r in reporters} - {None}
    if finals == {Mark.GOOD}:
        out.append("所有述职人的等次都是“好”，没有较好或以下等次。考核工作方案要求评价为较好或以下等次的应占一定比例，"
                   "请提请党委研究（可在计分规则中设置“好等次比例上限”）。")
    if reconciliation.waived and reconciliation.outstanding:
        out.append(f"已放弃核对（理由：{reconciliation.waiver_reason}）：{reconciliation.outstanding} 张未核对的选票"
                   "按一录计入结果。")
    return out
