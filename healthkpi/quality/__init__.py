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

from healthkpi.base.issues import Issue, Issues
from healthkpi.plan.schema import Indicator, Plan
from healthkpi.quality.completeness import Completeness, completeness, missing_periods, missing_units
from healthkpi.quality.identity import spelling_variants
from healthkpi.quality.outliers import outliers_across_units, outliers_over_time
from healthkpi.quality.plausibility import count_problems, implausible_indicators
from healthkpi.quality.rules import failed_checks
from healthkpi.quality.totals import total_mismatches
from healthkpi.read.dataset import DataSet

# An indicator over every row of the data: (numerator, denominator or None, value).
IndicatorColumns = tuple[np.ndarray, np.ndarray | None, np.ndarray]


def check_data(
    plan: Plan, data: DataSet, columns_of: Callable[[Indicator], IndicatorColumns]
) -> tuple[Issues, Completeness]:
    """Every data-quality issue of `data` for `plan`, and how complete it is."""
    issues: list[Issue] = []
    issues += missing_units(plan, data)
    issues += missing_periods(data)
    issues += count_problems(plan, data)
    issues += implausible_indicators(plan, data, columns_of)
    issues += failed_checks(plan, data)
    issues += total_mismatches(data, plan)
    issues += outliers_across_units(plan, data, columns_of)
    issues += outliers_over_time(plan, data, columns_of)
    issues += spelling_variants(plan, data)
    return Issues(issues), completeness(plan, data)


__all__ = ["Completeness", "IndicatorColumns", "check_data"]
