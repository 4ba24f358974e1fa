"""Numbers typed as text, the way Vietnamese and English forms write them.

Vietnamese (default): "1.234.567" = 1234567, "36,5" = 36.5, "1.234,5" = 1234.5.
English: "1,234,567" = 1234567, "36.5" = 36.5. Both: spaces (also no-break and
thin spaces) as thousand separators, a trailing "%" dropped ("12%" = 12),
stray quotes around the number ignored, "1e5" accepted.

A single separator that cannot be a thousands separator ("36.5" in
Vietnamese, "36,5" in English, "0.955": no number begins its thousands
with a 0) is read as the decimal mark: forms are typed
by hand in both conventions and that reading is the only sensible one.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal, InvalidOperation
from typing import Literal

from healthkpi.base.errors import Invalid

Locale = Literal["vi", "en"]

# The largest figure a cell may hold. Beyond 15 digits Excel itself cannot store a number
# exactly, and nothing a health office counts or spends comes near (Vietnam has 10^8 people and
# spends about 2·10^14 đồng a year on health); such a cell is a slip or a trap, and numbers that
# large would overflow what is computed and shown from them. It is not a number (not_a_number).
MAX_FIGURE = 1e15
# A number written in a plan or an annex (a target, a constant, a literal in a formula) is exact
# arithmetic's input: at most 15 decimals, at most 10^15 in size, and when not zero at least 10^-15
# (1e-999999999 would be a fraction with a billion-digit denominator), in at most 40 characters.
MAX_PLAN_DECIMALS = 15
MAX_NUMBER_CHARACTERS = 40
_SMALLEST_PLAN_NUMBER = Decimal("1e-15")
_LARGEST_PLAN_NUMBER = Decimal("1e15")


def is_figure(value: float) -> bool:
    """A finite number no larger than MAX_FIGURE: what a cell may hold."""
    return math.isfinite(value) and abs(value) <= MAX_FIGURE


def plan_number_problem(text: str) -> Invalid | None:
    """Why the number `text`, written in a plan or an annex, cannot be computed with — or None."""
    shown = text if len(text) <= 24 else f"{text[:20]}…"
    if len(text) > MAX_NUMBER_CHARACTERS:
        return Invalid("number_too_long", shown=shown, n=len(text), limit=MAX_NUMBER_CHARACTERS)
    try:
        number = Decimal(text)
    except InvalidOperation:
        return Invalid("not_a_plan_number", shown=shown)
    if not number.is_finite():
        return Invalid("not_finite", shown=shown)
    if number and not _SMALLEST_PLAN_NUMBER <= abs(number) <= _LARGEST_PLAN_NUMBER:
        return Invalid("number_too_large" if abs(number) > 1 else "number_too_small", shown=shown)
    exponent = number.as_tuple().exponent
    if isinstance(exponent, int) and -exponent > MAX_PLAN_DECIMALS:
        return Invalid("too_many_decimals", shown=shown, n=-exponent, limit=MAX_PLAN_DECIMALS)
    return None


# Cells that mean "nothing reported" rather than a malformed number: dashes and dots as Vietnamese
# forms write them, and the placeholders of official statistics ([z] not applicable, [x] not
# available, [c] confidential, [u] low reliability, ":" as Eurostat writes "not available").
MISSING_MARKS = frozenset(
    {"", "-", "--", "—", "–", "...", "..", "…", "x", "X", "n/a", "N/A", "na", "NA", "N.A.", ":", "*"}
    | {f"[{code}]" for code in ("z", "x", "c", "u", "w", "low", "k", "d")}
)


def is_missing_mark(text: str) -> bool:
    """A placeholder typed where a figure (or a unit name) would be: not a value, not a name."""
    return text.strip() in MISSING_MARKS and bool(text.strip())


_JUNK = str.maketrans(
    {
        "\u00a0": "",
        "\u2007": "",
        "\u2009": "",
        "\u202f": "",
        "\u200b": "",
        "\u200c": "",
        "\u200d": "",
        "\u2060": "",
        "\ufeff": "",
        " ": "",
        "\t": "",
        "\n": "",
        "\r": "",
        "'": "",
        '"': "",
        "\u201c": "",
        "\u201d": "",
        "\u2018": "",
        "\u2019": "",
        "`": "",
        "\u2212": "-",  # the minus sign Word and web forms use
    }
)
_PLAIN = re.compile(r"(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
# G = the thousands separator. A first group of zeros is no thousands ("0.955" is not 955 but a
# fraction written the other way); a leading zero before other digits is a slip ("020.000": 20000).
_GROUPED = re.compile(r"(?!0+G)\d{1,3}(?:G\d{3})+")


class NotANumber(ValueError):
    """Text that was meant to be a number but is not one (`too_large`: a number beyond MAX_FIGURE)."""

    def __init__(self, text: str, too_large: bool = False):
        super().__init__(text)
        self.too_large = too_large


def parse_number(text: str, locale: Locale = "vi") -> float | None:
    """Parse one cell's text. None means missing; NotANumber means unreadable.

    Never returns NaN, an infinity or a number beyond MAX_FIGURE: those are unreadable too.
    """
    stripped = text.strip()
    if stripped in MISSING_MARKS:
        return None
    compact = stripped.translate(_JUNK)
    if compact.endswith("%"):
        compact = compact[:-1]
    if not compact or len(compact) > 64:
        raise NotANumber(text)
    sign = ""
    if compact[0] in "+-":
        sign, compact = compact[0], compact[1:]
    group, decimal = (".", ",") if locale == "vi" else (",", ".")
    number = _normalise(compact, group, decimal)
    if number is None or not _PLAIN.fullmatch(number):
        raise NotANumber(text)
    value = float(sign + number)
    if not is_figure(value):
        raise NotANumber(text, too_large=True)
    return value


def _normalise(body: str, group: str, decimal: str) -> str | None:
    """Rewrite `body` (no sign) with no thousands separators and "." as decimal mark."""
    if group in body and decimal in body:
        whole, _, fraction = body.rpartition(decimal)
        if group in fraction or not _is_grouped(whole, group):
            return None
        return whole.replace(group, "") + "." + fraction
    if decimal in body:
        if body.count(decimal) > 1:
            return None
        return body.replace(decimal, ".")
    if group in body:
        if _is_grouped(body.split("e")[0].split("E")[0], group):
            return body.replace(group, "")
        if body.count(group) == 1:
            return body.replace(group, ".")  # "36.5" typed in a Vietnamese form
        return None
    return body


def _is_grouped(whole: str, group: str) -> bool:
    return bool(_GROUPED.fullmatch(whole.replace(group, "G")))
