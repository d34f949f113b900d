"""The meeting file: create/open, refusals that never modify, the lock, versions, the audit chain."""

import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from models.counting import verify_meeting
from models.errors import FileLocked, FileRefused, MeetingFinalized
from models.meeting import Meeting, audit, schema
from models.setup import add_reporter, list_reporters

ROOT = Path(__file__).resolve().parents[3]


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_new_file_has_schema_pragmas_and_defaults(meeting, meeting_path):
    db = meeting.db
    assert db.execute("PRAGMA user_version").fetchone()[0] == schema.schema_version()
    assert db.execute("PRAGMA application_id").fetchone()[0] == schema.APPLICATION_ID
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert db.execute("SELECT name, is_overall FROM items").fetchall() == [("总体评价", 1)]
    strict = db.execute("SELECT name FROM sqlite_master WHERE type='table' AND sql NOT LIKE '%STRICT%' "
                        "AND name NOT LIKE 'sqlite_%' AND name != '_sqlite_migrations'").fetchall()
    assert strict == []


def test_create_refuses_to_overwrite(meeting_path):
    meeting_path.write_bytes(b"keep me")
    with pytest.raises(FileRefused, match="已存在"):
        Meeting.create(meeting_path)
    assert meeting_path.read_bytes() == b"keep me"


def test_reopen_keeps_changes(meeting_path):
    with Meeting.create(meeting_path) as m:
        add_reporter(m, "张三", "一支部")
    with Meeting.open(meeting_path) as m:
        assert [r.name for r in list_reporters(m)] == ["张三"]


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "不是 Pingyi 会议文件"),
        (b"PK\x03\x04 this is a zip" * 20, "不是 Pingyi 会议文件"),
        ("述职人名单".encode() * 50, "不是 Pingyi 会议文件"),
    ],
)
def test_foreign_files_are_refused_untouched(tmp_path, content, message):
    path = tmp_path / "x.pingyi"
    path.write_bytes(content)
    with pytest.raises(FileRefused, match=message):
        Meeting.open(path)
    assert path.read_bytes() == content


def test_other_sqlite_file_is_refused_untouched(tmp_path):
    path = tmp_path / "other.pingyi"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    before = _sha(path)
    with pytest.raises(FileRefused, match="不是 Pingyi 会议文件"):
        Meeting.open(path)
    assert _sha(path) == before


def test_newer_file_is_refused_untouched(meeting_path):
    Meeting.create(meeting_path).close()
    conn = sqlite3.connect(meeting_path)
    conn.execute(f"PRAGMA user_version = {schema.schema_version() + 1}")
    conn.commit()
    conn.close()
    before = _sha(meeting_path)
    with pytest.raises(FileRefused, match="更新版本"):
        Meeting.open(meeting_path)
    assert _sha(meeting_path) == before


def test_damaged_file_is_refused_untouched(meeting_path):
    with Meeting.create(meeting_path) as m:
        for i in range(200):
            add_reporter(m, f"述职人{i}", "某某单位" * 10)
    data = bytearray(meeting_path.read_bytes())
    # scribble over the middle pages, keep the header
    for i in range(4096 + 200, min(len(data), 4096 * 6), 7):
        data[i] = (data[i] + 91) % 256
    meeting_path.write_bytes(bytes(data))
    before = _sha(meeting_path)
    with pytest.raises(FileRefused, match="损坏"):
        Meeting.open(meeting_path)
    assert _sha(meeting_path) == before


def test_missing_file_is_refused(tmp_path):
    with pytest.raises(FileRefused, match="找不到文件"):
        Meeting.open(tmp_path / "none.pingyi")


def test_older_schema_is_migrated(meeting_path):
    Meeting.create(meeting_path).close()
    conn = sqlite3.connect(meeting_path)
    conn.execute("PRAGMA user_version = 0")
    conn.commit()
    conn.close()
    with Meeting.open(meeting_path) as m:
        assert m.db.execute("PRAGMA user_version").fetchone()[0] == schema.schema_version()


def test_second_open_in_same_process_is_refused(meeting, meeting_path):
    with pytest.raises(FileLocked, match="另一个窗口"):
        Meeting.open(meeting_path)


_HOLDER = """
import sys, time
sys.path.insert(0, {root!r})
from models.meeting import Meeting
m = Meeting.open({path!r})
print("LOCKED", flush=True)
time.sleep(60)
"""


def _start_holder(path: Path) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-c", _HOLDER.format(root=str(ROOT), path=str(path))],
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "LOCKED"
    return proc


