"""Setup sub-commands run as the clerk would: ``python main.py …`` from the repository root."""

import hashlib
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from models.meeting import Meeting
from models.setup import list_reporters
from models.setup.workbook import read_setup, setup_from_meeting

ROOT = Path(__file__).resolve().parents[2]


def run(*args) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "main.py", *map(str, args)], cwd=ROOT, capture_output=True, text=True, timeout=120
    )


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "示例.pingyi"
    out = run("demo", path, "--reporters", 7, "--ballots", 0, "--seed", 3)
    assert out.returncode == 0, out.stderr
    assert "已生成示例会议" in out.stdout and "述职人 7 位" in out.stdout and "选票 0 张" in out.stdout
    return path


def test_demo_then_export_then_new_round_trips(demo_file, tmp_path):
    book = tmp_path / "设置.xlsx"
    out = run("export-setup", demo_file, book)
    assert out.returncode == 0, out.stderr
    assert "已把" in out.stdout and book.exists()
    out = run("new", tmp_path / "新.pingyi", "--setup", book)
    assert out.returncode == 0, out.stderr
    assert "已新建会议" in out.stdout
    with Meeting.open(demo_file) as a, Meeting.open(tmp_path / "新.pingyi") as b:
        assert setup_from_meeting(a) == setup_from_meeting(b)


def test_default_demo_has_ballots(tmp_path):
    out = run("demo", tmp_path / "d.pingyi")
    assert out.returncode == 0, out.stderr
    assert "述职人 12 位（书面述职 2 位）" in out.stdout
    assert "选票 0 张" not in out.stdout


@pytest.mark.parametrize(
    "args, message",
    [
        (["demo", "{tmp}/x.pingyi", "--reporters", "101"], "述职人数应为 1 到 100"),
        (["demo", "{tmp}/x.pingyi", "--reporters", "十二"], "不是整数"),
        (["demo", "{tmp}/x.pingyi", "--ballots", "-3"], "不能为负数"),
        (["new", "{tmp}/x.pingyi"], "--setup"),
        (["import-setup", "{tmp}/x.pingyi"], "WORKBOOK.xlsx"),
    ],
)
def test_usage_errors_exit_2_in_chinese(tmp_path, args, message):
    out = run(*[a.format(tmp=tmp_path) for a in args])
    assert out.returncode == 2
    assert "用法错误" in out.stderr and message in out.stderr
    assert not (tmp_path / "x.pingyi").exists()


def test_roster_template_writes_and_refuses_to_overwrite(tmp_path):
    out = run("roster-template", tmp_path / "模板.xlsx")
    assert out.returncode == 0, out.stderr
    assert openpyxl.load_workbook(tmp_path / "模板.xlsx").sheetnames[:2] == ["会议信息", "述职人"]
    before = _sha(tmp_path / "模板.xlsx")
    again = run("roster-template", tmp_path / "模板.xlsx")
    assert again.returncode == 1 and "已存在，不会覆盖" in again.stderr
    assert _sha(tmp_path / "模板.xlsx") == before
    assert run("roster-template", tmp_path / "模板.xlsx", "--overwrite").returncode == 0
    wrong = run("roster-template", tmp_path / "模板.xls")
    assert wrong.returncode == 1 and "应以 .xlsx 结尾" in wrong.stderr


def test_new_refuses_to_overwrite_and_wants_the_pingyi_suffix(tmp_path):
    run("roster-template", tmp_path / "t.xlsx")
    wrong = run("new", tmp_path / "会议.db", "--setup", tmp_path / "t.xlsx")
    assert wrong.returncode == 1 and "应以 .pingyi 结尾" in wrong.stderr
    assert not (tmp_path / "会议.db").exists()
    target = tmp_path / "已有.pingyi"
    target.write_bytes(b"keep")
    out = run("new", target, "--setup", tmp_path / "t.xlsx")
    assert out.returncode == 1 and "已存在，不会覆盖" in out.stderr
    assert target.read_bytes() == b"keep"


def test_new_with_a_bad_workbook_leaves_no_file(tmp_path):
    run("roster-template", tmp_path / "t.xlsx")
    wb = openpyxl.load_workbook(tmp_path / "t.xlsx")
    wb["述职人"]["B2"] = None
    wb["测评人类别"]["C2"] = "很重"
    wb.save(tmp_path / "bad.xlsx")
    out = run("new", tmp_path / "新.pingyi", "--setup", tmp_path / "bad.xlsx")
    assert out.returncode == 1
    assert "述职人 第 2 行 B 列（姓名）：姓名不能为空。" in out.stderr
    assert "测评人类别 第 2 行 C 列（权重）" in out.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.xlsx", "t.xlsx"]


def test_import_setup_replaces_and_a_bad_one_changes_nothing(demo_file, tmp_path):
    path = tmp_path / "m.pingyi"
    assert run("demo", path, "--reporters", 3, "--ballots", 0).returncode == 0
    run("export-setup", demo_file, tmp_path / "seven.xlsx")
    out = run("import-setup", path, tmp_path / "seven.xlsx")
    assert out.returncode == 0, out.stderr
    assert "述职人 7 位" in out.stdout
    with Meeting.open(path) as m:
        assert len(list_reporters(m)) == 7
    wb = openpyxl.load_workbook(tmp_path / "seven.xlsx")
    wb["述职人"]["E3"] = "线上"
    wb.save(tmp_path / "bad.xlsx")
    before = _sha(path)
    out = run("import-setup", path, tmp_path / "bad.xlsx")
    assert out.returncode == 1
    assert "述职人 第 3 行 E 列（述职方式）：填写的是“线上”。" in out.stderr
    assert _sha(path) == before


def test_import_setup_refuses_files_that_are_not_workbooks(demo_file, tmp_path):
    csv = tmp_path / "名单.csv"
    csv.write_text("序号,姓名\n1,张三\n", encoding="utf-8")
    before = _sha(demo_file)
    out = run("import-setup", demo_file, csv)
    assert out.returncode == 1 and "是 CSV 文件" in out.stderr
    assert _sha(demo_file) == before


def test_export_setup_refuses_to_overwrite_without_the_flag(demo_file, tmp_path):
    book = tmp_path / "out.xlsx"
    book.write_bytes(b"mine")
    out = run("export-setup", demo_file, book)
    assert out.returncode == 1 and "--overwrite" in out.stderr
    assert book.read_bytes() == b"mine"
    assert run("export-setup", demo_file, book, "--overwrite").returncode == 0
    assert len(read_setup(book).reporters) == 7
