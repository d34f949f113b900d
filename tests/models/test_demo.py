"""The demo meeting: realistic, complete, the same for the same seed, nothing left behind on failure."""

import re

import pytest

from models.ballots.forms import form_accounting
from models.counting import verify_meeting
from models.demo.meeting import MAX_REPORTERS, create_demo, default_ballots, demo_setup
from models.errors import FileRefused, PingyiError
from models.labels import ReportMode
from models.meeting import Meeting
from models.run.minutes import list_leaders
from models.setup.workbook import export_setup, read_setup, setup_from_meeting

CJK_NAME = re.compile(r"^[\u4e00-\u9fff]{2,4}$")


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The default demo (with its default ballots), opened once for the read-only checks."""
    path = create_demo(tmp_path_factory.mktemp("demo") / "示例.pingyi")
    with Meeting.open(path) as m:
        yield m


def test_default_demo_has_a_realistic_setup(demo):
    data = setup_from_meeting(demo)
    facts = data.facts
    assert re.fullmatch(r"中共.+县委20\d\d年度党组织书记抓基层党建工作述职评议会", facts.title)
    assert facts.organiser.endswith("组织部") and facts.venue and facts.chair and facts.date == "2026-12-29"
    assert len(data.reporters) == 12
    assert sum(r.mode is ReportMode.WRITTEN for r in data.reporters) == 2
    assert all(CJK_NAME.match(r.name) for r in data.reporters)
    assert len({r.name for r in data.reporters}) == 12 and len({r.unit for r in data.reporters}) == 12
    units = "".join(r.unit for r in data.reporters)
    assert sum("镇党委" in r.unit or "乡党委" in r.unit for r in data.reporters) >= 6
    for kinds in (
        ("县直机关工委", "教育工委", "局党组", "局党委"),
        ("中学", "小学"),
        ("医院", "保健院"),
        ("社区",),
        ("国资委", "集团", "非公有制", "公司"),
    ):
        assert any(kind in units for kind in kinds), kinds
    assert all(r.title.endswith("书记") for r in data.reporters)
    assert sorted(r.speak_order for r in data.reporters) == list(range(1, 13))
    written_orders = [r.speak_order for r in data.reporters if r.mode is ReportMode.WRITTEN]
    assert min(written_orders) > 10  # written reports are listed after the speakers


def test_default_demo_categories_items_and_components(demo):
    data = setup_from_meeting(demo)
    assert [(c.code, c.name, c.weight) for c in data.categories] == [
        ("A", "县委领导班子成员", 3),
        ("B", "党员代表", 2),
        ("C", "群众代表", 1),
    ]
    assert all(c.issued > 0 for c in data.categories)
    assert [(i.name, i.is_overall) for i in data.items] == [("总体评价", True)]
    assert [(c.name, c.weight) for c in data.components] == [("现场测评", 70), ("平时考核", 30)]
    assert all(len(r.scores) == 1 and 80 <= r.scores[0][1] <= 100 for r in data.reporters)


def test_default_demo_has_ballots_about_the_issued_count(demo):
    accounting = form_accounting(demo)
    returned = sum(a.returned for a in accounting)
    assert returned == default_ballots(1)
    assert sum(a.issued for a in accounting) - 5 <= returned < sum(a.issued for a in accounting)
    assert all(a.returned <= a.issued for a in accounting)


def test_default_demo_has_leaders_and_verifies(demo):
    assert [leader.name for leader in list_leaders(demo)][:1] == [setup_from_meeting(demo).facts.chair]
    assert verify_meeting(demo).ok


def test_demo_exports_a_valid_workbook(demo, tmp_path):
    assert read_setup(export_setup(demo, tmp_path / "demo.xlsx")) == setup_from_meeting(demo)


def test_same_seed_same_meeting_other_seed_other_meeting(tmp_path):
    assert demo_setup(12, 5) == demo_setup(12, 5)
    assert demo_setup(12, 5) != demo_setup(12, 6)
    for name in ("a", "b"):
        create_demo(tmp_path / f"{name}.pingyi", ballots=0, seed=5)
    with Meeting.open(tmp_path / "a.pingyi") as a, Meeting.open(tmp_path / "b.pingyi") as b:
        assert setup_from_meeting(a) == setup_from_meeting(b)


@pytest.mark.parametrize("count", [1, 2, 3, 40, MAX_REPORTERS])
def test_any_number_of_reporters_up_to_the_maximum(tmp_path, count):
    path = create_demo(tmp_path / "n.pingyi", reporters=count, ballots=0, seed=count)
    with Meeting.open(path) as m:
        data = setup_from_meeting(m)
        assert [r.seq for r in data.reporters] == list(range(1, count + 1))
        assert len({r.name for r in data.reporters}) == count
        assert len({r.unit for r in data.reporters}) == count
        assert m.db.execute("SELECT count(*) FROM ballots").fetchone()[0] == 0


def test_more_ballots_than_issued_raise_the_issued_counts(tmp_path):
    path = create_demo(tmp_path / "many.pingyi", reporters=3, ballots=150, seed=2)
    with Meeting.open(path) as m:
        accounting = form_accounting(m)
    assert sum(a.returned for a in accounting) == 150
    assert all(a.returned <= a.issued for a in accounting)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"reporters": 0}, "1 到 100"),
        ({"reporters": MAX_REPORTERS + 1}, "1 到 100"),
        ({"reporters": True}, "1 到 100"),
        ({"ballots": -1}, "不小于 0"),
    ],
)
def test_bad_arguments_are_refused_and_leave_no_file(tmp_path, kwargs, message):
    with pytest.raises(PingyiError, match=message):
        create_demo(tmp_path / "x.pingyi", **kwargs)
    assert list(tmp_path.iterdir()) == []


def test_demo_never_overwrites(tmp_path):
    path = tmp_path / "keep.pingyi"
    path.write_bytes(b"precious")
    with pytest.raises(FileRefused, match="已存在"):
        create_demo(path, ballots=0)
    assert path.read_bytes() == b"precious"


def test_a_failure_half_way_leaves_no_file(tmp_path, monkeypatch):
    import models.demo.ballots

    def broken(*args, **kwargs):
        raise PingyiError("打印机卡纸")

    monkeypatch.setattr(models.demo.ballots, "add_demo_ballots", broken)
    with pytest.raises(PingyiError, match="打印机卡纸"):
        create_demo(tmp_path / "half.pingyi")
    assert not (tmp_path / "half.pingyi").exists()
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".pingyi"] == []
