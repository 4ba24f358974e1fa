"""The form's own total and subtotal rows against the sum of their units, per count.

Only counts add up: a rate, a score or a percentage (`kind: value`) in a total row
is not the sum of the units' and is not compared. A subtotal ("Cộng huyện X",
"North East Total") is compared with the units whose parent is X. When no unit
has that parent (a form of sections, "I. Huyện A", whose units carry no parent),
it is compared with its block of the sheet: the units between it and the subtotal
before it, where the sheet's first subtotal comes after units (sums at the foot of
each section), else those between it and the next subtotal or total row (sums at
the head). When that block is empty too, the row is said to be left out uncompared.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from healthkpi.base.issues import Code, Issue, Level
from healthkpi.base.text import unit_key
from healthkpi.plan.schema import Plan
from healthkpi.read.columns import INPUT, PARENT, PERIOD, ROW
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
    if not data.totals:
        return []
    frame = data.frame
    # The frame's columns as arrays once, not a pandas selection per total row: a batch of
    # district forms checks a few totals in each of hundreds of workbooks.
    counts = {v: data.figures(v) for v in data.variables if plan.variables[v].kind == "count" and v in frame}
    inputs = frame[INPUT].to_numpy()
    periods = frame[PERIOD].to_numpy(dtype=object)
    no_period = pd.isna(periods)
    sheet_rows = frame[ROW].to_numpy()
    parents: list[str | None] | None = None
    issues = []
    for total in data.totals:
        mine = inputs == total.input
        mine &= no_period if total.period is None else ~no_period & (periods == total.period)
        rows = np.flatnonzero(mine)
        if total.kind == "subtotal":
            if parents is None:
                parents = [unit_key(p) if isinstance(p, str) and p else None for p in frame[PARENT].tolist()]
            block = _block(total, data.totals, rows, sheet_rows)
            issues += _subtotal(data, plan, total, rows, parents, counts, block)
        else:
            issues += _compare(data, plan, total, rows, counts, template=None)
    return issues


def _subtotal(
    data: DataSet,
    plan: Plan,
    total: TotalRow,
    rows: np.ndarray,
    parents: list[str | None],
    counts: dict[str, np.ndarray],
    block: tuple[np.ndarray, str],
) -> list[Issue]:
    group = _group_of(total.label)
    key = unit_key(group)
    members = np.array([r for r in rows.tolist() if parents[r] == key], dtype=np.int64)
    if not len(members) and len(block[0]):
        return _compare(data, plan, total, block[0], counts, template=f"subtotal_block_{block[1]}_mismatch")
    if not len(members):
        info = data.inputs[total.input]
        where = f"{info.sheet}!{info.unit_column or 'A'}{total.row}"
        return [
            Issue(Level.INFO, Code.TOTAL_MISMATCH, where, unit=total.label, period=total.period,
                  template="subtotal_not_compared", facts={"group": group})
        ]  # fmt: skip
    return _compare(data, plan, total, members, counts, template="subtotal_mismatch")


def _block(total: TotalRow, totals: list[TotalRow], rows: np.ndarray, sheet_rows: np.ndarray) -> tuple[np.ndarray, str]:
    """The units of `rows` (one sheet's, one period's) in the subtotal's block, and where the block
    lies ("above" or "below" it): see the module's docstring."""
    same = [t for t in totals if t.input == total.input and t.period == total.period]
    subtotals = sorted(t.row for t in same if t.kind == "subtotal")
    ends = sorted(t.row for t in same)
    at = sheet_rows[rows]
    if (at < subtotals[0]).any():  # the first subtotal sums the units above it: sums at the foot
        before = max((r for r in subtotals if r < total.row), default=0)
        return rows[(at > before) & (at < total.row)], "above"
    after = min((r for r in ends if r > total.row), default=None)
    inside = at > total.row if after is None else (at > total.row) & (at < after)
    return rows[inside], "below"


def _compare(
    data: DataSet, plan: Plan, total: TotalRow, rows: np.ndarray, counts: dict[str, np.ndarray], template: str | None
) -> list[Issue]:
    info = data.inputs[total.input]
    issues = []
    for variable, stated in total.values.items():
        if variable not in counts or not np.isfinite(stated):
            continue
        column = counts[variable][rows]
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
                    "count": len(rows),
                },
            )
        )
    return issues


def _group_of(label: str) -> str:
    """What a subtotal adds up: its label without "Cộng huyện" or "Total"."""
    return _GROUP_SUFFIX.sub("", _GROUP_PREFIX.sub("", label.strip())).strip() or label
