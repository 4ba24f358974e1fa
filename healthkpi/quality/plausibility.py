"""Plausibility: counts below zero or not whole, coverage over 100 %, sex ratio at birth outside 90–130."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from healthkpi.base.issues import Code, Issue, Level
from healthkpi.plan.schema import Indicator, Plan, applying, is_on
from healthkpi.read.columns import PERIOD, UNIT
from healthkpi.read.dataset import DataSet


def count_problems(plan: Plan, data: DataSet) -> list[Issue]:
    """Negative and fractional values of variables the plan declares as counts."""
    issues: list[Issue] = []
    checked = [c for c in (Code.NEGATIVE_COUNT, Code.NON_INTEGER_COUNT) if applying(plan, str(c))]
    if not checked:
        return issues
    frame = data.frame
    for variable in data.variables:
        if plan.variables[variable].kind != "count" or variable not in frame:
            continue
        values = data.figures(variable)
        with np.errstate(invalid="ignore"):
            negative = values < 0
            fractional = np.isfinite(values) & (values != np.round(values))
        if "_apportioned" in frame:
            fractional &= ~frame["_apportioned"].to_numpy(dtype=bool)  # a share of an old unit's count, not a typo
        for code, level, mask in (
            (Code.NEGATIVE_COUNT, Level.ERROR, negative),
            (Code.NON_INTEGER_COUNT, Level.WARNING, fractional & ~negative),
        ):
            if code not in checked:
                continue
            for row in np.flatnonzero(mask):
                issues.append(
                    Issue(
                        level,
                        code,
                        data.cell(int(frame.index[row]), variable),
                        unit=frame[UNIT].iat[row],
                        variable=variable,
                        period=frame[PERIOD].iat[row],
                        facts={
                            "value": float(values[row]),
                            "label": plan.variables[variable].label,
                        },
                    )
                )
    return issues


def is_sex_ratio(indicator: Indicator) -> bool:
    return "sex_ratio" in indicator.id


def implausible_indicators(
    plan: Plan, data: DataSet, columns_of: Callable[[Indicator], tuple[np.ndarray, Any, np.ndarray]]
) -> list[Issue]:
    """A percentage whose numerator exceeds its denominator; a sex ratio at birth outside 90–130 (the
    plan's `quality:` may move the range or turn either check off, per indicator)."""
    issues = []
    for indicator in plan.indicators:
        over_100 = indicator.is_percentage and applying(plan, "over_100_percent", indicator)
        sex_ratio = applying(plan, "implausible_sex_ratio", indicator)
        sex_ratio = sex_ratio if is_sex_ratio(indicator) and is_on(sex_ratio) else None
        if not over_100 and sex_ratio is None:
            continue
        numerator, denominator, value = columns_of(indicator)
        with np.errstate(invalid="ignore"):
            if over_100 and denominator is not None:
                over = np.isfinite(numerator) & np.isfinite(denominator) & (denominator > 0) & (numerator > denominator)
                for row in map(int, np.flatnonzero(over)):
                    issues.append(
                        _issue(
                            data,
                            indicator,
                            row,
                            Code.OVER_100_PERCENT,
                            {
                                "numerator": float(numerator[row]),
                                "denominator": float(denominator[row]),
                                "value": float(value[row]),
                            },
                        )
                    )
            if sex_ratio is not None:
                low, high = sex_ratio.low, sex_ratio.high
                outside = np.isfinite(value) & ((value < low) | (value > high))
                for row in map(int, np.flatnonzero(outside)):
                    issues.append(
                        _issue(
                            data,
                            indicator,
                            row,
                            Code.IMPLAUSIBLE_SEX_RATIO,
                            {"value": float(value[row])},
                        )
                    )
    return issues


def _issue(data: DataSet, indicator: Indicator, row: int, code: Code, facts: dict[str, Any]) -> Issue:
    frame = data.frame
    names = list(indicator.numerator.names)
    where = next((data.cell(int(frame.index[row]), n) for n in names if n in data.variables), None)
    return Issue(
        Level.WARNING,
        code,
        where,
        unit=frame[UNIT].iat[row],
        period=frame[PERIOD].iat[row],
        facts={"indicator": indicator.id, "name": indicator.name, **facts},
    )
