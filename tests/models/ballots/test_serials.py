"""Serial codes: the check character provably catches every single substitution and every
adjacent transposition (exhaustive over positions and symbol pairs), plus input forms."""

import random
import string

import pytest

from models.ballots.serials import (
    ALPHABET,
    QR_PREFIX,
    SerialError,
    check_char,
    format_serial,
    new_serial,
    normalize_serial,
    page_payload,
    qr_payload,
)

CATEGORY_LETTERS = string.ascii_uppercase
LENGTH = 7  # category letter, five body characters, check character


def symbols(position: int) -> str:
    return CATEGORY_LETTERS if position == 0 else ALPHABET


def is_accepted(compact: str) -> bool:
    try:
        normalize_serial(compact)
        return True
    except SerialError:
        return False


def valid(prefix: str) -> str:
    """A complete compact serial from a category letter + five body characters."""
    return prefix + check_char(prefix)


def contexts(count=4, seed=7) -> list[str]:
    rng = random.Random(seed)
    out = ["A22222", "ZZZZZZ"]
    out += [rng.choice(CATEGORY_LETTERS) + "".join(rng.choice(ALPHABET) for _ in range(5)) for _ in range(count)]
    return out


def put(text: str, position: int, symbol: str) -> str:
    return text[:position] + symbol + text[position + 1:]


def test_alphabet_has_32_unambiguous_symbols():
    assert len(ALPHABET) == len(set(ALPHABET)) == 32
    assert not set("01IO") & set(ALPHABET)


@pytest.mark.parametrize("position", range(6))
def test_effect_of_a_position_does_not_depend_on_the_others(position):
    """The check is a sum of per-position terms: changing one position shifts it by the same amount in
    every context.  With this, the per-position proofs below cover all 26·32⁵ serials."""
    base = contexts()[0]
    for context in contexts()[1:]:
        for a in symbols(position):
            for b in symbols(position)[:4]:
                shift_base = ALPHABET.index(check_char(put(base, position, a))) ^ ALPHABET.index(
                    check_char(put(base, position, b)))
                shift_here = ALPHABET.index(check_char(put(context, position, a))) ^ ALPHABET.index(
                    check_char(put(context, position, b)))
                assert shift_base == shift_here


@pytest.mark.parametrize("position", range(LENGTH))
def test_every_single_substitution_is_caught(position):
    for context in contexts():
        serial = valid(context)
        for wrong in symbols(position):
            if wrong != serial[position]:
                assert not is_accepted(put(serial, position, wrong)), (serial, position, wrong)
        # and every symbol at this position gives a serial that is itself valid with the right check
        if position < 6:
            for a in symbols(position):
                assert is_accepted(valid(put(context, position, a)))


@pytest.mark.parametrize("position", range(6))
def test_every_substitution_pair_changes_the_check(position):
    """Exhaustive over all pairs (a, b) of symbols at each body position: the check differs."""
    context = contexts()[2]
    checks = {check_char(put(context, position, a)) for a in symbols(position)}
    assert len(checks) == len(symbols(position))


def _serial_with(position: int, a: str, b: str) -> str | None:
    """A valid compact serial with ``a`` at ``position`` and ``b`` at ``position + 1``."""
    if position + 1 < 6:
        return valid(put(put(contexts()[3], position, a), position + 1, b))
    # the pair (body[4], check): vary body[0] until the check character is b
    for filler in ALPHABET:
        candidate = valid(put(put(contexts()[3], 1, filler), 5, a))
        if candidate[6] == b:
            return candidate
    return None


@pytest.mark.parametrize("position", range(LENGTH - 1))
def test_every_adjacent_transposition_is_caught(position):
    """Exhaustive over all symbol pairs at each pair of neighbours, the check character included."""
    for a in symbols(position):
        for b in symbols(position + 1):
            if a == b:
                continue
            serial = _serial_with(position, a, b)
            assert serial is not None and is_accepted(serial)
            swapped = serial[:position] + b + a + serial[position + 2:]
            assert not is_accepted(swapped), (serial, swapped)


def test_a_plain_sum_would_not_have_caught_these():
    """Sanity check of the test itself: a mod-31 sum check misses a substitution the GF(32) check catches."""
    def mod31(text):
        return ALPHABET[sum(ALPHABET.index(c) for c in text) % 31]

    assert mod31("A2222" + "2") == mod31("A2222" + "Z")  # symbols 0 and 31 collide
    assert check_char("A22222") != check_char("A2222Z")


def test_new_serials_are_valid_unique_and_of_their_category():
    taken: set[str] = set()
    for _ in range(500):
        serial = new_serial("b", taken)
        assert serial not in taken and serial.startswith("B-") and normalize_serial(serial) == serial
        taken.add(serial)
    assert len(taken) == 500


def test_new_serial_skips_taken(monkeypatch):
    picks = iter("2222222223")
    monkeypatch.setattr("models.ballots.serials.secrets.choice", lambda seq: next(picks))
    first = format_serial("A22222" + check_char("A22222"))
    assert new_serial("A", {first}) == format_serial("A22223" + check_char("A22223"))


@pytest.mark.parametrize(
    "typed",
    [
        "{s}",
        "{lower}",
        "  {compact}  ",
        "{spaced}",
        "PINGYI:{s}",
        "pingyi:{lower}",
        "{fullwidth}",
    ],
)
def test_input_forms_are_accepted(typed):
    serial = format_serial(valid("K7KQ4M"))
    compact = serial.replace("-", "")
    text = typed.format(
        s=serial, lower=serial.lower(), compact=compact, spaced=" ".join(compact),
        fullwidth="".join(chr(ord(c) + 0xFEE0) for c in compact),
    )
    assert normalize_serial(text) == serial


def test_qr_payload_round_trips():
    serial = new_serial("C", set())
    assert qr_payload(serial) == QR_PREFIX + serial
    assert normalize_serial(qr_payload(serial)) == serial


def test_a_pages_qr_payload_names_the_form():
    """A form of several pages carries ``/2`` in page 2's QR code; a hand scanner's text still gives the serial."""
    serial = new_serial("C", set())
    assert page_payload(qr_payload(serial), 1) == f"{QR_PREFIX}{serial}/2"
    assert normalize_serial(page_payload(qr_payload(serial), 1)) == serial
    with pytest.raises(SerialError):
        normalize_serial(f"{serial}/2")  # typed text is not a QR code: no page suffix there


@pytest.mark.parametrize(
    "text, words",
    [
        ("", "请输入"),
        ("A-7KQ4", "长度不对"),
        ("A-7KQ4M-WW", "长度不对"),
        ("A-7KQ0M-W", "0（零）"),
        ("A-7KQIM-W", "不会出现 I"),
        ("A-7KQ#M-W", "不会出现字符“#”"),
        ("7-AKQ4M-W", "类别字母开头"),
        ("A-7KQ4M-X", "校验码不对"),
    ],
)
def test_malformed_serials_are_refused_with_the_reason(text, words):
    with pytest.raises(SerialError) as err:
        normalize_serial(text)
    assert words in str(err.value)


def test_category_letters_i_and_o_have_their_own_check_values():
    for body in ("22222", "7KQ4M"):
        checks = {check_char(letter + body) for letter in CATEGORY_LETTERS}
        assert len(checks) == 26
    assert is_accepted(valid("I7KQ4M")) and is_accepted(valid("O7KQ4M"))
