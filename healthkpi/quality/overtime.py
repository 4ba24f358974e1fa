"""Over time: a count far from the unit's own history, and too far to be chance for its size.

WHO's Data Quality Review compares a unit's count with the mean of its three
preceding years and flags a ratio outside ±33 % ("consistency over time").
On a commune's small counts that rule mostly flags chance: 3 births one year
and 6 the next is a doubling. So a count is flagged only when both hold:

1. the change is large: the ratio of this period's count to the mean of up to
   `history` (3) comparable earlier periods is outside 1 ± `change` (33 %);
2. it is unlikely to be chance for its size: under an unchanged Poisson rate,
   this period's count x given x + X (X the earlier counts' sum over m periods)
   is binomial with probability 1 / (m + 1) (the conditional test of two
   Poisson counts, chance.py); p below `p_warning` (0.001) is a warning, below
   `p_info` (0.01) a note, and above it nothing is said.

Comparable periods are the earlier years for yearly data, and the same month
(or quarter) of earlier years for monthly (quarterly) data, so a season is
never taken for a change. A value that is not a count (`kind: value`, a score)
has no chance model: a change beyond ±`change` is a note. A negative count is
impossible (negative_count says so): its change is a note, and it is left out
of later periods' history. Every setting can be changed in the plan's
`quality: outlier_over_time:` (README, "Data-quality settings").
"""

from __future__ import annotations

import functools
import math

import numpy as np

from healthkpi.base.issues import Code, Deferred, IssueBatch, Level
from healthkpi.base.periods import period_position
from healthkpi.plan.schema import Indicator, OverTimeSettings, Plan, applying, is_on
from healthkpi.quality.chance import two_sided_p
from healthkpi.read.dataset import DataSet, Panel


def comparable_periods(periods: list[str]) -> list[list[int]]:
    """For each period (in time order), the earlier periods it is compared with, latest first:
    the earlier years of yearly data; the same month or quarter of earlier years otherwise."""
    positions = [period_position(p) for p in periods]
    seasons = [None if p is None else p - math.floor(p) for p in positions]
    return [[j for j in range(k - 1, -1, -1) if seasons[j] == seasons[k]] for k in range(len(periods))]


def outliers_over_time(plan: Plan, data: DataSet) -> list[IssueBatch]:
    """Every count (and value) of every unit and period against the unit's own history."""
    if not data.has_periods or len(data.periods) < 2:
        return []
    panel = data.panel
    history = comparable_periods(panel.periods)
    checked: list[tuple[str, OverTimeSettings, bool]] = []
    for variable in data.variables:
        settings = settings_for(plan, variable)
        if settings is not None and variable in data.frame:
            checked.append((variable, settings, plan.variables[variable].kind == "count"))
    spread = {v: panel.spread(data.figures(v)) for v, _, _ in checked}
    maybe = _candidates(checked, spread, history)
    batches: list[IssueBatch] = []
    for variable, settings, count in checked:
        values = spread[variable]
        for k, earlier in enumerate(history):
            if earlier and (variable, k) in maybe:
                batches += _period(data, panel, variable, count, values, k, earlier[: settings.history], settings, plan)
    return batches


SLACK = 1e-9  # the look-ahead's margin: wider than any rounding between its sums and _period's


def _candidates(
    checked: list[tuple[str, OverTimeSettings, bool]], spread: dict[str, np.ndarray], history: list[list[int]]
) -> set[tuple[str, int]]:
    """The (variable, period) pairs in which `_period` may flag a unit. Every variable with the same
    settings is looked at in one go (a district form has 40 variables and few changes): a change
    beyond the threshold less a margin, or from (about) nothing. Wider than `_period`'s own test,
    never narrower, so that it only spares `_period` the pairs where it would find nothing."""
    groups: dict[tuple[bool, int, float], list[str]] = {}
    for variable, settings, count in checked:
        groups.setdefault((count, settings.history, float(settings.change)), []).append(variable)
    found: set[tuple[str, int]] = set()
    for (count, depth, change), names in groups.items():
        stack = np.stack([spread[name] for name in names])  # variables × units × periods
        low, high = 1 - change / 100 + SLACK, 1 + change / 100 - SLACK
        for k, earlier in enumerate(history):
            if not earlier:
                continue
            before = stack[:, :, earlier[:depth]]
            usable = np.isfinite(before) & ((before >= 0) if count else True)
            m = usable.sum(axis=2)
            x = stack[:, :, k]
            with np.errstate(invalid="ignore", divide="ignore"):
                reference = np.where(usable, before, 0.0).sum(axis=2) / m
                ratio = x / reference
            seen = np.isfinite(x) & (m > 0)
            about_nothing = np.abs(reference) <= SLACK * np.maximum(np.abs(x), 1.0)
            outside = (ratio < low) | (ratio > high) | ~np.isfinite(ratio) | about_nothing
            for j in np.flatnonzero((seen & outside).any(axis=1)).tolist():
                found.add((names[j], k))
    return found


