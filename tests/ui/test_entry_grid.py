"""The entry grid alone: real key presses on a grid that mirrors the paper form."""

import pytest
from PySide6.QtCore import Qt

from models.ballots.form_data import MAX_GROUPED_ITEMS
from models.labels import Mark
from models.setup import add_item, add_reporter, list_items, list_reporters
from printing.form_layout import table_layout
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


# -- more items than the paper groups as columns: one row per reporter and item, as printed --------
ROW_ITEMS = ["履行第一责任人职责", "基层组织建设", "党员队伍建设", "重点任务落实"]


def grid_rows(model):
    """(reporter index, item index or -1) of every grid row, read from what the grid shows."""
    seqs = [r.seq for r in model.reporters]
    names = [i.name for i in model.items]
    rows = []
    for row in range(model.rowCount()):
        reporter = seqs.index(int(model.headerData(row, Qt.Orientation.Vertical)))
        item = names.index(model.index(row, 3).data()) if model.items_as_rows else -1
        rows.append((reporter, item))
    return rows


@pytest.mark.parametrize("extra", [0, 2, 3, 4], ids=["1-item", "3-items", "4-items", "5-items"])
def test_grid_rows_follow_the_printed_form(qtbot, meeting, extra):
    grid, model = make_grid(qtbot, meeting, reporters=7, extra_items=ROW_ITEMS[:extra])
    layout = table_layout(7, extra + 1)
    printed = [(row.reporter, row.item) for page in layout.pages for row in page]
    assert grid_rows(model) == printed
    assert model.items_as_rows == layout.items_as_rows == (extra + 1 > MAX_GROUPED_ITEMS)


def test_items_as_rows_show_the_reporter_once_beside_its_items(qtbot, meeting):
    grid, model = make_grid(qtbot, meeting, reporters=3, extra_items=ROW_ITEMS[:3])
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == ["序号", "姓名", "单位及职务", "测评项目", "等次"]
    assert [model.index(4, c).data() for c in range(4)] == ["2", "述职人2", "第2镇党委书记", "总体评价"]
    assert [model.index(5, c).data() for c in range(4)] == ["", "", "", "履行第一责任人职责"]
    assert [grid.rowSpan(4, c) for c in range(5)] == [4, 4, 4, 1, 1]
    assert [grid.rowSpan(0, 0), grid.rowSpan(8, 2)] == [4, 4]


def test_items_as_rows_keys_move_down_row_by_row(qtbot, meeting):
    grid, model = make_grid(qtbot, meeting, reporters=3, extra_items=ROW_ITEMS[:3])
    changes = []
    model.dataChanged.connect(lambda a, b, roles=(): changes.append((a.row(), a.column(), b.row(), b.column())))
    qtbot.keyClicks(grid, "12349")
    assert changes == [(n, 4, n, 4) for n in range(5)]  # each key repaints its own cell only
    assert [model.index(n, 4).data() for n in range(6)] == ["好", "较好", "一般", "差", "多选", ""]
    assert grid.currentIndex().row() == 5 and grid.currentIndex().column() == 4
    qtbot.keyClick(grid, K.Key_Up)  # the row above
    assert grid.cursor == 4
    qtbot.keyClick(grid, K.Key_Down)
    qtbot.keyClick(grid, K.Key_Down)
    assert grid.cursor == 6
    qtbot.keyClick(grid, K.Key_Left)
    qtbot.keyClick(grid, K.Key_Backspace)  # on an unkeyed cell: back one and clear it
    assert grid.cursor == 4 and model.mark_at(4) is None


def test_items_as_rows_fill_rest_and_enter_on_the_last_row(qtbot, meeting):
    grid, model = make_grid(qtbot, meeting, reporters=3, extra_items=ROW_ITEMS)
    saves = []
    grid.save_requested.connect(lambda: saves.append(grid.cursor))
    qtbot.keyClicks(grid, "21")
    with qtbot.waitSignal(grid.message) as said:
        qtbot.keyClick(grid, K.Key_Return)
    assert saves == [] and "第 3 号的“重点任务落实”" in said.args[0]
    qtbot.keyClick(grid, K.Key_Plus)
    assert cells(model) == [Mark.FAIRLY_GOOD] + [Mark.GOOD] * 14
    assert grid.currentIndex().row() == 14 and model.unkeyed_count() == 0
    qtbot.keyClick(grid, K.Key_Return)
    assert saves == [14]
    reporters, items = list_reporters(meeting), list_items(meeting)
    assert model.marks()[(reporters[0].id, items[0].id)] == Mark.FAIRLY_GOOD
    assert model.marks()[(reporters[2].id, items[4].id)] == Mark.GOOD


def test_items_as_rows_model_is_a_sound_qt_model(qtmodeltester, meeting):
    for n in range(3):
        add_reporter(meeting, f"人{n}")
    for name in ROW_ITEMS:
        add_item(meeting, name)
    model = EntryGridModel(list_reporters(meeting), list_items(meeting))
    model.set_mark(6, Mark.GOOD)
    qtmodeltester.check(model)
