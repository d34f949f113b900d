"""The setup workbook: template, every bad-workbook case (file untouched), round trips, printed forms."""

import datetime as dt
import hashlib
import zipfile
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models.ballots.forms import create_forms
from models.demo.meeting import demo_setup
from models.errors import InputErrors, MeetingFinalized, PingyiError
from models.labels import ReportMode
from models.meeting import Meeting, audit
from models.setup import (
    MeetingFacts,
    add_category,
    add_item,
    add_reporter,
    get_facts,
    get_rules,
    list_categories,
    list_reporters,
    set_component_score,
    set_components,
    set_facts,
    set_rules,
    update_reporter,
)
from models.setup.workbook import (
    CategoryRow,
    ComponentRow,
    ItemRow,
    RosterRow,
    SetupData,
    apply_setup,
    export_setup,
    import_setup,
    read_setup,
    setup_from_meeting,
    write_template,
)
from models.setup.workbook_write import EXAMPLE, write_workbook

SHEETS = ["会议信息", "述职人", "测评人类别", "测评项目", "计分规则", "评价构成"]


def _sha(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


@pytest.fixture
def good_book(tmp_path) -> Path:
    """A valid workbook: 4 reporters (G = 平时考核), A/B/C, 总体评价, 现场测评 70 + 平时考核 30."""
    return write_workbook(demo_setup(4, seed=3), tmp_path / "good.xlsx")


@pytest.fixture
def prepared(tmp_path) -> Path:
    """A closed meeting file that already holds a setup (so a wrong import would change it)."""
    path = tmp_path / "prepared.pingyi"
    with Meeting.create(path) as m:
        apply_setup(m, demo_setup(5, seed=9), {"test": True})
    return path


def _mutated(good: Path, change) -> Path:
    wb = openpyxl.load_workbook(good)
    change(wb)
    out = good.with_name("bad.xlsx")
    wb.save(out)
    return out


# -- the template ---------------------------------------------------------------
def test_template_has_the_sheets_headers_and_an_example_row(tmp_path):
    path = write_template(tmp_path / "模板.xlsx")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == SHEETS + ["说明"]
    headers = {name: [c.value for c in wb[name][1]] for name in SHEETS}
    assert headers == {
        "会议信息": ["项目", "内容"],
        "述职人": ["序号", "姓名", "单位", "职务", "述职方式", "述职顺序"],
        "测评人类别": ["代码", "名称", "权重", "发出票数"],
        "测评项目": ["序号", "名称", "是否总体评价"],
        "计分规则": ["项目", "值"],
        "评价构成": ["名称", "权重"],
    }
    facts = [r[0] for r in wb["会议信息"].iter_rows(min_row=2, values_only=True)]
    assert facts[:6] == ["会议名称", "主办单位", "日期", "地点", "主持人", "是否演练"]
    rules = [r[0] for r in wb["计分规则"].iter_rows(min_row=2, values_only=True)]
    assert rules == [
        "好分值",
        "较好分值",
        "一般分值",
        "差分值",
        "好等次最低分",
        "较好等次最低分",
        "一般等次最低分",
        "差票比例上限",
        "好等次比例上限",
        "双录核对",
        "差票计入等次",
        "每票好等次上限",
    ]
    assert [c.value for c in wb["述职人"][2]] == [1, "张三", "城关镇党委", "党委书记", "现场", 1]
    for name in SHEETS:
        assert wb[name].freeze_panes == "A2"
        assert wb[name].column_dimensions["B"].width >= 12
    assert "只有“述职人”表必须填写" in "".join(r[0] for r in wb["说明"].iter_rows(values_only=True))


def _dropdowns(ws) -> dict[str, str]:
    return {str(dv.sqref): dv.formula1 for dv in ws.data_validations.dataValidation}


def test_template_has_drop_downs(tmp_path):
    wb = openpyxl.load_workbook(write_template(tmp_path / "t.xlsx"))
    assert _dropdowns(wb["述职人"]) == {"E2:E500": '"现场,书面"'}
    assert _dropdowns(wb["测评项目"]) == {"C2:C500": '"是,否"'}
    assert list(_dropdowns(wb["会议信息"]).values()) == ['"是,否"']
    assert "B7" in next(iter(_dropdowns(wb["会议信息"])))  # 是否演练
    assert _dropdowns(wb["计分规则"]) == {"B11": '"是,否"', "B12": '"一般和差,差"'}  # 双录核对, 差票计入等次


def test_template_reads_back_as_the_example(tmp_path):
    assert read_setup(write_template(tmp_path / "t.xlsx")) == EXAMPLE


def test_new_meeting_from_the_template(tmp_path, meeting):
    import_setup(meeting, write_template(tmp_path / "t.xlsx"))
    assert [(r.seq, r.name, r.mode) for r in list_reporters(meeting)] == [(1, "张三", ReportMode.ONSITE)]
    assert [(c.code, c.weight, c.issued) for c in list_categories(meeting)] == [
        ("A", 3, 11),
        ("B", 2, 30),
        ("C", 1, 20),
    ]


# -- every bad workbook: all faults named, file untouched ------------------------------
def _cell(sheet, ref, value):
    def change(wb):
        wb[sheet][ref] = value

    return change


def _hide_row_with_content(wb):
    wb["述职人"].append([5, "赵六", "柳河镇党委", "党委书记", "现场", 5, 90])
    wb["述职人"].row_dimensions[6].hidden = True


def _duplicate_person(wb):
    ws = wb["述职人"]
    ws["B3"], ws["C3"] = ws["B2"].value, ws["C2"].value


def _add_item(wb):
    wb["测评项目"].append([2, "履行职责情况", "是"])


def _only_header(wb):
    ws = wb["述职人"]
    ws.delete_rows(2, ws.max_row)


BAD = [
    ("missing required column", lambda wb: wb["述职人"].delete_cols(2), "述职人 第 1 行：缺少“姓名”列"),
    (
        "missing required column (categories)",
        lambda wb: wb["测评人类别"].delete_cols(3),
        "测评人类别 第 1 行：缺少“权重”列",
    ),
    ("empty name", _cell("述职人", "B3", None), "述职人 第 3 行 B 列（姓名）：姓名不能为空。"),
    ("blank name", _cell("述职人", "B3", "   "), "述职人 第 3 行 B 列（姓名）：姓名不能为空。"),
    ("duplicate 序号", _cell("述职人", "A3", 1), "述职人 第 3 行 A 列（序号）：序号 1 与第 2 行重复了。"),
    ("duplicate name and unit", _duplicate_person, "述职人 第 3 行 B 列（姓名）："),
    ("序号 beyond N", _cell("述职人", "A5", 9), "述职人 第 5 行 A 列（序号）：序号 9 不在 1 到 4 之间。"),
    ("序号 zero", _cell("述职人", "A2", 0), "述职人 第 2 行 A 列（序号）：序号 0 不在 1 到 4 之间。"),
    ("序号 empty", _cell("述职人", "A4", None), "述职人 第 4 行 A 列（序号）：序号为空。"),
    ("序号 not whole", _cell("述职人", "A4", 3.5), "述职人 第 4 行 A 列（序号）：3.5 不是整数。"),
    (
        "unknown 述职方式",
        _cell("述职人", "E2", "视频"),
        "述职人 第 2 行 E 列（述职方式）：填写的是“视频”。述职方式只能是“现场”或“书面”。",
    ),
    ("述职顺序 negative", _cell("述职人", "F2", -1), "述职人 第 2 行 F 列（述职顺序）：述职顺序应为正整数"),
    (
        "category weight text",
        _cell("测评人类别", "C2", "三"),
        "测评人类别 第 2 行 C 列（权重）：填写的是文字“三”，不是数字。",
    ),
    ("category weight negative", _cell("测评人类别", "C3", -2), "测评人类别 第 3 行 C 列（权重）：权重不能为负数。"),
    ("category weight empty", _cell("测评人类别", "C3", None), "测评人类别 第 3 行 C 列（权重）：权重为空。"),
    (
        "issued negative",
        _cell("测评人类别", "D2", -5),
        "测评人类别 第 2 行 D 列（发出票数）：发出票数“-5”应为不小于 0 的整数。",
    ),
    ("issued text", _cell("测评人类别", "D2", "十张"), "测评人类别 第 2 行 D 列（发出票数）：填写的是文字“十张”"),
    (
        "category code two letters",
        _cell("测评人类别", "A2", "AB"),
        "测评人类别 第 2 行 A 列（代码）：代码“AB”应为一个英文字母（A–Z）。",
    ),
    ("category code digit", _cell("测评人类别", "A2", 1), "测评人类别 第 2 行 A 列（代码）：代码“1”应为一个英文字母"),
    ("category code repeated", _cell("测评人类别", "A3", "a"), "测评人类别 第 3 行 A 列（代码）：代码 A 重复了。"),
    ("category name empty", _cell("测评人类别", "B4", None), "测评人类别 第 4 行 B 列（名称）：类别名称不能为空。"),
    (
        "component weight negative",
        _cell("评价构成", "B3", -30),
        "评价构成 第 3 行 B 列（权重）：“平时考核”的权重不能为负数。",
    ),
    ("component weight text", _cell("评价构成", "B3", "三成"), "评价构成 第 3 行 B 列（权重）：填写的是文字“三成”"),
    ("weights not 100", _cell("评价构成", "B3", 20), "评价构成 B 列（权重）：评价构成的权重合计为 90，应为 100。"),
    ("no 现场测评", _cell("评价构成", "A2", "现场"), "评价构成 A 列（名称）：评价构成中必须有“现场测评”。"),
    (
        "component repeated",
        _cell("评价构成", "A3", "现场测评"),
        "评价构成 第 3 行 A 列（名称）：评价构成“现场测评”重复了。",
    ),
    ("no overall item", _cell("测评项目", "C2", "否"), "测评项目 C 列（是否总体评价）：没有总体评价项目。"),
    ("two overall items", _add_item, "测评项目 第 3 行 C 列（是否总体评价）：第 2 行已是总体评价项目"),
    (
        "item 是否 not yes/no",
        _cell("测评项目", "C2", "对"),
        "测评项目 第 2 行 C 列（是否总体评价）：填写的是“对”。只能填“是”或“否”。",
    ),
    ("item name empty", _cell("测评项目", "B2", None), "测评项目 第 2 行 B 列（名称）：测评项目名称不能为空。"),
    ("score above 100", _cell("述职人", "G2", 120), "述职人 第 2 行 G 列（平时考核）：分数 120 超出范围。"),
    ("score below 0", _cell("述职人", "G3", -1), "述职人 第 3 行 G 列（平时考核）：分数 -1 超出范围。"),
    (
        "text in score cell",
        _cell("述职人", "G3", "优秀"),
        "述职人 第 3 行 G 列（平时考核）：填写的是文字“优秀”，不是数字。",
    ),
    ("text in 序号 cell", _cell("述职人", "A3", "二"), "述职人 第 3 行 A 列（序号）：填写的是文字“二”，不是数字。"),
    (
        "date in number cell",
        _cell("述职人", "G3", dt.datetime(2026, 1, 2)),
        "述职人 第 3 行 G 列（平时考核）：填写的“2026-01-02”不是数字。",
    ),
    ("text in rule cell", _cell("计分规则", "B2", "一百"), "计分规则 第 2 行 B 列（好分值）：填写的是文字“一百”"),
    ("rule value empty", _cell("计分规则", "B9", None), "计分规则 第 9 行 B 列（差票比例上限）：值为空。"),
    (
        "rule thresholds out of order",
        _cell("计分规则", "B6", 70),
        "计分规则 第 6 行 B 列（好等次最低分）：等次最低分应满足 好 > 较好 > 一般。",
    ),
    (
        "double entry not yes/no",
        _cell("计分规则", "B11", "两遍"),
        "计分规则 第 11 行 B 列（双录核对）：填写的是“两遍”。",
    ),
    ("unknown rule", _cell("计分规则", "A2", "优秀分值"), "计分规则 第 2 行 A 列（项目）：未知的项目“优秀分值”。"),
    (
        "bad date",
        _cell("会议信息", "B4", "下周一"),
        "会议信息 第 4 行 B 列（日期）：日期“下周一”格式不对，应为 YYYY-MM-DD",
    ),
    ("rehearsal not yes/no", _cell("会议信息", "B7", "可能"), "会议信息 第 7 行 B 列（是否演练）：填写的是“可能”。"),
    (
        "time limit out of range",
        _cell("会议信息", "B9", 500),
        "会议信息 第 9 行 B 列（述职时限（分钟））：述职时限应为 1 到 120 之间的整数分钟。",
    ),
    ("merged cells", lambda wb: wb["述职人"].merge_cells("C2:C3"), "述职人 第 2 行 C 列：C2:C3 是合并单元格。"),
    (
        "merged header",
        lambda wb: wb["测评人类别"].merge_cells("A1:B1"),
        "测评人类别 第 1 行 A 列：A1:B1 是合并单元格。",
    ),
    ("hidden row with content", _hide_row_with_content, "述职人 第 6 行：这一行被隐藏了，但有内容。"),
    (
        "score column not a component",
        _cell("述职人", "G1", "实地调研"),
        "述职人 第 1 行 G 列（实地调研）：“实地调研”不在评价构成中。",
    ),
    (
        "现场测评 as a roster column",
        _cell("述职人", "H1", "现场测评"),
        "述职人 第 1 行 H 列（现场测评）：“现场测评”由计票得出",
    ),
    ("empty header over data", _cell("述职人", "H2", 5), "述职人 第 1 行 H 列：表头为空，但这一列下面有内容。"),
    ("no reporters", _only_header, "述职人 第 1 行：表中没有述职人。"),
    ("no 述职人 sheet", lambda wb: setattr(wb["述职人"], "title", "名单"), "述职人：工作簿中没有“述职人”工作表"),
]


@pytest.mark.parametrize("change, expected", [pytest.param(c, e, id=i) for i, c, e in BAD])
def test_bad_workbook_is_refused_and_the_file_is_unchanged(good_book, prepared, change, expected):
    bad = _mutated(good_book, change)
    before = _sha(prepared)
    with Meeting.open(prepared) as m:
        head = audit.chain_head(m.db)
        with pytest.raises(InputErrors) as err:
            import_setup(m, bad)
        assert audit.chain_head(m.db) == head
    assert _sha(prepared) == before
    assert any(f.startswith(expected) for f in err.value.faults), err.value.faults
    assert str(err.value).startswith("准备表 bad.xlsx 中有")
    assert "没有导入任何内容" in str(err.value)


def test_all_faults_are_reported_at_once_in_sheet_order(good_book):
    def many(wb):
        wb["述职人"]["B3"] = None
        wb["述职人"]["E4"] = "线上"
        wb["测评人类别"]["C2"] = "很重"
        wb["评价构成"]["B3"] = 40
        wb["会议信息"]["B4"] = "2026-13-40"

    with pytest.raises(InputErrors) as err:
        read_setup(_mutated(good_book, many))
    assert [f.split("：")[0] for f in err.value.faults] == [
        "会议信息 第 4 行 B 列（日期）",
        "述职人 第 3 行 B 列（姓名）",
        "述职人 第 4 行 E 列（述职方式）",
        "测评人类别 第 2 行 C 列（权重）",
        "评价构成 B 列（权重）",
    ]
    assert "5 处问题" in str(err.value)


def test_a_bad_weight_does_not_also_claim_a_wrong_sum(good_book):
    with pytest.raises(InputErrors) as err:
        read_setup(_mutated(good_book, _cell("评价构成", "B3", "三成")))
    assert len(err.value.faults) == 1


def test_merged_cells_do_not_also_count_as_empty(good_book):
    with pytest.raises(InputErrors) as err:
        read_setup(_mutated(good_book, lambda wb: wb["述职人"].merge_cells("B2:B3")))
    assert err.value.faults == [
        "述职人 第 2 行 B 列：B2:B3 是合并单元格。请取消合并、在每个单元格中分别填写后重新导入。"
    ]


# -- files that are not a setup workbook ----------------------------------------------
def _xls(path):
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 500)


