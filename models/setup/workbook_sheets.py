"""The sheets of the setup workbook, one reader each: 述职人, 测评人类别, 测评项目, 评价构成, 会议信息, 计分规则.

A reader turns a sheet's rows into the rows of ``SetupData`` and records a fault for every cell
that cannot be used; the domain checks are the validators of ``models.setup``.
"""

from __future__ import annotations

from decimal import Decimal

from models.labels import NO, YES, ReportMode
from models.setup import (
    FACT_LABELS,
    ONSITE_COMPONENT,
    RULE_LABELS,
    Category,
    MeetingFacts,
    Rules,
    category_faults,
    components_faults,
    facts_faults,
    rules_faults,
)
from models.setup.roster import _reporter_faults
from models.setup.rules import parse_poor_grades
from models.setup.text_rules import (
    MAX_CATEGORIES,
    MAX_ITEM_NAME,
    MAX_ITEMS,
    MAX_REPORTERS,
    MAX_TITLE,
    MAX_UNIT,
    normal,
    text_faults,
)
from models.setup.workbook_cells import BAD, Table, date_text, norm_header, plain_text
from models.setup.workbook_shape import (
    COMPONENTS,
    ROSTER,
    ROSTER_COLUMNS,
    TIME_LIMIT_COLUMN,
    CategoryRow,
    ComponentRow,
    ItemRow,
    RosterRow,
)

_TEXT_FACTS = ("title", "organiser", "venue", "chair", "form_title")
_YES_NO_FACTS = ("rehearsal", "show_rank_in_feedback")


def _required_int(t: Table, row: int, header: str):
    value = t.number(row, header, integer=True)
    if value is None:
        t.fault(row, header, f"{header}为空。请填写从 1 开始的连续整数。")
    return value if isinstance(value, int) else None


def _check_sequence(t: Table, pairs: list[tuple[int, int]], header: str = "序号") -> None:
    """序号 must run 1..N over the N data rows, each once."""
    n, first = len(t.rows), {}
    for row, value in pairs:
        if value in first:
            t.fault(row, header, f"{header} {value} 与第 {first[value]} 行重复了。每行的{header}必须不同。")
        else:
            first[value] = row
        if not 1 <= value <= n:
            t.fault(row, header, f"{header} {value} 不在 1 到 {n} 之间。{header}应从 1 开始连续编号（共 {n} 行）。")


def _mode(text: str):
    if not text:
        return ReportMode.ONSITE
    try:
        return ReportMode.from_label(text)
    except ValueError:
        return text  # not a ReportMode: the validator says so


def read_roster(t: Table, components: set[str] | None) -> tuple[tuple[RosterRow, ...], tuple[str, ...]]:
    """The reporters; ``components`` = the names in 评价构成 (None: the sheet is absent)."""
    known = set(ROSTER_COLUMNS) | {TIME_LIMIT_COLUMN}
    score_columns = tuple(h for h in t.columns if h not in known)
    for h in score_columns:
        if h == ONSITE_COMPONENT:
            t.fault(t.header_row, h, f"“{h}”由计票得出，不能在述职人表中填写。请删除这一列。")
        elif components is not None and h not in components:
            t.fault(t.header_row, h, f"“{h}”不在评价构成中。请在“{COMPONENTS}”表中加上“{h}”及其权重，或删除这一列。")
    rows, seqs, people, orders = [], [], {}, []
    for r in t.rows:
        before = t.bad_cells
        seq = _required_int(t, r, "序号")
        if seq is not None:
            seqs.append((r, seq))
        row = _roster_row(t, r, seq, score_columns)
        if t.text(r, "述职顺序"):  # orders written down may not clash (a blank one is the 序号)
            orders.append((r, row.speak_order))
        key = (row.name, row.unit)
        if row.name and key in people:
            t.fault(
                r,
                "姓名",
                f"“{row.name}”（{row.unit or '单位未填'}）与第 {people[key]} 行重复了。"
                "同一单位不能有两位同名的述职人。",
            )
        people.setdefault(key, r)
        if t.bad_cells == before:
            rows.append(row)
    _check_sequence(t, seqs)
    _check_speaking_order(t, orders)
    if not t.rows:
        t.faults.add("表中没有述职人。请至少填写一行后重新导入。", ROSTER, t.header_row)
    elif len(t.rows) > MAX_REPORTERS:
        t.faults.add(f"表中有 {len(t.rows)} 位述职人，最多 {MAX_REPORTERS} 位。", ROSTER, t.header_row)
    return tuple(sorted(rows, key=lambda r: r.seq)), tuple(h for h in score_columns if h != ONSITE_COMPONENT)


