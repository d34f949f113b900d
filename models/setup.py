"""Meeting preparation: facts, roster, evaluator categories, items, rules, score components.

Every public ``set_``/``add_``/``update_``/``delete_``/``move_`` function is one audited
transaction and refuses with a Chinese message that names the field at fault.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, fields, replace
from decimal import Decimal, InvalidOperation

from .errors import InputErrors, PingyiError
from .labels import Mark, ReportMode, parse_yes_no
from .meeting_file import Meeting

ONSITE_COMPONENT = "现场测评"


@dataclass(frozen=True)
class MeetingFacts:
    title: str = ""
    organiser: str = ""
    date: str = ""
    venue: str = ""
    chair: str = ""
    rehearsal: bool = False
    form_title: str = "党组织书记抓基层党建工作述职评议表"
    time_limit_min: int = 8
    show_rank_in_feedback: bool = False


@dataclass(frozen=True)
class Reporter:
    id: int
    seq: int
    name: str
    unit: str = ""
    title: str = ""
    mode: ReportMode = ReportMode.ONSITE
    speak_order: int = 0
    time_limit_min: int | None = None


@dataclass(frozen=True)
class Category:
    id: int
    code: str
    name: str
    weight: Decimal = Decimal(1)
    issued: int = 0


@dataclass(frozen=True)
class Item:
    id: int
    seq: int
    name: str
    is_overall: bool = False


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
}
FACT_LABELS = {
    "title": "会议名称",
    "organiser": "主办单位",
    "date": "日期",
    "venue": "地点",
    "chair": "主持人",
    "rehearsal": "是否演练",
    "form_title": "测评表标题",
    "time_limit_min": "述职时限（分钟）",
    "show_rank_in_feedback": "反馈意见中显示排名",
}


# -- number helpers -------------------------------------------------------
def to_decimal(value) -> Decimal:
    """``value`` as an exact Decimal; ValueError for text that is not a number."""
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, float):
        value = repr(value)
    try:
        out = Decimal(str(value).strip().rstrip("%"))
    except InvalidOperation as exc:
        raise ValueError(value) from exc
    if not out.is_finite():
        raise ValueError(value)
    return out


def _dec_text(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text


# -- meeting facts --------------------------------------------------------
def get_facts(meeting: Meeting) -> MeetingFacts:
    """The meeting facts (title, organiser, date, venue, chair, rehearsal …)."""
    row = meeting.db.execute(
        "SELECT title, organiser, date, venue, chair, rehearsal, form_title, time_limit_min, "
        "show_rank_in_feedback FROM meeting WHERE id = 1"
    ).fetchone()
    return MeetingFacts(row[0], row[1], row[2], row[3], row[4], bool(row[5]), row[6], row[7], bool(row[8]))


def facts_faults(facts: MeetingFacts) -> dict[str, str]:
    """Field name → Chinese message, for every fact that is not acceptable."""
    faults = {}
    if facts.date:
        try:
            _dt.date.fromisoformat(facts.date)
        except ValueError:
            faults["date"] = f"日期“{facts.date}”格式不对，应为 YYYY-MM-DD，例如 2026-12-01。"
    if not isinstance(facts.time_limit_min, int) or not 1 <= facts.time_limit_min <= 120:
        faults["time_limit_min"] = "述职时限应为 1 到 120 之间的整数分钟。"
    if not facts.form_title.strip():
        faults["form_title"] = "测评表标题不能为空。"
    return faults


def set_facts(meeting: Meeting, **changes) -> MeetingFacts:
    """Change some meeting facts; refuses an unknown field or a bad value."""
    unknown = set(changes) - {f.name for f in fields(MeetingFacts)}
    if unknown:
        raise PingyiError(f"未知的会议信息字段：{', '.join(sorted(unknown))}")
    facts = replace(get_facts(meeting), **changes)
    faults = facts_faults(facts)
    if faults:
        raise InputErrors(list(faults.values()))
    with meeting.write("修改会议信息", changes) as db:
        db["meeting"].update(1, {k: int(v) if isinstance(v, bool) else v for k, v in changes.items()})
    return facts


# -- roster ---------------------------------------------------------------
def _reporter(row) -> Reporter:
    return Reporter(row[0], row[1], row[2], row[3], row[4], ReportMode(row[5]), row[6], row[7])


_REPORTER_COLS = "id, seq, name, unit, title, mode, speak_order, time_limit_min"


def list_reporters(meeting: Meeting) -> list[Reporter]:
    """All reporters in ballot order (序号)."""
    rows = meeting.db.execute(f"SELECT {_REPORTER_COLS} FROM reporters ORDER BY seq").fetchall()
    return [_reporter(r) for r in rows]


def get_reporter(meeting: Meeting, reporter_id: int) -> Reporter:
    row = meeting.db.execute(f"SELECT {_REPORTER_COLS} FROM reporters WHERE id = ?", [reporter_id]).fetchone()
    if row is None:
        raise PingyiError(f"找不到编号为 {reporter_id} 的述职人，可能已被删除。")
    return _reporter(row)


def reporter_by_seq(meeting: Meeting, seq: int) -> Reporter:
    """The reporter with 序号 ``seq``; refuses an unknown 序号."""
    row = meeting.db.execute(f"SELECT {_REPORTER_COLS} FROM reporters WHERE seq = ?", [seq]).fetchone()
    if row is None:
        raise PingyiError(f"没有序号为 {seq} 的述职人。请用 tally 查看述职人序号。")
    return _reporter(row)


def forms_printed(meeting: Meeting) -> int:
    return meeting.db.execute("SELECT count(*) FROM forms").fetchone()[0]


def _refuse_if_forms_printed(meeting: Meeting, what: str) -> None:
    if forms_printed(meeting):
        raise PingyiError(
            f"已打印测评表，不能再{what}（纸质表格的行序已经固定）。"
            "如确需调整，请新建会议文件，或只修改姓名、单位等文字。"
        )


def _reporter_faults(name: str, mode) -> list[str]:
    faults = []
    if not (name or "").strip():
        faults.append("姓名不能为空。")
    if not isinstance(mode, ReportMode):
        faults.append("述职方式只能是“现场”或“书面”。")
    return faults


def add_reporter(
    meeting: Meeting,
    name: str,
    unit: str = "",
    title: str = "",
    mode: ReportMode = ReportMode.ONSITE,
    speak_order: int | None = None,
) -> Reporter:
    """Append a reporter at the end of the ballot order."""
    _refuse_if_forms_printed(meeting, "增加述职人")
    faults = _reporter_faults(name, mode)
    if faults:
        raise InputErrors(faults)
    seq = meeting.db.execute("SELECT coalesce(max(seq), 0) + 1 FROM reporters").fetchone()[0]
    order = speak_order or meeting.db.execute("SELECT coalesce(max(speak_order), 0) + 1 FROM reporters").fetchone()[0]
    record = {"seq": seq, "name": name.strip(), "unit": unit.strip(), "title": title.strip(), "mode": mode.value,
              "speak_order": order}
    with meeting.write("增加述职人", record) as db:
        new_id = db["reporters"].insert(record).last_pk
    return get_reporter(meeting, new_id)


_REPORTER_FIELDS = {"name": "姓名", "unit": "单位", "title": "职务", "mode": "述职方式",
                    "speak_order": "述职顺序", "time_limit_min": "述职时限"}


def update_reporter(meeting: Meeting, reporter_id: int, **changes) -> Reporter:
    """Change fields of one reporter (name, unit, title, mode, speak_order, time_limit_min)."""
    unknown = set(changes) - set(_REPORTER_FIELDS)
    if unknown:
        raise PingyiError(f"未知的述职人字段：{', '.join(sorted(unknown))}")
    current = get_reporter(meeting, reporter_id)
    merged = replace(current, **changes)
    faults = _reporter_faults(merged.name, merged.mode)
    if merged.time_limit_min is not None and not (isinstance(merged.time_limit_min, int) and 1 <= merged.time_limit_min <= 120):
        faults.append("述职时限应为 1 到 120 之间的整数分钟，或留空使用会议默认值。")
    if not isinstance(merged.speak_order, int) or merged.speak_order < 1:
        faults.append("述职顺序应为正整数。")
    if faults:
        raise InputErrors([f"第 {current.seq} 位述职人（{current.name}）：{f}" for f in faults])
    values = {k: (v.value if isinstance(v, ReportMode) else v.strip() if isinstance(v, str) else v)
              for k, v in changes.items()}
    with meeting.write("修改述职人", {"seq": current.seq, **values}) as db:
        db["reporters"].update(reporter_id, values)
    return get_reporter(meeting, reporter_id)


def delete_reporter(meeting: Meeting, reporter_id: int) -> None:
    """Remove a reporter and renumber the rest; refused once forms are printed."""
    _refuse_if_forms_printed(meeting, "删除述职人")
    current = get_reporter(meeting, reporter_id)
    with meeting.write("删除述职人", {"seq": current.seq, "name": current.name}) as db:
        db.execute("DELETE FROM reporters WHERE id = ?", [reporter_id])
        _renumber(db, [r for r in _ids_by_seq(db) if r != reporter_id])


def move_reporter(meeting: Meeting, reporter_id: int, new_seq: int) -> None:
    """Move a reporter to 序号 ``new_seq`` (1-based), shifting the others."""
    _refuse_if_forms_printed(meeting, "调整测评表顺序")
    current = get_reporter(meeting, reporter_id)
    ids = [r for r in _ids_by_seq(meeting.db) if r != reporter_id]
    new_seq = max(1, min(new_seq, len(ids) + 1))
    ids.insert(new_seq - 1, reporter_id)
    with meeting.write("调整述职人顺序", {"name": current.name, "from": current.seq, "to": new_seq}) as db:
        _renumber(db, ids)


def _ids_by_seq(db) -> list[int]:
    return [r[0] for r in db.execute("SELECT id FROM reporters ORDER BY seq")]


def _renumber(db, ids: list[int]) -> None:
    # two steps so the UNIQUE(seq) constraint never sees a collision
    db.execute("UPDATE reporters SET seq = -seq")
    for seq, rid in enumerate(ids, start=1):
        db.execute("UPDATE reporters SET seq = ? WHERE id = ?", [seq, rid])


# -- categories -----------------------------------------------------------
def list_categories(meeting: Meeting) -> list[Category]:
    """Evaluator categories by code (A, B, C …)."""
    rows = meeting.db.execute("SELECT id, code, name, weight, issued FROM categories ORDER BY code").fetchall()
    return [Category(r[0], r[1], r[2], Decimal(r[3]), r[4]) for r in rows]


def category_faults(code: str, name: str, weight, issued, *, others: list[Category]) -> list[str]:
    """Messages for a category that cannot be stored (code, name, weight, issued)."""
    faults = []
    code = (code or "").strip().upper()
    if len(code) != 1 or not ("A" <= code <= "Z"):
        faults.append(f"代码“{code}”应为一个英文字母（A–Z）。")
    elif any(c.code == code for c in others):
        faults.append(f"代码 {code} 重复了。每个类别的代码必须不同。")
    if not (name or "").strip():
        faults.append("类别名称不能为空。")
    try:
        if to_decimal(weight) < 0:
            faults.append("权重不能为负数。")
    except ValueError:
        faults.append(f"权重“{weight}”不是数字。")
    if not isinstance(issued, int) or isinstance(issued, bool) or issued < 0:
        faults.append(f"发出票数“{issued}”应为不小于 0 的整数。")
    return faults


def add_category(meeting: Meeting, code: str, name: str, weight=1, issued: int = 0) -> Category:
    """Add an evaluator category (A票 …) with its weight and issued count."""
    faults = category_faults(code, name, weight, issued, others=list_categories(meeting))
    if faults:
        raise InputErrors(faults)
    record = {"code": code.strip().upper(), "name": name.strip(), "weight": _dec_text(to_decimal(weight)),
              "issued": issued}
    with meeting.write("增加测评人类别", record) as db:
        db["categories"].insert(record)
    return next(c for c in list_categories(meeting) if c.code == record["code"])


def update_category(meeting: Meeting, category_id: int, **changes) -> Category:
    """Change a category's code, name, weight or issued count."""
    unknown = set(changes) - {"code", "name", "weight", "issued"}
    if unknown:
        raise PingyiError(f"未知的测评人类别字段：{', '.join(sorted(unknown))}")
    cats = list_categories(meeting)
    current = next((c for c in cats if c.id == category_id), None)
    if current is None:
        raise PingyiError("找不到该测评人类别，可能已被删除。")
    merged = replace(current, **changes)
    if "code" in changes and changes["code"] != current.code and _category_has_forms(meeting, category_id):
        raise PingyiError(f"{current.code} 类已打印测评表，不能再修改代码。")
    faults = category_faults(merged.code, merged.name, merged.weight, merged.issued,
                             others=[c for c in cats if c.id != category_id])
    if faults:
        raise InputErrors([f"{current.code} 类：{f}" for f in faults])
    values = {k: (_dec_text(to_decimal(v)) if k == "weight" else v.strip().upper() if k == "code" else
                  v.strip() if isinstance(v, str) else v) for k, v in changes.items()}
    with meeting.write("修改测评人类别", {"code": current.code, **values}) as db:
        db["categories"].update(category_id, values)
    return next(c for c in list_categories(meeting) if c.id == category_id)


