"""The run screen driven by real key presses, with a fake clock (wall and monotonic move together)."""

import datetime as dt

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QPushButton

from models import clock, setup
from models.labels import ProblemSource, ReportMode
from models.meeting import Meeting
from models.run import agenda as ag
from models.run import minutes as mn
from ui import run_dialogs
from ui.agenda_table_model import AgendaListModel
from ui.bus import MeetingBus
from ui.run_editors import DEBOUNCE_MS
from ui.run_stage import RunStage

K = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier


class Clock:
    """One fake time source for models.clock (wall) and the screen (monotonic)."""

    def __init__(self):
        self.wall = dt.datetime(2026, 12, 1, 9, 0, 0)
        self.mono = 1000.0

    def now(self):
        return self.wall

    def monotonic(self):
        return self.mono

    def advance(self, seconds):
        self.wall += dt.timedelta(seconds=seconds)
        self.mono += seconds


@pytest.fixture
def fake(monkeypatch):
    c = Clock()
    monkeypatch.setattr(clock, "now", c.now)
    return c


@pytest.fixture
def dialogs(monkeypatch):
    """Modal dialogs replaced: answers come from ``dialogs.answers``, shown draws are kept."""
    class Dialogs:
        answers = {"ask_text": "抽签时有人未到场", "confirm": True, "ask_free_item": ("传达文件精神", None)}
        draws = []
    d = Dialogs()
    monkeypatch.setattr(run_dialogs, "ask_text", lambda *a, **k: d.answers["ask_text"])
    monkeypatch.setattr(run_dialogs, "confirm", lambda *a, **k: d.answers["confirm"])
    monkeypatch.setattr(run_dialogs, "ask_free_item", lambda *a, **k: d.answers["ask_free_item"])
    monkeypatch.setattr(run_dialogs, "show_draw", lambda parent, draw: d.draws.append(draw))
    return d


def _prepare(meeting):
    setup.set_facts(meeting, title="2026年度党组织书记抓基层党建工作述职评议会", chair="周建华")
    for name, unit, mode in (("张建国", "城关镇党委", ReportMode.ONSITE), ("李红梅", "新华街道党工委", ReportMode.ONSITE),
                             ("王志强", "河西镇党委", ReportMode.ONSITE), ("赵丽华", "西河乡党委", ReportMode.WRITTEN)):
        setup.add_reporter(meeting, name, unit, "党委书记", mode)
    mn.add_leader(meeting, "孙立新", "组织部部长")


def _open_stage(qtbot, meeting, fake, bus=None):
    stage = RunStage(meeting, bus or MeetingBus(), monotonic=fake.monotonic)
    qtbot.addWidget(stage)
    stage.resize(1280, 800)
    stage.show()
    qtbot.waitExposed(stage)
    stage.activateWindow()
    stage.agenda_view.setFocus()
    return stage


@pytest.fixture
def stage(qtbot, meeting, fake, dialogs):
    _prepare(meeting)
    return _open_stage(qtbot, meeting, fake)


def type_text(widget, text):
    """Key presses carrying Chinese text (QTest.keyClicks takes Latin-1 only)."""
    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch))


def press(qtbot, stage, key, modifier=Qt.KeyboardModifier.NoModifier, widget=None):
    qtbot.keyClick(widget or QApplication.focusWidget() or stage.agenda_view, key, modifier)
    stage.tick()


def test_lot_draw_button_orders_the_agenda_and_redraw_asks_a_reason(qtbot, stage, dialogs):
    qtbot.mouseClick(stage.toolbar.draw, Qt.MouseButton.LeftButton)
    first = dialogs.draws[-1]
    assert [i.reporter.id for i in stage.items if i.kind == "report"] == list(first.order)
    dialogs.answers["ask_text"] = None  # cancelled: nothing drawn
    qtbot.mouseClick(stage.toolbar.draw, Qt.MouseButton.LeftButton)
    assert len(ag.lot_draws(stage.meeting)) == 1
    dialogs.answers["ask_text"] = "张建国迟到"
    qtbot.mouseClick(stage.toolbar.draw, Qt.MouseButton.LeftButton)
    assert dialogs.draws[-1].reason == "张建国迟到" and dialogs.draws[-1].round == 2


