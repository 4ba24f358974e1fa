"""Numbers as people read them: Vietnamese "36,5" or English "36.5", rounded honestly.

Rounding must never make a missed target look met: 36.46 shown with one
decimal would read "36.5" next to "≥ 36.5" while failing, so such values get
as many more decimals as it takes ("36.46").
"""

from __future__ import annotations

import math
from decimal import MAX_EMAX, MIN_EMIN, ROUND_HALF_UP, Context, Decimal
from fractions import Fraction

from healthkpi.base.compare import COMPARISONS
from healthkpi.base.status import Status

MAX_EXTRA_DECIMALS = 8


# Enough digits for any float at any number of decimals shown: a float has at most 309 digits
# before the point, and what is shown has at most MAX_SHOWN_DECIMALS after it. Numbers are
# bounded where they enter (cells, plans), but a ratio of two bounded numbers need not be.
MAX_SHOWN_DECIMALS = 40
_EXACT = Context(prec=309 + MAX_SHOWN_DECIMALS + 1, rounding=ROUND_HALF_UP, Emax=MAX_EMAX, Emin=MIN_EMIN)


def round_decimal(value: float, decimals: int) -> Decimal:
    """Half-up rounding of the decimal the float stands for (not of its binary neighbour)."""
    decimals = max(0, min(decimals, MAX_SHOWN_DECIMALS))
    return Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-decimals), context=_EXACT)


def format_number(value: float | None, decimals: int = 1, lang: str = "vi") -> str:
    """`1234567.891` → "1.234.567,9" (vi) or "1,234,567.9" (en); "" for missing."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return ""
    text = f"{round_decimal(value, decimals):,.{decimals}f}"
    if text in ("-0", "-0." + "0" * decimals):
        text = text[1:]
    if lang == "vi":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


def short_number(value: float, lang: str = "vi") -> str:
    """Up to four decimals, without trailing zeros: 30 → "30", 22.1666… → "22,1667"."""
    text = format_number(value, 4, lang)
    mark = "," if lang == "vi" else "."
    return text.rstrip("0").rstrip(mark) if mark in text else text


def honest_decimals(
    value: float,
    decimals: int,
    status: str,
    edges: list[tuple[str, float]],
    near: list[tuple[str, float]] | None = None,
) -> int:
    """The fewest decimals ≥ `decimals` at which the shown value tells the truth.

    `edges` are the conditions the value had to meet, as (operator, edge); the
    shown value must meet all of them exactly when the status is pass, and must
    not when it is not. `near` are the conditions of the amber band: a value that
    missed must also look near when it is near, and not when it is not.
    """
    near = near or []
    if not edges or not math.isfinite(value) or status == Status.NO_DATA:
        return decimals
    # Nearly always the value is far from every edge compared with the rounding step
    # (half a unit of the last decimal): rounding cannot change which side it is on.
    step = 10.0**-decimals
    if all(abs(value - edge) > step for _op, edge in (*edges, *near) if math.isfinite(edge)):
        return decimals
    met = status == Status.PASS
    close = status == Status.NEAR
    exact_edges = [(op, Fraction(repr(float(edge)))) for op, edge in edges if math.isfinite(edge)]
    exact_near = [(op, Fraction(repr(float(edge)))) for op, edge in near if math.isfinite(edge)]
    for extra in range(MAX_EXTRA_DECIMALS + 1):
        shown = Fraction(round_decimal(value, decimals + extra))
        looks_met = all(COMPARISONS[op](shown, edge) for op, edge in exact_edges)
        looks_near = bool(exact_near) and all(COMPARISONS[op](shown, edge) for op, edge in exact_near)
        if looks_met == met and (met or not exact_near or looks_near == close):
            return decimals + extra
    return decimals + MAX_EXTRA_DECIMALS
