"""Statuses from metrics and targets, exactly.

`judge` decides pass / near / fail / no_data for a whole column at once in
floating point, then settles every row whose metric lies within a relative
1e-9 of an edge again with exact `Fraction`s from the caller. So
730 beds / 200,000 people × 10,000 = 36.5 meets ">= 36.5", and 0.12 does not
meet "< 0.12", whatever the rounding of the float path.
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction

import numpy as np

from healthkpi.base.status import Status
from healthkpi.plan.targets import Band, Between, Comparison, Condition

PASS, NEAR, FAIL, NO_DATA = 0, 1, 2, 3
STATUS_NAMES = np.array([Status.PASS, Status.NEAR, Status.FAIL, Status.NO_DATA], dtype=object)
TOLERANCE = 1e-9

Rule = Comparison | Between
# Row → (exact metric, exact threshold), or None when the row cannot be made exact.
ExactPair = Callable[[int], tuple[Fraction, Fraction] | None]
# Maps an edge into the space the exact metric lives in (per-year changes).
EdgeMap = Callable[[Fraction], Fraction | None]


def judge(
    metric: np.ndarray,
    threshold: np.ndarray,
    rule: Rule,
    band: Band | None,
    exact: ExactPair | None = None,
    edge_map: EdgeMap | None = None,
) -> np.ndarray:
    """Status codes for each row. NaN in `metric` or `threshold` means no data."""
    status = np.full(metric.shape, NO_DATA, dtype=np.int8)
    known = np.isfinite(metric) & np.isfinite(threshold)
    if not known.any():
        return status
    passing, near = rule.conditions(threshold, band)
    with np.errstate(invalid="ignore"):
        meets = _all(passing, metric)
        close_to_edge = np.zeros(metric.shape, dtype=bool)
        for condition in (*passing, *near):
            edge = np.asarray(condition.edge, dtype=float)
            scale = np.maximum(np.abs(edge), np.abs(metric))
            close_to_edge |= np.abs(metric - edge) <= TOLERANCE * scale
        nearly = _all(near, metric) if near else np.zeros(metric.shape, dtype=bool)
    status[known & meets] = PASS
    status[known & ~meets & nearly] = NEAR
    status[known & ~meets & ~nearly] = FAIL
    if exact is not None:
        for i in np.flatnonzero(known & close_to_edge):
            settled = _judge_exact(int(i), rule, band, exact, edge_map)
            if settled is not None:
                status[i] = settled
    return status


def _all(conditions: list[Condition], metric: np.ndarray) -> np.ndarray:
    result = np.ones(metric.shape, dtype=bool)
    for condition in conditions:
        result &= condition.holds(metric)
    return result


def _judge_exact(i: int, rule: Rule, band: Band | None, exact: ExactPair, edge_map: EdgeMap | None) -> int | None:
    pair = exact(int(i))
    if pair is None:
        return None
    metric, threshold = pair
    passing, near = rule.conditions(threshold, band)
    if edge_map is not None:
        mapped = [_mapped(c, edge_map) for c in (*passing, *near)]
        settled = [c for c in mapped if c is not None]
        if len(settled) < len(mapped):
            return None
        passing, near = settled[: len(passing)], settled[len(passing) :]
    if all(c.holds(metric) for c in passing):
        return PASS
    if near and all(c.holds(metric) for c in near):
        return NEAR
    return FAIL


def _mapped(condition: Condition, edge_map: EdgeMap) -> Condition | None:
    edge = edge_map(condition.edge)
    return None if edge is None else Condition(condition.op, edge)
