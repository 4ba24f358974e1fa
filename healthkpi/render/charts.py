"""The chart model every chart draws from: the HTML report's SVG bars and the Excel scorecard's
native column charts show the same units, in the same order, against the same target marks.

For each indicator of a scorecard grid: its units best first (those without
data last), the total, where each bar's target sits (`marks`: lines and the
near band), which bars to show when there are too many, and where the total
goes among them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from healthkpi.base.status import Status
from healthkpi.plan.schema import Indicator
from healthkpi.plan.targets import Marks, Relative
from healthkpi.render.grid import Cell, ScoreGrid
from healthkpi.scoring.scorecard import Scorecard

# One palette for every output: distinct hues, and distinct lightness for greyscale prints.
PALETTE: dict[str, dict[str, Any]] = {
    Status.PASS: {"bg_color": "#A9D18E", "font_color": "#1E4620"},
    Status.NEAR: {"bg_color": "#FFE699", "font_color": "#5C4400"},
    Status.FAIL: {"bg_color": "#E46C6C", "font_color": "#3D0000"},
    Status.NO_DATA: {"bg_color": "#FFFFFF", "font_color": "#7F7F7F", "italic": True},
}


@dataclass(frozen=True)
class ChartRow:
    """One bar of an indicator's chart: a unit (or the total), its cell, and the edge it was judged against."""

    label: str
    cell: Cell
    threshold: float | None  # where the target line is for this bar (None: a range, or no line known)
    is_total: bool = False


def higher_is_better(indicator: Indicator) -> bool:
    """Best first means highest first, unless the target asks for less (a range or == counts as more)."""
    return indicator.target.higher_is_better is not False


def total_in_chart(indicator: Indicator) -> bool:
    """A ratio's total stands among its units; a count's total is their sum, on another scale."""
    target = indicator.target
    if isinstance(target, Relative) and target.suffix:  # a change in percent is on one scale for all
        return True
    return not indicator.is_count


def chart_rows(card: Scorecard, grid: ScoreGrid, k: int) -> tuple[list[ChartRow], ChartRow]:
    """Indicator `k` of `grid`: its units sorted best first (those without data last), and its total."""
    indicator = grid.indicators[k]
    units = _thresholds(card.results_frame, grid.period, indicator)
    totals = _thresholds(card.totals_frame, grid.period, indicator)
    rows = [ChartRow(row.label, row.cells[k], units.get(row.label)) for row in grid.rows if not row.is_subtotal]
    sign = -1.0 if higher_is_better(indicator) else 1.0
    scored = sorted(
        (r for r in rows if r.cell.number is not None), key=lambda r: (sign * (r.cell.number or 0.0), r.label)
    )
    missing = [r for r in rows if r.cell.number is None]
    total = ChartRow(grid.total.label, grid.total.cells[k], totals.get(grid.total.label), is_total=True)
    return [*scored, *missing], total


def with_total(rows: list[ChartRow], total: ChartRow, indicator: Indicator) -> list[ChartRow]:
    """`rows` with the total in its sorted place, when it belongs among the bars and has a value."""
    if total.cell.number is None or not total_in_chart(indicator):
        return rows
    sign = -1.0 if higher_is_better(indicator) else 1.0
    key = sign * total.cell.number
    place = next(
        (i for i, r in enumerate(rows) if r.cell.number is None or sign * r.cell.number > key),
        len(rows),
    )
    return [*rows[:place], total, *rows[place:]]


def best_and_worst(rows: list[ChartRow], limit: int) -> tuple[list[ChartRow], list[ChartRow], int]:
    """All rows when there are at most `limit`; else the best and the worst `limit // 2` with data,
    and how many are left out between them (and without data)."""
    if len(rows) <= limit:
        return rows, [], 0
    scored = [r for r in rows if r.cell.number is not None]
    half = limit // 2
    if len(scored) <= limit:
        return scored, [], len(rows) - len(scored)
    return scored[:half], scored[-half:], len(rows) - 2 * half


def _thresholds(frame: Any, period: str | None, indicator: Indicator) -> dict[str, float | None]:
    target = indicator.target
    if target.is_range:
        return {}
    part = frame[
        (frame["indicator"] == indicator.id) & (frame["period"].isna() if period is None else frame["period"] == period)
    ]
    if isinstance(target, Relative):
        edge = float(target.comparison.number)
        return dict.fromkeys(part["unit"], edge)
    found: dict[str, float | None] = {}
    for unit, threshold in zip(part["unit"], part["threshold"], strict=True):
        number = None if threshold is None else float(threshold)
        found.setdefault(unit, number if number is not None and math.isfinite(number) else None)
    return found


def marks(indicator: Indicator, row: ChartRow) -> Marks:
    """Where a bar's target is (lines) and its near band (shaded intervals): a count's total is held
    to its own total_target."""
    target = indicator.target
    if row.is_total and indicator.total_target and indicator.is_count and not target.relative:
        return indicator.total_target.marks(row.threshold, indicator.near)
    return target.marks(row.threshold, indicator.near)
