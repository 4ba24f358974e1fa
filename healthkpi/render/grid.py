"""A scorecard flattened into what every grid-shaped output shows.

Terminal, Markdown and Excel all lay out the same thing — units down,
indicators across, a target row on top, the total at the bottom, each cell a
value with a status mark — so they all start from `score_grids`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import cast

import numpy as np
import pandas as pd

from healthkpi.base.display import format_number, honest_decimals
from healthkpi.base.issues import Issue
from healthkpi.base.messages import ui
from healthkpi.base.status import Status
from healthkpi.base.text import unit_key
from healthkpi.plan.schema import Indicator
from healthkpi.plan.targets import Between, Comparison, Relative
from healthkpi.scoring.scorecard import Scorecard
from healthkpi.scoring.targetbook import TargetSpec

OWN_TARGET_MARK = "*"  # footnote mark: the unit had its own target (override or annex)
MARKS: dict[str, str] = {Status.PASS: "✓", Status.NEAR: "~", Status.FAIL: "✗", Status.NO_DATA: "–"}
ASCII_MARKS: dict[str, str] = {Status.PASS: "v", Status.NEAR: "~", Status.FAIL: "x", Status.NO_DATA: "-"}


@dataclass(frozen=True)
class Cell:
    text: str  # the number as shown, "" when there is none
    status: str
    note: str | None = None
    number: float | None = None  # what `text` shows: the value, or the change for relative targets
    decimals: int = 1  # decimals in `text`
    signed: bool = False  # a change, shown with its sign
    suffix: str = ""  # "%" after a relative change
    own_target: bool = True  # False: the unit had its own target (override or annex)


@dataclass(frozen=True)
class Row:
    label: str
    cells: list[Cell]
    met: int
    scored: int  # results that are not no_data
    is_total: bool = False
    is_subtotal: bool = False  # a parent's row after its units (a ratio of sums over them)
    in_group: bool = False  # a unit shown under its parent (folded under it in Excel)


@dataclass(frozen=True)
class ScoreGrid:
    period: str | None  # as in the data (None when it has no period column)
    period_label: str | None  # as shown
    indicators: list[Indicator]
    targets: list[str]
    rows: list[Row]
    total: Row


def period_label(card: Scorecard, period: str | None) -> str | None:
    """A period to show: the data's own, else the plan's when it names a single period."""
    if period is not None:
        return period
    plan_period = card.plan.plan.period
    return plan_period if plan_period and "-" not in plan_period else None


def score_grids(card: Scorecard, lang: str = "vi") -> list[ScoreGrid]:
    grids = []
    indicators = card.plan.indicators
    for period in card.periods:
        results = _of_period(card.results_frame, period)
        totals = _of_period(card.totals_frame, period)
        by_indicator = {ind.id: results[results["indicator"] == ind.id] for ind in indicators}
        units = list(dict.fromkeys(results["unit"]))
        rows = []
        lookups = {ind.id: {r["unit"]: r for r in by_indicator[ind.id].to_dict("records")} for ind in indicators}
        for unit in units:
            cells = [cell_of(ind, lookups[ind.id].get(unit), lang) for ind in indicators]
            rows.append(_row(unit, cells))
        if card.subtotals_frame is not None and len(card.subtotals_frame):
            rows = _grouped(card, period, rows, indicators, lang)
        total_records = {r["indicator"]: r for r in totals.to_dict("records")}
        total_cells = [cell_of(ind, total_records.get(ind.id), lang) for ind in indicators]
        total_label = totals["unit"].iloc[0] if len(totals) else ui("unit", lang)
        grids.append(
            ScoreGrid(
                period=period,
                period_label=period_label(card, period),
                indicators=indicators,
                targets=[target_text(ind, lang) for ind in indicators],
                rows=rows,
                total=_row(total_label, total_cells, is_total=True),
            )
        )
    return grids


def _grouped(card: Scorecard, period: str | None, rows: list[Row], indicators: list[Indicator], lang: str) -> list[Row]:
    """Units under their parents, each group closed by the parent's subtotal row."""
    frame = card.data.frame
    parent_of = {unit: parent for unit, parent in zip(frame["unit"], frame["parent"], strict=True) if parent}
    subtotals = _of_period(card.subtotals_frame, period)
    by_parent: dict[str, list[Row]] = {}
    loose: list[Row] = []
    for row in rows:
        parent = parent_of.get(row.label)
        if parent:
            by_parent.setdefault(parent, []).append(Row(row.label, row.cells, row.met, row.scored, in_group=True))
        else:
            loose.append(row)
    out: list[Row] = []
    for parent, members in by_parent.items():
        records = {r["indicator"]: r for r in subtotals[subtotals["unit"] == parent].to_dict("records")}
        cells = [cell_of(ind, records.get(ind.id), lang) for ind in indicators]
        met = sum(c.status == Status.PASS for c in cells)
        out += [*members, Row(parent, cells, met, sum(c.status != Status.NO_DATA for c in cells), is_subtotal=True)]
    return out + loose