def _roster_row(t: Table, r: int, seq: int | None, score_columns: tuple[str, ...]) -> RosterRow:
    name, unit, title = normal(t.text(r, "姓名")), normal(t.text(r, "单位")), normal(t.text(r, "职务"))
    for msg in _reporter_faults(name, ReportMode.ONSITE):
        t.fault(r, "姓名", msg)
    for header, text, limit in (("单位", unit, MAX_UNIT), ("职务", title, MAX_TITLE)):
        for msg in text_faults(text, header, limit):
            t.fault(r, header, msg)
    mode_text = t.text(r, "述职方式")
    mode = _mode(mode_text)
    for msg in _reporter_faults("-", mode):
        t.fault(r, "述职方式", f"填写的是“{mode_text}”。{msg}")
    order = t.number(r, "述职顺序", integer=True)
    if isinstance(order, int) and order < 1:
        t.fault(r, "述职顺序", "述职顺序应为正整数，留空表示与序号相同。")
    limit = t.number(r, TIME_LIMIT_COLUMN, integer=True)
    if isinstance(limit, int) and "time_limit_min" in facts_faults(MeetingFacts(time_limit_min=limit)):
        t.fault(r, TIME_LIMIT_COLUMN, facts_faults(MeetingFacts(time_limit_min=limit))["time_limit_min"])
    scores = []
    for h in score_columns:
        score = t.number(r, h)
        if isinstance(score, Decimal) and not 0 <= score <= 100:
            t.fault(r, h, f"分数 {plain_text(t.value(r, h))} 超出范围。请填写 0 到 100 之间的数，或留空。")
        elif isinstance(score, Decimal):
            scores.append((h, score))
    return RosterRow(
        seq or 0,
        name,
        unit,
        title,
        mode if isinstance(mode, ReportMode) else ReportMode.ONSITE,
        order if isinstance(order, int) else (seq or 0),
        limit if isinstance(limit, int) else None,
        tuple(sorted(scores)),
    )


def _check_speaking_order(t: Table, orders: list[tuple[int, int]]) -> None:
    """Two reporters may not be given the same 述职顺序 in the workbook."""
    first: dict[int, int] = {}
    for r, order in orders:
        if order in first:
            t.fault(r, "述职顺序", f"述职顺序 {order} 与第 {first[order]} 行重复了。每位述职人填写的述职顺序必须不同。")
        first.setdefault(order, r)


def read_categories(t: Table) -> tuple[CategoryRow, ...]:
    """The evaluator categories by code; a fault for each bad code, name, weight or issued count."""
    rows, seen = [], []
    for r in t.rows:
        before = t.bad_cells
        code, name = t.text(r, "代码"), t.text(r, "名称")
        weight, issued = t.number(r, "权重"), t.number(r, "发出票数", integer=True)
        code_faults = category_faults(code, "-", 1, 0, others=seen)
        for msg in code_faults:
            t.fault(r, "代码", msg)
        if not code_faults:
            seen.append(Category(0, code.upper(), name))
        for msg in category_faults("A", name, 1, 0, others=[]):
            t.fault(r, "名称", msg)
        if weight is None:
            t.fault(r, "权重", "权重为空。请填写不小于 0 的数，例如 1。")
        elif weight is not BAD:
            for msg in category_faults("A", "-", weight, 0, others=[]):
                t.fault(r, "权重", msg)
        if issued is not BAD:
            for msg in category_faults("A", "-", 1, issued or 0, others=[]):
                t.fault(r, "发出票数", msg)
        if t.bad_cells == before:
            rows.append(CategoryRow(code.upper(), name, weight, issued or 0))
    if len(t.rows) > MAX_CATEGORIES:
        t.faults.add(f"表中有 {len(t.rows)} 个类别，最多 {MAX_CATEGORIES} 个（代码 A–Z）。", t.sheet, t.header_row)
    if rows and len(rows) == len(t.rows) and all(row.weight == 0 for row in rows):
        t.fault(None, "权重", "所有类别的权重都是 0，测评得分将无法计算。请至少有一个类别的权重大于 0。")
    return tuple(sorted(rows, key=lambda c: c.code))


def read_items(t: Table) -> tuple[ItemRow, ...]:
    """The items by 序号; faults for blank or repeated names and anything but one overall item."""
    rows, seqs, names, overall, unsure = [], [], {}, [], False
    for r in t.rows:
        before = t.bad_cells
        seq = _required_int(t, r, "序号")
        if seq is not None:
            seqs.append((r, seq))
        name = normal(t.text(r, "名称"))
        for msg in text_faults(name, "测评项目名称", MAX_ITEM_NAME):
            t.fault(r, "名称", msg)
        if not name:
            t.fault(r, "名称", "测评项目名称不能为空。")
        elif name in names:
            t.fault(r, "名称", f"测评项目“{name}”与第 {names[name]} 行重复了。")
        names.setdefault(name, r)
        flag = t.yes_no(r, "是否总体评价")
        unsure = unsure or flag is BAD
        if flag is True and overall:
            t.fault(
                r, "是否总体评价", f"第 {overall[0]} 行已是总体评价项目，总体评价只能有一个。请把这一行改为“{NO}”。"
            )
        if flag is True:
            overall.append(r)
        if t.bad_cells == before:
            rows.append(ItemRow(seq, name, flag is True))
    _check_sequence(t, seqs)
    if len(t.rows) > MAX_ITEMS:
        t.faults.add(f"表中有 {len(t.rows)} 个测评项目，最多 {MAX_ITEMS} 个。", t.sheet, t.header_row)
    if not overall and not unsure:
        t.fault(
            None, "是否总体评价", f"没有总体评价项目。请把一个项目（通常是“总体评价”）的“是否总体评价”填为“{YES}”。"
        )
    return tuple(sorted(rows, key=lambda i: i.seq))


