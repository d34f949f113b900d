"""The 录入 screen driven like the clerk does: every key goes to the widget that has the focus.

The ``EntryDriver`` counts the keys it presses per ballot (the serial's own characters
excluded: a scanner types them) so the DESIGN §11 limits are asserted, not assumed.
"""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from models import ballots as ballot_ops
from models.ballots.forms import create_forms, form_accounting, spoil_form
from models.ballots.serials import ALPHABET, qr_payload
from models.labels import Mark
from models.setup import add_category, add_item, add_reporter, list_items, list_reporters, set_rules
from ui import entry_dialogs
from ui.bus import MeetingBus
from ui.entry_stage import EntryStage

K = Qt.Key
KEYPAD = Qt.KeyboardModifier.KeypadModifier
CTRL = Qt.KeyboardModifier.ControlModifier


class EntryDriver:
    """Presses real keys into whatever widget has the focus, and counts them."""

    def __init__(self, qtbot, stage):
        self.qtbot, self.stage, self.keys = qtbot, stage, 0

    def focused(self):
        return QApplication.focusWidget()

    def press(self, key, modifier=Qt.KeyboardModifier.NoModifier):
        self.qtbot.keyClick(self.focused(), key, modifier)
        self.keys += 1

    def type(self, text):
        for ch in text:
            self.press(_KEY_OF.get(ch, ch))

    def scan(self, serial):
        """The serial as a USB scanner types it: its characters (not counted), then Enter."""
        assert self.focused() is self.stage.serial_edit, "the serial field must have the focus"
        self.qtbot.keyClicks(self.stage.serial_edit, serial)
        self.press(K.Key_Return)

    def ballot(self, serial, grid_keys, save=K.Key_Return, save_mod=Qt.KeyboardModifier.NoModifier) -> int:
        """Key one whole ballot; returns the keys pressed after the serial's characters."""
        start = self.keys
        self.scan(serial)
        assert self.focused() is self.stage.grid, self.stage.serial_message.text()
        self.type(grid_keys)
        self.press(save, save_mod)
        return self.keys - start


_KEY_OF = {"+": K.Key_Plus, " ": K.Key_Space, "0": K.Key_0, "1": K.Key_1, "2": K.Key_2, "3": K.Key_3,
           "4": K.Key_4, "9": K.Key_9}


def build_meeting(meeting, reporters=6, items=(), double_entry=True, issued=20, forms=8):
    for n in range(reporters):
        add_reporter(meeting, f"述职人{n + 1}", unit=f"第{n + 1}镇党委", title="书记")
    for name in items:
        add_item(meeting, name)
    add_category(meeting, "A", "领导班子成员", weight=1, issued=issued)
    add_category(meeting, "B", "党员代表", weight=1, issued=issued)
    if not double_entry:
        set_rules(meeting, double_entry=False)
    return create_forms(meeting, "A", forms) + create_forms(meeting, "B", 3)


def open_stage(qtbot, meeting):
    bus = MeetingBus()
    stage = EntryStage(meeting, bus)
    qtbot.addWidget(stage)
    stage.resize(1200, 700)
    stage.show()
    stage.activateWindow()
    qtbot.waitExposed(stage)
    stage.serial_edit.setFocus()
    QApplication.processEvents()
    return stage, bus, EntryDriver(qtbot, stage)


@pytest.fixture
def entry(qtbot, meeting):
    serials = build_meeting(meeting)
    stage, bus, driver = open_stage(qtbot, meeting)
    return stage, driver, serials


def stored(meeting, serial, pass_no=1):
    return ballot_ops.get_ballot(meeting, pass_no, serial)


def cell_marks(meeting, ballot):
    return [ballot.mark(r.id, i.id) for r in list_reporters(meeting) for i in list_items(meeting)]


def test_all_same_ballot_takes_at_most_five_keys_after_the_serial(entry, meeting):
    stage, driver, serials = entry
    keys = driver.ballot(serials[0], "1+")
    assert keys <= 5
    assert cell_marks(meeting, stored(meeting, serials[0])) == [Mark.GOOD] * 6
    assert "已保存" in stage.status.text() and serials[0] in stage.status.text()
    assert driver.focused() is stage.serial_edit and stage.serial_edit.text() == ""


def test_mixed_ballot_takes_cells_plus_two_keys(qtbot, meeting):
    serials = build_meeting(meeting, reporters=4, items=["履行职责情况", "问题整改"])
    stage, _, driver = open_stage(qtbot, meeting)
    keys = driver.ballot(serials[0], "123409" "1 2341")
    assert keys == 4 * 3 + 2
    assert cell_marks(meeting, stored(meeting, serials[0])) == [Mark(int(c)) for c in "123409102341"]