def test_full_meeting_with_keys(qtbot, stage, fake, dialogs):
    qtbot.mouseClick(stage.toolbar.draw, Qt.MouseButton.LeftButton)
    order = dialogs.draws[-1].order
    press(qtbot, stage, K.Key_Space)  # 开场 starts, counting up
    fake.advance(60)
    stage.tick()
    assert stage.centre.timer.text() == "01:00" and stage.centre.phase.text().startswith("开场")
    press(qtbot, stage, K.Key_PageDown)  # to the first report: waits for Space
    assert stage.current.key == f"report:{order[0]}" and not stage.timer.running
    assert stage.centre.name.text() == stage.current.reporter.name
    assert stage.centre.timer.text() == "08:00"
    press(qtbot, stage, K.Key_Space)
    fake.advance(7 * 60 + 1)
    stage.tick()
    assert stage.centre.timer.text() == "00:59" and stage.centre.timer._color.name() == "#c77800"
    fake.advance(63)
    stage.tick()
    assert stage.centre.timer.text() == "超时 00:04" and stage.centre.timer._color.name() == "#c62828"
    assert "已超时" in stage.centre.phase.text()

    # notes: Ctrl+K opens a comment with the cursor in it; Space types, it does not pause
    press(qtbot, stage, K.Key_K, CTRL)
    editor = stage.notes.comments[-1]
    assert QApplication.focusWidget() is editor.text
    qtbot.keyClicks(editor.text, "good work")
    assert stage.timer.running and editor.text.toPlainText() == "good work"
    qtbot.keyClick(editor.text, K.Key_Left)  # → / ← move the cursor inside an editor
    assert stage.current.key == f"report:{order[0]}"
    qtbot.waitUntil(lambda: mn.list_comments(stage.meeting, order[0]) != [], timeout=DEBOUNCE_MS * 4)
    assert mn.list_comments(stage.meeting, order[0])[0].commenter == "周建华"
    press(qtbot, stage, K.Key_N, CTRL | Qt.KeyboardModifier.ShiftModifier)  # Ctrl+P is 打印 everywhere
    problem = stage.notes.problems[-1]
    assert problem.values()["source"] is ProblemSource.SELF  # raised in the report itself
    qtbot.keyClicks(problem.text, "records incomplete")
    # PageDown from inside an editor still moves on (presenter remote), saving what was typed
    press(qtbot, stage, K.Key_PageDown, widget=problem.text)
    assert stage.current.key == f"comment:{order[0]}" and stage.timer.running  # a comment flows on
    assert [p.text for p in mn.list_problems(stage.meeting, order[0])] == ["records incomplete"]
    report = ag.item_by_key(stage.meeting, f"report:{order[0]}")
    assert report.duration_s == 8 * 60 + 4 and report.elapsed_ms == 484_000

    stage.agenda_view.setFocus()
    press(qtbot, stage, K.Key_F5)
    assert stage.projector.isVisible() and stage.toolbar.projector.isChecked()
    assert stage.projector.heading.text() == "点评第 1 位述职人"
    press(qtbot, stage, K.Key_F5)
    assert not stage.projector.isVisible() and not stage.toolbar.projector.isChecked()

    fake.advance(30)
    press(qtbot, stage, K.Key_Left)  # back to the report: the clock does not start by itself
    assert stage.current.key == f"report:{order[0]}" and not stage.timer.running
    assert stage.notes.comments[0].text.toPlainText() == "good work"
    press(qtbot, stage, K.Key_Right)
    assert ag.item_by_key(stage.meeting, f"comment:{order[0]}").duration_s == 30

    for _ in range(20):
        press(qtbot, stage, K.Key_PageDown)
    assert stage.current.key == "closing"
    assert [i.done for i in stage.items].count(True) == 3  # 开场, the report, its comment
    data = mn.minutes_data(stage.meeting)
    assert data.began_at == dt.datetime(2026, 12, 1, 9, 0) and data.recorded
    said = {m.item.key: m.comments for m in data.items}
    assert [c.text for c in said[f"comment:{order[0]}"]] == ["good work"]