def settings_for(plan: Plan, variable: str) -> OverTimeSettings | None:
    """The over-time settings of a variable: those of the first indicator whose numerator uses it,
    else of the first whose denominator does, else the plan's; None when the check is off."""
    owner = _owner(plan.indicators, variable)
    settings = applying(plan, "outlier_over_time", owner)
    return settings if isinstance(settings, OverTimeSettings) and is_on(settings) else None


def _owner(indicators: list[Indicator], variable: str) -> Indicator | None:
    for indicator in indicators:
        if variable in indicator.numerator.names:
            return indicator
    for indicator in indicators:
        if indicator.denominator is not None and variable in indicator.denominator.names:
            return indicator
    return None


def _period(
    data: DataSet,
    panel: Panel,
    variable: str,
    count: bool,
    values: np.ndarray,
    k: int,
    earlier: list[int],
    settings: OverTimeSettings,
    plan: Plan,
) -> list[IssueBatch]:
    before = values[:, earlier]  # units × earlier periods, latest first
    usable = np.isfinite(before) & ((before >= 0) if count else True)
    m = usable.sum(axis=1)
    total = np.where(usable, before, 0.0).sum(axis=1)
    x = values[:, k]
    with np.errstate(invalid="ignore", divide="ignore"):
        reference = total / m
        ratio = x / reference
    low, high = 1 - settings.change / 100, 1 + settings.change / 100
    seen = np.isfinite(x) & (m > 0)
    beyond = seen & (reference > 0) & ((ratio < low) | (ratio > high))
    from_zero = seen & (reference == 0) & (x > 0) & count
    out: list[IssueBatch] = []
    label = plan.variables[variable].label
    change = settings.change / 100

    def batch(rows: np.ndarray, level: Level, template: str, p: np.ndarray | None) -> None:
        if not len(rows):
            return
        frame_rows = panel.rows[rows, k]
        periods_of = _history_names(usable[rows], [panel.periods[j] for j in earlier])
        facts: dict[str, object] = {
            "label": label,
            "value": x[rows],
            "reference": reference[rows],
            "ratio": ratio[rows],
            "history": periods_of,
            "change": change,
        }
        if p is not None:
            facts["p"] = p
        out.append(
            IssueBatch(
                level,
                Code.OUTLIER_OVER_TIME,
                template,
                Deferred(len(rows), functools.partial(data.cells, frame_rows, variable)),
                Deferred(len(rows), functools.partial(_names, panel.names, rows)),
                [panel.periods[k]] * len(rows),
                variable,
                facts,
                frame_rows,
            )
        )

    if count:
        tested = np.flatnonzero((beyond | from_zero) & (x >= 0))
        events = np.round(x[tested])
        p = two_sided_p(events, events + np.round(total[tested]), 1.0 / (m[tested] + 1))
        for level, flagged in (
            (Level.WARNING, p < settings.p_warning),
            (Level.INFO, (p >= settings.p_warning) & (p < settings.p_info)),
        ):
            rows, chance = tested[flagged], p[flagged]
            zero = from_zero[rows]
            batch(rows[~zero], level, "over_time_chance", chance[~zero])
            batch(rows[zero], level, "over_time_from_zero", chance[zero])
        batch(np.flatnonzero(beyond & (x < 0)), Level.INFO, "over_time_change", None)
    else:
        batch(np.flatnonzero(beyond), Level.INFO, "over_time_change", None)
    return out


def _names(names: list[str], rows: np.ndarray) -> list[str]:
    return [names[u] for u in rows.tolist()]


def _history_names(used: np.ndarray, names: list[str]) -> np.ndarray:
    """For each row of `used` (rows × earlier periods, latest first), the names of the periods it
    uses, in time order, as a tuple — built once per pattern (at most 2 ** history), not per row."""
    codes = used.astype(np.int64) @ (1 << np.arange(used.shape[1], dtype=np.int64))
    patterns, inverse = np.unique(codes, return_inverse=True)
    tuples = np.empty(len(patterns), dtype=object)
    tuples[:] = [tuple(names[j] for j in range(len(names) - 1, -1, -1) if int(code) >> j & 1) for code in patterns]
    return tuples[inverse.reshape(-1)]
