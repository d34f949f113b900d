"""Papers a clerk can sign (issue #11): sign-offs never alone, one true sentence, recomputable
scores, sign-offs and dates where they belong, no software words, print-safe edges, 禁则."""

from __future__ import annotations

import dataclasses
import datetime as _dt
import io
import re

import pdfplumber
import pytest
from reportlab.lib.units import mm

from models.counting import compute_tally
from models.documents import document_data
from models.meeting import Meeting
from models.setup import list_reporters
from printing.documents import render_document

from .conftest import open_meeting
from .meetings import build_meeting
from .pdftext import flat, pages_text
from .signoff import lonely_signoffs

ALL_SIZES = range(1, 61)
#: the default run: small meetings one by one, then sizes spread over 13–60 (all of 1–60 with -m slow)
SIZES = (*range(1, 14), 16, 19, 23, 27, 31, 36, 41, 45, 50, 54, 57, 60)
SWEPT = ["tally", "handcount", "ranking", "minutes", "feedback", "rectification"]
OFFICIAL_KINDS = ("tally", "handcount", "ranking", "feedback", "rectification", "agenda", "minutes")


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    """The document data of a finalised, held meeting of 60 reporters (sliced to every size)."""
    path = tmp_path_factory.mktemp("big") / "m.pingyi"
    with pytest.MonkeyPatch.context() as mp:
        build_meeting(path, reporters=60, items=2, ballots=30, run=True, finalize=True, monkeypatch=mp)
    with open_meeting(path) as meeting:
        return {
            kind: document_data(meeting, kind, 1 if kind in ("feedback", "rectification") else None)
            for kind in ("tally", "handcount", "ranking", "minutes", "feedback", "rectification")
        }


