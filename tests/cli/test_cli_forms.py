"""``forms`` sub-command and the form data gathered from a real meeting file."""

from __future__ import annotations

import io

import pdfplumber
import pytest

from cli import run_command
from models import setup
from models.ballots import forms
from models.ballots.form_data import date_label, form_batch, reprint_batch, unit_and_title
from models.ballots.serials import new_serial, qr_payload
from models.errors import PingyiError
from models.meeting import Meeting


@pytest.fixture
def roster_path(meeting_path):
    """A closed meeting file: 3 reporters, categories A and B, two items."""
    with Meeting.create(meeting_path) as m:
        setup.set_facts(m, title="城关镇2026年度述职评议会", date="2026-12-01")
        setup.add_category(m, "A", "领导班子成员", 3, 10)
        setup.add_category(m, "B", "党员代表", 1, 40)
        setup.add_item(m, "履行职责情况")
        for name, unit, title in [("张三", "东村党支部", "书记"), ("李四", "西村党总支", "书记"), ("王五", "机关党委", "副书记")]:
            setup.add_reporter(m, name, unit, title)
    return meeting_path


def pdf_text(path) -> list[str]:
    with pdfplumber.open(path) as doc:
        return [p.extract_text() for p in doc.pages]


def printed(path) -> list[forms.FormRecord]:
    with Meeting.open(path) as m:
        return forms.list_forms(m)


def test_new_forms_are_recorded_printed_and_listed_on_stdout(roster_path, tmp_path, capsys):
    out = tmp_path / "A票.pdf"
    assert run_command(["forms", str(roster_path), "--category", "a", "--count", "3", "-o", str(out)]) == 0
    serials = capsys.readouterr().out.split()
    assert len(serials) == 3 and all(s.startswith("A-") for s in serials)
    assert sorted(serials) == [f.serial for f in printed(roster_path)]
    texts = pdf_text(out)
    assert len(texts) == 3
    for serial, text in zip(serials, texts, strict=True):
        assert serial in text and "A票" in text and "领导班子成员" in text
        assert "东村党支部书记" in text and "机关党委副书记" in text and "履行职责情况" in text
        assert "2026年12月1日" in text and "演练" not in text
    assert not list(tmp_path.glob("*.part"))


def test_reprint_gives_the_same_serials_and_records_nothing(roster_path, tmp_path, capsys):
    first = tmp_path / "first.pdf"
    run_command(["forms", str(roster_path), "--category", "B", "--count", "2", "-o", str(first)])
    serials = capsys.readouterr().out.split()
    typed = [serials[0].lower().replace("-", ""), qr_payload(serials[1])]
    again = tmp_path / "again.pdf"
    assert run_command(["forms", str(roster_path), "--reprint", *typed, "-o", str(again)]) == 0
    assert capsys.readouterr().out.split() == serials
    assert pdf_text(again) == pdf_text(first)
    assert len(printed(roster_path)) == 2


def test_reprint_refuses_spoiled_unknown_and_mistyped_serials_naming_each(roster_path, tmp_path, capsys):
    with Meeting.open(roster_path) as m:
        good, spoiled = forms.create_forms(m, "A", 2)
        forms.spoil_form(m, spoiled, "打印污损")
    unknown = new_serial("A", {good, spoiled})
    mistyped = good[:-1] + ("2" if good[-1] != "2" else "3")
    out = tmp_path / "re.pdf"
    code = run_command(["forms", str(roster_path), "--reprint", good, spoiled, unknown, mistyped, "-o", str(out)])
    err = capsys.readouterr().err
    assert code == 1 and not out.exists()
    assert "未重印任何测评表" in err
    assert f"{spoiled}：该表已作废（打印污损）" in err
    assert f"{unknown}：不是本会议打印过的测评表编号" in err
    assert "校验码不对" in err
    assert good not in err.replace(mistyped, "")


@pytest.mark.parametrize(
    "argv",
    [
        ["--category", "A", "-o", "x.pdf"],
        ["--reprint", "A-22222-2", "--count", "3", "-o", "x.pdf"],
        ["--count", "3", "-o", "x.pdf"],
        ["--category", "A", "--count", "3"],
        ["--category", "A", "--count", "drei", "-o", "x.pdf"],
    ],
)
def test_usage_errors_exit_2_and_record_nothing(roster_path, argv, capsys):
    with pytest.raises(SystemExit) as exit_info:
        run_command(["forms", str(roster_path), *argv])
    assert exit_info.value.code == 2
    assert "用法错误" in capsys.readouterr().err
    assert printed(roster_path) == []


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--category", "Z", "--count", "3"], "没有代码为“Z”的测评人类别"),
        (["--category", "A", "--count", "0"], "打印份数“0”"),
    ],
)
def test_refused_requests_exit_1_and_record_nothing(roster_path, tmp_path, argv, message, capsys):
    out = tmp_path / "x.pdf"
    assert run_command(["forms", str(roster_path), *argv, "-o", str(out)]) == 1
    assert message in capsys.readouterr().err
    assert printed(roster_path) == [] and not out.exists()


