"""The start page: recent files, 打开 with its refusals, 新建会议, 打开示例会议."""

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from models import setup
from models.meeting import Meeting
from ui.start_page import MISSING


def test_recent_files_are_listed_newest_first_and_a_missing_one_is_greyed(qtbot, main_window, recent, roster_path,
                                                                          tmp_path):
    gone = tmp_path / "已删除.pingyi"
    recent.add(gone)
    recent.add(roster_path)
    page = main_window.start_page
    page.refresh()
    assert [page.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(2)] == [str(roster_path), str(gone)]
    missing = page.list.item(1)
    assert missing.foreground().color() == MISSING and "不存在" in missing.text()
    assert page.list.item(0).foreground().color() != MISSING
    page.list.setFocus()
    page.list.setCurrentRow(1)
    assert not page.open_selected.isEnabled()
    qtbot.keyClick(page.list, Qt.Key.Key_Delete)
    assert recent.paths() == [roster_path]
    assert page.list.count() == 1


def test_remove_all_missing_files(main_window, recent, roster_path, tmp_path):
    for name in ("甲.pingyi", "乙.pingyi"):
        recent.add(tmp_path / name)
    recent.add(roster_path)
    main_window.start_page.refresh()
    assert main_window.start_page.prune_button.isVisibleTo(main_window)
    main_window.start_page.prune_button.click()
    assert recent.paths() == [roster_path]


def test_enter_on_a_recent_file_opens_it(qtbot, main_window, recent, roster_path):
    recent.add(roster_path)
    page = main_window.start_page
    page.refresh()
    page.list.setFocus()
    page.list.setCurrentRow(0)
    qtbot.keyClick(page.list, Qt.Key.Key_Return)
    assert main_window.meeting is not None and main_window.meeting.path == roster_path
    assert main_window.pages.currentWidget() is main_window.workspace
    assert "测试述职评议会" in main_window.windowTitle()


def test_open_button_asks_for_a_file(qtbot, main_window, roster_path, monkeypatch):
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(roster_path), "")))
    qtbot.mouseClick(main_window.start_page.open_button, Qt.MouseButton.LeftButton)
    assert main_window.meeting.path == roster_path


def test_a_file_open_in_another_window_is_refused_with_a_message(main_window, roster_path, messages, recent):
    with Meeting.open(roster_path):  # another window holds the lock
        assert not main_window.open_path(roster_path)
    assert messages[-1][0] == "warning"
    assert "已在另一个窗口中打开" in messages[-1][2]
    assert main_window.meeting is None
    assert main_window.pages.currentWidget() is main_window.start_page
    assert main_window.open_path(roster_path)  # once released it opens


@pytest.mark.parametrize("content, fault", [(b"just some text" * 20, "不是 Pingyi 会议文件"), (None, "找不到文件")])
def test_a_foreign_or_missing_file_is_refused_with_a_message(main_window, messages, tmp_path, content, fault):
    path = tmp_path / "别的.pingyi"
    if content:
        path.write_bytes(content)
    assert not main_window.open_path(path)
    assert fault in messages.texts()
    if content:
        assert path.read_bytes() == content


def test_ctrl_n_creates_a_meeting_with_the_wizard(qtbot, main_window, type_text, recent, tmp_path):
    qtbot.keyClick(main_window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    wizard = main_window.wizard
    assert wizard is not None and wizard.isVisible()
    wizard.title.setFocus()
    type_text(wizard.title, "2025年度述职评议会")
    expected = tmp_path / "home" / "2025年度述职评议会.pingyi"
    assert Path(wizard.path.text()) == expected
    qtbot.keyClick(wizard.title, Qt.Key.Key_Return)
    assert expected.exists()
    assert main_window.meeting.path == expected
    facts = setup.get_facts(main_window.meeting)
    assert facts.title == "2025年度述职评议会" and facts.date == wizard.date.date().toString("yyyy-MM-dd")
    assert recent.paths()[0] == expected.resolve()


def test_the_wizard_refuses_an_existing_file_and_an_empty_title(qtbot, main_window, type_text, roster_path):
    main_window.new_meeting()
    wizard = main_window.wizard
    qtbot.keyClick(wizard.title, Qt.Key.Key_Return)
    assert "请填写会议名称" in wizard.message.text()
    type_text(wizard.title, "X")
    wizard.path.setText(str(roster_path))
    before = roster_path.read_bytes()
    qtbot.keyClick(wizard.title, Qt.Key.Key_Return)
    assert "已存在" in wizard.message.text() and wizard.isVisible()
    assert roster_path.read_bytes() == before
    assert main_window.meeting is None


def test_the_wizard_with_a_bad_workbook_leaves_no_file(qtbot, main_window, type_text, tmp_path):
    import openpyxl

    from models.setup.workbook import write_template

    workbook = tmp_path / "准备表.xlsx"
    write_template(workbook)
    book = openpyxl.load_workbook(workbook)
    book["测评人类别"].cell(row=2, column=3).value = "很多"
    book.save(workbook)
    main_window.new_meeting()
    wizard = main_window.wizard
    type_text(wizard.title, "坏准备表")
    wizard.workbook.setText(str(workbook))
    qtbot.keyClick(wizard.title, Qt.Key.Key_Return)
    assert "会议未创建" in wizard.message.text() and "“很多”" in wizard.message.text()
    assert not wizard.target().exists()
    assert main_window.meeting is None


def test_the_wizard_imports_a_good_workbook(qtbot, main_window, type_text, tmp_path):
    from models.setup.workbook import write_template

    workbook = tmp_path / "准备表.xlsx"
    write_template(workbook)
    main_window.new_meeting()
    wizard = main_window.wizard
    type_text(wizard.title, "用准备表")
    wizard.workbook.setText(str(workbook))
    qtbot.keyClick(wizard.title, Qt.Key.Key_Return)
    assert main_window.meeting is not None
    assert setup.list_reporters(main_window.meeting)
    assert setup.get_facts(main_window.meeting).title == "用准备表"


def test_the_demo_meeting_is_fresh_each_time(qtbot, main_window, tmp_path):
    qtbot.mouseClick(main_window.start_page.demo_button, Qt.MouseButton.LeftButton)
    demo = tmp_path / "home" / "示例会议.pingyi"
    assert main_window.meeting.path == demo
    setup.set_facts(main_window.meeting, title="改过的示例")
    main_window.open_demo()
    assert main_window.meeting.path == demo
    assert setup.get_facts(main_window.meeting).title != "改过的示例"
    assert len(setup.list_reporters(main_window.meeting)) == 12


def test_the_demo_open_in_another_window_is_not_replaced(main_window, messages, tmp_path):
    from models.demo import create_demo

    demo = tmp_path / "home" / "示例会议.pingyi"
    demo.parent.mkdir()
    create_demo(demo, reporters=2, ballots=0)
    before = demo.read_bytes()
    with Meeting.open(demo):
        main_window.open_demo()
    assert "已在另一个窗口中打开" in messages.texts()
    assert demo.read_bytes() == before and main_window.meeting is None


def test_recent_files_keep_the_newest_ten_without_duplicates(recent, tmp_path):
    from ui.recent_files import LIMIT

    for n in range(LIMIT + 3):
        recent.add(tmp_path / f"{n}.pingyi")
    recent.add(tmp_path / "5.pingyi")
    paths = recent.paths()
    assert len(paths) == LIMIT and paths[0].name == "5.pingyi"
    assert len(set(paths)) == LIMIT and (tmp_path / "0.pingyi") not in paths
