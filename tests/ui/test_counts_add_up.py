"""Counts that add up (#11): per category 收回 = 有效 + 废票 + 待核对, and the status line, 录入 and 核对
say the same words for the same numbers."""

from PySide6.QtCore import Qt

from models.ballots.forms import form_accounting
from ui import entry_dialogs
from ui.bus import MeetingBus
from ui.main_window import ballot_status
from ui.reconcile_stage import ReconcileStage

from .test_entry_stage import K, build_meeting, open_stage


def _panel_row(stage, code: str) -> dict[str, str]:
    model = stage.counts.model
    heads = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    for row in range(model.rowCount()):
        values = [model.index(row, c).data() for c in range(model.columnCount())]
        if values[0].startswith(f"{code}票"):
            return dict(zip(heads, values, strict=True))
    raise AssertionError(code)


def test_keyed_papers_are_valid_void_or_to_check_everywhere_the_same(qtbot, meeting, monkeypatch):
    monkeypatch.setattr(entry_dialogs, "ask_void_reason", lambda parent: "无法辨认")
    serials = build_meeting(meeting, reporters=3)
    stage, _, driver = open_stage(qtbot, meeting)
    driver.ballot(serials[0], "111")  # 一录 of four papers
    driver.ballot(serials[1], "222")
    driver.ballot(serials[2], "333")
    driver.scan(serials[3])
    driver.press(K.Key_F9)  # 废票, then saved
    driver.press(K.Key_Return)
    driver.press(K.Key_2, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: stage.pass_no == 2)
    driver.ballot(serials[0], "111")  # agrees
    driver.ballot(serials[1], "221")  # differs
    driver.scan(serials[3])  # 废票 in both passes
    driver.press(K.Key_F9)
    driver.press(K.Key_Return)
    # serials[2] keyed once only

    row = _panel_row(stage, "A")
    assert row["收回/发出"] == "4/20" and row["有效"] == "1" and row["废票"] == "1" and row["待核对"] == "2"
    a = form_accounting(meeting)[0]
    assert a.returned == a.valid + a.void + a.to_check
    words = "一录 4 张 · 二录 3 张 · 已核对 2 张 · 待核对 2 张（不一致 1 张、缺一遍 1 张）"
    assert stage.summary.text() == words == ballot_status(meeting)
    reconcile = ReconcileStage(meeting, MeetingBus())
    qtbot.addWidget(reconcile)
    assert reconcile.counts.text() == "已核对 2 张 · 待核对 2 张（不一致 1 张、缺一遍 1 张）"
    for text in (stage.summary.text(), reconcile.counts.text(), reconcile.hint.text()):
        assert "待录" not in text and "只录了一次" not in text


def test_single_entry_counts_at_once(qtbot, meeting):
    serials = build_meeting(meeting, reporters=2, double_entry=False)
    stage, _, driver = open_stage(qtbot, meeting)
    driver.ballot(serials[0], "11")
    row = _panel_row(stage, "A")
    assert row["有效"] == "1" and row["待核对"] == "0"
    assert stage.summary.text() == "已录入 1 张（单录）" == ballot_status(meeting)
