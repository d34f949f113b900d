"""`verify`: recheck a meeting file without changing it.

What it checks: SQLite's own integrity and references; the schema against the one the migrations
make; the audit hash chain; the chain replayed against the data (the digests of setup, judgements
and ballots recorded by the newest audit row equal the data's, so no change lacks its audit row
and no audit row lacks its change); every ballot against its digest; and after 定稿 the recorded
fingerprint against one recomputed from the data the tally reads.

``results_faults`` is the quick form (no integrity_check, no per-ballot digests) that guards
official output: ``tally``, printing and ``archive`` refuse official results while it finds faults.
"""

from __future__ import annotations

import json
import sqlite3

from models.ballots.keying import check_digests
from models.counting.fingerprint import fingerprint_by
from models.meeting import Meeting, audit, backup, state, upgrade
from models.meeting.checks import VerifyReport
from models.scans.evidence import check_evidence

__all__ = ["VerifyReport", "results_faults", "verify_meeting"]

_PARTS = {
    "setup": "会议信息、述职人、类别、测评项目、计分规则、评价构成或分数",
    "judgement": "确定等次或定性为差",
    "ballots": "选票或其标记",
}


def verify_meeting(meeting: Meeting, *, full: bool = True) -> VerifyReport:
    """Every check, each with its verdict in Chinese; ``full=False`` skips the slow whole-file ones."""
    report = VerifyReport()
    db = meeting.db
    if full:
        rows = [r[0] for r in db.execute("PRAGMA integrity_check")]
        report.add("数据库完整性（integrity_check）", rows == ["ok"], "" if rows == ["ok"] else "；".join(rows[:5]))
        fk = db.execute("PRAGMA foreign_key_check").fetchall()
        report.add("引用完整性（foreign_key_check）", not fk, f"{len(fk)} 处引用断开" if fk else "")
    faults = upgrade.schema_faults(db)
    report.add("文件结构（数据表、视图、索引、触发器）", not faults, upgrade.describe(faults))
    _guarded(report, "审计日志哈希链", lambda: _check_chain(db, report))
    _guarded(report, "审计日志与数据一致（每项改动都有审计记录）", lambda: check_replay(meeting, report))
    if full:
        _guarded(report, "与最近的备份对照审计日志", lambda: check_backup_chain(meeting, report))
        _guarded(report, "选票记录完整", lambda: check_digests(meeting, report))
        check_evidence(meeting, report)
    _guarded(report, "定稿数据指纹（按决定结果的数据重新计算）", lambda: check_seal(meeting, report))
    return report


def _check_chain(db, report: VerifyReport) -> None:
    count = db.execute("SELECT count(*) FROM audit").fetchone()[0]
    faults = audit.verify(db)
    report.add(f"审计日志哈希链（{count} 条）", not faults, "；".join(faults[:5]))


def _guarded(report: VerifyReport, name: str, check) -> None:
    """Run one check; a file too broken for it (a dropped view or table) fails that check, not verify."""
    try:
        check()
    except sqlite3.Error as exc:
        report.add(name, False, f"无法核对（{exc}）：文件结构或内容已被破坏")


def check_replay(meeting: Meeting, report: VerifyReport) -> None:
    """The newest recorded state of the data (in the audit chain) against the data itself."""
    last = audit.last_state(meeting.db)
    if last is None:
        report.add("审计日志与数据一致", True, "本文件尚无数据状态记录（旧版本文件，升级后的第一次保存开始记录）")
        return
    row_id, recorded = last
    now = state.current(meeting.db)
    changed = [label for key, label in _PARTS.items() if recorded.get(key) != now[key]]
    faults = (
        [f"{'、'.join(changed)}在审计日志第 {row_id} 条之后被改动过，审计日志中没有相应记录（可能被其他软件直接修改）"]
        if changed
        else []
    )
    for found_id, action, text in meeting.db.execute(
        "SELECT id, action, state FROM audit WHERE state LIKE '%\"drift\"%' ORDER BY id"
    ):
        parts = "、".join(_PARTS.get(k, k) for k in json.loads(text).get("drift", []))
        faults.append(f"审计日志第 {found_id} 条（{action}）保存前，{parts}已在程序之外被改动过")
    report.add("审计日志与数据一致（每项改动都有审计记录）", not faults, "；".join(faults[:5]))


