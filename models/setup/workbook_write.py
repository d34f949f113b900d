"""Writing the setup workbook: the template (an example row per sheet) and a meeting's export."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.datavalidation import DataValidation

from models.errors import PingyiError
from models.labels import NO, YES, ReportMode, yes_no
from models.meeting.files import write_atomically
from models.setup import FACT_LABELS, ONSITE_COMPONENT, RULE_LABELS, MeetingFacts, Rules
from models.setup.rules import POOR_GRADES_CHOICES
from models.setup.workbook_shape import (
    CATEGORIES,
    CATEGORY_COLUMNS,
    COMPONENT_COLUMNS,
    COMPONENTS,
    FACT_COLUMNS,
    FACTS,
    ITEM_COLUMNS,
    ITEMS,
    NOTE,
    ROSTER,
    ROSTER_COLUMNS,
    RULE_COLUMNS,
    RULES,
    TIME_LIMIT_COLUMN,
    CategoryRow,
    ComponentRow,
    ItemRow,
    RosterRow,
    SetupData,
)

#: what the template shows: one example row per sheet, the defaults elsewhere
EXAMPLE = SetupData(
    reporters=(RosterRow(1, "张三", "城关镇党委", "党委书记", ReportMode.ONSITE, 1),),
    facts=MeetingFacts(
        title="中共××县委2026年度党组织书记抓基层党建工作述职评议会",
        organiser="中共××县委组织部",
        date="2026-12-28",
        venue="县委常委会议室",
        chair="",
    ),
    categories=(
        CategoryRow("A", "县委领导班子成员", Decimal(3), 11),
        CategoryRow("B", "党员代表", Decimal(2), 30),
        CategoryRow("C", "群众代表", Decimal(1), 20),
    ),
    items=(ItemRow(1, "总体评价", True),),
    rules=Rules(),
    components=(ComponentRow(ONSITE_COMPONENT, Decimal(100)),),
)

NOTE_LINES = (
    "准备表说明",
    "1. 只有“述职人”表必须填写；删除其他某张表时，导入后该部分沿用会议中现有的设置（新会议为默认值）。",
    "2. 每张表第 1 行是表头，请勿修改列名；第 2 行起每行一条，模板中的第 2 行是示例，请改写或删除。",
    "3. 述职人：序号从 1 开始连续编号，即测评表上的行序；述职方式填“现场”或“书面”；述职顺序留空表示与序号相同。",
    "4. 述职顺序之后可以加列，每列一项手工录入的评价分数（如“平时考核”，0–100），列名须与“评价构成”表中的名称一致。",
    "5. 测评人类别：代码为一个英文字母（A、B、C…），权重为不小于 0 的数，发出票数为该类发出的测评表张数。",
    "6. 测评项目：必须有且只有一个总体评价项目（“是否总体评价”填“是”），其余为分项。",
    "7. 评价构成：必须有“现场测评”，各项权重（百分数）合计为 100。",
    "8. 计分规则：好等次比例上限留空表示不限；差票比例上限默认 10，即差票超过 10% 的拟定为“差”；"
    "差票计入等次填“一般和差”（默认，即“一般”“差”票合计）或“差”；每票好等次上限（如 70）留空表示不限，"
    "超过的票按废票计。",
    "9. 请不要合并单元格；导入时会一次列出所有问题（表名、行号、列号），全部改正后才会导入。",
)

_HEADER_FILL = PatternFill("solid", fgColor="D9E2F3")
_THIN = Side(style="thin", color="A6A6A6")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
#: data validation reaches this far below the header, so rows the clerk adds get the drop-downs too
_VALIDATION_ROWS = 500


def write_workbook(data: SetupData, path: str | Path) -> Path:
    """Write ``data`` (every part present) as a setup workbook; written to a temporary name, then renamed."""
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise PingyiError(f"{path.name}：准备表应保存为 .xlsx 文件。请把文件名改为以 .xlsx 结尾。")
    if not path.parent.exists():
        raise PingyiError(f"文件夹 {path.parent} 不存在。请先创建它或换一个位置。")
    wb = Workbook()
    wb.remove(wb.active)
    _facts_sheet(wb, data.facts)
    _roster_sheet(wb, data)
    _table(
        wb,
        CATEGORIES,
        CATEGORY_COLUMNS,
        [[c.code, c.name, _number(c.weight), c.issued] for c in data.categories],
        [8, 24, 10, 12],
    )
    items = _table(wb, ITEMS, ITEM_COLUMNS, [[i.seq, i.name, yes_no(i.is_overall)] for i in data.items], [8, 30, 14])
    _dropdown(items, (YES, NO), f"C2:C{_VALIDATION_ROWS}", "有且只有一个总体评价项目。")
    _rules_sheet(wb, data.rules)
    _table(wb, COMPONENTS, COMPONENT_COLUMNS, [[c.name, _number(c.weight)] for c in data.components], [20, 12])
    _note_sheet(wb)
    buffer = io.BytesIO()
    wb.save(buffer)
    return write_atomically(path, buffer.getvalue(), way_out="文件是否正在 Excel 中打开？请关闭后重试。")


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _table(wb: Workbook, title: str, headers, rows, widths):
    ws = wb.create_sheet(title)
    ws.append(list(headers))
    for row in rows:
        ws.append(row)
    for col, cell in enumerate(ws[1], start=1):
        cell.font, cell.fill, cell.border = Font(bold=True), _HEADER_FILL, _BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center")
        letter = cell.column_letter
        ws.column_dimensions[letter].width = widths[col - 1] if col <= len(widths) else 14
    ws.freeze_panes = "A2"
    return ws


def _dropdown(ws, options, refs, prompt: str) -> None:
    dv = DataValidation(
        type="list",
        formula1='"' + ",".join(options) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="输入有误",
        error=f"只能填写：{'、'.join(options)}。",
        showInputMessage=True,
        promptTitle="请选择",
        prompt=prompt,
    )
    ws.add_data_validation(dv)
    for ref in [refs] if isinstance(refs, str) else refs:
        dv.add(ref)


def _order(r, tied: set[int]) -> int | None:
    """The 述职顺序 cell: blank (= 序号) for a reporter sharing its place with another whose order is its own
    序号, so that a tie made in the app reads back as it was and not as two reporters claiming one place."""
    order = r.speak_order or r.seq
    return None if order in tied and order == r.seq else order


def _roster_sheet(wb: Workbook, data: SetupData) -> None:
    with_limit = any(r.time_limit_min is not None for r in data.reporters)
    headers = list(ROSTER_COLUMNS) + ([TIME_LIMIT_COLUMN] if with_limit else []) + list(data.score_columns)
    rows = []
    orders = [r.speak_order or r.seq for r in data.reporters]
    tied = {o for o in orders if orders.count(o) > 1}
    for r in data.reporters:
        scores = dict(r.scores)
        rows.append(
            [r.seq, r.name, r.unit, r.title, r.mode.label, _order(r, tied)]
            + ([r.time_limit_min] if with_limit else [])
            + [_number(scores[c]) if c in scores else None for c in data.score_columns]
        )
    ws = _table(wb, ROSTER, headers, rows, [8, 12, 30, 16, 10, 10] + [14] * (len(headers) - 6))
    _dropdown(
        ws,
        (ReportMode.ONSITE.label, ReportMode.WRITTEN.label),
        f"E2:E{_VALIDATION_ROWS}",
        "现场述职或书面述职（书面述职的也参加测评）。",
    )
    ws["E1"].comment = Comment("填“现场”或“书面”，留空为现场。", "Pingyi")
    ws["F1"].comment = Comment("现场述职的先后顺序；留空表示与序号相同。", "Pingyi")


def _facts_sheet(wb: Workbook, facts: MeetingFacts) -> None:
    rows = []
    for field, label in FACT_LABELS.items():
        value = getattr(facts, field)
        rows.append([label, yes_no(value) if isinstance(value, bool) else value])
    ws = _table(wb, FACTS, FACT_COLUMNS, rows, [22, 64])
    date_row = list(FACT_LABELS).index("date") + 2
    ws.cell(date_row, 2).number_format = "@"  # keeps 2026-12-28 as typed text, not an Excel date
    yes_no_rows = [i for i, f in enumerate(FACT_LABELS, start=2) if isinstance(getattr(facts, f), bool)]
    _dropdown(ws, (YES, NO), [f"B{r}" for r in yes_no_rows], "填“是”或“否”。")
    ws.cell(date_row, 1).comment = Comment("格式 YYYY-MM-DD，例如 2026-12-28。", "Pingyi")


def _rules_sheet(wb: Workbook, rules: Rules) -> None:
    rows = []
    for field, label in RULE_LABELS.items():
        value = getattr(rules, field)
        if isinstance(value, bool):
            value = yes_no(value)
        elif isinstance(value, Decimal):
            value = _number(value)
        rows.append([label, value])
    ws = _table(wb, RULES, RULE_COLUMNS, rows, [22, 14])
    row = list(RULE_LABELS).index("double_entry") + 2
    _dropdown(ws, (YES, NO), f"B{row}", "是否两遍录入并核对（默认“是”）。")
    quota_row = list(RULE_LABELS).index("good_quota_pct") + 2
    ws.cell(quota_row, 1).comment = Comment("百分数，例如 30；留空表示不限。", "Pingyi")
    grades_row = list(RULE_LABELS).index("poor_grades") + 2
    _dropdown(ws, POOR_GRADES_CHOICES, f"B{grades_row}", "差票规则计入哪些等次：“一般和差”（默认）或“差”。")
    cap_row = list(RULE_LABELS).index("good_cap_pct") + 2
    ws.cell(cap_row, 1).comment = Comment("百分数，例如 70：一张票上某一项“好”超过述职人数的 70% 即为废票；留空表示不限。",
                                          "Pingyi")


def _note_sheet(wb: Workbook) -> None:
    ws = wb.create_sheet(NOTE)
    for line in NOTE_LINES:
        ws.append([line])
    ws["A1"].font = Font(bold=True, size=13)
    ws.column_dimensions["A"].width = 110
    for row in ws.iter_rows(min_row=2):
        row[0].alignment = Alignment(wrap_text=True, vertical="top")
