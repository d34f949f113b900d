"""述职报告汇编: cover, contents whose page numbers are where each reporter starts, each reporter on a new
page, numbering from the first report; the `print MEETING booklet` command."""

from __future__ import annotations

import re
import shutil

import pytest

from cli import run_command
from models.materials import attach_file, booklet_data
from models.meeting import Meeting
from models.setup import list_reporters, set_facts
from printing.documents import render_document
from printing.documents.booklet import booklet_pdf
from tests.models.materials.samples import chinese_text, make_pdf, make_report_docx, make_self_eval_docx

from .pdftext import embedded_font_files, flat, pages_text

CHARS = (2400, 2700, 900, 1200)


@pytest.fixture(scope="module")
def attached(final_path, tmp_path_factory):
    """The 12-reporter meeting with materials for all but the last reporter (lengths cycle through CHARS)."""
    folder = tmp_path_factory.mktemp("booklet")
    path = folder / "m.pingyi"
    shutil.copy(final_path, path)
    with Meeting.open(path) as meeting:
        reporters = list_reporters(meeting)
        for n, r in enumerate(reporters[:-1]):
            report = make_report_docx(folder / f"{r.seq}.docx", r.name, CHARS[n % len(CHARS)])
            attach_file(meeting, "report", report, seq=r.seq)
            if n % 3 != 2:
                attach_file(
                    meeting,
                    "self_eval",
                    make_self_eval_docx(folder / f"{r.seq}s.docx", r.name, 150 if n % 2 else 400),
                    seq=r.seq,
                )
        data = booklet_data(meeting)
    pdf, pages = booklet_pdf(data)
    return path, data, pdf, pages


def _numbered(texts: list[str]) -> dict[int, int]:
    """Printed page number → index of the PDF page that carries it."""
    out = {}
    for index, text in enumerate(texts):
        found = re.findall(r"—\s*(\d+)\s*—", text)
        if found:
            out[int(found[-1])] = index
    return out


def _without_furniture(page: str) -> str:
    """A page's text without its running head (first line) and its “— n —”."""
    lines = page.split("\n")[1:]
    return "\n".join(line for line in lines if not re.fullmatch(r"\s*—\s*\d+\s*—\s*", line))


def test_contents_page_numbers_point_at_each_reporters_first_page(attached):
    _, data, pdf, pages = attached
    texts = pages_text(pdf)
    numbered = _numbered(texts)
    contents = flat("".join(t for t in texts[1:4] if "目录" in flat(t)))
    for part in data.parts:
        if not part.submitted:
            assert re.search(re.escape(part.name) + r".*?未提交", contents)
            continue
        number = pages[part.seq]
        assert re.search(re.escape(part.name) + r"[^、]*?·+" + str(number), contents), part.name
        first = flat(texts[numbered[number]])
        assert first.startswith(flat(data.meeting_title)[:10]) and part.name in first[:200]
        assert "2026年度抓基层党建工作述职报告" in first[:120], "the report starts its page with its title"
    assert list(numbered) == list(range(1, len(numbered) + 1)), "numbers run 1, 2, 3 … from the first report"
    assert min(numbered.values()) >= 2, "cover and contents carry no number"


def test_cover_names_the_meeting_and_the_booklet(attached):
    _, data, pdf, _ = attached
    cover = flat(pages_text(pdf)[0])
    assert "述职报告汇编" in cover and flat(data.organiser) in cover and data.date_text in cover
    assert "—" not in cover and "草稿" not in cover


def test_every_report_and_self_evaluation_is_printed_whole(attached):
    _, data, pdf, _ = attached
    text = flat("".join(_without_furniture(t) for t in pages_text(pdf)))
    for part in data.parts:
        for paragraph in part.report + part.self_eval:
            assert flat(paragraph) in text
    assert text.count("自我评价") == sum(1 for p in data.parts if p.self_eval)
    assert embedded_font_files(pdf) >= 1


def test_rehearsal_booklet_is_marked(attached, tmp_path):
    path = tmp_path / "r.pingyi"
    shutil.copy(attached[0], path)
    with Meeting.open(path) as meeting:
        meeting.db.execute("UPDATE meeting SET finalized = 0")  # facts can change before 定稿 only
        set_facts(meeting, rehearsal=True)
        pdf = render_document(booklet_data(meeting))
    assert all("演练" in t for t in pages_text(pdf))


def test_a_pdf_report_and_a_meeting_without_materials(draft_path, tmp_path):
    path = tmp_path / "d.pingyi"
    shutil.copy(draft_path, path)
    with Meeting.open(path) as meeting:
        empty = render_document(booklet_data(meeting))
        attach_file(meeting, "report", make_pdf(tmp_path / "r.pdf", "述职报告\n" + chinese_text(300)), seq=2)
        one = booklet_pdf(booklet_data(meeting))
    assert len(pages_text(empty)) == 2 and flat(pages_text(empty)[1]).count("未提交") == 4
    assert one[1] == {2: 1} and len(pages_text(one[0])) == 3


def test_print_booklet_command(attached, tmp_path, capsys):
    out = tmp_path / "汇编.pdf"
    assert run_command(["print", str(attached[0]), "booklet", "-o", str(out)]) == 0
    said = capsys.readouterr().out
    assert "已保存述职报告汇编" in said and "1 位未提交材料" in said
    assert pages_text(out.read_bytes()) == pages_text(attached[2])
    assert run_command(["print", str(attached[0]), "booklet", "--seq", "1", "-o", str(out)]) == 1
    assert "--seq 只用于" in capsys.readouterr().err
