"""Outliers across units: a unit far from the other units in the same period.

The modified z-score (Iglewicz and Hoaglin) of the indicator value,
0.6745 · (x − median) / MAD, flagged beyond 3.5 (the plan's `quality: outlier:`
may change it), when at least 5 units have a value. Over time: overtime.py.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from healthkpi.base.issues import Code, Issue, Level
from healthkpi.plan.schema import Indicator, Plan, applying, is_on
from healthkpi.read.columns import PERIOD, UNIT
from healthkpi.read.dataset import DataSet

SD_WARNING, SD_NOTE = 3.0, 2.0
MIN_HISTORY = 3  # a standard deviation of fewer earlier periods says little
RATIO_RANGE = (0.67, 1.33)

Columns = Callable[[Indicator], tuple[np.ndarray, Any, np.ndarray]]


def outliers_across_units(plan: Plan, data: DataSet, columns_of: Columns) -> list[Issue]:
    frame = data.frame
    periods = frame[PERIOD].to_numpy(dtype=object)
    rows_of = {p: np.flatnonzero(pd.isna(periods) if p is None else periods == p) for p in data.periods}  # once
    issues = []
    for indicator in plan.indicators:
        settings = applying(plan, "outlier", indicator)
        if not is_on(settings):
            continue
        value = columns_of(indicator)[2]
        for period, rows in rows_of.items():
            values = value[rows]
            known = np.isfinite(values)
            if known.sum() < settings.min_units:
                continue
            median = _median(values[known])
            mad = _median(np.abs(values[known] - median))
            if mad == 0:
                continue
            with np.errstate(invalid="ignore"):
                score = 0.6745 * (values - median) / mad
            for i in np.flatnonzero(known & (np.abs(score) > settings.z)):
                row = rows[i]
                issues.append(
                    Issue(
                        Level.WARNING,
                        Code.OUTLIER,
                        _cell(data, indicator, row),
                        unit=frame[UNIT].iat[row],
                        period=period,
                        facts={
                            "indicator": indicator.id,
                            "name": indicator.name,
                            "value": float(values[i]),
                            "median": median,
                            "score": float(score[i]),
                            "decimals": indicator.decimals,
                        },
                    )
                )
    return issues


def _median(values: np.ndarray) -> float:
    """np.median's value; for the few dozen units of a district form sorted in Python, where
    np.median's own set-up costs more than the sort (a batch takes hundreds of them per form)."""
    if len(values) > 200:
        return float(np.median(values))
    ordered = sorted(values.tolist())
    middle = len(ordered) // 2
    return float(ordered[middle]) if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def _cell(data: DataSet, indicator: Indicator, row: int) -> str | None:
    """Where the value came from: the cell of the indicator's (first) numerator variable."""
    name = next((n for n in indicator.numerator.names if n in data.variables), None)
    return data.cell(int(data.frame.index[row]), name) if name else None