def test_four_items_are_keyed_row_by_row_as_printed(qtbot, meeting):
    """Four items print one row per reporter and item; the screen keys them in the same rows."""
    serials = build_meeting(meeting, reporters=3, items=["基层组织建设", "党员队伍建设", "重点任务落实"])
    stage, _, driver = open_stage(qtbot, meeting)
    assert driver.ballot(serials[0], "1+") <= 5
    keys = driver.ballot(serials[1], "1234" "9 11" "2222")
    assert keys == 3 * 4 + 2
    assert cell_marks(meeting, stored(meeting, serials[1])) == [Mark(int(c)) for c in "123490112222"]
    assert stage.grid_model.rowCount() == 12 and stage.grid.rowSpan(4, 1) == 4


def test_keypad_keys_and_ctrl_enter_save_with_unkeyed_rows_counted(entry, meeting):
    stage, driver, serials = entry
    driver.scan(serials[1].lower().replace("-", ""))  # case and dashes do not matter
    for key in (K.Key_2, K.Key_4):
        driver.press(key, KEYPAD)
    assert "未录 4 格" in stage.unkeyed_label.text()
    driver.press(K.Key_Enter, CTRL)
    ballot = stored(meeting, serials[1])
    assert cell_marks(meeting, ballot) == [Mark.FAIRLY_GOOD, Mark.POOR] + [Mark.ABSTAIN] * 4
    assert "4 格未录，按弃权计" in stage.status.text()


def test_saved_ballot_updates_the_side_panels_and_the_bus(entry, meeting, qtbot):
    stage, driver, serials = entry
    with qtbot.waitSignal(stage.bus.changed) as said:
        driver.ballot(serials[0], "1+")
    assert said.args == ["ballots"]
    assert stage.recent.model.index(0, 0).data() == serials[0]
    assert stage.counts.model.index(0, 1).data() == "1/20"


@pytest.mark.parametrize("form", [0, -1], ids=["A", "B"])
def test_scanned_qr_payload_opens_the_grid_and_fixes_the_category(entry, meeting, form):
    stage, driver, serials = entry
    driver.scan(qr_payload(serials[form]))
    assert driver.focused() is stage.grid and stage.serial_edit.text() == serials[form]
    assert stage.category_label.text() == {0: "A票 · 领导班子成员", -1: "B票 · 党员代表"}[form]


@pytest.mark.parametrize("case", ["unknown", "check-char", "spoiled", "empty"])
def test_bad_serials_are_refused_at_once_with_the_reason(entry, meeting, case):
    stage, driver, serials = entry
    text, why = {
        "unknown": ("A-22222-" + _other_valid_check(meeting), "不是本会议打印"),
        "check-char": (_wrong_check(serials[2]), "校验"),
        "spoiled": (serials[3], "已作废"),
        "empty": ("", "请先输入"),
    }[case]
    spoil_form(meeting, serials[3], "打印污损")
    driver.scan(text)
    assert why in stage.serial_message.text()
    assert driver.focused() is stage.serial_edit and not stage.grid.isEnabled()
    assert sum(a.returned for a in form_accounting(meeting)) == 0


def test_duplicate_serial_shows_the_stored_ballot_and_offers_to_correct_it(entry, meeting, qtbot):
    stage, driver, serials = entry
    driver.ballot(serials[0], "2+")
    driver.scan(serials[0])
    assert "已在一录中录入过" in stage.serial_message.text()
    assert stage.grid_model.index(0, 3).data() == "较好"  # the stored ballot is shown
    assert stage.duplicate_button.isVisible()
    driver.press(K.Key_E, Qt.KeyboardModifier.AltModifier)  # 修改这张票(&E): an animated click
    qtbot.waitUntil(lambda: driver.focused() is stage.grid)
    assert stage.grid.isEnabled()
    driver.type("4")
    driver.press(K.Key_Return, CTRL)
    assert cell_marks(meeting, stored(meeting, serials[0]))[:2] == [Mark.POOR, Mark.FAIRLY_GOOD]
    assert "已修改" in stage.status.text()


def test_void_ballot_with_a_reason(entry, meeting, monkeypatch):
    stage, driver, serials = entry
    monkeypatch.setattr(entry_dialogs, "ask_void_reason", lambda parent: "无法辨认")
    driver.scan(serials[0])
    driver.press(K.Key_F9)
    assert "废票：无法辨认" in stage.void_label.text()
    driver.press(K.Key_1)  # grades are refused on a void ballot
    assert "废票" in stage.status.text()
    driver.press(K.Key_Return)  # Enter saves a void ballot at once
    ballot = stored(meeting, serials[0])
    assert ballot.void_reason == "无法辨认" and ballot.marks == {}
    assert "废票：无法辨认" in stage.status.text()
    assert form_accounting(meeting)[0].void == 0  # double entry: not counted before the 二录


def test_void_toggle_without_reason_changes_nothing(entry, meeting, monkeypatch):
    stage, driver, serials = entry
    monkeypatch.setattr(entry_dialogs, "ask_void_reason", lambda parent: None)
    driver.scan(serials[0])
    driver.press(K.Key_F9)
    assert stage.void_label.text() == "" and not stage.grid_model.void


