"""The demo meeting: a realistic county meeting, the same for the same seed.

Used by ``python main.py demo``, the start page's 打开示例会议 and the tests.
"""

from __future__ import annotations

import datetime as _dt
import random
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

from models.errors import PingyiError
from models.labels import ReportMode
from models.meeting import Meeting
from models.setup import ONSITE_COMPONENT, MeetingFacts, Rules
from models.setup.workbook import apply_setup
from models.setup.workbook_shape import CategoryRow, ComponentRow, ItemRow, RosterRow, SetupData

MAX_REPORTERS = 100
COUNTY = "青山县"
EXTRA_COMPONENT = "平时考核"

_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢钟谭廖"
)
_GIVEN = (
    "建国",
    "志强",
    "海燕",
    "丽华",
    "文斌",
    "晓东",
    "春梅",
    "国华",
    "红霞",
    "永军",
    "立新",
    "玉兰",
    "卫东",
    "学军",
    "淑珍",
    "德明",
    "宏伟",
    "俊峰",
    "雪梅",
    "天明",
    "少华",
    "成林",
    "光辉",
    "桂芳",
    "振华",
    "晓燕",
    "云飞",
    "明",
    "伟",
    "芳",
    "静",
    "涛",
    "鹏",
    "磊",
    "勇",
    "军",
    "敏",
    "杰",
    "洁",
    "刚",
    "亮",
    "丹",
    "建平",
    "凤英",
    "金龙",
    "玉梅",
    "新民",
    "秀兰",
    "长青",
    "向阳",
    "爱民",
    "利民",
    "思远",
    "子健",
    "家豪",
)
_TOWNS = (
    "城关镇",
    "青石镇",
    "白云镇",
    "柳河镇",
    "松林镇",
    "清泉镇",
    "黄坪乡",
    "石门乡",
    "龙潭镇",
    "桃源镇",
    "马坊镇",
    "双河镇",
    "杨柳乡",
    "金川镇",
    "红岩乡",
    "太平镇",
    "新安镇",
    "高桥镇",
    "东岭乡",
    "凤凰镇",
)
_VILLAGES = (
    "前进",
    "光明",
    "新华",
    "和平",
    "团结",
    "红星",
    "东风",
    "胜利",
    "永丰",
    "丰收",
    "长兴",
    "兴隆",
    "双桥",
    "大坪",
    "柏林",
    "沙河",
    "石桥",
    "杨庄",
    "李家湾",
    "张家岭",
)
#: (unit, title) by kind: 机关, 学校, 医院, 社区, 企业和两新组织
_UNITS = {
    "G": [
        ("县直机关工委", "书记"),
        ("县委教育工委", "书记"),
        ("县卫生健康局党组", "党组书记"),
        ("县农业农村局党组", "党组书记"),
        ("县交通运输局党组", "党组书记"),
        ("县公安局党委", "党委书记"),
    ],
    "S": [
        ("县第一中学党委", "党委书记"),
        ("县实验小学党总支", "党总支书记"),
        ("县职业中学党委", "党委书记"),
        ("县第二中学党总支", "党总支书记"),
    ],
    "H": [("县人民医院党委", "党委书记"), ("县中医医院党委", "党委书记"), ("县妇幼保健院党支部", "党支部书记")],
    "C": [
        ("城关镇东街社区党委", "党委书记"),
        ("城关镇西城社区党委", "党委书记"),
        ("城关镇南苑社区党总支", "党总支书记"),
        ("城关镇北关社区党支部", "党支部书记"),
    ],
    "E": [
        ("县国资委党委", "党委书记"),
        ("县城投集团党委", "党委书记"),
        ("县非公有制经济组织和社会组织党委", "党委书记"),
        ("县供电公司党委", "党委书记"),
    ],
}
#: the mix of the first reporters: towns first and most, then the other kinds in turn
_PATTERN = "TTGTSTHTCTETTGSHCETGSHCE"
_KIND_ORDER = "TGSHCEV"

CATEGORIES = (
    CategoryRow("A", "县委领导班子成员", Decimal(3), 11),
    CategoryRow("B", "党员代表", Decimal(2), 36),
    CategoryRow("C", "群众代表", Decimal(1), 24),
)
DEMO_DATE = "2026-12-29"
LEADERS = (("李振华", "县委书记"), ("周文斌", "县委副书记"), ("陈丽华", "县委常委、组织部部长"))


def create_demo(path: str | Path, *, reporters: int = 12, ballots: int | None = None, seed: int = 1,
                run: bool = False) -> Path:
    """A new demo meeting file at ``path`` (refuses to overwrite); ``ballots=None`` = about the issued count;
    ``run``: the meeting was held (times, comments by named leaders, problems: ``models.demo.run``; reports,
    self-evaluations and the chair's speech: ``models.demo.materials``).

    Nothing is left behind when it fails.
    """
    if isinstance(reporters, bool) or not isinstance(reporters, int) or not 1 <= reporters <= MAX_REPORTERS:
        raise PingyiError(f"示例会议的述职人数应为 1 到 {MAX_REPORTERS} 之间的整数（现为 {reporters}）。")
    if ballots is not None and (not isinstance(ballots, int) or ballots < 0):
        raise PingyiError(f"示例选票张数应为不小于 0 的整数（现为 {ballots}）。")
    meeting = Meeting.create(path)
    try:
        apply_setup(meeting, demo_setup(reporters, seed, ballots=ballots), {"demo": True, "seed": seed})
        _add_leaders(meeting)
        if run:  # the meeting was held: its run recorded, its materials collected
            from models.demo.materials import add_demo_materials
            from models.demo.run import add_demo_run

            add_demo_run(meeting, _dt.date.fromisoformat(DEMO_DATE), LEADERS, seed)
            add_demo_materials(meeting, seed)
        _add_ballots(meeting, ballots, seed)
    except BaseException:
        meeting.close()
        Path(path).unlink(missing_ok=True)
        raise
    meeting.close()
    return Path(path)