def _csv(path):
    path.write_text("序号,姓名,单位\n1,张三,城关镇党委\n", encoding="utf-8")


def _corrupt(path):
    path.write_bytes(b"PK\x03\x04" + b"garbage" * 100)


def _zip_not_xlsx(path):
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("hello.txt", "not a workbook")


def _text(path):
    path.write_text("述职人名单", encoding="utf-8")


@pytest.mark.parametrize(
    "name, make, expected",
    [
        ("名单.xls", _xls, "是旧版 Excel 97-2003 格式（.xls）"),
        ("名单.xlsx", _xls, "是旧版 Excel 97-2003 格式（.xls）或设有打开密码"),
        ("名单.csv", _csv, "是 CSV 文件"),
        ("名单.xlsx", _corrupt, "已损坏或不是有效的 .xlsx 文件"),
        ("名单.xlsx", _zip_not_xlsx, "已损坏或不是有效的 .xlsx 文件"),
        ("名单.xlsx", _text, "已损坏或不是有效的 .xlsx 文件"),
        ("名单.docx", _text, "不是 Excel 工作簿（.xlsx）"),
        ("不存在.xlsx", None, "找不到准备表"),
    ],
)
def test_files_that_are_not_workbooks_are_refused_untouched(tmp_path, prepared, name, make, expected):
    path = tmp_path / name
    if make:
        make(path)
    before = _sha(prepared)
    with Meeting.open(prepared) as m, pytest.raises(PingyiError, match=expected):
        import_setup(m, path)
    assert _sha(prepared) == before


