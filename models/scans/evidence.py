"""The scanned files kept as evidence, beside the meeting file: ``会议.pingyi`` → ``会议.扫描/``.

Each file is kept once under its SHA-256 (the meeting file records the SHA-256 of every page it
read), so a stack scanned twice takes no more room and a changed file is seen as changed.
"""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

from models.errors import PingyiError
from models.meeting.files import write_atomically


def evidence_dir(meeting_path: str | Path) -> Path:
    path = Path(meeting_path)
    return path.with_name(f"{path.stem}.扫描")


def _name(sha256: str, suffix: str) -> str:
    return sha256 + (suffix.lower() if suffix else "")


def keep(meeting_path: str | Path, sha256: str, suffix: str, data: bytes) -> Path:
    """Store the scanned file (once) and return where it is."""
    folder = evidence_dir(meeting_path)
    target = folder / _name(sha256, suffix)
    if target.exists():
        return target
    try:
        folder.mkdir(exist_ok=True)
    except OSError as exc:
        raise PingyiError(f"无法创建扫描存档文件夹 {folder}：{exc.strerror or exc}。请检查磁盘空间和权限。") from exc
    write_atomically(target, data, way_out="本页未读入，请检查磁盘后重新扫描。")
    return target


def load(meeting_path: str | Path, sha256: str, suffix: str) -> bytes:
    """The kept file's bytes, checked against its SHA-256."""
    target = evidence_dir(meeting_path) / _name(sha256, suffix)
    try:
        data = target.read_bytes()
    except OSError as exc:
        raise PingyiError(
            f"找不到扫描存档 {target.name}（应在 {target.parent}）。扫描存档文件夹须与会议文件放在一起；"
            "请把它移回原处，或重新扫描这一页。"
        ) from exc
    if hashlib.sha256(data).hexdigest() != sha256:
        raise PingyiError(f"扫描存档 {target.name} 已被改动（SHA-256 不符），不能作为证据使用。请重新扫描这一页。")
    return data


def check_evidence(meeting, report) -> None:
    """Adds to a verify report whether every scanned file the meeting read is still beside it, unchanged."""
    try:
        kept = meeting.db.execute("SELECT DISTINCT sha256, suffix FROM scan_pages").fetchall()
    except sqlite3.Error:  # a file too broken for it: the schema check says so
        return
    if not kept:
        return
    folder = evidence_dir(meeting.path)
    faults = []
    for sha256, suffix in kept:
        target = folder / _name(sha256, suffix)
        try:
            same = hashlib.sha256(target.read_bytes()).hexdigest() == sha256
        except OSError:
            faults.append(f"{target.name} 不见了")
            continue
        if not same:
            faults.append(f"{target.name} 已被改动")
    detail = "；".join(faults[:5]) + (f"；等共 {len(faults)} 个" if len(faults) > 5 else "")
    if faults:
        detail += f"（应在 {folder}，须与会议文件放在一起）"
    report.add(f"扫描存档（{len(kept)} 个文件）", not faults, detail)
