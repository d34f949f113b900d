"""The entry grid alone: real key presses on a grid that mirrors the paper form."""

import pytest
from PySide6.QtCore import Qt

from models.labels import Mark
from models.setup import add_item, add_reporter, list_items, list_reporters
from ui.entry_grid import KEY_LEGEND, EntryGrid
from ui.entry_grid_model import FIXED_COLUMNS, EntryGridModel

K = Qt.Key
KEYPAD = Qt.KeyboardModifier.KeypadModifier


def make_grid(qtbot, meeting, reporters=4, extra_items=()):
    for n in range(reporters):
        add_reporter(meeting, f"述职人{n + 1}", unit=f"第{n + 1}镇党委", title="书记")
    for name in extra_items:
        add_item(meeting, name)
    model = EntryGridModel(list_reporters(meeting), list_items(meeting))
    grid = EntryGrid(model)
    qtbot.addWidget(grid)
    grid.resize(700, 400)
    grid.show()
    grid.start()
    grid.setFocus()
    return grid, model


def cells(model):
    return [model.mark_at(k) for k in range(model.cell_count)]


@pytest.mark.parametrize("modifier", [Qt.KeyboardModifier.NoModifier, KEYPAD], ids=["number-row", "keypad"])
def test_grade_keys_mark_and_move_on(qtbot, meeting, modifier):
    grid, model = make_grid(qtbot, meeting, reporters=7)
    for key in (K.Key_1, K.Key_2, K.Key_3, K.Key_4, K.Key_0, K.Key_9):
        qtbot.keyClick(grid, key, modifier)
    qtbot.keyClick(grid, K.Key_Space)
    assert cells(model) == [Mark.GOOD, Mark.FAIRLY_GOOD, Mark.AVERAGE, Mark.POOR, Mark.ABSTAIN,
                            Mark.OVERMARKED, Mark.ABSTAIN]
    assert grid.cursor == 6  # the last cell keeps the cursor
    assert model.index(0, len(FIXED_COLUMNS)).data() == "好"
    assert model.unkeyed_count() == 0


def test_fill_rest_gives_every_unkeyed_cell_the_last_mark(qtbot, meeting):
    grid, model = make_grid(qtbot, meeting, reporters=5, extra_items=["履行职责情况"])
    qtbot.keyClick(grid, K.Key_2)
    qtbot.keyClick(grid, K.Key_1)
    qtbot.keyClick(grid, K.Key_Plus, KEYPAD)
    assert cells(model) == [Mark.FAIRLY_GOOD] + [Mark.GOOD] * 9
    assert grid.cursor == model.cell_count - 1


def test_fill_rest_keeps_marks_already_keyed_further_down(qtbot, meeting):
    grid, model = make_grid(qtbot, meeting, reporters=4)
    grid.move_to(3)
    qtbot.keyClick(grid, K.Key_4)
    grid.move_to(0)
    qtbot.keyClick(grid, K.Key_1)
    qtbot.keyClick(grid, K.Key_Equal)  # the + key without Shift
    assert cells(model) == [Mark.GOOD, Mark.GOOD, Mark.GOOD, Mark.POOR]


def test_fill_rest_before_any_mark_is_refused(qtbot, meeting):
    grid, model = make_grid(qtbot, meeting)
    with qtbot.waitSignal(grid.message) as said:
        qtbot.keyClick(grid, K.Key_Plus)
    assert "先按一个等次键" in said.args[0]
    assert model.unkeyed_count() == model.cell_count


@pytest.mark.parametrize("key,text", [(K.Key_5, "5"), (K.Key_A, "a"), (K.Key_Minus, "-"), (K.Key_F2, "")])
def test_other_keys_are_refused_and_change_nothing(qtbot, meeting, key, text):
    grid, model = make_grid(qtbot, meeting)
    qtbot.keyClick(grid, K.Key_1)
    before, cursor = cells(model), grid.cursor
    with qtbot.waitSignal(grid.message) as said:
        qtbot.keyClick(grid, key)
    assert "不是等次键" in said.args[0] and "未作改动" in said.args[0]
    assert cells(model) == before and grid.cursor == cursor


