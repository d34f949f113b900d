"""整改台账 screen: real key presses edit in place, add dated progress, filter; overdue in red."""

from __future__ import annotations

import datetime as _dt
import hashlib
import shutil

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication

from models import clock, ledger
from models.meeting import Meeting
from ui.bus import MeetingBus
from ui.ledger_stage import LedgerStage
from ui.ledger_table_model import OVERDUE_TEXT


@pytest.fixture
def stage(final_path, tmp_path, qtbot, monkeypatch):
    monkeypatch.setattr(clock, "now", lambda: _dt.datetime(2027, 7, 1, 9, 0, 0))
    path = tmp_path / "会议.pingyi"
    shutil.copyfile(final_path, path)
    meeting = Meeting.open(path)
    widget = LedgerStage(meeting, MeetingBus())
    qtbot.addWidget(widget)
    widget.resize(1216, 708)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    meeting.close()


@pytest.fixture
def edit_cell(qtbot, type_text):
    def edit(stage, row: int, column: int, text: str) -> None:
        _edit_cell(qtbot, type_text, stage, row, column, text)

    return edit


def _edit_cell(qtbot, type_text, stage, row: int, column: int, text: str) -> None:
    stage.view.setFocus()
    stage.view.setCurrentIndex(stage.model.index(row, column))
    qtbot.keyClick(stage.view, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    editor.selectAll()
    type_text(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: stage.view.state() != QAbstractItemView.State.EditingState)  # Qt commits queued


def test_the_model_is_sound(stage, qtmodeltester):
    qtmodeltester.check(stage.model)


def test_edit_in_place_with_keys(stage, edit_cell):
    edit_cell(stage, 0, 3, "每月检查台账")
    edit_cell(stage, 0, 4, "组织委员")
    first = ledger.list_items(stage.meeting)[0]
    assert (first.measure, first.owner) == ("每月检查台账", "组织委员")
    assert "已保存" in stage.message.text()


def test_status_is_picked_from_the_list_by_keys(stage, qtbot):
    stage.view.setFocus()
    stage.view.setCurrentIndex(stage.model.index(1, 6))
    qtbot.keyClick(stage.view, Qt.Key.Key_F2)
    combo = QApplication.focusWidget()
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    qtbot.keyClick(combo, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: stage.view.state() != QAbstractItemView.State.EditingState)
    assert ledger.list_items(stage.meeting)[1].status.label == "整改中"
    assert "整改中 1" in stage.counts.text()


def test_a_bad_date_is_refused_and_nothing_is_stored(stage, edit_cell):
    before = hashlib.sha256(stage.meeting.path.read_bytes()).hexdigest()
    edit_cell(stage, 0, 5, "明年")
    assert "完成时限“明年”不是日期" in stage.message.text() and stage.message.is_error()
    assert hashlib.sha256(stage.meeting.path.read_bytes()).hexdigest() == before


def test_progress_with_a_date_by_keys(stage, qtbot, type_text):
    stage.view.setCurrentIndex(stage.model.index(2, 0))
    stage.progress_date.setFocus()
    qtbot.keyClick(stage.progress_date, Qt.Key.Key_Home)
    qtbot.keyClicks(stage.progress_date, "2027-06-15")
    stage.progress_text.setFocus()
    type_text(stage.progress_text, "简化了办事流程")
    qtbot.keyClick(stage.progress_text, Qt.Key.Key_Return)
    item = ledger.list_items(stage.meeting)[2]
    assert [(p.date, p.text) for p in item.progress] == [("2027-06-15", "简化了办事流程")]
    assert item.status.label == "整改中" and stage.progress_list.count() == 1
    assert stage.progress_text.text() == ""
    qtbot.keyClick(stage.progress_date, Qt.Key.Key_Home)
    qtbot.keyClicks(stage.progress_date, "2027-07-06")  # after today: refused, nothing stored
    type_text(stage.progress_text, "明天的事")
    qtbot.keyClick(stage.progress_text, Qt.Key.Key_Return)
    assert "晚于今天" in stage.message.text() and len(ledger.list_items(stage.meeting)[2].progress) == 1


def test_overdue_is_red_and_the_filter_shows_only_it(stage, qtbot):
    assert "逾期 1" in stage.counts.text()  # 2027年3月底 has passed on 2027-07-01
    overdue_row = next(r for r in range(stage.model.rowCount()) if stage.model.item(r).overdue())
    brush = stage.model.data(stage.model.index(overdue_row, 6), Qt.ItemDataRole.ForegroundRole)
    assert brush.color() == OVERDUE_TEXT
    stage.status.setFocus()
    stage.status.setCurrentText("逾期")
    assert stage.model.rowCount() == 1 and stage.model.item(0).overdue()
    stage.status.setCurrentText("全部")
    stage.source.setCurrentText("群众评议")
    assert [stage.model.item(r).source_label for r in range(stage.model.rowCount())] == ["群众评议"]


def test_the_run_screen_shows_last_years_problems(final_path, tmp_path, qtbot):
    from models.ledger.carry import carry_over
    from models.setup import reporter_by_seq
    from ui.run_notes import NotesPanel

    old, new = tmp_path / "上年度.pingyi", tmp_path / "本年度.pingyi"
    shutil.copyfile(final_path, old)
    shutil.copyfile(final_path, new)
    with Meeting.open(new) as meeting:
        carry_over(meeting, old)
        panel = NotesPanel(meeting)
        qtbot.addWidget(panel)
        panel.show()
        panel.show_reporter(reporter_by_seq(meeting, 1).id, follow=False)
        text = panel.previous.text()
        assert panel.previous.isVisible() and "上年度问题" in text and "上年度：得分" in text
        assert "“三会一课”记录不全" in text and "未开始" in text
        panel.show_reporter(None, follow=False)
        assert not panel.previous.isVisible()


def test_a_new_meeting_takes_last_years_file(qtbot, main_window, type_text, final_path, tmp_path):
    old = tmp_path / "last.pingyi"
    shutil.copyfile(final_path, old)
    before = hashlib.sha256(old.read_bytes()).hexdigest()
    qtbot.keyClick(main_window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    wizard = main_window.wizard
    wizard.title.setFocus()
    type_text(wizard.title, "2027年度述职评议会")
    wizard.last_year.setFocus()
    type_text(wizard.last_year, str(old))
    qtbot.keyClick(wizard.last_year, Qt.Key.Key_Return)
    meeting = main_window.meeting
    assert meeting is not None and meeting.path.name == "2027年度述职评议会.pingyi"
    carried = ledger.list_items(meeting, carried=True)
    assert len(carried) == 3 and {i.source_label for i in carried} == {"上年度"}
    from models.ledger.carry import previous_results
    from models.setup import get_facts, list_reporters

    assert len(list_reporters(meeting)) == 12 and len(previous_results(meeting)) == 12
    assert get_facts(meeting).title == "2027年度述职评议会"
    assert ledger.list_items(meeting, carried=False) == []  # this year's problems start empty
    assert hashlib.sha256(old.read_bytes()).hexdigest() == before


def test_the_chart_names_last_years_score_and_grade(final_path, tmp_path, qtbot):
    from models.counting import compute_tally
    from models.ledger.carry import carry_over, previous_results
    from ui.results_chart import GradeShareChart

    old, new = tmp_path / "上年度.pingyi", tmp_path / "本年度.pingyi"
    shutil.copyfile(final_path, old)
    shutil.copyfile(final_path, new)
    with Meeting.open(new) as meeting:
        chart = GradeShareChart()
        qtbot.addWidget(chart)
        chart.set_results(compute_tally(meeting).reporters)
        assert not any("上年度" in name for name in chart.names)
        carry_over(meeting, old)
        previous = previous_results(meeting)
        chart.set_results(compute_tally(meeting).reporters, previous)
    first = next(p for p in previous.values() if p.name == chart.names[-1].split(". ")[1].split("（")[0])
    assert chart.names[-1].endswith(f"（上年度 {first.score} {first.grade}）")


def test_add_a_problem_from_the_keyboard_in_the_window(qtbot, main_window, type_text, final_path, tmp_path):
    from PySide6.QtWidgets import QDialog

    from ui.stages import STAGES

    path = tmp_path / "会议.pingyi"
    shutil.copyfile(final_path, path)
    assert main_window.open_path(path)
    main_window.workspace.show_stage([s.key for s in STAGES].index("ledger"))
    stage = main_window.workspace.current_stage()
    stage.view.setFocus()

    def fill(dialog):
        dialog.reporter.setCurrentIndex(1)  # 序号 2
        dialog.problem.setFocus()
        type_text(dialog.problem, "村级党组织书记培训不够")
        dialog.due.setFocus()
        qtbot.keyClicks(dialog.due, "2027-09-30")
        return QDialog.DialogCode.Accepted

    stage.exec_dialog = fill
    qtbot.keyClick(stage.view, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    added = ledger.list_items(main_window.meeting)[-1]
    assert (added.seq, added.source_label, added.problem, added.due) == (
        2,
        "考核反馈",
        "村级党组织书记培训不够",
        "2027-09-30",
    )
    assert stage.model.rowCount() == 4 and "已保存" in stage.message.text()


def test_import_through_the_screen_refuses_whole_then_takes_the_sheet(stage, qtbot, tmp_path, monkeypatch):
    import openpyxl
    from PySide6.QtWidgets import QFileDialog

    from models.ledger.workbook import export_sheets

    (tmp_path / "表").mkdir()
    sheet = export_sheets(stage.meeting, tmp_path / "表")[0]
    book = openpyxl.load_workbook(sheet)
    book["整改清单"]["G5"] = "做完了"
    book.save(tmp_path / "错.xlsx")
    book["整改清单"]["G5"] = "已完成"
    book["整改清单"]["J5"] = "2027-06-30"
    book.save(tmp_path / "对.xlsx")
    chosen = [str(tmp_path / "错.xlsx")]
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (chosen[0], "")))
    stage.view.setFocus()
    qtbot.keyClick(stage.view, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    assert "第 5 行：整改状态“做完了”不对" in stage.message.text() and stage.message.is_error()
    chosen[0] = str(tmp_path / "对.xlsx")
    qtbot.keyClick(stage.view, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    assert "已保存" in stage.message.text()
    assert stage.model.item(0).status.label == "已完成" and "已完成 1" in stage.counts.text()


def test_the_circular_as_of_a_chosen_date_is_saved_as_pdf(stage, qtbot, tmp_path):
    from tests.printing.pdftext import flat, pages_text

    bar = stage.print_bar
    bar.as_of.setFocus()
    qtbot.keyClick(bar.as_of, Qt.Key.Key_Home)
    qtbot.keyClicks(bar.as_of, "2027-04-01")
    out = tmp_path / "通报.pdf"
    with qtbot.waitSignal(bar.saved, timeout=20000):
        bar.save("progress", bar.as_of.date().toString("yyyy-MM-dd"), str(out))
    text = flat("".join(pages_text(out.read_bytes())))
    assert "截至2027年4月1日" in text and "逾期未完成1个" in text
    assert "已保存整改落实情况通报" in stage.message.text()
    with qtbot.waitSignal(bar.failed, timeout=20000):
        bar.save("ledger", "2027-04-01", str(tmp_path / "台账.txt"))
    assert "应以 .pdf 结尾" in stage.message.text()
