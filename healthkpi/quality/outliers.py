"""Outliers: a unit far from the other units in the same period, or far from its own history.

Across units: the modified z-score (Iglewicz and Hoaglin) of the indicator
value, 0.6745 · (x − median) / MAD, flagged beyond 3.5. Over time (multi-
period data): a value outside mean ± 3 standard deviations of the unit's own
earlier periods, when it has at least three (± 2 as a note), and for counts a change from one period to
the next outside 0.67–1.33 of the previous value — WHO's Data Quality Review
thresholds.
"""

from __future__ import annotations

import warnings
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
    issues = []
    for indicator in plan.indicators:
        settings = applying(plan, "outlier", indicator)
        if not is_on(settings):
            continue
        value = columns_of(indicator)[2]
        for period in data.periods:
            rows = np.flatnonzero(pd.isna(periods) if period is None else periods == period)
            values = value[rows]
            known = np.isfinite(values)
            if known.sum() < settings.min_units:
                continue
            median = float(np.median(values[known]))
            mad = float(np.median(np.abs(values[known] - median)))
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


def _cell(data: DataSet, indicator: Indicator, row: int) -> str | None:
    """Where the value came from: the cell of the indicator's (first) numerator variable."""
    name = next((n for n in indicator.numerator.names if n in data.variables), None)
    return data.cell(int(data.frame.index[row]), name) if name else None


def outliers_over_time(plan: Plan, data: DataSet, columns_of: Columns) -> list[Issue]:
    if not data.has_periods or len(data.periods) < 2:
        return []
    panel = data.panel
    names, periods = panel.names, panel.periods
    issues: list[Issue] = []
    for indicator in plan.indicators:
        values = panel.spread(columns_of(indicator)[2])
        for k in range(MIN_HISTORY, len(periods)):
            earlier = values[:, :k]
            enough = np.isfinite(earlier).sum(axis=1)[:, None] >= MIN_HISTORY
            with np.errstate(invalid="ignore", divide="ignore"), warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)  # units with no history at all
                mean = np.nanmean(np.where(enough, earlier, np.nan), axis=1)
                sd = np.nanstd(np.where(enough, earlier, np.nan), axis=1, ddof=1)
                z = (values[:, k] - mean) / sd
            flagged = np.isfinite(z) & (sd > 0) & (np.abs(z) > SD_NOTE)
            for i in np.flatnonzero(flagged):
                level = Level.WARNING if abs(z[i]) > SD_WARNING else Level.INFO
                where = _cell(data, indicator, panel.rows[i, k])
                issues.append(
                    Issue(
                        level,
                        Code.OUTLIER_OVER_TIME,
                        where,
                        unit=names[i],
                        period=periods[k],
                        template="outlier_sd",
                        facts={
                            "indicator": indicator.id,
                            "name": indicator.name,
                            "value": float(values[i, k]),
                            "mean": float(mean[i]),
                            "sd": float(sd[i]),
                            "z": float(z[i]),
                            "decimals": indicator.decimals,
                        },
                    )
                )
    for variable in data.variables:
        if plan.variables[variable].kind != "count" or variable not in data.frame:
            continue
        values = panel.spread(data.frame[variable].to_numpy(dtype=float))
        low, high = RATIO_RANGE
        for k in range(1, len(periods)):
            with np.errstate(invalid="ignore", divide="ignore"):
                ratio = values[:, k] / values[:, k - 1]
            flagged = np.isfinite(ratio) & (values[:, k - 1] > 0) & ((ratio < low) | (ratio > high))
            for i in np.flatnonzero(flagged):
                row = panel.rows[i, k]
                issues.append(
                    Issue(
                        Level.INFO,
                        Code.OUTLIER_OVER_TIME,
                        data.cell(int(data.frame.index[row]), variable),
                        unit=names[i],
                        variable=variable,
                        period=periods[k],
                        template="outlier_ratio",
                        facts={
                            "label": plan.variables[variable].label,
                            "value": float(values[i, k]),
                            "previous": float(values[i, k - 1]),
                            "previous_period": periods[k - 1],
                            "ratio": float(ratio[i]),
                        },
                    )
                )
    return issues
