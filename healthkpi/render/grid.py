"""A scorecard flattened into what every grid-shaped output shows.

Terminal, Markdown and Excel all lay out the same thing — units down,
indicators across, a target row on top, the total at the bottom, each cell a
value with a status mark — so they all start from `score_grids`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import cast

import numpy as np
import pandas as pd

from healthkpi.base.display import format_number, honest_decimals, short_number
from healthkpi.base.issues import Issue
from healthkpi.base.messages import ui
from healthkpi.base.status import Status
from healthkpi.plan.schema import Indicator
from healthkpi.plan.targets import SYMBOLS, Band, Between, Comparison, Condition, Relative, Target
from healthkpi.scoring.accumulate import elapsed
from healthkpi.scoring.flags import issues_by_result
from healthkpi.scoring.scorecard import Scorecard
from healthkpi.scoring.targetbook import TargetSpec

OWN_TARGET_MARK = "*"  # footnote mark: the unit had its own target (override or annex)
LINE_MARK = "°"  # footnote mark: judged against the unit's own on-track line, not the final target
FLAG_MARK = "!"  # footnote mark: computed from data with warning- or error-level issues
PARTIAL_MARK = "†"  # footnote mark: a total over only some of its units (the others have no value)
MARKS: dict[str, str] = {Status.PASS: "✓", Status.NEAR: "~", Status.FAIL: "✗", Status.NO_DATA: "–"}
ASCII_MARKS: dict[str, str] = {Status.PASS: "v", Status.NEAR: "~", Status.FAIL: "x", Status.NO_DATA: "-"}
# The terminal's colour of each status (Rich styles), for every table that shows one.
STATUS_STYLES: dict[str, str] = {
    Status.PASS: "green",
    Status.NEAR: "yellow",
    Status.FAIL: "bold red",
    Status.NO_DATA: "dim",
}


TOTAL_ROW_DISAGREES = "total_mismatch"  # a total's flag when the form's own total row says otherwise


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
    compared: str | None = None  # what it was compared with, when not the target row's: "≥ 88,1"
    on_line: bool = False  # compared with the unit's on-track line (`compared` says its value)
    flags: tuple[str, ...] = ()  # codes of the issues on the data it rests on
    flagged_units: int = 0  # a total: how many of its units rest on flagged data
    covered: tuple[int, int] | None = None  # a total over only some units: (units covered, units in all)
    shortfall: float | None = None  # how far it missed, as a share of what it was compared with
    hidden: bool = False  # left blank by a filter of the terminal view (render.view)

    @property
    def flagged(self) -> bool:
        return bool(self.flags)


@dataclass(frozen=True)
class Row:
    label: str
    cells: list[Cell]
    met: int
    scored: int  # results that are not no_data
    is_total: bool = False
    is_subtotal: bool = False  # a parent's row after its units (a ratio of sums over them)
    in_group: bool = False  # a unit shown under its parent (folded under it in Excel)
    of: int | None = None  # the plan's indicator count, when a filter shows fewer cells (render.view)

    @property
    def met_text(self) -> str:
        """ "31/55": the targets met of all the plan's, whatever a filter shows."""
        return f"{self.met}/{self.of if self.of is not None else len(self.cells)}"


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
                targets=[target_text(ind, lang, period) for ind in indicators],
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
    rule = cast(Target, record.get("rule") or target)  # what it was judged against: a total's own target too
    own = spec is None or spec.own
    band = spec.near if spec is not None else indicator.near
    flags = tuple(cast(tuple[str, ...], record.get("flags") or ()))
    flagged_units = int(cast(int, record.get("flagged_units") or 0))
    covered = _partly_covered(record)
    line = _float(record.get("line"))
    compared, on_line = None, False
    if indicator.accumulate is not None:  # the monitoring line is the period's, shown in the target row
        if line is not None and isinstance(rule, Comparison) and not own:
            compared = f"{SYMBOLS[rule.op]} {short_number(line, lang)}"  # a unit's own target: its own line
    elif line is not None and isinstance(rule, Comparison):
        compared, on_line = f"{SYMBOLS[rule.on_the_way().op]} {short_number(line, lang)}", True
    elif rule is not target:  # a total held to the plan's target for the whole (total_target)
        compared = rule.describe(lang)

    shortfall = _shortfall(record, rule)

    def make(text: str, number: float | None = None, decimals: int = 1, signed: bool = False, suffix: str = "") -> Cell:
        return Cell(
            text,
            status,
            note_text,
            number,
            decimals,
            signed,
            suffix,
            own,
            compared,
            on_line,
            flags,
            flagged_units,
            covered,
            shortfall,
        )

    if isinstance(rule, Relative):  # the cell shows the change that was compared, not the value
        change = _float(record.get("change"))
        if change is None:
            return make("")
        passing, within = rule.comparison.conditions(float(rule.comparison.number), band)
        decimals = honest_decimals(change, indicator.decimals, status, _edges(passing), _edges(within))
        sign = "+" if change > 0 else ""
        return make(f"{sign}{format_number(change, decimals, lang)}{rule.suffix}", change, decimals, True, rule.suffix)
    value = _float(record.get("value"))
    if value is None:
        return make("")
    threshold = _float(record.get("threshold"))
    if band is not None and indicator.accumulate is not None and line is not None and not band.relative:
        band = _monitoring_band(indicator, band, record.get("period"))
    near: list[tuple[str, float]] = []
    if band is not None and (threshold is not None or rule.is_range):
        judged = rule.on_the_way() if line is not None and isinstance(rule, Comparison) else rule
        near = _edges(judged.conditions(threshold if threshold is not None else 0.0, band)[1])
    decimals = honest_decimals(value, indicator.decimals, status, rule.edges(threshold), near)
    return make(format_number(value, decimals, lang), value, decimals)