def default_ballots(seed: int) -> int:
    """About the issued count: a few forms never come back."""
    issued = sum(c.issued for c in CATEGORIES)
    return issued - random.Random(seed).randint(2, 5)


def demo_setup(reporters: int = 12, seed: int = 1, *, ballots: int | None = None) -> SetupData:
    """The demo meeting's setup: facts, ``reporters`` realistic reporters, A/B/C categories, 现场测评 70 + 平时考核 30.

    The issued counts grow with ``ballots`` so that no category gets back more forms than it issued.
    """
    rng = random.Random(seed)
    units = _units(reporters, rng)
    names = _names(reporters, rng)
    written = set(rng.sample(range(reporters), k=round(reporters / 6))) if reporters >= 3 else set()
    onsite = [k for k in range(reporters) if k not in written]
    rng.shuffle(onsite)  # the speaking order was drawn by lot
    order = {k: n for n, k in enumerate(onsite + sorted(written), start=1)}
    rows = tuple(
        RosterRow(
            k + 1,
            names[k],
            unit,
            title,
            ReportMode.WRITTEN if k in written else ReportMode.ONSITE,
            order[k],
            scores=((EXTRA_COMPONENT, Decimal(rng.randint(820, 985)) / 10),),
        )
        for k, (unit, title) in enumerate(units)
    )
    return SetupData(
        reporters=rows,
        score_columns=(EXTRA_COMPONENT,),
        facts=MeetingFacts(
            title=f"中共{COUNTY}委2026年度党组织书记抓基层党建工作述职评议会",
            organiser=f"中共{COUNTY}委组织部",
            date=DEMO_DATE,
            venue=f"{COUNTY}委常委会议室",
            chair=LEADERS[0][0],
        ),
        categories=_categories(ballots),
        items=(ItemRow(1, "总体评价", True),),
        rules=Rules(),
        components=(ComponentRow(ONSITE_COMPONENT, Decimal(70)), ComponentRow(EXTRA_COMPONENT, Decimal(30))),
    )


def _categories(ballots: int | None) -> tuple[CategoryRow, ...]:
    issued = sum(c.issued for c in CATEGORIES)
    if not ballots or ballots <= issued:
        return CATEGORIES
    return tuple(replace(c, issued=-(-c.issued * ballots // issued)) for c in CATEGORIES)


def _names(n: int, rng: random.Random) -> list[str]:
    names: list[str] = []
    given = rng.sample(_GIVEN, len(_GIVEN))
    while len(names) < n:
        name = rng.choice(_SURNAMES) + (given.pop() if given else rng.choice(_GIVEN))
        if name not in names:
            names.append(name)
    return names


def _units(n: int, rng: random.Random) -> list[tuple[str, str]]:
    """``n`` distinct (unit, title), a realistic mix, listed towns first as on a county's form."""
    pools = {kind: rng.sample(units, len(units)) for kind, units in _UNITS.items()}
    pools["T"] = [(f"{town}党委", "党委书记") for town in rng.sample(_TOWNS, len(_TOWNS))]
    pools["V"] = [(f"{town}{village}村党支部", "党支部书记") for town in _TOWNS for village in _VILLAGES]
    rng.shuffle(pools["V"])
    chosen: list[tuple[str, tuple[str, str]]] = []
    for k in range(n):
        kind = _PATTERN[k] if k < len(_PATTERN) else "T"
        kind = kind if pools[kind] else "T" if pools["T"] else "V"
        chosen.append((kind, pools[kind].pop()))
    chosen.sort(key=lambda c: _KIND_ORDER.index(c[0]))
    return [unit for _, unit in chosen]


def _add_leaders(meeting: Meeting) -> None:
    try:
        from models.run.minutes import add_leader
    except ImportError:  # leaders arrive with the meeting-run stage
        return
    for name, title in LEADERS:
        add_leader(meeting, name, title)


def _add_ballots(meeting: Meeting, ballots: int | None, seed: int) -> None:
    if ballots == 0:
        return
    try:
        from models.demo.ballots import add_demo_ballots
    except ModuleNotFoundError as exc:
        if exc.name != "models.demo.ballots":
            raise
        if ballots is not None:
            raise PingyiError("本版本还不能生成示例选票。请用 --ballots 0 生成不带选票的示例会议。") from exc
        return
    add_demo_ballots(meeting, default_ballots(seed) if ballots is None else ballots, seed)
