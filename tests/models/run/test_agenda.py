import datetime as dt

import pytest

from models import clock, setup
from models.errors import InputErrors, MeetingFinalized, PingyiError
from models.labels import ReportMode
from models.meeting import Meeting, audit
from models.run import agenda as ag
from models.run import run_state as rs


class Wall:
    """A wall clock the test moves by hand."""

    def __init__(self):
        self.t = dt.datetime(2026, 12, 1, 9, 0, 0)

    def __call__(self):
        return self.t

    def advance(self, seconds):
        self.t += dt.timedelta(seconds=seconds)


@pytest.fixture
def wall(monkeypatch):
    w = Wall()
    monkeypatch.setattr(clock, "now", w)
    return w


def _roster(meeting, modes="OOOW"):
    names = ["张建国", "李红梅", "王志强", "赵丽华", "陈明", "刘洋"]
    for name, mode in zip(names, modes, strict=False):
        setup.add_reporter(meeting, name, f"{name[0]}家镇党委", "书记",
                           ReportMode.WRITTEN if mode == "W" else ReportMode.ONSITE)
    return setup.list_reporters(meeting)


def keys(meeting):
    return [i.key for i in ag.agenda(meeting)]


@pytest.mark.parametrize("options, modes, expected", [
    ({}, "OOW", ["opening", "report:1", "comment:1", "report:2", "comment:2", "written", "evaluation", "closing"]),
    ({"grouped": True}, "OOO", ["opening", "report:1", "report:2", "report:3", "comment:1", "comment:2", "comment:3",
                                "evaluation", "closing"]),
    ({"opening": False, "closing": False}, "OO", ["report:1", "comment:1", "report:2", "comment:2", "evaluation"]),
    ({}, "WW", ["opening", "written", "evaluation", "closing"]),
    ({}, "", ["opening", "evaluation", "closing"]),
])
def test_agenda_is_derived_from_the_roster(meeting, options, modes, expected):
    _roster(meeting, modes)
    if options:
        ag.set_options(meeting, **options)
    assert keys(meeting) == expected
    assert [i.position for i in ag.agenda(meeting)] == list(range(1, len(expected) + 1))


def test_report_items_follow_speaking_order_and_carry_time_limits(meeting):
    people = _roster(meeting, "OOOW")
    setup.set_facts(meeting, time_limit_min=6)
    setup.update_reporter(meeting, people[1].id, speak_order=9, time_limit_min=10)
    reports = [i for i in ag.agenda(meeting) if i.kind == "report"]
    assert [r.reporter.name for r in reports] == ["张建国", "王志强", "李红梅"]
    assert [r.heading for r in reports] == ["第 1 位述职", "第 2 位述职", "第 3 位述职"]
    assert [r.time_limit_min for r in reports] == [6, 6, 10]
    written = ag.item_by_key(meeting, "written")
    assert [r.name for r in written.reporters] == ["赵丽华"] and written.time_limit_min is None


def test_free_items_add_rename_move_delete(meeting):
    _roster(meeting, "OO")
    first = ag.add_free_item(meeting, "  传达上级文件精神 ", after_key="opening", time_limit_min=5)
    last = ag.add_free_item(meeting, "宣布测评结果")
    assert first.position == 2 and first.title == "传达上级文件精神" and first.time_limit_min == 5
    assert keys(meeting)[-1] == last.key
    ag.move_item(meeting, first.key, 3)
    assert keys(meeting)[:5] == ["opening", "report:1", "comment:1", "report:2", first.key]
    ag.move_item(meeting, first.key, -99)
    assert keys(meeting)[0] == first.key
    ag.rename_item(meeting, "report:1", "述职：张建国（代）")
    assert ag.item_by_key(meeting, "report:1").title == "述职：张建国（代）"
    ag.rename_item(meeting, "report:1", "")
    assert ag.item_by_key(meeting, "report:1").title == "述职：张建国"
    ag.delete_free_item(meeting, last.key)
    assert last.key not in keys(meeting)


