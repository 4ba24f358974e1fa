"""Months and quarters as monthly and quarterly forms write them (DESIGN §3 "Accumulating indicators").

A period's span is the months of one year it covers: "1/2024", "T1/2024", "Tháng 1" (January),
"Quý II/2024" (April to June), "6 tháng đầu năm 2024" (January to June, a cumulative report),
"2024" (the whole year). The year may be missing ("Tháng 1" as a sheet name): the reader
completes it from the workbook's title rows or the plan's period and says so.

    >>> period_span("Quý II/2024")
    Span(year=2024, first=4, last=6)
    >>> period_span("Tháng 9").label()   # no year: no label until one is given
    >>> period_span("Tháng 9").with_year(2024).label()
    '9/2024'
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, replace

from healthkpi.base.text import loose_key

ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
ROMAN_OF = {number: token.upper() for token, number in ROMAN.items()}
_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|2\d\d\d)(?!\d)")
_CUMULATIVE = re.compile(r"^(?:bao cao\s+|ket qua\s+|so ket\s+)?(\d{1,2})\s*thang\b(?P<rest>.*)$")
_QUARTER = re.compile(r"(?:^|[^a-z])(?:quy|q|quarter)\s*\.?\s*(iv|iii|ii|i|[1-4])(?![a-z0-9])")
_MONTH_WORD = re.compile(r"(?:^|[^a-z])(?:thang|t|month)\s*\.?\s*(1[0-2]|0?[1-9])(?!\d)")
_MONTH_SLASH = re.compile(r"^(1[0-2]|0?[1-9])\s*[/.-]\s*(?:1[89]|2\d)\d\d$")
_YEAR_MONTH = re.compile(r"^(?:1[89]|2\d)\d\d\s*-\s*(1[0-2]|0[1-9])$")
_WHOLE_YEAR = re.compile(r"^(?:nam|ca nam|year)?\s*(?:1[89]|2\d)\d\d$|^ca nam$")


@dataclass(frozen=True)
class Span:
    """Months `first`..`last` (1-12) of `year` (None: not written)."""

    year: int | None
    first: int
    last: int

    @property
    def kind(self) -> str:
        """ "month", "quarter", "year" or "months" (a cumulative or other run of months)."""
        if self.first == self.last:
            return "month"
        if self.first == 1 and self.last == 12:
            return "year"
        if self.last - self.first == 2 and self.first % 3 == 1:
            return "quarter"
        return "months"

    def with_year(self, year: int) -> Span:
        return replace(self, year=year)

    def label(self) -> str | None:
        """The period as healthkpi writes it: "9/2024", "Quý III/2024", "6 tháng đầu năm 2024", "2024"."""
        if self.year is None:
            return None
        kind = self.kind
        if kind == "month":
            return f"{self.first}/{self.year}"
        if kind == "quarter":
            return f"Quý {ROMAN_OF[(self.first + 2) // 3]}/{self.year}"
        if kind == "year":
            return str(self.year)
        if self.first == 1:
            return f"{self.last} tháng đầu năm {self.year}"
        if self.last == 12:
            return f"{13 - self.first} tháng cuối năm {self.year}"
        return f"{self.first}-{self.last}/{self.year}"


@functools.lru_cache(maxsize=4096)
def period_span(text: str) -> Span | None:
    """The months `text` covers, or None when it does not read as a month, quarter or year."""
    key = " ".join(loose_key(text).replace("_", " ").split())
    if not key or len(key) > 60:
        return None
    year_match = _YEAR.search(key)
    year = int(year_match.group(1)) if year_match else None
    if cumulative := _CUMULATIVE.match(key):
        months = int(cumulative.group(1))
        rest = cumulative.group("rest")
        if not 1 <= months <= 12 or _QUARTER.search(rest) or _MONTH_WORD.search(rest):
            return None
        if "cuoi" in rest:
            return Span(year, 13 - months, 12)
        return Span(year, 1, months)
    if quarter := _QUARTER.search(key):
        token = quarter.group(1)
        number = ROMAN.get(token) or int(token)
        return Span(year, 3 * number - 2, 3 * number)
    if month := _MONTH_WORD.search(key) or _MONTH_SLASH.match(key) or _YEAR_MONTH.match(key):
        number = int(month.group(1))
        return Span(year, number, number)
    if _WHOLE_YEAR.match(key):
        return Span(year, 1, 12)
    return None


def title_year(lines: list[str]) -> int | None:
    """The year a form's title rows name ("BÁO CÁO TIÊM CHỦNG THÁNG 1 NĂM 2024"), when they name one."""
    years = []
    for line in lines:
        key = loose_key(line)
        if re.search(r"ngay\s+\S*\s*thang", key):  # "Tam Đường, ngày 05 tháng 02 năm 2024": when it was signed
            continue
        years += [int(y) for y in _YEAR.findall(key)]
    found = set(years)
    return years[0] if len(found) == 1 else None
