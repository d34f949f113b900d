"""计票 table: the 差票 rule's column shows the share the rule compares (limit_rate), named as the
tally sheet names it — 一般和差票率 or 差票率, per 差票计入等次 — and follows a change of the rule."""

import pytest
from PySide6.QtCore import Qt

from models import setup
from models.documents import document_data
from ui.bus import SETUP, MeetingBus
from ui.results_stage import ResultsStage

from .results_fixtures import counted_meeting

#: 李四: 5 好 3 较好 2 差; 王五: 6 好 2 较好 2 一般 (of 10 valid each)
EXPECTED = {
    "差": ("差票率", {"张三": "0.00%", "李四": "20.00%", "王五": "0.00%"}),
    "一般和差": ("一般和差票率", {"张三": "0.00%", "李四": "20.00%", "王五": "20.00%"}),
}


@pytest.fixture
def stage(qtbot, tmp_path):
    meeting = counted_meeting(tmp_path / "m.pingyi")  # 差票计入等次 = 差
    widget = ResultsStage(meeting, MeetingBus())
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    meeting.close()


def _column(model, header: str) -> dict:
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert header in headers, headers
    c = headers.index(header)
    return {model.data(model.index(r, 1)): model.data(model.index(r, c)) for r in range(model.rowCount())}


def _sheet(meeting) -> tuple[str, dict]:
    data = document_data(meeting, "tally")
    return data.limit_head, {line.name: line.poor_rate for line in data.rows}


@pytest.mark.parametrize("rule", ["差", "一般和差"])
def test_the_column_is_the_rules_share_named_as_on_the_tally_sheet(stage, qtbot, rule, qtmodeltester):
    if rule != "差":
        setup.set_rules(stage.meeting, poor_grades=rule)
        stage.bus.changed.emit(SETUP)
        qtbot.waitUntil(
            lambda: stage.summary_model.headerData(_index(stage, "率"), Qt.Orientation.Horizontal) == EXPECTED[rule][0],
            timeout=3000,
        )
    header, shares = EXPECTED[rule]
    qtmodeltester.check(stage.summary_model)
    assert _column(stage.summary_model, header) == shares
    assert _sheet(stage.meeting) == (header, shares), "the screen and the tally sheet agree"
    tip = stage.summary_model.headerData(_index(stage, "率"), Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert f"差票计入等次：{rule}" in tip and "超过 10%" in tip
    # 王五's 2 一般 of 10 make him 差 only when 一般 counts
    wang = stage.summary_model.result(2)
    assert (wang.reporter.name, "poor_rate" in wang.grade_reasons) == ("王五", rule == "一般和差")
    qtbot.wait(100)
    stage.grab().save(f"/tmp/results_limit_{rule}.png")


def _index(stage, suffix: str) -> int:
    model = stage.summary_model
    found = [
        c
        for c in range(model.columnCount())
        if str(model.headerData(c, Qt.Orientation.Horizontal)).endswith("票" + suffix)
    ]
    assert len(found) == 1
    return found[0]
