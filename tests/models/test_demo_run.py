"""The demo meeting was held (issue #11): times on the meeting's morning, comments by the named
leaders, problems for every reporter; so every document and screen of the demo shows real content."""

from __future__ import annotations

import datetime as _dt

from cli import run_command
from models.demo import create_demo
from models.demo.meeting import DEMO_DATE, LEADERS
from models.meeting import Meeting
from models.run import agenda, minutes
from models.setup import list_reporters


def test_the_demo_run_holds_the_whole_agenda_with_comments_and_problems(tmp_path):
    path = create_demo(tmp_path / "示例.pingyi", run=True)
    with Meeting.open(path) as meeting:
        items = agenda.agenda(meeting)
        people = list_reporters(meeting)
        comments = minutes.list_comments(meeting)
        problems = minutes.list_problems(meeting)
    day = _dt.date.fromisoformat(DEMO_DATE)
    assert all(i.started_at and i.ended_at for i in items), "every item held"
    assert all(i.started_at.date() == day for i in items) and items[0].started_at.time() == _dt.time(9, 0)
    starts = [i.started_at for i in items]
    assert starts == sorted(starts) and all(a.ended_at <= b.started_at for a, b in zip(items, items[1:], strict=False))
    reports = [i for i in items if i.kind == "report"]
    over = [i for i in reports if i.elapsed_ms > i.time_limit_min * 60_000]
    assert 0 < len(over) < len(reports), "some speakers ran over, not all"
    leaders = {name for name, _ in LEADERS}
    assert comments and {c.commenter for c in comments} <= leaders
    assert {c.reporter_id for c in comments} == {r.id for r in people}, "every reporter was commented on"
    assert {p.reporter_id for p in problems} == {r.id for r in people}, "problems for every reporter"


def test_the_same_seed_gives_the_same_run(tmp_path):
    texts = []
    for name in ("a", "b"):
        with Meeting.open(create_demo(tmp_path / f"{name}.pingyi", run=True, ballots=0)) as meeting:
            texts.append(
                [(c.commenter, c.text) for c in minutes.list_comments(meeting)]
                + [(i.started_at, i.elapsed_ms) for i in agenda.agenda(meeting)]
            )
    assert texts[0] == texts[1]


def test_without_run_nothing_is_recorded_and_the_clock_is_left_alone(tmp_path):
    from models import clock

    before = clock.now
    with Meeting.open(create_demo(tmp_path / "x.pingyi", ballots=0)) as meeting:
        assert not minutes.list_comments(meeting) and not any(i.started_at for i in agenda.agenda(meeting))
    create_demo(tmp_path / "y.pingyi", ballots=0, run=True)
    assert clock.now is before, "the demo's morning clock is put back"


def test_the_demo_command_makes_a_held_meeting(tmp_path, capsys):
    path = tmp_path / "示例.pingyi"
    assert run_command(["demo", str(path)]) == 0
    with Meeting.open(path) as meeting:
        assert minutes.list_comments(meeting) and minutes.list_problems(meeting)