def test_keys_work_from_the_agenda_list_and_buttons(qtbot, stage):
    for key in (K.Key_PageDown, K.Key_Right, K.Key_PageDown):
        press(qtbot, stage, key, widget=stage.agenda_view)
    assert stage.model.row_of(stage.current.key) == 3
    press(qtbot, stage, K.Key_PageUp, widget=stage.agenda_view)
    press(qtbot, stage, K.Key_Space, widget=stage.centre.next_button)
    assert stage.model.row_of(stage.current.key) == 2 and stage.timer.running
    press(qtbot, stage, K.Key_Up, widget=stage.agenda_view)  # up/down only move the selection
    assert stage.model.row_of(stage.current.key) == 2
    qtbot.keyClick(stage.agenda_view, K.Key_Return)
    assert stage.model.row_of(stage.current.key) == 1


def test_close_and_reopen_mid_meeting_restores_item_timer_and_notes(qtbot, meeting_path, fake, dialogs):
    meeting = Meeting.create(meeting_path)
    _prepare(meeting)
    stage = _open_stage(qtbot, meeting, fake)
    for key in (K.Key_PageDown, K.Key_PageDown, K.Key_Space):
        press(qtbot, stage, key)
    fake.advance(125)
    press(qtbot, stage, K.Key_K, CTRL)
    type_text(stage.notes.comments[-1].text, "会前刚输入的点评，尚未到自动保存时间")
    rid = stage.current.reporter_id
    meeting.close()  # the close hook flushes the editor before the debounce fires
    stage.close()
    fake.advance(5)
    with Meeting.open(meeting_path) as again:
        assert [c.text for c in mn.list_comments(again, rid)] == ["会前刚输入的点评，尚未到自动保存时间"]
        restored = _open_stage(qtbot, again, fake)
        assert restored.current.key == f"comment:{rid}" and restored.timer.running
        assert restored.timer.elapsed_ms() == 130_000 and restored.centre.timer.text() == "02:10"
        assert restored.notes.comments[0].text.toPlainText() == "会前刚输入的点评，尚未到自动保存时间"
        restored.close()


def test_free_items_options_and_refusals(qtbot, stage, dialogs):
    stage.agenda_view.setCurrentIndex(stage.model.index(0))
    qtbot.mouseClick(stage.toolbar.add, Qt.MouseButton.LeftButton)
    assert stage.items[1].title == "传达文件精神"
    qtbot.mouseClick(stage.toolbar.down, Qt.MouseButton.LeftButton)
    assert stage.items[2].title == "传达文件精神"
    stage.agenda_view.setCurrentIndex(stage.model.index(0))
    qtbot.mouseClick(stage.toolbar.up, Qt.MouseButton.LeftButton)
    assert "不能单独移动" in stage.message.text()
    stage.toolbar.option_actions["opening"].trigger()
    assert stage.items[0].kind != "opening" and not ag.get_options(stage.meeting).opening
    stage.toolbar.option_actions["grouped"].trigger()
    kinds = [i.kind for i in stage.items if i.kind in ("report", "comment")]
    assert kinds == ["report"] * 3 + ["comment"] * 3


def test_finalized_meeting_is_read_only_but_can_announce(qtbot, meeting, fake, dialogs):
    _prepare(meeting)
    meeting.db.execute("UPDATE meeting SET finalized = 1")
    stage = _open_stage(qtbot, meeting, fake)
    assert not stage.centre.start_button.isEnabled() and not stage.notes.add_comment_button.isEnabled()
    press(qtbot, stage, K.Key_Space)
    assert "已定稿" in stage.message.text() and not stage.timer.running
    assert stage.toolbar.announce.isEnabled()
    qtbot.mouseClick(stage.toolbar.announce, Qt.MouseButton.LeftButton)
    assert stage.projector.isVisible() and stage.projector.ranking.isVisible()
    assert [r.name for r in stage.projector.view.ranking] == ["张建国", "李红梅", "王志强", "赵丽华"]
    stage.projector.close()


def test_announce_refused_before_finalising(qtbot, stage):
    stage.set_announcing(True)
    assert not stage.announcing and "定稿后" in stage.message.text()


def test_agenda_model(qtmodeltester, meeting, fake):
    _prepare(meeting)
    model = AgendaListModel()
    model.set_agenda(ag.agenda(meeting), "opening")
    qtmodeltester.check(model)
    assert model.index(0).data(Qt.ItemDataRole.AccessibleTextRole) == "1. 开场 当前"


