"""The round trip with the units: each reporter's 整改清单 as an Excel sheet to fill in, and the
returned workbooks read back — every row checked first, all or nothing, the same file twice no change.

A blank cell leaves the ledger's value as it is; 整改进展 with its 进展日期 adds a progress entry
unless the ledger already has that very entry.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.datavalidation import DataValidation

from models.errors import InputErrors, PingyiError
from models.labels import LedgerStatus
from models.ledger.items import Change, LedgerItem, apply_values, ledger_write, list_items, planned_values
from models.meeting import Meeting
from models.meeting.files import write_atomically
from models.setup import get_facts, list_reporters

SHEET, META = "整改清单", "pingyi"
TAG = "pingyi-ledger/1"
HEAD = (
    "编号",
    "问题来源",
    "问题",
    "整改措施",
    "责任人",
    "完成时限",
    "整改状态",
    "进展日期",
    "整改进展",
    "完成日期",
    "佐证材料",
)
WIDTHS = (7, 10, 36, 30, 10, 13, 10, 13, 30, 13, 20)
HEAD_ROW = 4
REFUSED = "整改清单未导入，台账未做任何改动。请改正以下问题后重新导入："


@dataclass(frozen=True)
class ImportResult:
    rows: int
    changed: int
    progress: int


def _identity(meeting: Meeting) -> str:
    facts = get_facts(meeting)
    return f"{facts.title}|{facts.date}"


def export_sheets(meeting: Meeting, folder, seq: int | None = None) -> list[Path]:
    """One workbook per reporter with items (or only 序号 ``seq``) in ``folder``; their paths."""
    folder = Path(folder)
    if not folder.is_dir():
        raise PingyiError(f"文件夹 {folder} 不存在。请先创建它或换一个位置。")
    items = list_items(meeting)
    paths = []
    for rep in list_reporters(meeting):
        mine = [i for i in items if i.reporter_id == rep.id]
        if (seq is None and mine) or rep.seq == seq:
            name = re.sub(r'[\\/:*?"<>|\s]+', "", f"整改清单_{rep.seq:02d}_{rep.unit or rep.name}")
            path = folder / f"{name}.xlsx"
            write_atomically(path, _workbook_bytes(meeting, rep, mine))
            paths.append(path)
    if seq is not None and not paths:
        raise PingyiError(f"没有序号为 {seq} 的述职人。")
    return paths


def _workbook_bytes(meeting: Meeting, rep, items: list[LedgerItem]) -> bytes:
    import io

    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    facts = get_facts(meeting)
    sheet["A1"] = f"整改清单（{rep.unit or rep.name}填报）"
    sheet["A1"].font = Font(size=16, bold=True)
    sheet["A2"] = (
        f"会议：{facts.title}　述职人：{rep.seq}. {rep.name}　单位：{rep.unit or '—'}　职务：{rep.title or '—'}"
    )
    sheet["A3"] = (
        "请填写整改措施、责任人、完成时限、整改状态（未开始/整改中/已完成）、进展日期和整改进展、完成日期、"
        "佐证材料；日期写成 2027-06-30。不要改动编号、问题来源和问题。空白表示不变。"
    )
    for col, (title, width) in enumerate(zip(HEAD, WIDTHS, strict=True), start=1):
        cell = sheet.cell(HEAD_ROW, col, title)
        cell.font, cell.fill = Font(bold=True), PatternFill("solid", fgColor="DDDDDD")
        sheet.column_dimensions[cell.column_letter].width = width
    thin = Side(style="thin")
    for row, item in enumerate(items, start=HEAD_ROW + 1):
        latest = item.progress[-1] if item.progress else None
        values = (
            item.id,
            item.source_label,
            item.problem,
            item.measure,
            item.owner,
            item.due,
            item.status.label,
            latest.date if latest else "",
            latest.text if latest else "",
            item.done,
            item.evidence,
        )
        for col, value in enumerate(values, start=1):
            cell = sheet.cell(row, col, value)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
    rule = DataValidation(type="list", formula1='"未开始,整改中,已完成"', allow_blank=True)
    sheet.add_data_validation(rule)
    rule.add(f"G{HEAD_ROW + 1}:G{HEAD_ROW + max(len(items), 1) + 50}")
    sheet.freeze_panes = f"A{HEAD_ROW + 1}"
    meta = book.create_sheet(META)
    meta.append([TAG])
    meta.append([_identity(meeting)])
    meta.append([rep.seq])
    meta.sheet_state = "hidden"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# -- import ---------------------------------------------------------------------------
def import_returned(meeting: Meeting, path) -> ImportResult:
    """Read a returned 整改清单 into the ledger: all rows or none; a repeat import changes nothing."""
    path = Path(path)
    book = _open(path)
    if SHEET not in book.sheetnames or META not in book.sheetnames or book[META]["A1"].value != TAG:
        raise PingyiError(
            f"{path.name} 不是 Pingyi 导出的整改清单（缺少“{SHEET}”工作表或标记）。"
            "请用“导出整改清单”生成的表格填报。台账未做任何改动。"
        )
    if str(book[META]["A2"].value or "") != _identity(meeting):
        raise PingyiError(f"{path.name} 属于另一次会议（{book[META]['A2'].value}），不是本会议。台账未做任何改动。")
    sheet = book[SHEET]
    header = tuple(str(c.value or "").strip() for c in sheet[HEAD_ROW][: len(HEAD)])
    if header != HEAD:
        raise PingyiError(f"{path.name} 第 {HEAD_ROW} 行的列标题被改动了，应为：{'、'.join(HEAD)}。台账未做任何改动。")
    items = {i.id: i for i in list_items(meeting)}
    seq = book[META]["A3"].value
    plans, faults, seen = [], [], {}
    for number, row in enumerate(sheet.iter_rows(min_row=HEAD_ROW + 1, values_only=True), start=HEAD_ROW + 1):
        cells = [("" if v is None else v) for v in (tuple(row) + ("",) * len(HEAD))[: len(HEAD)]]
        if not any(str(v).strip() for v in cells):
            continue
        try:
            plans.append(_plan(number, cells, items, seq, seen))
        except InputErrors as err:
            faults += [f"第 {number} 行：{f}" for f in err.faults]
    if faults:
        raise InputErrors(faults, heading=REFUSED)
    return _store(meeting, path, plans)


def _open(path: Path):
    if not path.is_file():
        raise PingyiError(f"找不到文件 {path}。请检查路径。")
    try:
        return load_workbook(path, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise PingyiError(f"{path.name} 不是可读的 Excel 工作簿（.xlsx）：{str(exc)[:80]}。台账未做任何改动。") from exc


def _text(value) -> str:
    if hasattr(value, "date") and callable(value.date):
        return value.date().isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _plan(number: int, cells, items: dict, seq, seen: dict):
    raw_id, _source, problem, measure, owner, due, status, pdate, ptext, done, evidence = cells
    try:
        item_id = int(float(_text(raw_id)))
    except ValueError:
        raise InputErrors([f"编号“{_text(raw_id)}”不是数字。请不要改动编号列；新问题请在台账中增加。"]) from None
    item = items.get(item_id)
    if item is None or item.seq != seq:
        raise InputErrors([f"编号 {item_id} 不是这位述职人台账中的问题。请不要改动编号列。"])
    if item_id in seen:
        raise InputErrors([f"编号 {item_id} 与第 {seen[item_id]} 行重复。每个问题只填一行。"])
    seen[item_id] = number
    if _text(problem) and _text(problem) != item.problem.strip():
        raise InputErrors([f"编号 {item_id} 的问题内容被改动了。请不要改动问题列。"])
    if _text(ptext) and not _text(pdate):
        raise InputErrors(["填写了整改进展，请同时填写进展日期。"])
    if _text(status) and _text(status) not in {s.label for s in LedgerStatus}:
        raise InputErrors([f"整改状态“{_text(status)}”不对，只能是未开始、整改中、已完成。"])
    change = Change(
        status=_text(status) or None,
        measure=_text(measure) or None,
        owner=_text(owner) or None,
        due=_text(due) or None,
        done=_text(done) or None,
        evidence=_text(evidence) or None,
        progress=_text(ptext) or None,
        progress_date=_text(pdate) or None,
    )
    values, entry = planned_values(item, change)
    return item, values, entry


def _store(meeting: Meeting, path: Path, plans) -> ImportResult:
    changed = [(item, values, entry) for item, values, entry in plans if values or entry]
    result = ImportResult(len(plans), len(changed), sum(1 for _, _, e in changed if e))
    if not changed:
        return result
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    detail = {
        "file": path.name,
        "sha256": digest,
        "rows": result.rows,
        "items": [{"item": i.id, **v, **({"progress": e[0]} if e else {})} for i, v, e in changed],
    }
    with ledger_write(meeting, "导入整改清单", detail) as db:
        for item, values, entry in changed:
            apply_values(db, item.id, values, entry)
    return result
