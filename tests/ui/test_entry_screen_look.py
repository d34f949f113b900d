"""录入 at a glance (#11): the reporter being keyed is highlighted across the whole row, the grade
cells sit beside the name whatever the window width, and 一录 / 二录 differ in colour and title."""

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from models.setup import add_reporter
from ui.entry_grid import UNIT_COLUMN_CHARS
from ui.entry_pass_band import PASS_LOOKS

from .test_entry_stage import K, build_meeting, open_stage


def _pixel(stage, row: int, column: int) -> QColor:
    grid = stage.grid
    rect = grid.visualRect(stage.grid_model.index(row, column))
    image = grid.viewport().grab().toImage()
    return image.pixelColor(rect.center().x(), rect.top() + 4)


def _tinted(colour: QColor) -> bool:
    """The row tint is yellowish: clearly more red/green than blue."""
    return colour.blue() < colour.red() - 20 and colour.blue() < colour.green() - 20


def test_the_whole_current_row_is_highlighted_and_follows_the_keys(qtbot, meeting):
    serials = build_meeting(meeting)
    stage, _, driver = open_stage(qtbot, meeting)
    driver.scan(serials[0])
    assert list(stage.grid.current_rows()) == [0]
    assert _tinted(_pixel(stage, 0, 1)) and _tinted(_pixel(stage, 0, 2))  # name and unit of row 1
    assert not _tinted(_pixel(stage, 2, 1))
    driver.type("12")  # one item: each key moves one reporter down
    assert list(stage.grid.current_rows()) == [2]
    assert _tinted(_pixel(stage, 2, 1)) and not _tinted(_pixel(stage, 0, 1))
    driver.press(K.Key_Up)
    assert list(stage.grid.current_rows()) == [1] and _tinted(_pixel(stage, 1, 2))


def test_items_as_rows_highlight_the_reporters_block(qtbot, meeting):
    serials = build_meeting(meeting, reporters=2, items=[f"项目{n}" for n in range(1, 8)])
    stage, _, driver = open_stage(qtbot, meeting)
    assert stage.grid_model.items_as_rows
    driver.scan(serials[0])
    items = len(stage.grid_model.items)
    assert list(stage.grid.current_rows()) == list(range(items))
    driver.type("1" * items)
    assert list(stage.grid.current_rows()) == list(range(items, 2 * items))


def test_grade_cells_sit_beside_the_name_on_a_wide_window(qtbot, meeting):
    add_reporter(meeting, "长单位", unit="中共某某县某某镇某某村党总支部委员会第一网格党小组联合党支部", title="书记")
    serials = build_meeting(meeting)
    stage, _, driver = open_stage(qtbot, meeting)
    stage.resize(1900, 700)
    stage._make_grid()
    qtbot.wait(10)
    header = stage.grid.horizontalHeader()
    em = stage.grid.fontMetrics().horizontalAdvance("好")
    assert header.sectionSize(2) <= em * UNIT_COLUMN_CHARS
    assert header.sectionPosition(3) < 600 < stage.grid.viewport().width()  # not 1,000 px away
    assert "联合党支部" in stage.grid_model.index(0, 2).data(Qt.ItemDataRole.ToolTipRole)
    driver.scan(serials[0])
    assert stage.grid.hasFocus()


def test_first_and_second_pass_look_different(qtbot, meeting):
    serials = build_meeting(meeting)
    stage, _, driver = open_stage(qtbot, meeting)
    assert stage.pass_band.text().startswith("一录") and stage.pass_band.isVisible()
    first = stage.pass_band.grab().toImage().pixelColor(3, 3).name()
    assert first == PASS_LOOKS[1][0]
    driver.press(K.Key_2, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: stage.pass_no == 2)
    assert stage.pass_band.text().startswith("二录")
    second = stage.pass_band.grab().toImage().pixelColor(3, 3).name()
    assert second == PASS_LOOKS[2][0] != first
    assert PASS_LOOKS[2][0] in stage.grid.styleSheet()
    driver.scan(serials[0])  # the grid rebuilt for the ballot keeps the colour of the pass
    assert PASS_LOOKS[2][0] in stage.grid.styleSheet()
    driver.press(K.Key_Escape)
    driver.press(K.Key_1, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: stage.pass_no == 1)
    assert stage.pass_band.text().startswith("一录") and PASS_LOOKS[1][0] in stage.grid.styleSheet()
