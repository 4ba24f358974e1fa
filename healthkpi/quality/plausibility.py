"""Plausibility: counts below zero or not whole, coverage over 100 %, sex ratio at birth outside 90–130,
percentages written as fractions (0.96 for 96 %)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from healthkpi.base.issues import Code, Issue, Level
from healthkpi.plan.schema import Indicator, Plan, applying, is_on
from healthkpi.plan.targets import Between, Comparison
from healthkpi.read.columns import INPUT, PERIOD, UNIT
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
                            # as typed, to 4 places: 0.955 is not said 0.96 (that would look whole-ish)
                            "decimals": _places(float(values[row])),
                            "label": plan.variables[variable].label,
                        },
                    )
                )
    return issues


# A target from which a figure of 1 % or less is far-fetched: there, one such figure among
# percentages is doubted on its own (0.97 among 96, 97 under a target of >= 95).
FAR_FROM = 50


def percentages_as_fractions(plan: Plan, data: DataSet) -> list[Issue]:
    """The cells of a percentage read as it is given (`kind: value`, unit "%") that look like
    fractions of it, 0.96 for 96 %: scored as they are they miss the target and look clean (a cell
    formatted as a percentage in an .xlsb, whose formats are not read, or a CSV exported so). A
    figure above 0 and at most 1 is doubted when the target is a floor above 1 (`>= 95`, `> 80`, a
    range from 90, `== 100`) and either every figure of its sheet for its period lies between 0
    and 1, or its sheet's other figures for the period are percentages (their median above 1) and the
    target is 50 or more. A ceiling (`< 5`) is left alone: small rates are what it asks for. Each
    doubted cell is a warning, so the results computed from it are flagged."""
    issues: list[Issue] = []
    frame, said = data.frame, set()
    groups: np.ndarray | None = None
    for indicator in plan.indicators:
        variable = _percentage_given(plan, indicator)
        floor = _floor(indicator)
        if variable is None or floor is None or variable in said or variable not in data.variables:
            continue
        said.add(variable)
        values = data.figures(variable)
        small = np.isfinite(values) & (values > 0) & (values <= 1)
        if not small.any():
            continue
        if groups is None:  # one sheet and one period a group
            groups = pd.factorize(pd.MultiIndex.from_arrays([frame[INPUT], frame[PERIOD].fillna("")]))[0]
        for group in np.unique(groups[small]):
            rows = groups == group
            given = values[rows & np.isfinite(values)]
            if given.min() >= 0 and given.max() <= 1:
                template, doubted = "percent_as_fraction", rows & small
            elif floor[0] >= FAR_FROM and np.median(given) > 1:
                template, doubted = "percent_as_fraction_among", rows & small
            else:
                continue
            median = float(np.median(given))
            for row in np.flatnonzero(doubted):
                issues.append(_fraction_issue(plan, data, indicator, variable, int(row), template, median))
    return issues


def _fraction_issue(
    plan: Plan, data: DataSet, indicator: Indicator, variable: str, row: int, template: str, median: float
) -> Issue:
    frame = data.frame
    value = float(data.figures(variable)[row])
    places = _places(value)  # 0.935 said as written, not 0.94
    return Issue(
        Level.WARNING,
        Code.NOT_A_NUMBER,
        data.cell(int(frame.index[row]), variable),
        unit=frame[UNIT].iat[row],
        variable=variable,
        period=frame[PERIOD].iat[row],
        template=template,
        facts={
            "value": value,
            "decimals": places,
            "shown": round(value * 100, max(0, places - 2)),  # 57, not 57.00000000000001
            "middle": median,  # not "median": that name takes the value's decimals (base/messages.py)
            "label": plan.variables[variable].label,
            "name": indicator.name,
            "target": {lang: indicator.target.describe(lang) for lang in ("vi", "en")},
        },
    )


def _places(value: float) -> int:
    """The decimals a figure is written with, up to 4 (0.935: 3; 12.0: 0)."""
    text = repr(value)
    return 0 if "e" in text else min(4, len(text.partition(".")[2].rstrip("0")))


def _percentage_given(plan: Plan, indicator: Indicator) -> str | None:
    """The variable an indicator in percent takes as it is (no denominator, one `kind: value` name)."""
    if indicator.denominator is not None or indicator.unit is None or "%" not in indicator.unit:
        return None
    if not indicator.numerator.is_single_name:
        return None
    (name,) = indicator.numerator.names
    variable = plan.variables.get(name)
    return name if variable is not None and variable.kind == "value" else None


def _floor(indicator: Indicator) -> tuple[float] | None:
    """The lowest floor above 1 the indicator asks for, in its target and its per-unit or per-period
    targets; None when any of them is a ceiling, relative to the unit's past, or at most 1."""
    floors: list[float] = []
    for target in (indicator.target, *(o.target for o in indicator.overrides)):
        if isinstance(target, Comparison) and target.op in (">=", ">", "=="):
            floors.append(float(target.text))
        elif isinstance(target, Between):
            floors.append(float(target.low))
        else:
            return None
    return (min(floors),) if floors and min(floors) > 1 else None


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
