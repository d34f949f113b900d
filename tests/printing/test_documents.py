"""Every document rendered from a real meeting file and read back: text, watermark, fingerprint, fonts, ink."""

from __future__ import annotations

import re

import pytest

from models.counting import compute_tally, tally_json
from models.documents import DOCUMENT_NAMES, document_data
from models.setup import list_categories, list_reporters
from printing.documents import render_document
from printing.page_furniture import _qr_runs, read_keywords

from .conftest import open_meeting
from .meetings import build_meeting
from .pdftext import embedded_font_files, flat, ink_share, pages_text, table_rows, used_fonts

KINDS = list(DOCUMENT_NAMES)


@pytest.fixture(scope="module")
def rendered(paths):
    """(state, kind) → (PDF bytes, meeting facts needed by the checks)."""
    out = {}
    for state, path in paths.items():
        with open_meeting(path) as meeting:
            names = [r.name for r in list_reporters(meeting)]
            fingerprint = meeting.db.execute("SELECT fingerprint FROM meeting").fetchone()[0]
            for kind in KINDS:
                seq = 3 if kind in ("feedback", "rectification") else None
                out[state, kind] = render_document(document_data(meeting, kind, seq), seq=seq), names, fingerprint
    return out


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("state", ["final", "draft", "rehearsal"])
def test_title_watermark_and_fingerprint(rendered, state, kind):
    pdf, _, fingerprint = rendered[state, kind]
    pages = pages_text(pdf)
    text = flat("".join(pages))
    assert DOCUMENT_NAMES[kind] in text
    assert all("草稿" in flat(p) for p in pages) == (state == "draft")
    assert ("草稿" in text) == (state == "draft")
    assert all("演练" in flat(p) for p in pages) == (state == "rehearsal")
    if state == "draft":
        assert "数据指纹" not in text
    else:
        assert all(fingerprint in flat(p) for p in pages), "the fingerprint is on every official page"
        assert all("审计链头" in flat(p) for p in pages)
    assert all(f"—{n}—" in flat(p) for n, p in enumerate(pages, start=1)), "page numbers “— n —”"
    assert (b"PingyiQR" in pdf) == (state != "draft"), "the QR code is on official pages only"


def test_qr_code_has_its_three_finder_patterns():
    size, runs = _qr_runs(f"PINGYI;FP={'a' * 64};HEAD={'b' * 64}")
    dark = [[False] * size for _ in range(size)]
    for r, c, n in runs:
        dark[r][c:c + n] = [True] * n
    finder = [[r in (0, 6) or c in (0, 6) or (2 <= r <= 4 and 2 <= c <= 4) for c in range(7)] for r in range(7)]
    for top, left in ((0, 0), (0, size - 7), (size - 7, 0)):
        assert [row[left:left + 7] for row in dark[top:top + 7]] == finder
    assert 21 <= size <= 77 and (size - 17) % 4 == 0, "a QR version's size"


@pytest.mark.parametrize("kind", KINDS)
def test_fonts_embedded_and_pages_not_blank(rendered, kind):
    pdf = rendered["final", kind][0]
    fonts = used_fonts(pdf)
    assert fonts and all("+" in f for f in fonts), f"every font used is an embedded subset: {fonts}"
    assert embedded_font_files(pdf) >= len(fonts)
    assert 0.01 < ink_share(pdf) < 0.5


@pytest.mark.parametrize("kind", ["tally", "handcount", "ranking", "agenda"])
def test_every_reporter_named(rendered, kind):
    pdf, names, _ = rendered["final", kind]
    text = flat("".join(pages_text(pdf)))
    missing = [n for n in names if n not in text]
    assert not missing


def test_keywords_name_the_document(rendered):
    pdf = rendered["final", "feedback"][0]
    keys = read_keywords(pdf)
    assert keys["kind"] == "feedback" and keys["seq"] == "3" and len(keys["digest"]) == 64
    assert read_keywords(b"%PDF-1.4 not ours") is None


def test_tally_sheet_counts_shares_and_signatures(final_path):
    with open_meeting(final_path) as meeting:
        data = tally_json(compute_tally(meeting))
        pdf = render_document(document_data(meeting, "tally"))
        categories = list_categories(meeting)
    whole = re.sub(r"\s+", " ", " ".join(pages_text(pdf)))
    for r in data["reporters"]:
        start = whole.index(f"\n{r['seq']} {r['name']} ".replace("\n", " "))
        row = whole[start:start + 160]
        c, valid = r["counts"], r["valid"]
        expected = [f"{c['good']} {100 * c['good'] / valid:.2f}%", f"{c['poor']} {100 * c['poor'] / valid:.2f}%",
                    f"{c['abstain']} {valid} {r['onsite_score']:.2f} {r['combined_score']:.2f}"]
        assert all(e in row for e in expected), (row, expected)
    text = flat("".join(pages_text(pdf)))
    for role in ("计票人（签字）", "监票人（签字）", "主持人（签字）"):
        assert text.count(role) == 1
    for cat in categories:
        assert f"{cat.code}票{cat.name}{format(cat.weight.normalize(), 'f')}{cat.issued}" in text
    assert "本次测评有效" in text