def _of_period(frame: pd.DataFrame | None, period: str | None) -> pd.DataFrame:
    if frame is None:
        return pd.DataFrame()
    if period is None:
        return frame[frame["period"].isna()]
    return frame[frame["period"] == period]


def _row(label: str, cells: list[Cell], is_total: bool = False) -> Row:
    met = sum(c.status == Status.PASS for c in cells)
    scored = sum(c.status != Status.NO_DATA for c in cells)
    return Row(label, cells, met, scored, is_total)


def cell_of(indicator: Indicator, record: dict[str, object] | None, lang: str) -> Cell:
    """One result as shown in a grid: value (or change, for relative targets) and status."""
    if record is None:
        return Cell("", Status.NO_DATA)
    status = str(record["status"])
    note = record.get("note")
    note_text = note.text(lang) if note is not None and hasattr(note, "text") else None
    spec = cast(TargetSpec | None, record.get("spec"))
    target = spec.target if spec is not None else indicator.target  # the target that applied to this unit
    own = spec is None or spec.own
    if isinstance(target, Relative):  # the cell shows the change that was compared, not the value
        change = _float(record.get("change"))
        if change is None:
            return Cell("", status, note_text)
        decimals = honest_decimals(change, indicator.decimals, status, target.edges(None))
        sign = "+" if change > 0 else ""
        suffix = target.suffix
        text = f"{sign}{format_number(change, decimals, lang)}{suffix}"
        return Cell(text, status, note_text, change, decimals, signed=True, suffix=suffix, own_target=own)
    value = _float(record.get("value"))
    if value is None:
        return Cell("", status, note_text)
    rule = (
        indicator.total_target
        if record.get("units_total") is not None and indicator.total_target and indicator.is_count
        else target
    )
    decimals = honest_decimals(value, indicator.decimals, status, rule.edges(_float(record.get("threshold"))))
    return Cell(format_number(value, decimals, lang), status, note_text, value, decimals, own_target=own)


def target_text(indicator: Indicator, lang: str) -> str:
    """ "≥ 36,5", "+≥ 5% so với 2020", "≥ 70 đến 2025" — a target as a reader writes it."""
    text = indicator.target.describe(lang)
    if indicator.by is not None:
        text += " " + ui("by", lang, by=indicator.by)
    return text


def rule_text(rule: Comparison | Between, lang: str) -> str:
    return rule.describe(lang)


def _float(value: object) -> float | None:
    """A finite number from a results frame (NumPy or Python), or None."""
    if not isinstance(value, int | float | np.number) or isinstance(value, bool):
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def issues_by_cell(card: Scorecard) -> dict[tuple[str, str | None, str], list[Issue]]:
    """(unit, period, indicator) → the data issues that touch that result."""
    variables_of = {
        i.id: set(i.numerator.names) | (set(i.denominator.names) if i.denominator else set())
        for i in card.plan.indicators
    }
    periods = card.periods
    found: dict[tuple[str, str | None, str], list[Issue]] = {}
    for issue in card.issues:
        if issue.unit is None:
            continue
        key = unit_key(issue.unit)
        named = issue.facts.get("indicator")
        touched = set(issue.facts.get("variables", ())) | ({issue.variable} if issue.variable else set())
        for indicator, names in variables_of.items():
            if named == indicator or (named is None and (not touched or touched & names)):
                for period in periods if issue.period is None else [issue.period]:
                    found.setdefault((key, period, indicator), []).append(issue)
    return found
