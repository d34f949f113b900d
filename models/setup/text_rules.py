"""Limits and hygiene of what the clerk types or imports: names normalised (NFKC, trimmed), names with
invisible or control characters refused (so “张三” and “张\u200b三” can never be two people), lengths
and counts capped so that printing and archiving never meet a 200-character name."""

from __future__ import annotations

import unicodedata

MAX_REPORTERS, MAX_CATEGORIES, MAX_ITEMS = 300, 26, 20
MAX_NAME, MAX_UNIT, MAX_TITLE, MAX_ITEM_NAME = 30, 60, 30, 30
MAX_ISSUED, MAX_WEIGHT = 100_000, 1000

_INVISIBLE = {"Cc", "Cf", "Zl", "Zp", "Co", "Cs", "Cn"}  # controls, zero-width/bidi formats, line breaks
_NAMES = {
    "\n": "换行",
    "\r": "回车",
    "\t": "制表符",
    "\u200b": "零宽空格",
    "\u200c": "零宽非连接符",
    "\u200d": "零宽连接符",
    "\u2060": "零宽不换行",
    "\ufeff": "零宽不换行空格（BOM）",
    "\u202e": "从右到左覆盖",
    "\u202d": "从左到右覆盖",
    "\u2028": "行分隔符",
    "\u2029": "段分隔符",
}


def normal(text) -> str:
    """The text as stored: NFKC (full-width letters and digits folded, compatibility forms unified), trimmed."""
    return unicodedata.normalize("NFKC", "" if text is None else str(text)).strip()


def text_faults(text: str, label: str, limit: int) -> list[str]:
    """Why ``text`` (already ``normal``) cannot be a ``label``: invisible or control characters, too long."""
    faults = []
    bad = [ch for ch in text if unicodedata.category(ch) in _INVISIBLE]
    if bad:
        shown = "、".join(dict.fromkeys(_NAMES.get(ch, f"U+{ord(ch):04X}") for ch in bad))
        faults.append(
            f"{label}中有看不见的字符或控制字符（{shown}），会让同一个名字看起来一样却不相同。"
            "请删除后重新输入（可先在记事本中粘贴检查）。"
        )
    if len(text) > limit:
        faults.append(f"{label}不能超过 {limit} 个字（现在是 {len(text)} 个字）。请缩短后重新输入。")
    return faults
