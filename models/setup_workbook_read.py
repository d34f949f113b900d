"""Reading the setup workbook (设置工作簿): cells to values, and every fault at once.

Each fault names the sheet, the row and the column, in the clerk's words.  The domain checks
are the validators of ``models.setup``; this module only turns cells into values and says
where a value came from.
"""

from __future__ import annotations

import datetime as _dt
import re
import warnings
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from .errors import InputErrors, PingyiError
from .labels import NO, YES, ReportMode
from .setup import (
    FACT_LABELS,
    ONSITE_COMPONENT,
    RULE_LABELS,
    Category,
    MeetingFacts,
    Rules,
    _reporter_faults,
    category_faults,
    components_faults,
    facts_faults,
    rules_faults,
    to_decimal,
)
from .setup_workbook import (
    CATEGORIES,
    COLUMNS,
    COMPONENTS,
    FACT_COLUMNS,
    FACTS,
    ITEMS,
    REQUIRED,
    ROSTER,
    ROSTER_COLUMNS,
    RULE_COLUMNS,
    RULES,
    SHEETS,
    TIME_LIMIT_COLUMN,
    CategoryRow,
    ComponentRow,
    ItemRow,
    RosterRow,
    SetupData,
)

_TEXT_FACTS = ("title", "organiser", "venue", "chair", "form_title")
_YES_NO_FACTS = ("rehearsal", "show_rank_in_feedback")


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
    return f"设置工作簿 {Path(path).name} 中有 {count} 处问题，没有导入任何内容。请逐条修改后重新导入："


# -- cells ----------------------------------------------------------------------
_BAD = object()  # a cell that could not be read; its fault is already recorded


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _norm_header(value) -> str:
    text = "" if value is None else str(value)
    return re.sub(r"\s+", "", text.replace("(", "（").replace(")", "）"))


def _plain_text(value) -> str:
    if _blank(value):
        return ""
    if isinstance(value, _dt.datetime):
        return value.date().isoformat() if value.time() == _dt.time() else value.isoformat(sep=" ")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


def _date_text(value) -> str:
    """ISO date text from an Excel date or 2026/12/1, 2026.12.1, 2026年12月1日; other text as is."""
    if isinstance(value, _dt.datetime | _dt.date):
        return (value.date() if isinstance(value, _dt.datetime) else value).isoformat()
    text = _plain_text(value)
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
        return _plain_text(self.value(row, header))

    def number(self, row: int, header: str, *, integer: bool = False):
        """Decimal (int when ``integer``), None when blank, _BAD after recording a fault."""
        cell = self.cell(row, header)
        value = None if cell is None else cell.value
        if _blank(value):
            return None
        what = "整数" if integer else "数字"
        if isinstance(value, bool | _dt.datetime | _dt.date | _dt.time):
            self.fault(row, header, f"填写的“{_plain_text(value)}”不是数字。请填写{what}。")
            return _BAD
        try:
            number = to_decimal(value)
        except ValueError:
            self.fault(row, header, f"填写的是文字“{_plain_text(value)}”，不是数字。请填写{what}。")
            return _BAD
        if isinstance(value, int | float) and "%" in (cell.number_format or ""):
            number *= 100  # a cell formatted as 10% holds 0.1
        if integer:
            if number != number.to_integral_value():
                self.fault(row, header, f"{_plain_text(value)} 不是整数。请填写整数。")
                return _BAD
            return int(number)
        return number

    def yes_no(self, row: int, header: str):
        """True/False, None when blank, _BAD after recording a fault."""
        value = self.value(row, header)
        if _blank(value):
            return None
        if isinstance(value, bool):
            return value
        text = _plain_text(value)
        if text in (YES, NO):
            return text == YES
        self.fault(row, header, f"填写的是“{text}”。只能填“{YES}”或“{NO}”。")
        return _BAD


def _extent(ws) -> tuple[int, int]:
    """The last row and column holding a value (formatting alone does not count)."""
    # ws.max_row also counts rows that only carry formatting (hidden rows, a coloured column)
    cells = [(r, c) for (r, c), cell in ws._cells.items() if not _blank(cell.value)]
    return (max(r for r, _ in cells), max(c for _, c in cells)) if cells else (0, 0)


def open_table(ws, sheet: str, faults: Faults) -> Table | None:
    """The sheet as a Table; None (with a fault for 述职人) when the sheet holds nothing."""
    last_row, last_col = _extent(ws)
    if not last_row:
        if sheet == ROSTER:
            faults.add("表中没有内容。请按模板填写表头和述职人后重新导入。", sheet)
        return None
    header_row = next(
        r for r in range(1, last_row + 1) if any(not _blank(ws.cell(r, c).value) for c in range(1, last_col + 1))
    )
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
    for r in range(header_row + 1, last_row + 1):
        if all(_blank(ws.cell(r, c).value) for c in range(1, last_col + 1)):
            continue  # empty rows, hidden or not, are ignored
        if ws.row_dimensions[r].hidden:
            faults.add("这一行被隐藏了，但有内容。请取消隐藏、确认后重新导入。", sheet, r)
        table.rows.append(r)
    return table