def _category_has_forms(meeting: Meeting, category_id: int) -> bool:
    return bool(meeting.db.execute("SELECT 1 FROM forms WHERE category_id = ? LIMIT 1", [category_id]).fetchone())


def delete_category(meeting: Meeting, category_id: int) -> None:
    """Remove a category; refused once forms of it are printed."""
    current = next((c for c in list_categories(meeting) if c.id == category_id), None)
    if current is None:
        return
    if _category_has_forms(meeting, category_id):
        raise PingyiError(f"{current.code} 类已打印测评表，不能删除。")
    with meeting.write("删除测评人类别", {"code": current.code}) as db:
        db.execute("DELETE FROM categories WHERE id = ?", [category_id])


# -- items ----------------------------------------------------------------
def list_items(meeting: Meeting) -> list[Item]:
    """Evaluation items in form order; exactly one is the overall item."""
    rows = meeting.db.execute("SELECT id, seq, name, is_overall FROM items ORDER BY seq").fetchall()
    return [Item(r[0], r[1], r[2], bool(r[3])) for r in rows]


def overall_item(meeting: Meeting) -> Item:
    return next(i for i in list_items(meeting) if i.is_overall)


def add_item(meeting: Meeting, name: str) -> Item:
    """Add a sub-item (履行职责情况 …) after the others."""
    _refuse_if_forms_printed(meeting, "增加测评项目")
    if not (name or "").strip():
        raise InputErrors(["测评项目名称不能为空。"])
    if any(i.name == name.strip() for i in list_items(meeting)):
        raise InputErrors([f"测评项目“{name.strip()}”已存在。"])
    seq = meeting.db.execute("SELECT coalesce(max(seq), 0) + 1 FROM items").fetchone()[0]
    with meeting.write("增加测评项目", {"seq": seq, "name": name.strip()}) as db:
        db["items"].insert({"seq": seq, "name": name.strip(), "is_overall": 0})
    return list_items(meeting)[-1]