def _sized(big, kind: str, n: int):
    """The document as it would be for a meeting of ``n`` reporters (or ``n`` problems on one sheet)."""
    data = big[kind]
    if kind == "tally":
        keep = {r.seq for r in data.rows[:n]}
        return dataclasses.replace(
            data,
            rows=data.rows[:n],
            scores=data.scores[:n],
            sub_items=tuple(s for s in data.sub_items if s.seq in keep),
        )
    if kind == "ranking":
        return dataclasses.replace(data, rows=data.rows[:n])
    if kind == "handcount":
        return dataclasses.replace(data, reporters=data.reporters[:n])
    if kind == "minutes":
        return dataclasses.replace(data, sections=data.sections[: 2 * n])
    sheet = data.sheets[0]
    base = (sheet.problems if kind == "feedback" else sheet.rows)[0]
    problems = tuple(dataclasses.replace(base, no=i + 1, text=f"第{i + 1}个问题：{base.text}") for i in range(n))
    if kind == "feedback":
        sheet = dataclasses.replace(sheet, problems=problems, comments=sheet.comments * (1 + n // 10))
    else:
        sheet = dataclasses.replace(sheet, rows=problems)
    return dataclasses.replace(data, sheets=(sheet,))


def _sweep(big, kind, sizes):
    lonely, signed = [], 0
    for n in sizes:
        pdf = render_document(_sized(big, kind, n))
        text = "".join(pages_text(pdf))
        signed += "（签字）" in text or "（盖章）" in text
        lonely += [f"{n}：{p}" for p in lonely_signoffs(pdf)]
    assert signed == len(sizes), "every size prints its sign-off"
    assert not lonely, f"{kind}: sign-off alone on {lonely}"


@pytest.mark.timeout(300)
@pytest.mark.parametrize("kind", SWEPT)
def test_no_signature_or_seal_alone_on_a_page(big, kind):
    _sweep(big, kind, SIZES)


@pytest.mark.slow
@pytest.mark.timeout(900)
@pytest.mark.parametrize("kind", SWEPT)
def test_no_signature_or_seal_alone_on_a_page_for_every_size_1_to_60(big, kind, request):
    if "slow" not in (request.config.getoption("-m") or ""):
        pytest.skip("every size 1–60: run with -m slow (the default run sweeps a spread of sizes)")
    _sweep(big, kind, ALL_SIZES)


def test_the_sweep_sees_a_lonely_signature(big):
    """The check itself: a signature pushed to a page of its own is found."""
    from reportlab.platypus import PageBreak, Spacer

    from printing.page import SignatureBlock, para, title_block
    from printing.page_furniture import build_pdf

    data = big["ranking"]
    story = title_block(data.head, "排名表") + [para("正文"), PageBreak(), Spacer(1, 5), SignatureBlock(("审核人",))]
    assert lonely_signoffs(build_pdf(story, data)) == ["第 2 页"]


# -- one true sentence ------------------------------------------------------------------------
def test_empty_meeting_claims_nothing(meeting_path):
    Meeting.create(meeting_path).close()
    with Meeting.open(meeting_path) as meeting:
        text = flat("".join(pages_text(render_document(document_data(meeting, "tally")))))
    assert "本次测评有效" not in text and "全部选票两次录入一致" not in text
    assert "尚未计入任何选票" in text


def test_waived_reconciliation_is_one_true_sentence(tmp_path):
    from models.counting import decisions
    from models.demo import create_demo
    from models.setup import set_rules

    path = create_demo(tmp_path / "m.pingyi", reporters=3, ballots=6)
    with Meeting.open(path) as meeting:
        set_rules(meeting, double_entry=True)
        # the demo's ballots are entered once: with double entry switched on, all wait for 二录
        assert compute_tally(meeting).reconciliation.outstanding > 0
        decisions.finalize(meeting, waive_reason="二录人员缺席，经主持人同意按一录计入")
        text = flat("".join(pages_text(render_document(document_data(meeting, "tally")))))
    assert "按一录计入" in text
    assert "未计入" not in text.replace("按一录计入", ""), "never says the same ballots are and are not counted"
    assert "请在" not in text and "“录入”" not in text, "no screen instructions on paper"


# -- a signer can recompute ----------------------------------------------------------------
def test_tally_sheet_shows_weights_category_scores_totals_and_the_formula(final_path):
    with open_meeting(final_path) as meeting:
        tally = compute_tally(meeting)
        pdf = render_document(document_data(meeting, "tally"))
    text = flat("".join(pages_text(pdf)))
    for c in tally.categories:
        assert f"{c.code}票（权重{format(c.weight.normalize(), 'f')}）" in text
    first = tally.reporters[0]
    for c in tally.categories:
        score = first.by_category[c.code].score
        if score is not None:
            from models.documents.formatting import score_text

            assert score_text(score) in text
    issued = sum(c.issued for c in tally.categories)
    returned = sum(c.returned for c in tally.categories)
    assert re.search(f"合计{issued}{returned}", text), "a 合计 row of issued and returned ballots"
    assert "测评得分=Σ（类别得分×权重）÷Σ权重" in text
    if any(not c.is_onsite for c in tally.component_list):
        assert "综合得分=现场测评×" in text


# -- sign-offs where they belong -------------------------------------------------------------
def test_sign_offs(final_path):
    with open_meeting(final_path) as meeting:
        finalized_at = meeting.db.execute("SELECT finalized_at FROM meeting").fetchone()[0]
        texts = {
            k: flat("".join(pages_text(render_document(document_data(meeting, k)))))
            for k in ("ranking", "feedback", "rectification", "minutes")
        }
    assert "审核人（签字）" in texts["ranking"] and "负责人（签字）" in texts["ranking"]
    assert "组织部门审核人（签字）" in texts["rectification"]
    assert texts["minutes"].count("日期：") >= 2 and "记录人（签字）" in texts["minutes"]
    from models.documents.formatting import chinese_date_text

    issued = chinese_date_text(finalized_at)
    assert re.fullmatch(r"[〇一二三四五六七八九]{4}年[一二三四五六七八九十]+月[一二三四五六七八九十]+日", issued)
    assert texts["feedback"].count(issued) == texts["feedback"].count("现将评议情况反馈如下") == 12, (
        "成文日期 on every sheet"
    )


@pytest.mark.parametrize(
    ("iso", "text"),
    [
        ("2026-12-29 10:00:00", "二〇二六年十二月二十九日"),
        ("2027-01-10", "二〇二七年一月十日"),
        ("2027-03-31", "二〇二七年三月三十一日"),
        ("", ""),
        ("x", ""),
    ],
)
def test_chinese_date(iso, text):
    from models.documents.formatting import chinese_date_text

    assert chinese_date_text(iso) == text


def test_seal_date_stands_four_characters_in_and_the_organ_is_centred_over_it(final_path):
    with open_meeting(final_path) as meeting:
        data = document_data(meeting, "feedback", 1)
    with pdfplumber.open(io.BytesIO(render_document(data))) as doc:
        page = doc.pages[-1]
        words = page.extract_words()
    date = next(w for w in words if w["text"] == data.issued_on)
    organ = next(w for w in words if w["text"] == data.head.organiser)
    assert abs((page.width - 26 * mm - date["x1"]) - 4 * 16) < 2, "右空四字"
    assert abs((organ["x0"] + organ["x1"]) / 2 - (date["x0"] + date["x1"]) / 2) < 2
    assert organ["bottom"] < date["top"]


@pytest.mark.parametrize("kind", ["handcount", "tally", "ranking", "rectification", "minutes"])
def test_signature_date_fields_do_not_overlap_and_stay_inside_the_margins(final_path, kind):
    with open_meeting(final_path) as meeting:
        pdf = render_document(document_data(meeting, kind))
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for page in doc.pages:
            words = [w for w in page.extract_words(keep_blank_chars=True) if "日期" in w["text"] or "签字" in w["text"]]
            for a in words:
                assert a["x0"] >= 28 * mm - 1 and a["x1"] <= page.width - 26 * mm + 1, a["text"]
                for b in words:
                    if a is not b and abs(a["top"] - b["top"]) < 3:
                        assert a["x1"] <= b["x0"] or b["x1"] <= a["x0"], f"{a['text']} over {b['text']}"
            chars = [c for c in page.chars if c["text"] in "年月日" and c["size"] < 12]
            assert all(c["x1"] <= page.width - 26 * mm + 1 for c in chars)


# -- no software words; agenda and minutes tell what happened --------------------------------
SOFTWARE_WORDS = ("Pingyi", "会议未记录", "会议尚未", "请在“", "尚未召开")


@pytest.mark.parametrize("held", [True, False])
def test_finalised_papers_speak_no_software_words(tmp_path, held):
    path = tmp_path / "m.pingyi"
    with pytest.MonkeyPatch.context() as mp:
        build_meeting(path, reporters=4, ballots=12, run=held, talk=held, finalize=True, monkeypatch=mp)
    with open_meeting(path) as meeting:
        for kind in OFFICIAL_KINDS:
            text = "".join(pages_text(render_document(document_data(meeting, kind))))
            assert not [w for w in SOFTWARE_WORDS if w in text], kind


def test_agenda_names_commenters_and_marks_overtime_minutes_give_figures(tmp_path):
    from models.run import agenda, minutes, run_state

    path = tmp_path / "m.pingyi"
    build_meeting(path, reporters=4, ballots=12, talk=True)
    with Meeting.open(path) as meeting:
        people = list_reporters(meeting)
        written = [r for r in people if r.mode.value == "written"]
        minutes.add_problem(meeting, (written or people)[0].id, "书面述职中未提及整改措施。")
        for item in agenda.agenda(meeting)[:-1]:
            run_state.start_timer(meeting)
            limit = (item.time_limit_min or 1) * 60_000
            run_state.next_item(meeting, elapsed_ms=limit + 44_000)
        agenda_text = flat("".join(pages_text(render_document(document_data(meeting, "agenda")))))
        minutes_text = flat("".join(pages_text(render_document(document_data(meeting, "minutes")))))
        tally = compute_tally(meeting)
    assert "周文斌" in agenda_text, "the 点评 row names who commented"
    assert "超时44秒" in agenda_text and "超时44秒" in minutes_text
    issued = sum(c.issued for c in tally.categories)
    assert f"发出{issued}张" in minutes_text and "有效" in minutes_text and "废票" in minutes_text
    if written:
        assert f"{written[0].name}：问题" in minutes_text, "under 书面述职 the problems are headed by the name"


# -- print-safe -------------------------------------------------------------------------------
@pytest.mark.parametrize("kind", OFFICIAL_KINDS)
def test_nothing_within_10_mm_of_an_edge_no_helvetica_real_date(final_path, kind):
    with open_meeting(final_path) as meeting:
        pdf = render_document(document_data(meeting, kind))
        finalized_at = meeting.db.execute("SELECT finalized_at FROM meeting").fetchone()[0]
    assert b"Helvetica" not in pdf
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        stamp = doc.metadata["CreationDate"]
        for page in doc.pages:
            objects = page.chars + page.rects + page.lines
            assert objects
            edge = 10 * mm - 0.5
            bad = [
                o
                for o in objects
                if o["x0"] < edge or o["top"] < edge or o["x1"] > page.width - edge or o["bottom"] > page.height - edge
            ]
            assert not bad, f"{kind}: {len(bad)} objects closer than 10 mm to the edge, e.g. {bad[0].get('text')}"
    assert stamp.startswith("D:" + re.sub(r"\D", "", finalized_at)[:14])


def test_a_draft_is_dated_when_printed(draft_path):
    with open_meeting(draft_path) as meeting:
        pdf = render_document(document_data(meeting, "tally"))
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        stamp = doc.metadata["CreationDate"]
    printed = _dt.datetime.strptime(stamp[2:16], "%Y%m%d%H%M%S")
    assert abs((_dt.datetime.now() - printed).total_seconds()) < 120


# -- continued pages name whose they are -------------------------------------------------------
def test_continued_pages_name_their_category_and_reporter(big):
    handcount = pages_text(render_document(_sized(big, "handcount", 40)))
    assert len(handcount) > 3
    assert all("类别：" in flat(p) for p in handcount)
    rect = pages_text(render_document(_sized(big, "rectification", 30)))
    assert len(rect) > 1
    name = big["rectification"].sheets[0].name
    assert all(f"姓名：{name}" in flat(p) for p in rect)


# -- forms ---------------------------------------------------------------------------------------
def test_forms_say_not_named_and_into_the_ballot_box_and_what_the_serial_is_for():
    from printing.form import SERIAL_NOTE, render_forms
    from tests.printing.test_form import make_batch

    pages = [flat(p) for p in pages_text(render_forms(make_batch(31, copies=2)))]
    assert len(pages) >= 4
    for page in pages:
        assert "本表不记名" in page and "填好后投入票箱" in page
        assert flat(SERIAL_NOTE) in page and "不用于识别填表人" in page
