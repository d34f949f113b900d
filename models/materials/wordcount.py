"""字数 as Microsoft Word's 字数统计 counts it, and the 方案's length limits.

The rule (Word's “字数” for a Chinese document):

* every East Asian character counts one: CJK ideographs, kana, Hangul, full-width punctuation
  (，。、；：？！（）《》【】…), full-width letters and digits (１２３ＡＢＣ), and the quotation marks
  and dashes Chinese text uses (“”‘’…—·);
* every run of other non-space characters counts one if it holds a letter or a digit: ``2026``,
  ``GDP``, ``3.5%``, ``e-mail`` are one each (Word counts a space-delimited non-Asian word once;
  an East Asian character also ends the run, so ``2026年`` is two);
* spaces (half- and full-width), line breaks and runs of half-width punctuation alone count none.
"""

from __future__ import annotations

import unicodedata

#: punctuation of ambiguous width that Chinese text sets full-width (Word counts each one)
CHINESE_PUNCTUATION = frozenset("“”‘’…—–·•※№°′″〃")
#: 述职报告 “字数控制在2500字以内”
REPORT_LIMIT = 2500
#: 自我评价 “150字左右”: outside this range is flagged
SELF_EVAL_RANGE = (100, 200)


def east_asian(ch: str) -> bool:
    """True for a character Word counts as one East Asian 字 (ideograph, full-width mark…)."""
    return unicodedata.east_asian_width(ch) in ("W", "F") or ch in CHINESE_PUNCTUATION


def word_count(text: str) -> int:
    """Word's 字数 of ``text`` by the rule above."""
    count, run_has_alnum, in_run = 0, False, False
    for ch in text:
        if ch.isspace():
            count += run_has_alnum
            run_has_alnum = in_run = False
        elif east_asian(ch):
            count += 1 + run_has_alnum
            run_has_alnum = in_run = False
        else:
            in_run = True
            run_has_alnum = run_has_alnum or ch.isalnum()
    return count + (run_has_alnum and in_run)


def report_over(chars: int) -> bool:
    """A 述职报告 over 2,500 字."""
    return chars > REPORT_LIMIT


def self_eval_off(chars: int) -> bool:
    """A 自我评价 outside about 100–200 字 (the 方案 asks for about 150)."""
    low, high = SELF_EVAL_RANGE
    return not low <= chars <= high