def rename_item(meeting: Meeting, item_id: int, name: str) -> None:
    """Rename an item."""
    if not any(i.id == item_id for i in list_items(meeting)):
        raise PingyiError("找不到该测评项目，可能已被删除。")
    if not (name or "").strip():
        raise InputErrors(["测评项目名称不能为空。"])
    if any(i.name == name.strip() and i.id != item_id for i in list_items(meeting)):
        raise InputErrors([f"测评项目“{name.strip()}”已存在。"])
    with meeting.write("修改测评项目", {"id": item_id, "name": name.strip()}) as db:
        db["items"].update(item_id, {"name": name.strip()})


def delete_item(meeting: Meeting, item_id: int) -> None:
    """Remove a sub-item; the overall item cannot be removed."""
    _refuse_if_forms_printed(meeting, "删除测评项目")
    item = next((i for i in list_items(meeting) if i.id == item_id), None)
    if item is None:
        return
    if item.is_overall:
        raise PingyiError("“总体评价”是必备的总体项目，不能删除。")
    with meeting.write("删除测评项目", {"name": item.name}) as db:
        db.execute("DELETE FROM items WHERE id = ?", [item_id])
        ids = [r[0] for r in db.execute("SELECT id FROM items ORDER BY seq")]
        db.execute("UPDATE items SET seq = -seq")
        for seq, iid in enumerate(ids, start=1):
            db.execute("UPDATE items SET seq = ? WHERE id = ?", [seq, iid])