# -- what is accepted ------------------------------------------------------------
def test_hidden_trailing_empty_rows_are_ignored(good_book):
    def hide(wb):
        ws = wb["述职人"]
        for row in range(6, 40):
            ws.row_dimensions[row].hidden = True
            ws.cell(row, 2).value = "  " if row % 2 else None
            ws.cell(row, 3).number_format = "0.0"

    assert read_setup(_mutated(good_book, hide)) == read_setup(good_book)


def test_empty_rows_between_reporters_are_ignored(good_book):
    def gap(wb):
        wb["述职人"].insert_rows(3, amount=2)

    assert read_setup(_mutated(good_book, gap)).reporters == read_setup(good_book).reporters


def test_lenient_cells_text_numbers_percent_dates_and_labels(good_book):
    def lenient(wb):
        wb["述职人"]["A2"] = " 1 "
        wb["述职人"]["E2"] = "书面述职"
        wb["述职人"]["G2"] = "88.5"
        wb["述职人"]["F2"] = None  # 述职顺序 blank = 序号
        wb["会议信息"]["B4"] = dt.datetime(2026, 12, 1)
        wb["会议信息"]["A2"] = "会议名称："
        wb["计分规则"]["B9"] = 0.1
        wb["计分规则"]["B9"].number_format = "0%"
        wb["评价构成"]["B2"] = "70%"

    data = read_setup(_mutated(good_book, lenient))
    first = data.reporters[0]
    assert (first.seq, first.mode, first.speak_order, first.scores) == (
        1,
        ReportMode.WRITTEN,
        1,
        (("平时考核", Decimal("88.5")),),
    )
    assert data.facts.date == "2026-12-01"
    assert data.rules.poor_limit_pct == 10
    assert data.components[0] == ComponentRow("现场测评", Decimal(70))


