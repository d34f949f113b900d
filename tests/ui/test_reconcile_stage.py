"""The 核对 screen: mismatches side by side, settled only by keying the paper once more."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from models import ballots as ballot_ops
from models.labels import Mark
from models.setup import list_items, list_reporters
from tests.ui.test_entry_stage import EntryDriver, build_meeting, open_stage
from ui import entry_dialogs
from ui.bus import MeetingBus
from ui.entry_compare_model import CompareModel
from ui.reconcile_stage import REKEY_PAGE, ReconcileStage

K = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier


def open_reconcile(qtbot, meeting, bus=None):
    stage = ReconcileStage(meeting, bus or MeetingBus())
    qtbot.addWidget(stage)
    stage.resize(1200, 700)
    stage.show()
    stage.activateWindow()
    qtbot.waitExposed(stage)
    stage.pending.setFocus()
    QApplication.processEvents()
    return stage, EntryDriver(qtbot, stage)


def cells(meeting, keys: str) -> dict:
    """Marks of a ballot from a key string, one key per cell in form order."""
    grid = [(r.id, i.id) for r in list_reporters(meeting) for i in list_items(meeting)]
    return {cell: Mark(int(k)) for cell, k in zip(grid, keys, strict=True) if k != "0"}


@pytest.fixture
def round_with_mismatches(meeting):
    """Three papers keyed twice: one agrees, two differ; a fourth keyed once only."""
    serials = build_meeting(meeting, reporters=4)
    keyings = {serials[0]: ("1111", "1111"), serials[1]: ("1211", "1111"), serials[2]: ("4444", "4443")}
    for serial, (first, second) in keyings.items():
        ballot_ops.enter_ballot(meeting, 1, serial, cells(meeting, first))
        ballot_ops.enter_ballot(meeting, 2, serial, cells(meeting, second))
    ballot_ops.enter_ballot(meeting, 1, serials[3], cells(meeting, "2222"))
    return serials


def test_lists_mismatches_and_serials_keyed_once_with_counts(qtbot, meeting, round_with_mismatches):
    serials = round_with_mismatches
    stage, _ = open_reconcile(qtbot, meeting)
    listed = [stage.pending_model.index(n, 0).data() for n in range(stage.pending_model.rowCount())]
    assert sorted(listed[:2]) == sorted(serials[1:3]) and listed[2] == serials[3]
    assert stage.pending_model.index(2, 1).data() == "缺一遍"
    assert "已核对 1 张" in stage.counts.text() and "不一致 2 张" in stage.counts.text()
    assert "待核对 3 张（不一致 2 张、缺一遍 1 张）" in stage.counts.text()


def test_differing_cells_are_highlighted_side_by_side(qtbot, meeting, round_with_mismatches):
    serials = round_with_mismatches
    stage, _ = open_reconcile(qtbot, meeting)
    stage.pending.selectRow([s for s, _ in stage._entries].index(serials[1]))
    model = stage.compare_model
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())] == [
        "序号", "姓名", "单位及职务", "一录", "二录"]
    assert (model.index(1, 3).data(), model.index(1, 4).data()) == ("较好", "好")
    assert model.index(1, 3).data(Qt.ItemDataRole.BackgroundRole) is not None
    assert model.index(0, 3).data(Qt.ItemDataRole.BackgroundRole) is None
    assert "1 格不同" in stage.caption.text()
    em = stage.fontMetrics().horizontalAdvance("好")  # the marks sit beside the name, not across the window
    assert stage.compare.horizontalHeader().sectionSize(2) <= em * 16


def test_four_items_compare_row_by_row_as_printed(qtbot, meeting):
    serials = build_meeting(meeting, reporters=3, items=["基层组织建设", "党员队伍建设", "重点任务落实"])
    ballot_ops.enter_ballot(meeting, 1, serials[0], cells(meeting, "111111111111"))
    ballot_ops.enter_ballot(meeting, 2, serials[0], cells(meeting, "111111211111"))
    stage, driver = open_reconcile(qtbot, meeting)
    model = stage.compare_model
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())] == [
        "序号", "姓名", "单位及职务", "测评项目", "一录", "二录"]
    assert model.rowCount() == 12 and stage.compare.rowSpan(4, 0) == 4 and model.first_difference_row() == 6
    assert [model.index(6, c).data() for c in range(6)] == ["", "", "", "党员队伍建设", "好", "较好"]
    assert model.index(6, 5).data(Qt.ItemDataRole.BackgroundRole) is not None
    assert model.index(5, 5).data(Qt.ItemDataRole.BackgroundRole) is None
    driver.press(K.Key_Return)
    driver.type("111111211111")
    driver.press(K.Key_Return)
    assert "与二录一致" in stage.status.text() and stage.pending_model.rowCount() == 0


def test_rekey_matching_one_keying_settles_it(qtbot, meeting, round_with_mismatches):
    serials = round_with_mismatches
    stage, driver = open_reconcile(qtbot, meeting)
    stage.pending.selectRow([s for s, _ in stage._entries].index(serials[1]))
    driver.press(K.Key_Return)
    assert stage.pages.currentIndex() == REKEY_PAGE and driver.focused() is stage.grid
    assert stage.grid_model.index(1, 3).data(Qt.ItemDataRole.BackgroundRole) is not None  # look here
    assert stage.grid_model.index(1, 3).data() == ""  # blind: no value of either keying shown
    driver.type("1211")
    driver.press(K.Key_Return)
    assert "已核对" in stage.status.text() and "一录" in stage.status.text()
    assert serials[1] not in [s for s, _ in stage._entries]
    assert "已核对 2 张" in stage.counts.text()
    official = {b.serial: b for b in ballot_ops.counted_ballots(meeting)}
    assert official[serials[1]].mark(list_reporters(meeting)[1].id, list_items(meeting)[0].id) == Mark.FAIRLY_GOOD


def test_rekey_matching_neither_stays_flagged_and_says_so(qtbot, meeting, round_with_mismatches):
    serials = round_with_mismatches
    stage, driver = open_reconcile(qtbot, meeting)
    stage.pending.selectRow([s for s, _ in stage._entries].index(serials[2]))
    driver.press(K.Key_Return)
    driver.type("4442")
    driver.press(K.Key_Return, CTRL)
    assert "都不一致" in stage.status.text() and "仍待核对" in stage.status.text()
    row = [s for s, _ in stage._entries].index(serials[2])
    assert "重录仍不一致" in stage.pending_model.index(row, 1).data()
    assert serials[2] not in {b.serial for b in ballot_ops.counted_ballots(meeting)}
    stage.pending.selectRow(row)
    assert stage.compare_model.headerData(5, Qt.Orientation.Horizontal) == "重录"


def test_escape_leaves_the_rekey_after_asking(qtbot, meeting, round_with_mismatches, monkeypatch):
    stage, driver = open_reconcile(qtbot, meeting)
    monkeypatch.setattr(entry_dialogs, "confirm_clear", lambda parent, what: True)
    driver.press(K.Key_Return)
    driver.type("11")
    driver.press(K.Key_Escape)
    assert stage.pages.currentIndex() != REKEY_PAGE and driver.focused() is stage.pending
    assert ballot_ops.entry_summary(meeting).mismatched == 2


def test_keyed_once_serial_points_to_the_missing_pass(qtbot, meeting, round_with_mismatches):
    serials = round_with_mismatches
    stage, driver = open_reconcile(qtbot, meeting)
    stage.pending.selectRow([s for s, _ in stage._entries].index(serials[3]))
    assert "缺二录，待核对" in stage.caption.text()
    driver.press(K.Key_Return)
    assert stage.pages.currentIndex() != REKEY_PAGE and "缺二录，待核对" in stage.status.text()


def test_a_double_entry_round_keyed_on_the_screens(qtbot, meeting):
    """一录 and 二录 on the 录入 screen with real keys, then the mismatch settled on the 核对 screen."""
    serials = build_meeting(meeting, reporters=5)
    bus = MeetingBus()
    entry, _, keys = open_stage(qtbot, meeting)
    entry.bus = bus
    keys.ballot(serials[0], "1+")
    keys.ballot(serials[1], "12+")
    entry._set_pass(2)
    keys.ballot(serials[0], "1+")
    keys.ballot(serials[1], "13+")  # a typing error in the 二录
    entry.close()
    stage, driver = open_reconcile(qtbot, meeting, bus)
    assert stage.pending_model.rowCount() == 1 and "已核对 1 张" in stage.counts.text()
    driver.press(K.Key_Return)
    driver.type("12+")
    driver.press(K.Key_Return)
    assert "与一录一致" in stage.status.text()
    assert stage.pending_model.rowCount() == 0 and "没有待核对" in stage.hint.text()
    assert len(ballot_ops.counted_ballots(meeting)) == 2


def test_without_double_entry_nothing_is_pending(qtbot, meeting):
    build_meeting(meeting, double_entry=False)
    stage, _ = open_reconcile(qtbot, meeting)
    assert stage.pending_model.rowCount() == 0 and "未开启" in stage.hint.text()


def test_compare_model_is_sound(qtmodeltester, meeting, round_with_mismatches):
    mismatch = ballot_ops.reconciliation(meeting).mismatches[0]
    model = CompareModel(list_reporters(meeting), list_items(meeting))
    model.show_mismatch(mismatch)
    qtmodeltester.check(model)


def test_compare_model_with_items_as_rows_is_sound(qtmodeltester, meeting):
    serials = build_meeting(meeting, reporters=2, items=["一", "二", "三", "四"])
    ballot_ops.enter_ballot(meeting, 1, serials[0], cells(meeting, "1111111111"))
    ballot_ops.enter_ballot(meeting, 2, serials[0], cells(meeting, "1111111114"))
    model = CompareModel(list_reporters(meeting), list_items(meeting))
    model.show_mismatch(ballot_ops.reconciliation(meeting).mismatches[0])
    qtmodeltester.check(model)
    assert model.first_difference_row() == 9
