"""Reading the setup workbook (准备表): the file opened, every sheet read, every fault at once.

Each fault names the sheet, the row and the column, in the clerk's words.  The domain checks
are the validators of ``models.setup``; cells are read in ``setup_workbook_cells`` and each
sheet by its reader in ``setup_workbook_sheets``.
"""

from __future__ import annotations

from pathlib import Path

from models.errors import InputErrors, PingyiError
from models.setup.workbook_cells import Faults, heading, open_table
from models.setup.workbook_shape import CATEGORIES, COMPONENTS, FACTS, ITEMS, ROSTER, RULES, SHEETS, SetupData
from models.setup.workbook_sheets import (
    read_categories,
    read_components,
    read_facts,
    read_items,
    read_roster,
    read_rules,
)
from models.xlsx_stream import Sheet
from models.xlsx_stream import read_workbook as read_sheets


def load_workbook(path: str | Path) -> list[Sheet]:
    """The sheets of the workbook at ``path`` (only their filled cells); refuses .xls, .csv, other and
    damaged files with a clear message."""
    path = Path(path)
    if not path.is_file():
        raise PingyiError(f"找不到准备表 {path}。请检查文件名和位置。")
    with open(path, "rb") as fh:
        head = fh.read(8)
    suffix = path.suffix.lower()
    if suffix == ".xls" or head.startswith(b"\xd0\xcf\x11\xe0"):
        raise PingyiError(
            f"{path.name} 是旧版 Excel 97-2003 格式（.xls）或设有打开密码，无法读取。"
            "请在 Excel 中取消密码，并“另存为” Excel 工作簿（.xlsx）后再导入。"
        )
    if suffix == ".csv":
        raise PingyiError(
            f"{path.name} 是 CSV 文件，只能容纳一张表，无法作为准备表。"
            "请用“下载模板”（roster-template）生成 .xlsx 模板，把名单粘贴进“述职人”表后再导入。"
        )
    if suffix not in (".xlsx", ".xlsm"):
        raise PingyiError(f"{path.name} 不是 Excel 工作簿（.xlsx）。请选择 .xlsx 文件。")
    return read_sheets(path, what="准备表")  # streamed, bounded by the cells that hold data


def read_workbook(path: str | Path) -> tuple[SetupData | None, list[str]]:
    """What the workbook says and every fault found in it (faults empty when it can be imported)."""
    sheets = {ws.title.strip(): ws for ws in load_workbook(path)}
    faults = Faults()
    if ROSTER not in sheets:
        faults.add(
            f"工作簿中没有“{ROSTER}”工作表（现有：{'、'.join(sheets) or '无'}）。请用模板中的工作表名称后重新导入。",
            ROSTER,
        )
        return None, faults.messages()
    tables = {s: open_table(sheets[s], s, faults) for s in SHEETS if s in sheets}
    tables = {s: t for s, t in tables.items() if t is not None}
    components = read_components(tables[COMPONENTS]) if COMPONENTS in tables else None
    named = {tables[COMPONENTS].text(r, "名称") for r in tables[COMPONENTS].rows} if COMPONENTS in tables else None
    reporters, score_columns = read_roster(tables[ROSTER], named) if ROSTER in tables else ((), ())
    data = SetupData(
        reporters=reporters,
        score_columns=score_columns,
        facts=read_facts(tables[FACTS]) if FACTS in tables else None,
        categories=read_categories(tables[CATEGORIES]) if CATEGORIES in tables else None,
        items=read_items(tables[ITEMS]) if ITEMS in tables else None,
        rules=read_rules(tables[RULES]) if RULES in tables else None,
        components=components,
    )
    return data, faults.messages()


def read_setup(path: str | Path) -> SetupData:
    """The setup in the workbook at ``path``; InputErrors listing every fault (sheet, row, column)."""
    data, faults = read_workbook(path)
    if faults:
        raise InputErrors(faults, heading(path, len(faults)))
    return data


def cross_faults(data: SetupData, meeting_components: list[str]) -> list[str]:
    """Score columns of 述职人 that name no component, when 评价构成 is not in the workbook."""
    if data.components is not None:
        return []
    faults = Faults()
    for name in data.score_columns:
        if name not in meeting_components:
            faults.add(
                f"“{name}”不在会议的评价构成中。请在工作簿中加上“{COMPONENTS}”表列出它及其权重，或删除这一列。", ROSTER
            )
    return faults.messages()