@pytest.mark.parametrize("call, message", [
    (lambda m: ag.move_item(m, "report:1", 1), "不能单独移动"),
    (lambda m: ag.delete_free_item(m, "evaluation"), "不能删除"),
    (lambda m: ag.add_free_item(m, "  "), "名称不能为空"),
    (lambda m: ag.add_free_item(m, "休会", time_limit_min=0), "时限"),
    (lambda m: ag.rename_item(m, "nope", "x"), "议程中没有"),
])
def test_agenda_edits_refused_with_reasons(meeting, call, message):
    _roster(meeting, "OO")
    before = audit.chain_head(meeting.db)
    with pytest.raises(PingyiError, match=message):
        call(meeting)
    assert audit.chain_head(meeting.db) == before


def test_free_item_keeps_its_place_after_a_lot_draw_and_falls_to_the_end_when_its_anchor_goes(meeting):
    people = _roster(meeting, "OOO")
    extra = ag.add_free_item(meeting, "茶歇", after_key="comment:2")
    ag.draw_lots(meeting, seed=7)
    order = keys(meeting)
    assert order[order.index("comment:2") + 1] == extra.key
    setup.update_reporter(meeting, people[1].id, mode=ReportMode.WRITTEN)
    assert keys(meeting)[-1] == extra.key


def test_held_free_item_cannot_be_deleted(meeting, wall):
    item = ag.add_free_item(meeting, "传达文件", after_key=None)
    rs.go_to(meeting, item.key)
    rs.start_timer(meeting)
    with pytest.raises(PingyiError, match="实际开始时间"):
        ag.delete_free_item(meeting, item.key)


# -- lot draw ------------------------------------------------------------------------
def test_lot_draw_orders_onsite_reporters_and_logs_seed_and_time(meeting, wall):
    people = _roster(meeting, "OOOOW")
    draw = ag.draw_lots(meeting, seed=20261201)
    onsite_ids = [p.id for p in people if p.mode is ReportMode.ONSITE]
    assert sorted(draw.order) == onsite_ids
    assert list(draw.order) == ag.order_from_seed(onsite_ids, 20261201)
    assert [i.reporter.id for i in ag.agenda(meeting) if i.kind == "report"] == list(draw.order)
    entry = audit.entries(meeting.db, ag.DRAW_ACTION)[-1]
    assert entry["at"] == "2026-12-01 09:00:00" and entry["detail"]["seed"] == "20261201"
    assert draw.at == wall.t and draw.round == 1
    assert setup.get_reporter(meeting, people[4].id).speak_order == 5


def test_random_draws_differ_and_redraw_needs_a_reason(meeting):
    _roster(meeting, "OOOOOO")
    first = ag.draw_lots(meeting)
    with pytest.raises(InputErrors, match="理由"):
        ag.draw_lots(meeting, "  ")
    seeds = {first.seed} | {ag.draw_lots(meeting, f"第{n}次重抽").seed for n in range(4)}
    assert len(seeds) == 5
    draws = ag.lot_draws(meeting)
    assert [d.round for d in draws] == [1, 2, 3, 4, 5] and draws[-1].reason == "第3次重抽"


def test_lot_draw_refused_once_reporting_started(meeting, wall):
    _roster(meeting, "OOO")
    ag.draw_lots(meeting, seed=1)
    rs.start_timer(meeting)  # 开场 only: still allowed
    ag.draw_lots(meeting, "有人迟到", seed=2)
    rs.next_item(meeting)
    rs.start_timer(meeting)
    with pytest.raises(PingyiError, match="述职已经开始"):
        ag.draw_lots(meeting, "再抽一次", seed=3)


def test_lot_draw_needs_two_onsite_reporters(meeting):
    _roster(meeting, "OW")
    with pytest.raises(PingyiError, match="少于 2 人"):
        ag.draw_lots(meeting)


