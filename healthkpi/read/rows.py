"""What each row below the header is: a unit, the total, or something to skip.

Statistical forms carry, besides units: a row of column numbers
(`A | B | (1) | (2)`), section rows ("I. Các huyện miền núi"), the total row
("Tổng cộng", "Toàn tỉnh", "Cộng"), notes ("Ghi chú: …") and signatures
("Người lập biểu", "Thanh Hóa, ngày … tháng … năm …").
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from enum import Enum

from healthkpi.base.text import loose_key, strip_accents, unit_key
from healthkpi.read.cells import cell_text


class RowKind(Enum):
    UNIT = "unit"
    TOTAL = "total"
    BLANK = "blank"
    COLUMN_NUMBERS = "column_numbers"
    SUBTOTAL = "subtotal"  # "Cộng huyện X": a sum of units above, never a unit
    SECTION = "section"  # a label and no figures: section titles, sub-headers
    PLACEHOLDER = "placeholder"  # "[z]", ".." in the unit cell: not a unit
    HEADER = "header"  # the header again: a second table, or one repeated on every page
    NO_NAME = "no_name"  # figures but no unit name
    OF_WHICH = "of_which"  # "Trong đó: các xã vùng III": a part of the units above, never a unit
    STATISTIC = "statistic"  # "Bình quân", "So với cùng kỳ (%)", "Năm 2020": the units summed up, never a unit
    END = "end"  # notes and signatures: the table is over


# Accent-aware: "Cộng" is the total, "Công Liêm" is a commune.
_TOTAL_EXACT = frozenset(
    unit_key(t)
    for t in (
        "Tổng cộng",
        "Tổng",
        "Cộng",
        "Tổng số",
        "Toàn tỉnh",
        "Toàn huyện",
        "Toàn thành phố",
        "Toàn TP",
        "Toàn thị xã",
        "Toàn quận",
        "Toàn xã",
        "Cả nước",
        "Cả tỉnh",
        "Cả huyện",
        "Cả thành phố",
        "Cả thị xã",
        "Cả quận",
        "Cả xã",
        "Cả vùng",
        "Tổng hợp",
        "T.Cộng",
        "T. Cộng",
        "Toàn quốc",
        "Toàn vùng",
        "Toàn khu vực",
        "Tổng toàn tỉnh",
        "Cộng toàn tỉnh",
        "Tổng cộng toàn tỉnh",
        "Total",
        "Grand total",
        "All",
    )
)
# Typed without accents, these phrases still cannot be a place name.
_TOTAL_LOOSE = frozenset(
    {
        "tong cong",
        "toan tinh",
        "toan huyen",
        "toan thanh pho",
        "toan khu vuc",
        "tong so",
        "ca nuoc",
        "ca tinh",
        "ca huyen",
        "tong hop",
        "toan quoc",
    }
)
_TOTAL_PREFIXES = tuple(
    unit_key(t) + " "
    for t in (
        "Tổng cộng",
        "Toàn tỉnh",
        "Toàn huyện",
        "Toàn thành phố",
        "Cả nước",
        "Cả tỉnh",
        "Cả huyện",
        "Toàn quốc",
        "Tổng số",
        "Total",
    )
)
_SUBTOTAL_PREFIXES = tuple(unit_key(t) + " " for t in ("Cộng", "Tổng", "Subtotal"))
_END_LOOSE = (
    "ghi chu",
    "chu thich",
    "nguon",
    "luu y",
    "nguoi lap",
    "nguoi bao cao",
    "thu truong",
    "giam doc",
    "pho giam doc",
    "truong phong",
    "ky ten",
    "ky, ",
    "xac nhan",
    "note",
    "notes",
    "source",
    "prepared by",
    "approved by",
)
_DATE_LINE = re.compile(r"ngay\s*[\d.…_ ]*\s*thang")
_COLUMN_TOKEN = re.compile(r"^\(?\s*([a-z]{1,2}|\d{1,3})\s*\)?(\s*=.*)?$", re.I)


_OF_WHICH = ("trong đó", "of which", "in which")
_OF_WHICH_FIRST = frozenset("TtOoIi")


def is_of_which(label: str) -> bool:
    """ "Trong đó: các xã vùng III", "- Trong đó nữ", "Of which: rural": figures for some of the units
    already counted. Scored as a unit it would count them twice, in the total and in its own row."""
    first = label.lstrip("-+•*.) \t")[:1]
    if first not in _OF_WHICH_FIRST:  # nearly every label: a name, looked at no further (a national list)
        return False
    text = " ".join(unicodedata.normalize("NFC", label).casefold().split()).lstrip("-+•*.) ")
    return text.startswith(_OF_WHICH) or loose_key(label).lstrip("-+•*.) ").startswith("trong do:")


@functools.lru_cache(maxsize=1 << 16)  # called for every row; labels recur in every period
def total_kind(label: str, total_label: str | None = None) -> RowKind | None:
    """TOTAL for the grand total, SUBTOTAL for "Cộng huyện X"-style rows, else None."""
    first = _first_word(label)
    if first not in _TOTAL_FIRST_WORDS and (not total_label or first != _first_word_of_total(total_label)):
        # nearly every row: a unit name cannot start a total; "North East Total" ends with it
        return RowKind.SUBTOTAL if _last_word(label) in _SUBTOTAL_LAST_WORDS and " " in label.strip() else None
    key = _without_note(unit_key(label))
    loose = _without_note(loose_key(label))
    if (total_label and key == _without_note(unit_key(total_label))) or key in _TOTAL_EXACT or loose in _TOTAL_LOOSE:
        return RowKind.TOTAL
    if key.startswith(_TOTAL_PREFIXES) or loose.startswith(tuple(t + " " for t in _TOTAL_LOOSE)):
        return RowKind.TOTAL
    if key.startswith(_SUBTOTAL_PREFIXES) and _second_word(loose) in _GROUP_WORDS:
        return RowKind.SUBTOTAL  # "Cộng huyện Mường Lát", not the commune "Cộng Hòa"
    if key.startswith("subtotal"):
        return RowKind.SUBTOTAL
    return None


_SUBTOTAL_LAST_WORDS = frozenset({"total", "totals", "subtotal"})
# What a subtotal adds up after "Cộng"/"Tổng": a district, an area… ("Cộng huyện X", "Tổng khu vực I").
_GROUP_WORDS = frozenset(
    {"huyen", "quan", "thi", "thanh", "tp", "tx", "xa", "phuong", "khu", "vung", "cum", "tinh", "nhom", "mien"}
)


def _second_word(loose: str) -> str:
    parts = loose.split(" ", 2)
    return parts[1].strip(".:,") if len(parts) > 1 else ""


def _last_word(label: str) -> str:
    return label[-16:].rsplit(" ", 1)[-1].casefold().strip(" :()")


# The first word of every total or subtotal label above, without accents.
_TOTAL_FIRST_WORDS = frozenset({"tong", "cong", "toan", "ca", "t.cong", "t.", "total", "grand", "all", "subtotal"})


@functools.lru_cache(maxsize=64)
def _first_word_of_total(total_label: str) -> str:
    return _first_word(total_label)


def _first_word(label: str) -> str:
    return _bare_word(label[:16].split(" ", 1)[0])


@functools.lru_cache(maxsize=1 << 12)  # first words recur: "Xã", "Phường", "Huyện"
def _bare_word(word: str) -> str:
    return (word if word.isascii() else strip_accents(word)).casefold().rstrip(":")


def _without_note(key: str) -> str:
    return re.sub(r"\s*\(.*\)\s*$", "", key).rstrip(" :")


# A row that sums up the units another way, or another period's total: "Bình quân", "So với cùng kỳ
# (%)", "Năm 2020" under the total. Read as a unit it had passed its targets and entered the total.
_STATISTIC_LOOSE = (
    "binh quan",
    "so voi ",
    "so sanh",
    "tang giam",
    "tang/giam",
    "tang, giam",
    "ty le so voi",
    "average",
    "change on",
    "compared with",
)
_PERIOD_LABEL = re.compile(r"(nam|ky|quy|thang|year|quarter|month)\s*[\divx]+\b.{0,20}$")


# The first words of those labels: every row's label is looked at, and nearly all stop here.
_STATISTIC_FIRST_WORDS = frozenset(
    {"binh", "so", "tang", "tang/giam", "tang,", "ty", "average", "change", "compared"}
    | {"nam", "ky", "quy", "thang", "year", "quarter", "month"}
)


def is_statistic_row(label: str) -> bool:
    """An average, a comparison or a period's row among the units: no unit is named so."""
    if _first_word(label.lstrip("-+•*.) ")) not in _STATISTIC_FIRST_WORDS:
        return False
    loose = loose_key(label).lstrip("-+•*.) ")
    return loose.startswith(_STATISTIC_LOOSE) or bool(_PERIOD_LABEL.match(loose))


