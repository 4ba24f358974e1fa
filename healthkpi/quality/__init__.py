"""Data-quality checks, run on every scoring and on their own by `healthkpi validate`.

They follow the dimensions of WHO's Data Quality Review toolkit, one module
each: completeness (missing values, units, periods), plausibility (negative
or fractional counts, coverage over 100 %, sex ratio at birth), declared
consistency rules (the plan's `checks:`), totals (the form's own total row),
outliers (across units and over time) and identity (duplicate and
look-alike unit names). Every finding is an `Issue` with a stable code.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from healthkpi.base.issues import Issue, IssueBatch, Issues
from healthkpi.plan.schema import Indicator, Plan, applying
from healthkpi.quality.completeness import Completeness, completeness, expected_units, missing_periods, missing_units
from healthkpi.quality.identity import spelling_variants
from healthkpi.quality.listed import plan_spellings
from healthkpi.quality.outliers import outliers_across_units
from healthkpi.quality.overtime import outliers_over_time
from healthkpi.quality.plausibility import count_problems, implausible_indicators, percentages_as_fractions
from healthkpi.quality.rules import failed_checks
from healthkpi.quality.totals import total_mismatches
from healthkpi.read.dataset import DataSet

# An indicator over every row of the data: (numerator, denominator or None, value).
IndicatorColumns = tuple[np.ndarray, np.ndarray | None, np.ndarray]


# Checks the plan may turn off for all its data at once (the others per indicator, too: outlier,
# outlier_over_time, over_100_percent, implausible_sex_ratio, zero_denominator — see plan.schema).
PLAN_SWITCHES = (
    "negative_count",
    "non_integer_count",
    "missing_value",
    "missing_period",
    "missing_unit",
    "total_mismatch",
    "spelling_variant",
    "check_failed",
)


def switched_off(plan: Plan) -> set[str]:
    """The codes of the checks the plan's `quality:` turns off for the whole plan."""
    return {code for code in PLAN_SWITCHES if not applying(plan, code)}


def without_switched_off(plan: Plan, issues: Issues) -> Issues:
    """The issues the plan wants: those of a check it turns off are dropped, wherever they were found
    (reading finds missing values, scoring missing periods)."""
    off = switched_off(plan)
    return Issues(p for p in issues.parts if str(p.code) not in off) if off else issues


def check_data(
    plan: Plan, data: DataSet, columns_of: Callable[[Indicator], IndicatorColumns]
) -> tuple[Issues, Completeness]:
    """Every data-quality issue of `data` for `plan`, and how complete it is."""
    before, after, complete = checks_but_over_time(plan, data, columns_of)
    return Issues([*before, *outliers_over_time(plan, data), *after]), complete


Found = list[Issue | IssueBatch]


def checks_but_over_time(
    plan: Plan, data: DataSet, columns_of: Callable[[Indicator], IndicatorColumns]
) -> tuple[Found, Found, Completeness]:
    """`check_data` but for `outliers_over_time`: the issues found before it and after it, and how
    complete the data is. Scoring makes these on the other core while it makes the rest (engine.py)."""
    before: Found = []
    before += missing_units(plan, data)
    before += missing_periods(data)
    before += count_problems(plan, data)
    before += implausible_indicators(plan, data, columns_of)
    before += percentages_as_fractions(plan, data)
    before += failed_checks(plan, data)
    before += total_mismatches(data, plan)
    before += outliers_across_units(plan, data, columns_of)
    return before, list(spelling_variants(plan, data)), completeness(plan, data)


__all__ = [
    "Completeness",
    "IndicatorColumns",
    "check_data",
    "checks_but_over_time",
    "expected_units",
    "outliers_over_time",
    "plan_spellings",
    "without_switched_off",
]
