"""Completeness: units and periods that are missing, and the share of expected cells reported."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from healthkpi.base.issues import Code, Issue, Level
from healthkpi.base.text import unit_key
from healthkpi.plan.schema import Plan
from healthkpi.quality.listed import renamed, spelled_in_data
from healthkpi.read.columns import KEY, UNIT
from healthkpi.read.dataset import DataSet


@dataclass(frozen=True)
class Completeness:
    """Cells reported against cells expected: every unit × period × variable the plan uses."""

    reported: int
    expected: int
    by_unit: dict[str, tuple[int, int]]  # unit → (reported, expected)

    @property
    def share(self) -> float | None:
        return self.reported / self.expected if self.expected else None


def expected_units(plan: Plan, data: DataSet) -> list[str]:
    """Units the plan or the template lists, in their own spelling."""
    listed = renamed([*plan.units, *data.expected_units], data)
    spelled = spelled_in_data(listed, data)  # "Quan Hóa" listed, "Huyện Quan Hóa" in the data
    first_spelling: dict[str, str] = {}
    for name in (spelled.get(n, n) for n in listed):
        first_spelling.setdefault(unit_key(name), name)
    return list(first_spelling.values())


def missing_units(plan: Plan, data: DataSet) -> list[Issue]:
    present = set(data.frame[KEY].tolist())
    return [
        Issue(
            Level.WARNING,
            Code.MISSING_UNIT,
            None,
            unit=name,
            facts={"source": "template" if name in data.expected_units and name not in plan.units else "plan"},
        )
        for name in expected_units(plan, data)
        if unit_key(name) not in present
    ]


def missing_periods(data: DataSet) -> list[Issue]:
    """In multi-period data, a unit that lacks a period the others report."""
    if not data.has_periods:
        return []
    panel = data.panel
    return [
        Issue(
            Level.WARNING,
            Code.MISSING_PERIOD,
            None,
            unit=panel.names[u],
            period=panel.periods[p],
            template="unit_missing_period",
        )
        for u, p in np.argwhere(panel.rows < 0)
    ]


def completeness(plan: Plan, data: DataSet) -> Completeness:
    variables = [v for v in data.variables if v in data.frame.columns]
    per_unit = len(variables) * len(data.periods)
    frame = data.frame
    counts: dict[str, int] = {}
    names: dict[str, str] = {}  # the first spelling seen names a unit in the report
    if variables and len(frame):
        filled = np.isfinite(frame[variables].to_numpy(dtype=float)).sum(axis=1)
        for key, label, count in zip(frame[KEY].tolist(), frame[UNIT].tolist(), filled, strict=True):
            names.setdefault(key, label)
            counts[key] = counts.get(key, 0) + int(count)
    else:
        for key, label in zip(frame[KEY].tolist(), frame[UNIT].tolist(), strict=True):
            names.setdefault(key, label)
            counts.setdefault(key, 0)
    by_unit = {names[key]: (count, per_unit) for key, count in counts.items()}
    for name in expected_units(plan, data):
        if unit_key(name) not in names:
            by_unit[name] = (0, per_unit)
    reported = sum(done for done, _ in by_unit.values())
    return Completeness(reported, per_unit * len(by_unit), by_unit)
