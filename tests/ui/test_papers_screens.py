"""打印与归档 says which fonts the papers use and which official ones to install (issue #11)."""

from __future__ import annotations

import pytest

from models.demo import create_demo
from models.meeting import Meeting
from printing import fonts
from ui.bus import MeetingBus
from ui.documents_stage import DocumentsStage


def _dispose(qtbot, *widgets) -> None:
    """Close the stages before their meeting is closed, so no timer of theirs reads a closed file."""
    from PySide6.QtCore import QTimer

    for widget in widgets:
        for timer in widget.findChildren(QTimer):  # e.g. 计票's delayed recount after a change
            timer.stop()
        widget.close()
    qtbot.wait(20)


@pytest.fixture
def stage(tmp_path, qtbot):
    meeting = Meeting.open(create_demo(tmp_path / "示例.pingyi", run=True))
    widget = DocumentsStage(meeting, MeetingBus())
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    widget.show()
    qtbot.waitExposed(widget)
    qtbot.waitUntil(lambda: not widget.busy() and not widget._preview_timer.isActive(), timeout=60_000)
    yield widget
    widget.pool.waitForDone()
    _dispose(qtbot, widget)
    meeting.close()


def test_the_screen_names_the_fonts_and_the_official_ones_to_install(stage, qtbot):
    text = stage.fonts.text()
    used = fonts.register()
    assert stage.fonts.isVisible()
    assert text.startswith("文档字体：正文 ") and "标题 " in text
    if used[fonts.BODY] == fonts.BUNDLED[fonts.BODY]:  # the test machine has no 仿宋 (PINGYI_BUNDLED_FONTS_ONLY)
        assert "随程序附带" in text and "仿宋（simfang.ttf）" in text and "GB/T 9704" in text
    else:
        assert used[fonts.BODY].name in text
    qtbot.wait(300)
    stage.grab().save("/tmp/papers_documents_stage.png")


def test_chart_draws_the_limit_line_writes_shares_and_sorts_by_rank(tmp_path, qtbot):
    from PySide6.QtCharts import QLineSeries
    from PySide6.QtCore import Qt

    from models.counting import compute_tally
    from ui.results_stage import ResultsStage

    meeting = Meeting.open(create_demo(tmp_path / "示例.pingyi", run=True))
    stage = ResultsStage(meeting, MeetingBus())
    qtbot.addWidget(stage)
    stage.resize(1366, 768)
    stage.show()
    qtbot.waitExposed(stage)
    stage.refresh()
    qtbot.keyClick(stage, Qt.Key.Key_4, Qt.KeyboardModifier.AltModifier)
    chart = stage.chart
    tally = compute_tally(meeting)
    assert chart.names[-1].startswith("1. "), "ballot order, first at the top (Qt lists bottom-up)"
    lines = [s for s in chart.chart.series() if isinstance(s, QLineSeries)]
    assert len(lines) == 1 and {p.x() for p in lines[0].points()} == {float(tally.rules.poor_limit_pct)}
    assert "上限 10%" in lines[0].name()
    bars = [s for s in chart.chart.series() if not isinstance(s, QLineSeries)][0]
    assert bars.isLabelsVisible() and bars.labelsFormat() == "@value%"
    assert bars.barSets()[0].label() == "差", "差 begins at the left, where the limit is measured"
    qtbot.wait(200)
    chart.grab().save("/tmp/papers_chart_ballot_order.png")
    chart.by_rank.setFocus()
    qtbot.keyClick(chart.by_rank, Qt.Key.Key_Space)
    ranked = sorted(tally.reporters, key=lambda r: (r.rank is None, r.rank or 0, r.reporter.seq))
    assert chart.names == [f"{r.reporter.seq}. {r.reporter.name}" for r in reversed(ranked)]
    assert len([s for s in chart.chart.series() if isinstance(s, QLineSeries)]) == 1
    qtbot.wait(200)
    chart.grab().save("/tmp/papers_chart_by_rank.png")
    _dispose(qtbot, stage)
    meeting.close()


