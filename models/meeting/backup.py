"""Rolling backups through SQLite's backup API, in a folder beside the meeting file.

``install(meeting)`` right after opening: a backup every ``EVERY`` ballots and one on
close (when anything changed).  The newest ``KEEP`` backups stay.  A backup is written
under a temporary name and renamed, so a crash never leaves a half backup under a real
name; ``newest_good_backup`` still checks each candidate with ``quick_check``.
"""

from __future__ import annotations

import os
import re
import sqlite3
import weakref
from dataclasses import dataclass
from pathlib import Path

from models import clock
from models.errors import PingyiError
from models.meeting import audit, schema

EVERY = 50
KEEP = 10
_NAME = re.compile(r"^(?P<stem>.+)-(?P<index>\d{5})-\d{8}-\d{6}\.pingyi$")


@dataclass
class _State:
    saved_since: int = 0
    head_at_backup: str | None = None
    problem: str | None = None
    warned: bool = False


_STATES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def backup_dir(path: str | Path) -> Path:
    """The backup folder of a meeting file: ``会议.pingyi`` → ``会议.备份/``."""
    path = Path(path)
    return path.with_name(f"{path.stem}.备份")


def install(meeting) -> None:
    """Back up ``meeting`` every EVERY ballots and when it closes (idempotent)."""
    if meeting in _STATES:
        return
    _STATES[meeting] = _State(head_at_backup=audit.chain_head(meeting.db))
    meeting.on_close(_on_close)


def last_problem(meeting) -> str | None:
    """Why the last automatic backup failed (Chinese), or None."""
    state = _STATES.get(meeting)
    return state.problem if state else None


def ballots_saved(meeting, count: int) -> None:
    """Called after ballots were committed: backs up once EVERY have been saved since the last backup."""
    install(meeting)
    state = _STATES[meeting]
    state.saved_since += count
    if state.saved_since >= EVERY:
        _quietly(meeting)


def _on_close(meeting) -> None:
    state = _STATES.get(meeting)
    if state is not None and audit.chain_head(meeting.db) != state.head_at_backup:
        _quietly(meeting)


_WARNINGS: list[str] = []  # backup failures not yet shown on the command line (each meeting warns once)


def _quietly(meeting) -> None:
    # an automatic backup must never turn a committed save into an error
    state = _STATES[meeting]
    try:
        backup_now(meeting)
        return
    except PingyiError as err:
        problem = str(err)
    except Exception as exc:  # noqa: BLE001 - the save is committed; report, never raise
        problem = f"自动备份失败：{exc}"
    if state.problem is None and not state.warned:
        state.warned = True
        _WARNINGS.append(f"警告：自动备份未能写入，会议文件本身已保存。{problem}")
    state.problem = problem


def take_warnings() -> list[str]:
    """Backup failures to show once (the command line prints them after the command)."""
    out, _WARNINGS[:] = list(_WARNINGS), []
    return out


def backup_now(meeting) -> Path:
    """Copy the meeting file into its backup folder now; returns the new backup's path."""
    folder = backup_dir(meeting.path)
    existing = list_backups(meeting.path)
    index = 1 + max((_index(p) for p in existing), default=0)
    target = folder / f"{meeting.path.stem}-{index:05d}-{clock.now():%Y%m%d-%H%M%S}.pingyi"
    try:
        folder.mkdir(exist_ok=True)
    except OSError as exc:
        raise PingyiError(f"无法写入备份到 {folder}：{exc}。请检查磁盘空间和文件夹权限。") from exc
    copy_database(meeting, target)
    state = _STATES.setdefault(meeting, _State())
    state.saved_since, state.head_at_backup, state.problem = 0, audit.chain_head(meeting.db), None
    _prune(meeting.path)
    return target


def copy_database(meeting, target: str | Path) -> Path:
    """A consistent copy of the open meeting at ``target`` (SQLite backup API), written under a
    temporary name and renamed when complete; refuses (PingyiError) when it cannot be written."""
    target = Path(target)
    temporary = target.with_name(target.name + ".tmp")
    try:
        dest = sqlite3.connect(str(temporary))
        try:
            meeting.db.conn.backup(dest)
        finally:
            dest.close()
        os.replace(temporary, target)
    except (OSError, sqlite3.Error) as exc:
        _remove(temporary)
        raise PingyiError(f"无法写入 {target}：{exc}。请检查磁盘空间和文件夹权限。") from exc
    return target


def save_copy(meeting, target: str | Path) -> Path:
    """另存为: copy the open meeting to ``target``; refuses the file itself or one open elsewhere."""
    from models.meeting.lock import FileLock

    target = Path(target)
    if target.resolve() == meeting.path.resolve():
        raise PingyiError(f"{target.name} 就是当前打开的文件。请换一个文件名。")
    lock = FileLock(target).acquire()  # refuses a file open in another window
    try:
        return copy_database(meeting, target)
    finally:
        lock.release()


def _index(path: Path) -> int:
    match = _NAME.match(path.name)
    return int(match["index"]) if match else 0


def list_backups(path: str | Path) -> list[Path]:
    """The backups of a meeting file, newest first."""
    folder = backup_dir(path)
    if not folder.is_dir():
        return []
    found = [p for p in folder.iterdir() if _NAME.match(p.name)]
    return sorted(found, key=_index, reverse=True)


def _remove(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError:
        pass


def _prune(path: Path) -> None:
    for old in list_backups(path)[KEEP:]:
        _remove(old)


def is_good(path: Path) -> bool:
    """A backup that SQLite reads without fault (quick_check) and that is a Pingyi meeting file."""
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return False
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        return app_id == schema.APPLICATION_ID and conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    except sqlite3.Error:
        return False
    finally:
        conn.close()


def newest_good_backup(path: str | Path) -> Path | None:
    """The newest backup of ``path`` that passes ``is_good``, or None (for the "damaged file" message)."""
    return next((p for p in list_backups(path) if is_good(p)), None)


def restore_copy(backup: str | Path, damaged: str | Path) -> Path:
    """A copy of ``backup`` beside the damaged file, under a new name (the damaged file and the backup
    stay as they are): “会议-从备份恢复-20261229-104500.pingyi”.  Returns the copy's path."""
    backup, damaged = Path(backup), Path(damaged)
    folder = damaged.parent if os.access(damaged.parent, os.W_OK) else backup.parent
    target = folder / f"{damaged.stem}-从备份恢复-{clock.now():%Y%m%d-%H%M%S}{damaged.suffix or '.pingyi'}"
    temporary = target.with_name(target.name + ".tmp")
    try:
        source = sqlite3.connect(f"{backup.resolve().as_uri()}?mode=ro", uri=True)
        try:
            dest = sqlite3.connect(str(temporary))
            try:
                source.backup(dest)
            finally:
                dest.close()
        finally:
            source.close()
        os.replace(temporary, target)
    except (OSError, sqlite3.Error) as exc:
        _remove(temporary)
        raise PingyiError(f"无法从备份 {backup.name} 复制出新文件（{exc}）。请检查磁盘空间和文件夹权限。") from exc
    return target