def _merged(table: Table) -> None:
    for rng in table.ws.merged_cells.ranges:
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
    for c in range(1, last_col + 1):
        name = _norm_header(ws.cell(hr, c).value)
        if not name:
            if (hr, c) not in table.covered and any(
                not _blank(ws.cell(r, c).value) for r in range(hr + 1, last_row + 1)
            ):
                table.faults.add("表头为空，但这一列下面有内容。请填写列名或删除这一列。", table.sheet, hr, c)
        elif name in table.columns:
            table.faults.add(
                f"列名“{name}”重复了（另见 {_letter(table.columns[name])} 列）。", table.sheet, hr, c, name
            )
        else:
            table.columns[name] = c


# -- the workbook ---------------------------------------------------------------
def load_workbook(path: str | Path):
    """The openpyxl workbook at ``path``; refuses .xls, .csv, other and damaged files with a clear message."""
    import openpyxl

    path = Path(path)
    if not path.is_file():
        raise PingyiError(f"找不到设置工作簿 {path}。请检查文件名和位置。")
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
            f"{path.name} 是 CSV 文件，只能容纳一张表，无法作为设置工作簿。"
            "请用“下载模板”（roster-template）生成 .xlsx 模板，把名单粘贴进“述职人”表后再导入。"
        )
    if suffix not in (".xlsx", ".xlsm"):
        raise PingyiError(f"{path.name} 不是 Excel 工作簿（.xlsx）。请选择 .xlsx 文件。")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return openpyxl.load_workbook(path, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file; all mean the same to the clerk
        raise PingyiError(
            f"{path.name} 已损坏或不是有效的 .xlsx 文件，无法读取（{type(exc).__name__}）。"
            "请在 Excel 中打开检查，“另存为” .xlsx 后再导入。"
        ) from exc


def read_workbook(path: str | Path) -> tuple[SetupData | None, list[str]]:
    """What the workbook says and every fault found in it (faults empty when it can be imported)."""
    wb = load_workbook(path)
    sheets = {ws.title.strip(): ws for ws in wb.worksheets}
    faults = Faults()
    if ROSTER not in sheets:
        faults.add(
            f"工作簿中没有“{ROSTER}”工作表（现有：{'、'.join(sheets) or '无'}）。请用模板中的工作表名称后重新导入。",
            ROSTER,
        )
        return None, faults.messages()
    tables = {s: open_table(sheets[s], s, faults) for s in SHEETS if s in sheets}
    tables = {s: t for s, t in tables.items() if t is not None}
    components = _read_components(tables[COMPONENTS]) if COMPONENTS in tables else None
    named = {tables[COMPONENTS].text(r, "名称") for r in tables[COMPONENTS].rows} if COMPONENTS in tables else None
    reporters, score_columns = _read_roster(tables[ROSTER], named) if ROSTER in tables else ((), ())
    data = SetupData(
        reporters=reporters,
        score_columns=score_columns,
        facts=_read_facts(tables[FACTS]) if FACTS in tables else None,
        categories=_read_categories(tables[CATEGORIES]) if CATEGORIES in tables else None,
        items=_read_items(tables[ITEMS]) if ITEMS in tables else None,
        rules=_read_rules(tables[RULES]) if RULES in tables else None,
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


# -- the sheets -------------------------------------------------------------------
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


def _read_roster(t: Table, components: set[str] | None) -> tuple[tuple[RosterRow, ...], tuple[str, ...]]:
    """The reporters; ``components`` = the names in 评价构成 (None: the sheet is absent)."""
    known = set(ROSTER_COLUMNS) | {TIME_LIMIT_COLUMN}
    score_columns = tuple(h for h in t.columns if h not in known)
    for h in score_columns:
        if h == ONSITE_COMPONENT:
            t.fault(t.header_row, h, f"“{h}”由计票得出，不能在述职人表中填写。请删除这一列。")
        elif components is not None and h not in components:
            t.fault(t.header_row, h, f"“{h}”不在评价构成中。请在“{COMPONENTS}”表中加上“{h}”及其权重，或删除这一列。")
    rows, seqs, people = [], [], {}
    for r in t.rows:
        before = t.bad_cells
        seq = _required_int(t, r, "序号")
        if seq is not None:
            seqs.append((r, seq))
        row = _roster_row(t, r, seq, score_columns)
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
    if not t.rows:
        t.faults.add("表中没有述职人。请至少填写一行后重新导入。", ROSTER, t.header_row)
    return tuple(sorted(rows, key=lambda r: r.seq)), tuple(h for h in score_columns if h != ONSITE_COMPONENT)


def _roster_row(t: Table, r: int, seq: int | None, score_columns: tuple[str, ...]) -> RosterRow:
    name = t.text(r, "姓名")
    for msg in _reporter_faults(name, ReportMode.ONSITE):
        t.fault(r, "姓名", msg)
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
            t.fault(r, h, f"分数 {_plain_text(t.value(r, h))} 超出范围。请填写 0 到 100 之间的数，或留空。")
        elif isinstance(score, Decimal):
            scores.append((h, score))
    return RosterRow(
        seq or 0,
        name,
        t.text(r, "单位"),
        t.text(r, "职务"),
        mode if isinstance(mode, ReportMode) else ReportMode.ONSITE,
        order if isinstance(order, int) else (seq or 0),
        limit if isinstance(limit, int) else None,
        tuple(sorted(scores)),
    )


def _read_categories(t: Table) -> tuple[CategoryRow, ...]:
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
        elif weight is not _BAD:
            for msg in category_faults("A", "-", weight, 0, others=[]):
                t.fault(r, "权重", msg)
        if issued is not _BAD:
            for msg in category_faults("A", "-", 1, issued or 0, others=[]):
                t.fault(r, "发出票数", msg)
        if t.bad_cells == before:
            rows.append(CategoryRow(code.upper(), name, weight, issued or 0))
    return tuple(sorted(rows, key=lambda c: c.code))


def _read_items(t: Table) -> tuple[ItemRow, ...]:
    rows, seqs, names, overall, unsure = [], [], {}, [], False
    for r in t.rows:
        before = t.bad_cells
        seq = _required_int(t, r, "序号")
        if seq is not None:
            seqs.append((r, seq))
        name = t.text(r, "名称")
        if not name:
            t.fault(r, "名称", "测评项目名称不能为空。")
        elif name in names:
            t.fault(r, "名称", f"测评项目“{name}”与第 {names[name]} 行重复了。")
        names.setdefault(name, r)
        flag = t.yes_no(r, "是否总体评价")
        unsure = unsure or flag is _BAD
        if flag is True and overall:
            t.fault(
                r, "是否总体评价", f"第 {overall[0]} 行已是总体评价项目，总体评价只能有一个。请把这一行改为“{NO}”。"
            )
        if flag is True:
            overall.append(r)
        if t.bad_cells == before:
            rows.append(ItemRow(seq, name, flag is True))
    _check_sequence(t, seqs)
    if not overall and not unsure:
        t.fault(
            None, "是否总体评价", f"没有总体评价项目。请把一个项目（通常是“总体评价”）的“是否总体评价”填为“{YES}”。"
        )
    return tuple(sorted(rows, key=lambda i: i.seq))


def _read_components(t: Table) -> tuple[ComponentRow, ...]:
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
    by_label = {_norm_header(label): f for f, label in labels.items()}
    found = {}
    for r in t.rows:
        key = _norm_header(t.text(r, "项目")).rstrip(":：")
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


def _read_facts(t: Table) -> MeetingFacts:
    found, values = _key_rows(t, FACT_LABELS), {}
    for f, r in found.items():
        if f in _TEXT_FACTS:
            values[f] = t.text(r, "内容")
        elif f == "date":
            values[f] = _date_text(t.value(r, "内容"))
        else:
            value = t.yes_no(r, "内容") if f in _YES_NO_FACTS else t.number(r, "内容", integer=True)
            if isinstance(value, bool | int) and value is not _BAD:
                values[f] = value
    if not values.get("form_title", "x"):
        del values["form_title"]  # blank = the default title
    facts = MeetingFacts(**values)
    for f, msg in facts_faults(facts).items():
        t.fault(found.get(f), "内容", msg)
    return facts


def _read_rules(t: Table) -> Rules:
    found, values = _key_rows(t, RULE_LABELS), {}
    before = t.bad_cells
    for f, r in found.items():
        if f == "double_entry":
            value = t.yes_no(r, "值")
        else:
            value = t.number(r, "值")
            if value is None and f != "good_quota_pct":
                t.fault(r, "值", f"值为空。请填写数字（默认为 {getattr(Rules(), f):f}）。")
        if f == "good_quota_pct" and value is None or isinstance(value, bool | Decimal):
            values[f] = value
    rules = Rules(**values)
    if t.bad_cells == before:
        for f, msg in rules_faults(rules).items():
            t.fault(found.get(f), "值", msg)
    return rules