@pytest.mark.parametrize("text", ["2026/12/1", "2026.12.01", "2026年12月1日", "2026-12-01"])
def test_date_forms_become_iso(good_book, text):
    assert read_setup(_mutated(good_book, _cell("会议信息", "B4", text))).facts.date == "2026-12-01"


def test_blank_quota_means_off_and_a_number_turns_it_on(good_book):
    assert read_setup(good_book).rules.good_quota_pct is None
    assert read_setup(_mutated(good_book, _cell("计分规则", "B10", 30))).rules.good_quota_pct == 30


def test_roster_only_workbook_keeps_the_rest_of_the_meeting(tmp_path, prepared):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "述职人"
    ws.append(["序号", "姓名", "单位", "平时考核"])
    ws.append([1, "钱七", "马坊镇党委", 91])
    ws.append([2, "孙八", "", None])
    wb.save(tmp_path / "roster.xlsx")
    with Meeting.open(prepared) as m:
        before = setup_from_meeting(m)
        import_setup(m, tmp_path / "roster.xlsx")
        after = setup_from_meeting(m)
    assert [(r.seq, r.name, r.unit, r.mode, r.speak_order, r.scores) for r in after.reporters] == [
        (1, "钱七", "马坊镇党委", ReportMode.ONSITE, 1, (("平时考核", Decimal(91)),)),
        (2, "孙八", "", ReportMode.ONSITE, 2, ()),
    ]
    assert (after.facts, after.categories, after.items, after.rules, after.components) == (
        before.facts,
        before.categories,
        before.items,
        before.rules,
        before.components,
    )


