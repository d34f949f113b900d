"""The Windows build has no console window (``console=False`` in packaging/pingyi.spec), so a command
typed in a terminal would print nowhere: borrow the terminal it was started from.

Not exercised here (no Windows machine): ``AttachConsole(ATTACH_PARENT_PROCESS)``, then the
console's own output device in UTF-8.  Piped output (``pingyi.exe --self-test | Out-Host``)
already has a stdout and is left alone.
"""

from __future__ import annotations

import sys

ATTACH_PARENT_PROCESS = -1
UTF8_CODE_PAGE = 65001


def attach_console() -> bool:
    """True when stdout was missing and now writes to the parent's console (Windows only)."""
    if sys.stdout is not None or sys.platform != "win32":
        return False
    import ctypes

    kernel32 = ctypes.windll.kernel32
    if not kernel32.AttachConsole(ATTACH_PARENT_PROCESS):
        return False  # started by a double click: there is no console to write to
    kernel32.SetConsoleOutputCP(UTF8_CODE_PAGE)
    sys.stdout = open("CONOUT$", "w", encoding="utf-8", errors="replace")  # noqa: SIM115 (lives as long as the process)
    sys.stderr = sys.stdout
    return True
