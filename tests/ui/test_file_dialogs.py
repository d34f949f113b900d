"""The window on a damaged, read-only or unbackupable meeting file: a dialog or banner, never a crash."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from models.demo import create_demo
from models.meeting import Meeting, backup


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    return create_demo(tmp_path_factory.mktemp("demo") / "示例.pingyi", reporters=4)


@pytest.fixture
def damaged(demo, tmp_path):
    path = tmp_path / "会议.pingyi"
    shutil.copy(demo, path)
    with Meeting.open(path) as m:
        saved = backup.backup_now(m)
    with open(path, "r+b") as fh:
        fh.truncate(path.stat().st_size // 3)
    return path, saved


def _answer_with(qtbot, key, seen: list):
    """Press ``key`` in the next modal dialog once it is up (a real key press, as the clerk would)."""

    def press():
        box = QApplication.activeModalWidget()
        if box is None:
            QTimer.singleShot(20, press)
            return
        seen.append(box.text() if isinstance(box, QMessageBox) else box.windowTitle())
        qtbot.keyClick(box, key)

    QTimer.singleShot(0, press)


def test_damaged_file_offers_a_copy_of_the_newest_good_backup(qtbot, main_window, damaged):
    path, saved = damaged
    seen = []
    _answer_with(qtbot, Qt.Key.Key_Return, seen)  # the default button: 打开备份的副本
    assert main_window.open_path(path)
    assert "已损坏" in seen[0] and saved.name in seen[0]
    opened = main_window.meeting.path
    assert opened != path and opened.parent == path.parent and "从备份恢复" in opened.name
    assert not main_window.meeting.read_only and main_window.workspace is not None
    main_window.grab().save("/tmp/ig_damaged_restored.png")


def test_damaged_file_dialog_can_be_cancelled(qtbot, main_window, damaged):
    path, _ = damaged
    seen = []
    _answer_with(qtbot, Qt.Key.Key_Escape, seen)
    assert not main_window.open_path(path)
    assert main_window.meeting is None and seen and "已损坏" in seen[0]


def test_damaged_file_without_backup_is_a_warning(main_window, damaged, messages):
    path, saved = damaged
    shutil.rmtree(saved.parent)
    assert not main_window.open_path(path)
    ((kind, _, text),) = messages
    assert kind == "warning" and "已损坏" in text and "没有可用的备份" in text


def test_read_only_file_opens_with_a_banner(qtbot, main_window, demo, tmp_path):
    path = tmp_path / "只读.pingyi"
    shutil.copy(demo, path)
    if os.geteuid() == 0:
        if subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode:
            pytest.skip("cannot make a file read-only here")
        undo = ["chattr", "-i", str(path)]
    else:
        path.chmod(0o444)
        undo = None
    try:
        main_window.resize(1366, 768)
        assert main_window.open_path(path)
        banner = main_window.read_only_banner
        assert main_window.meeting.read_only and banner.isVisible()
        assert "只读打开" in banner.label.text() and "复制到可写的文件夹" in banner.label.text()
        qtbot.wait(50)
        main_window.grab().save("/tmp/ig_read_only_banner.png")
        main_window.close_meeting()
        assert not banner.isVisible()
    finally:
        main_window.close_meeting()
        if undo:
            subprocess.run(undo, check=True)


def test_a_failed_backup_warns_once_in_the_status_line(main_window, demo, tmp_path):
    path = tmp_path / "会议.pingyi"
    shutil.copy(demo, path)
    backup.backup_dir(path).write_text("占位")  # the backup folder cannot be made
    assert main_window.open_path(path)
    meeting = main_window.meeting
    backup.ballots_saved(meeting, backup.EVERY)  # the automatic backup is due and fails
    main_window.refresh_status()
    first = main_window.statusBar().currentMessage()
    assert "自动备份未能写入" in first
    main_window.statusBar().clearMessage()
    main_window.refresh_status()
    assert main_window.statusBar().currentMessage() == ""