def test_roster_only_workbook_with_an_unknown_score_column(tmp_path, meeting):
    wb = openpyxl.Workbook()
    wb.active.title = "述职人"
    wb.active.append(["序号", "姓名", "平时考核"])
    wb.active.append([1, "钱七", 91])
    wb.save(tmp_path / "roster.xlsx")
    with pytest.raises(InputErrors, match="“平时考核”不在会议的评价构成中"):
        import_setup(meeting, tmp_path / "roster.xlsx")


def test_import_is_one_audited_transaction(good_book, meeting):
    before = len(audit.entries(meeting.db))
    import_setup(meeting, good_book)
    rows = audit.entries(meeting.db)
    assert len(rows) == before + 1
    assert rows[-1]["action"] == "导入准备表"
    assert rows[-1]["detail"]["sha256"] == _sha(good_book)
    assert rows[-1]["detail"]["reporters"] == 4
    assert audit.verify(meeting.db) == []


def test_import_keeps_reporters_that_stay_with_their_records(tmp_path, meeting):
    from models.run.minutes import add_comment, list_comments

    apply_setup(meeting, demo_setup(4, seed=3), {})
    keep = list_reporters(meeting)[2]
    add_comment(meeting, keep.id, "李振华", "党建引领乡村振兴有特色")
    data = setup_from_meeting(meeting)
    moved = tuple(
        RosterRow(k, r.name, r.unit, r.title, r.mode, k, None, r.scores)
        for k, r in enumerate([data.reporters[2], data.reporters[0]], start=1)
    )
    write_workbook(
        SetupData(moved, data.score_columns, data.facts, data.categories, data.items, data.rules, data.components),
        tmp_path / "fewer.xlsx",
    )
    import_setup(meeting, tmp_path / "fewer.xlsx")
    now = list_reporters(meeting)
    assert [(r.seq, r.name) for r in now] == [(1, keep.name), (2, data.reporters[0].name)]
    assert now[0].id == keep.id
    assert [c.text for c in list_comments(meeting, keep.id)] == ["党建引领乡村振兴有特色"]


