"""Dates as the ledger reads them: 2027-06-30, 2027/6/30, 2027年6月30日, 2027年6月底, 2027年底."""

from __future__ import annotations

import calendar
import datetime as _dt
import re

from models import clock
from models.errors import InputErrors

_YMD = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_YM = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?\s*(底|末|前)?$")
_Y_END = re.compile(r"^(\d{4})\s*年\s*(底|末)$")


def today() -> _dt.date:
    """The clerk's today (through ``models.clock``, so tests can move time)."""
    return clock.now().date()


def read_date(text) -> _dt.date | None:
    """The date written in ``text`` (a month alone means its last day); None when it is none."""
    if isinstance(text, _dt.datetime):
        return text.date()
    if isinstance(text, _dt.date):
        return text
    text = str(text or "").strip()
    try:
        if m := _YMD.match(text):
            return _dt.date(int(m[1]), int(m[2]), int(m[3]))
        if m := _YM.match(text):
            year, month = int(m[1]), int(m[2])
            return _dt.date(year, month, calendar.monthrange(year, month)[1])
        if m := _Y_END.match(text):
            return _dt.date(int(m[1]), 12, 31)
    except ValueError:
        return None
    return None


def parse_date(text, what: str, *, not_after_today: bool = False) -> _dt.date:
    """``text`` as a date, or InputErrors naming ``what`` and the forms understood."""
    day = read_date(text)
    if day is None:
        raise InputErrors([f"{what}“{text}”不是日期。请写成 2027-06-30 或 2027年6月30日。"])
    if not_after_today and day > today():
        raise InputErrors([f"{what} {day.isoformat()} 晚于今天（{today().isoformat()}），请检查。"])
    return day