# -- timer and run state -----------------------------------------------------------------
def test_timer_accumulates_wall_time_and_marks_actual_times(meeting, wall):
    _roster(meeting, "OO")
    rs.go_to(meeting, "report:1")
    rs.start_timer(meeting)
    wall.advance(90)
    assert rs.run_state(meeting).elapsed_ms == 90_000
    rs.pause_timer(meeting)
    wall.advance(30)
    rs.start_timer(meeting)
    wall.advance(10)
    state = rs.next_item(meeting, elapsed_ms=100_250)  # the screen's exact reading wins
    report = ag.item_by_key(meeting, "report:1")
    assert report.elapsed_ms == 100_250 and report.done
    assert report.started_at == dt.datetime(2026, 12, 1, 9, 0, 0)
    assert report.ended_at == dt.datetime(2026, 12, 1, 9, 2, 10) and report.duration_s == 130
    # a comment follows a running report: its clock starts by itself
    assert state.current_key == "comment:1" and state.running
    wall.advance(45)
    state = rs.next_item(meeting)
    assert state.current_key == "report:2" and not state.running  # a report waits for 开始
    assert ag.item_by_key(meeting, "comment:1").duration_s == 45


def test_previous_and_bounds(meeting, wall):
    rs.start_timer(meeting)
    assert rs.previous_item(meeting).current_key == "opening"
    rs.next_item(meeting)
    state = rs.next_item(meeting)
    assert state.current_key == "closing" and state.running
    assert rs.next_item(meeting).current_key == "closing"
    back = rs.previous_item(meeting)
    assert back.current_key == "evaluation" and not back.running


def test_reset_forgets_times(meeting, wall):
    rs.start_timer(meeting)
    wall.advance(5)
    state = rs.reset_timer(meeting)
    assert state.elapsed_ms == 0 and not state.running
    item = ag.item_by_key(meeting, "opening")
    assert item.started_at is None and item.ended_at is None


def test_running_timer_survives_close_and_reopen(meeting_path, wall):
    meeting = Meeting.create(meeting_path)
    _roster(meeting, "OO")
    rs.go_to(meeting, "report:2")
    rs.start_timer(meeting, elapsed_ms=0)
    wall.advance(200)
    meeting.close()
    wall.advance(40)  # the laptop was closed for 40 s
    with Meeting.open(meeting_path) as again:
        state = rs.run_state(again)
        assert (state.current_key, state.running, state.elapsed_ms) == ("report:2", True, 240_000)


@pytest.mark.parametrize("elapsed_ms, limit, face", [
    (0, 8, ("08:00", "normal")),
    (999, 8, ("08:00", "normal")),
    (1000, 8, ("07:59", "normal")),
    (419_000, 8, ("01:01", "normal")),
    (420_000, 8, ("01:00", "warning")),
    (479_500, 8, ("00:01", "warning")),
    (480_000, 8, ("00:00", "warning")),
    (481_000, 8, ("超时 00:01", "overtime")),
    (480_000 + 3_725_000, 8, ("超时 1:02:05", "overtime")),
    (65_000, None, ("01:05", "open")),
])
def test_timer_face(elapsed_ms, limit, face):
    assert rs.timer_face(elapsed_ms, limit) == face


def test_options_and_timer_refused_after_finalising(meeting):
    meeting.db.execute("UPDATE meeting SET finalized = 1")
    with pytest.raises(MeetingFinalized):
        ag.set_options(meeting, grouped=True)
    with pytest.raises(MeetingFinalized):
        rs.start_timer(meeting)


def test_deleting_a_reporter_drops_its_agenda_records(meeting, wall):
    people = _roster(meeting, "OO")
    rs.go_to(meeting, "report:1")
    rs.start_timer(meeting)
    rs.next_item(meeting)
    setup.delete_reporter(meeting, people[0].id)
    assert meeting.db.execute("SELECT count(*) FROM agenda_items WHERE key LIKE '%:1'").fetchone()[0] == 0
    assert rs.current_item(meeting).key == "opening"  # the current item fell away: back to the top