def test_import_after_finalising_is_refused(good_book, prepared):
    with Meeting.open(prepared) as m:
        with m.db.atomic():
            m.db.execute("UPDATE meeting SET finalized = 1")
    before = _sha(prepared)
    with Meeting.open(prepared) as m, pytest.raises(MeetingFinalized):
        import_setup(m, good_book)
    assert _sha(prepared) == before


# -- printed forms ---------------------------------------------------------------------
@pytest.fixture
def printed(prepared) -> Path:
    with Meeting.open(prepared) as m:
        create_forms(m, "A", 3)
    return prepared


def _setup_of(path: Path) -> SetupData:
    with Meeting.open(path) as m:
        return setup_from_meeting(m)


def _with(data: SetupData, **changes) -> SetupData:
    return SetupData(**{**data.__dict__, **changes})


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda d: _with(d, reporters=d.reporters[:-1]), "述职人名单（序号、姓名）与会议中的不一致"),
        (lambda d: _with(d, reporters=(replace(d.reporters[0], name="换人"),) + d.reporters[1:]), "述职人名单"),
        (lambda d: _with(d, items=d.items + (ItemRow(2, "重点任务落实"),)), "测评项目与会议中的不一致"),
        (lambda d: _with(d, categories=d.categories[1:]), "已打印 A 类测评表"),
    ],
)
def test_printed_forms_fix_roster_items_and_printed_categories(tmp_path, printed, change, message):
    book = write_workbook(change(_setup_of(printed)), tmp_path / "changed.xlsx")
    before = _sha(printed)
    with Meeting.open(printed) as m, pytest.raises(PingyiError, match=message):
        import_setup(m, book)
    assert _sha(printed) == before


