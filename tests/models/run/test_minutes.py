import datetime as dt

import pytest

from models import clock, setup
from models.errors import InputErrors, PingyiError
from models.labels import ProblemSource, ReportMode
from models.meeting import audit
from models.run import agenda as ag
from models.run import minutes as mn
from models.run import run_state as rs


@pytest.fixture
def wall(monkeypatch):
    state = {"t": dt.datetime(2026, 12, 1, 9, 0, 0)}
    monkeypatch.setattr(clock, "now", lambda: state["t"])

    def advance(seconds):
        state["t"] += dt.timedelta(seconds=seconds)
    return advance


@pytest.fixture
def people(meeting):
    for name, mode in [("张建国", ReportMode.ONSITE), ("李红梅", ReportMode.ONSITE), ("赵丽华", ReportMode.WRITTEN)]:
        setup.add_reporter(meeting, name, f"{name[0]}家镇党委", "书记", mode)
    return setup.list_reporters(meeting)


# -- leaders -------------------------------------------------------------------------
def test_leaders_and_commenter_choices(meeting):
    assert mn.commenter_choices(meeting) == ["主持人"]
    setup.set_facts(meeting, chair="周书记")
    a = mn.add_leader(meeting, " 孙部长 ", "组织部部长")
    mn.add_leader(meeting, "周书记")
    assert a.label == "孙部长（组织部部长）"
    assert mn.commenter_choices(meeting) == ["周书记", "孙部长"]
    mn.update_leader(meeting, a.id, "孙立新", "组织部部长")
    assert [x.name for x in mn.list_leaders(meeting)] == ["孙立新", "周书记"]
    mn.delete_leader(meeting, a.id)
    assert [x.name for x in mn.list_leaders(meeting)] == ["周书记"]


@pytest.mark.parametrize("name, message", [("", "不能为空"), ("周书记", "已在名单中")])
def test_bad_leader_refused(meeting, name, message):
    mn.add_leader(meeting, "周书记")
    with pytest.raises(InputErrors, match=message):
        mn.add_leader(meeting, name)
    assert len(mn.list_leaders(meeting)) == 1


# -- comments -------------------------------------------------------------------------
def test_comments_default_to_the_chair_and_skip_blank_text(meeting, people, wall):
    setup.set_facts(meeting, chair="周书记")
    first = mn.add_comment(meeting, people[0].id, text="抓党建责任落实到位。")
    blank = mn.add_comment(meeting, people[0].id, "孙部长")
    wall(60)
    mn.add_comment(meeting, people[1].id, "孙部长", "要加强阵地建设。")
    assert first.commenter == "周书记" and blank.commenter == "孙部长"
    assert [c.text for c in mn.list_comments(meeting, people[0].id)] == ["抓党建责任落实到位。"]
    assert len(mn.list_comments(meeting, people[0].id, include_blank=True)) == 2
    assert [c.reporter_id for c in mn.list_comments(meeting)] == [people[0].id, people[1].id]
    updated = mn.update_comment(meeting, blank.id, text="补充：注意群众工作方法。")
    assert updated.updated_at == dt.datetime(2026, 12, 1, 9, 1, 0) and updated.created_at == blank.created_at
    mn.delete_comment(meeting, first.id)
    assert [c.id for c in mn.list_comments(meeting, people[0].id)] == [blank.id]


def test_unchanged_comment_writes_nothing(meeting, people):
    c = mn.add_comment(meeting, people[0].id, text="好")
    head = audit.chain_head(meeting.db)
    mn.update_comment(meeting, c.id, text="好", commenter="  ")
    assert audit.chain_head(meeting.db) == head


def test_comment_on_unknown_reporter_refused(meeting):
    with pytest.raises(PingyiError, match="找不到编号为 99 的述职人"):
        mn.add_comment(meeting, 99, text="x")


# -- problems -----------------------------------------------------------------------------
def test_problems_with_sources_and_rectification_fields(meeting, people):
    p1 = mn.add_problem(meeting, people[0].id, "“三会一课”记录不规范", "自身查摆", measure="逐月检查", owner="张建国",
                        deadline="2027-03-31")
    p2 = mn.add_problem(meeting, people[0].id, "发展党员程序把关不严", ProblemSource.SUPERIOR)
    p3 = mn.add_problem(meeting, people[0].id, "联系群众不够", "masses")
    assert [p.position for p in (p1, p2, p3)] == [1, 2, 3]
    assert [p.source.label for p in (p1, p2, p3)] == ["自身查摆", "上级点评", "群众评议"]
    changed = mn.update_problem(meeting, p2.id, source="群众评议", owner=" 组织委员 ")
    assert changed.source is ProblemSource.MASSES and changed.owner == "组织委员"
    mn.delete_problem(meeting, p1.id)
    assert [(p.id, p.position) for p in mn.list_problems(meeting, people[0].id)] == [(p2.id, 1), (p3.id, 2)]


def test_bad_problem_source_stores_nothing(meeting, people):
    with pytest.raises(InputErrors, match="问题来源“领导交办”不对"):
        mn.add_problem(meeting, people[0].id, "x", "领导交办")
    assert mn.list_problems(meeting, include_blank=True) == []


def test_blank_problems_hidden_unless_asked(meeting, people):
    mn.add_problem(meeting, people[1].id, "", measure="先写了措施")
    assert mn.list_problems(meeting) == []
    assert len(mn.list_problems(meeting, people[1].id, include_blank=True)) == 1


# -- minutes ---------------------------------------------------------------------------------
def test_minutes_data_before_the_meeting_says_nothing_recorded(meeting, people):
    data = mn.minutes_data(meeting)
    assert not data.recorded and data.began_at is None and data.ended_at is None
    assert [m.item.kind for m in data.items] == ["opening", "report", "comment", "report", "comment", "written",
                                                 "evaluation", "closing"]


def test_minutes_data_records_times_comments_and_overtime(meeting, people, wall):
    setup.set_facts(meeting, title="2026年度述职评议会", time_limit_min=1)
    ag.draw_lots(meeting, seed=3)
    rs.start_timer(meeting)
    wall(120)
    rs.next_item(meeting)
    first = rs.current_item(meeting)
    rs.start_timer(meeting)
    wall(75)
    rs.next_item(meeting)
    mn.add_comment(meeting, first.reporter_id, "周书记", "成效明显。")
    mn.add_comment(meeting, people[2].id, "周书记", "书面材料翔实。")
    wall(30)
    rs.pause_timer(meeting)
    data = mn.minutes_data(meeting)
    by_key = {m.item.key: m for m in data.items}
    report = by_key[first.key]
    assert report.item.duration_s == 75 and report.overtime_s == 15
    assert [c.text for c in by_key[f"comment:{first.reporter_id}"].comments] == ["成效明显。"]
    assert [c.text for c in by_key["written"].comments] == ["书面材料翔实。"]
    assert data.began_at == dt.datetime(2026, 12, 1, 9, 0) and data.ended_at == dt.datetime(2026, 12, 1, 9, 3, 45)
    assert data.recorded and data.lot_draws[0].seed == 3 and data.facts.title == "2026年度述职评议会"


@pytest.mark.parametrize("seconds, text", [
    (None, ""), (0, "0 秒"), (59, "59 秒"), (60, "1 分 00 秒"), (485, "8 分 05 秒"), (3720, "1 小时 02 分")])
def test_format_duration(seconds, text):
    assert mn.format_duration(seconds) == text