def check_backup_chain(meeting: Meeting, report: VerifyReport) -> None:
    """The newest good backup's audit log must be the beginning of the file's: rows removed from the
    end of the log (with their changes) or a rewritten chain show up against it."""
    found = backup.newest_good_backup(meeting.path)
    if found is None:
        report.add("与最近的备份对照审计日志", True, "没有可对照的备份")
        return
    try:
        conn = sqlite3.connect(f"{found.resolve().as_uri()}?mode=ro", uri=True)
        try:
            theirs = conn.execute("SELECT id, hash FROM audit ORDER BY id").fetchall()
        finally:
            conn.close()
    except sqlite3.Error:
        report.add("与最近的备份对照审计日志", True, f"备份 {found.name} 无法读取，未对照")
        return
    ours = dict(meeting.db.execute("SELECT id, hash FROM audit WHERE id <= ?", [len(theirs)]).fetchall())
    lost = [i for i, h in theirs if ours.get(i) != h]
    detail = (
        f"备份 {found.name} 中的审计日志第 {lost[0]} 条在本文件中缺失或不同（共 {len(lost)} 条）："
        "有记录在备份之后被删除或改写"
        if lost
        else f"与备份 {found.name} 衔接"
    )
    report.add("与最近的备份对照审计日志", not lost, detail)


def check_seal(meeting: Meeting, report: VerifyReport) -> None:
    """A finalised meeting's fingerprint and chain head against its 定稿 audit row and the data."""
    db = meeting.db
    finalized, stored, head = db.execute(
        "SELECT finalized, fingerprint, chain_head FROM meeting WHERE id = 1"
    ).fetchone()
    version, sealed, problem = upgrade.seal(db)
    if not finalized:
        report.add(
            "定稿数据指纹",
            sealed is None,
            "尚未定稿，无指纹可核对" if sealed is None else "审计日志记录会议已定稿，但文件中的定稿标记被撤销了",
        )
        return
    if sealed is None:
        report.add("定稿数据指纹", False, "文件标记为已定稿，但审计日志中没有定稿记录")
        return
    actual = fingerprint_by(meeting, version)
    faults = []
    if stored != sealed:
        faults.append(f"文件中的指纹 {str(stored)[:16]}… 与审计日志定稿记录的 {sealed[:16]}… 不同")
    if actual != sealed:
        faults.append(f"定稿时为 {sealed[:16]}…，按现在的数据重新计算为 {actual[:16]}…：决定结果的数据在定稿后被改动过")
    if problem:
        faults.append(problem)
    scope = "" if version >= 2 else "（本文件在旧版本中定稿，指纹只覆盖选票；重新打开后再定稿可覆盖全部设置和等次）"
    report.add("定稿数据指纹（按决定结果的数据重新计算）", not faults, "；".join(faults) or ("与定稿时一致" + scope))
    known = db.execute("SELECT 1 FROM audit WHERE hash = ?", [head]).fetchone() is not None
    report.add("定稿时的审计链头", known, "" if known else f"审计日志中找不到定稿时的链头 {head}")


def results_faults(meeting: Meeting) -> list[str]:
    """The faults that make official output untrustworthy (empty when none); cached until the next change."""
    key = (meeting.db.conn.total_changes, audit.chain_head(meeting.db))
    cached = getattr(meeting, "_results_faults", None)
    if cached is not None and cached[0] == key:
        return cached[1]
    report = verify_meeting(meeting, full=False)
    faults = [f"{name}：{detail}" if detail else name for name, ok, detail in report.checks if not ok]
    meeting._results_faults = (key, faults)
    return faults