def test_printed_forms_still_allow_texts_weights_and_scores(tmp_path, printed):
    data = _setup_of(printed)
    first = data.reporters[0]
    changed = _with(
        data,
        reporters=(
            RosterRow(
                1, first.name, "新单位名称", "党委副书记", ReportMode.WRITTEN, first.speak_order, None,
                (("平时考核", Decimal("77.5")),),
            ),
        )
        + data.reporters[1:],
        categories=(CategoryRow("A", "县委常委", Decimal(4), 12),) + data.categories[1:],
    )
    with Meeting.open(printed) as m:
        ids = [r.id for r in list_reporters(m)]
        import_setup(m, write_workbook(changed, tmp_path / "texts.xlsx"))
        assert [r.id for r in list_reporters(m)] == ids
        assert setup_from_meeting(m) == changed


# -- round trips -----------------------------------------------------------------------
def _rich_meeting(meeting: Meeting) -> None:
    """A setup touching every field the workbook carries, made with the setup operations."""
    set_facts(
        meeting,
        title="中共某县委述职评议会",
        organiser="县委组织部",
        date="2027-01-08",
        venue="三楼会议室",
        chair="王书记",
        rehearsal=True,
        form_title="述职评议表（演练）",
        time_limit_min=6,
        show_rank_in_feedback=True,
    )
    a = add_reporter(meeting, "甲", "一镇党委", "书记")
    add_reporter(meeting, "乙", "", "", ReportMode.WRITTEN)
    add_reporter(meeting, "101", "2号社区", "支部书记")
    update_reporter(meeting, a.id, time_limit_min=10, speak_order=3)
    add_category(meeting, "A", "领导", "2.5", 7)
    add_category(meeting, "Z", "群众", 0, 0)
    add_item(meeting, "履行职责情况")
    add_item(meeting, "问题整改")
    set_rules(meeting, points_fairly_good="85.5", good_quota_pct="33.3", double_entry=False, poor_limit_pct=15)
    comps = set_components(meeting, [("现场测评", "62.5"), ("平时考核", "25"), ("实地调研", "12.5")])
    set_component_score(meeting, a.id, comps[1].id, "93.25")
    set_component_score(meeting, a.id, comps[2].id, 0)


