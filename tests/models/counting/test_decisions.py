"""定档: final grades with reasons, the manual 差 flag, 定稿 with its fingerprint, refusals, reopening."""

from __future__ import annotations

import hashlib
from decimal import Decimal

import pytest

from models import setup
from models.ballots import canonical_ballot_export, enter_ballot
from models.ballots.forms import create_forms
from models.counting import compute_tally, decisions, verify_meeting
from models.counting.fingerprint import results_fingerprint
from models.errors import InputErrors, MeetingFinalized, PingyiError
from models.labels import Mark
from models.meeting import audit
from tests.models.tally_scenarios import BallotSpec, Scenario, build, open_fresh

G, FG, AV, P = 1, 2, 3, 4


@pytest.fixture(scope="module")
def template_root(tmp_path_factory):
    return tmp_path_factory.mktemp("decisions_template")


def _scenario(issued: int = 4, double_entry: bool = False, second: str = "same") -> Scenario:
    # reporter 1: 好×4 (100) · reporter 2: 好,好,较好,较好 (90) · reporter 3: 一般×4 (60)
    rows = [(G, G, AV), (G, G, AV), (G, FG, AV), (G, FG, AV)]
    ballots = tuple(BallotSpec("A", row, second=second if k == 0 else "same") for k, row in enumerate(rows))
    # 差票计入等次 = 差: reporter 3 (all 一般) stays 一般 (under 一般和差 the 差票 rule would make it 差)
    return Scenario(3, (("A", Decimal(1), issued),), ballots, double_entry=double_entry, rules={"poor_grades": "差"})


@pytest.fixture
def make(tmp_path, template_root):
    opened = []

    def run(sc: Scenario | None = None):
        meeting = open_fresh(tmp_path, template_root, f"d{len(opened)}.pingyi")
        opened.append(meeting)
        build(meeting, sc or _scenario(), one_by_one=True)
        return meeting

    yield run
    for m in opened:
        m.close()


def _result(meeting, seq: int):
    return compute_tally(meeting).reporters[seq - 1]


def _rid(meeting, seq: int) -> int:
    return setup.reporter_by_seq(meeting, seq).id


def _audit_count(meeting) -> int:
    return meeting.db.execute("SELECT count(*) FROM audit").fetchone()[0]


def test_different_final_grade_needs_a_reason(make):
    m = make()
    before = _audit_count(m)
    with pytest.raises(InputErrors, match="第 1 位述职人（述职人1）：确定等次（较好）与拟定等次（好）不同，必须填写理由"):
        decisions.decide(m, _rid(m, 1), Mark.FAIRLY_GOOD, "  ")
    assert _audit_count(m) == before
    assert _result(m, 1).final_grade == Mark.GOOD


def test_override_is_recorded_and_audited(make):
    m = make()
    decisions.decide(m, _rid(m, 1), Mark.FAIRLY_GOOD, "党委会研究：年度考核有扣分")
    r = _result(m, 1)
    assert (r.proposed_grade, r.final_grade, r.grade_reasons, r.override_reason) == (
        Mark.GOOD, Mark.FAIRLY_GOOD, ("override",), "党委会研究：年度考核有扣分")
    entry = audit.entries(m.db, "调整等次")[-1]
    assert entry["detail"] == {"seq": 1, "name": "述职人1", "proposed_grade": "好", "final_grade": "较好",
                               "reason": "党委会研究：年度考核有扣分"}
    decisions.decide(m, _rid(m, 1), Mark.GOOD)  # back to the proposed grade: no reason needed
    r = _result(m, 1)
    assert (r.final_grade, r.grade_reasons, r.override_reason) == (Mark.GOOD, (), None)
    assert m.db.execute("SELECT count(*) FROM decisions").fetchone()[0] == 0


def test_clear_decision(make):
    m = make()
    decisions.decide(m, _rid(m, 3), Mark.POOR, "被问责")
    decisions.clear_decision(m, _rid(m, 3))
    assert _result(m, 3).final_grade == Mark.AVERAGE


