"""Comparison operators by their written form, and exact numbers from floats.

Shared by the expression grammar, the target forms, the judge and the display of
numbers, so that `>=` means one thing everywhere.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from fractions import Fraction
from typing import Any

COMPARISONS: dict[str, Callable[[Any, Any], Any]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
    "==": operator.eq,
    "!=": operator.ne,
}


def exact_number(value: float) -> Fraction:
    """The decimal a float was typed as: 0.1 → 1/10, not the binary neighbour of 0.1."""
    return Fraction(repr(float(value)))
