"""The 字数 rule of Word's 字数统计, written down in models/materials/wordcount.py, on examples."""

from __future__ import annotations

import pytest
from hypothesis import event, given
from hypothesis import strategies as st

from models.materials.wordcount import report_over, self_eval_off, word_count

from .samples import chinese_text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", 0),
        ("述职报告", 4),
        ("一、抓基层党建工作情况。", 12),  # 、 and 。 are full-width: one each
        ("2026年", 2),  # a run of digits is one; 年 ends it
        ("GDP增长3.5%。", 5),  # GDP, 增, 长, 3.5%, 。
        ("Hello, world!", 2),  # half-width punctuation counts none
        ("e-mail", 1),
        ("a - b", 2),  # a lone half-width dash is no word
        ("“三会一课”", 6),  # Chinese quotation marks count one each
        ("（一）", 3),
        ("　　正文\n\n", 2),  # ideographic spaces and line breaks count none
        ("１２３ＡＢ", 5),  # full-width digits and letters are East Asian: one each
        ("第1书记", 4),
        ("A、B两类", 5),
        ("... !!! ---", 0),
        ("党建+", 2),  # “+” alone after 建: no letter or digit, no word
        ("No.1", 1),
    ],
)
def test_examples(text, expected):
    assert word_count(text) == expected


def test_limits_of_the_plan():
    assert not report_over(2500) and report_over(2501)
    assert not self_eval_off(150) and not self_eval_off(100) and not self_eval_off(200)
    assert self_eval_off(99) and self_eval_off(201) and self_eval_off(400)


@pytest.mark.parametrize("chars", [150, 400, 2400, 2700])
def test_sample_texts_have_the_count_they_claim(chars):
    assert word_count(chinese_text(chars)) == chars


_pieces = st.sampled_from(["党", "，", "。", "2026", "GDP", " ", "\u3000", "\n", "-", "3.5%", "“", "ａ"])


def test_joining_with_a_space_adds_the_counts():
    """The count is a sum over space-separated parts, whatever the mix of CJK, Latin runs and marks."""
    seen = set()

    @given(st.lists(_pieces, max_size=30))
    def check(pieces):
        text = "".join(pieces)
        parts = text.split()
        kind = (
            "latin run" if any(any(c.isascii() and c.isalnum() for c in p) for p in parts) else "no latin",
            "cjk" if any(not c.isascii() and not c.isspace() for c in text) else "no cjk",
        )
        event(str(kind))
        seen.add(kind)
        assert word_count(text) == sum(word_count(p) for p in parts)
        assert word_count(text + " " + text) == 2 * word_count(text)

    check()
    assert {("latin run", "cjk"), ("latin run", "no cjk"), ("no latin", "cjk")} <= seen
