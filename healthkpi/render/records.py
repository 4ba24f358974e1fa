"""Results as plain records (dicts of JSON-ready values), shared by JSON and CSV."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from ..scorecard import RESULT_FIELDS, TOTAL_FIELDS, Scorecard
from .grid import period_label

MAX_EXACT_INT = 2**53


def plain_number(value: Any) -> int | float | None:
    """NaN → None; 1234.0 → 1234; everything else as a float. Never inf or NaN."""
    if value is None:
        return None
    number = float(value)
    if not math.isfinite(number):
        return None
    if number.is_integer() and abs(number) < MAX_EXACT_INT:
        return int(number) if number != 0 else 0
    return number


_NUMBER_FIELDS = {
    "value",
    "numerator",
    "denominator",
    "gap",
    "threshold",
    "baseline_value",
    "change",
}


def records(card: Scorecard, frame: pd.DataFrame, fields: tuple[str, ...], lang: str) -> list[dict[str, Any]]:
    out = []
    columns = [f for f in fields if f in frame.columns]
    for row in frame[columns].itertuples(index=False, name=None):
        record: dict[str, Any] = {}
        for name, value in zip(columns, row, strict=True):
            if name in _NUMBER_FIELDS:
                record[name] = plain_number(value)
            elif name == "note":
                record[name] = value.text(lang) if value is not None else None
            elif name == "period":
                record[name] = period_label(card, None if _missing(value) else value)
            elif name in ("units_covered", "units_total"):
                record[name] = int(value)
            else:
                record[name] = None if _missing(value) else value
        out.append(record)
    return out


def result_records(card: Scorecard, lang: str) -> list[dict[str, Any]]:
    return records(card, card.results_frame, RESULT_FIELDS, lang)


def total_records(card: Scorecard, lang: str) -> list[dict[str, Any]]:
    return records(card, card.totals_frame, TOTAL_FIELDS, lang)


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))
