"""Cell values to numbers, a column at a time, remembering what each cell was."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field

import numpy as np

from healthkpi.base.numbers import MAX_FIGURE, Locale, NotANumber, parse_number
from healthkpi.read.percentcells import PercentCell

EMPTY, NUMBER, BAD, MARKED = 0, 1, 2, 3  # MARKED: a placeholder ("-", "n/a", "[x]"): missing, said so
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


_NUMERIC, _TEXT, _NONE, _OTHER = 1, 2, 3, 4  # a cell's type, as `convert_column` sorts cells
_TYPE_CODES = {float: _NUMERIC, int: _NUMERIC, str: _TEXT, type(None): _NONE}  # exact types: a bool is other


@dataclass
class Column:
    """One column's cells as numbers: `values` (NaN where not a number), what each
    cell `kinds` was (EMPTY, NUMBER, BAD) and, for BAD cells, why."""

    values: np.ndarray
    kinds: np.ndarray
    problems: dict[int, str]
    texts: dict[int, str] = field(default_factory=dict)  # numbers read from text ("1.234"), as typed
    too_large: set[int] = field(default_factory=set)  # BAD cells holding a number beyond MAX_FIGURE
    percentages: set[int] = field(default_factory=set)  # BAD cells: "12%" where a count goes (read/body.py)
    shown_as_percent: set[int] = field(default_factory=set)  # NUMBER cells the workbook shows as percentages
    counts_shown_as_percent: set[int] = field(default_factory=set)  # of them, counts kept (7,800 shown 780000%)


def convert_column(cells: list[object] | np.ndarray, locale: Locale) -> Column:
    """Numbers from a column of cells. Numeric cells and empty ones — nearly all of a
    real form — are sorted out by NumPy at once; only the rest is looked at one by one."""
    column = np.asarray(cells, dtype=object) if not isinstance(cells, np.ndarray) else cells
    n = len(column)
    values = np.full(n, np.nan)
    kinds = np.zeros(n, dtype=np.uint8)
    problems: dict[int, str] = {}
    texts: dict[int, str] = {}
    too_large: set[int] = set()
    shown_as_percent: set[int] = set()
    if n == 0:
        return Column(values, kinds, problems)
    # Each cell's type as a small code, in one pass: comparing codes is NumPy's work, comparing an
    # array of types (four times a column) cost as much again as the whole conversion.
    types = np.fromiter(map(_TYPE_CODES.get, map(type, column), itertools.repeat(_OTHER, n)), dtype=np.uint8, count=n)
    numeric = types == _NUMERIC
    if numeric.any():
        numbers = column[numeric].astype(float)
        values[numeric] = numbers
        kinds[numeric] = NUMBER
        # NaN, infinities and figures too large to be one (1e26): bounded here, where numbers enter,
        # so that nothing computed or shown from them can overflow.
        with np.errstate(invalid="ignore"):
            unusable = ~(np.abs(numbers) <= MAX_FIGURE)
        for i in np.flatnonzero(numeric)[unusable]:
            values[i] = np.nan
            kinds[i] = BAD
            problems[int(i)] = repr(column[i])
            if np.isfinite(float(column[i])):
                too_large.add(int(i))
    text_rows = np.flatnonzero(types == _TEXT)
    if len(text_rows):
        # Plain digits ("1250", as CSV holds every number) mean the same in every locale.
        strings = column[text_rows].astype(str)
        plain = np.char.isdigit(strings) & (np.char.str_len(strings) < 16)
        if plain.any():
            values[text_rows[plain]] = strings[plain].astype(float)
            kinds[text_rows[plain]] = NUMBER
            numeric[text_rows[plain]] = True
    rest = np.flatnonzero(~numeric & (types != _NONE))  # then "" left out, one by one:
    for i in rest:  # comparing a million numbers with "" would cost more than these few cells
        cell = column[i]
        if cell == "":
            continue
        if type(cell) is PercentCell and abs(cell) <= MAX_FIGURE:  # 0.96 shown as 96%: marked (read/body.py)
            values[i] = float(cell)
            kinds[i] = NUMBER
            shown_as_percent.add(int(i))
            continue
        if type(cell) is str:
            try:
                parsed = parse_number(cell, locale)
            except NotANumber as exc:
                kinds[i] = BAD
                problems[int(i)] = cell
                if exc.too_large:
                    too_large.add(int(i))
                continue
            if parsed is not None:
                values[i] = parsed
                kinds[i] = NUMBER
                texts[int(i)] = cell
            elif cell.strip():
                kinds[i] = MARKED
                texts[int(i)] = cell
        else:
            kinds[i] = BAD
            problems[int(i)] = describe(cell)
    return Column(values, kinds, problems, texts, too_large, shown_as_percent=shown_as_percent)


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