def test_escape_asks_before_dropping_keys(entry, meeting, monkeypatch):
    stage, driver, serials = entry
    answers = []
    monkeypatch.setattr(entry_dialogs, "confirm_clear", lambda parent, what: answers.append(what) or False)
    driver.scan(serials[0])
    driver.type("12")
    driver.press(K.Key_Escape)
    assert answers and stage.grid_model.unkeyed_count() == 4  # said no: still keying
    monkeypatch.setattr(entry_dialogs, "confirm_clear", lambda parent, what: True)
    driver.press(K.Key_Escape)
    assert driver.focused() is stage.serial_edit and stored(meeting, serials[0]) is None
    driver.ballot(serials[0], "3+")  # the serial was not used up
    assert stored(meeting, serials[0]) is not None


def test_bad_key_is_refused_visibly_and_changes_nothing(entry, meeting):
    stage, driver, serials = entry
    driver.scan(serials[0])
    driver.type("1")
    driver.press(K.Key_7)
    assert "不是等次键" in stage.status.text()
    assert stage.grid_model.unkeyed_count() == 5 and stage.grid.cursor == 1


def test_edit_from_recent_list_and_delete_with_a_reason(entry, meeting, monkeypatch):
    stage, driver, serials = entry
    driver.ballot(serials[0], "1+")
    driver.ballot(serials[1], "2+")
    stage.recent.table.setFocus()
    driver.press(K.Key_Down)  # newest first: row 0 is serials[1], Down selects row 1
    driver.press(K.Key_Return)
    assert stage.serial_edit.text() == serials[0] and driver.focused() is stage.grid
    driver.type("333")
    driver.press(K.Key_Return, CTRL)
    assert cell_marks(meeting, stored(meeting, serials[0]))[:4] == [Mark.AVERAGE] * 3 + [Mark.GOOD]

    monkeypatch.setattr(entry_dialogs, "ask_delete_reason", lambda parent, serial: None)
    stage.recent.table.setFocus()
    stage.recent.table.selectRow(0)
    driver.press(K.Key_Delete)
    assert stored(meeting, serials[1]) is not None and "没有填写原因" in stage.status.text()
    monkeypatch.setattr(entry_dialogs, "ask_delete_reason", lambda parent, serial: "录错了表")
    driver.press(K.Key_Delete)
    assert stored(meeting, serials[1]) is None
    assert "已删除" in stage.status.text() and stage.recent.model.rowCount() == 1


def test_second_pass_is_blind_and_hidden_without_double_entry(qtbot, meeting):
    serials = build_meeting(meeting, double_entry=False)
    stage, _, driver = open_stage(qtbot, meeting)
    assert not stage.pass_buttons.button(2).isVisible()
    driver.ballot(serials[0], "1+")
    assert form_accounting(meeting)[0].valid == 1  # single entry counts at once


def test_second_pass_shows_nothing_of_the_first(entry, meeting, qtbot):
    stage, driver, serials = entry
    driver.ballot(serials[0], "1+")
    driver.press(K.Key_2, Qt.KeyboardModifier.AltModifier)  # 二录(&2): an animated click
    qtbot.waitUntil(lambda: stage.pass_no == 2)
    assert driver.focused() is stage.serial_edit
    assert stage.pass_no == 2 and stage.recent.model.rowCount() == 0
    driver.ballot(serials[0], "1+")  # not a duplicate in the 二录
    assert stored(meeting, serials[0], 2) is not None
    assert form_accounting(meeting)[0].valid == 1


def test_returned_over_issued_warns(qtbot, meeting):
    serials = build_meeting(meeting, issued=1)
    stage, _, driver = open_stage(qtbot, meeting)
    driver.ballot(serials[0], "1+")
    assert not stage.counts.warning.isVisible()
    driver.ballot(serials[1], "1+")
    assert stage.counts.warning.isVisible() and "多于发出" in stage.counts.warning.text()


def test_finalized_meeting_is_read_only(entry, meeting):
    stage, driver, serials = entry
    driver.ballot(serials[0], "1+")
    with meeting.write("定稿（测试）", {}) as db:
        db["meeting"].update(1, {"finalized": 1})
    stage.bus.changed.emit("decisions")
    assert stage.read_only_banner.isVisible() and "已定稿" in stage.read_only_banner.text()
    assert not stage.serial_edit.isEnabled() and not stage.recent.delete_button.isEnabled()
    stage.recent.table.setFocus()
    stage.recent.table.selectRow(0)
    driver.press(K.Key_Return)  # open to look at it
    driver.press(K.Key_2)
    assert "只能查看" in stage.status.text()
    assert cell_marks(meeting, stored(meeting, serials[0])) == [Mark.GOOD] * 6


def _wrong_check(serial):
    last = serial[-1]
    return serial[:-1] + next(c for c in ALPHABET if c != last)


def _other_valid_check(meeting):
    from models.ballots.serials import check_char

    return check_char("A22222")