def test_time_limit_of_one_reporter(qtbot, stage, dialogs):
    stage.agenda_view.setCurrentIndex(stage.model.index(1))
    dialogs.answers["ask_text"] = "5"
    qtbot.mouseClick(stage.toolbar.limit, Qt.MouseButton.LeftButton)
    rid = stage.items[1].reporter_id
    assert setup.get_reporter(stage.meeting, rid).time_limit_min == 5 and stage.items[1].time_limit_min == 5
    press(qtbot, stage, K.Key_PageDown)
    assert stage.centre.timer.text() == "05:00"
    dialogs.answers["ask_text"] = "五分钟"
    qtbot.mouseClick(stage.toolbar.limit, Qt.MouseButton.LeftButton)
    assert "不是整数分钟" in stage.message.text()
    dialogs.answers["ask_text"] = ""
    qtbot.mouseClick(stage.toolbar.limit, Qt.MouseButton.LeftButton)
    assert stage.centre.timer.text() == "08:00"


@pytest.mark.parametrize("size", [(1920, 1080), (1024, 768)], ids=["1920x1080", "1024x768"])
def test_run_screen_fits_at_both_sizes(qtbot, stage, fake, size, tmp_path):
    setup.update_reporter(stage.meeting, 1, unit="中共某某县某某镇某某村党总支部委员会")
    stage.bus.changed.emit("setup")
    press(qtbot, stage, K.Key_PageDown)
    press(qtbot, stage, K.Key_K, CTRL)
    stage.resize(*size)
    qtbot.wait(1)
    buttons = [b for w in (stage.toolbar, stage.toolbar.agenda_tools, stage.centre) for b in w.findChildren(QPushButton)]
    assert len(buttons) == 13
    for button in buttons:
        assert button.width() >= button.sizeHint().width(), button.text()
    assert stage.minimumSizeHint().width() <= 1024 - 160  # room for the stage list of the main window
    timer = stage.centre.timer
    assert timer.contentsRect().contains(timer.text_rect())
    name = stage.centre.name
    assert name.fontMetrics().horizontalAdvance(name.text()) <= name.width()
    detail = stage.centre.detail
    assert detail.heightForWidth(detail.width()) <= detail.height() + 1
    assert stage.notes.comments[0].isVisible()
    stage.grab().save(str(tmp_path / f"run_{size[0]}.png"))


def test_hidden_stage_catches_up_when_shown(qtbot, stage):
    stage.hide()
    setup.update_reporter(stage.meeting, 1, name="张建设")
    stage.bus.changed.emit("setup")
    assert all(i.reporter is None or i.reporter.name != "张建设" for i in stage.items)
    stage.show()
    assert any(i.reporter is not None and i.reporter.name == "张建设" for i in stage.items)
    assert stage.notes.who.findText("张建设") >= 0


def test_leaders_dialog(qtbot, meeting):
    dialog = run_dialogs.LeadersDialog(meeting)
    qtbot.addWidget(dialog)
    type_text(dialog.name, "孙立新")
    type_text(dialog.title, "组织部部长")
    qtbot.keyClick(dialog.name, K.Key_Return)
    qtbot.keyClick(dialog.name, K.Key_Return)  # empty name: refused with a reason
    assert "不能为空" in dialog.message.text()
    assert [dialog.list.item(i).text() for i in range(dialog.list.count())] == ["孙立新（组织部部长）"]
    dialog.list.setCurrentRow(0)
    dialog.remove()
    assert mn.list_leaders(meeting) == []


def test_presenter_keys_drive_the_meeting_while_focus_is_in_the_stage_list(qtbot, main_window, roster_path):
    """The clerk clicks 会议进行 in the stage list and keeps focus there; the remote still works."""
    from models.run import run_state as run

    assert main_window.open_path(roster_path)
    main_window.show_stage(1)
    stage_list = main_window.workspace.nav
    stage_list.setFocus()
    qtbot.waitUntil(stage_list.hasFocus)
    first = run.current_item(main_window.meeting).key
    qtbot.keyClick(stage_list, Qt.Key.Key_PageDown)
    assert run.current_item(main_window.meeting).key != first
    assert stage_list.currentRow() == 1  # the list itself did not move to another stage
    qtbot.keyClick(stage_list, Qt.Key.Key_PageUp)
    assert run.current_item(main_window.meeting).key == first
