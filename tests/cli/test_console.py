"""The Windows build has no console window: a command borrows the terminal it was started from
(the Windows calls are stood in for; the real ones are untested here)."""

from __future__ import annotations

import ctypes
import sys
from types import SimpleNamespace

from cli import console


def _kernel32(attached: bool, calls: list):
    def attach(pid):
        calls.append(("AttachConsole", pid))
        return 1 if attached else 0

    return SimpleNamespace(
        kernel32=SimpleNamespace(AttachConsole=attach, SetConsoleOutputCP=lambda cp: calls.append(("cp", cp)))
    )


def test_a_normal_stdout_is_left_alone(monkeypatch):
    monkeypatch.setattr(sys, "platform", "win32")
    before = sys.stdout
    assert console.attach_console() is False and sys.stdout is before


def test_no_console_to_borrow_leaves_stdout_missing(monkeypatch):
    calls = []
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(sys, "stdout", None)
    monkeypatch.setattr(ctypes, "windll", _kernel32(False, calls), raising=False)
    assert console.attach_console() is False
    assert sys.stdout is None and calls == [("AttachConsole", -1)]


def test_the_parent_console_gets_utf8_output(monkeypatch, tmp_path):
    calls = []
    monkeypatch.chdir(tmp_path)  # "CONOUT$" is the console on Windows, a plain file here
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(sys, "stdout", None)
    monkeypatch.setattr(sys, "stderr", sys.stderr)
    monkeypatch.setattr(ctypes, "windll", _kernel32(True, calls), raising=False)
    assert console.attach_console() is True
    print("自检通过", end="")
    sys.stdout.close()
    assert calls == [("AttachConsole", -1), ("cp", 65001)]
    assert (tmp_path / "CONOUT$").read_text(encoding="utf-8") == "自检通过"
