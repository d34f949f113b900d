"""The setup operations of models/setup.py: each one audited, each refusal in Chinese, nothing half stored."""

from decimal import Decimal

import pytest

from models.ballots.forms import create_forms
from models.errors import InputErrors, PingyiError
from models.labels import ReportMode
from models.meeting import audit
from models.setup import (
    add_category,
    add_item,
    add_reporter,
    component_scores,
    delete_category,
    delete_item,
    delete_reporter,
    get_facts,
    get_rules,
    list_categories,
    list_components,
    list_items,
    list_reporters,
    move_reporter,
    rename_item,
    reporter_by_seq,
    set_component_score,
    set_components,
    set_facts,
    set_rules,
    to_decimal,
    update_category,
    update_reporter,
)


def _roster(meeting):
    return [(r.seq, r.name) for r in list_reporters(meeting)]


def _audit_count(meeting) -> int:
    return len(audit.entries(meeting.db))


@pytest.fixture
def five(meeting):
    for name in ("甲", "乙", "丙", "丁", "戊"):
        add_reporter(meeting, name, f"{name}镇党委", "党委书记")
    return meeting


# -- number helper -----------------------------------------------------------
@pytest.mark.parametrize(
    "value, expected",
    [
        ("85.5", Decimal("85.5")),
        (" 10% ", Decimal(10)),
        (85.5, Decimal("85.5")),
        (0.1, Decimal("0.1")),
        (7, Decimal(7)),
    ],
)
def test_to_decimal_is_exact(value, expected):
    assert to_decimal(value) == expected


@pytest.mark.parametrize("value", ["", "abc", "一百", True, float("nan"), float("inf"), None])
def test_to_decimal_refuses_what_is_not_a_number(value):
    with pytest.raises(ValueError):
        to_decimal(value)


# -- facts -------------------------------------------------------------------------
def test_set_facts_stores_and_audits(meeting):
    before = _audit_count(meeting)
    set_facts(meeting, title="述职评议会", date="2026-12-29", rehearsal=True, time_limit_min=6)
    facts = get_facts(meeting)
    assert (facts.title, facts.date, facts.rehearsal, facts.time_limit_min) == ("述职评议会", "2026-12-29", True, 6)
    assert meeting.rehearsal is True
    assert _audit_count(meeting) == before + 1


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"date": "2026/12/29"}, "应为 YYYY-MM-DD"),
        ({"time_limit_min": 0}, "1 到 120"),
        ({"time_limit_min": 121}, "1 到 120"),
        ({"form_title": "  "}, "测评表标题不能为空"),
        ({"colour": "红"}, "未知的会议信息字段"),
    ],
)
def test_set_facts_refuses_bad_values_and_stores_nothing(meeting, changes, message):
    before = (get_facts(meeting), _audit_count(meeting))
    with pytest.raises(PingyiError, match=message):
        set_facts(meeting, **changes)
    assert (get_facts(meeting), _audit_count(meeting)) == before


# -- reporters -----------------------------------------------------------------------
def test_add_reporter_appends_and_strips(meeting):
    r = add_reporter(meeting, "  张三 ", " 城关镇党委 ", "党委书记", ReportMode.WRITTEN)
    assert (r.seq, r.name, r.unit, r.mode, r.speak_order) == (1, "张三", "城关镇党委", ReportMode.WRITTEN, 1)
    assert add_reporter(meeting, "李四").seq == 2


@pytest.mark.parametrize(
    "name, mode, message",
    [
        ("", ReportMode.ONSITE, "姓名不能为空"),
        ("   ", ReportMode.ONSITE, "姓名不能为空"),
        ("张三", "视频", "述职方式只能是"),
    ],
)
def test_add_reporter_refuses(meeting, name, mode, message):
    with pytest.raises(InputErrors, match=message):
        add_reporter(meeting, name, mode=mode)
    assert list_reporters(meeting) == []


