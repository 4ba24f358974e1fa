"""Which target applies to a unit in a period: the indicator's own, an override, or the annex.

The most specific entry wins — unit and period, then unit, then period, then
the indicator's own target — and at the same specificity an `overrides:`
entry of the plan wins over the annex (the plan file is the last word). Every
result says where its target came from (`target_source`).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

import numpy as np

from healthkpi.base.text import unit_key
from healthkpi.plan.schema import Indicator, Plan
from healthkpi.plan.targets import Band, Target


@dataclass(frozen=True)
class TargetSpec:
    target: Target
    near: Band | None
    source: str = "indicator"
    stepped: bool = False  # a target for one period: scored as it is, never as an on-track line

    @property
    def own(self) -> bool:
        return self.source == "indicator"


@dataclass(frozen=True)
class NamedUnit:
    """A unit the plan or its annex gives a target to (absent from the data: a missing_unit issue)."""

    unit: str
    indicator: str
    where: str


Key = tuple[str | None, str | None]  # (unit key, period)


class TargetBook:
    def __init__(self, plan: Plan, spelled: Mapping[str, str] | None = None):
        """`spelled`: a listed unit → the data's spelling of it, with or without its administrative
        word (quality/listed.py), so that its own target applies to the unit the data names."""
        self.plan = plan
        spelled = spelled or {}
        self._own = {i.id: TargetSpec(i.target, i.near) for i in plan.indicators}
        self._table: dict[str, dict[Key, TargetSpec]] = {i.id: {} for i in plan.indicators}
        self.named: list[NamedUnit] = []
        near_of = {i.id: i.near for i in plan.indicators}
        for entry in plan.annex:
            key: Key = (unit_key(spelled.get(entry.unit, entry.unit)), entry.period)
            spec = TargetSpec(entry.target, near_of[entry.indicator], f"annex: {entry.where}", entry.period is not None)
            self._table[entry.indicator][key] = spec
            self.named.append(NamedUnit(spelled.get(entry.unit, entry.unit), entry.indicator, entry.where))
        for indicator in plan.indicators:
            for n, override in enumerate(indicator.overrides):
                key = (unit_key(spelled.get(override.unit, override.unit)) if override.unit else None, override.period)
                label = override.source or f"indicators[{indicator.id}].overrides[{n}]"
                near = override.near if override.near is not None else indicator.near
                self._table[indicator.id][key] = TargetSpec(
                    override.target, near, f"override: {label}", override.period is not None
                )
                if override.unit:
                    named = spelled.get(override.unit, override.unit)
                    self.named.append(NamedUnit(named, indicator.id, f"{plan.path}: {label}"))

    def own(self, indicator: Indicator) -> TargetSpec:
        return self._own[indicator.id]

    def spec(self, indicator: Indicator, key: str, period: str | None) -> TargetSpec:
        table = self._table[indicator.id]
        if not table:
            return self._own[indicator.id]
        period = self._period(period)
        for candidate in ((key, period), (key, None), (None, period)):
            if candidate in table:
                return table[candidate]
        return self._own[indicator.id]

    def groups(
        self, indicator: Indicator, keys: np.ndarray, period: str | None
    ) -> Iterator[tuple[TargetSpec, np.ndarray]]:
        """The rows (positions in `keys`) that share each applicable target."""
        if not self._table[indicator.id]:
            yield self._own[indicator.id], np.arange(len(keys))
            return
        specs: dict[TargetSpec, list[int]] = {}
        for i, key in enumerate(keys):
            specs.setdefault(self.spec(indicator, key, period), []).append(i)
        for spec, positions in specs.items():
            yield spec, np.asarray(positions, dtype=np.int64)

    def _period(self, period: str | None) -> str | None:
        """Data without a period column is the plan's own period (a single one)."""
        if period is not None:
            return period
        own = self.plan.plan.period
        return own if own and "-" not in own else None