def is_end_label(label: str) -> bool:
    loose = loose_key(label).lstrip("*-–—( ")
    if label.lstrip().startswith("*"):
        return True
    return loose.startswith(_END_LOOSE) or bool(_DATE_LINE.search(loose))


def is_column_numbers_row(cells: list[object], value_columns: list[int]) -> bool:
    """`A | B | (1) | (2) | (3)=(1)/(2)`: every filled cell a short token, the
    numbers under the value columns small and rising, or each of a run once in another order."""
    filled = [cell_text(c).strip() for c in cells if cell_text(c).strip()]
    if len(filled) < 2 or not all(_COLUMN_TOKEN.match(t) for t in filled):
        return False
    numbers = []
    for column in value_columns:
        if column < len(cells):
            text = cell_text(cells[column]).strip()
            match = _COLUMN_TOKEN.match(text) if text else None
            if match and match.group(1).isdigit():
                numbers.append(int(match.group(1)))
    if len(numbers) < 2 or all(a < b for a, b in itertools.pairwise(numbers)):
        return True
    # Columns moved after numbering ("1 | 2 | 3 | 5 | 4"): across the whole row, each number of a run
    # once, none missing. Read as a unit named "2", it had passed every target and entered the total.
    every = sorted(int(m.group(1)) for t in filled if (m := _COLUMN_TOKEN.match(t)) and m.group(1).isdigit())
    return len(every) >= 3 and all(b == a + 1 for a, b in itertools.pairwise(every))


def is_unit_number(cell: object) -> bool:
    text = cell_text(cell).strip().rstrip(".")
    return text.isdigit()