def test_delete_renumbers_the_rest(five):
    delete_reporter(five, reporter_by_seq(five, 2).id)
    assert _roster(five) == [(1, "甲"), (2, "丙"), (3, "丁"), (4, "戊")]


@pytest.mark.parametrize(
    "name, to, expected",
    [
        ("戊", 1, "戊甲乙丙丁"),
        ("甲", 5, "乙丙丁戊甲"),
        ("丙", 2, "甲丙乙丁戊"),
        ("乙", 99, "甲丙丁戊乙"),
        ("丁", -3, "丁甲乙丙戊"),
    ],
)
def test_move_reporter(five, name, to, expected):
    rid = next(r.id for r in list_reporters(five) if r.name == name)
    move_reporter(five, rid, to)
    assert "".join(n for _, n in _roster(five)) == expected
    assert [s for s, _ in _roster(five)] == [1, 2, 3, 4, 5]


def test_update_reporter(five):
    rid = reporter_by_seq(five, 3).id
    r = update_reporter(five, rid, name="丙二", mode=ReportMode.WRITTEN, speak_order=9, time_limit_min=5)
    assert (r.name, r.mode, r.speak_order, r.time_limit_min) == ("丙二", ReportMode.WRITTEN, 9, 5)
    assert update_reporter(five, rid, time_limit_min=None).time_limit_min is None


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"name": ""}, "第 3 位述职人（丙）：姓名不能为空"),
        ({"speak_order": 0}, "述职顺序应为正整数"),
        ({"time_limit_min": 500}, "述职时限应为 1 到 120"),
        ({"age": 50}, "未知的述职人字段"),
    ],
)
def test_update_reporter_refuses(five, changes, message):
    rid = reporter_by_seq(five, 3).id
    before = list_reporters(five)
    with pytest.raises(PingyiError, match=message):
        update_reporter(five, rid, **changes)
    assert list_reporters(five) == before


def test_unknown_reporter_is_refused_in_chinese(meeting):
    with pytest.raises(PingyiError, match="没有序号为 3 的述职人"):
        reporter_by_seq(meeting, 3)


# -- printed forms freeze the rows of the paper form -----------------------------------
@pytest.fixture
def printed(five):
    add_category(five, "A", "领导", 3, 10)
    add_category(five, "B", "代表", 1, 10)
    create_forms(five, "A", 2)
    return five


@pytest.mark.parametrize(
    "operation",
    [
        lambda m: add_reporter(m, "己"),
        lambda m: delete_reporter(m, reporter_by_seq(m, 1).id),
        lambda m: move_reporter(m, reporter_by_seq(m, 1).id, 3),
        lambda m: add_item(m, "履行职责情况"),
        lambda m: delete_category(m, list_categories(m)[0].id),
        lambda m: update_category(m, list_categories(m)[0].id, code="Z"),
    ],
)
def test_printed_forms_refuse_structural_changes(printed, operation):
    before = (_roster(printed), list_items(printed), list_categories(printed), _audit_count(printed))
    with pytest.raises(PingyiError, match="已打印测评表"):
        operation(printed)
    assert (_roster(printed), list_items(printed), list_categories(printed), _audit_count(printed)) == before


def test_printed_forms_still_allow_text_and_unprinted_categories(printed):
    update_reporter(printed, reporter_by_seq(printed, 1).id, name="甲甲", unit="新单位")
    b = next(c for c in list_categories(printed) if c.code == "B")
    update_category(printed, b.id, code="C", weight="2.5")
    delete_category(printed, b.id)
    assert [c.code for c in list_categories(printed)] == ["A"]


# -- categories ------------------------------------------------------------------------
def test_add_category_normalises(meeting):
    c = add_category(meeting, " b ", " 党员代表 ", "2.50", 30)
    assert (c.code, c.name, c.weight, c.issued) == ("B", "党员代表", Decimal("2.5"), 30)
    assert meeting.db.execute("SELECT weight FROM categories").fetchone()[0] == "2.5"


