"""verify --document on a draft: the draft carries the time it was printed, which a re-rendering cannot know;
only that time is set aside, every other byte must still match."""

from __future__ import annotations

import re

from cli import run_command


def _print_ranking(path, target) -> bytes:
    assert run_command(["print", str(path), "ranking", "-o", str(target)]) == 0
    return target.read_bytes()


def test_a_draft_printed_earlier_still_verifies(draft_path, tmp_path, capsys):
    target = tmp_path / "排名表.pdf"
    pdf = _print_ranking(draft_path, target)
    earlier = re.sub(rb"\(D:\d{14}", b"(D:20260101080000", pdf)  # printed at another moment
    assert earlier != pdf
    target.write_bytes(earlier)
    capsys.readouterr()
    assert run_command(["verify", str(draft_path), "--document", str(target)]) == 0
    assert "与重新生成的文档逐字节相同" in capsys.readouterr().out


def test_a_draft_changed_elsewhere_still_fails(draft_path, tmp_path, capsys):
    target = tmp_path / "排名表.pdf"
    pdf = _print_ranking(draft_path, target)
    box = re.search(rb"/MediaBox \[ 0 0 (\d+\.\d+)", pdf)
    assert box
    changed = pdf[: box.end() - 1] + (b"0" if pdf[box.end() - 1 : box.end()] != b"0" else b"1") + pdf[box.end() :]
    target.write_bytes(changed)  # same length, one digit of the first page's size off
    capsys.readouterr()
    assert run_command(["verify", str(draft_path), "--document", str(target)]) == 1
    assert "失败" in capsys.readouterr().out
