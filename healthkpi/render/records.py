"""Results as plain records (dicts of JSON-ready values), shared by JSON and CSV."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from healthkpi.render.grid import period_label
from healthkpi.scoring.scorecard import RESULT_FIELDS, TOTAL_FIELDS, Scorecard

MAX_EXACT_INT = 2**53


NUMBER_FIELDS = {
    "value",
    "numerator",
    "denominator",
    "gap",
    "threshold",
    "line",
    "baseline_value",
    "change",
    "units_covered",
    "units_total",
    "flagged_units",
}


_COUNT_FIELDS = {"units_covered", "units_total", "flagged_units"}  # ints, never missing


def records(card: Scorecard, frame: pd.DataFrame, fields: tuple[str, ...], lang: str) -> list[dict[str, Any]]:
    """One dict per row, built a column at a time (a national run has 200,000 rows)."""
    columns, converted = record_columns(card, frame, fields, lang)
    if columns == RESULT_FIELDS:
        return _result_dicts(*converted)
    return [dict(zip(columns, row, strict=True)) for row in zip(*converted, strict=True)]


def record_columns(
    card: Scorecard, frame: pd.DataFrame, fields: tuple[str, ...], lang: str
) -> tuple[tuple[str, ...], list[list[Any]]]:
    """The fields of `fields` the frame has, and each one's values as the records hold them."""
    columns = tuple(f for f in fields if f in frame.columns)
    return columns, [_column(card, frame[name], name, lang) for name in columns]


def _result_dicts(
    unit: list[Any],
    period: list[Any],
    indicator: list[Any],
    value: list[Any],
    numerator: list[Any],
    denominator: list[Any],
    target: list[Any],
    status: list[Any],
    gap: list[Any],
    threshold: list[Any],
    line: list[Any],
    target_source: list[Any],
    baseline_period: list[Any],
    baseline_value: list[Any],
    change: list[Any],
    note: list[Any],
    flags: list[Any],
) -> list[dict[str, Any]]:
    """The records of RESULT_FIELDS' columns, the fields written out: a dict display is made in half
    the time `dict(zip(fields, row))` takes (0.2 s against 0.4 s for a national run's 212,000)."""
    return [
        {
            "unit": a, "period": b, "indicator": c, "value": d, "numerator": e, "denominator": f, "target": g,
            "status": h, "gap": i, "threshold": j, "line": k, "target_source": m, "baseline_period": n,
            "baseline_value": o, "change": p, "note": q, "flags": r,
        }
        for a, b, c, d, e, f, g, h, i, j, k, m, n, o, p, q, r in zip(
            unit, period, indicator, value, numerator, denominator, target, status, gap, threshold, line,
            target_source, baseline_period, baseline_value, change, note, flags, strict=True,
        )
    ]  # fmt: skip


def _column(card: Scorecard, series: pd.Series, name: str, lang: str) -> list[Any]:
    if name in NUMBER_FIELDS - _COUNT_FIELDS:
        return plain_numbers(series.to_numpy(dtype=float))
    if name == "flags":
        return series.to_numpy(dtype=object).tolist()  # tuples of codes: orjson writes them as lists
    if name in _COUNT_FIELDS:
        return series.to_numpy(dtype=np.int64).tolist()
    values = series.to_numpy(dtype=object)  # iterating a pandas string array is slow
    if name == "note":
        return [None if note is None else note.text(lang) for note in values]
    if name == "period":
        labels: dict[Any, Any] = {}
        return [
            labels[p] if p in labels else labels.setdefault(p, period_label(card, None if _missing(p) else p))
            for p in values
        ]
    missing = pd.isna(values)
    if not missing.any():
        return values.tolist()
    return [None if gone else v for v, gone in zip(values.tolist(), missing.tolist(), strict=True)]


def plain_numbers(values: np.ndarray) -> list[int | float | None]:
    """`plain_number` for a whole column: NaN → None, whole numbers → int."""
    finite = np.isfinite(values)
    whole = finite & (np.abs(values) < MAX_EXACT_INT)
    whole[whole] = values[whole] == np.floor(values[whole])
    out = values.astype(object)  # a column at a time: a national run has a million figures
    out[whole] = values[whole].astype(np.int64).astype(object)
    out[~finite] = None
    return out.tolist()


def result_fields(card: Scorecard) -> tuple[str, ...]:
    # parents scored with --level parent carry units_covered, as totals do
    return TOTAL_FIELDS if card.level == "parent" else RESULT_FIELDS


def result_records(card: Scorecard, lang: str) -> list[dict[str, Any]]:
    return records(card, card.results_frame, result_fields(card), lang)


def total_records(card: Scorecard, lang: str) -> list[dict[str, Any]]:
    return records(card, card.totals_frame, TOTAL_FIELDS, lang)


def subtotal_records(card: Scorecard, lang: str) -> list[dict[str, Any]]:
    """One record per parent, indicator and period (a unit-level run over units that have parents)."""
    if card.subtotals_frame is None or not len(card.subtotals_frame):
        return []
    return records(card, card.subtotals_frame, TOTAL_FIELDS, lang)


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))
