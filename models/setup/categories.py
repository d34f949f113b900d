"""Evaluator categories (测评人类别, A票 …) and evaluation items (测评项目, one of them 总体评价)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from models.errors import InputErrors, PingyiError
from models.meeting import Meeting
from models.setup.numbers import _dec_text, to_decimal
from models.setup.roster import _refuse_if_forms_printed
from models.setup.text_rules import MAX_ISSUED, MAX_NAME, MAX_WEIGHT, normal, text_faults


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
    if not normal(name):
        faults.append("类别名称不能为空。")
    faults += text_faults(normal(name), "类别名称", MAX_NAME)
    try:
        if to_decimal(weight) < 0:
            faults.append("权重不能为负数。")
        elif to_decimal(weight) > MAX_WEIGHT:
            faults.append(f"权重不能大于 {MAX_WEIGHT}。")
    except ValueError:
        faults.append(f"权重“{weight}”不是数字。")
    if not isinstance(issued, int) or isinstance(issued, bool) or issued < 0:
        faults.append(f"发出票数“{issued}”应为不小于 0 的整数。")
    elif issued > MAX_ISSUED:
        faults.append(f"发出票数不能超过 {MAX_ISSUED}。")
    return faults


def add_category(meeting: Meeting, code: str, name: str, weight=1, issued: int = 0) -> Category:
    """Add an evaluator category (A票 …) with its weight and issued count."""
    faults = category_faults(code, name, weight, issued, others=list_categories(meeting))
    if faults:
        raise InputErrors(faults)
    record = {
        "code": code.strip().upper(),
        "name": normal(name),
        "weight": _dec_text(to_decimal(weight)),
        "issued": issued,
    }
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
        raise PingyiError(f"{current.code}票已打印测评表，不能再修改代码。")
    faults = category_faults(
        merged.code, merged.name, merged.weight, merged.issued, others=[c for c in cats if c.id != category_id]
    )
    if faults:
        raise InputErrors([f"{current.code}票：{f}" for f in faults])
    values = {
        k: (
            _dec_text(to_decimal(v))
            if k == "weight"
            else v.strip().upper()
            if k == "code"
            else v.strip()
            if isinstance(v, str)
            else v
        )
        for k, v in changes.items()
    }
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
        raise PingyiError(f"{current.code}票已打印测评表，不能删除。")
    with meeting.write("删除测评人类别", {"code": current.code}) as db:
        db.execute("DELETE FROM categories WHERE id = ?", [category_id])


# -- items ----------------------------------------------------------------
def list_items(meeting: Meeting) -> list[Item]:
    """Evaluation items in form order; exactly one is the overall item."""
    rows = meeting.db.execute("SELECT id, seq, name, is_overall FROM items ORDER BY seq").fetchall()
    return [Item(r[0], r[1], r[2], bool(r[3])) for r in rows]


def overall_item(meeting: Meeting) -> Item:
    """The overall item (总体评价)."""
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