def test_shortcuts_are_on_screen_and_ctrl_p_means_print(main_window, tmp_path, qtbot):
    from PySide6.QtCore import Qt

    from models.run import minutes
    from ui.stages import KEYS_ROLE, STAGES, stage_shortcut

    path = create_demo(tmp_path / "示例.pingyi", run=False, ballots=0)
    main_window.resize(1366, 768)
    assert main_window.open_path(path)
    nav = main_window.workspace.nav
    shown = [nav.item(n).data(KEYS_ROLE) for n in range(nav.count())]
    assert shown == [stage_shortcut(n) for n in range(1, len(STAGES) + 1)], "Ctrl+1 … beside every stage"
    run_row = next(n for n, s in enumerate(STAGES) if s.key == "run")
    qtbot.keyClick(main_window, getattr(Qt.Key, f"Key_{run_row + 1}"), Qt.KeyboardModifier.ControlModifier)
    stage = main_window.workspace.current_stage()
    centre = stage.centre
    assert "←" in centre.prev_button.text() and "→" in centre.next_button.text()
    assert "空格" in centre.start_button.text()
    qtbot.wait(100)
    main_window.grab().save("/tmp/papers_run_stage.png")
    stage.setFocus()
    qtbot.keyClick(stage, Qt.Key.Key_PageDown)  # from 开场 to the first report: someone to raise a problem about
    meeting = main_window.meeting
    before = len(minutes.list_problems(meeting, include_blank=True))
    qtbot.keyClick(stage, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert not stage.notes.problems, "Ctrl+P no longer adds a problem"
    assert "Ctrl+Shift+N" in stage.notes.add_problem_button.text()
    qtbot.keyClick(stage, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert len(stage.notes.problems) == 1 and before == 0


def test_after_forms_are_printed_adding_deleting_and_reordering_are_switched_off(roster_meeting, qtbot):
    from PySide6.QtCore import Qt

    from models.ballots.forms import create_forms
    from models.setup import list_categories, list_reporters
    from ui.bus import SETUP
    from ui.setup_stage import SetupStage

    bus = MeetingBus()
    stage = SetupStage(roster_meeting, bus)
    qtbot.addWidget(stage)
    stage.resize(1366, 768)
    stage.show()
    qtbot.waitExposed(stage)
    locked = (
        stage.reporters.add,
        stage.reporters.delete,
        stage.reporters.up,
        stage.reporters.down,
        stage.items.add,
        stage.items.delete,
    )
    assert all(a.isEnabled() for a in locked)
    create_forms(roster_meeting, list_categories(roster_meeting)[0].code, 3)
    bus.changed.emit(SETUP)
    qtbot.waitUntil(lambda: not stage.reporters.add.isEnabled(), timeout=5_000)
    assert not any(a.isEnabled() for a in locked), "disabled, not merely warned about"
    assert "已打印测评表" in stage.reporters.add.toolTip() and stage.notice.isVisible()
    people = len(list_reporters(roster_meeting))
    stage.reporters.view.setFocus()
    qtbot.keyClick(stage.reporters.view, Qt.Key.Key_Insert)
    assert stage.reporters.dialog is None and len(list_reporters(roster_meeting)) == people
    stage.tabs.setCurrentWidget(stage.reporters)
    qtbot.wait(50)
    stage.grab().save("/tmp/papers_setup_forms_printed.png")
    _dispose(qtbot, stage)


def test_empty_tables_say_what_to_do_first(meeting, qtbot):
    from models import setup
    from ui.bus import SETUP
    from ui.entry_stage import EntryStage
    from ui.results_stage import ResultsStage
    from ui.setup_stage import SetupStage

    bus = MeetingBus()
    stages = [SetupStage(meeting, bus), EntryStage(meeting, bus), ResultsStage(meeting, bus)]
    for stage in stages:
        qtbot.addWidget(stage)
        stage.resize(1366, 768)
        stage.show()
        qtbot.waitExposed(stage)
    setup_stage, entry, results = stages
    setup_stage.tabs.setCurrentWidget(setup_stage.reporters)
    results.refresh()
    hints = {"准备": setup_stage.reporters.empty_hint, "录入": entry.grid_hint, "计票": results.summary_hint}
    for name, hint in hints.items():
        assert hint.label.isVisible(), name
        assert "还没有述职人" in hint.label.text() and "准备" in hint.label.text(), name
    assert "Insert" in hints["准备"].label.text() and "从 Excel 导入" in hints["准备"].label.text()
    assert "测评表" in hints["录入"].label.text()
    setup_stage.grab().save("/tmp/papers_empty_setup.png")
    entry.grab().save("/tmp/papers_empty_entry.png")
    results.grab().save("/tmp/papers_empty_results.png")
    setup.add_reporter(meeting, "张伟", "城关镇党委")
    bus.changed.emit(SETUP)
    results.refresh()
    qtbot.waitUntil(lambda: not setup_stage.reporters.empty_hint.label.isVisible(), timeout=5_000)
    assert not entry.grid_hint.label.isVisible() and not results.summary_hint.label.isVisible()
    _dispose(qtbot, *stages)
