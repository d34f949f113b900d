"""`verify`: recheck a meeting file without changing it."""

from __future__ import annotations

from dataclasses import dataclass, field

from . import audit
from .meeting_file import Meeting


@dataclass
class VerifyReport:
    """What was checked, each with its verdict; ``ok`` only when every check passed."""

    checks: list[tuple[str, bool, str]] = field(default_factory=list)

    def add(self, name: str, ok: bool, detail: str = "") -> None:
        self.checks.append((name, ok, detail))

    @property
    def ok(self) -> bool:
        return all(ok for _, ok, _ in self.checks)

    def lines(self) -> list[str]:
        return [f"{'通过' if ok else '失败'}  {name}{'：' + detail if detail else ''}" for name, ok, detail in self.checks]


#: further checks (e.g. the finalisation fingerprint) register here: fn(meeting, report)
EXTRA_CHECKS: list = []


def verify_meeting(meeting: Meeting) -> VerifyReport:
    """Integrity, foreign keys, the audit chain, plus every check in EXTRA_CHECKS."""
    from . import ballots, decisions  # noqa: F401 — importing them registers their checks

    report = VerifyReport()
    rows = [r[0] for r in meeting.db.execute("PRAGMA integrity_check")]
    report.add("数据库完整性（integrity_check）", rows == ["ok"], "" if rows == ["ok"] else "；".join(rows[:5]))
    fk = meeting.db.execute("PRAGMA foreign_key_check").fetchall()
    report.add("引用完整性（foreign_key_check）", not fk, f"{len(fk)} 处引用断开" if fk else "")
    count = meeting.db.execute("SELECT count(*) FROM audit").fetchone()[0]
    faults = audit.verify(meeting.db)
    report.add(f"审计日志哈希链（{count} 条）", not faults, "；".join(faults[:5]))
    for check in EXTRA_CHECKS:
        check(meeting, report)
    return report
