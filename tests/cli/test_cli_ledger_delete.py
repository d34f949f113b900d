"""`ledger delete MEETING ID --reason TEXT`: an item added by mistake goes; a bad id, a locked item or
no reason exits 1 with one Chinese sentence and leaves the file byte for byte unchanged."""

from __future__ import annotations

import json

import pytest

from cli import run_command
from tests.cli.conftest import sha256_of


def _ids(path, capsys) -> list[int]:
    assert run_command(["ledger", "list", str(path), "--json"]) == 0
    return [i["id"] for i in json.loads(capsys.readouterr().out)]


def _add(path, capsys) -> int:
    argv = ["ledger", "add", str(path), "--seq", "2", "--source", "考核反馈", "--problem", "误加的问题"]
    assert run_command(argv) == 0
    return int(capsys.readouterr().out.strip())


def test_delete_an_added_item(copy, capsys):
    new_id = _add(copy, capsys)
    before = _ids(copy, capsys)
    assert run_command(["ledger", "delete", str(copy), str(new_id), "--reason", "误加"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"已删除台账问题 {new_id}") and "误加的问题" in out and "审计日志" in out
    assert _ids(copy, capsys) == [i for i in before if i != new_id]
    assert run_command(["verify", str(copy)]) == 0


@pytest.mark.parametrize(
    ("target", "reason", "message"),
    [
        ("first", "误记", "会上提出的问题，已随测评结果定稿锁定，不能删除"),
        ("9999", "误加", "台账中没有编号为 9999 的问题。请用 ledger list 查看编号。"),
        ("abc", "误加", "台账编号“abc”不是数字"),
        ("new", " ", "删除台账问题须写明理由"),
    ],
)
def test_refused_with_one_sentence_and_the_file_unchanged(copy, capsys, target, reason, message):
    new_id = _add(copy, capsys)
    item_id = {"first": str(_ids(copy, capsys)[0]), "new": str(new_id)}.get(target, target)
    before = sha256_of(copy)
    assert run_command(["ledger", "delete", str(copy), item_id, "--reason", reason]) == 1
    captured = capsys.readouterr()
    assert message in captured.err and "Traceback" not in captured.err and captured.out == ""
    assert sha256_of(copy) == before


def test_the_reason_is_required_on_the_command_line(copy, capsys):
    with pytest.raises(SystemExit) as exit_info:
        run_command(["ledger", "delete", str(copy), "1"])
    assert exit_info.value.code == 2 and "--reason" in capsys.readouterr().err
