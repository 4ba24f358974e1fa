"""Periods from where monthly and quarterly forms put them (DESIGN §4).

A form names its period in a column ("1/2024", "T1/2024", "Tháng 1", "Quý II/2024",
"6 tháng đầu năm 2024"), or in the name of its sheet when a workbook holds one sheet per month
or quarter ("Tháng 1" … "Tháng 9", "T1/2024", "Quý II"). A month or quarter written without
its year takes the year of the sheet's name, else of the title rows above the header ("BÁO
CÁO … THÁNG 1 NĂM 2024"), else of the plan's period when it is one year — and a note says
which. A period so completed, and one read from a sheet name, is written as healthkpi writes
periods ("1/2024", "Quý II/2024"), so the same figures in either layout are the same periods.
"""

from __future__ import annotations

import dataclasses

from healthkpi.base.issues import Code, Issue, Level
from healthkpi.base.spans import Span, period_span, title_year
from healthkpi.read.body import Columns
from healthkpi.read.cells import cell_text
from healthkpi.read.columns import KEY, PERIOD
from healthkpi.read.grid import Grid
from healthkpi.read.header import Layout
from healthkpi.read.origin import TotalRow

TITLE_ROWS = 30  # rows above the header looked at for the year


def sheet_period(name: str) -> Span | None:
    """The period a sheet's name reads as ("Tháng 1", "T1/2024", "Quý II", "2024"), or None."""
    return period_span(name)


def place_periods(
    grid: Grid,
    layout: Layout,
    columns: Columns,
    totals: list[TotalRow],
    issues: list[Issue],
    plan_period: str | None,
    by_sheet: bool,
    from_title: str | None = None,
    title_note: str = "period_from_title",
) -> tuple[Columns, list[TotalRow], list[Issue]]:
    """The sheet's periods completed with their year, or taken from the sheet's name (`by_sheet`:
    the workbook has several sheets, or the sheet has no period column), or from its title
    (`from_title`, `title_periods`); a note when the year was inferred."""
    periods = list(columns[PERIOD])
    from_name = sheet_period(grid.name)
    year, source = _year(grid, layout, from_name, plan_period)
    notes: list[Issue] = []
    if layout.period_column is None:
        if from_name is None and from_title is not None:
            label = from_title
            notes.append(_note(grid, title_note, period=from_title))
        elif from_name is None or not by_sheet:
            if from_name is not None and plan_period is not None and from_name.label() != plan_period:
                # a lone sheet named "2020" is not taken for its period (a copied template keeps its old
                # name), but a scorecard of 2021 made from 2020's figures would look right: said
                said = _note(grid, "sheet_named_for_another_period", named=from_name.label(), period=plan_period)
                return columns, totals, [said, *issues]
            return columns, totals, issues
        else:
            span = from_name if from_name.year is not None else from_name.with_year(year) if year is not None else None
            named = span.label() if span is not None else None
            if named is None:  # no year anywhere: the sheet's name is the period
                label = grid.name
                notes.append(_note(grid, "period_year_unknown", period=grid.name))
            else:
                label = named
                if from_name.year is None:
                    notes.append(_note(grid, f"period_year_from_{source}", period=grid.name, year=year, label=label))
        columns = {**columns, PERIOD: [label] * len(columns[KEY])}
        totals = [dataclasses.replace(t, period=label) for t in totals]
        issues = [
            dataclasses.replace(i, period=label) if i.period is None and i.unit is not None else i for i in issues
        ]
        return columns, totals, [*notes, *issues]
    completed: dict[str, str] = {}
    for period in dict.fromkeys(p for p in periods if p):
        span = period_span(period)
        if span is None or span.year is not None or year is None:
            continue
        completed[period] = span.with_year(year).label() or period
    if not completed:
        return columns, totals, issues
    columns = {**columns, PERIOD: [completed.get(p, p) if p else p for p in periods]}
    totals = [dataclasses.replace(t, period=completed.get(t.period, t.period)) if t.period else t for t in totals]
    issues = [dataclasses.replace(i, period=completed[i.period]) if i.period in completed else i for i in issues]
    first = next(iter(completed))
    notes.append(_note(grid, f"period_year_from_{source}", period=first, year=year, label=completed[first]))
    return columns, totals, [*notes, *issues]


def title_periods(sheets: list[tuple[Grid, Layout]]) -> dict[str, str]:
    """Each sheet's year from its title rows, by sheet name, for several sheets that say their
    period nowhere else — no period column, names that are no period ("Sheet1", "Sheet2") — and whose
    titles name different years ("BÁO CÁO … NĂM 2023", "… NĂM 2024"): read as one period, last year's
    rows would be this year's, or left out as duplicates. Empty when that is not so."""
    years: dict[str, str] = {}
    for grid, layout in sheets:
        if layout.period_column is not None or sheet_period(grid.name) is not None:
            return {}
        year, source = _year(grid, layout, None, None)
        if source != "title":
            return {}
        years[grid.name] = str(year)
    return years if len(set(years.values())) > 1 else {}


def _year(grid: Grid, layout: Layout, from_name: Span | None, plan_period: str | None) -> tuple[int | None, str]:
    """The year of the sheet's periods, and where it was read: the sheet's name, its title rows, the plan."""
    if from_name is not None and from_name.year is not None:
        return from_name.year, "sheet"
    lines = [
        " ".join(cell_text(c) for c in row if cell_text(c)) for row in grid.rows[: min(layout.header_row, TITLE_ROWS)]
    ]
    if (found := title_year(lines)) is not None:
        return found, "title"
    own = period_span(plan_period) if plan_period else None
    if own is not None and own.year is not None and own.kind == "year":
        return own.year, "plan"
    return None, ""


def _note(grid: Grid, template: str, **facts: object) -> Issue:
    return Issue(Level.INFO, Code.MISSING_PERIOD, grid.name, template=template, facts={"sheet": grid.name, **facts})
