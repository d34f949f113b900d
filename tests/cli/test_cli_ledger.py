"""`ledger list|add|set|import|export`, `carry-over` and `print … ledger|progress`: as pinned in issue 13."""

from __future__ import annotations

import json
import shutil

import pytest

from cli import run_command
from tests.cli.conftest import sha256_of
from tests.printing.pdftext import flat, pages_text

KEYS = [
    "id",
    "seq",
    "reporter",
    "source",
    "problem",
    "measure",
    "owner",
    "due",
    "status",
    "overdue",
    "progress",
    "done",
    "carried_from",
]


def _list(path, capsys) -> list[dict]:
    assert run_command(["ledger", "list", str(path), "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_add_set_and_list(copy, capsys):
    assert (
        run_command(
            [
                "ledger",
                "add",
                str(copy),
                "--seq",
                "3",
                "--source",
                "考核反馈",
                "--problem",
                "发展党员不规范",
                "--measure",
                "严格程序",
                "--owner",
                "组织委员",
                "--due",
                "2026-01-31",
            ]
        )
        == 0
    )
    new_id = int(capsys.readouterr().out.strip())
    assert run_command(["ledger", "set", str(copy), str(new_id), "--progress", "已培训", "--date", "2026-01-10"]) == 0
    capsys.readouterr()
    items = _list(copy, capsys)
    assert all(list(i) == KEYS for i in items) and len(items) == 4
    added = next(i for i in items if i["id"] == new_id)
    assert added == {
        "id": new_id,
        "seq": 3,
        "reporter": added["reporter"],
        "source": "考核反馈",
        "problem": "发展党员不规范",
        "measure": "严格程序",
        "owner": "组织委员",
        "due": "2026-01-31",
        "status": "整改中",
        "overdue": True,
        "progress": [{"date": "2026-01-10", "text": "已培训"}],
        "done": "",
        "carried_from": None,
    }
    assert run_command(["ledger", "set", str(copy), str(new_id), "--done", "2026-02-01"]) == 0
    assert "已完成" in capsys.readouterr().out
    done = next(i for i in _list(copy, capsys) if i["id"] == new_id)
    assert (done["status"], done["done"], done["overdue"]) == ("已完成", "2026-02-01", False)


@pytest.mark.parametrize(
    "argv, message",
    [
        (["set", "99", "--status", "已完成"], "没有编号为 99"),
        (["set", "1", "--status", "搞定"], "整改状态“搞定”不对"),
        (["set", "1", "--due", "2026/02/30"], "不是日期"),
        (["set", "1", "--date", "2026-01-01"], "须与 --progress 一起使用"),
        (["add", "--seq", "1", "--source", "巡察", "--problem", "x"], "问题来源“巡察”不对"),
        (["add", "--seq", "1", "--source", "上级点评", "--problem", "x", "--due", "下月"], "完成时限“下月”不是日期"),
    ],
)
def test_bad_input_exits_1_and_leaves_the_file(copy, capsys, argv, message):
    before = sha256_of(copy)
    assert run_command(["ledger", argv[0], str(copy), *argv[1:]]) == 1
    assert message in capsys.readouterr().err and sha256_of(copy) == before


def test_print_ledger_and_progress_as_of(copy, tmp_path, capsys):
    assert run_command(["ledger", "set", str(copy), "1", "--done", "2026-01-15"]) == 0
    for kind, name in (("ledger", "整改台账"), ("progress", "整改落实情况通报")):
        out = tmp_path / f"{kind}.pdf"
        assert run_command(["print", str(copy), kind, "--as-of", "2027-04-01", "-o", str(out)]) == 0
        text = flat("".join(pages_text(out.read_bytes())))
        assert name in text and "截至2027年4月1日" in text
    assert "已完成整改1个" in text and "逾期未完成" in text
    assert run_command(["print", str(copy), "tally", "--as-of", "2027-04-01", "-o", str(tmp_path / "t.pdf")]) == 1
    assert "--as-of 只用于" in capsys.readouterr().err


def test_export_import_and_carry_over(copy, draft_path, tmp_path, capsys):
    (tmp_path / "表").mkdir()
    assert run_command(["ledger", "export", str(copy), "-o", str(tmp_path / "表")]) == 0
    [first, _] = sorted((tmp_path / "表").glob("*.xlsx"))
    assert run_command(["ledger", "import", str(copy), str(first)]) == 0
    assert "没有变化" in capsys.readouterr().out
    new = tmp_path / "新.pingyi"
    shutil.copyfile(draft_path, new)
    before = sha256_of(copy)
    assert run_command(["carry-over", str(new), "--from", str(copy)]) == 0
    assert "上年度会议文件未做任何改动" in capsys.readouterr().out and sha256_of(copy) == before
    carried = [i for i in _list(new, capsys) if i["carried_from"]]
    assert len(carried) == 3
    assert {i["source"] for i in carried} == {"上年度"} and carried[0]["carried_from"]["sha256"] == before


def test_a_circular_as_of_a_date_verifies_later(copy, tmp_path, capsys):
    out = tmp_path / "通报.pdf"
    assert run_command(["print", str(copy), "progress", "--as-of", "2026-10-01", "-o", str(out)]) == 0
    assert run_command(["ledger", "set", str(copy), "1", "--progress", "后来的进展", "--date", "2026-11-01"]) == 0
    capsys.readouterr()
    assert run_command(["verify", str(copy), "--document", str(out)]) == 0, capsys.readouterr().out
    assert run_command(["ledger", "set", str(copy), "1", "--done", "2026-09-15"]) == 0  # completed before that date
    assert run_command(["verify", str(copy), "--document", str(out)]) == 1