def test_decide_refuses_a_non_grade(make):
    m = make()
    with pytest.raises(InputErrors, match="只能是 好、较好、一般 或 差"):
        decisions.decide(m, _rid(m, 1), Mark.ABSTAIN, "x")


def test_flag_needs_a_reason_and_forces_poor(make):
    m = make()
    with pytest.raises(InputErrors, match="定性为差必须填写理由"):
        decisions.flag(m, _rid(m, 1), "")
    decisions.flag(m, _rid(m, 1), "发生重大安全事故")
    r = _result(m, 1)
    assert (r.proposed_grade, r.grade_reasons, r.flag_reason) == (Mark.POOR, ("manual_flag",), "发生重大安全事故")
    assert r.rank == 1  # the rank still follows the score
    decisions.unflag(m, _rid(m, 1))
    assert _result(m, 1).proposed_grade == Mark.GOOD
    assert [e["action"] for e in audit.entries(m.db)][-2:] == ["定性为差", "撤销定性为差"]


def test_finalize_records_fingerprint_and_chain_head(make):
    m = make()
    head = audit.chain_head(m.db)
    digest = decisions.finalize(m)
    assert digest == results_fingerprint(m) == decisions.fingerprint(m)
    assert digest != hashlib.sha256(canonical_ballot_export(m)).hexdigest()  # method 2 covers more than ballots
    assert audit.entries(m.db, "定稿")[-1]["detail"]["fingerprint_version"] == 2
    row = m.db.execute("SELECT finalized, fingerprint, chain_head, finalized_at FROM meeting").fetchone()
    assert row[:3] == (1, digest, head) and row[3]
    t = compute_tally(m)
    assert (t.finalized, t.fingerprint, t.chain_head) == (True, digest, head)
    assert audit.entries(m.db, "定稿")[-1]["detail"]["fingerprint"] == digest
    report = verify_meeting(m)
    assert report.ok, report.lines()
    assert any("定稿数据指纹" in line and "一致" in line for line in report.lines())


@pytest.mark.parametrize("sc, message", [
    (_scenario(issued=3), "收回票数多于发出票数，测评无效"),
    (_scenario(double_entry=True, second="none"), "1 张选票只录入了一遍"),
    (Scenario(2, (("A", Decimal(1), 1),), (BallotSpec("A", (G, 0)),)), "没有拟定等次"),
])
def test_finalize_refusals(make, sc, message):
    m = make(sc)
    before = _audit_count(m)
    with pytest.raises(InputErrors, match=message) as err:
        decisions.finalize(m)
    assert str(err.value).startswith("不能定稿")
    assert not m.finalized and _audit_count(m) == before


def test_finalize_refused_while_a_cross_sum_fails(make):
    m = make()
    m.db.execute("DROP VIEW official_ballots")
    m.db.execute("CREATE VIEW official_ballots AS SELECT serial, id AS ballot_id FROM ballots "
                 "UNION ALL SELECT serial, id FROM ballots WHERE serial = (SELECT min(serial) FROM ballots)")
    with pytest.raises(InputErrors, match="好\\+较好\\+一般\\+差\\+弃权 = 5，有效票 4"):
        decisions.finalize(m)


def test_waiving_reconciliation_is_recorded(make):
    m = make(_scenario(double_entry=True, second="differ"))
    decisions.finalize(m, waive_reason="第 3 号选票原件遗失，经监票人确认")
    t = compute_tally(m)
    assert t.finalized and t.reconciliation.waived and t.reconciliation.mismatched == 1
    assert t.categories[0].valid == 4 and not t.problems  # the unreconciled serial counts by its 一录
    assert any("已放弃核对" in w and "原件遗失" in w for w in t.warnings)
    assert audit.entries(m.db, "定稿")[-1]["detail"]["reconciliation_waiver"] == "第 3 号选票原件遗失，经监票人确认"


