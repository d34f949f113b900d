"""录入机 in the window: 文件 → 制作录入机… / 合并录入机… with its preview, the station banner and
refusals on a station, and the status line of the main meeting per station."""

from __future__ import annotations

import os

import pytest
from PySide6.QtCore import Qt

from models.meeting import Meeting
from models.stations import merge_history
from tests.models.ballot_helpers import marks_for
from tests.models.stations.helpers import key, keyings, main_meeting, sha, station
from ui import station_merge, station_status
from ui.station_merge import MergeStationsDialog

SHOTS = os.environ.get("PINGYI_SHOTS")  # a folder: save screenshots there to look at them


def _shot(widget, name: str) -> None:
    if SHOTS:
        from PySide6.QtWidgets import QApplication

        for _ in range(5):  # let the status line and the banner settle their layout
            QApplication.processEvents()
        widget.grab().save(os.path.join(SHOTS, name))


def _other(meeting, serial):
    marks = marks_for(meeting, serial)
    return {**marks, (1, 1): 4 if marks.get((1, 1)) != 4 else 1}


@pytest.fixture
def stations(tmp_path):
    """A main meeting (8 forms), 一号机 keyed 一录 of all, 二号机 二录 of all but one read differently."""
    main = tmp_path / "县委述职评议会.pingyi"
    serials = main_meeting(main, forms=8, reporters=6)
    first, second = station(main, "一号机"), station(main, "二号机")
    key(first, 1, serials)
    key(second, 2, serials[1:])
    key(second, 2, serials[:1], marks=_other)
    return main, first, second, serials


def test_merge_dialog_previews_then_merges_and_the_status_line_shows_each_station(
    qtbot, main_window, stations, monkeypatch
):
    main, first, second, serials = stations
    main_window.resize(1366, 768)
    assert main_window.open_path(main)
    assert main_window.stations_label.text() == "录入机：一号机 未合并 · 二号机 未合并"
    assert main_window.merge_action.isEnabled() and not main_window.station_banner.isVisible()
    monkeypatch.setattr(station_merge, "ask_station_files", lambda *a: [str(first), str(second)])
    shown = []
    monkeypatch.setattr(MergeStationsDialog, "exec", lambda self: shown.append(self) or self.preview_and_merge())

    def preview_and_merge(self):
        self.resize(1000, 560)
        self.show()
        qtbot.waitExposed(self)
        rows = [
            [self.table.item(r, c).text() for c in range(self.table.columnCount())]
            for r in range(self.table.rowCount())
        ]
        assert rows == [
            ["一号机", "一号机.pingyi", rows[0][2], "8", "0", "0", ""],
            ["二号机", "二号机.pingyi", rows[1][2], "8", "0", "0", ""],
        ]
        assert self.merge_button.isEnabled() and "将并入 16 张选票" in self.summary.text()
        _shot(self, "merge_dialog.png")
        qtbot.mouseClick(self.merge_button, Qt.MouseButton.LeftButton)
        return self.result()

    monkeypatch.setattr(MergeStationsDialog, "preview_and_merge", preview_and_merge, raising=False)
    main_window.merge_action.trigger()
    assert shown and shown[0].merged.merged == 16
    assert "已并入 16 张选票" in main_window.statusBar().currentMessage()
    main_window._refresh_ballots()
    text = main_window.stations_label.text()
    assert text.startswith("录入机：一号机 8 张 ") and "二号机 8 张" in text
    assert "不一致 1 张" in main_window.ballots_label.text()  # the serial read differently waits in 核对
    _shot(main_window, "status_line.png")


def test_a_conflict_goes_to_reconciliation_never_overwritten(qtbot, main_window, stations, monkeypatch):
    main, first, second, serials = stations
    third = station(main, "三号机")
    key(third, 1, serials[:1], marks=_other)  # 一录 of serials[0] differs from 一号机's
    with Meeting.open(main) as meeting:
        from models.stations import merge_stations

        merge_stations(meeting, [first])
    before = keyings(main)
    assert main_window.open_path(main)
    now = lambda: set(main_window.meeting.db.execute("SELECT serial, pass_no, digest FROM ballots").fetchall())  # noqa: E731
    dialog = MergeStationsDialog(main_window.meeting, main_window.bus, main_window)
    qtbot.addWidget(dialog)
    dialog.set_paths([third])
    assert dialog.table.item(0, 5).text() == "1" and "转入核对" in dialog.details.toPlainText()
    assert dialog.merge_button.isEnabled()
    dialog.resize(1000, 560)
    dialog.show()
    _shot(dialog, "merge_dialog_conflict.png")
    qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)
    after = now()
    assert before <= after and len(after - before) == 1  # nothing overwritten; one keying more
    ((serial, pass_no, _),) = after - before
    assert (serial, pass_no) == (serials[0], 2)  # came in as the other pass: a mismatch in 核对
    assert [r.merged for r in merge_history(main_window.meeting)] == [8, 0, 1]


