"""`score`: indicators from counts, targets to statuses, totals as ratios of sums.

Pure computation: no files, no terminal. Every indicator is computed for all
rows at once (NumPy), then judged per period against the form of target that
applies there — a plain comparison, a change against an earlier period, or the
on-track line of a multi-year target — and finally totalled: numerators and
denominators are summed over the units that have both, then divided.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from fractions import Fraction

import numpy as np
import pandas as pd

from healthkpi import quality
from healthkpi.base.beside import Beside
from healthkpi.base.compare import exact_number
from healthkpi.base.errors import UsageError
from healthkpi.base.issues import Code, Issue, Issues, Level, Note
from healthkpi.base.periods import period_position, years_between
from healthkpi.base.spans import period_span
from healthkpi.base.text import unit_key
from healthkpi.plan.schema import Indicator, Plan, applying
from healthkpi.plan.targets import Between, Comparison, Relative, Target
from healthkpi.read.columns import KEY, PARENT, PERIOD, UNIT
from healthkpi.read.dataset import DataSet
from healthkpi.read.hierarchy import parent_name
from healthkpi.scoring.accumulate import YearToDate, elapsed, year_to_date
from healthkpi.scoring.activities import score_activities
from healthkpi.scoring.flags import flag_results
from healthkpi.scoring.judge import NO_DATA, STATUS_NAMES, judge
from healthkpi.scoring.scorecard import RESULT_FIELDS, TOTAL_FIELDS, Scorecard
from healthkpi.scoring.targetbook import TargetBook, TargetSpec

LATEST = None
CHECKS_BESIDE_FROM = 100_000  # figures (rows × variables): below, the checks are made in turn
ALL = "all"
UNITS, PARENTS = "unit", "parent"


def score(plan: Plan, data: DataSet, period: str | None = LATEST, level: str = UNITS) -> Scorecard:
    """Score `data` against `plan`: the latest period by default, a named one, or "all".

    `level="parent"` scores each parent (district, area) as a ratio of sums over
    its units; a unit-level run also gives subtotals per parent when units have one."""
    if level not in (UNITS, PARENTS):
        raise UsageError(key="unknown_level", level=level)
    own = plan.plan.period
    periods = choose_periods(data, period, own if own and "-" not in own else None)
    engine = _Engine(plan, data)
    book = TargetBook(plan, quality.plan_spellings(plan, data))
    groups = _parent_groups(data)
    if level == PARENTS and not groups:
        raise UsageError(key="no_parents")
    results: list[Block] = []
    subtotals: list[Block] = []
    totals: list[Block] = []
    # Most data-quality checks need nothing the scoring below makes: on a national run they are made
    # on the other core meanwhile (base/beside.py), the over-time check here after the scoring.
    checks = functools.partial(quality.checks_but_over_time, plan, data, engine.columns_of)
    with Beside(checks, worth_it=engine.n * max(1, len(data.variables)) >= CHECKS_BESIDE_FROM) as checking:
        for indicator in plan.indicators:
            values = engine.values(indicator)
            for current in periods:
                rows = engine.rows_of(current)
                if level == UNITS:
                    parts = [
                        _IndicatorPeriod(engine, indicator, values, current, rows[positions], spec).units()
                        for spec, positions in book.groups(indicator, engine.keys[rows], current)
                    ]
                    results.append(_in_row_order(parts))
                for parent, members in groups:
                    children = rows[np.isin(rows, members)]
                    spec = book.spec(indicator, unit_key(parent), current)
                    subtotal = _IndicatorPeriod(engine, indicator, values, current, children, spec).total(
                        label=parent, over=engine.units_among(members)
                    )
                    (results if level == PARENTS else subtotals).append(subtotal)
                whole = _IndicatorPeriod(engine, indicator, values, current, rows, book.own(indicator))
                totals.append(whole.total(over=engine.every_unit))
        engine.issues += _targets_for_absent_units(book, data)
        activities = score_activities(plan, data.activities, data.activity_sheet_found) if plan.activities else None
        over_time = quality.outliers_over_time(plan, data)
        before, after, completeness = checking.result()
    issues = Issues([*data.issues, *engine.issues, *before, *over_time, *after])
    if activities is not None:
        issues += activities.issues
    issues = quality.without_switched_off(plan, issues)
    results_frame = _concat(results, RESULT_FIELDS if level == UNITS else TOTAL_FIELDS)
    totals_frame, subtotals_frame = _concat(totals, TOTAL_FIELDS), _concat(subtotals, TOTAL_FIELDS)
    flag_results(
        plan, data, issues, results_frame, totals_frame, subtotals_frame, level == PARENTS, engine.year_to_date
    )
    fields = RESULT_FIELDS if level == UNITS else TOTAL_FIELDS
    results_frame = _in_order(results_frame, [*fields, *INTERNAL])
    totals_frame, subtotals_frame = (_in_order(f, [*TOTAL_FIELDS, *INTERNAL]) for f in (totals_frame, subtotals_frame))
    return Scorecard(
        plan=plan,
        data=data,
        periods=periods,
        results_frame=results_frame,
        totals_frame=totals_frame,
        issues=issues,
        activities=activities,
        completeness=completeness,
        subtotals_frame=subtotals_frame,
        level=level,
    )


def _parent_groups(data: DataSet) -> list[tuple[str, np.ndarray]]:
    """Each parent (as first written) and the frame rows of its units, in order of appearance."""
    parents = [parent_name(p) for p in data.frame[PARENT].tolist()]
    groups: dict[str, tuple[str, list[int]]] = {}
    for row, parent in enumerate(parents):
        if parent is not None:
            groups.setdefault(unit_key(parent), (parent, []))[1].append(row)
    return [(name, np.asarray(rows, dtype=np.int64)) for name, rows in groups.values()]


def choose_periods(data: DataSet, period: str | None, plan_period: str | None = None) -> list[str | None]:
    """The periods to score. Data with no period column is the plan's one year (`plan_period`), so
    `--period` naming that year scores it, and naming another says so."""
    available = data.periods
    if period is None:
        return [data.latest_reported]
    if period == ALL:
        return available
    if period in available:
        return [period]
    wanted = period_span(period)
    if wanted is not None and wanted.year is not None:  # "Tháng 9/2024" for the data's "9/2024"
        same: list[str | None] = [p for p in available if p is not None and period_span(p) == wanted]
        if len(same) == 1:
            return same
    shown = ", ".join(str(p) for p in available if p is not None)
    if not shown and plan_period is not None:
        if period_span(period) is not None and period_span(period) == period_span(plan_period):
            return [None]
        raise UsageError(key="unknown_period_plan", period=period, plan_period=plan_period)
    raise UsageError(key="unknown_period" if shown else "unknown_period_none", period=period, found=shown)


ExactValue = Callable[[Indicator, Sequence[int]], Fraction | None]


def exact_values(plan: Plan, data: DataSet) -> ExactValue:
    """For explanations: an indicator over some rows (frame positions) as a ratio of exact sums,
    computed as score computes it (the data's columns are prepared once, for every call)."""
    return _Engine(plan, data).exact_value


def accumulated_rows(plan: Plan, data: DataSet) -> Callable[[Indicator, int], tuple[tuple[int, ...], int] | None]:
    """For explanations: the rows an accumulating indicator's year to date adds up for a row (frame
    positions, earliest first) and the row its year's denominator comes from; None when it has none."""
    engine = _Engine(plan, data)

    def rows(indicator: Indicator, row: int) -> tuple[tuple[int, ...], int] | None:
        engine.values(indicator)
        ytd = engine.year_to_date.get(indicator.id)
        if ytd is None or ytd.pieces[row] is None:
            return None
        return ytd.pieces[row] or (), int(ytd.denominator_row[row])

    return rows


def _in_row_order(parts: list[Block]) -> Block:
    """Rows scored against different targets, back in the order of the data."""
    if len(parts) == 1:
        return parts[0]
    joined = Block.join(parts)
    return joined.taken(np.argsort(joined.columns["_row"], kind="stable"))


def _targets_for_absent_units(book: TargetBook, data: DataSet) -> list[Issue]:
    present = set(data.frame[KEY].tolist())
    present |= {unit_key(p) for p in map(parent_name, data.frame[PARENT].tolist()) if p}  # a parent's own target
    seen: set[tuple[str, str]] = set()
    issues = []
    for named in book.named:
        key = unit_key(named.unit)
        if key in present or (key, named.where) in seen:
            continue
        seen.add((key, named.where))
        issues.append(
            Issue(Level.WARNING, Code.MISSING_UNIT, named.where, unit=named.unit, template="missing_unit_target",
                  facts={"indicator": named.indicator})
        )  # fmt: skip
    return issues


# for renderers: the TargetSpec, the Target, the data row, whether it is counted; for a total, the rows it adds up
INTERNAL = ("spec", "rule", "_row", "_covered", "_counted", "_absent")


def _concat(blocks: list[Block], fields: Sequence[str]) -> pd.DataFrame:
    """The output fields and the internal columns; the flags (set once every issue is known) in
    their place already, so that setting them moves no column."""
    columns = [*fields, *INTERNAL]
    if not blocks:
        return pd.DataFrame({f: [] for f in columns})
    joined = Block.join(blocks)
    n = len(joined.columns["_row"])
    for later in ("flags", "flagged_units"):
        joined.columns.setdefault(later, _filled(n, None))
    return joined.frame([c for c in columns if c in joined.columns])


def _in_order(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """`frame` with `columns` in this order; itself when they are (a copy of a national run's
    results only to reorder them would double its memory)."""
    return frame if list(frame.columns) == columns else frame[columns]


class Block:
    """The result columns of one indicator and period, kept as NumPy arrays and made into one
    table only once every indicator is scored: a DataFrame per indicator and period costs more
    than scoring a district. The table is typed as pandas types a frame per block joined with
    `pd.concat`: a text column is `str` only where every block's is all text (a block of None
    periods keeps it `object`), so the outputs do not depend on how the results were put together."""

    def __init__(self, columns: dict[str, np.ndarray], texts: set[str] | None = None):
        self.columns = columns
        self.texts = texts if texts is not None else {n for n, a in columns.items() if _all_text(a)}

    def __setitem__(self, name: str, values: np.ndarray) -> None:
        self.columns[name] = values
        if _all_text(values):
            self.texts.add(name)

    def taken(self, order: np.ndarray) -> Block:
        return Block({n: a[order] for n, a in self.columns.items()}, set(self.texts))

    @staticmethod
    def join(blocks: list[Block]) -> Block:
        """The blocks one after the other. They are used up: each column of theirs is let go once
        joined, so a national run holds its results about once, not twice."""
        if len(blocks) == 1:
            return blocks[0]
        first = blocks[0]
        texts = {n for n in first.texts if all(n in b.texts for b in blocks)}
        columns = {}
        for name in list(first.columns):
            parts = [b.columns.pop(name) for b in blocks]
            array = parts[0]
            if array.dtype == object and name not in texts:
                # a text block joined to a block that is not: pandas had made its None NaN already
                parts = [_missing_as_nan(p) if name in b.texts else p for p, b in zip(parts, blocks, strict=True)]
            columns[name] = np.concatenate(parts)
        return Block(columns, texts)

    def frame(self, columns: Sequence[str] | None = None) -> pd.DataFrame:
        names = list(columns) if columns is not None else list(self.columns)
        return pd.DataFrame(
            {
                n: self.columns[n]
                if self.columns[n].dtype != object or n in self.texts
                else pd.Series(self.columns[n], dtype=object, copy=False)
                for n in names
            },
            copy=False,
        )


def _all_text(values: np.ndarray) -> bool:
    """Text and missing values only, some text: a column pandas types `str`."""
    return values.dtype == object and pd.api.types.infer_dtype(values, skipna=True) == "string"


def _missing_as_nan(values: np.ndarray) -> np.ndarray:
    missing = pd.isna(values)
    if not missing.any():
        return values
    values = values.copy()
    values[missing] = np.nan
    return values


def _filled(n: int, value: object) -> np.ndarray:
    """`value` n times, the one object: `fill` stores the same reference in every element (a tuple
    too, which assigning a list would read as a sequence), without building an n-long list first."""
    array = np.empty(n, dtype=object)
    array.fill(value)
    return array


@dataclass
class _Values:
    """An indicator over every row of the data (NaN where it cannot be computed)."""

    numerator: np.ndarray
    denominator: np.ndarray | None
    value: np.ndarray
    covered: np.ndarray  # the row's inputs are all present: it counts towards totals


def _one_name_per_unit(plan: Plan, data: DataSet) -> np.ndarray:
    """Each row's unit as results name it: one spelling per unit across periods ("Thiệu Hóa" in
    2020 and "Thiệu Hoá" in 2021 are one unit), the plan's or template's when it lists one."""
    frame = data.frame
    names: dict[str, str] = {}
    for key, name in zip(frame[KEY].tolist(), frame[UNIT].tolist(), strict=True):
        names.setdefault(key, name)
    if len(names) == len(frame):
        return frame[UNIT].to_numpy(dtype=object)  # one row per unit: nothing to unify
    for listed in [*plan.units, *data.expected_units]:
        if unit_key(listed) in names:
            names[unit_key(listed)] = listed
    return np.array([names[k] for k in frame[KEY].tolist()], dtype=object)


class _Engine:
    """Shared state of one scoring run: the data as arrays, exact re-evaluation, issues."""

    def __init__(self, plan: Plan, data: DataSet):
        self.plan = plan
        self.data = data
        self.frame = data.frame
        self.n = len(self.frame)
        self.columns = {v: data.figures(v) for v in data.variables}
        self.issues: list[Issue] = []
        self.constants = {k: float(v) for k, v in plan.constants.items()}
        self.keys = self.frame[KEY].to_numpy(dtype=object)
        self.periods = self.frame[PERIOD].to_numpy(dtype=object)
        self.names = _one_name_per_unit(plan, data)
        own = plan.plan.period
        self.plan_period = own if own and "-" not in own else None  # data without periods is this one
        self._cache: dict[str, _Values] = {}
        self._rows: dict[str | None, np.ndarray] = {}  # each period's rows
        self._raw: dict[str, _Values] = {}  # an accumulating indicator's own period values
        self.year_to_date: dict[str, YearToDate] = {}
        self.said_missing: set[tuple[str, str, str]] = set()
        # The units a total is over: every unit of the data, whatever its periods, and those the plan
        # or template lists but the data lacks. A unit absent from a period (its year typed 2012)
        # makes that period's total one over 14 of 15 units, marked so, not a complete one of 14.
        self.every_unit = self.units_among(np.arange(self.n))
        for name in quality.expected_units(plan, data):
            self.every_unit.setdefault(unit_key(name), name)
        self._warned_periods: set[tuple[str, str]] = set()
        # A negative count cannot be true, as a figure outside a declared valid range cannot: it
        # is not used (no data, left out of the totals), while its error-level negative_count
        # issue says why. Scored, -3 people living with HIV made a pass of -0.08 % and lowered
        # the district's total. Switching the check off in `quality:` keeps such figures.
        excluding_negatives = bool(applying(plan, str(Code.NEGATIVE_COUNT)))
        for name in data.variables:
            if excluding_negatives and plan.variables[name].kind == "count":
                with np.errstate(invalid="ignore"):
                    negative = self.columns[name] < 0
                if negative.any():
                    self.columns[name] = np.where(negative, np.nan, self.columns[name])
        for name in data.variables:  # a figure outside its declared valid range is not used
            valid = plan.variables[name].valid
            if valid is not None:
                self.columns[name] = self._within(valid, self.columns[name], plan.variables[name].label, variable=name)

    def units_among(self, rows: np.ndarray) -> dict[str, str]:
        """The units of `rows` in any period: key → name, in order of appearance."""
        return dict(zip(self.keys[rows].tolist(), self.names[rows].tolist(), strict=True))

    def rows_of(self, period: str | None) -> np.ndarray:
        if period not in self._rows:
            missing = pd.isna(self.periods)
            self._rows[period] = np.flatnonzero(missing if period is None else ~missing & (self.periods == period))
        return self._rows[period]

    def values(self, indicator: Indicator) -> _Values:
        if indicator.id in self._cache:
            return self._cache[indicator.id]
        env = {**self.constants, **self.columns}
        with np.errstate(all="ignore"):
            numerator = self._broadcast(indicator.numerator.evaluate(env))
            denominator = None
            if indicator.denominator is not None:
                denominator = self._broadcast(indicator.denominator.evaluate(env))
                value = numerator * indicator.per / denominator
                covered = np.isfinite(numerator) & np.isfinite(denominator)
                value[~covered | (denominator == 0)] = np.nan
            else:
                value = numerator * indicator.per
                covered = np.isfinite(numerator)
            # Inputs that are all numbers but whose arithmetic leaves the range of
            # floats (1e308 × 10,000) give no value, never inf or NaN in an output.
            inputs = np.ones(self.n, dtype=bool)
            for name in _names(indicator):
                if name in self.columns:
                    inputs &= np.isfinite(self.columns[name])
            overflow = inputs & ~np.isfinite(value)
            if denominator is not None:
                overflow &= denominator != 0
            covered &= ~overflow
            value[~np.isfinite(value)] = np.nan
        if indicator.valid is not None:  # outside its valid range: no data, and out of the totals
            kept = self._within(indicator.valid, value, indicator.name, indicator=indicator)
            covered &= ~(np.isfinite(value) & ~np.isfinite(kept))
            value = kept
        result = _Values(numerator, denominator, value, covered)
        self._cache[indicator.id] = result
        self._zero_denominators(indicator, result)
        if indicator.accumulate is not None and denominator is not None:
            self._raw[indicator.id] = result
            self._cache[indicator.id] = result = self._accumulated(indicator, result)
        for row in map(int, np.flatnonzero(overflow)):
            self.issues.append(
                Issue(Level.WARNING, Code.NOT_A_NUMBER, self._cell(row, indicator.numerator.names),
                      unit=self.frame[UNIT].iat[row], period=self.periods[row], template="not_finite",
                      facts={"indicator": indicator.id, "name": indicator.name})
            )  # fmt: skip
        return result

    def _within(
        self,
        valid: tuple[float | None, float | None],
        values: np.ndarray,
        label: str,
        variable: str | None = None,
        indicator: Indicator | None = None,
    ) -> np.ndarray:
        """`values` with those outside `valid` made missing, each said in an error-level issue."""
        low, high = valid
        with np.errstate(invalid="ignore"):
            outside = np.isfinite(values) & (
                (values < low if low is not None else False) | (values > high if high is not None else False)
            )
        if not outside.any():
            return values
        for row in map(int, np.flatnonzero(outside)):
            names = [variable] if variable else list(indicator.numerator.names) if indicator else []
            self.issues.append(
                Issue(
                    Level.ERROR,
                    Code.CHECK_FAILED,
                    self._cell(row, names),
                    unit=self.frame[UNIT].iat[row],
                    variable=variable,
                    period=self.periods[row],
                    template="outside_valid_range",
                    facts={
                        "name": label,
                        "value": float(values[row]),
                        "range": f"[{_bound(low)}, {_bound(high)}]",
                        **({"indicator": indicator.id} if indicator else {}),
                    },
                )
            )
        kept = values.copy()
        kept[outside] = np.nan
        return kept

    def _accumulated(self, indicator: Indicator, own: _Values) -> _Values:
        """The indicator year to date: numerators summed since the start of the year, over the year's figure."""
        assert own.denominator is not None
        numerator = np.where(own.covered, own.numerator, np.nan)  # a value left out (valid range) is missing
        ytd = year_to_date(
            self.keys, self.periods, numerator, own.denominator, indicator.accumulate or "year", self.plan_period
        )
        self.year_to_date[indicator.id] = ytd
        with np.errstate(all="ignore"):
            value = ytd.numerator * indicator.per / ytd.denominator
        covered = np.isfinite(ytd.numerator) & np.isfinite(ytd.denominator)
        value[~covered | (ytd.denominator == 0) | ~np.isfinite(value)] = np.nan
        return _Values(ytd.numerator, ytd.denominator, value, covered)

    def columns_of(self, indicator: Indicator) -> tuple[np.ndarray, np.ndarray | None, np.ndarray]:
        """(numerator, denominator, value) over every row, for the data-quality checks: an
        accumulating indicator's own period figures, not its sums (which grow month by month)."""
        values = self.values(indicator)
        values = self._raw.get(indicator.id, values)
        return values.numerator, values.denominator, values.value

    def _broadcast(self, value: object) -> np.ndarray:
        array = np.asarray(value, dtype=float)
        return np.array(np.broadcast_to(array, (self.n,)), dtype=float)

    # -- exact re-evaluation, for values too close to an edge to trust floats --

    def exact_parts(self, indicator: Indicator, row: int) -> tuple[Fraction, Fraction | None] | None:
        """Numerator and denominator of one row as exact fractions; None if not computable.
        An accumulating indicator's: the exact sum since the start of the year, the year's figure."""
        ytd = self.year_to_date.get(indicator.id) if indicator.accumulate else None
        if ytd is None and indicator.accumulate and indicator.denominator is not None:
            self.values(indicator)
            ytd = self.year_to_date.get(indicator.id)
        if ytd is not None:
            chain, figure = ytd.pieces[row], int(ytd.denominator_row[row])
            if chain is None or figure < 0:
                return None
            total = Fraction(0)
            for piece in chain:
                parts = self._exact_own(indicator, piece)
                if parts is None:
                    return None
                total += parts[0]
            own = self._exact_own(indicator, figure)
            return None if own is None else (total, own[1])
        return self._exact_own(indicator, row)

    def _exact_own(self, indicator: Indicator, row: int) -> tuple[Fraction, Fraction | None] | None:
        env: dict[str, Fraction] = {}
        names = set(indicator.numerator.names)
        if indicator.denominator is not None:
            names |= set(indicator.denominator.names)
        for name in names:
            raw = self.constants[name] if name in self.constants else self.columns[name][row]
            if not np.isfinite(raw):
                return None
            env[name] = exact_number(raw)
        try:
            numerator = indicator.numerator.evaluate(env, Fraction)
            denominator = None if indicator.denominator is None else indicator.denominator.evaluate(env, Fraction)
        except ZeroDivisionError:
            return None
        return numerator, denominator

    def exact_value(self, indicator: Indicator, rows: Sequence[int] | np.ndarray) -> Fraction | None:
        """The indicator over `rows` as a ratio of exact sums (one row: its own value)."""
        numerator, denominator = Fraction(0), Fraction(0)
        for row in rows:
            parts = self.exact_parts(indicator, row)
            if parts is None:
                return None
            numerator += parts[0]
            if parts[1] is not None:
                denominator += parts[1]
        per = exact_number(indicator.per)
        if indicator.denominator is None:
            return numerator * per
        if denominator == 0:
            return None
        return numerator * per / denominator

    # -- issues found while scoring ----------------------------------------

    def _zero_denominators(self, indicator: Indicator, values: _Values) -> None:
        denominator = indicator.denominator
        if values.denominator is None or denominator is None or not applying(self.plan, "zero_denominator", indicator):
            return
        zero = np.flatnonzero(values.covered & (values.denominator == 0))
        single = _single(denominator.names)
        # said by the labels the form uses, not only by the plan's ids ("population")
        label = self.plan.variables[single].label if single in self.plan.variables else str(denominator)
        for row in map(int, zero):
            self.issues.append(
                Issue(
                    Level.WARNING,
                    Code.ZERO_DENOMINATOR,
                    self._cell(row, denominator.names),
                    unit=self.frame[UNIT].iat[row],
                    variable=single,
                    period=self.periods[row],
                    facts={
                        "indicator": indicator.id,
                        "denominator": str(denominator),
                        "label": label,
                    },
                )
            )

    def missing_period(self, indicator: Indicator, period: str, role: str) -> None:
        if (indicator.id, period) in self._warned_periods:
            return
        self._warned_periods.add((indicator.id, period))
        self.issues.append(
            Issue(
                Level.WARNING,
                Code.MISSING_PERIOD,
                None,
                period=period,
                template=f"missing_period_{role}",
                facts={"indicator": indicator.id},
            )
        )

    def _cell(self, row: int, names: Sequence[str]) -> str | None:
        for name in names:
            if name in self.columns:
                where = self.data.cell(int(self.frame.index[row]), name)
                if where:
                    return where
        return None


def _single(names: Sequence[str]) -> str | None:
    return names[0] if len(names) == 1 else None


class _IndicatorPeriod:
    """One indicator in one period: its unit results and its total."""

    def __init__(
        self,
        engine: _Engine,
        indicator: Indicator,
        values: _Values,
        period: str | None,
        rows: np.ndarray,
        spec: TargetSpec,
    ):
        self.engine = engine
        self.indicator = indicator
        self.values = values
        self.period = period
        self.rows = rows
        self.spec = spec

    # -- which form of target applies in this period --------------------------

    def _on_track(self) -> _Way | None:
        """The way from the baseline to the target, when this period lies on it (else None).

        Data without a period column is the plan's own period when the plan names one year; when
        even that is unknown, the period cannot be placed on the way: a `_Way` with no share, scored
        as no data (the final target applied early would be a verdict on nothing)."""
        ind = self.indicator
        if ind.by is None or ind.baseline is None or self.spec.stepped:
            return None
        if not self.spec.target.draws_line:
            return None  # a range (from an annex or override) has no single edge to draw a line to
        period = self.period or self.engine.plan_period
        if period is None:
            return _Way(ind.baseline, None)
        now, by, base = period_position(period), period_position(ind.by), period_position(ind.baseline)
        if now is None or by is None or base is None or not base <= now < by:
            return None
        return _Way(ind.baseline, _share_of_way(ind.baseline, period, ind.by))

    def _not_due(self) -> bool:
        """A period before the one the target is due in (`by:`) with no line to it: the plan names no
        baseline, or the period lies before it. The target does not apply yet (scored against it, a
        unit on its way would fail: the final target applied early). A target set for the period
        itself (an override, the annex) applies, as does a unit's own range, which has no line anyway."""
        ind, spec = self.indicator, self.spec
        if ind.by is None or spec.stepped or self._monitored() or self._on_track() is not None:
            return False
        if not spec.own and not spec.target.draws_line:
            return False
        now, by = period_position(self.period or self.engine.plan_period or ""), period_position(ind.by)
        return now is not None and by is not None and now < by

    # -- unit results -------------------------------------------------------

    def units(self) -> Block:
        rows = self.rows
        metric = self.values.value[rows]
        target = self.spec.target
        out = _Columns(len(rows))
        out.value = metric
        way = self._on_track()
        if self._not_due():
            out.reason_all = Note("not_due", (("by", str(self.indicator.by)),))
        elif isinstance(target, Comparison) and self._monitored():
            self._monitoring(target, out, None)
        elif isinstance(target, Relative):
            self._relative_units(target, out)
        elif isinstance(target, Comparison) and way is not None:
            self._on_track_units(target, way, out)
        else:
            self._plain(target, metric, out, lambda i: self._exact_single(rows[i]))
        out.target = str(target)
        self._explain_missing(out)
        return out.frame(self, unit=self.engine.names[rows])

    def _monitored(self) -> bool:
        """An accumulating indicator: judged year to date against the monitoring line."""
        return self.indicator.accumulate is not None and self.indicator.id in self.engine.year_to_date

    def _monitoring(self, target: Comparison, out: _Columns, total_rows: np.ndarray | None) -> None:
        """Year to date against the monitoring line: a `>=`/`>` target × the share of the year over,
        the whole target at year end (other comparisons: the target itself). `total_rows`: the
        rows a total adds up (None: unit results, one per row)."""
        engine, ind = self.engine, self.indicator
        ytd = engine.year_to_date[ind.id]
        place = elapsed(self.period, ind.accumulate or "year", engine.plan_period)
        if total_rows is None:
            self._missing_months(ytd)
        if place is None:
            out.reason_all = Note("accumulate_no_period", (("period", self.period or "—"),))
            out.target = str(target)
            return
        grows = target.op in (">=", ">") and not place.complete
        share = place.share if grows else Fraction(1)
        rule = target.on_the_way() if grows else target
        band = self.spec.near
        if band is not None and not band.relative and grows:  # an amount at year end: that share of it now
            band = replace(band, amount=band.amount * share)
        line_exact = target.number * share
        metric = out.value
        threshold = np.full(metric.shape, float(line_exact))
        rows, counted = self.rows, total_rows

        def exact(i: int) -> tuple[Fraction, Fraction] | None:
            v = engine.exact_value(ind, [rows[i]] if counted is None else counted)
            return None if v is None else (v, line_exact)

        out.status = judge(metric, threshold, rule, band, exact)
        out.threshold = threshold
        if target.op in (">=", ">"):
            out.line = threshold
        out.gap = metric - threshold
        out.target = str(target)
        out.rule = rule

    def _missing_months(self, ytd: YearToDate) -> None:
        """One missing_period issue per unit that did not report an earlier period of the year, where
        the data-quality check does not already name it (a period no unit reported at all)."""
        engine = self.engine
        reported = {period_span(p) for p in engine.data.periods if p is not None}
        for row in map(int, self.rows):
            label = ytd.missing[row]
            if label is None or period_span(label) in reported:
                continue
            said = (self.indicator.id, engine.keys[row], label)
            if said in engine.said_missing:
                continue
            engine.said_missing.add(said)
            engine.issues.append(
                Issue(
                    Level.WARNING,
                    Code.MISSING_PERIOD,
                    None,
                    unit=engine.names[row],
                    period=label,
                    template="missing_period_accumulate",
                    facts={"indicator": self.indicator.id, "scored": self.period or ""},
                )
            )

    def _exact_single(self, row: int) -> Fraction | None:
        return self.engine.exact_value(self.indicator, [row])

    def _plain(
        self,
        rule: Comparison | Between,
        metric: np.ndarray,
        out: _Columns,
        exact_metric: Callable[[int], Fraction | None],
    ) -> None:
        threshold = np.full(metric.shape, float(rule.number) if isinstance(rule, Comparison) else 0.0)
        exact_threshold = rule.number if isinstance(rule, Comparison) else Fraction(0)

        def exact(i: int) -> tuple[Fraction, Fraction] | None:
            value = exact_metric(i)
            return None if value is None else (value, exact_threshold)

        out.status = judge(metric, threshold, rule, self.spec.near, exact)
        if isinstance(rule, Comparison):
            out.threshold = threshold
            out.gap = metric - threshold

    def _relative_units(self, target: Relative, out: _Columns) -> None:
        engine, rows = self.engine, self.rows
        base_rows = self._base_rows(target.vs, rows)
        base = np.where(base_rows >= 0, self.values.value[np.maximum(base_rows, 0)], np.nan)
        if not len(base_rows) or (base_rows < 0).all():
            engine.missing_period(self.indicator, target.vs, "relative")
        now = self.values.value[rows]
        metric, edge_map = self._change(target, now, base, out)
        comparison = target.comparison
        threshold = np.full(now.shape, float(comparison.number))

        def exact(i: int) -> tuple[Fraction, Fraction] | None:
            v = engine.exact_value(self.indicator, [rows[i]])
            b = engine.exact_value(self.indicator, [base_rows[i]]) if base_rows[i] >= 0 else None
            if v is None or b is None:
                return None
            change = _exact_change(target.kind, v, b)
            return None if change is None else (change, comparison.number)

        out.status = judge(metric, threshold, comparison, self.spec.near, exact, edge_map(self.period))
        out.change = metric
        out.baseline_value = base
        out.baseline_period = target.vs

    def _change(
        self, target: Relative, now: np.ndarray, base: np.ndarray, out: _Columns
    ) -> tuple[np.ndarray, Callable[[str | None], Callable[[Fraction], Fraction | None] | None]]:
        no_map: Callable[[str | None], None] = lambda _period: None  # noqa: E731
        years = years_between(target.vs, self.period) if self.period else None
        if self.period == target.vs or (years is not None and years <= 0):
            # The comparison period itself, or one before it: there is no change to judge.
            out.reason_all = Note("vs_not_before", (("vs", target.vs),))
            return np.full(now.shape, np.nan), no_map
        with np.errstate(all="ignore"):
            if target.kind == "change":
                return now - base, no_map
            if target.kind == "change_pct":
                metric = (now - base) / base * 100
                metric[base == 0] = np.nan
                return metric, no_map
            if years is None:
                out.reason_all = Note("vs_not_before", (("vs", target.vs),))
                return np.full(now.shape, np.nan), no_map
            ratio = now / base
            ratio[(base <= 0) | (ratio < 0)] = np.nan
            metric = (np.power(ratio, 1 / float(years)) - 1) * 100

        def per_year_map(_period: str | None) -> Callable[[Fraction], Fraction | None] | None:
            # Exactly: ((v/b)^(1/n) − 1)·100 OP e  ⇔  v/b OP (1 + e/100)^n, for whole n.
            if years.denominator != 1:
                return None
            n = int(years)

            def to_ratio(edge: Fraction) -> Fraction | None:
                base_rate = 1 + edge / 100
                return base_rate**n if base_rate > 0 else None

            return to_ratio

        return metric, per_year_map

    def _on_track_units(self, target: Comparison, way: _Way, out: _Columns) -> None:
        engine, rows, ind = self.engine, self.rows, self.indicator
        base_rows = self._base_rows(way.baseline, rows)
        if (base_rows < 0).all():
            engine.missing_period(ind, way.baseline, "baseline")
        base = np.where(base_rows >= 0, self.values.value[np.maximum(base_rows, 0)], np.nan)
        out.baseline_value = base
        out.baseline_period = way.baseline
        if way.share is None:  # no line can be drawn: no verdict
            out.reason_all = Note("no_baseline", (("period", way.baseline),))
            return
        share = way.share
        line = target.line(base, share)
        metric = self.values.value[rows]

        def exact(i: int) -> tuple[Fraction, Fraction] | None:
            v = engine.exact_value(ind, [rows[i]])
            b = engine.exact_value(ind, [base_rows[i]]) if base_rows[i] >= 0 else None
            if v is None or b is None:
                return None
            return v, target.line(b, share)

        out.status = judge(metric, line, target.on_the_way(), self.spec.near, exact)
        out.threshold = line
        out.line = line
        out.gap = metric - line

    def _base_rows(self, period: str, rows: np.ndarray) -> np.ndarray:
        """For each row, the row of the same unit in `period` (-1 where there is none)."""
        engine = self.engine
        base_index = engine.rows_of(period)
        if not len(base_index):
            return np.full(len(rows), -1, dtype=np.int64)
        positions = pd.Index(engine.keys[base_index]).get_indexer(engine.keys[rows])
        return np.where(positions >= 0, base_index[np.maximum(positions, 0)], -1)

    def _explain_missing(self, out: _Columns) -> None:
        """Say why each no_data result has no data."""
        engine, ind = self.engine, self.indicator
        ytd = engine.year_to_date.get(ind.id) if ind.accumulate else None
        for i in np.flatnonzero(out.status == NO_DATA):
            row = self.rows[i]
            missing = [n for n in _names(ind) if n in engine.columns and not np.isfinite(engine.columns[n][row])]
            if ytd is not None and ytd.missing[row] is not None:
                out.notes[i] = Note("accumulate_missing", (("period", ytd.missing[row]),))
            elif (
                ytd is not None and not missing and ytd.pieces[row] is not None and not np.isfinite(ytd.numerator[row])
            ):
                out.notes[i] = Note("accumulate_missing_value", ())
            elif missing:
                # a figure the sheet has but the run does not use (a negative count, one outside
                # its valid range) is said so: "missing" would send the analyst to an empty cell
                unused = [n for n in missing if n in engine.data.variables and np.isfinite(engine.data.figures(n)[row])]
                key = "not_used" if unused == missing else "missing"
                out.notes[i] = Note(key, (("variables", tuple(missing)),))
            elif self.values.denominator is not None and self.values.denominator[row] == 0:
                out.notes[i] = Note("zero_denominator", (("denominator", str(ind.denominator)),))
            elif out.reason_all is not None:
                out.notes[i] = out.reason_all
            elif out.baseline_period is not None and not np.isfinite(out.baseline_value[i]):
                # after a reorganisation, say that no old unit was mapped into this one for that period
                key = "no_old_units" if engine.data.composition else "no_baseline"
                out.notes[i] = Note(key, (("period", out.baseline_period),))
            elif out.baseline_period is not None:
                out.notes[i] = Note("baseline_zero", (("period", out.baseline_period),))
            else:
                out.notes[i] = Note("not_computable")

    # -- the total ----------------------------------------------------------

    def total(self, label: str | None = None, over: dict[str, str] | None = None) -> Block:
        """The total of this period's rows (a parent's subtotal with `label`); `over`: the units it
        is over (key → name), those absent from this period among them."""
        ind, engine, target = self.indicator, self.engine, self.spec.target
        out = _Columns(1)
        covered_rows = self.rows[self.values.covered[self.rows]]
        present = set(engine.keys[self.rows].tolist())
        absent = tuple(name for key, name in (over or {}).items() if key not in present)
        units_total = len(self.rows) + len(absent)
        way = self._on_track()
        vs = target.vs if isinstance(target, Relative) else way.baseline if way is not None else None
        if self._not_due():
            out.value = np.array([self._ratio_of_sums(covered_rows)])  # shown, judged against nothing yet
            out.reason_all = Note("not_due", (("by", str(self.indicator.by)),))
            out.target = str(target)
        elif isinstance(target, Comparison) and self._monitored():
            out.value = np.array([self._ratio_of_sums(covered_rows)])
            self._monitoring(target, out, covered_rows)
        elif vs is not None:
            base_rows = self._base_rows(vs, covered_rows)
            both = base_rows >= 0
            both[both] = self.values.covered[base_rows[both]]
            covered_rows, base_rows = covered_rows[both], base_rows[both]
            out.value = np.array([self._ratio_of_sums(covered_rows)])
            base_value = self._ratio_of_sums(base_rows)
            if isinstance(target, Relative):
                self._relative_total(target, out, covered_rows, base_rows, base_value)
            elif isinstance(target, Comparison) and way is not None:
                self._on_track_total(target, way, out, covered_rows, base_rows, base_value)
        else:
            # total_target is the plan's figure for the whole; a parent (area, district) is held to the unit rule
            whole = label is None and ind.total_target is not None and ind.is_count
            rule = ind.total_target if whole and ind.total_target is not None else target
            assert not isinstance(rule, Relative)  # handled above
            out.target = str(rule)
            out.rule = rule
            if self._not_additive():
                out.reason_all = Note("not_additive")  # the sum of scores or rates is no score, no rate
            else:
                out.value = np.array([self._ratio_of_sums(covered_rows)])
                self._plain(rule, out.value, out, lambda _i: engine.exact_value(ind, covered_rows))
        out.covered = np.array([len(covered_rows) > 0])
        out.numerator = np.array([self.values.numerator[covered_rows].sum()])
        out.denominator = (
            np.array([self.values.denominator[covered_rows].sum()])
            if self.values.denominator is not None
            else np.array([np.nan])
        )
        if out.status[0] == NO_DATA:
            out.notes[0] = self._total_note(out, covered_rows)
        name = label if label is not None else engine.plan.plan.total_label or "Tổng cộng"
        block = out.frame(self, unit=np.array([name], dtype=object))
        block["units_covered"] = np.array([len(covered_rows)], dtype=np.int64)
        block["_counted"] = _filled(1, tuple(covered_rows.tolist()))  # what explain lists, what flags count
        block["units_total"] = np.array([units_total], dtype=np.int64)
        block["_absent"] = _filled(1, absent)  # units with no row in this period: explain lists them
        return block

    def _not_additive(self) -> bool:
        """A plain value (no denominator) made of `kind: value` variables: its units do not add up."""
        ind, variables = self.indicator, self.engine.plan.variables
        return ind.denominator is None and any(
            variables[name].kind == "value" for name in ind.numerator.names if name in variables
        )

    def _total_note(self, out: _Columns, covered_rows: np.ndarray) -> Note:
        if out.reason_all is not None:
            return out.reason_all
        if out.baseline_period is not None and (not len(covered_rows) or not np.isfinite(out.baseline_value[0])):
            return Note("no_baseline", (("period", out.baseline_period),))
        if not len(covered_rows):
            return Note("no_units")
        if self.values.denominator is not None and self.values.denominator[covered_rows].sum() == 0:
            return Note("zero_denominator", (("denominator", str(self.indicator.denominator)),))
        return Note("not_computable")

    def _ratio_of_sums(self, rows: np.ndarray) -> float:
        if not len(rows):
            return np.nan
        numerator = self.values.numerator[rows].sum()
        if self.values.denominator is None:
            return float(numerator * self.indicator.per)
        denominator = self.values.denominator[rows].sum()
        if denominator == 0:
            return np.nan
        value = numerator * self.indicator.per / denominator
        return float(value) if np.isfinite(value) else np.nan

    def _relative_total(
        self,
        target: Relative,
        out: _Columns,
        rows: np.ndarray,
        base_rows: np.ndarray,
        base_value: float,
    ) -> None:
        engine, ind = self.engine, self.indicator
        base = np.array([base_value])
        metric, edge_map = self._change(target, out.value, base, out)

        def exact(_i: int) -> tuple[Fraction, Fraction] | None:
            v = engine.exact_value(ind, rows)
            b = engine.exact_value(ind, base_rows)
            change = None if v is None or b is None else _exact_change(target.kind, v, b)
            return None if change is None else (change, target.comparison.number)

        threshold = np.array([float(target.comparison.number)])
        out.status = judge(metric, threshold, target.comparison, self.spec.near, exact, edge_map(self.period))
        out.change = metric
        out.baseline_value = base
        out.baseline_period = target.vs
        out.target = str(target)

    def _on_track_total(
        self,
        target: Comparison,
        way: _Way,
        out: _Columns,
        rows: np.ndarray,
        base_rows: np.ndarray,
        base_value: float,
    ) -> None:
        engine, ind = self.engine, self.indicator
        out.baseline_value = np.array([base_value])
        out.baseline_period = way.baseline
        if way.share is None:
            out.reason_all = Note("no_baseline", (("period", way.baseline),))
            out.target = str(target)
            return
        share = way.share
        line = np.array([target.line(base_value, share)])

        def exact(_i: int) -> tuple[Fraction, Fraction] | None:
            v = engine.exact_value(ind, rows)
            b = engine.exact_value(ind, base_rows)
            return None if v is None or b is None else (v, target.line(b, share))

        out.status = judge(out.value, line, target.on_the_way(), self.spec.near, exact)
        out.threshold = line
        out.line = line
        out.gap = out.value - line
        out.target = str(target)


@dataclass(frozen=True)
class _Way:
    """A multi-year target's on-track line in one period: from the baseline, `share` of the way
    (None: the period is unknown, so no line can be drawn)."""

    baseline: str
    share: Fraction | None


def _names(indicator: Indicator) -> list[str]:
    names = list(indicator.numerator.names)
    if indicator.denominator is not None:
        names += [n for n in indicator.denominator.names if n not in names]
    return names


def _share_of_way(baseline: str, period: str | None, by: str) -> Fraction:
    """How far `period` is along the way from `baseline` to `by` (0 at baseline, 1 when due)."""
    done = years_between(baseline, period or baseline) or Fraction(0)
    whole = years_between(baseline, by) or Fraction(1)
    return done / whole


def _exact_change(kind: str, value: Fraction, base: Fraction) -> Fraction | None:
    if kind == "change":
        return value - base
    if base == 0:
        return None
    if kind == "change_pct":
        return (value - base) / base * 100
    return value / base if value >= 0 and base > 0 else None  # per year: compared as a ratio


class _Columns:
    """Result columns under construction for `n` rows."""

    def __init__(self, n: int):
        self.n = n
        self.value: np.ndarray = np.full(n, np.nan)
        self.numerator: np.ndarray | None = None
        self.denominator: np.ndarray | None = None
        self.status: np.ndarray = np.full(n, NO_DATA, dtype=np.int8)
        self.threshold: np.ndarray = np.full(n, np.nan)
        self.gap: np.ndarray = np.full(n, np.nan)
        self.change: np.ndarray = np.full(n, np.nan)
        self.baseline_value: np.ndarray = np.full(n, np.nan)
        self.baseline_period: str | None = None
        self.target = ""
        self.rule: Target | None = None  # the target the result was judged against (total_target for a total)
        self.line: np.ndarray = np.full(n, np.nan)  # the on-track line, where it was judged against one
        self.covered: np.ndarray | None = None  # which rows count towards totals (None: the values say)
        self.notes: np.ndarray = np.full(n, None, dtype=object)
        self.reason_all: Note | None = None

    def frame(self, scored: _IndicatorPeriod, unit: np.ndarray) -> Block:
        values = scored.values
        rows = scored.rows
        numerator = self.numerator if self.numerator is not None else values.numerator[rows]
        if self.denominator is not None:
            denominator = self.denominator
        elif values.denominator is not None:
            denominator = values.denominator[rows]
        else:
            denominator = np.full(self.n, np.nan)
        return Block(
            {
                "unit": unit,
                "period": _filled(self.n, scored.period),
                "indicator": _filled(self.n, scored.indicator.id),
                "value": self.value,
                "numerator": numerator,
                "denominator": denominator,
                "target": _filled(self.n, self.target),
                "status": STATUS_NAMES[self.status],
                "gap": self.gap,
                "threshold": self.threshold,
                "line": self.line,
                "target_source": _filled(self.n, scored.spec.source),
                "_row": rows if self.numerator is None else np.zeros(self.n, dtype=np.int64),
                "spec": _filled(self.n, scored.spec),
                "rule": _filled(self.n, self.rule if self.rule is not None else scored.spec.target),
                "_covered": self.covered if self.covered is not None else values.covered[rows],
                "_counted": _filled(self.n, None),
                "_absent": _filled(self.n, None),
                "baseline_period": _filled(self.n, self.baseline_period),
                "baseline_value": self.baseline_value,
                "change": self.change,
                "note": self.notes,
            }
        )


def _bound(value: float | None) -> str:
    return "…" if value is None else f"{value:g}"
