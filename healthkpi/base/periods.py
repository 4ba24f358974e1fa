"""Periods as forms write them: "2021", "2021-Q2", "Quý II/2021", "6/2021".

A period stays the text it was written as (normalised: "2021.0" from a numeric
cell becomes "2021"); these helpers only order periods and place them on a
time line, in years, for per-year changes and on-track lines.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from fractions import Fraction

from healthkpi.base.text import loose_key

_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|2\d\d\d)(?!\d)")
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_QUARTER = re.compile(r"(?:q|quy|quarter)\s*([1-4]|iv|iii|ii|i)\b")
_MONTH = re.compile(r"(?:^|[^\d])(1[0-2]|0?[1-9])\s*[/.-]\s*(?:1[89]|2\d)\d\d|(?:1[89]|2\d)\d\d\s*-\s*(1[0-2]|0[1-9])$")


def normalise_period(value: object) -> str | None:
    """Text of a period cell; None when empty. 2021.0, "Năm 2021", "năm 2021", "Year 2021" → "2021":
    one year written two ways in one column would be two periods, each with half the units."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = " ".join(str(value).split())
    if (year := _WHOLE_YEAR.fullmatch(unicodedata.normalize("NFC", text))) is not None:
        return year.group(1)
    return text or None


_WHOLE_YEAR = re.compile(r"(?:(?:năm|nam|year)\s*)?((?:19|20)\d\d)(?:\.0+)?", re.IGNORECASE)


@functools.lru_cache(maxsize=4096)
def period_position(period: str) -> Fraction | None:
    """Where `period` sits on a time line in years (2021 → 2021, 2021-Q3 → 2021.5)."""
    key = loose_key(period)
    year_match = _YEAR.search(key)
    if not year_match:
        return None
    year = Fraction(int(year_match.group(1)))
    rest = key[: year_match.start()] + " " + key[year_match.end() :]
    if quarter := _QUARTER.search(rest):
        token = quarter.group(1)
        number = _ROMAN.get(token) or int(token)
        return year + Fraction(number - 1, 4)
    if month := _MONTH.search(key):
        number = int(month.group(1) or month.group(2))
        return year + Fraction(number - 1, 12)
    return year


def period_order(period: str) -> tuple[int, Fraction, str]:
    """Sort key: periods on the time line in time order, others after them by text."""
    position = period_position(period)
    if position is None:
        return (1, Fraction(0), period)
    return (0, position, period)


def years_between(start: str, end: str) -> Fraction | None:
    """Years from `start` to `end`, or None when either is not on the time line."""
    a, b = period_position(start), period_position(end)
    if a is None or b is None:
        return None
    return b - a
