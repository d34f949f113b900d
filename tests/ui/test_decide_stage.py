"""定档 screen: decide with and without reason, flag, finalise (typing 定稿), refusal after, reopen."""

import pytest
from PySide6.QtCore import Qt

from models import setup
from models.counting import compute_tally
from models.labels import Mark
from models.meeting import audit
from ui.bus import MeetingBus
from ui.decide_stage import DecideStage

from .results_fixtures import counted_meeting


@pytest.fixture
def stage(qtbot, tmp_path):
    meeting = counted_meeting(tmp_path / "m.pingyi")
    widget = DecideStage(meeting, MeetingBus())
    qtbot.addWidget(widget)
    widget.resize(1280, 760)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    meeting.close()


def _final(stage, seq) -> Mark | None:
    return next(r.final_grade for r in compute_tally(stage.meeting).reporters if r.reporter.seq == seq)


def _open_dialog(stage, qtbot, row, shortcut, modifiers):
    stage.view.setFocus()
    stage.view.selectRow(row)
    qtbot.keyClick(stage.view, shortcut, modifiers)
    assert stage.dialog is not None and stage.dialog.isVisible()
    return stage.dialog


def test_override_needs_a_reason_typed_in_the_dialog(stage, qtbot, type_text):
    dialog = _open_dialog(stage, qtbot, 2, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(dialog.grade_box, Qt.Key.Key_Down)  # 一般 instead of the proposed 较好
    assert dialog.grade() == Mark.AVERAGE
    assert not dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled()
    type_text(dialog.reason_edit, "经党委会研究确定")
    qtbot.keyClick(dialog.reason_edit, Qt.Key.Key_Return)
    assert _final(stage, 3) == Mark.AVERAGE
    assert "调整：经党委会研究确定" in stage.model.data(stage.model.index(2, 8))
    assert audit.entries(stage.meeting.db, "调整等次")[-1]["detail"]["reason"] == "经党委会研究确定"


def test_flag_forces_poor_and_unflag_restores(stage, qtbot, type_text):
    dialog = _open_dialog(stage, qtbot, 0, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    type_text(dialog.reason_edit, "被问责")
    qtbot.keyClick(dialog.reason_edit, Qt.Key.Key_Return)
    assert _final(stage, 1) == Mark.POOR
    assert "定性为差" in stage.model.data(stage.model.index(0, 7))
    stage.view.selectRow(0)
    qtbot.keyClick(stage.view, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert _final(stage, 1) == Mark.GOOD


def test_finalize_then_edits_refused_then_reopen(stage, qtbot, type_text):
    stage.setFocus()
    qtbot.keyClick(stage, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    dialog = stage.dialog
    type_text(dialog.reason_edit, "定稿")
    qtbot.keyClick(dialog.reason_edit, Qt.Key.Key_Return)
    assert stage.meeting.finalized
    assert "数据指纹" in stage.state.text() and compute_tally(stage.meeting).fingerprint in stage.state.text()
    assert not stage.actions["decide"].isEnabled()
    with pytest.raises(Exception, match="重新打开"):
        setup.set_facts(stage.meeting, venue="第二会议室")
    qtbot.keyClick(stage, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    type_text(stage.dialog.reason_edit, "复核等次")
    qtbot.keyClick(stage.dialog.reason_edit, Qt.Key.Key_Return)
    assert not stage.meeting.finalized
    assert audit.entries(stage.meeting.db, "重新打开")[-1]["detail"]["reason"] == "复核等次"


def test_finalize_refused_while_invalid_says_why(stage, qtbot):
    setup.update_category(stage.meeting, setup.list_categories(stage.meeting)[0].id, issued=5)
    stage.refresh()
    stage.setFocus()
    qtbot.keyClick(stage, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert not stage.meeting.finalized
    assert stage.message.is_error() and "收回票数多于发出票数" in stage.message.text()


def test_unreconciled_ballots_can_be_waived_with_a_reason(qtbot, tmp_path, type_text):
    from models.demo import create_demo
    from models.meeting import Meeting

    meeting = Meeting.open(create_demo(tmp_path / "示例.pingyi", reporters=4))
    widget = DecideStage(meeting, MeetingBus())
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    assert {p.kind for p in compute_tally(meeting).blocking} == {"reconciliation"}
    widget.activateWindow()
    widget.view.setFocus()
    qtbot.waitUntil(widget.view.hasFocus)
    qtbot.keyClick(widget, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert widget.dialog is not None, widget.message.text()
    assert "免于核对" in widget.dialog.windowTitle()
    type_text(widget.dialog.reason_edit, "原件已封存")
    qtbot.keyClick(widget.dialog.reason_edit, Qt.Key.Key_Return)
    assert meeting.finalized
    assert compute_tally(meeting).reconciliation.waiver_reason == "原件已封存"
    meeting.close()
