"""One window per meeting file: OS-level locks keyed by the file's identity.

Two locks are taken, both with the operating system's own file locks (dropped when the holder
dies, so a crash never leaves a meeting locked):

- a lock file beside the file's real path (symbolic links resolved): ``会议.pingyi.lock``;
- a lock keyed by the file's identity (device and inode / file id) in the user's temporary
  folder, so a hard link to an open meeting, under any name, finds it locked.

A lock file is deleted only by its holder, while still holding it (on Windows it is left in
place); whoever opens it and then gets the lock checks that the name still leads to the very file
it locked, and starts again if not, so two processes can never each hold a lock of the same
name (the race of deleting a lock file after letting it go).  A symbolic link to a meeting file is
refused outright (open the file itself).
"""

from __future__ import annotations

import json
import os
import socket
import tempfile
from pathlib import Path

from models.errors import FileLocked, FileRefused

if os.name == "nt":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except OSError:
            return False


def lock_path(path: Path) -> Path:
    """The lock file beside ``path``'s real location."""
    real = Path(os.path.realpath(path))
    return real.with_name(real.name + ".lock")


def identity_lock_path(path: Path) -> Path | None:
    """The lock keyed by the file's device and inode (None while the file does not exist yet, or where the
    file system gives no file ids)."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    if not st.st_ino:  # a file system without file ids (some network shares): the lock beside the file only
        return None
    user = getattr(os, "getuid", lambda: os.environ.get("USERNAME", "user"))()
    folder = Path(tempfile.gettempdir()) / f"pingyi-locks-{user}"
    return folder / f"{st.st_dev:x}-{st.st_ino:x}.lock"


class FileLock:
    """Holds the locks of one meeting file until ``release``."""

    def __init__(self, path: Path):
        path = Path(path)
        self.target = path
        self.path = lock_path(path)
        self._held: list[tuple[Path, int]] = []

    def acquire(self) -> FileLock:
        """Take the locks; FileLocked if a live process holds one, FileRefused for a symbolic link,
        OSError when a lock file cannot be created (the caller says why in Chinese)."""
        if self.target.is_symlink():
            raise FileRefused(
                f"{self.target.name} 是指向 {os.path.realpath(self.target)} 的快捷链接（符号链接），"
                "为防止同一会议在两处被同时修改，请直接打开它指向的会议文件。"
            )
        try:
            self._take(self.path, required=True)
            self.hold_identity()
        except BaseException:
            self.release()
            raise
        return self

    def hold_identity(self) -> None:
        """Take the identity lock too (``create`` calls this once the new file exists)."""
        identity = identity_lock_path(self.target)
        if identity is not None and all(where != identity for where, _ in self._held):
            self._take(identity, required=False)

    def _take(self, where: Path, *, required: bool) -> None:
        for _ in range(100):
            try:
                if not required:
                    where.parent.mkdir(mode=0o700, exist_ok=True)
                fd = os.open(where, os.O_RDWR | os.O_CREAT, 0o644)
            except OSError:
                if required:
                    raise
                return  # no private temporary folder: the lock beside the file still guards it
            if not _try_lock(fd):
                holder = _read_holder(fd)
                os.close(fd)
                raise FileLocked(
                    f"会议文件已在另一个窗口中打开（{holder}）。请切换到那个窗口继续工作，或先关闭它再打开。"
                )
            if _still_there(where, fd):
                break
            os.close(fd)  # its holder deleted it while we waited: lock the file now under that name
        else:  # pragma: no cover - only under a storm of openers and closers
            raise FileLocked("会议文件正被反复打开和关闭，暂时无法取得锁。请稍后再试。")
        self._held.append((where, fd))
        info = json.dumps({"pid": os.getpid(), "host": socket.gethostname()}).encode()
        # byte 0 is the locked byte on Windows; keep the holder info after it
        try:
            os.lseek(fd, 0, os.SEEK_SET)
            if os.name != "nt":
                os.ftruncate(fd, 0)
            os.write(fd, b" " + info)
        except OSError:
            pass  # the lock is held; the holder note is only a courtesy

    def release(self) -> None:
        """Drop the locks; on POSIX each lock file is deleted first, while still held."""
        while self._held:
            where, fd = self._held.pop()
            if os.name != "nt":
                try:
                    where.unlink()
                except OSError:
                    pass
            try:
                os.close(fd)
            except OSError:
                pass


def _still_there(where: Path, fd: int) -> bool:
    """Whether ``where`` still names the file open as ``fd`` (not deleted and recreated meanwhile)."""
    if os.name == "nt":  # pragma: no cover - lock files are never deleted on Windows
        return True
    try:
        mine, now = os.fstat(fd), os.stat(where)
    except OSError:
        return False
    return (mine.st_dev, mine.st_ino) == (now.st_dev, now.st_ino)


def _read_holder(fd: int) -> str:
    try:
        os.lseek(fd, 1, os.SEEK_SET)
        info = json.loads(os.read(fd, 4096).decode() or "{}")
        return f"进程 {info.get('pid', '?')}，计算机 {info.get('host', '?')}"
    except (OSError, ValueError):
        return "另一个进程"
