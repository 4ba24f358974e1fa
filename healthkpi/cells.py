"""Cell values to numbers, a column at a time, remembering what each cell was."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import numpy as np

from .numbers import Locale, NotANumber, parse_number

EMPTY, NUMBER, BAD = 0, 1, 2
_FORMULA_ERRORS = (
    "#DIV/0!",
    "#N/A",
    "#VALUE!",
    "#REF!",
    "#NAME?",
    "#NUM!",
    "#NULL!",
    "#SPILL!",
    "#CALC!",
)


@dataclass
class Column:
    """One column's cells as numbers: `values` (NaN where not a number), what each
    cell `kinds` was (EMPTY, NUMBER, BAD) and, for BAD cells, why."""

    values: np.ndarray
    kinds: np.ndarray
    problems: dict[int, str]


def convert_column(cells: list[object], locale: Locale) -> Column:
    n = len(cells)
    values = np.full(n, np.nan)
    kinds = np.zeros(n, dtype=np.uint8)
    problems: dict[int, str] = {}
    for i, cell in enumerate(cells):
        kind = type(cell)
        if kind is float or kind is int:
            number = float(cell)  # type: ignore[arg-type]
            if math.isfinite(number):
                values[i] = number
                kinds[i] = NUMBER
            else:
                kinds[i] = BAD
                problems[i] = repr(cell)
        elif kind is str:
            if not cell:
                continue
            try:
                parsed = parse_number(cell, locale)  # type: ignore[arg-type]
            except NotANumber:
                kinds[i] = BAD
                problems[i] = str(cell)
                continue
            if parsed is not None:
                values[i] = parsed
                kinds[i] = NUMBER
        elif cell is None:
            continue
        else:
            kinds[i] = BAD
            problems[i] = describe(cell)
    return Column(values, kinds, problems)


def describe(cell: object) -> str:
    """How a non-number cell looked, for messages."""
    if isinstance(cell, bool):
        return "TRUE" if cell else "FALSE"
    if isinstance(cell, dt.datetime | dt.date):
        return cell.isoformat()
    return str(cell)


def is_formula_error(text: str) -> bool:
    return text.strip().upper() in _FORMULA_ERRORS


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def address(sheet: str, row: int, column: int) -> str:
    """`Số liệu!D7` from 0-based row and column."""
    return f"{sheet}!{column_letter(column)}{row + 1}"


def cell_text(cell: object) -> str:
    """A cell as text for header and label matching; numbers without '.0'."""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if cell is None:
        return ""
    return str(cell)