# -- rules ----------------------------------------------------------------
def get_rules(meeting: Meeting) -> Rules:
    """The counting rules of this meeting (DESIGN §4), exact decimals."""
    row = meeting.db.execute(
        "SELECT points_good, points_fairly_good, points_average, points_poor, min_good, min_fairly_good, "
        "min_average, poor_limit_pct, good_quota_pct, double_entry FROM rules WHERE id = 1"
    ).fetchone()
    values = [Decimal(v) for v in row[:8]]
    return Rules(*values, Decimal(row[8]) if row[8] is not None else None, bool(row[9]))


def rules_faults(rules: Rules) -> dict[str, str]:
    """Field name → Chinese message for each rule value that is not acceptable."""
    faults = {}
    for name in ("points_good", "points_fairly_good", "points_average", "points_poor",
                 "min_good", "min_fairly_good", "min_average"):
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
    if rules.good_quota_pct is not None and (not isinstance(rules.good_quota_pct, Decimal)
                                             or not (0 < rules.good_quota_pct <= 100)):
        faults["good_quota_pct"] = "好等次比例上限应为 0 到 100 之间的百分数，留空表示不限。"
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
        elif key == "good_quota_pct" and (value is None or str(value).strip() == ""):
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
    stored = {k: (int(v) if isinstance(v, bool) else None if v is None else _dec_text(v)) for k, v in parsed.items()}
    with meeting.write("修改计分规则", stored) as db:
        db["rules"].update(1, stored)
    return rules


# -- score components -----------------------------------------------------
def list_components(meeting: Meeting) -> list[Component]:
    """Score components (现场测评 first unless moved) with weights in percent."""
    rows = meeting.db.execute(
        "SELECT id, position, name, weight, is_onsite FROM components ORDER BY position").fetchall()
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
                db["components"].insert({"position": pos, "name": name, "weight": weight,
                                         "is_onsite": int(name == ONSITE_COMPONENT)})
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
            db.execute("DELETE FROM component_scores WHERE reporter_id = ? AND component_id = ?",
                       [reporter_id, component_id])
        return
    try:
        value = to_decimal(score)
    except ValueError:
        raise InputErrors([f"{where}分数“{score}”不是数字。请填写 0 到 100 之间的数。"]) from None
    if not 0 <= value <= 100:
        raise InputErrors([f"{where}分数 {score} 超出范围。请填写 0 到 100 之间的数。"])
    with meeting.write("录入评价分数", {"seq": reporter.seq, "component": component.name,
                                   "score": _dec_text(value)}) as db:
        db["component_scores"].upsert({"reporter_id": reporter_id, "component_id": component_id,
                                       "score": _dec_text(value)}, pk=("reporter_id", "component_id"))
