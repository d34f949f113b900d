"""Meeting files for the document tests: the demo roster, ballots, sub-items, comments, problems, a run."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

from models import clock
from models.counting import decisions
from models.demo import add_demo_ballots, create_demo
from models.labels import Mark, ProblemSource
from models.meeting import Meeting
from models.run import agenda, minutes, run_state
from models.setup import add_item, list_reporters, set_facts, set_rules

SUB_ITEMS = ("履行职责情况", "重点任务落实", "问题整改情况")
LONG_UNIT = "某某省某某市某某区某某街道某某社区党委第一党支部联合党总支委员会办公室联络组群众"
assert len(LONG_UNIT) == 40
LONG_COMMENT = ("述职报告对照年初责任清单逐项说明了落实情况，" * 100)[:2000]


class FakeClock:
    """Moves a minute and a half forward each time the meeting code reads the time."""

    def __init__(self, start=_dt.datetime(2026, 12, 29, 9, 0, 0)):
        self.moment = start

    def __call__(self):
        self.moment += _dt.timedelta(seconds=90)
        return self.moment


def build_meeting(path: Path, *, reporters: int = 12, items: int = 1, ballots: int = 40, finalize: bool = False,
                  rehearsal: bool = False, run: bool = False, talk: bool = True, long_text: bool = False,
                  seed: int = 1, monkeypatch=None) -> Path:
    """A closed meeting file at ``path`` with the demo roster and ``ballots`` single-entry ballots."""
    create_demo(path, reporters=reporters, ballots=0, seed=seed)
    with Meeting.open(path) as meeting:
        set_rules(meeting, double_entry=False)
        for name in SUB_ITEMS[: items - 1]:
            add_item(meeting, name)
        if rehearsal:
            set_facts(meeting, rehearsal=True)
        if ballots:
            add_demo_ballots(meeting, ballots, seed)
        if talk:
            _talk(meeting, long_text)
        if run:
            _run(meeting, monkeypatch)
        if finalize:
            _decide_and_finalize(meeting)
    return path


def _talk(meeting: Meeting, long_text: bool) -> None:
    people = list_reporters(meeting)
    first = people[0]
    minutes.add_comment(meeting, first.id, None, "述职内容全面，抓基层党建工作思路清晰，但对问题查找不够深入。")
    minutes.add_comment(meeting, first.id, "周文斌", LONG_COMMENT if long_text else "要进一步压实“第一责任人”职责。")
    minutes.add_problem(meeting, first.id, "“三会一课”记录不全，党员教育管理不够规范。", ProblemSource.SELF,
                        "建立台账，每月检查", "党委副书记", "2027年3月底")
    minutes.add_problem(meeting, first.id, LONG_COMMENT if long_text else "基层党组织阵地建设滞后。",
                        ProblemSource.SUPERIOR)
    if len(people) > 1:
        minutes.add_problem(meeting, people[1].id, "群众反映办事流程繁琐。", ProblemSource.MASSES)
    if long_text:
        from models.setup import update_reporter

        update_reporter(meeting, first.id, unit=LONG_UNIT)


def _run(meeting: Meeting, monkeypatch) -> None:
    monkeypatch.setattr(clock, "now", FakeClock())
    for _ in agenda.agenda(meeting):
        run_state.start_timer(meeting)
        run_state.next_item(meeting)


def _decide_and_finalize(meeting: Meeting) -> None:
    people = list_reporters(meeting)
    if len(people) > 2:
        decisions.decide(meeting, people[2].id, Mark.AVERAGE, "年度内发生信访事项，经党委研究调整为一般。")
    decisions.finalize(meeting)
