"""The GUI steps of ``--self-test`` in this process (offscreen): the window on the demo meeting, the Chinese
translation, the PDF preview, printing, charts, image formats; and a missing translation is caught."""

from __future__ import annotations

import io

from cli import selftest
from ui import self_test


def test_gui_steps_pass_after_the_headless_ones(qapp, monkeypatch):
    # only the headless steps the GUI steps build on (all of them run in tests/cli/test_selftest.py)
    needed = [step for step in selftest.HEADLESS_STEPS if step[1] in (selftest.step_demo, selftest.step_documents)]
    monkeypatch.setattr(selftest, "HEADLESS_STEPS", needed)
    out = io.StringIO()
    assert selftest.run_self_test(self_test.GUI_STEPS, out=out) == 0, out.getvalue()
    text = out.getvalue()
    assert "启动主窗口：通过 —— 平台 offscreen，" in text and "已打开 自检示例会议.pingyi" in text
    assert "Cancel → 取消" in text
    assert "PDF 预览：通过 —— 计票汇总表.pdf" in text
    assert "关闭：通过 —— 主窗口已关闭，会议文件已关闭" in text


def test_an_untranslated_qt_is_reported(qapp, monkeypatch):
    from PySide6.QtCore import QCoreApplication

    monkeypatch.setattr(QCoreApplication, "translate", staticmethod(lambda context, text, *a: text))
    out = io.StringIO()
    steps = [("中文界面与字体", self_test.step_chinese)]
    monkeypatch.setattr(selftest, "HEADLESS_STEPS", [])
    assert selftest.run_self_test(steps, out=out) == 1
    assert "qtbase_zh_CN" in out.getvalue() and "“Cancel”仍是“Cancel”" in out.getvalue()


def test_the_platform_is_offscreen_without_a_screen(monkeypatch):
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setattr(self_test.sys, "platform", "linux")
    assert self_test.choose_platform() == "offscreen"
    monkeypatch.setenv("QT_QPA_PLATFORM", "xcb")
    assert self_test.choose_platform() == "xcb"
