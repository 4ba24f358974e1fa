"""The form's own total row against the sum of its units, per variable."""

from __future__ import annotations

import numpy as np

from healthkpi.base.issues import Code, Issue, Level
from healthkpi.plan.schema import Plan
from healthkpi.read.columns import INPUT, PERIOD
from healthkpi.read.dataset import DataSet

TOLERANCE = 1e-9


def total_mismatches(data: DataSet, plan: Plan) -> list[Issue]:
    """A total row that differs from the sum of its units, per variable."""
    issues = []
    frame = data.frame
    for total in data.totals:
        info = data.inputs[total.input]
        mine = frame[INPUT] == total.input
        mine &= frame[PERIOD].isna() if total.period is None else frame[PERIOD] == total.period
        units = frame.loc[mine]
        for variable, stated in total.values.items():
            if not np.isfinite(stated) or variable not in units:
                continue
            column = units[variable].to_numpy(dtype=float)
            summed = float(np.nansum(column))
            if abs(summed - stated) <= TOLERANCE * max(abs(stated), abs(summed), 1.0):
                continue
            issues.append(
                Issue(
                    Level.WARNING,
                    Code.TOTAL_MISMATCH,
                    f"{info.sheet}!{info.columns[variable]}{total.row}",
                    unit=total.label,
                    variable=variable,
                    period=total.period,
                    facts={
                        "label": plan.variables[variable].label,
                        "total": float(stated),
                        "sum": summed,
                        "missing": int(np.isnan(column).sum()),
                    },
                )
            )
    return issues
