"""The clerk's laptop is 1366×768: with the taskbar and the title bar about 1366×728 is left for the window.
Every stage of the demo meeting must fit there (a screen taller than that pushes the status line and the
buttons off the bottom, and the window cannot be made smaller)."""

from __future__ import annotations

from models.demo import create_demo
from ui.stages import STAGES

USABLE_WIDTH, USABLE_HEIGHT = 1366, 728


def test_every_stage_of_the_demo_fits_a_1366x768_laptop(main_window, tmp_path, qtbot):
    assert main_window.open_path(create_demo(tmp_path / "示例.pingyi"))
    too_big = {}
    for index, spec in enumerate(STAGES):
        main_window.show_stage(index)
        qtbot.wait(1)
        hint = main_window.minimumSizeHint()
        if hint.width() > USABLE_WIDTH or hint.height() > USABLE_HEIGHT:
            too_big[spec.title] = (hint.width(), hint.height())
    assert too_big == {}