def _partly_covered(record: dict[str, object]) -> tuple[int, int] | None:
    """(units covered, units in all) for a total that adds up fewer units than it is over."""
    covered, total = record.get("units_covered"), record.get("units_total")
    if not isinstance(covered, int | np.integer) or not isinstance(total, int | np.integer) or covered >= total:
        return None
    return int(covered), int(total)


def _monitoring_band(indicator: Indicator, band: Band, period: object) -> Band:
    """An amount band as score applied it to a monitoring line: that share of it (2 points at year end
    are 1.5 in September), so the decimals shown tell the truth about the edge that was used."""
    place = elapsed(period if isinstance(period, str) else None, indicator.accumulate or "year", None)
    if place is None or place.complete:
        return band
    return replace(band, amount=band.amount * place.share)


def _shortfall(record: dict[str, object], rule: Target) -> float | None:
    """|gap| over |threshold| (a relative target: the change's distance from its number), so that
    misses of indicators on different scales, and of units on different lines, compare."""
    gap, threshold = _float(record.get("gap")), _float(record.get("threshold"))
    if gap is not None and threshold is not None:
        return abs(gap) / max(abs(threshold), 1e-9)
    change = _float(record.get("change"))
    if isinstance(rule, Relative) and change is not None:
        number = float(rule.comparison.number)
        return abs(change - number) / max(abs(number), 1.0)
    return None


def _edges(conditions: list[Condition]) -> list[tuple[str, float]]:
    return [(c.op, float(c.edge)) for c in conditions]


def target_text(indicator: Indicator, lang: str, period: str | None = None) -> str:
    """ "≥ 36,5", "+≥ 5% so với 2020", "≥ 70 đến 2025" — a target as a reader writes it; an
    accumulating indicator's in a period: "≥ 95,2 · lũy kế 9/12: ≥ 71,4" (the monitoring line)."""
    text = indicator.target.describe(lang)
    if indicator.by is not None:
        text += " " + ui("by", lang, by=indicator.by)
    if indicator.accumulate is not None and period is not None:
        text += monitoring_text(indicator, period, lang)
    return text


def monitoring_text(indicator: Indicator, period: str, lang: str) -> str:
    """ " · lũy kế 9/12: ≥ 71,4": how much of the year is over, and the line it is held to."""
    place = elapsed(period, indicator.accumulate or "year", None)
    if place is None:
        return ""
    share = f"{place.share.numerator * (3 if indicator.accumulate == 'quarter' else 12) // place.share.denominator}"
    whole = "3" if indicator.accumulate == "quarter" else "12"
    text = f" · {ui('year_to_date', lang)} {share}/{whole}"
    target = indicator.target
    if isinstance(target, Comparison) and target.op in (">=", ">") and not place.complete:
        line = float(target.number * place.share)
        text += f": {SYMBOLS[target.on_the_way().op]} {short_number(line, lang)}"
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
    """(unit key, period, indicator) → every data issue that touches that result (info included)."""
    return issues_by_result(card.plan, card.issues, card.periods)


def cell_text(cell: Cell, marks: dict[str, str] = MARKS, inline_line: bool = False) -> str:
    """ "89,4 ✓°", "39 ✗ (≥ 48)", "894,2 ✓!" — a cell as the text grids show, with its footnote marks.

    A line value is shown inline where there is room (`inline_line`), else only marked."""
    mark = marks[cell.status]
    text = f"{cell.text} {mark}" if cell.text else mark
    if not cell.own_target:
        text += OWN_TARGET_MARK  # the unit has its own target
    if cell.on_line:
        text += LINE_MARK + (f" ({cell.compared})" if inline_line else "")
    elif cell.compared:
        text += f" ({cell.compared})"  # a total held to its own target
    if cell.covered is not None:
        text += PARTIAL_MARK
    if cell.flagged:
        text += FLAG_MARK
    return text


def footnotes(grid: ScoreGrid, lang: str) -> list[str]:
    """What the marks in `grid` mean, for those that appear in it."""
    cells = [c for row in [*grid.rows, grid.total] for c in row.cells]
    notes = []
    if any(not c.own_target for c in cells):
        notes.append(f"{OWN_TARGET_MARK} {ui('own_target_note', lang)}")
    if any(c.on_line for c in cells):
        notes.append(f"{LINE_MARK} {ui('line_note', lang)} ({ui('line_where', lang)})")
    if any(c.covered is not None for c in cells):
        notes.append(f"{PARTIAL_MARK} {ui('partial_total_note', lang)}")
    if any(c.flagged for c in cells):
        notes.append(f"{FLAG_MARK} {ui('flag_note', lang)}")
    if any(ind.accumulate for ind in grid.indicators):
        notes.append(ui("monitoring_note", lang))
    return notes