def test_handcount_one_sheet_per_category_with_signatures(final_path):
    with open_meeting(final_path) as meeting:
        pdf = render_document(document_data(meeting, "handcount"))
        codes = [c.code for c in list_categories(meeting)]
    text = flat("".join(pages_text(pdf)))
    for role in ("唱票人（签字）", "计票人（签字）", "监票人（签字）"):
        assert text.count(role) == len(codes)
    assert [code for code in codes if f"{code}票" in text] == codes


def test_feedback_sheet_says_what_was_decided_and_said(final_path):
    with open_meeting(final_path) as meeting:
        one = [r for r in list_reporters(meeting) if r.seq in (1, 3)]
        first = flat("".join(pages_text(render_document(document_data(meeting, "feedback", 1), seq=1))))
        third = flat("".join(pages_text(render_document(document_data(meeting, "feedback", 3), seq=3))))
    assert f"{one[0].name}同志" in first and one[1].name not in first
    assert "述职内容全面" in first and "周文斌" in first and "压实“第一责任人”职责" in first
    assert "“三会一课”记录不全" in first and "自身查摆" in first and "上级点评" in first
    assert "确定等次为“一般”" in third and "经党委研究调整为一般" in third
    assert "二、会议点评意见无。" in third, "nothing recorded reads 无 (no software words)"
    assert "排名" not in first, "the rank is printed only when the meeting says so"
    assert "（盖章）" in first and "日前将整改落实情况书面报送" in first


def test_rectification_prefilled_then_blank_rows(final_path):
    with open_meeting(final_path) as meeting:
        pdf = render_document(document_data(meeting, "rectification", 1), seq=1)
    rows = table_rows(pdf)
    assert rows[0][0].startswith("单位：") and "姓名：" in rows[0][0], "the reporter heads the table on every page"
    rows = rows[1:]
    assert rows[0] == ["序号", "问题", "问题来源", "整改措施", "责任人", "完成时限", "完成情况"]
    assert rows[1] == ["1", "“三会一课”记录不全，党员教育管理不够规范。", "自身查摆", "建立台账，每月检查", "党委副书记",
                       "2027年3月底", ""]
    assert rows[2][:3] == ["2", "基层党组织阵地建设滞后。", "上级点评"]
    assert rows[3:] == [[str(n)] + [""] * 6 for n in range(3, 7)], "blank numbered rows for the rest"
    assert "述职人（签字）" in flat("".join(pages_text(pdf)))


def test_agenda_and_minutes_before_and_after_the_meeting(final_path, tmp_path):
    before = build_meeting(tmp_path / "before.pingyi", reporters=3, ballots=0, talk=False)
    with open_meeting(before) as meeting:
        agenda_before = flat("".join(pages_text(render_document(document_data(meeting, "agenda")))))
        minutes_before = flat("".join(pages_text(render_document(document_data(meeting, "minutes")))))
    with open_meeting(final_path) as meeting:
        minutes_after = flat("".join(pages_text(render_document(document_data(meeting, "minutes")))))
    assert "实际开始、结束时间在会议进行时记录" in agenda_before
    assert "第1位述职" in agenda_before and "会议测评" in agenda_before
    assert "Pingyi" not in minutes_before and "第1位述职" in minutes_before, "the sections, without times"
    assert "Pingyi" not in minutes_after
    assert "09:0" in minutes_after and "用时" in minutes_after and "述职内容全面" in minutes_after


def test_ranking_marks_shared_ranks_as_bingli():
    from models.documents.types import GradeShare, Masthead, RankingData, RankLine
    from printing.documents import render_ranking

    head = Masthead("述职评议会", "组织部", "2026年12月29日", "", "", False, True, "f" * 64, "e" * 64)
    rows = (RankLine("1", False, 3, "甲", "一镇", "95.00", "95.00", "好", "好", ""),
            RankLine("2", True, 1, "乙", "二镇", "90.00", "90.00", "好", "好", ""),
            RankLine("2", True, 2, "丙", "三镇", "90.00", "90.00", "好", "较好", "调整等次；调整理由：经研究"),
            RankLine("—", False, 4, "丁", "四镇", "—", "—", "—", "—", "无有效评价"))
    shares = (GradeShare("好", 2, "50.00%"), GradeShare("较好", 1, "25.00%"), GradeShare("一般", 0, "0.00%"),
              GradeShare("差", 0, "0.00%"), GradeShare("未定等次", 1, "25.00%"))
    pdf = render_ranking(RankingData(head, rows, shares, "共 4 人", False))
    table = [row for row in table_rows(pdf) if row[0] not in ("名次", "等次")]
    assert [(row[0], row[2]) for row in table[:4]] == [("1", "甲"), ("2并列", "乙"), ("2并列", "丙"), ("—", "丁")]
    assert table[2][-1] == "调整等次；调整理由：经研究"
