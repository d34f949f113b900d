"""Exact numbers of the setup: weights, points and percentages as Decimal, stored as plain text."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation


def to_decimal(value) -> Decimal:
    """``value`` as an exact Decimal; ValueError for text that is not a number."""
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, float):
        value = repr(value)
    try:
        out = Decimal(str(value).strip().rstrip("%"))
    except InvalidOperation as exc:
        raise ValueError(value) from exc
    if not out.is_finite():
        raise ValueError(value)
    return out


def _dec_text(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text