def test_a_refused_file_blocks_the_merge_and_changes_nothing(qtbot, main_window, stations, tmp_path):
    main, first, _, _ = stations
    other = tmp_path / "别的会议.pingyi"
    main_meeting(other)
    foreign = station(other, "外来机")
    assert main_window.open_path(main)
    before = sha(main)
    dialog = MergeStationsDialog(main_window.meeting, main_window.bus, main_window)
    qtbot.addWidget(dialog)
    dialog.set_paths([first, foreign])
    assert not dialog.merge_button.isEnabled()
    assert "另一场会议" in dialog.details.toPlainText() and "不会合并任何选票" in dialog.summary.text()
    dialog.resize(1000, 560)
    dialog.show()
    _shot(dialog, "merge_dialog_refused.png")
    dialog.close()
    main_window.close_meeting()
    assert sha(main) == before


def test_a_station_says_so_and_refuses_setup_changes(qtbot, main_window, stations, type_text):
    _, first, _, _ = stations
    main_window.resize(1366, 768)
    assert main_window.open_path(first)
    banner = main_window.station_banner
    assert banner.isVisible() and "录入机“一号机”" in banner.label.text()
    assert "［录入机：一号机］" in main_window.windowTitle()
    assert main_window.stations_label.text() == "本机为录入机：一号机"
    assert not main_window.merge_action.isEnabled() and not main_window.make_station_action.isEnabled()
    main_window.show_stage(0)  # 准备: an edit typed on the screen is refused with the station's sentence
    facts = main_window.workspace.pages[0].facts
    venue = facts.editors["venue"]
    venue.setFocus()
    type_text(venue, "县委三楼会议室")
    qtbot.keyClick(venue, Qt.Key.Key_Return)
    assert "录入机“一号机”" in facts.message.text() and "不能修改会议信息" in facts.message.text()
    from models import setup

    assert setup.get_facts(main_window.meeting).venue == "" and venue.text() == ""
    _shot(main_window, "station_window.png")


def test_make_station_from_the_menu(qtbot, main_window, stations, monkeypatch, tmp_path):
    main = stations[0]
    assert main_window.open_path(main)
    target = tmp_path / "三号机.pingyi"
    monkeypatch.setattr(station_status, "ask_station", lambda parent, meeting: ("三号机", str(target)))
    main_window.make_station_action.trigger()
    assert target.exists() and "已制作录入机“三号机”" in main_window.statusBar().currentMessage()
    main_window._refresh_ballots()
    assert "三号机 未合并" in main_window.stations_label.text()


def test_choosing_no_file_opens_no_dialog(main_window, stations, monkeypatch):
    assert main_window.open_path(stations[0])
    monkeypatch.setattr(station_merge, "ask_station_files", lambda *a: [])
    monkeypatch.setattr(MergeStationsDialog, "exec", lambda self: pytest.fail("no dialog without files"))
    main_window.merge_action.trigger()


def test_more_than_three_stations_make_one_summary_on_the_status_line(main_window, stations):
    main, first, second, _ = stations
    for name in ("三号机", "四号机"):
        station(main, name)
    with Meeting.open(main) as meeting:
        from models.stations import merge_stations

        merge_stations(meeting, [first, second])
        text, tip = station_status.station_status(meeting, "2000-01-01")
    assert text.startswith("录入机：4 台，已合并 2 台共 16 张（最近 ") and len(text) < 40
    assert (
        tip.splitlines()[0].startswith("一号机：合并 1 次，共并入 8 张")
        and tip.splitlines()[3] == "四号机：已制作，尚未合并"
    )
