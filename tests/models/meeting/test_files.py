"""Output files are written whole or not at all."""

import pytest

from models.errors import PingyiError
from models.meeting.files import write_atomically


def test_writes_and_replaces(tmp_path):
    target = tmp_path / "结果.xlsx"
    target.write_bytes(b"old")
    assert write_atomically(target, b"new") == target
    assert target.read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["结果.xlsx"]


def test_refusal_names_the_file_and_leaves_nothing(tmp_path):
    target = tmp_path / "一个文件夹"
    target.mkdir()
    (target / "inside.txt").write_text("x")
    with pytest.raises(PingyiError, match="无法写入 .*一个文件夹.*请换一个位置"):
        write_atomically(target, b"data", way_out="请换一个位置。")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["一个文件夹"]
    assert (target / "inside.txt").read_text() == "x"


def test_missing_folder_is_refused(tmp_path):
    with pytest.raises(PingyiError, match="请检查文件夹是否存在"):
        write_atomically(tmp_path / "没有" / "a.pdf", b"%PDF")
