"""Serial codes of the paper forms: ``A-7KQ4M-W`` (DESIGN §5).

Category letter, five random characters from a 32-symbol alphabet (no 0/1/I/O), and
one check character.  The check character is a weighted sum over GF(32) (x⁵ + x² + 1)
with a distinct non-zero weight per position, the check position weighing 1: the sum
over a valid serial is zero.  A single wrong character changes the sum by
``w·(a − b) ≠ 0``; a swap of two neighbours by ``(wᵢ − wⱼ)·(a − b) ≠ 0``; so both are
always caught (tests/models/test_serials.py proves it exhaustively).
"""

from __future__ import annotations

import secrets
import unicodedata

from models.errors import PingyiError

ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
BODY_LENGTH = 5
#: the text a form's QR code carries before the serial
QR_PREFIX = "PINGYI:"
#: on a form of several pages each page's QR code ends in ``/`` and the page number (``PINGYI:A-7KQ4M-W/2``)
QR_PAGE_SEP = "/"

_POLY = 0b100101  # x^5 + x^2 + 1, primitive over GF(2)
_INDEX = {ch: i for i, ch in enumerate(ALPHABET)}
#: the category letter's value: its alphabet index, and for I and O (not in the alphabet)
#: values no other letter has, so every category letter has its own value
_CATEGORY_VALUE = {**{ch: _INDEX[ch] for ch in ALPHABET if ch.isalpha()}, "I": 0, "O": 1}
_CONFUSABLE = {"0": "0（零）", "1": "1（一）", "I": "I", "O": "O"}


class SerialError(PingyiError):
    """A serial code that is malformed or whose check character is wrong."""


def _gf_mul(a: int, b: int) -> int:
    out = 0
    while b:
        if b & 1:
            out ^= a
        b >>= 1
        a <<= 1
        if a & 0b100000:
            a ^= _POLY
    return out


def _alpha_powers(count: int) -> list[int]:
    powers, x = [], 1
    for _ in range(count):
        powers.append(x)
        x = _gf_mul(x, 0b10)
    return powers


# weights for: category letter, body[0..4]; the check character weighs α⁰ = 1
_WEIGHTS = list(reversed(_alpha_powers(BODY_LENGTH + 2)))[:-1]


def _values(code_and_body: str) -> list[int]:
    return [_CATEGORY_VALUE[code_and_body[0]]] + [_INDEX[ch] for ch in code_and_body[1:]]


def check_char(code_and_body: str) -> str:
    """The check character for a category letter plus five body characters ("A7KQ4M" or "A-7KQ4M")."""
    text = code_and_body.replace("-", "").upper()
    if len(text) != 1 + BODY_LENGTH or text[0] not in _CATEGORY_VALUE or any(ch not in _INDEX for ch in text[1:]):
        raise SerialError(f"“{code_and_body}”不是类别字母加 {BODY_LENGTH} 位编号字符。")
    total = 0
    for weight, value in zip(_WEIGHTS, _values(text), strict=True):
        total ^= _gf_mul(weight, value)
    return ALPHABET[total]


def format_serial(compact: str) -> str:
    """``A7KQ4MW`` → ``A-7KQ4M-W``."""
    return f"{compact[0]}-{compact[1:1 + BODY_LENGTH]}-{compact[1 + BODY_LENGTH:]}"


def new_serial(category_code: str, taken: set[str]) -> str:
    """A fresh random serial of the category, not in ``taken`` (which it does not change)."""
    code = category_code.strip().upper()
    if code not in _CATEGORY_VALUE:
        raise SerialError(f"类别代码“{category_code}”应为一个英文字母（A–Z）。")
    while True:
        body = "".join(secrets.choice(ALPHABET) for _ in range(BODY_LENGTH))
        serial = format_serial(code + body + check_char(code + body))
        if serial not in taken:
            return serial


def qr_payload(serial: str) -> str:
    """The text encoded in a form's QR code, e.g. ``PINGYI:A-7KQ4M-W``."""
    return QR_PREFIX + normalize_serial(serial)


def page_payload(payload: str, page: int) -> str:
    """The QR text of page ``page`` (0-based) of a form printed on several pages: ``PINGYI:A-7KQ4M-W/2``."""
    return f"{payload}{QR_PAGE_SEP}{page + 1}"


def normalize_serial(text: str) -> str:
    """``A-7KQ4M-W`` from typed or scanned text (any case, dashes/spaces, full-width, QR payload).

    Raises SerialError naming what is wrong: length, a character that never occurs,
    or a check character that does not match (a typing error).
    """
    raw = text if isinstance(text, str) else ""
    compact = unicodedata.normalize("NFKC", raw).upper().strip()
    if compact.startswith(QR_PREFIX):
        compact = compact[len(QR_PREFIX):]
        body, sep, page = compact.partition(QR_PAGE_SEP)
        compact = body if sep and page.strip().isdigit() else compact  # a page's QR code names the form
    compact = "".join(ch for ch in compact if ch not in "-— \t\r\n_")
    shown = raw.strip() or "（空）"
    if not compact:
        raise SerialError("请输入测评表编号（例如 A-7KQ4M-W），或用扫码枪扫描表上的二维码。")
    _refuse_bad_characters(compact, shown)
    if len(compact) != BODY_LENGTH + 2:
        raise SerialError(
            f"编号“{shown}”的长度不对：应为 1 个类别字母 + {BODY_LENGTH} 位编号 + 1 位校验码，"
            "共 7 个字符，例如 A-7KQ4M-W。请对照纸质表重新输入。"
        )
    if check_char(compact[:-1]) != compact[-1]:
        raise SerialError(
            f"编号“{format_serial(compact)}”的校验码不对，多半是输错了一个字符或颠倒了两个字符。"
            "请对照纸质表重新输入。"
        )
    return format_serial(compact)


def _refuse_bad_characters(compact: str, shown: str) -> None:
    if not ("A" <= compact[0] <= "Z"):
        raise SerialError(f"编号“{shown}”应以类别字母开头（例如 A-7KQ4M-W 中的 A）。请对照纸质表重新输入。")
    for ch in compact[1:]:
        if ch not in _INDEX:
            hint = (
                f"编号中不会出现 {_CONFUSABLE[ch]}（为避免混淆，编号不用 0、1、I、O）"
                if ch in _CONFUSABLE
                else f"编号中不会出现字符“{ch}”"
            )
            raise SerialError(f"编号“{shown}”有误：{hint}。请对照纸质表重新输入。")
