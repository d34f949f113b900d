"""The `print`, `export`, `archive` and `verify --document` commands: exit codes and messages."""

from __future__ import annotations

import shutil

import openpyxl
import pytest

from cli import run_command
from models.counting import reopen
from models.documents.formatting import chinese_date_text
from models.meeting import Meeting
from tests.printing.pdftext import flat, pages_text


@pytest.mark.parametrize("kind, seq", [("tally", None), ("handcount", None), ("feedback", 2), ("rectification", None)])
def test_print_writes_the_pdf(final_path, tmp_path, capsys, kind, seq):
    out = tmp_path / "out.pdf"
    argv = ["print", str(final_path), kind, "-o", str(out)] + (["--seq", str(seq)] if seq else [])
    assert run_command(argv) == 0
    assert out.read_bytes().startswith(b"%PDF") and "已保存" in capsys.readouterr().out
    assert not list(tmp_path.glob(".*")), "no temporary file left"


@pytest.mark.parametrize("argv_tail, message", [
    (["tally", "--seq", "2", "-o", "x.pdf"], "--seq 只用于"),
    (["feedback", "--seq", "99", "-o", "x.pdf"], "没有序号为 99 的述职人"),
    (["tally", "-o", "x.txt"], "应以 .pdf 结尾"),
])
def test_print_refusals_say_why(final_path, tmp_path, capsys, monkeypatch, argv_tail, message):
    monkeypatch.chdir(tmp_path)
    assert run_command(["print", str(final_path)] + argv_tail) == 1
    assert message in capsys.readouterr().err
    assert not list(tmp_path.iterdir())


def test_print_unknown_kind_is_a_usage_error(final_path, capsys):
    with pytest.raises(SystemExit) as exit_info:
        run_command(["print", str(final_path), "bogus", "-o", "x.pdf"])
    assert exit_info.value.code == 2 and "用法错误" in capsys.readouterr().err


def test_export_then_verify_the_workbook(final_path, tmp_path, capsys):
    out = tmp_path / "结果.xlsx"
    assert run_command(["export", str(final_path), "-o", str(out)]) == 0
    assert openpyxl.load_workbook(out).sheetnames == ["汇总", "排名", "分类别", "分项", "原始票据", "点评与问题"]
    assert run_command(["verify", str(final_path), "--document", str(out)]) == 0
    assert "数据与会议文件一致" in capsys.readouterr().out


def test_archive_refused_before_finalising_then_draft(draft_path, tmp_path, capsys):
    assert run_command(["archive", str(draft_path), "-o", str(tmp_path)]) == 1
    assert "--draft" in capsys.readouterr().err and not list(tmp_path.iterdir())
    assert run_command(["archive", str(draft_path), "-o", str(tmp_path), "--draft"]) == 0
    assert "草稿备案材料" in capsys.readouterr().out
    assert [p.name.endswith("_草稿") for p in tmp_path.iterdir()] == [True]


def test_verify_document_notices_a_reopened_meeting(final_path, tmp_path, capsys):
    path = tmp_path / "copy.pingyi"
    shutil.copy(final_path, path)
    pdf = tmp_path / "tally.pdf"
    assert run_command(["print", str(path), "tally", "-o", str(pdf)]) == 0
    assert run_command(["verify", str(path), "--document", str(pdf)]) == 0
    assert "与重新生成的文档逐字节相同" in capsys.readouterr().out
    with Meeting.open(path) as meeting:
        reopen(meeting, "发现录入错误")
    assert run_command(["verify", str(path), "--document", str(pdf)]) == 1
    out = capsys.readouterr().out
    assert "失败" in out and "文档为正式文档，但会议文件现在未定稿" in out


def test_verify_document_refuses_a_foreign_pdf(final_path, tmp_path, capsys):
    foreign = tmp_path / "foreign.pdf"
    foreign.write_bytes(b"%PDF-1.4\n%%EOF\n")
    assert run_command(["verify", str(final_path), "--document", str(foreign)]) == 1
    assert "不是 Pingyi 生成的文档" in capsys.readouterr().out
    assert run_command(["verify", str(final_path), "--document", str(tmp_path / "none.pdf")]) == 1
    assert "找不到要核对的文档" in capsys.readouterr().err


def test_printed_draft_says_so(draft_path, tmp_path, capsys):
    out = tmp_path / "draft.pdf"
    assert run_command(["print", str(draft_path), "ranking", "-o", str(out)]) == 0
    assert "（草稿）" in capsys.readouterr().out
    assert "草稿" in flat(pages_text(out.read_bytes())[0])


def test_print_feedback_issued_on_sets_the_date_kept_in_the_file(copy, tmp_path, capsys):
    """``print … feedback --issued-on`` stores the 成文日期 (audited) and prints it; “定稿日期” goes back."""
    path = copy
    before, after, back = (tmp_path / f"{name}.pdf" for name in ("before", "after", "back"))
    assert run_command(["print", str(path), "feedback", "--seq", "1", "-o", str(before)]) == 0
    with Meeting.open(path) as meeting:
        day = meeting.db.execute("SELECT date(date, '+8 days') FROM meeting").fetchone()[0]
    capsys.readouterr()
    assert run_command(["print", str(path), "feedback", "--seq", "1", "-o", str(after), "--issued-on", day]) == 0
    assert f"成文日期：{day}" in capsys.readouterr().out
    assert chinese_date_text(day) in flat("".join(pages_text(after.read_bytes())))
    assert chinese_date_text(day) not in flat("".join(pages_text(before.read_bytes())))
    assert run_command(["verify", str(path)]) == 0  # an audited change after 定稿: the file still verifies
    assert run_command(["verify", str(path), "--document", str(after)]) == 0
    assert run_command(["verify", str(path), "--document", str(before)]) == 1  # printed with the old date
    assert run_command(["print", str(path), "feedback", "--seq", "1", "-o", str(back), "--issued-on", "定稿日期"]) == 0
    assert back.read_bytes() == before.read_bytes()


@pytest.mark.parametrize("argv_tail, message", [
    (["feedback", "-o", "x.pdf", "--issued-on", "2026-02-30"], "格式不对"),
    (["feedback", "-o", "x.pdf", "--issued-on", "2001-01-01"], "早于会议日期"),
    (["ranking", "-o", "x.pdf", "--issued-on", "2027-01-05"], "只用于反馈意见"),
])
def test_print_issued_on_refusals(copy, tmp_path, capsys, monkeypatch, argv_tail, message):
    path = copy
    monkeypatch.chdir(tmp_path)
    assert run_command(["print", str(path)] + argv_tail) == 1
    assert message in capsys.readouterr().err
    assert not (tmp_path / "x.pdf").exists()
    with Meeting.open(path) as meeting:
        assert meeting.db.execute("SELECT issued_on FROM meeting").fetchone()[0] is None

