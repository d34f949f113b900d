"""m007_ledger: a file made before the ledger keeps its problems, now ledger items."""

from __future__ import annotations

from models import ledger
from models.labels import LedgerStatus
from models.meeting import Meeting
from tests.models.older_file import older_database


def test_an_older_file_keeps_its_problems_as_ledger_items(tmp_path):
    path = tmp_path / "旧版.pingyi"
    db = older_database(path, "m007_ledger")
    with db.conn:
        db.execute("INSERT INTO reporters (id, seq, name, unit, speak_order) VALUES (1, 1, '张三', '白云镇党委', 1)")
        db.execute(
            "INSERT INTO problems (reporter_id, position, text, source, measure, owner, deadline) "
            "VALUES (1, 1, '学习不够', 'masses', '每月学习', '张三', '2027年6月底')"
        )
    db.conn.close()
    with Meeting.open(path) as m:
        [item] = ledger.list_items(m)
        assert (item.problem, item.source.label, item.measure, item.owner) == (
            "学习不够",
            "群众评议",
            "每月学习",
            "张三",
        )
        assert item.status is LedgerStatus.TODO and item.due_date.isoformat() == "2027-06-30"
        assert m.db.execute("PRAGMA foreign_key_check").fetchall() == []
