"""The pinned ``materials`` command: by file, by folder, the speech, ``--json``; refusals and usage errors."""

from __future__ import annotations

import json
import shutil

import pytest

from cli import run_command
from models.meeting import Meeting
from models.setup import list_reporters
from tests.models.materials.samples import (
    chinese_text,
    make_docx,
    make_pdf,
    make_renamed_zip,
    make_report_docx,
    make_scanned_pdf,
    make_self_eval_docx,
)


@pytest.fixture
def demo(draft_path, tmp_path):
    path = tmp_path / "会议.pingyi"
    shutil.copy(draft_path, path)
    with Meeting.open(path) as meeting:
        names = [r.name for r in list_reporters(meeting)]
    return path, names


def _json(path, capsys) -> dict[int, dict]:
    capsys.readouterr()
    assert run_command(["materials", str(path), "--json"]) == 0
    return {row["seq"]: row for row in json.loads(capsys.readouterr().out)}


def test_by_file_then_json(demo, tmp_path, capsys):
    path, names = demo
    report = make_report_docx(tmp_path / "r.docx", names[0], 2700)
    self_eval = make_pdf(tmp_path / "s.pdf", "自我评价\n" + chinese_text(146))
    assert (
        run_command(["materials", str(path), "--seq", "1", "--report", str(report), "--self-eval", str(self_eval)]) == 0
    )
    out = capsys.readouterr().out
    assert f"已添加：1 号 {names[0]}的述职报告 r.docx（2,700 字）" in out and "超过 2,500 字" in out
    rows = _json(path, capsys)
    assert rows[1] == {
        "seq": 1,
        "name": names[0],
        "report_chars": 2700,
        "report_over": True,
        "self_eval_chars": 150,
        "self_eval_off": False,
        "missing": [],
    }
    assert rows[2]["missing"] == ["report", "self_eval"] and rows[2]["report_over"] is False


def test_by_folder_with_the_speech_and_unmatched_listed(demo, tmp_path, capsys):
    path, names = demo
    folder = tmp_path / "材料"
    make_report_docx(folder / f"{names[0]}-述职报告.docx", names[0], 2400)
    make_self_eval_docx(folder / f"{names[0]}-自我评价.docx", names[0], 150)
    make_report_docx(folder / f"{names[1]}-述职报告.docx", names[1], 2700)
    make_self_eval_docx(folder / f"{names[1]}-自我评价.docx", names[1], 400)
    (folder / "通知.txt").write_text("请各位书记按时报送材料。", encoding="gb18030")
    assert run_command(["materials", str(path), "--folder", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "未匹配：通知.txt——文件名中没有名单上的述职人姓名" in out
    rows = _json(path, capsys)
    assert [
        (rows[s]["report_chars"], rows[s]["report_over"], rows[s]["self_eval_chars"], rows[s]["self_eval_off"])
        for s in (1, 2)
    ] == [(2400, False, 150, False), (2700, True, 400, True)]
    speech = make_docx(tmp_path / "讲话.docx", ["在述职评议会上的讲话", chinese_text(1500)])
    assert run_command(["materials", str(path), "--speech", str(speech)]) == 0
    assert "书记讲话：讲话.docx（1,510 字）" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: make_renamed_zip(d / "假.docx"), "是一个压缩包"),
        (lambda d: make_scanned_pdf(d / "扫描.pdf"), "没有文字层"),
    ],
)
def test_a_bad_file_is_refused_with_exit_1_and_nothing_stored(demo, tmp_path, capsys, make, message):
    path, _ = demo
    assert run_command(["materials", str(path), "--seq", "1", "--report", str(make(tmp_path))]) == 1
    assert message in capsys.readouterr().err
    assert _json(path, capsys)[1]["missing"] == ["report", "self_eval"]
    with Meeting.open(path) as meeting:
        assert meeting.db.execute("SELECT count(*) FROM materials").fetchone()[0] == 0


@pytest.mark.parametrize(
    "argv, message",
    [
        (["--report", "x.docx"], "需要用 --seq"),
        (["--seq", "1"], "--seq 需要和"),
        (["--remove", "report"], "需要用 --seq N"),
    ],
)
def test_usage_errors(demo, capsys, argv, message):
    path, _ = demo
    with pytest.raises(SystemExit) as exit_info:
        run_command(["materials", str(path)] + argv)
    assert exit_info.value.code == 2 and message in capsys.readouterr().err


def test_remove_a_material(demo, tmp_path, capsys):
    path, names = demo
    report = make_report_docx(tmp_path / "r.docx", names[0], 2400)
    assert run_command(["materials", str(path), "--seq", "1", "--report", str(report)]) == 0
    assert run_command(["materials", str(path), "--seq", "1", "--remove", "report"]) == 0
    assert f"已移除：1 号 {names[0]}的述职报告 r.docx" in capsys.readouterr().out
    assert _json(path, capsys)[1]["missing"] == ["report", "self_eval"]
    assert run_command(["materials", str(path), "--remove", "speech"]) == 1
    assert "会议的书记讲话尚未添加" in capsys.readouterr().err
