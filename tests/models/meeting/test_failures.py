"""Every failure to open or write a meeting file is one Chinese sentence, never a traceback (issue 17)."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest

from cli import run_command
from models.counting import compute_tally, decisions
from models.demo import create_demo
from models.errors import FileRefused, PingyiError
from models.meeting import Meeting, audit, backup
from models.meeting.failures import DiskFull, FileBusy, FileDamaged, FileReadOnly
from models.setup import list_reporters


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    path = create_demo(tmp_path_factory.mktemp("demo") / "示例.pingyi", reporters=4)
    return path


@pytest.fixture
def copy(demo, tmp_path):
    path = tmp_path / "会议.pingyi"
    shutil.copy(demo, path)
    return path


def cli(capsys, *args) -> tuple[int, str, str]:
    code = run_command([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def one_sentence(err: str) -> str:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and "Traceback" not in err, err
    return lines[0]


# -- damaged --------------------------------------------------------------------------
def test_truncated_file_names_the_newest_good_backup_in_cli_and_open(copy, capsys):
    with Meeting.open(copy) as m:
        saved = backup.backup_now(m)
    size = copy.stat().st_size
    with open(copy, "r+b") as fh:
        fh.truncate(size // 3)
    with pytest.raises(FileDamaged) as err:
        Meeting.open(copy)
    assert err.value.backup == saved and str(saved) in str(err.value)
    code, _, text = cli(capsys, "tally", copy)
    assert code == 1 and "已损坏" in one_sentence(text) and saved.name in text


def test_any_sqlite_error_while_reading_is_the_damaged_message(copy, capsys, monkeypatch):
    """A fault found only after opening (here: a page SQLite cannot read) still ends as one sentence."""
    import cli.counting as counting

    def broken(meeting):
        raise sqlite3.DatabaseError("database disk image is malformed")

    monkeypatch.setattr(counting, "compute_tally", broken)
    code, _, text = cli(capsys, "tally", copy)
    assert code == 1 and "已损坏" in one_sentence(text) and copy.name in text


# -- held by another program ------------------------------------------------------------
def test_file_held_by_another_program(copy, capsys):
    other = sqlite3.connect(copy)
    other.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(FileBusy, match="另一个程序占用"):
            Meeting.open(copy)
    finally:
        other.rollback()
        other.close()
    with Meeting.open(copy) as m:  # and nothing was left behind
        assert list_reporters(m)


# -- disk full ----------------------------------------------------------------------------
def test_disk_full_rolls_back_and_says_so(copy):
    with Meeting.open(copy) as m:
        rid = list_reporters(m)[0].id
        before = (_flags(m), audit.chain_head(m.db))
        pages = m.db.execute("PRAGMA page_count").fetchone()[0]
        m.db.execute(f"PRAGMA max_page_count = {pages}")  # the file may not grow: SQLite says the disk is full
        with pytest.raises(DiskFull, match="磁盘已满.*已撤销"):
            decisions.flag(m, rid, "被问责" * 3000)
        assert (_flags(m), audit.chain_head(m.db)) == before
        m.db.execute(f"PRAGMA max_page_count = {pages * 100}")
        decisions.flag(m, rid, "被问责" * 3000)  # and the next save works
        assert _flags(m) == before[0] + 1


def _flags(m) -> int:
    return m.db.execute("SELECT count(*) FROM flags").fetchone()[0]


# -- read-only -------------------------------------------------------------------------
def _read_only(path: Path):
    """Make ``path`` unwritable even for root (chattr +i); skip where that is impossible."""
    if os.geteuid() != 0:
        path.chmod(0o555 if path.is_dir() else 0o444)
        return lambda: path.chmod(0o755 if path.is_dir() else 0o644)
    done = subprocess.run(["chattr", "+i", str(path)], capture_output=True)
    if done.returncode != 0:
        pytest.skip("cannot make a file read-only here")
    return lambda: subprocess.run(["chattr", "-i", str(path)], check=True)


@pytest.mark.parametrize("what", ["file", "folder"])
def test_read_only_opens_for_viewing_and_refuses_writing(copy, capsys, what):
    undo = _read_only(copy if what == "file" else copy.parent)
    try:
        with Meeting.open(copy) as m:
            assert m.read_only and compute_tally(m).reporters
            with pytest.raises(FileReadOnly, match="只读.*复制到可写的文件夹"):
                decisions.flag(m, list_reporters(m)[0].id, "测试")
        code, out, _ = cli(capsys, "tally", copy)
        assert code == 0 and "草稿" in out
        code, _, text = cli(capsys, "flag", copy, "--seq", "1", "--reason", "测试")
        assert code == 1 and "只读" in one_sentence(text)
    finally:
        undo()


def test_lock_path_that_is_a_folder(copy, capsys):
    copy.with_name(copy.name + ".lock").mkdir()
    with pytest.raises(FileRefused, match="同名的文件夹"):
        Meeting.open(copy)
    code, _, text = cli(capsys, "tally", copy)
    assert code == 1 and "锁文件" in one_sentence(text)


# -- foreign schema --------------------------------------------------------------------------
@pytest.mark.parametrize(
    "statement, words",
    [
        ("DROP VIEW official_ballots", "缺少视图 official_ballots"),
        ("CREATE TABLE extra (x)", "多出数据表 extra"),
        ("DROP TRIGGER audit_no_delete", "缺少触发器 audit_no_delete"),
    ],
)
def test_schema_not_made_by_the_migrations_is_refused(copy, capsys, statement, words):
    conn = sqlite3.connect(copy)
    conn.execute(statement)
    conn.commit()
    conn.close()
    code, _, text = cli(capsys, "tally", copy)
    assert code == 1 and words in one_sentence(text)


# -- backups ------------------------------------------------------------------------------------
def test_a_backup_that_cannot_be_written_warns_once(copy, capsys):
    backup.backup_dir(copy).write_text("这里被一个文件占了")  # the backup folder cannot be made
    code, out, err = cli(capsys, "flag", copy, "--seq", "1", "--reason", "测试")
    assert code == 0
    warnings = [line for line in err.splitlines() if "自动备份未能写入" in line]
    assert len(warnings) == 1 and "会议文件本身已保存" in warnings[0]
    with Meeting.open(copy) as m:
        assert audit.entries(m.db)[-1]["action"] == "定性为差"


def test_create_in_a_folder_that_cannot_take_the_lock(tmp_path):
    target = tmp_path / "新会议.pingyi"
    target.with_name(target.name + ".lock").mkdir()
    with pytest.raises(PingyiError, match="同名的文件夹"):
        Meeting.create(target)
    assert not target.exists()
