"""Flags: which results rest on suspect data (DESIGN §6 "Flags on results").

A result is flagged with the codes of the warning- and error-level data issues on
the cells it was computed from — the unit's value of a variable the indicator
uses, the indicator itself (an outlier), or the whole unit and period — so that a
value computed from a mistyped cell never looks clean. A total (or a parent's
subtotal) carries the flags of the units it adds up, and how many of them are
flagged.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

import numpy as np
import pandas as pd

from healthkpi.base.issues import Code, Issue, Issues, Level
from healthkpi.base.text import unit_key
from healthkpi.plan.schema import Plan
from healthkpi.quality.reportcard import variable_users
from healthkpi.read.columns import KEY, PERIOD
from healthkpi.read.dataset import DataSet
from healthkpi.scoring.accumulate import YearToDate

Key = tuple[str, str | None, str]  # (unit key, period, indicator)
FLAGGING = (Level.ERROR, Level.WARNING)
T = TypeVar("T")


def issues_by_result(plan: Plan, issues: Iterable[Issue], periods: list[str | None]) -> dict[Key, list[Issue]]:
    """(unit key, period, indicator) → the data issues that touch that result."""
    touches = (
        (i.unit, i.period, i.variable, i.facts.get("indicator"), i.facts.get("variables", ()), i) for i in issues
    )
    found: dict[Key, list[Issue]] = {}
    for key, issue in _by_result(plan, touches, periods):
        found.setdefault(key, []).append(issue)
    return found


@dataclass(frozen=True)
class RowFlags:
    """One indicator's flagged data rows, in order, and each one's codes as a bit mask over `codes`
    (bit k: `codes[k]`, the codes in order, so a mask's codes come out sorted)."""

    rows: np.ndarray  # int64, sorted, each once
    masks: np.ndarray  # int64
    codes: tuple[str, ...]

    def __len__(self) -> int:
        return len(self.rows)

    def tuples(self, masks: np.ndarray) -> np.ndarray:
        """Each mask as the sorted tuple of its codes (an object array; few masks differ)."""
        distinct, inverse = np.unique(masks, return_inverse=True)
        said = np.empty(len(distinct), dtype=object)
        for n, mask in enumerate(distinct.tolist()):  # one by one: a list of tuples would be read as a 2-D array
            said[n] = tuple(c for k, c in enumerate(self.codes) if mask >> k & 1)
        return said[inverse.reshape(-1)]

    def find(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Which of `rows` are flagged (a boolean per row), and where each flagged one is in `self.rows`."""
        at = np.searchsorted(self.rows, rows)
        inside = at < len(self.rows)
        hit = np.zeros(len(rows), dtype=bool)
        hit[inside] = self.rows[at[inside]] == rows[inside]
        return hit, at[hit]

    def as_dict(self) -> dict[int, tuple[str, ...]]:
        return dict(zip(self.rows.tolist(), self.tuples(self.masks).tolist(), strict=True))

    @classmethod
    def from_dict(cls, flagged: Mapping[int, tuple[str, ...]], codes: tuple[str, ...]) -> RowFlags:
        bit = {code: 1 << k for k, code in enumerate(codes)}
        rows = sorted(flagged)
        masks = [sum(bit[c] for c in set(flagged[r])) for r in rows]
        return cls(np.array(rows, dtype=np.int64), np.array(masks, dtype=np.int64), codes)


def flagged_rows(plan: Plan, issues: Issues, data: DataSet) -> dict[str, RowFlags]:
    """Indicator → its flagged data rows, each with the codes of the warning- and error-level issues
    on the cells that indicator's result of that row rests on. A batch whose issues are all about the
    same indicators (one variable's outliers over time: 400,000 on noisy national data) is read as
    its unit and period columns, its indicators found once, and its rows kept as an array."""
    frame = data.frame
    periods = [None if pd.isna(p) else p for p in frame[PERIOD].to_numpy(dtype=object)]
    row_of = {(key, period): row for row, (key, period) in enumerate(zip(frame[KEY].tolist(), periods, strict=True))}
    about, keys = _About(plan), _UnitKeys()
    hits: dict[str, list[tuple[np.ndarray, str]]] = {}  # indicator → (rows, code) pieces

    def add(indicator: str, rows: Iterable[int | None] | np.ndarray, code: str) -> None:
        if not isinstance(rows, np.ndarray):
            rows = np.array([r for r in rows if r is not None], dtype=np.int64)
        if len(rows):
            hits.setdefault(indicator, []).append((rows.astype(np.int64, copy=False), code))

    for part in issues.at_levels(*FLAGGING).parts:
        code = str(part.code)
        named, variables = part.facts.get("indicator"), part.facts.get("variables", ())
        if isinstance(part, Issue) or isinstance(named, np.ndarray) or isinstance(variables, np.ndarray):
            touches: Iterable[tuple[str | None, str | None, str | None, Any, Any, str]] = (
                (unit, period, part.variable, one_named, one_variables, code)
                for _part, unit, period, one_named, one_variables in Issues([part]).touches()
            )
            for (key, period, indicator), _code in _by_result(plan, touches, data.periods, about, keys):
                add(indicator, [row_of.get((key, period))], code)
            continue
        rows = (
            part.rows
            if part.rows is not None
            else [
                row_of.get((keys(unit), one_period))
                for unit, period in zip(part.unit, part.period, strict=True)
                if unit is not None
                for one_period in (data.periods if period is None else (period,))
            ]
        )
        for indicator in about(named, part.variable, variables):
            add(indicator, rows, code)
    codes = tuple(sorted({code for pieces in hits.values() for _rows, code in pieces}))
    return {indicator: _gathered(pieces, codes) for indicator, pieces in hits.items()}


def _gathered(pieces: list[tuple[np.ndarray, str]], codes: tuple[str, ...]) -> RowFlags:
    """(rows, code) pieces as each flagged row once, with the mask of its codes."""
    bit = {code: 1 << k for k, code in enumerate(codes)}
    rows = np.concatenate([rows for rows, _code in pieces])
    bits = np.concatenate([np.full(len(rows), bit[code], dtype=np.int64) for rows, code in pieces])
    order = np.argsort(rows, kind="stable")
    rows, bits = rows[order], bits[order]
    starts = np.flatnonzero(np.r_[True, rows[1:] != rows[:-1]])
    return RowFlags(rows[starts], np.bitwise_or.reduceat(bits, starts), codes)


class _About:
    """What an issue is about (an indicator it names, a variable, variables) → the indicators it touches."""

    def __init__(self, plan: Plan) -> None:
        self.using = variable_users(plan)  # variable → the indicators that use it
        self.every = [i.id for i in plan.indicators]
        self.chosen: dict[tuple[Any, str | None, tuple[Any, ...]], list[str]] = {}

    def __call__(self, named: Any, variable: str | None, variables: Any) -> list[str]:
        about = (named, variable, tuple(variables) if variables else ())
        indicators = self.chosen.get(about)
        if indicators is None:
            touched = {*(variables or ()), *([variable] if variable else [])}
            if named is not None:
                indicators = [named]
            elif touched:
                indicators = list(dict.fromkeys(i for name in touched for i in self.using.get(name, ())))
            else:
                indicators = self.every  # about the whole unit: every result of it
            self.chosen[about] = indicators
        return indicators


class _UnitKeys(dict[str, str]):
    """Unit name → key, each worked out once: issues name the same units again and again."""

    def __call__(self, unit: str) -> str:
        key = self.get(unit)
        if key is None:
            key = self[unit] = unit_key(unit)
        return key


def _by_result(
    plan: Plan,
    touches: Iterable[tuple[str | None, str | None, str | None, Any, Any, T]],
    periods: list[str | None],
    about: _About | None = None,
    keys: _UnitKeys | None = None,
) -> Iterator[tuple[Key, T]]:
    """(result, payload) for every result each touch is about."""
    about = about or _About(plan)
    keys = keys if keys is not None else _UnitKeys()
    for unit, period, variable, named, variables, payload in touches:
        if unit is None:
            continue
        key = keys(unit)
        indicators = about(named, variable, variables)
        for one_period in periods if period is None else [period]:
            for indicator_id in indicators:
                yield (key, one_period, indicator_id), payload


def flag_results(
    plan: Plan,
    data: DataSet,
    issues: Issues,
    results: pd.DataFrame,
    totals: pd.DataFrame,
    subtotals: pd.DataFrame,
    parents_scored: bool,
    summed: Mapping[str, YearToDate] | None = None,
) -> None:
    """Set `flags` on every result, and `flags` and `flagged_units` on every total and subtotal.

    An accumulating indicator's result rests on every month it adds up (`summed`), so a flagged
    cell in March flags the year to date of every later month.

    Issues are few beside results (or, on noisy national data, many but on few cells each), so
    everything is computed from the flagged cells only."""
    flagged = flagged_rows(plan, issues, data)  # indicator → its flagged data rows and their codes
    for indicator, ytd in (summed or {}).items():
        if indicator in flagged:
            own = flagged[indicator]
            flagged[indicator] = RowFlags.from_dict(_over_the_year(own.as_dict(), ytd), own.codes)
    if not parents_scored:
        results["flags"] = _result_flags(results, flagged)
    few: dict[str, dict[int, int]] = {}  # indicator → row → mask, made when a total adds up few rows

    def aggregate(table: pd.DataFrame) -> None:
        """A total's flags are those of the rows it adds up (`_counted`), and how many of them."""
        flags: list[tuple[str, ...]] = []
        counts: list[int] = []
        for indicator, counted in zip(table["indicator"].tolist(), table["_counted"].tolist(), strict=True):
            own = flagged.get(indicator)
            if own is None or not counted:
                flags.append(())
                counts.append(0)
                continue
            if len(counted) > 64:  # a total over a whole country: looked up together
                _hit, at = own.find(np.asarray(counted, dtype=np.int64))
                masks = own.masks[at]
            else:  # a commune's parent: a few rows, looked up one by one
                mask_of = few.get(indicator)
                if mask_of is None:
                    mask_of = few[indicator] = dict(zip(own.rows.tolist(), own.masks.tolist(), strict=True))
                masks = np.array([mask_of[r] for r in counted if r in mask_of], dtype=np.int64)
            union = np.bitwise_or.reduce(masks) if len(masks) else 0
            flags.append(own.tuples(np.array([union], dtype=np.int64))[0] if len(masks) else ())
            counts.append(len(masks))
        table["flags"] = flags
        table["flagged_units"] = counts

    for table in (totals, subtotals, results) if parents_scored else (totals, subtotals):
        aggregate(table)
    _unlike_the_forms_total(plan, issues, totals)


def _unlike_the_forms_total(plan: Plan, issues: Issues, totals: pd.DataFrame) -> None:
    """A total that the form's own total row disagrees with (a warning-level total_mismatch on a
    variable it uses, in its period) carries that code: the form may add up a unit the data lacks,
    or a figure may be mistyped in a unit or in the total row. Either way it is not a clean figure,
    though every unit it adds up may be (`flagged_units` still counts only those)."""
    if not len(totals):
        return
    users = variable_users(plan)
    disagreeing: set[tuple[str, str | None]] = set()  # (indicator, period: None for data without periods)
    for part in issues.parts:  # single issues: a batch holds over-time outliers only
        if (
            isinstance(part, Issue)
            and part.code == Code.TOTAL_MISMATCH
            and part.template is None  # the grand total's row, not a subtotal's
            and part.level in FLAGGING
            and part.variable
        ):
            disagreeing.update((indicator, part.period) for indicator in users.get(part.variable, []))
    if not disagreeing:
        return
    flags = totals["flags"].tolist()
    for k, (indicator, period) in enumerate(zip(totals["indicator"].tolist(), totals["period"].tolist(), strict=True)):
        if (indicator, period) in disagreeing:
            flags[k] = tuple(sorted({*flags[k], str(Code.TOTAL_MISMATCH)}))
    totals["flags"] = flags


def _result_flags(results: pd.DataFrame, flagged: Mapping[str, RowFlags]) -> list[Any]:
    """Each result's flags: none, but those of its indicator's flagged data rows — found per indicator
    with NumPy, since 200,000 results may rest on 400,000 flagged cells (noisy national data)."""
    flags = np.empty(len(results), dtype=object)
    flags.fill(())
    if flagged and len(results):
        which, indicators = pd.factorize(results["indicator"])
        rows = results["_row"].to_numpy(dtype=np.int64)
        for k, indicator in enumerate(indicators.tolist()):
            own = flagged.get(indicator)
            if not own:
                continue
            at = np.flatnonzero(which == k)
            hit, where = own.find(rows[at])
            flags[at[hit]] = own.tuples(own.masks[where])
    return flags.tolist()


def _over_the_year(own: dict[int, tuple[str, ...]], ytd: YearToDate) -> dict[int, tuple[str, ...]]:
    """Each row's flags and those of the rows its year to date adds up (and its year's denominator)."""
    spread = dict(own)
    for row, chain in enumerate(ytd.pieces):
        if not chain:
            continue
        rows = (*chain, int(ytd.denominator_row[row]))
        codes = {code for r in rows for code in own.get(r, ())}
        if codes:
            spread[row] = tuple(sorted(codes))
    return spread
