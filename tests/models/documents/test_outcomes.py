"""Issue 10 on paper: the 差票 rule named as applied, the ballots void by the cap counted per category,
and 结果运用 (who may not be rated 优秀, who is to be 约谈提醒) on the ranking and feedback sheets once
finalised."""

from __future__ import annotations

from decimal import Decimal

import pdfplumber
import pytest

from models.counting import compute_tally, decisions
from models.counting.outcomes import NOT_EXCELLENT_HEAD, TALK_HEAD, outcomes
from models.documents.data import document_data
from printing.documents.feedback import render_feedback
from printing.documents.ranking import render_ranking
from printing.documents.tally_sheet import render_tally_sheet
from tests.models.tally_scenarios import BallotSpec, Scenario, build, open_fresh

G, FG, AV, P = 1, 2, 3, 4


@pytest.fixture(scope="module")
def template_root(tmp_path_factory):
    return tmp_path_factory.mktemp("outcomes_template")


def _scenario() -> Scenario:
    # 4 reporters, cap 75 % (3 of 4): No. 1 好, No. 2 较好, No. 3 12 % 一般 → 差 by the 差票 rule,
    # No. 4 好 by the votes, decided 一般; the last ballot gives 好 to all four → void (超比例).
    rows = [(G, FG, AV if k < 3 else G, G) for k in range(25)] + [(G, G, G, G)]
    ballots = tuple(BallotSpec("A", row) for row in rows)
    return Scenario(
        4, (("A", Decimal(1), 26),), ballots, rules={"good_cap_pct": 75}, decisions={3: (3, "党委会研究决定")}
    )


@pytest.fixture
def meeting(tmp_path, template_root):
    m = open_fresh(tmp_path, template_root)
    build(m, _scenario())
    yield m
    m.close()


def _text(pdf: bytes, path) -> str:
    path.write_bytes(pdf)
    with pdfplumber.open(path) as doc:
        return "".join((p.extract_text() or "") for p in doc.pages).replace("\n", "")


def test_outcome_lists_follow_the_final_grade(meeting):
    t = compute_tally(meeting)
    assert [r.final_grade.label for r in t.reporters] == ["好", "较好", "差", "一般"]
    lists = outcomes(t)
    assert [r.reporter.seq for r in lists.below_good] == [2, 3, 4]
    assert [r.reporter.seq for r in lists.talk] == [3, 4]


def test_draft_ranking_has_no_outcomes_the_finalised_one_names_them(meeting, tmp_path):
    assert document_data(meeting, "ranking").outcomes == ()
    decisions.finalize(meeting)
    data = document_data(meeting, "ranking")
    assert data.outcomes == (
        (NOT_EXCELLENT_HEAD, "2 号 述职人2、3 号 述职人3、4 号 述职人4"),
        (TALK_HEAD, "3 号 述职人3、4 号 述职人4"),
    )
    text = _text(render_ranking(data), tmp_path / "r.pdf")
    assert "结果运用" in text and "约谈提醒、限期整改：3 号 述职人3、4 号 述职人4" in text


def test_feedback_names_the_rule_as_applied_and_the_outcome(meeting, tmp_path):
    decisions.finalize(meeting)
    sheets = {s.seq: s for s in document_data(meeting, "feedback").sheets}
    assert sheets[3].rule_applied == "一般和差票占 12.00%，超过 10%"
    assert "约谈提醒、限期整改" in sheets[3].outcome and "约谈提醒" in sheets[4].outcome
    assert "不得评定为优秀等次" in sheets[2].outcome and "约谈" not in sheets[2].outcome
    assert sheets[1].outcome == sheets[1].rule_applied == ""
    text = _text(render_feedback(document_data(meeting, "feedback", seq=3)), tmp_path / "f.pdf")
    assert "拟定为差的依据：一般和差票占 12.00%，超过 10%。" in text and "约谈提醒、限期整改" in text


def test_tally_sheet_states_both_rules_and_the_void_by_cap(meeting, tmp_path):
    data = document_data(meeting, "tally")
    assert data.limit_head == "一般和差票率"
    assert "一般票与差票合计占有效票超过 10% 的拟定为差" in data.rules_note
    assert "任一项目评为“好”的超过述职人数的 75%（3 人）的，整张按废票计" in data.rules_note
    assert "3 号 述职人3 一般和差票占 12.00%，超过 10%" in data.rules_note
    assert "因“好”超过每票上限按废票计（超比例）：A 类 1 张。" in data.rules_note
    assert (data.categories[0].void, data.categories[0].valid) == (1, 25)
    text = _text(render_tally_sheet(data), tmp_path / "t.pdf")
    assert "A 类 1 张" in text and "一般和差" in text


def test_results_workbook_has_the_rule_share_and_the_rules_in_words(meeting):
    from models.documents.workbook import sheet_tables

    summary = next(t for t in sheet_tables(meeting) if t.name == "汇总")
    heads = [c.header for c in summary.columns]
    assert "一般和差票率" in heads and "差票率" in heads
    third = dict(zip(heads, summary.rows[2], strict=True))
    assert third["一般和差票率"] == 0.12 and third["差票率"] == 0
    assert any(
        "一般票与差票合计占有效票超过 10% 的拟定为差。因“好”超过每票上限按废票计（超比例）：A 类 1 张。" in n
        for n in summary.notes
    )
