"""Bulk import of typed ballots from .csv/.xlsx: all or nothing, idempotent, conflicts refused."""

import datetime as dt

import pytest
from openpyxl import Workbook

from cli import run_command
from models.ballots import forms, get_ballot, layout
from models.ballots.importing import import_ballots
from models.errors import InputErrors, PingyiError
from models.labels import Mark
from models.meeting import Meeting, audit
from tests.models.ballot_helpers import populate


@pytest.fixture
def serials(meeting):
    return populate(meeting, reporters=3, items=2, printed=5)["A"]


HEADER = ["编号", "1-1", "1-2", "2-1", "2-2", "3-1", "3-2", "作废"]


def write_csv(path, rows, *, bom=True, encoding="utf-8"):
    text = "\n".join(",".join(str(c) for c in row) for row in rows) + "\n"
    path.write_bytes((("\ufeff" if bom else "") + text).encode(encoding))
    return path


def write_xlsx(path, rows):
    book = Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def count(meeting, table="ballots"):
    return meeting.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


@pytest.mark.parametrize("kind", ["csv-bom", "csv-plain", "xlsx"])
def test_import_all_value_forms(meeting, serials, tmp_path, kind):
    rows = [
        HEADER,
        [serials[0].lower(), "好", "较好", "一般", "差", "", "多"],
        [serials[1].replace("-", ""), 1, 2, 3, 4, 9, 0, ""],
        [serials[2], "好", "好", "好", "好", "好", "好", "未按要求划票"],
        [],
    ]
    if kind == "xlsx":
        path = write_xlsx(tmp_path / "选票.xlsx", rows)
    else:
        path = write_csv(tmp_path / "选票.csv", rows, bom=kind == "csv-bom")
    result = import_ballots(meeting, path)
    assert (result.added, result.unchanged) == (3, 0) and "已导入 3 张选票（一录）" in result.message
    cells = layout(meeting)
    first = get_ballot(meeting, 1, serials[0])
    assert [first.mark(*c) for c in cells] == [Mark(v) for v in (1, 2, 3, 4, 0, 9)]
    assert get_ballot(meeting, 1, serials[1]).digest == "123490"
    assert get_ballot(meeting, 1, serials[2]).void_reason == "未按要求划票"
    assert audit.entries(meeting.db, "导入选票")[-1]["detail"]["count"] == 3


def test_single_item_headers_are_plain_numbers_and_second_pass(tmp_path):
    with Meeting.create(tmp_path / "单项.pingyi") as meeting:
        serials = populate(meeting, reporters=2, items=1, printed=2)["A"]
        path = write_xlsx(tmp_path / "二录.xlsx", [["编号", 2, 1], [serials[0], "差", "好"]])
        assert import_ballots(meeting, path, pass_no=2).added == 1
        assert get_ballot(meeting, 2, serials[0]).digest == "14"


def test_excel_date_headers_are_read_as_seq_and_item(meeting, serials, tmp_path):
    header = ["编号", *[dt.datetime(2026, r, i) for r in (1, 2, 3) for i in (1, 2)]]
    path = write_xlsx(tmp_path / "日期列.xlsx", [header, [serials[0], 1, 1, 1, 1, 1, 2]])
    import_ballots(meeting, path)
    assert get_ballot(meeting, 1, serials[0]).digest == "111112"


def test_every_faulty_row_is_reported_and_nothing_stored(meeting, serials, tmp_path):
    forms.spoil_form(meeting, serials[3], "多印")
    rows = [
        HEADER,
        [serials[0], "好", "好", "好", "好", "好", "好"],
        ["", "好"],
        [serials[1][:-1] + ("2" if serials[1][-1] != "2" else "3"), "好"],
        [serials[2], "好好", "5", "好", "好", "好", "好"],
        [serials[3], "好", "好", "好", "好", "好", "好"],
        [serials[0].lower(), "好", "好", "好", "好", "好", "好"],
    ]
    before = (count(meeting), count(meeting, "audit"))
    with pytest.raises(InputErrors) as err:
        import_ballots(meeting, write_csv(tmp_path / "错.csv", rows))
    faults = err.value.faults
    assert len(faults) == 6
    assert faults[0].startswith("第 3 行：编号为空")
    assert faults[1].startswith("第 4 行：") and "校验码不对" in faults[1]
    assert faults[2].startswith(f"第 5 行，第 B 列，编号 {serials[2]}：“好好”不是等次")
    assert faults[3].startswith(f"第 5 行，第 C 列，编号 {serials[2]}：“5”不是等次")
    assert faults[4].startswith("第 6 行：") and "已作废" in faults[4]
    assert faults[5].startswith(f"第 7 行：编号 {serials[0]} 与第 2 行重复")
    assert "没有导入任何选票" in str(err.value)
    assert (count(meeting), count(meeting, "audit")) == before