@pytest.mark.parametrize(
    "code, name, weight, issued, message",
    [
        ("AB", "x", 1, 0, "应为一个英文字母"),
        ("1", "x", 1, 0, "应为一个英文字母"),
        ("", "x", 1, 0, "应为一个英文字母"),
        ("a", "x", 1, 0, "代码 A 重复了"),
        ("B", "", 1, 0, "类别名称不能为空"),
        ("B", "x", -1, 0, "权重不能为负数"),
        ("B", "x", "重", 0, "权重“重”不是数字"),
        ("B", "x", 1, -1, "应为不小于 0 的整数"),
        ("B", "x", 1, 2.5, "应为不小于 0 的整数"),
    ],
)
def test_add_category_refuses(meeting, code, name, weight, issued, message):
    add_category(meeting, "A", "领导", 3, 10)
    with pytest.raises(InputErrors, match=message):
        add_category(meeting, code, name, weight, issued)
    assert [c.code for c in list_categories(meeting)] == ["A"]


def test_update_category(meeting):
    a = add_category(meeting, "A", "领导", 3, 10)
    changed = update_category(meeting, a.id, name="县委领导", issued=12, weight="3.5")
    assert (changed.name, changed.issued, changed.weight) == ("县委领导", 12, Decimal("3.5"))
    with pytest.raises(InputErrors, match="A票：权重不能为负数"):
        update_category(meeting, a.id, weight=-1)


def test_update_category_refuses_an_unknown_field_in_chinese(meeting):
    a = add_category(meeting, "A", "领导", 3, 10)
    with pytest.raises(PingyiError, match="未知的测评人类别字段"):
        update_category(meeting, a.id, colour="红")


# -- items -----------------------------------------------------------------------------
def test_items_add_rename_delete(meeting):
    first = add_item(meeting, "履行职责情况")
    add_item(meeting, "问题整改")
    assert [(i.seq, i.name, i.is_overall) for i in list_items(meeting)] == [
        (1, "总体评价", True),
        (2, "履行职责情况", False),
        (3, "问题整改", False),
    ]
    rename_item(meeting, first.id, "重点任务落实")
    delete_item(meeting, first.id)
    assert [(i.seq, i.name) for i in list_items(meeting)] == [(1, "总体评价"), (2, "问题整改")]


@pytest.mark.parametrize(
    "operation, message",
    [
        (lambda m: add_item(m, " "), "名称不能为空"),
        (lambda m: add_item(m, "总体评价"), "已存在"),
        (lambda m: rename_item(m, list_items(m)[0].id, ""), "名称不能为空"),
        (lambda m: delete_item(m, list_items(m)[0].id), "不能删除"),
        (lambda m: rename_item(m, 999, "新名称"), "找不到该测评项目"),
    ],
)
def test_items_refuse(meeting, operation, message):
    before = (list_items(meeting), _audit_count(meeting))
    with pytest.raises(PingyiError, match=message):
        operation(meeting)
    assert (list_items(meeting), _audit_count(meeting)) == before


# -- rules -----------------------------------------------------------------------------
def test_rules_defaults_are_design_section_4(meeting):
    rules = get_rules(meeting)
    assert (rules.points_good, rules.points_fairly_good, rules.points_average, rules.points_poor) == (100, 80, 60, 0)
    assert (rules.min_good, rules.min_fairly_good, rules.min_average) == (90, 80, 60)
    assert (rules.poor_limit_pct, rules.good_quota_pct, rules.double_entry) == (10, None, True)


