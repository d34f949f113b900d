"""Counting rules (计分规则, DESIGN §4), score components (评价构成) and clerk-entered component scores."""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from models.errors import InputErrors, PingyiError
from models.labels import Mark, parse_yes_no
from models.meeting import Meeting
from models.setup.numbers import _dec_text, to_decimal
from models.setup.roster import get_reporter

ONSITE_COMPONENT = "现场测评"

#: 差票计入等次: which grades the 差票 rule counts (the 方案's “一般”“差”票 together, or 差 alone)
POOR_GRADES_BOTH = "一般和差"
POOR_GRADES_POOR = "差"
POOR_GRADES_CHOICES = (POOR_GRADES_BOTH, POOR_GRADES_POOR)
_POOR_GRADES_SPELLINGS = {
    "一般和差": POOR_GRADES_BOTH, "一般、差": POOR_GRADES_BOTH, "一般+差": POOR_GRADES_BOTH,
    "一般＋差": POOR_GRADES_BOTH, "一般差": POOR_GRADES_BOTH, "一般,差": POOR_GRADES_BOTH,
    "一般，差": POOR_GRADES_BOTH, "差": POOR_GRADES_POOR,
}
#: the 方案's sentences shown beside the rules they state
POOR_RULE_SENTENCE = "现场测评“一般”“差”票超过10%的，综合评价等次确定为差。"
CAP_RULE_SENTENCE = "评价为较好或以下等次的应占一定比例：一张票上“好”超过上限的，整张票作废。"


def parse_poor_grades(text) -> str:
    """``一般和差`` or ``差`` from what a clerk types (also 一般、差 / 一般+差); ValueError otherwise."""
    key = "".join(str(text or "").split())
    if key not in _POOR_GRADES_SPELLINGS:
        raise ValueError(text)
    return _POOR_GRADES_SPELLINGS[key]


@dataclass(frozen=True)
class Component:
    id: int
    position: int
    name: str
    weight: Decimal
    is_onsite: bool = False