@pytest.mark.parametrize("header, words", [
    (["1-1", "1-2", "2-1", "2-2", "3-1", "3-2"], "缺少“编号”列"),
    (["编号", "1-1", "1-2", "2-1", "2-2", "3-1"], "缺少这些述职人的列：3-2"),
    (["编号", "1", "1-2", "2-1", "2-2", "3-1", "3-2"], "请写成“1-项目序号”"),
    (["编号", "1-1", "1-2", "2-1", "2-2", "3-1", "3-2", "4-1"], "没有序号为 4 的述职人"),
    (["编号", "1-1", "1-2", "2-1", "2-2", "3-1", "3-2", "3-9"], "没有序号为 9 的测评项目"),
    (["编号", "1-1", "1-2", "2-1", "2-2", "3-1", "3-2", "1-1"], "与第 B 列重复"),
    (["编号", "1-1", "1-2", "2-1", "2-2", "3-1", "3-2", "备注"], "看不懂这个列标题"),
])
def test_header_faults(meeting, serials, tmp_path, header, words):
    with pytest.raises(InputErrors) as err:
        import_ballots(meeting, write_csv(tmp_path / "头.csv", [header, [serials[0]]]))
    assert words in str(err.value)
    assert count(meeting) == 0


def test_importing_the_same_file_again_changes_nothing(meeting, serials, tmp_path):
    path = write_csv(tmp_path / "选票.csv", [HEADER] + [[s, "好", "", "较好", "", "差", "多"] for s in serials[:3]])
    import_ballots(meeting, path)
    before = (count(meeting), count(meeting, "marks"), count(meeting, "audit"))
    again = import_ballots(meeting, path)
    assert (again.added, again.unchanged) == (0, 3)
    assert "没有任何改动" in again.message
    assert (count(meeting), count(meeting, "marks"), count(meeting, "audit")) == before
    longer = write_csv(tmp_path / "续.csv", [HEADER] + [[s, "好", "", "较好", "", "差", "多"] for s in serials[:4]])
    more = import_ballots(meeting, longer)
    assert (more.added, more.unchanged) == (1, 3) and "另有 3 张" in more.message


def test_a_file_contradicting_stored_ballots_is_refused_whole(meeting, serials, tmp_path):
    import_ballots(meeting, write_csv(tmp_path / "a.csv", [HEADER, [serials[0], *"好好好好好好"]]))
    conflicting = write_csv(tmp_path / "b.csv", [HEADER, [serials[1], *"好好好好好好"], [serials[0], *"差好好好好好"]])
    with pytest.raises(InputErrors) as err:
        import_ballots(meeting, conflicting)
    assert "第 3 行：编号" in str(err.value) and "内容与本文件不同" in str(err.value)
    assert count(meeting) == 1


@pytest.mark.parametrize("name, content, words", [
    ("x.txt", b"abc", "只能导入 .xlsx 或 .csv"),
    ("gbk.csv", "编号,1-1\n".encode("gbk"), "不是 UTF-8"),
    ("empty.csv", b"", "是空的"),
    ("only_header.csv", ",".join(HEADER).encode(), "没有选票行"),
    ("broken.xlsx", b"not a zip", "无法读取"),
])
def test_unreadable_files(meeting, serials, tmp_path, name, content, words):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(PingyiError, match=words):
        import_ballots(meeting, path)


def test_second_pass_refused_without_double_entry(tmp_path):
    with Meeting.create(tmp_path / "单录.pingyi") as meeting:
        serials = populate(meeting, printed=1, double_entry=False)["A"]
        with pytest.raises(PingyiError, match="未开启“双录核对”"):
            import_ballots(meeting, write_csv(tmp_path / "x.csv", [["编号", "1"], [serials[0], "好"]]), pass_no=2)


def test_cli_imports_and_reports(meeting_path, tmp_path, capsys):
    with Meeting.create(meeting_path) as meeting:
        serials = populate(meeting, reporters=2, printed=2)["A"]
    path = write_csv(tmp_path / "cli.csv", [["编号", "1", "2"], [serials[0], "好", "较好"], [serials[1], "差", ""]])
    assert run_command(["ballots", str(meeting_path), str(path)]) == 0
    assert "已导入 2 张选票（一录）" in capsys.readouterr().out
    assert run_command(["ballots", str(meeting_path), str(path), "--pass", "1"]) == 0
    assert "没有任何改动" in capsys.readouterr().out
    bad = write_csv(tmp_path / "bad.csv", [["编号", "1", "2"], ["A-0000", "好", "好"]])
    assert run_command(["ballots", str(meeting_path), str(bad), "--pass", "2"]) == 1
    assert "第 2 行" in capsys.readouterr().err
    with pytest.raises(SystemExit) as usage:
        run_command(["ballots", str(meeting_path), str(path), "--pass", "3"])
    assert usage.value.code == 2
