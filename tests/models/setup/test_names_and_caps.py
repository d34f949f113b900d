"""Names are normalised and invisible characters refused; counts and lengths are capped (issue 17)."""

from __future__ import annotations

import re

import openpyxl
import pytest

from models.errors import InputErrors
from models.setup import add_category, add_reporter, list_reporters, update_reporter
from models.setup.text_rules import MAX_REPORTERS
from models.setup.workbook import read_setup
from tests.models.setup.test_setup_workbook import _mutated, good_book  # noqa: F401 - the fixture

INVISIBLE = {"零宽空格": "张\u200b三", "从右到左覆盖": "张\u202e三", "换行": "张\n三", "U+0007": "张\x07三"}


@pytest.mark.parametrize("what", sorted(INVISIBLE))
def test_invisible_characters_in_a_name_are_refused(meeting, what):
    with pytest.raises(InputErrors, match=re.escape(f"看不见的字符或控制字符（{what}）")):
        add_reporter(meeting, INVISIBLE[what], "某单位")
    assert list_reporters(meeting) == []


def test_names_are_stored_nfkc_and_trimmed(meeting):
    person = add_reporter(meeting, "　张三　", "ＡＢＣ社区党委")  # full-width space and letters
    assert (person.name, person.unit) == ("张三", "ABC社区党委")
    update_reporter(meeting, person.id, unit=" 第１支部 ")
    assert list_reporters(meeting)[0].unit == "第1支部"


def test_long_names_units_and_too_many_reporters_are_refused(meeting):
    with pytest.raises(InputErrors, match="姓名不能超过 30 个字（现在是 31 个字）"):
        add_reporter(meeting, "张" * 31)
    with pytest.raises(InputErrors, match="单位不能超过 60 个字"):
        add_reporter(meeting, "张三", "单" * 61)
    meeting.db.conn.executemany(
        "INSERT INTO reporters (seq, name, speak_order) VALUES (?, ?, ?)",
        [(n, f"人{n}", n) for n in range(1, MAX_REPORTERS + 1)],
    )
    with pytest.raises(InputErrors, match="述职人最多 300 位"):
        add_reporter(meeting, "又一人")


def test_category_weight_and_issued_caps(meeting):
    with pytest.raises(InputErrors, match="权重不能大于 1000"):
        add_category(meeting, "A", "领导", 1001, 10)
    with pytest.raises(InputErrors, match="发出票数不能超过 100000"):
        add_category(meeting, "A", "领导", 1, 100_001)
    with pytest.raises(InputErrors, match="看不见的字符"):
        add_category(meeting, "A", "领\u200d导", 1, 10)


def _refused(book, words):
    with pytest.raises(InputErrors) as err:
        read_setup(book)
    assert any(words in fault for fault in err.value.faults), err.value.faults


def test_workbook_names_with_invisible_characters_are_refused_by_cell(good_book):  # noqa: F811
    def zero_width(wb):
        wb["述职人"]["B3"] = wb["述职人"]["B2"].value[:1] + "\u200b" + wb["述职人"]["B2"].value[1:]

    _refused(_mutated(good_book, zero_width), "述职人 第 3 行 B 列（姓名）：姓名中有看不见的字符或控制字符（零宽空格）")


def test_workbook_caps(good_book, tmp_path):  # noqa: F811
    def long_unit(wb):
        wb["述职人"]["C2"] = "单" * 61

    _refused(_mutated(good_book, long_unit), "述职人 第 2 行 C 列（单位）：单位不能超过 60 个字")

    def all_zero(wb):
        ws = wb["测评人类别"]
        for row in range(2, ws.max_row + 1):
            if ws.cell(row, 1).value:
                ws.cell(row, 3).value = 0

    _refused(_mutated(good_book, all_zero), "所有类别的权重都是 0")

    def many_items(wb):
        ws = wb["测评项目"]
        for n in range(2, 23):
            ws.append([n, f"项目{n}", "否"])

    _refused(_mutated(good_book, many_items), "最多 20 个")


def test_workbook_name_is_normalised(good_book):  # noqa: F811
    wb = openpyxl.load_workbook(good_book)
    wb["述职人"]["B2"] = "  Ｚｈａｎｇ　三 "
    wb.save(good_book)
    assert read_setup(good_book).reporters[0].name == "Zhang 三"


def test_duplicate_speaking_order_is_refused(good_book):  # noqa: F811
    def clash(wb):
        wb["述职人"]["F2"], wb["述职人"]["F3"] = 2, 2

    _refused(_mutated(good_book, clash), "述职人 第 3 行 F 列（述职顺序）：述职顺序 2 与第 2 行重复了")


def test_a_tie_made_in_the_app_still_round_trips(meeting, tmp_path):
    from models.setup.workbook import export_setup, setup_from_meeting

    a = add_reporter(meeting, "甲", "一镇")
    add_reporter(meeting, "乙", "二镇")
    add_reporter(meeting, "丙", "三镇")
    update_reporter(meeting, a.id, speak_order=3)  # the app allows a tie with 丙 (ordered by 序号)
    book = export_setup(meeting, tmp_path / "导出.xlsx")
    assert read_setup(book).reporters == setup_from_meeting(meeting).reporters
