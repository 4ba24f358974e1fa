"""The form's own total and subtotal rows against the sum of their units, per count.

Only counts add up: a rate, a score or a percentage (`kind: value`) in a total row
is not the sum of the units' and is not compared. A subtotal ("Cộng huyện X",
"North East Total") is compared with the units whose parent is X; when no unit
has that parent, the row is said to be left out uncompared.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from healthkpi.base.issues import Code, Issue, Level
from healthkpi.base.text import unit_key
from healthkpi.plan.schema import Plan
from healthkpi.read.columns import INPUT, PARENT, PERIOD
from healthkpi.read.dataset import DataSet
from healthkpi.read.origin import TotalRow

TOLERANCE = 1e-9
# "Cộng huyện Mường Lát" → "Mường Lát"; "North East Total" → "North East".
_GROUP_PREFIX = re.compile(
    r"^(?:cộng|tổng|subtotal)\s*:?\s*(?:(?:huyện|quận|thị xã|thành phố|tp\.?|tx\.?|xã|phường|khu vực|vùng|cụm|tỉnh)\s+)?",
    re.I,
)
_GROUP_SUFFIX = re.compile(r"\s+(?:sub)?totals?\s*$", re.I)


def total_mismatches(data: DataSet, plan: Plan) -> list[Issue]:
    """A total row that differs from the sum of its units, per count variable."""
    issues = []
    frame = data.frame
    counts = {v for v in data.variables if plan.variables[v].kind == "count"}
    for total in data.totals:
        mine = frame[INPUT] == total.input
        mine &= frame[PERIOD].isna() if total.period is None else frame[PERIOD] == total.period
        if total.kind == "subtotal":
            issues += _subtotal(data, plan, total, frame.loc[mine], counts)
        else:
            issues += _compare(data, plan, total, frame.loc[mine], counts, template=None)
    return issues


def _subtotal(data: DataSet, plan: Plan, total: TotalRow, units: pd.DataFrame, counts: set[str]) -> list[Issue]:
    group = _group_of(total.label)
    parents = units[PARENT].map(lambda p: unit_key(p) if isinstance(p, str) and p else None)
    members = units.loc[(parents == unit_key(group)).to_numpy()]
    if not len(members):
        info = data.inputs[total.input]
        where = f"{info.sheet}!{info.unit_column or 'A'}{total.row}"
        return [
            Issue(Level.INFO, Code.TOTAL_MISMATCH, where, unit=total.label, period=total.period,
                  template="subtotal_not_compared", facts={"group": group})
        ]  # fmt: skip
    return _compare(data, plan, total, members, counts, template="subtotal_mismatch")


def _compare(
    data: DataSet, plan: Plan, total: TotalRow, units: pd.DataFrame, counts: set[str], template: str | None
) -> list[Issue]:
    info = data.inputs[total.input]
    issues = []
    for variable, stated in total.values.items():
        if variable not in counts or not np.isfinite(stated) or variable not in units:
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
                template=template,
                facts={
                    "label": plan.variables[variable].label,
                    "total": float(stated),
                    "sum": summed,
                    "missing": int(np.isnan(column).sum()),
                    "count": len(units),
                },
            )
        )
    return issues


def _group_of(label: str) -> str:
    """What a subtotal adds up: its label without "Cộng huyện" or "Total"."""
    return _GROUP_SUFFIX.sub("", _GROUP_PREFIX.sub("", label.strip())).strip() or label
