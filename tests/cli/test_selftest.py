"""``--self-test``: the headless steps in a temporary folder, one Chinese line each, and a failure that
names its step (the GUI steps are tested in tests/ui/test_self_test.py, the built program in
tests/packaging/test_build.py)."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cli import selftest
from models.documents import DOCUMENT_NAMES

ROOT = Path(__file__).resolve().parents[2]


def test_the_headless_steps_pass_and_say_what_they_did():
    out = io.StringIO()
    assert selftest.run_self_test(out=out) == 0
    lines = out.getvalue().splitlines()
    steps = len(selftest.HEADLESS_STEPS)
    assert [line.split("]")[0] for line in lines[1:-1]] == [f"[{n}/{steps}" for n in range(1, steps + 1)]
    assert all("：通过 —— " in line for line in lines[1:-1])
    assert f"{len(DOCUMENT_NAMES)} 种文书：{'、'.join(DOCUMENT_NAMES.values())}" in out.getvalue()
    assert "逐字节相同" in out.getvalue()
    assert lines[-1].startswith(f"自检通过：全部 {steps} 步")


def test_every_module_of_the_program_is_listed_for_import():
    names = selftest.program_modules()
    on_disk = {
        ".".join(p.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        for package in selftest.PACKAGES
        for p in (ROOT / package).rglob("*.py")
    }
    assert set(names) == on_disk


def test_a_failing_step_is_named_and_exits_1(monkeypatch, capsys):
    def broken(test):
        raise RuntimeError("找不到 QtPdf 插件")

    monkeypatch.setattr(selftest, "HEADLESS_STEPS", selftest.HEADLESS_STEPS[:1] + [("PDF 预览", broken)])
    reached = []
    out = io.StringIO()
    code = selftest.run_self_test([("不应运行", lambda test: reached.append(1) or "")], out=out)
    assert code == 1 and reached == []
    text = out.getvalue()
    assert "[2/3] PDF 预览：失败 —— RuntimeError: 找不到 QtPdf 插件" in text
    assert text.splitlines()[-1] == "自检未通过：第 2 步「PDF 预览」失败。请把以上内容发给技术支持。"
    assert "Traceback" in capsys.readouterr().err  # the details for whoever supports the clerk


def test_the_temporary_folder_is_gone_afterwards(monkeypatch):
    seen = []
    monkeypatch.setattr(selftest, "HEADLESS_STEPS", [("看一眼", lambda test: seen.append(test.folder) or "好")])
    assert selftest.run_self_test(out=io.StringIO()) == 0
    assert seen and not seen[0].exists()


@pytest.mark.timeout(120)
def test_main_answers_the_pinned_flag(tmp_path):
    done = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--self-test"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=110,
        env=dict(os.environ, HOME=str(tmp_path), QT_QPA_PLATFORM="offscreen"),
    )
    assert done.returncode == 0, done.stdout + done.stderr[-2000:]
    assert "启动主窗口：通过" in done.stdout and done.stdout.splitlines()[-1].startswith("自检通过")
