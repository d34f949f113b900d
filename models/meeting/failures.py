"""Every way opening, reading or writing a meeting file can fail, as one Chinese sentence.

``explain(path, exc)`` turns an ``sqlite3.Error`` or ``OSError`` into the PingyiError the clerk
sees: damaged (naming the newest good backup), held by another program, read-only, disk full,
or a lock that cannot be created.  Nothing here changes a file.
"""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

from models.errors import FileRefused, PingyiError


class FileDamaged(FileRefused):
    """The file cannot be read as a meeting; ``backup`` is the newest good backup (or None)."""

    def __init__(self, message: str, backup: Path | None = None, path: Path | None = None):
        super().__init__(message)
        self.backup = backup
        self.path = path


class FileReadOnly(PingyiError):
    """A change was attempted on a file opened read-only."""


class DiskFull(PingyiError):
    """The disk filled up during a save; the transaction was rolled back."""


class FileBusy(FileRefused):
    """Another program (not Pingyi) holds the file."""


_BUSY = ("database is locked", "database table is locked", "database is busy")
_READONLY = ("readonly database", "read-only", "readonly")
_FULL = ("database or disk is full", "disk is full")
_CANT_OPEN = ("unable to open database file",)


_opened: list[Path] = []


def opening(path: Path) -> None:
    """Remember the meeting file opened last (for a failure caught far from where it was opened)."""
    _opened[:] = [path]


def last_opened() -> Path | None:
    return _opened[0] if _opened else None


#: what a failure to read or write a meeting file raises when it escapes ``Meeting``'s own handling
FILE_FAILURES = (sqlite3.Error, OSError)


def explain_anywhere(exc: BaseException) -> PingyiError:
    """For the command line's last resort: an SQLite or OS failure outside ``Meeting``'s own handling."""
    path = last_opened()
    if isinstance(exc, sqlite3.Error) and path is not None:
        return explain(path, exc)
    if isinstance(exc, OSError):
        where = exc.filename or (path.name if path else "文件")
        if exc.errno == errno.ENOSPC:
            return PingyiError(f"磁盘已满，无法写入 {where}。请腾出磁盘空间后重试。")
        return PingyiError(f"无法读写 {where}（{exc.strerror or exc}）。请检查路径、磁盘空间和文件夹权限后重试。")
    return PingyiError(f"读取会议文件时出错（{exc}）。请运行 verify 检查会议文件。")


def newest_backup(path: Path) -> Path | None:
    from models.meeting.backup import newest_good_backup  # backup builds on file, which uses this module

    try:
        return newest_good_backup(path)
    except (OSError, sqlite3.Error):
        return None


def damaged(path: Path, detail: str) -> FileDamaged:
    """The damaged-file refusal, naming the newest good backup (the window offers to open a copy of it)."""
    backup = newest_backup(path)
    way_out = (
        f"最近的完好备份是 {backup}，请打开它（程序会先把它另存为新文件）。"
        if backup
        else "备份文件夹中没有可用的备份，请找回会议文件的其他副本。"
    )
    return FileDamaged(f"{path.name} 已损坏，无法读取（{detail[:200]}）。文件未做任何改动。{way_out}", backup, path)


def read_only(path: Path, action: str = "") -> FileReadOnly:
    doing = f"不能{action}" if action else "不能保存改动"
    return FileReadOnly(
        f"{path.name} 是只读打开的（文件或所在文件夹不可写），只能查看和打印草稿，{doing}。"
        "请把会议文件复制到可写的文件夹（如“文档”或桌面）后再打开，或请管理员取消只读。"
    )


def busy(path: Path) -> FileBusy:
    return FileBusy(
        f"{path.name} 正被另一个程序占用（例如数据库查看工具、同步盘或杀毒软件）。"
        "请关闭那个程序后再试；文件未做任何改动。"
    )


def disk_full(path: Path) -> DiskFull:
    return DiskFull(
        f"磁盘已满，刚才的操作没有保存（已撤销），{path.name} 保持操作前的状态。"
        "请删除一些不需要的文件、腾出磁盘空间后重试。"
    )


def lock_refused(lock: Path, exc: OSError) -> FileRefused:
    if isinstance(exc, IsADirectoryError) or lock.is_dir():
        reason = f"那里有一个同名的文件夹 {lock.name}"
        way_out = "请移走或改名这个文件夹后再打开。"
    elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        reason = "文件夹不可写"
        way_out = "请把会议文件复制到可写的文件夹后再打开。"
    else:
        reason = exc.strerror or str(exc)
        way_out = "请检查磁盘和文件夹权限后重试。"
    return FileRefused(
        f"无法在 {lock.parent} 建立锁文件 {lock.name}（{reason}），为防止两处同时修改，会议文件未打开。{way_out}"
    )


def explain(path: Path, exc: BaseException, *, writing: bool = False) -> PingyiError:
    """The Chinese refusal for a failure while opening, reading or writing ``path``."""
    if isinstance(exc, PingyiError):
        return exc
    text = str(exc).lower()
    if isinstance(exc, OSError):
        if exc.errno == errno.ENOSPC:
            return disk_full(path)
        if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            return (
                read_only(path)
                if writing
                else FileRefused(f"无法读取 {path.name}（{exc.strerror}）。请检查文件权限；文件未做任何改动。")
            )
        if exc.errno in (errno.EBUSY, errno.ETXTBSY) or getattr(exc, "winerror", None) in (32, 33):
            return busy(path)
        return FileRefused(f"无法读写 {path.name}（{exc.strerror or exc}）。请检查磁盘和文件夹后重试。")
    if any(k in text for k in _FULL):
        return disk_full(path)
    if any(k in text for k in _BUSY):
        return busy(path)
    if any(k in text for k in _READONLY):
        return read_only(path)
    if any(k in text for k in _CANT_OPEN):
        return FileRefused(f"无法打开 {path.name}（文件或所在文件夹不可访问）。请检查路径和权限；文件未做任何改动。")
    return damaged(path, str(exc))
