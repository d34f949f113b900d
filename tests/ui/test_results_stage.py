"""计票 screen: live table, per-category and per-item views, chart, problems panel."""

import pytest
from PySide6.QtCore import Qt

from models import setup
from models.ballots import enter_ballot
from models.ballots.forms import create_forms
from models.labels import Mark
from ui.bus import BALLOTS, MeetingBus
from ui.results_stage import ResultsStage

from .results_fixtures import counted_meeting


@pytest.fixture
def stage(qtbot, tmp_path):
    meeting = counted_meeting(tmp_path / "m.pingyi")
    bus = MeetingBus()
    widget = ResultsStage(meeting, bus)
    qtbot.addWidget(widget)
    widget.resize(1400, 800)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    meeting.close()


def _row(model, row) -> dict:
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    return {h: model.data(model.index(row, c)) for c, h in enumerate(headers)}


def test_summary_shows_counts_scores_tags_and_rank(stage, qtmodeltester):
    qtmodeltester.check(stage.summary_model)
    zhang, li = _row(stage.summary_model, 0), _row(stage.summary_model, 1)
    assert zhang["姓名"] == "张三" and zhang["好"] == "9" and zhang["好%"] == "90.00%"
    assert zhang["测评得分"] == "98.00" and zhang["拟定等次"] == "好" and zhang["排名"] == "1"
    assert li["差票率"] == "20.00%" and li["拟定等次"] == "差" and li["说明"] == "差票超限（差票占 20.00%，超过 10%）"
    assert stage.summary_model.data(stage.summary_model.index(1, 0), Qt.ItemDataRole.BackgroundRole) is not None


def test_live_refresh_after_a_ballot_is_saved(stage, qtbot):
    meeting = stage.meeting
    serial = create_forms(meeting, "A", 1)[0]
    overall = setup.overall_item(meeting)
    marks = {(r.id, overall.id): Mark.POOR for r in setup.list_reporters(meeting)}
    enter_ballot(meeting, 1, serial, marks)
    stage.bus.changed.emit(BALLOTS)
    qtbot.waitUntil(lambda: _row(stage.summary_model, 0)["差"] == "1", timeout=2000)
    assert "收回 11/发出 10" in stage.banner.text() and "测评无效" in stage.banner.text()
    assert any("收回票数多于发出票数" in t for t in stage.problems.texts())


def test_category_and_item_views_and_chart(stage, qtbot, qtmodeltester):
    qtbot.keyClick(stage, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    assert stage.tabs.currentIndex() == 1
    qtmodeltester.check(stage.category_model)
    assert _row(stage.category_model, 2)["类别得分"] == "88.00"
    qtbot.keyClick(stage, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)
    assert _row(stage.item_model, 1)["差"] == "2"
    qtbot.keyClick(stage, Qt.Key.Key_4, Qt.KeyboardModifier.AltModifier)
    assert stage.chart.names == ["3. 王五", "2. 李四", "1. 张三"]
    image = stage.chart.view.grab().toImage()
    colors = {image.pixelColor(x, image.height() // 2).name() for x in range(0, image.width(), 5)}
    assert "#2e7d32" in colors or any(image.pixelColor(x, y).name() == "#2e7d32"
                                      for x in range(0, image.width(), 7) for y in range(0, image.height(), 7))


def test_not_visible_stage_does_not_recount_until_shown(qtbot, tmp_path, monkeypatch):
    meeting = counted_meeting(tmp_path / "m.pingyi")
    bus = MeetingBus()
    widget = ResultsStage(meeting, bus)
    qtbot.addWidget(widget)
    calls = []
    monkeypatch.setattr("ui.results_stage.compute_tally", lambda m: calls.append(1) or __import__(
        "models.counting.tally", fromlist=["compute_tally"]).compute_tally(m))
    bus.changed.emit(BALLOTS)
    bus.changed.emit(BALLOTS)
    assert calls == []
    widget.show()
    qtbot.waitExposed(widget)
    assert calls == [1]
    meeting.close()