@dataclass(frozen=True)
class Rules:
    points_good: Decimal = Decimal(100)
    points_fairly_good: Decimal = Decimal(80)
    points_average: Decimal = Decimal(60)
    points_poor: Decimal = Decimal(0)
    min_good: Decimal = Decimal(90)
    min_fairly_good: Decimal = Decimal(80)
    min_average: Decimal = Decimal(60)
    poor_limit_pct: Decimal = Decimal(10)
    good_quota_pct: Decimal | None = None
    double_entry: bool = True
    poor_grades: str = POOR_GRADES_BOTH
    good_cap_pct: Decimal | None = None

    def limit_grades(self) -> tuple[Mark, ...]:
        """The grades the 差票 rule counts (差票计入等次)."""
        return (Mark.AVERAGE, Mark.POOR) if self.poor_grades == POOR_GRADES_BOTH else (Mark.POOR,)

    def limit_label(self) -> str:
        """How the rule names its votes: 一般和差票 or 差票."""
        return f"{self.poor_grades}票"

    def good_cap(self, reporters: int) -> int | None:
        """The most 好 one ballot may give on one item (exact floor: 70 % of 10 is 7); None = no cap."""
        if self.good_cap_pct is None:
            return None
        return int(self.good_cap_pct * reporters // 100)

    def points(self, mark: Mark) -> Decimal:
        return {
            Mark.GOOD: self.points_good,
            Mark.FAIRLY_GOOD: self.points_fairly_good,
            Mark.AVERAGE: self.points_average,
            Mark.POOR: self.points_poor,
        }[mark]


RULE_LABELS = {
    "points_good": "好分值",
    "points_fairly_good": "较好分值",
    "points_average": "一般分值",
    "points_poor": "差分值",
    "min_good": "好等次最低分",
    "min_fairly_good": "较好等次最低分",
    "min_average": "一般等次最低分",
    "poor_limit_pct": "差票比例上限",
    "good_quota_pct": "好等次比例上限",
    "double_entry": "双录核对",
    "poor_grades": "差票计入等次",
    "good_cap_pct": "每票好等次上限",
}


def get_rules(meeting: Meeting) -> Rules:
    """The counting rules of this meeting (DESIGN §4), exact decimals."""
    row = meeting.db.execute(
        "SELECT points_good, points_fairly_good, points_average, points_poor, min_good, min_fairly_good, "
        "min_average, poor_limit_pct, good_quota_pct, double_entry, poor_grades, good_cap_pct FROM rules WHERE id = 1"
    ).fetchone()
    values = [Decimal(v) for v in row[:8]]
    optional = [Decimal(v) if v is not None else None for v in (row[8], row[11])]
    return Rules(*values, optional[0], bool(row[9]), row[10], optional[1])


def rules_faults(rules: Rules) -> dict[str, str]:
    """Field name → Chinese message for each rule value that is not acceptable."""
    faults = {}
    for name in (
        "points_good",
        "points_fairly_good",
        "points_average",
        "points_poor",
        "min_good",
        "min_fairly_good",
        "min_average",
    ):
        value = getattr(rules, name)
        if not isinstance(value, Decimal) or not (0 <= value <= 100):
            faults[name] = f"{RULE_LABELS[name]}应为 0 到 100 之间的数。"
    if not faults:
        if not (rules.points_good >= rules.points_fairly_good >= rules.points_average >= rules.points_poor):
            faults["points_good"] = "分值应满足 好 ≥ 较好 ≥ 一般 ≥ 差。"
        if not (rules.min_good > rules.min_fairly_good > rules.min_average):
            faults["min_good"] = "等次最低分应满足 好 > 较好 > 一般。"
    if not isinstance(rules.poor_limit_pct, Decimal) or not (0 <= rules.poor_limit_pct <= 100):
        faults["poor_limit_pct"] = "差票比例上限应为 0 到 100 之间的百分数，例如 10。"
    if rules.good_quota_pct is not None and (
        not isinstance(rules.good_quota_pct, Decimal) or not (0 < rules.good_quota_pct <= 100)
    ):
        faults["good_quota_pct"] = "好等次比例上限应为 0 到 100 之间的百分数，留空表示不限。"
    if rules.poor_grades not in POOR_GRADES_CHOICES:
        faults["poor_grades"] = "差票计入等次只能填“一般和差”或“差”。"
    if rules.good_cap_pct is not None and (
        not isinstance(rules.good_cap_pct, Decimal) or not (0 < rules.good_cap_pct <= 100)
    ):
        faults["good_cap_pct"] = "每票好等次上限应为 0 到 100 之间的百分数，例如 70；留空表示不限。"
    return faults


def set_rules(meeting: Meeting, **changes) -> Rules:
    """Change counting rules; numbers may be given as text, int or Decimal."""
    unknown = set(changes) - set(RULE_LABELS)
    if unknown:
        raise PingyiError(f"未知的计分规则：{', '.join(sorted(unknown))}")
    parsed, faults = {}, []
    for key, value in changes.items():
        if key == "double_entry":
            try:
                parsed[key] = parse_yes_no(value)
            except ValueError:
                faults.append(f"{RULE_LABELS[key]}“{value}”只能填“是”或“否”。")
        elif key == "poor_grades":
            try:
                parsed[key] = parse_poor_grades(value)
            except ValueError:
                faults.append(f"{RULE_LABELS[key]}“{value}”只能填“一般和差”或“差”。")
        elif key in ("good_quota_pct", "good_cap_pct") and (value is None or str(value).strip() == ""):
            parsed[key] = None
        else:
            try:
                parsed[key] = to_decimal(value)
            except ValueError:
                faults.append(f"{RULE_LABELS[key]}“{value}”不是数字。")
    if faults:
        raise InputErrors(faults)
    rules = replace(get_rules(meeting), **parsed)
    more = rules_faults(rules)
    if more:
        raise InputErrors(list(more.values()))
    stored = {k: (int(v) if isinstance(v, bool) else v if v is None or isinstance(v, str) else _dec_text(v))
              for k, v in parsed.items()}
    with meeting.write("修改计分规则", stored) as db:
        db["rules"].update(1, stored)
    return rules


# -- score components -----------------------------------------------------
def list_components(meeting: Meeting) -> list[Component]:
    """Score components (现场测评 first unless moved) with weights in percent."""
    rows = meeting.db.execute(
        "SELECT id, position, name, weight, is_onsite FROM components ORDER BY position"
    ).fetchall()
    return [Component(r[0], r[1], r[2], Decimal(r[3]), bool(r[4])) for r in rows]


def components_faults(pairs: list[tuple[str, object]]) -> list[str]:
    """Messages for a list of (name, weight%) that cannot be the meeting's components."""
    faults, total, names = [], Decimal(0), set()
    for name, weight in pairs:
        name = (name or "").strip()
        if not name:
            faults.append("评价构成的名称不能为空。")
            continue
        if name in names:
            faults.append(f"评价构成“{name}”重复了。")
        names.add(name)
        try:
            w = to_decimal(weight)
            if w < 0:
                faults.append(f"“{name}”的权重不能为负数。")
            total += w
        except ValueError:
            faults.append(f"“{name}”的权重“{weight}”不是数字。")
    if ONSITE_COMPONENT not in names:
        faults.append(f"评价构成中必须有“{ONSITE_COMPONENT}”。")
    if not faults and total != 100:
        faults.append(f"评价构成的权重合计为 {_dec_text(total)}，应为 100。")
    return faults


def set_components(meeting: Meeting, pairs: list[tuple[str, object]]) -> list[Component]:
    """Replace the score components; keeps entered scores of components that stay."""
    faults = components_faults(pairs)
    if faults:
        raise InputErrors(faults)
    existing = {c.name: c for c in list_components(meeting)}
    wanted = [(n.strip(), _dec_text(to_decimal(w))) for n, w in pairs]
    with meeting.write("修改评价构成", {"components": wanted}) as db:
        for name in set(existing) - {n for n, _ in wanted}:
            db.execute("DELETE FROM components WHERE id = ?", [existing[name].id])
        for pos, (name, weight) in enumerate(wanted, start=1):
            if name in existing:
                db["components"].update(existing[name].id, {"position": pos, "weight": weight})
            else:
                db["components"].insert(
                    {"position": pos, "name": name, "weight": weight, "is_onsite": int(name == ONSITE_COMPONENT)}
                )
    return list_components(meeting)


def component_scores(meeting: Meeting) -> dict[tuple[int, int], Decimal]:
    """(reporter_id, component_id) → score for every clerk-entered score."""
    rows = meeting.db.execute("SELECT reporter_id, component_id, score FROM component_scores")
    return {(r[0], r[1]): Decimal(r[2]) for r in rows}


def set_component_score(meeting: Meeting, reporter_id: int, component_id: int, score) -> None:
    """Record (or clear, with None/"") one reporter's score for a clerk-entered component, 0–100."""
    reporter = get_reporter(meeting, reporter_id)
    component = next((c for c in list_components(meeting) if c.id == component_id), None)
    if component is None or component.is_onsite:
        raise PingyiError("只能为平时考核等手工录入的评价构成填写分数。")
    where = f"第 {reporter.seq} 位述职人（{reporter.name}）的“{component.name}”"
    if score is None or str(score).strip() == "":
        with meeting.write("清除评价分数", {"seq": reporter.seq, "component": component.name}) as db:
            db.execute(
                "DELETE FROM component_scores WHERE reporter_id = ? AND component_id = ?", [reporter_id, component_id]
            )
        return
    try:
        value = to_decimal(score)
    except ValueError:
        raise InputErrors([f"{where}分数“{score}”不是数字。请填写 0 到 100 之间的数。"]) from None
    if not 0 <= value <= 100:
        raise InputErrors([f"{where}分数 {score} 超出范围。请填写 0 到 100 之间的数。"])
    with meeting.write(
        "录入评价分数", {"seq": reporter.seq, "component": component.name, "score": _dec_text(value)}
    ) as db:
        db["component_scores"].upsert(
            {"reporter_id": reporter_id, "component_id": component_id, "score": _dec_text(value)},
            pk=("reporter_id", "component_id"),
        )
