"""Writing an output file so that a crash or a full disk never leaves half a file under its name."""

from __future__ import annotations

import os
from pathlib import Path

from models.errors import PingyiError

DEFAULT_WAY_OUT = "请检查文件夹是否存在、文件是否正被其他程序打开。"


def write_atomically(path: str | Path, data: bytes, *, way_out: str = DEFAULT_WAY_OUT) -> Path:
    """Write ``data`` to a temporary file beside ``path``, then rename it into place.

    Refuses (PingyiError naming the file and ``way_out``) when it cannot be written; no
    temporary file is left behind.
    """
    path = Path(path)
    temporary = path.with_name(f".{path.name}.part")
    try:
        temporary.write_bytes(data)
        os.replace(temporary, path)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise PingyiError(f"无法写入 {path}：{exc.strerror}。{way_out}") from exc
    return path