def test_export_then_import_round_trips_losslessly(tmp_path):
    with Meeting.create(tmp_path / "a.pingyi") as a:
        _rich_meeting(a)
        original = setup_from_meeting(a)
        export_setup(a, tmp_path / "a.xlsx")
    assert read_setup(tmp_path / "a.xlsx") == original
    with Meeting.create(tmp_path / "b.pingyi") as b:
        import_setup(b, tmp_path / "a.xlsx")
        assert setup_from_meeting(b) == original
        assert (get_facts(b), get_rules(b)) == (original.facts, original.rules)
        export_setup(b, tmp_path / "b.xlsx")
    assert read_setup(tmp_path / "b.xlsx") == original


def test_export_writes_time_limit_column_only_when_used(tmp_path, meeting):
    apply_setup(meeting, demo_setup(3), {})
    export_setup(meeting, tmp_path / "plain.xlsx")
    assert "述职时限（分钟）" not in [c.value for c in openpyxl.load_workbook(tmp_path / "plain.xlsx")["述职人"][1]]
    update_reporter(meeting, list_reporters(meeting)[0].id, time_limit_min=5)
    export_setup(meeting, tmp_path / "limit.xlsx")
    assert [c.value for c in openpyxl.load_workbook(tmp_path / "limit.xlsx")["述职人"][1]][6] == "述职时限（分钟）"


def test_export_refuses_a_name_that_is_not_xlsx(tmp_path, meeting):
    with pytest.raises(PingyiError, match=r"应保存为 \.xlsx"):
        export_setup(meeting, tmp_path / "setup.xls")
    assert not (tmp_path / "setup.xls").exists()


_texts = st.text(alphabet="张王李赵镇党委书记社区一二三ABC123 ", min_size=1, max_size=8).map(str.strip).filter(bool)
_scores = st.decimals(min_value=0, max_value=100, places=1, allow_nan=False, allow_infinity=False)


@st.composite
def _setups(draw) -> SetupData:
    names = draw(st.lists(_texts, min_size=1, max_size=8, unique=True))
    order = draw(st.permutations(range(1, len(names) + 1)))
    reporters = tuple(
        RosterRow(
            k,
            name,
            draw(st.sampled_from(["", "城关镇党委", "县医院党委"])),
            draw(st.sampled_from(["", "书记"])),
            draw(st.sampled_from(list(ReportMode))),
            order[k - 1],
            draw(st.none() | st.integers(1, 120)),
            tuple((c, s) for c, s in [("平时考核", draw(st.none() | _scores))] if s is not None),
        )
        for k, name in enumerate(names, start=1)
    )
    onsite = draw(st.integers(0, 100))
    codes = draw(st.lists(st.sampled_from("ABCXYZ"), max_size=4, unique=True))
    return SetupData(
        reporters=reporters,
        score_columns=("平时考核",),
        facts=draw(
            st.builds(
                lambda t, r, limit: MeetingFacts(title=t, rehearsal=r, time_limit_min=limit),
                _texts,
                st.booleans(),
                st.integers(1, 120),
            )
        ),
        categories=tuple(
            sorted(
                # at least one weight above 0 (all-zero weights are refused, issue 17)
                (CategoryRow(c, draw(_texts), draw(_scores.filter(lambda w: w > 0) if k == 0 else _scores),
                             draw(st.integers(0, 500))) for k, c in enumerate(codes)),
                key=lambda c: c.code,
            )
        ),
        items=(ItemRow(1, "总体评价", True),)
        + tuple(ItemRow(k, f"分项{k}") for k in range(2, draw(st.integers(2, 4)))),
        rules=EXAMPLE.rules,
        components=(ComponentRow("现场测评", Decimal(onsite)), ComponentRow("平时考核", Decimal(100 - onsite))),
    )


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=_setups())
def test_any_valid_setup_survives_write_and_read(tmp_path, data):
    assert read_setup(write_workbook(data, tmp_path / "p.xlsx")) == data
