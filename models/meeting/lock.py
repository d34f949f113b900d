"""One window per meeting file: an OS-level lock on a file beside it.

The operating system drops the lock when its holder dies, so a lock left by a crash
is taken over without asking; the lock file itself may stay behind harmlessly.
"""

from __future__ import annotations

import json
import os
import socket
from pathlib import Path

from models.errors import FileLocked

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
    return path.with_name(path.name + ".lock")


class FileLock:
    """Holds the lock of one meeting file until ``release``."""

    def __init__(self, path: Path):
        self.path = lock_path(path)
        self._fd: int | None = None

    def acquire(self) -> FileLock:
        """Take the lock; FileLocked if a live process holds it."""
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        if not _try_lock(fd):
            holder = _read_holder(fd)
            os.close(fd)
            raise FileLocked(
                f"会议文件已在另一个窗口中打开（{holder}）。"
                "请切换到那个窗口继续工作，或先关闭它再打开。"
            )
        info = json.dumps({"pid": os.getpid(), "host": socket.gethostname()}).encode()
        # byte 0 is the locked byte on Windows; keep the holder info after it
        os.lseek(fd, 0, os.SEEK_SET)
        os.ftruncate(fd, 0) if os.name != "nt" else None
        os.write(fd, b" " + info)
        self._fd = fd
        return self

    def release(self) -> None:
        if self._fd is None:
            return
        os.close(self._fd)
        self._fd = None
        try:
            self.path.unlink()
        except OSError:
            pass


def _read_holder(fd: int) -> str:
    try:
        os.lseek(fd, 1, os.SEEK_SET)
        info = json.loads(os.read(fd, 4096).decode() or "{}")
        return f"进程 {info.get('pid', '?')}，计算机 {info.get('host', '?')}"
    except (OSError, ValueError):
        return "另一个进程"
