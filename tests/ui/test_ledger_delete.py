"""整改台账 screen: Delete asks for a reason and removes an item added by mistake; the meeting's own
problems say at once why they stay; Esc or no reason deletes nothing."""

from __future__ import annotations

import datetime as _dt
import hashlib
import shutil

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QToolButton

from models import clock, ledger
from models.meeting import Meeting, audit
from ui.bus import MeetingBus
from ui.ledger_dialogs import DeleteItemDialog
from ui.ledger_stage import LedgerStage


@pytest.fixture
def stage(final_path, tmp_path, qtbot, monkeypatch):
    monkeypatch.setattr(clock, "now", lambda: _dt.datetime(2027, 7, 1, 9, 0, 0))
    path = tmp_path / "会议.pingyi"
    shutil.copyfile(final_path, path)
    meeting = Meeting.open(path)
    ledger.add_item(meeting, 2, "考核反馈", "误加的问题")
    widget = LedgerStage(meeting, MeetingBus())
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    meeting.close()


def _sha(stage) -> str:
    return hashlib.sha256(stage.meeting.path.read_bytes()).hexdigest()


def _select(stage, problem: str) -> int:
    row = next(r for r in range(stage.model.rowCount()) if stage.model.item(r).problem == problem)
    stage.view.setFocus()
    stage.view.selectRow(row)
    return stage.model.item(row).id


def _answer_dialog(qtbot, type_text, keys_then: list, seen: list):
    """When the modal dialog opens: type the reason (if any) and press the given keys."""
    timer = QTimer(interval=20)

    def answer():
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            return
        timer.stop()
        seen.append(dialog)
        try:
            assert isinstance(dialog, DeleteItemDialog) and dialog.reason.hasFocus()
            for key in keys_then:
                if isinstance(key, str):
                    type_text(dialog.reason, key)
                else:
                    qtbot.keyClick(dialog.reason, key)
        finally:
            if dialog.isVisible():  # Enter without a reason leaves it open: cancel it, never hang
                seen.append("still open")
                dialog.reject()

    timer.timeout.connect(answer)
    timer.start()
    return timer


def test_delete_key_confirms_with_a_reason_and_removes_the_item(stage, qtbot, type_text):
    item_id = _select(stage, "误加的问题")
    rows = stage.model.rowCount()
    seen = []
    timer = _answer_dialog(qtbot, type_text, ["误加，重复", Qt.Key.Key_Return], seen)
    qtbot.keyClick(stage.view, Qt.Key.Key_Delete)
    timer.stop()
    assert len(seen) == 1 and "误加的问题" in seen[0].findChild(type(stage.counts)).text()
    assert stage.model.rowCount() == rows - 1
    assert item_id not in [i.id for i in ledger.list_items(stage.meeting)]
    assert f"删除问题 {item_id}" in stage.message.text() and not stage.message.is_error()
    entry = audit.entries(stage.meeting.db, ledger.ACTION_PREFIX)[-1]
    assert (entry["action"], entry["detail"]["reason"]) == ("整改台账：删除问题", "误加，重复")
    stage.grab().save("/tmp/ledger_after_delete.png")


@pytest.mark.parametrize("keys", [[Qt.Key.Key_Escape], [Qt.Key.Key_Return], ["   ", Qt.Key.Key_Return]])
def test_escape_or_no_reason_deletes_nothing(stage, qtbot, type_text, keys):
    _select(stage, "误加的问题")
    before, rows, seen = _sha(stage), stage.model.rowCount(), []
    timer = _answer_dialog(qtbot, type_text, keys, seen)
    qtbot.keyClick(stage.view, Qt.Key.Key_Delete)
    timer.stop()
    assert seen[1:] == (["still open"] if keys[-1] == Qt.Key.Key_Return else [])
    assert not seen[0].delete_button.isEnabled()
    assert _sha(stage) == before and stage.model.rowCount() == rows


def test_a_problem_raised_at_the_meeting_says_why_it_stays(stage, qtbot, monkeypatch):
    _select(stage, ledger.list_items(stage.meeting)[0].problem)
    before = _sha(stage)
    monkeypatch.setattr(stage, "exec_dialog", lambda dialog: pytest.fail("no dialog for a locked item"))
    qtbot.keyClick(stage.view, Qt.Key.Key_Delete)
    assert "已随测评结果定稿锁定，不能删除" in stage.message.text() and stage.message.is_error()
    assert _sha(stage) == before


def test_the_button_opens_the_same_dialog(stage, qtbot):
    _select(stage, "误加的问题")
    opened = []
    stage.exec_dialog = lambda dialog: opened.append(dialog) or QDialog.DialogCode.Rejected
    button = next(b for b in stage.findChildren(QToolButton) if b.defaultAction() is stage.actions["delete"])
    assert button.isVisible() and "删除" in button.text() and "Del" in button.toolTip()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert len(opened) == 1 and isinstance(opened[0], DeleteItemDialog)
    dialog = opened[0]
    dialog.reason.setText("误加，与第 2 个问题重复")
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.delete_button.isEnabled()
    dialog.grab().save("/tmp/ledger_delete_dialog.png")
    dialog.reject()


def test_delete_inside_the_progress_text_deletes_a_character(stage, qtbot, type_text):
    _select(stage, "误加的问题")
    stage.progress_text.setFocus()
    type_text(stage.progress_text, "ab")
    qtbot.keyClick(stage.progress_text, Qt.Key.Key_Home)
    qtbot.keyClick(stage.progress_text, Qt.Key.Key_Delete)
    assert stage.progress_text.text() == "b" and QApplication.activeModalWidget() is None