def test_arrows_move_back_and_forward_backspace_clears(qtbot, meeting):
    grid, model = make_grid(qtbot, meeting, reporters=3, extra_items=["重点任务落实"])
    qtbot.keyClicks(grid, "1111")
    assert grid.cursor == 4
    qtbot.keyClick(grid, K.Key_Up)  # one reporter back, same item
    assert grid.cursor == 2
    qtbot.keyClick(grid, K.Key_3)
    assert model.mark_at(2) == Mark.AVERAGE and grid.cursor == 3
    qtbot.keyClick(grid, K.Key_Left)
    qtbot.keyClick(grid, K.Key_Right)
    qtbot.keyClick(grid, K.Key_Down)
    assert grid.cursor == 5
    qtbot.keyClick(grid, K.Key_Backspace)  # cursor on an unkeyed cell: clears the one before
    assert grid.cursor == 4 and model.mark_at(4) is None
    assert model.unkeyed_count() == 2


def test_enter_saves_only_on_the_last_cell_ctrl_enter_anywhere(qtbot, meeting):
    grid, model = make_grid(qtbot, meeting, reporters=3)
    saves = []
    grid.save_requested.connect(lambda: saves.append(grid.cursor))
    qtbot.keyClick(grid, K.Key_1)
    with qtbot.waitSignal(grid.message) as said:
        qtbot.keyClick(grid, K.Key_Return)
    assert saves == [] and "Ctrl+Enter" in said.args[0]
    qtbot.keyClick(grid, K.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(grid, "11")
    qtbot.keyClick(grid, K.Key_Enter, KEYPAD)
    assert saves == [1, 2]


def test_escape_and_f9_are_passed_to_the_screen(qtbot, meeting):
    grid, _ = make_grid(qtbot, meeting)
    with qtbot.waitSignal(grid.clear_requested):
        qtbot.keyClick(grid, K.Key_Escape)
    with qtbot.waitSignal(grid.void_requested):
        qtbot.keyClick(grid, K.Key_F9)


def test_marks_leave_out_abstentions_and_unkeyed_cells(qtbot, meeting):
    grid, model = make_grid(qtbot, meeting, reporters=4)
    qtbot.keyClicks(grid, "1 9")
    reporters, item = list_reporters(meeting), list_items(meeting)[0]
    assert model.marks() == {(reporters[0].id, item.id): Mark.GOOD, (reporters[2].id, item.id): Mark.OVERMARKED}
    assert model.unkeyed_count() == 1


def test_a_key_repaints_one_cell_only(qtbot, meeting):
    grid, model = make_grid(qtbot, meeting, reporters=6, extra_items=["一", "二"])
    changes = []
    model.dataChanged.connect(lambda a, b, roles=(): changes.append((a.row(), a.column(), b.row(), b.column())))
    qtbot.keyClick(grid, K.Key_2)
    assert changes == [(0, len(FIXED_COLUMNS), 0, len(FIXED_COLUMNS))]


def test_loaded_ballot_shows_missing_marks_as_abstentions(qtbot, meeting):
    grid, model = make_grid(qtbot, meeting, reporters=3)
    first = list_reporters(meeting)[0].id
    grid.start({(first, list_items(meeting)[0].id): Mark.POOR})
    assert cells(model) == [Mark.POOR, Mark.ABSTAIN, Mark.ABSTAIN]
    assert model.index(1, len(FIXED_COLUMNS)).data() == "弃权"


def test_read_only_grid_refuses_marks(qtbot, meeting):
    grid, model = make_grid(qtbot, meeting)
    grid.read_only = True
    with qtbot.waitSignal(grid.message):
        qtbot.keyClick(grid, K.Key_1)
    assert model.unkeyed_count() == model.cell_count


def test_model_is_a_sound_qt_model(qtmodeltester, meeting):
    for n in range(3):
        add_reporter(meeting, f"人{n}")
    add_item(meeting, "履行职责情况")
    model = EntryGridModel(list_reporters(meeting), list_items(meeting))
    model.set_mark(1, Mark.GOOD)
    qtmodeltester.check(model)


def test_legend_names_every_key():
    for text in ("1 好", "2 较好", "3 一般", "4 差", "0/空格 弃权", "9 多选", "+", "Ctrl+Enter", "Esc", "F9"):
        assert text in KEY_LEGEND
