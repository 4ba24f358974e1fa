"""Flags: which results rest on suspect data (DESIGN §6 "Flags on results").

A result is flagged with the codes of the warning- and error-level data issues on
the cells it was computed from — the unit's value of a variable the indicator
uses, the indicator itself (an outlier), or the whole unit and period — so that a
value computed from a mistyped cell never looks clean. A total (or a parent's
subtotal) carries the flags of the units it adds up, and how many of them are
flagged.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd

from healthkpi.base.issues import Issue, Level
from healthkpi.base.text import unit_key
from healthkpi.plan.schema import Indicator, Plan
from healthkpi.read.columns import KEY, PERIOD
from healthkpi.read.dataset import DataSet
from healthkpi.scoring.accumulate import YearToDate

Key = tuple[str, str | None, str]  # (unit key, period, indicator)
FLAGGING = (Level.ERROR, Level.WARNING)


def issues_by_result(plan: Plan, issues: Iterable[Issue], periods: list[str | None]) -> dict[Key, list[Issue]]:
    """(unit key, period, indicator) → the data issues that touch that result."""
    using: dict[str, list[str]] = {}  # variable → the indicators that use it
    for indicator in plan.indicators:
        for name in _names(indicator):
            using.setdefault(name, []).append(indicator.id)
    every = [i.id for i in plan.indicators]
    found: dict[Key, list[Issue]] = {}
    for issue in issues:
        if issue.unit is None:
            continue
        key = unit_key(issue.unit)
        named = issue.facts.get("indicator")
        touched = {*issue.facts.get("variables", ()), *([issue.variable] if issue.variable else [])}
        if named is not None:
            indicators = [named]
        elif touched:
            indicators = list(dict.fromkeys(i for name in touched for i in using.get(name, ())))
        else:
            indicators = every  # about the whole unit: every result of it
        for period in periods if issue.period is None else [issue.period]:
            for indicator_id in indicators:
                found.setdefault((key, period, indicator_id), []).append(issue)
    return found


def flag_results(
    plan: Plan,
    data: DataSet,
    issues: list[Issue],
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
    touching = issues_by_result(plan, (i for i in issues if i.level in FLAGGING), data.periods)
    frame = data.frame
    periods = [None if pd.isna(p) else p for p in frame[PERIOD].to_numpy(dtype=object)]
    row_of = {(key, period): row for row, (key, period) in enumerate(zip(frame[KEY].tolist(), periods, strict=True))}
    flagged: dict[str, dict[int, tuple[str, ...]]] = {}  # indicator → data row → codes
    for (key, period, indicator), found in touching.items():
        row = row_of.get((key, period))
        if row is not None:
            flagged.setdefault(indicator, {})[row] = tuple(sorted({str(i.code) for i in found}))
    for indicator, ytd in (summed or {}).items():
        if indicator in flagged:
            flagged[indicator] = _over_the_year(flagged[indicator], ytd)
    if not parents_scored:
        results["flags"] = [
            flagged.get(indicator, {}).get(int(row), ())
            for row, indicator in zip(results["_row"], results["indicator"], strict=True)
        ]

    def aggregate(table: pd.DataFrame) -> None:
        """A total's flags are those of the rows it adds up (`_counted`), and how many of them."""
        flags, counts = [], []
        for indicator, counted in zip(table["indicator"], table["_counted"], strict=True):
            rows = flagged.get(indicator, {})
            hits = [rows[r] for r in counted or () if r in rows]
            flags.append(tuple(sorted({code for codes in hits for code in codes})))
            counts.append(len(hits))
        table["flags"] = flags
        table["flagged_units"] = counts

    for table in (totals, subtotals, results) if parents_scored else (totals, subtotals):
        aggregate(table)


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


def _names(indicator: Indicator) -> list[str]:
    names = list(indicator.numerator.names)
    if indicator.denominator is not None:
        names += [n for n in indicator.denominator.names if n not in names]
    return names
