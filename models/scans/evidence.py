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


def kept_files(meeting) -> list[tuple[str, bytes]]:
    """(file name, bytes) of every scanned file the meeting read, each checked against its SHA-256: what a
    copy of the meeting file needs beside it (``‹copy›.扫描/``) to pass verify.  Refuses a missing or changed file."""
    try:
        kept = meeting.db.execute("SELECT DISTINCT sha256, suffix FROM scan_pages ORDER BY sha256").fetchall()
    except sqlite3.Error:  # a file from before scanning (read-only use)
        return []
    return [(_name(sha256, suffix), load(meeting.path, sha256, suffix)) for sha256, suffix in kept]


def is_archived_scan(relative: str) -> bool:
    """True for a file of a filing package's scan folder (``‹copy›.扫描/‹sha256›.‹suffix›``)."""
    folder, _, name = relative.rpartition("/")
    return folder.endswith(".扫描") and "/" not in folder and len(name.partition(".")[0]) == 64


def archived_scan_checks(meeting, relative: str, data: bytes) -> list[tuple[str, bool, str]]:
    """verify --document of a package: a kept scan is unchanged (its name is its SHA-256) and one the meeting read."""
    sha256 = relative.rpartition("/")[2].partition(".")[0]
    if hashlib.sha256(data).hexdigest() != sha256:
        return [(f"{relative}：扫描件未被改动", False, "SHA-256 与文件名不符：扫描件在备案后被改动过")]
    try:
        known = meeting.db.execute("SELECT 1 FROM scan_pages WHERE sha256 = ?", [sha256]).fetchone() is not None
    except sqlite3.Error:
        known = False
    return [(f"{relative}：是会议读入过的扫描件", known, "" if known else "会议文件没有读入过这个扫描件")]


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