def test_set_rules_exact_text_and_quota_off_again(meeting):
    set_rules(meeting, points_fairly_good="85.5", good_quota_pct="30%", double_entry=False)
    rules = get_rules(meeting)
    assert (rules.points_fairly_good, rules.good_quota_pct, rules.double_entry) == (Decimal("85.5"), 30, False)
    set_rules(meeting, good_quota_pct="")
    assert get_rules(meeting).good_quota_pct is None


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"points_good": "满分"}, "好分值“满分”不是数字"),
        ({"points_good": 101}, "好分值应为 0 到 100"),
        ({"points_fairly_good": 100.5}, "较好分值应为 0 到 100"),
        ({"points_average": 90}, "好 ≥ 较好 ≥ 一般 ≥ 差"),
        ({"min_fairly_good": 95}, "好 > 较好 > 一般"),
        ({"poor_limit_pct": -1}, "差票比例上限"),
        ({"good_quota_pct": 0}, "好等次比例上限"),
        ({"speed": 1}, "未知的计分规则"),
    ],
)
def test_set_rules_refuses(meeting, changes, message):
    before = (get_rules(meeting), _audit_count(meeting))
    with pytest.raises(PingyiError, match=message):
        set_rules(meeting, **changes)
    assert (get_rules(meeting), _audit_count(meeting)) == before


# -- components and their scores -------------------------------------------------------------
def test_components_and_scores(five):
    comps = set_components(five, [("现场测评", 70), ("平时考核", "30")])
    assert [(c.name, c.weight, c.is_onsite) for c in comps] == [("现场测评", 70, True), ("平时考核", 30, False)]
    r = reporter_by_seq(five, 1)
    set_component_score(five, r.id, comps[1].id, "92.5")
    assert component_scores(five) == {(r.id, comps[1].id): Decimal("92.5")}
    set_components(five, [("平时考核", 30), ("现场测评", 70)])  # reordered: the score stays
    assert component_scores(five) == {(r.id, comps[1].id): Decimal("92.5")}
    set_component_score(five, r.id, comps[1].id, "")
    assert component_scores(five) == {}
    set_component_score(five, r.id, comps[1].id, 80)
    set_components(five, [("现场测评", 100)])  # removed: its scores go with it
    assert component_scores(five) == {} and [c.name for c in list_components(five)] == ["现场测评"]


@pytest.mark.parametrize(
    "pairs, message",
    [
        ([("现场测评", 70), ("平时考核", 20)], "合计为 90，应为 100"),
        ([("现场", 100)], "必须有“现场测评”"),
        ([("现场测评", 100), ("现场测评", 0)], "重复了"),
        ([("现场测评", 130), ("平时考核", -30)], "不能为负数"),
        ([("现场测评", "七十"), ("平时考核", 30)], "不是数字"),
        ([("现场测评", 100), ("", 0)], "名称不能为空"),
    ],
)
def test_set_components_refuses(meeting, pairs, message):
    before = list_components(meeting)
    with pytest.raises(InputErrors, match=message):
        set_components(meeting, pairs)
    assert list_components(meeting) == before


@pytest.mark.parametrize(
    "score, message", [(101, "超出范围"), (-1, "超出范围"), ("优", "不是数字"), (True, "不是数字")]
)
def test_component_score_refuses(five, score, message):
    comps = set_components(five, [("现场测评", 70), ("平时考核", 30)])
    with pytest.raises(InputErrors, match=f"第 1 位述职人（甲）的“平时考核”分数.*{message}"):
        set_component_score(five, reporter_by_seq(five, 1).id, comps[1].id, score)
    assert component_scores(five) == {}


def test_no_score_for_the_onsite_component(five):
    onsite = list_components(five)[0]
    with pytest.raises(PingyiError, match="只能为平时考核等手工录入的评价构成填写分数"):
        set_component_score(five, reporter_by_seq(five, 1).id, onsite.id, 90)


def test_every_operation_leaves_an_intact_audit_chain(five):
    set_facts(five, title="会")
    add_category(five, "A", "领导", 3, 10)
    add_item(five, "分项")
    set_rules(five, poor_limit_pct=15)
    set_components(five, [("现场测评", 100)])
    actions = [e["action"] for e in audit.entries(five.db)]
    assert actions[0] == "创建会议文件" and actions.count("增加述职人") == 5
    assert audit.verify(five.db) == []