def read_components(t: Table) -> tuple[ComponentRow, ...]:
    """The score components in sheet order; faults for blank, repeated or bad weights and the sum."""
    pairs, rows_of, complete = [], {}, True
    for r in t.rows:
        before = t.bad_cells
        name, weight = t.text(r, "名称"), t.number(r, "权重")
        if not name:
            t.fault(r, "名称", "评价构成的名称不能为空。")
        if weight is None:
            t.fault(r, "权重", "权重为空。请填写百分数，例如 70。")
        if t.bad_cells != before:
            complete = False
            continue
        pairs.append((name, weight))
        rows_of.setdefault(name, []).append(r)
    for msg in components_faults(pairs):
        named = [rows for name, rows in rows_of.items() if f"“{name}”" in msg]
        row = named[0][-1] if named else None  # a repeated name: point at its second row
        if row is None and not complete:
            continue  # a verdict on the whole sheet (the sum …) would mislead while rows are missing
        t.fault(row, "权重" if "权重" in msg else "名称", msg)
    return tuple(ComponentRow(n, w) for n, w in pairs)


def _key_rows(t: Table, labels: dict[str, str]) -> dict[str, int]:
    """field → row for the 项目 | 值 sheets; faults for unknown, empty and repeated 项目."""
    by_label = {norm_header(label): f for f, label in labels.items()}
    found = {}
    for r in t.rows:
        key = norm_header(t.text(r, "项目")).rstrip(":：")
        f = by_label.get(key)
        if not key:
            t.fault(r, "项目", "项目名称为空。")
        elif f is None:
            t.fault(r, "项目", f"未知的项目“{key}”。可填写的项目有：{'、'.join(labels.values())}。")
        elif f in found:
            t.fault(r, "项目", f"“{key}”与第 {found[f]} 行重复了。")
        else:
            found[f] = r
            t.row_labels[r] = labels[f]
    return found


def read_facts(t: Table) -> MeetingFacts:
    """The meeting facts of 会议信息; rows not given keep the defaults."""
    found, values = _key_rows(t, FACT_LABELS), {}
    for f, r in found.items():
        if f in _TEXT_FACTS:
            values[f] = t.text(r, "内容")
        elif f == "date":
            values[f] = date_text(t.value(r, "内容"))
        else:
            value = t.yes_no(r, "内容") if f in _YES_NO_FACTS else t.number(r, "内容", integer=True)
            if isinstance(value, bool | int) and value is not BAD:
                values[f] = value
    if not values.get("form_title", "x"):
        del values["form_title"]  # blank = the default title
    facts = MeetingFacts(**values)
    for f, msg in facts_faults(facts).items():
        t.fault(found.get(f), "内容", msg)
    return facts


_BLANK_RULES = ("good_quota_pct", "good_cap_pct")  # blank = no limit


def _read_poor_grades(t: Table, r: int, values: dict) -> None:
    """差票计入等次: 一般和差 (also 一般、差 / 一般+差) or 差; blank keeps the default 一般和差."""
    text = t.text(r, "值")
    if not text:
        return
    try:
        values["poor_grades"] = parse_poor_grades(text)
    except ValueError:
        t.fault(r, "值", f"“{text}”不是可用的差票计入等次。请填写“一般和差”或“差”。")


def read_rules(t: Table) -> Rules:
    """The counting rules of 计分规则; rows not given keep the defaults."""
    found, values = _key_rows(t, RULE_LABELS), {}
    before = t.bad_cells
    for f, r in found.items():
        if f == "poor_grades":
            _read_poor_grades(t, r, values)
            continue
        if f == "double_entry":
            value = t.yes_no(r, "值")
        else:
            value = t.number(r, "值")
            if value is None and f not in _BLANK_RULES:
                t.fault(r, "值", f"值为空。请填写数字（默认为 {getattr(Rules(), f):f}）。")
        if f in _BLANK_RULES and value is None or isinstance(value, bool | Decimal):
            values[f] = value
    rules = Rules(**values)
    if t.bad_cells == before:
        for f, msg in rules_faults(rules).items():
            t.fault(found.get(f), "值", msg)
    return rules
