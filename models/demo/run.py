"""The demo meeting's recorded run: the agenda held on the meeting's morning with real times (some
speakers over their limit), comments by the named leaders and problems raised for every reporter.

Recorded through the meeting-run operations a clerk uses on the 会议进行 screen, on a clock that
walks through the morning, so every document and screen of the demo shows what a held meeting shows.
"""

from __future__ import annotations

import datetime as _dt
import random
from contextlib import contextmanager

from models import clock
from models.labels import ProblemSource
from models.meeting import Meeting
from models.run import agenda, minutes, run_state
from models.setup import list_reporters

MEETING_START = _dt.time(9, 0)

COMMENTS = (
    "述职报告思路清晰、重点突出，抓基层党建工作有思路、有举措、有成效。",
    "对标年初责任清单逐项说明落实情况，用数据和事例说话，值得肯定。",
    "问题查找还不够深入，原因剖析多停留在客观方面，要从主观上找差距。",
    "要进一步压实党建工作第一责任人职责，把党建工作与中心工作同部署、同落实、同考核。",
    "基层党组织标准化规范化建设要再加力，抓好软弱涣散党组织整顿提升。",
    "要坚持问题导向，把整改落实作为检验述职成效的重要标准，确保件件有着落。",
    "党员教育管理要创新方式方法，把流动党员管理作为重点抓实抓细。",
    "要把抓党建促发展落到实处，在发展壮大村级集体经济上拿出硬措施。",
)
PROBLEMS = (
    ("“三会一课”制度落实不够规范，会议记录不完整。", ProblemSource.SELF),
    ("党员发展程序把关不严，个别发展对象材料不齐全。", ProblemSource.SUPERIOR),
    ("研究部署党建工作次数偏少，抓党建主责意识有待增强。", ProblemSource.SUPERIOR),
    ("党建与业务工作融合不够紧密，存在“两张皮”现象。", ProblemSource.SELF),
    ("流动党员管理存在薄弱环节，联系不够经常。", ProblemSource.MASSES),
    ("党群服务中心使用效率不高，服务群众功能发挥不充分。", ProblemSource.MASSES),
    ("村级集体经济发展缓慢，党组织带富能力不强。", ProblemSource.SUPERIOR),
    ("意识形态工作责任制落实不够到位，阵地管理有待加强。", ProblemSource.SELF),
    ("基层干部教育培训针对性不强，培训内容与实际需求结合不够。", ProblemSource.MASSES),
)
#: (minutes at least, minutes at most) per agenda kind; reports run around their limit
LENGTHS = {
    "opening": (3, 5),
    "comment": (2, 4),
    "written": (2, 3),
    "evaluation": (8, 12),
    "closing": (12, 18),
    "free": (3, 6),
}


class _MorningClock:
    """The meeting's clock: stands still until the run moves it."""

    def __init__(self, start: _dt.datetime):
        self.moment = start

    def __call__(self) -> _dt.datetime:
        return self.moment


@contextmanager
def _meeting_morning(start: _dt.datetime):
    walking, real = _MorningClock(start), clock.now
    clock.now = walking
    try:
        yield walking
    finally:
        clock.now = real


def _seconds(item, rng: random.Random) -> int:
    if item.kind == "report":
        limit = (item.time_limit_min or 8) * 60
        return int(limit * rng.uniform(0.78, 1.1))  # about one report in four runs over
    low, high = LENGTHS.get(item.kind, (3, 6))
    return rng.randint(low * 60, high * 60)


def add_demo_run(meeting: Meeting, day: _dt.date, leaders: tuple[tuple[str, str], ...], seed: int = 1) -> None:
    """Hold the whole agenda on ``day`` from 9:00: times, comments by ``leaders``, problems for everyone."""
    rng = random.Random(seed * 7919 + 11)
    names = [name for name, _ in leaders]
    with _meeting_morning(_dt.datetime.combine(day, MEETING_START)) as walking:
        items = agenda.agenda(meeting)
        for n, item in enumerate(items):
            run_state.start_timer(meeting)
            seconds = _seconds(item, rng)
            if item.kind == "comment" and item.reporter is not None:
                _comment(meeting, item.reporter.id, names, rng)
            if item.kind == "written":
                for reporter in item.reporters:
                    _comment(meeting, reporter.id, names[:1], rng)
            walking.moment += _dt.timedelta(seconds=seconds)
            if n + 1 < len(items):
                run_state.next_item(meeting, elapsed_ms=seconds * 1000)
            else:
                run_state.pause_timer(meeting, elapsed_ms=seconds * 1000)
            walking.moment += _dt.timedelta(seconds=rng.randint(20, 60))  # the next speaker walks up
        _problems(meeting, rng)


def _comment(meeting: Meeting, reporter_id: int, names: list[str], rng: random.Random) -> None:
    for name in rng.sample(names, k=min(len(names), rng.randint(1, 2))):
        minutes.add_comment(meeting, reporter_id, name, rng.choice(COMMENTS))


def _problems(meeting: Meeting, rng: random.Random) -> None:
    for reporter in list_reporters(meeting):
        for text, source in rng.sample(PROBLEMS, k=rng.randint(1, 3)):
            minutes.add_problem(meeting, reporter.id, text, source)
