"""The main window: stage navigation by keys, honest placeholders, status line, 另存为, closing."""

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QLabel

from models import clock, setup
from models.meeting import Meeting
from ui.bus import BALLOTS, SETUP
from ui.stages import STAGES, FailedPage, NotBuiltPage, StageSpec, build_stage, stage_shortcut


@pytest.fixture
def opened(main_window, roster_path):
    assert main_window.open_path(roster_path)
    return main_window


def test_ctrl_digits_switch_between_the_stages(qtbot, opened):
    nav = opened.workspace.nav
    for number in [3, 8, 5, 1, 2, 4, 6, 7]:
        qtbot.keyClick(opened, getattr(Qt.Key, f"Key_{number}"), Qt.KeyboardModifier.ControlModifier)
        assert nav.currentRow() == number - 1
        assert opened.workspace.stack.currentIndex() == number - 1
        page = opened.workspace.current_stage()
        assert not isinstance(page, FailedPage), page.findChildren(QLabel)[-1].text()
    assert opened.workspace.current_stage().__class__.__name__ in (STAGES[6].cls, "NotBuiltPage")
    opened.close_meeting()  # every stage was built; none may still listen to the bus
    opened.bus.changed.emit(SETUP)


def test_stage_menu_and_list_show_the_shortcuts(opened):
    numbers = range(1, len(STAGES) + 1)  # later stages (整改台账 …) are appended after the first eight
    assert [a.shortcut().toString() for a in opened.stage_actions] == [stage_shortcut(n) for n in numbers]
    assert stage_shortcut(9) == "Ctrl+9" and stage_shortcut(10) == "Ctrl+0" and stage_shortcut(11) == ""
    assert all(stage_shortcut(n) in opened.workspace.nav.item(n - 1).toolTip() for n in numbers)
    assert opened.menuBar().actions()[0].text() == opened.file_menu.title()
    file_tips = {a.text(): a.toolTip() for a in opened.file_menu.actions()}
    assert "Ctrl+N" in file_tips["新建会议…"] and "Ctrl+O" in file_tips["打开…"]
    assert "Ctrl+Shift+S" in file_tips["另存为…"]


def test_a_stage_not_built_yet_says_so(qtbot):
    spec = StageSpec("later", "以后", "ui.no_such_stage_module", "Later", "将来做的事。")
    page = build_stage(spec, None, None)
    qtbot.addWidget(page)
    assert isinstance(page, NotBuiltPage)
    text = " ".join(label.text() for label in page.findChildren(QLabel))
    assert "此阶段尚未完成" in text and "将来做的事" in text


def test_a_stage_that_fails_to_load_shows_the_error_not_a_fake(qtbot, tmp_path, monkeypatch, capsys):
    (tmp_path / "pingyi_broken_stage.py").write_text("import no_such_dependency_xyz\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    page = build_stage(StageSpec("b", "坏", "pingyi_broken_stage", "Broken", ""), None, None)
    qtbot.addWidget(page)
    assert isinstance(page, FailedPage)
    assert "no_such_dependency_xyz" in " ".join(label.text() for label in page.findChildren(QLabel))


def test_every_registered_stage_module_is_importable_or_absent():
    from ui.stages import stage_class

    for spec in STAGES:
        cls = stage_class(spec)
        assert cls is None or cls.__name__ == spec.cls


def test_status_line_shows_file_and_last_commit(opened, monkeypatch):
    assert opened.file_label.text() == f"文件：{opened.meeting.path.name}"
    assert "最后保存" in opened.saved_label.text()
    assert opened.ballots_label.text() == "尚未录入选票"
    monkeypatch.setattr(clock, "now", lambda: dt.datetime(2026, 1, 15, 9, 30, 5))
    setup.set_facts(opened.meeting, title="改名后的会议")
    opened.bus.changed.emit(SETUP)
    assert opened.saved_label.text() == "最后保存：2026-01-15 09:30:05"
    assert opened.windowTitle().startswith("改名后的会议")


def test_status_line_counts_ballots_per_pass(qtbot, main_window, tmp_path):
    from models.demo import create_demo

    path = tmp_path / "有票.pingyi"
    create_demo(path, reporters=3, ballots=6)
    main_window.open_path(path)
    assert main_window.ballots_label.text().startswith("一录 6 张")
    assert "核对" in main_window.ballots_label.text()
    serial = enter_one_more(main_window.meeting)
    main_window.bus.changed.emit(BALLOTS)
    qtbot.waitUntil(lambda: main_window.ballots_label.text().startswith("一录 7 张"), timeout=2000)
    assert serial


def enter_one_more(meeting) -> str:
    """Key one more printed form (all 好) in pass 1."""
    from models.ballots import enter_ballot, layout
    from models.ballots.forms import create_forms
    from models.labels import Mark

    serial = create_forms(meeting, "A", 1)[0]
    enter_ballot(meeting, 1, serial, {cell: Mark.GOOD for cell in layout(meeting)})
    return serial


def test_ctrl_w_closes_the_meeting_and_releases_the_lock(qtbot, opened, roster_path):
    qtbot.keyClick(opened, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    assert opened.meeting is None and opened.workspace is None
    assert opened.pages.currentWidget() is opened.start_page
    assert not opened.save_as_action.isEnabled()
    Meeting.open(roster_path).close()


def test_closing_the_window_closes_the_meeting(opened, roster_path):
    opened.close()
    assert opened.meeting is None
    Meeting.open(roster_path).close()


def test_save_as_copies_and_switches_to_the_new_file(qtbot, opened, roster_path, tmp_path, monkeypatch):
    target = tmp_path / "副本"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    qtbot.keyClick(opened, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    copy = tmp_path / "副本.pingyi"
    assert opened.meeting.path == copy
    assert [r.name for r in setup.list_reporters(opened.meeting)] == ["张伟", "李娜", "王强"]
    Meeting.open(roster_path).close()  # the old file is free again
    from models.counting import verify_meeting

    assert verify_meeting(opened.meeting).ok
    assert not copy.with_name(copy.name + ".tmp").exists()


def test_save_as_onto_a_file_open_elsewhere_is_refused(opened, tmp_path, monkeypatch, messages):
    other = tmp_path / "别处.pingyi"
    with Meeting.create(other):
        monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(other), "")))
        opened.save_as()
        assert "另一个窗口" in messages.texts()
    assert opened.meeting.path.name == "会议.pingyi"


def test_about_box(opened, messages):
    opened.about()
    assert messages[-1][0] == "about" and "述职评议会" in messages[-1][2]


def test_every_stage_is_built_for_real_on_the_demo_meeting(qtbot, main_window, tmp_path):
    """All eight stages exist now: on a meeting with ballots none is a placeholder or an error page."""
    from models.demo import create_demo

    path = create_demo(tmp_path / "示例.pingyi", reporters=6)
    assert main_window.open_path(path)
    for number, spec in enumerate(STAGES, start=1):
        if stage_shortcut(number):
            qtbot.keyClick(main_window, getattr(Qt.Key, f"Key_{number % 10}"), Qt.KeyboardModifier.ControlModifier)
        else:  # beyond the tenth: from the stage list
            main_window.workspace.nav.setCurrentRow(number - 1)
        page = main_window.workspace.current_stage()
        assert type(page).__name__ == spec.cls, f"{spec.title}: {type(page).__name__}"
    main_window.close_meeting()