def test_lock_refuses_second_process_and_is_taken_over_after_kill(meeting_path):
    Meeting.create(meeting_path).close()
    holder = _start_holder(meeting_path)
    try:
        with pytest.raises(FileLocked, match=f"进程 {holder.pid}"):
            Meeting.open(meeting_path)
    finally:
        os.kill(holder.pid, signal.SIGKILL)
        holder.wait()
    assert Path(str(meeting_path) + ".lock").exists()  # stale lock left by the crash
    with Meeting.open(meeting_path) as m:  # ... is taken over
        assert m.finalized is False


def test_every_write_is_audited_and_chained(meeting):
    add_reporter(meeting, "张三")
    add_reporter(meeting, "李四")
    rows = audit.entries(meeting.db)
    assert [r["action"] for r in rows] == ["创建会议文件", "增加述职人", "增加述职人"]
    assert rows[2]["detail"]["name"] == "李四"
    assert audit.verify(meeting.db) == []


@pytest.mark.parametrize("statement", ["UPDATE audit SET detail = '{}' WHERE id = 1", "DELETE FROM audit WHERE id = 1"])
def test_audit_log_refuses_update_and_delete(meeting, statement):
    with pytest.raises(sqlite3.DatabaseError, match="审计日志只能追加"):
        meeting.db.execute(statement)


def test_tampered_audit_row_is_detected(meeting):
    add_reporter(meeting, "张三")
    add_reporter(meeting, "李四")
    db = meeting.db
    db.execute("DROP TRIGGER audit_no_update")  # what a tamperer with another tool would do
    db.execute("UPDATE audit SET detail = replace(detail, '李四', '王五') WHERE id = 3")
    db.conn.commit()
    faults = audit.verify(db)
    assert faults and "第 3 条" in faults[0]
    report = verify_meeting(meeting)
    assert not report.ok


def test_failed_operation_stores_nothing(meeting):
    before = meeting.db.execute("SELECT count(*) FROM audit").fetchone()[0]
    with pytest.raises(RuntimeError):
        with meeting.write("增加述职人", {"name": "半截"}) as db:
            db["reporters"].insert({"seq": 1, "name": "半截", "speak_order": 1})
            raise RuntimeError("boom")
    assert meeting.db.execute("SELECT count(*) FROM reporters").fetchone()[0] == 0
    assert meeting.db.execute("SELECT count(*) FROM audit").fetchone()[0] == before


def test_writes_refused_after_finalize(meeting):
    meeting.db.execute("UPDATE meeting SET finalized = 1")
    meeting.db.conn.commit()
    with pytest.raises(MeetingFinalized, match="重新打开"):
        add_reporter(meeting, "张三")


def test_verify_command_reports_checks(meeting_path):
    Meeting.create(meeting_path).close()
    out = subprocess.run([sys.executable, "main.py", "verify", str(meeting_path)], cwd=ROOT,
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert "审计日志哈希链" in out.stdout and "全部通过" in out.stdout


def test_cli_usage_error_exits_2():
    out = subprocess.run([sys.executable, "main.py", "no-such-command"], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 2
    assert "用法错误" in out.stderr


@pytest.mark.parametrize("value, stored", [("否", False), ("是", True), (False, False), ("0", False), (True, True)])
def test_double_entry_rule_reads_yes_no(meeting, value, stored):
    from models.setup import get_rules, set_rules

    set_rules(meeting, double_entry=value)
    assert get_rules(meeting).double_entry is stored


def test_double_entry_rule_refuses_other_text(meeting):
    from models.errors import InputErrors
    from models.setup import set_rules

    with pytest.raises(InputErrors, match="只能填“是”或“否”"):
        set_rules(meeting, double_entry="也许")


def test_damaged_file_message_offers_the_newest_good_backup(meeting_path):
    from models.meeting import backup

    with Meeting.create(meeting_path) as m:
        for i in range(200):
            add_reporter(m, f"述职人{i}", "某某单位" * 10)
        saved = backup.backup_now(m)
    data = bytearray(meeting_path.read_bytes())
    for i in range(4096 + 200, min(len(data), 4096 * 6), 7):
        data[i] = (data[i] + 91) % 256
    meeting_path.write_bytes(bytes(data))
    with pytest.raises(FileRefused, match="最近的完好备份") as err:
        Meeting.open(meeting_path)
    assert str(saved) in str(err.value)
    with Meeting.open(saved) as restored:
        assert len(list_reporters(restored)) == 200


def test_verify_includes_the_ballot_and_fingerprint_checks(meeting):
    names = [name for name, _, _ in verify_meeting(meeting).checks]
    assert any("选票" in n for n in names) and any("指纹" in n for n in names)
