"""`verify`: recheck a meeting file without changing it."""

from __future__ import annotations

from models.ballots.keying import check_digests
from models.counting.decisions import check_fingerprint
from models.meeting import Meeting, audit
from models.meeting.checks import VerifyReport

__all__ = ["VerifyReport", "verify_meeting"]


def verify_meeting(meeting: Meeting) -> VerifyReport:
    """Integrity, foreign keys, the audit chain, every ballot against its digest and the 定稿 fingerprint."""
    report = VerifyReport()
    rows = [r[0] for r in meeting.db.execute("PRAGMA integrity_check")]
    report.add("数据库完整性（integrity_check）", rows == ["ok"], "" if rows == ["ok"] else "；".join(rows[:5]))
    fk = meeting.db.execute("PRAGMA foreign_key_check").fetchall()
    report.add("引用完整性（foreign_key_check）", not fk, f"{len(fk)} 处引用断开" if fk else "")
    count = meeting.db.execute("SELECT count(*) FROM audit").fetchone()[0]
    faults = audit.verify(meeting.db)
    report.add(f"审计日志哈希链（{count} 条）", not faults, "；".join(faults[:5]))
    check_digests(meeting, report)
    check_fingerprint(meeting, report)
    return report
