"""What reading produces: one table of units (and periods) with where each value came from.

`DataSet.frame` has a row per unit and period — unit, unit_key, period, parent,
a column per variable, and the input and sheet row it was read from — beside
the inputs read, the workbooks' own total rows and the data issues found.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from healthkpi.base.errors import HealthkpiError
from healthkpi.base.issues import Issue
from healthkpi.base.periods import normalise_period, period_order
from healthkpi.base.text import clean, unit_key
from healthkpi.plan.schema import Plan
from healthkpi.plan.sidefiles import UnitMap
from healthkpi.read.activities import Reported
from healthkpi.read.columns import INPUT, KEY, PARENT, PERIOD, ROW, UNIT
from healthkpi.read.hierarchy import fill_parents, parent_issues
from healthkpi.read.origin import InputInfo, TotalRow
from healthkpi.read.unitmap import apply_unit_map


@dataclass(frozen=True)
class Panel:
    """Multi-period data as a grid: `rows[u, p]` is the frame row of unit u in period p (-1: none)."""

    keys: list[str]
    names: list[str]  # each unit as first written
    periods: list[str]
    rows: np.ndarray

    def spread(self, column: np.ndarray) -> np.ndarray:
        """A column of the frame as units × periods (NaN where a unit has no row)."""
        return np.where(self.rows >= 0, column[np.maximum(self.rows, 0)], np.nan)


@dataclass
class DataSet:
    """Everything read from the inputs: one row per unit and period, plus context."""

    frame: pd.DataFrame  # unit, unit_key, period, <variables…>, _input, _row
    inputs: list[InputInfo]
    totals: list[TotalRow]
    issues: list[Issue]
    variables: list[str]  # plan variables looked for
    missing_variables: list[str] = field(default_factory=list)  # no column in any input
    activities: list[Reported] = field(default_factory=list)  # what activity sheets say
    activity_sheet_found: bool = False
    expected_units: list[str] = field(default_factory=list)  # units the template listed
    raw: dict[tuple[int, int, str], str] = field(default_factory=dict)  # (input, row, variable) → text typed
    left_out: list[tuple[str, HealthkpiError]] = field(default_factory=list)  # inputs that could not be read
    # (new unit key, period) → the old units (and shares) rolled into it by a unit map
    composition: dict[tuple[str, str | None], list[tuple[str, float]]] = field(default_factory=dict)
    unit_map: UnitMap | None = None  # the map applied, if any
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, why): a repeat, or the plan's side file
    sections: list[TotalRow] = field(default_factory=list)  # section headings ("I. Huyện A"): where blocks begin

    @property
    def failed(self) -> list[tuple[str, str]]:
        """(path, why) of each input left out, why in English."""
        return self.failed_in("en")

    def failed_in(self, lang: str) -> list[tuple[str, str]]:
        """(path, why) of each input left out, why in `lang`."""
        return [(path, error.render(lang)) for path, error in self.left_out]

    def figures(self, variable: str) -> np.ndarray:
        """A variable's column as floats (NaN where missing), read-only: taken from the frame once,
        for the scoring and every check that reads it (a batch reads thousands of small forms)."""
        if variable not in self._figures:
            values = self.frame[variable].to_numpy(dtype=float)  # a view of the frame where it can be
            values.flags.writeable = False
            self._figures[variable] = values
        return self._figures[variable]

    @functools.cached_property
    def _figures(self) -> dict[str, np.ndarray]:
        return {}

    @property
    def periods(self) -> list[str | None]:
        """Periods present, in time order; [None] when the data has no period column."""
        return list(self._periods)

    @functools.cached_property
    def _periods(self) -> tuple[str | None, ...]:
        # asked for by every check of every indicator: worked out once (the frame is not changed)
        values = list(self.frame[PERIOD].dropna().unique())
        if not values:
            return (None,)
        return tuple(sorted(values, key=period_order))

    @property
    def latest_reported(self) -> str | None:
        """The last period with at least one value: a template's later years, still blank, are
        periods nobody has reported yet, not the latest figures."""
        periods = self.periods
        present = [v for v in self.variables if v in self.frame.columns]
        if periods == [None] or not present:
            return periods[-1]
        reported = self.frame[present].notna().any(axis=1).to_numpy()
        held = set(self.frame[PERIOD].to_numpy(dtype=object)[reported])
        return next((p for p in reversed(periods) if p in held), periods[-1])

    @property
    def has_periods(self) -> bool:
        return self.frame[PERIOD].notna().any()

    @functools.cached_property
    def panel(self) -> Panel:
        """Units × periods (in time order): which row of the frame holds each, -1 where none does."""
        frame = self.frame
        with_period = frame[PERIOD].notna().to_numpy()
        keys = frame[KEY].to_numpy(dtype=object)
        unit_codes, unit_keys = pd.factorize(keys)
        periods = [p for p in self.periods if p is not None]
        period_code = {p: i for i, p in enumerate(periods)}
        rows = np.full((len(unit_keys), len(periods)), -1, dtype=np.int64)
        codes = np.array([period_code.get(p, -1) for p in frame[PERIOD].to_numpy(dtype=object)], dtype=np.int64)
        where = np.flatnonzero(with_period & (codes >= 0))
        rows[unit_codes[where], codes[where]] = where
        first = np.full(len(unit_keys), -1, dtype=np.int64)
        first[unit_codes[::-1]] = np.arange(len(keys))[::-1]  # the first row of each unit
        names = frame[UNIT].to_numpy(dtype=object)[first]
        return Panel(list(unit_keys), list(names), periods, rows)

    @classmethod
    def from_frame(
        cls,
        frame: pd.DataFrame,
        plan: Plan,
        *,
        unit: str = "unit",
        period: str | None = None,
        parent: str | None = None,
    ) -> DataSet:
        """Data already in a DataFrame: one row per unit (and period), a column per variable.

        Columns are matched to variables by name; values must already be numbers.
        """
        variables = plan.used_variables
        missing = [v for v in variables if v not in frame.columns]
        data: dict[str, object] = {
            UNIT: [clean(u) for u in frame[unit]],
            KEY: [unit_key(u) for u in frame[unit]],
            PERIOD: pd.array(
                [normalise_period(p) for p in frame[period]] if period else [None] * len(frame),
                dtype=object,
            ),
            PARENT: pd.array(
                [_name_or_none(p) for p in frame[parent]] if parent else [None] * len(frame), dtype=object
            ),
        }
        for variable in variables:
            data[variable] = frame[variable].to_numpy(dtype=float) if variable in frame else np.full(len(frame), np.nan)
        data[INPUT] = np.zeros(len(frame), dtype=np.int64)
        data[ROW] = np.arange(2, len(frame) + 2)
        info = InputInfo(
            path="<DataFrame>",
            sheet="<DataFrame>",
            sha256="",
            format="frame",
            header_row=1,
            unit_column=None,
            period_column=None,
            columns={v: v for v in variables if v not in missing},
            units=len(frame),
        )
        built = pd.DataFrame(data)
        issues: list[Issue] = []
        composition: dict[tuple[str, str | None], list[tuple[str, float]]] = {}
        if plan.units_map is not None:  # the plan's unit map and hierarchy apply as they do to workbooks
            built, composition, issues = apply_unit_map(built, variables, plan.units_map)
        built = fill_parents(built, plan.parents)
        dataset = cls(built, [info], [], issues, variables, missing)
        dataset.composition, dataset.unit_map = composition, plan.units_map
        dataset.issues += parent_issues(built, lambda _row: None)
        return dataset

    def unit_cell(self, index: int) -> str | None:
        """The address of a unit's name (`Số liệu!B7`)."""
        inputs, rows = self._origin
        if rows[index] < 0:
            return None
        info = self.inputs[int(inputs[index])]
        return f"{info.sheet}!{info.unit_column}{int(rows[index])}" if info.unit_column else None

    @functools.cached_property
    def _origin(self) -> tuple[np.ndarray, np.ndarray]:
        """Input and sheet row of every frame row, as arrays (looked up once per issue)."""
        return self.frame[INPUT].to_numpy(dtype=np.int64), self.frame[ROW].to_numpy(dtype=np.int64)

    def cells(self, rows: np.ndarray, variable: str) -> list[str | None]:
        """`cell` for many frame rows at once (a column of addresses for a batch of issues)."""
        inputs, sheet_rows = self._origin
        prefixes = [
            f"{info.sheet}!{info.columns[variable]}" if variable in info.columns else None for info in self.inputs
        ]
        chosen, at = inputs[rows], sheet_rows[rows]
        if len(rows) and (chosen == chosen[0]).all() and (at >= 0).all() and prefixes[int(chosen[0])] is not None:
            # one input, every row read from a cell (a national batch of 400,000): joined without a test each
            return list(map(str(prefixes[int(chosen[0])]).__add__, map(str, at.tolist())))
        return [
            f"{prefixes[i]}{r}" if prefixes[i] is not None and r >= 0 else None
            for i, r in zip(inputs[rows].tolist(), sheet_rows[rows].tolist(), strict=True)
        ]

    def cell(self, index: int, variable: str) -> str | None:
        """The address (`Số liệu!D7`) a unit's value of `variable` was read from (None when
        it was added up from several old units)."""
        inputs, rows = self._origin
        if rows[index] < 0:
            return None
        info = self.inputs[int(inputs[index])]
        letter = info.columns.get(variable)
        return f"{info.sheet}!{letter}{int(rows[index])}" if letter else None


def _name_or_none(value: object) -> str | None:
    return clean(value) if isinstance(value, str) and value.strip() else None