def test_empty_roster_is_refused_before_serials_are_recorded(meeting_path, tmp_path, capsys):
    with Meeting.create(meeting_path) as m:
        setup.add_category(m, "A", "领导班子成员")
    out = tmp_path / "x.pdf"
    assert run_command(["forms", str(meeting_path), "--category", "A", "--count", "2", "-o", str(out)]) == 1
    assert "还没有述职人" in capsys.readouterr().err
    assert printed(meeting_path) == [] and not out.exists()


def test_missing_output_folder_is_refused_before_serials_are_recorded(roster_path, tmp_path, capsys):
    out = tmp_path / "没有这个文件夹" / "x.pdf"
    assert run_command(["forms", str(roster_path), "--category", "A", "--count", "2", "-o", str(out)]) == 1
    assert "不存在" in capsys.readouterr().err
    assert printed(roster_path) == []


def test_a_file_open_in_another_window_is_refused(roster_path, tmp_path, capsys):
    with Meeting.open(roster_path):
        code = run_command(["forms", str(roster_path), "--category", "A", "--count", "1",
                            "-o", str(tmp_path / "x.pdf")])
    assert code == 1 and capsys.readouterr().err.strip()
    assert printed(roster_path) == []


def test_rehearsal_meeting_prints_rehearsal(roster_path, tmp_path, capsys):
    with Meeting.open(roster_path) as m:
        setup.set_facts(m, rehearsal=True)
    out = tmp_path / "r.pdf"
    run_command(["forms", str(roster_path), "--category", "A", "--count", "1", "-o", str(out)])
    assert all("演练" in t for t in pdf_text(out))


def test_form_batch_gathers_the_roster_in_ballot_order(roster_path):
    with Meeting.open(roster_path) as m:
        serials = forms.create_forms(m, "B", 2)
        batch = form_batch(m, serials)
    assert [(r.seq, r.name, r.unit_title) for r in batch.reporters] == [
        (1, "张三", "东村党支部书记"), (2, "李四", "西村党总支书记"), (3, "王五", "机关党委副书记")]
    assert [(i.name, i.is_overall) for i in batch.items] == [("总体评价", True), ("履行职责情况", False)]
    assert [(c.serial, c.category_code, c.category_name) for c in batch.copies] == [(s, "B", "党员代表") for s in serials]
    assert batch.meeting_date == "2026年12月1日" and batch.form_title == "党组织书记抓基层党建工作述职评议表"
    assert all(c.qr_payload == qr_payload(c.serial) for c in batch.copies)


def test_no_roster_no_forms(meeting):
    setup.add_category(meeting, "A", "领导班子成员")
    serials = forms.create_forms(meeting, "A", 1)
    with pytest.raises(PingyiError, match="还没有述职人"):
        form_batch(meeting, serials)
    with pytest.raises(PingyiError, match="没有给出"):
        reprint_batch(meeting, [])


@pytest.mark.parametrize(
    ("iso", "label"), [("2026-12-01", "2026年12月1日"), ("", ""), ("十二月", "十二月")])
def test_date_label(iso, label):
    assert date_label(iso) == label


@pytest.mark.parametrize(
    ("unit", "title", "cell"),
    [("东村党支部", "书记", "东村党支部书记"), ("东村党支部书记", "书记", "东村党支部书记"), ("", "书记", "书记"),
     ("机关党委", "", "机关党委"), ("白云镇党委", "党委书记", "白云镇党委书记"),
     ("县卫生健康局党组", "党组书记", "县卫生健康局党组书记"), ("城关镇", "镇长", "城关镇镇长")],
)
def test_unit_and_title(unit, title, cell):
    assert unit_and_title(unit, title) == cell


def test_pdf_bytes_parse(roster_path, tmp_path, capsys):
    out = tmp_path / "x.pdf"
    run_command(["forms", str(roster_path), "--category", "A", "--count", "1", "-o", str(out)])
    data = out.read_bytes()
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    with pdfplumber.open(io.BytesIO(data)) as doc:
        assert doc.pages[0].width == pytest.approx(595.27, abs=0.1)