def _edits(m):
    rid = _rid(m, 1)
    serial = m.db.execute("SELECT serial FROM forms WHERE serial NOT IN (SELECT serial FROM ballots)").fetchone()
    return {
        "decide": lambda: decisions.decide(m, rid, Mark.AVERAGE, "理由"),
        "decide without reason": lambda: decisions.decide(m, rid, Mark.AVERAGE, ""),
        "flag without reason": lambda: decisions.flag(m, rid, ""),
        "flag": lambda: decisions.flag(m, rid, "被问责"),
        "unflag": lambda: decisions.unflag(m, rid),
        "ballot": lambda: enter_ballot(m, 1, serial[0], {}),
        "forms": lambda: create_forms(m, "A", 1),
        "reporter": lambda: setup.update_reporter(m, rid, name="改名"),
        "rules": lambda: setup.set_rules(m, poor_limit_pct=20),
        "category": lambda: setup.update_category(m, setup.list_categories(m)[0].id, issued=10),
        "facts": lambda: setup.set_facts(m, title="改标题"),
    }


@pytest.mark.parametrize("edit", ["decide", "decide without reason", "flag without reason", "flag", "unflag", "ballot", "forms", "reporter", "rules", "category",
                                  "facts"])
def test_every_change_is_refused_after_finalize(make, edit):
    m = make()
    create_forms(m, "A", 1)  # a spare form for the ballot attempt
    decisions.finalize(m)
    before = _audit_count(m)
    with pytest.raises(MeetingFinalized, match="重新打开"):
        _edits(m)[edit]()
    assert _audit_count(m) == before


def test_reopen_needs_a_reason_and_allows_changes_again(make):
    m = make()
    with pytest.raises(PingyiError, match="尚未定稿"):
        decisions.reopen(m, "x")
    digest = decisions.finalize(m)
    with pytest.raises(PingyiError, match="已经定稿"):
        decisions.finalize(m)
    with pytest.raises(InputErrors, match="必须填写理由"):
        decisions.reopen(m, " ")
    decisions.reopen(m, "发现第 2 位述职人的平时考核分数录错")
    assert not m.finalized
    assert m.db.execute("SELECT fingerprint, chain_head FROM meeting").fetchone() == (None, None)
    assert audit.entries(m.db, "重新打开")[-1]["detail"] == {
        "reason": "发现第 2 位述职人的平时考核分数录错", "fingerprint": digest,
        "chain_head": audit.entries(m.db, "定稿")[-1]["detail"]["chain_head"]}
    decisions.decide(m, _rid(m, 1), Mark.FAIRLY_GOOD, "复议")
    assert _result(m, 1).final_grade == Mark.FAIRLY_GOOD


def test_verify_catches_ballots_changed_after_finalize(make):
    m = make()
    decisions.finalize(m)
    # a change behind Pingyi's back (another tool): one mark and its digest
    m.db.execute("UPDATE ballots SET digest = '4' || substr(digest, 2) WHERE id = (SELECT min(id) FROM ballots)")
    m.db.conn.commit()
    report = verify_meeting(m)
    assert not report.ok
    assert any(line.startswith("失败") and "定稿数据指纹" in line for line in report.lines())


def test_verify_runs_the_fingerprint_check_once(make):
    m = make(_scenario())
    decisions.finalize(m)
    names = [line for line in verify_meeting(m).lines() if "定稿数据指纹" in line]
    assert len(names) == 1 and names[0].startswith("通过")


def test_waiver_counts_the_first_entry_and_the_fingerprint_covers_it(make):
    m = make(_scenario(double_entry=True, second="differ"))
    before = compute_tally(m)
    assert before.categories[0].valid == 3 and before.reconciliation.mismatched == 1
    digest = decisions.finalize(m, waive_reason="原件遗失")
    after = compute_tally(m)
    assert after.categories[0].valid == 4
    assert digest == decisions.fingerprint(m) == after.fingerprint
    decisions.reopen(m, "补录二录")
    assert compute_tally(m).categories[0].valid == 3  # the waiver went with the reopening


def test_refused_finalize_leaves_no_waiver_behind(make):
    m = make(_scenario(double_entry=True, second="differ"))
    m.db.execute("UPDATE categories SET issued = 1")
    m.db.conn.commit()
    with pytest.raises(InputErrors, match="收回票数多于发出票数"):
        decisions.finalize(m, waive_reason="原件遗失")
    assert m.db.execute("SELECT reconciliation_waiver, finalized FROM meeting").fetchone() == (None, 0)
