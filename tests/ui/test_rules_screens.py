"""Issue 10 on screen, by real key presses: the 差票计入等次 choice with the 方案's sentence and the
每票好等次上限 field (准备—计分规则), the entry warning before saving a ballot over the cap (kept as
keyed), the 定档 screen's two 结果运用 lists, and the rule named as applied on the results screen."""

from __future__ import annotations

import os
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from models import ballots as ballot_ops
from models import setup
from models.counting import compute_tally, decisions
from models.labels import Mark
from ui import entry_dialogs
from ui.bus import MeetingBus
from ui.decide_stage import DecideStage
from ui.setup_stage import SetupStage

from .results_fixtures import counted_meeting
from .test_entry_stage import build_meeting, open_stage

SHOTS = os.environ.get("PINGYI_SHOTS")  # a folder to save 1366×768 screenshots in, when set


def _shot(widget, name: str) -> None:
    if SHOTS:
        widget.resize(1366, 768)
        QApplication.processEvents()
        widget.grab().save(os.path.join(SHOTS, name))


@pytest.fixture
def setup_stage(qtbot, roster_meeting):
    widget = SetupStage(roster_meeting, MeetingBus())
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    widget.tabs.setCurrentWidget(widget.rules)
    return widget


def test_poor_grades_is_chosen_by_keys_beside_the_sentence_and_the_cap_is_typed(qtbot, setup_stage, roster_meeting):
    form = setup_stage.rules.rules
    combo = form.editors["poor_grades"]
    assert combo.currentData() == "一般和差" and "一般”“差”票超过10%" in form.poor_grades_note.text().replace(
        "‘", "“"
    ).replace("’", "”")
    assert form.poor_grades_note.isVisible()
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert setup.get_rules(roster_meeting).poor_grades == "差"
    qtbot.keyClick(combo, Qt.Key.Key_Up)
    assert setup.get_rules(roster_meeting).poor_grades == "一般和差"
    cap = form.editors["good_cap_pct"]
    cap.setFocus()
    qtbot.keyClicks(cap, "120")
    qtbot.keyClick(cap, Qt.Key.Key_Return)
    assert setup.get_rules(roster_meeting).good_cap_pct is None
    assert "每票好等次上限" in form.forms["good_cap_pct"].messages["good_cap_pct"].text()
    qtbot.keyClick(cap, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(cap, "70")
    qtbot.keyClick(cap, Qt.Key.Key_Return)
    assert setup.get_rules(roster_meeting).good_cap_pct == Decimal(70)
    _shot(setup_stage, "rules_setup.png")


@pytest.mark.parametrize("answer", [False, True])
def test_entry_warns_before_saving_a_ballot_over_the_cap(qtbot, meeting, monkeypatch, answer):
    serials = build_meeting(meeting, reporters=10, double_entry=False)
    setup.set_rules(meeting, good_cap_pct=70)
    asked = []
    monkeypatch.setattr(entry_dialogs, "confirm_over_cap", lambda parent, text: asked.append(text) or answer)
    stage, _bus, driver = open_stage(qtbot, meeting)
    driver.ballot(serials[0], "1111111122")  # 8 好 of 10 reporters: over 70 % (7)
    assert asked == ["本票‘好’8 个，超过上限 70%（7 个），将按废票计"]
    stored = ballot_ops.get_ballot(meeting, 1, serials[0])
    if not answer:  # back to the grid with the keys kept, nothing stored
        assert stored is None and stage.grid_model.marks()
        assert stage.status.text() == "未保存：本票‘好’8 个，超过上限 70%（7 个），将按废票计。可按纸质票改正后再保存。"
        assert QApplication.focusWidget() is stage.grid
        return
    assert stored.void_reason is None and sum(m == Mark.GOOD for m in stored.marks.values()) == 8
    assert "按废票计（超比例），所录内容已原样保存" in stage.status.text()
    tally = compute_tally(meeting)
    assert (tally.categories[0].void, tally.categories[0].cap_void, tally.categories[0].valid) == (1, 1, 0)


def test_entry_does_not_ask_within_the_cap(qtbot, meeting, monkeypatch):
    serials = build_meeting(meeting, reporters=10, double_entry=False)
    setup.set_rules(meeting, good_cap_pct=70)
    asked = []
    monkeypatch.setattr(entry_dialogs, "confirm_over_cap", lambda parent, text: asked.append(text) or True)
    _stage, _bus, driver = open_stage(qtbot, meeting)
    driver.ballot(serials[0], "1111111222")  # exactly 7 好: allowed
    assert asked == [] and ballot_ops.get_ballot(meeting, 1, serials[0]) is not None


def test_decide_screen_lists_who_may_not_be_excellent_and_who_is_to_be_talked_to(qtbot, tmp_path):
    meeting = counted_meeting(tmp_path / "m.pingyi")  # 张三 好, 李四 差 (差票), 王五 较好
    stage = DecideStage(meeting, MeetingBus())
    qtbot.addWidget(stage)
    stage.resize(1366, 768)
    stage.show()
    qtbot.waitExposed(stage)
    text = stage.outcomes.text()
    assert "未达到好，年度考核不得评定为优秀等次：2 号 李四、3 号 王五" in text
    assert "一般或差，约谈提醒、限期整改：2 号 李四" in text
    assert "差票超限（差票占 20.00%，超过 10%）" == stage.model.data(stage.model.index(1, 7))
    decisions.decide(meeting, setup.list_reporters(meeting)[2].id, Mark.AVERAGE, "党委会研究决定")
    stage.bus.changed.emit("decisions")
    assert "约谈提醒、限期整改：2 号 李四、3 号 王五" in stage.outcomes.text()
    _shot(stage, "rules_decide.png")
    meeting.close()


def test_reconcile_caption_says_which_keying_the_cap_makes_void(qtbot, meeting):
    from tests.ui.test_reconcile_stage import cells, open_reconcile

    serials = build_meeting(meeting, reporters=10)
    setup.set_rules(meeting, good_cap_pct=70)
    ballot_ops.enter_ballot(meeting, 1, serials[0], cells(meeting, "1111111122"))  # 8 好: over
    ballot_ops.enter_ballot(meeting, 2, serials[0], cells(meeting, "1111111222"))  # 7 好: within
    stage, _ = open_reconcile(qtbot, meeting)
    stage.pending.selectRow(0)
    assert "1 格不同" in stage.caption.text()
    assert "一录：‘好’8 个，超过每票上限 7 个，按废票计（超比例）。" in stage.caption.text()
    assert "二录：" not in stage.caption.text()
