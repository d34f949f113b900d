"""Cells of the setup workbook: a sheet read as a header row and data rows, and where each fault lies.

Each fault names the sheet, the row and the column, in the clerk's words; ``Faults`` keeps them
in sheet, row, column order.  The domain checks are the validators of ``models.setup``.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from models.labels import NO, YES
from models.setup import to_decimal
from models.setup.workbook_shape import COLUMNS, FACT_COLUMNS, REQUIRED, ROSTER, RULE_COLUMNS, SHEETS


# -- faults -------------------------------------------------------------------
def _letter(col: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(col)


def where(sheet: str, row: int | None = None, col: int | None = None, header: str = "") -> str:
    """The place of a fault as the clerk reads it, e.g. ``述职人 第 7 行 B 列（姓名）：``."""
    parts = [sheet]
    if row:
        parts.append(f"第 {row} 行")
    if col:
        parts.append(f"{_letter(col)} 列（{header}）" if header else f"{_letter(col)} 列")
    return " ".join(parts) + "："


@dataclass
class Faults:
    found: list[tuple[int, int, int, str]] = field(default_factory=list)

    def add(self, message: str, sheet: str, row: int | None = None, col: int | None = None, header: str = ""):
        order = SHEETS.index(sheet) if sheet in SHEETS else len(SHEETS)
        self.found.append((order, row or 10**9, col or 0, where(sheet, row, col, header) + message))

    def messages(self) -> list[str]:
        return [f[3] for f in sorted(self.found, key=lambda f: f[:3])]


def heading(path: Path, count: int) -> str:
    """The line above the list of faults: the workbook named, nothing imported."""
    return f"准备表 {Path(path).name} 中有 {count} 处问题，没有导入任何内容。请逐条修改后重新导入："


# -- cells ----------------------------------------------------------------------
BAD = object()  # a cell that could not be read; its fault is already recorded


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def norm_header(value) -> str:
    """A column or 项目 name without spaces, with full-width brackets."""
    text = "" if value is None else str(value)
    return re.sub(r"\s+", "", text.replace("(", "（").replace(")", "）"))


def plain_text(value) -> str:
    """A cell as the clerk sees it: trimmed text, whole numbers without .0, dates as ISO."""
    if _blank(value):
        return ""
    if isinstance(value, _dt.datetime):
        return value.date().isoformat() if value.time() == _dt.time() else value.isoformat(sep=" ")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


def date_text(value) -> str:
    """ISO date text from an Excel date or 2026/12/1, 2026.12.1, 2026年12月1日; other text as is."""
    if isinstance(value, _dt.datetime | _dt.date):
        return (value.date() if isinstance(value, _dt.datetime) else value).isoformat()
    text = plain_text(value)
    m = _DATE.match(text)
    return f"{int(m[1]):04d}-{int(m[2]):02d}-{int(m[3]):02d}" if m else text


@dataclass
class Table:
    """One sheet read as a header row and data rows; records the faults of its cells."""

    sheet: str
    ws: object
    faults: Faults
    header_row: int
    columns: dict[str, int]
    rows: list[int]
    covered: set[tuple[int, int]]
    bad_cells: int = 0
    #: row → its 项目 (会议信息, 计分规则), shown instead of the column name 内容/值
    row_labels: dict[int, str] = field(default_factory=dict)

    def fault(self, row: int | None, header: str, message: str) -> None:
        self.bad_cells += 1
        col = self.columns.get(header)
        if col is None and header in REQUIRED[self.sheet]:
            return  # the missing column is the fault, already reported
        if row is not None and col is not None and (row, col) in self.covered:
            return  # inside a merged range: the merge itself is the fault
        shown = self.row_labels.get(row, header) if header in (FACT_COLUMNS[1], RULE_COLUMNS[1]) else header
        self.faults.add(message, self.sheet, row, col, shown if col else "")

    def cell(self, row: int, header: str):
        col = self.columns.get(header)
        return None if col is None else self.ws.cell(row, col)

    def value(self, row: int, header: str):
        cell = self.cell(row, header)
        return None if cell is None else cell.value

    def text(self, row: int, header: str) -> str:
        return plain_text(self.value(row, header))

    def number(self, row: int, header: str, *, integer: bool = False):
        """Decimal (int when ``integer``), None when blank, BAD after recording a fault."""
        cell = self.cell(row, header)
        value = None if cell is None else cell.value
        if _blank(value):
            return None
        what = "整数" if integer else "数字"
        if isinstance(value, bool | _dt.datetime | _dt.date | _dt.time):
            self.fault(row, header, f"填写的“{plain_text(value)}”不是数字。请填写{what}。")
            return BAD
        try:
            number = to_decimal(value)
        except ValueError:
            self.fault(row, header, f"填写的是文字“{plain_text(value)}”，不是数字。请填写{what}。")
            return BAD
        if isinstance(value, int | float) and "%" in (cell.number_format or ""):
            number *= 100  # a cell formatted as 10% holds 0.1
        if integer:
            if number != number.to_integral_value():
                self.fault(row, header, f"{plain_text(value)} 不是整数。请填写整数。")
                return BAD
            return int(number)
        return number

    def yes_no(self, row: int, header: str):
        """True/False, None when blank, BAD after recording a fault."""
        value = self.value(row, header)
        if _blank(value):
            return None
        if isinstance(value, bool):
            return value
        text = plain_text(value)
        if text in (YES, NO):
            return text == YES
        self.fault(row, header, f"填写的是“{text}”。只能填“{YES}”或“{NO}”。")
        return BAD


def open_table(ws, sheet: str, faults: Faults) -> Table | None:
    """The sheet (an ``models.xlsx_stream.Sheet``: only its filled cells) as a Table; None (with a
    fault for 述职人) when the sheet holds nothing.  Work is bounded by the cells that hold data,
    never by the sheet's claimed size."""
    last_row, last_col = ws.extent
    if not last_row:
        if sheet == ROSTER:
            faults.add("表中没有内容。请按模板填写表头和述职人后重新导入。", sheet)
        return None
    data_rows = ws.data_rows()
    header_row = data_rows[0]
    table = Table(sheet, ws, faults, header_row, {}, [], set())
    _merged(table)
    _headers(table, last_row, last_col)
    for h in REQUIRED[sheet]:
        if h not in table.columns:
            faults.add(
                f"缺少“{h}”列。请按模板在表头加上这一列后重新导入（应有：{'、'.join(COLUMNS[sheet])}）。",
                sheet,
                header_row,
            )
    for r in data_rows[1:]:  # empty rows, hidden or not, are ignored
        if ws.row_hidden(r):
            faults.add("这一行被隐藏了，但有内容。请取消隐藏、确认后重新导入。", sheet, r)
        table.rows.append(r)
    return table


def _merged(table: Table) -> None:
    for rng in table.ws.merged:  # clipped to the data: a merge down to row 1048576 costs nothing
        table.faults.add(
            f"{rng.coord} 是合并单元格。请取消合并、在每个单元格中分别填写后重新导入。",
            table.sheet,
            rng.min_row,
            rng.min_col,
        )
        for r in range(rng.min_row, rng.max_row + 1):
            for c in range(rng.min_col, rng.max_col + 1):
                if (r, c) != (rng.min_row, rng.min_col):
                    table.covered.add((r, c))


def _headers(table: Table, last_row: int, last_col: int) -> None:
    ws, hr = table.ws, table.header_row
    below = {c for r, c in ws.cells if r > hr}  # columns with something under the header
    for c in range(1, last_col + 1):
        name = norm_header(ws.cell(hr, c).value)
        if not name:
            if (hr, c) not in table.covered and c in below:
                table.faults.add("表头为空，但这一列下面有内容。请填写列名或删除这一列。", table.sheet, hr, c)
        elif name in table.columns:
            table.faults.add(
                f"列名“{name}”重复了（另见 {_letter(table.columns[name])} 列）。", table.sheet, hr, c, name
            )
        else:
            table.columns[name] = c
