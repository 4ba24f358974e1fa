"""Reading one data file into columns (DESIGN §4): the part that runs in the sandbox's child.

For one input: choose the sheets (the plan's or the user's, else every sheet
whose header matches the plan as well as the best one does), find each one's
header and the role of each column (header.py; the unit column by content when
no header names it, unitcolumn.py), read the rows below (body.py) and keep the
totals aside. The result is plain columns (lists and NumPy arrays) and a few
records: cheap to send to the parent, and built without pandas or pydantic, so
a child started afresh (the `spawn` start method, as on Windows) imports little.
"""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from healthkpi.base.errors import WorkbookError
from healthkpi.base.issues import Code, Issue, Level
from healthkpi.base.messages import Phrase
from healthkpi.base.numbers import Locale
from healthkpi.base.text import clean, unit_key
from healthkpi.read.activities import Reported, find_activity_sheet, read_reported
from healthkpi.read.body import Columns, SheetReader
from healthkpi.read.cells import cell_text, column_letter
from healthkpi.read.columns import INPUT, KEY, META_SHEET, PARENT, PERIOD, ROW, UNIT
from healthkpi.read.formats import promises_a_workbook, sniff
from healthkpi.read.grid import Grid, Source, open_source
from healthkpi.read.header import Layout, alias_index, column_of, detect_layout
from healthkpi.read.origin import InputInfo
from healthkpi.read.placing import place_periods, sheet_period, title_periods
from healthkpi.read.sandbox import begin_isolated
from healthkpi.read.spec import ReadingHints, ReadingSpec
from healthkpi.read.subcolumns import resolved
from healthkpi.read.twins import settle_twins
from healthkpi.read.unsaved import unsaved_formulas

if TYPE_CHECKING:
    from healthkpi.plan.schema import Plan  # not imported at run time: the spawned child has no pydantic
from healthkpi.read.unitcolumn import unit_candidates

EVERY_SHEET = "*"
SAMPLE_SHEETS, SAMPLE_HEADER_ROWS = 60, 80  # what header_grids looks at


@dataclass
class SheetPart:
    """What one sheet of an input holds: its columns, where they came from, its total rows and issues."""

    columns: Columns
    info: InputInfo
    totals: list
    issues: list[Issue]
    activities: list[Reported] = field(default_factory=list)
    activity_sheet: str | None = None
    expected_units: list[str] = field(default_factory=list)
    raw: dict[tuple[int, str], str] = field(default_factory=dict)  # (sheet row, variable) → text as typed


def part_arguments(
    spec: ReadingSpec, number: int, hints: ReadingHints, locale: Locale, encoding: str | None, max_size: int
) -> tuple[Any, ...]:
    """`read_part`'s arguments after the path, as `read_data` passes them (and `begin_reading` must)."""
    return (spec, number, hints, locale, encoding, max_size)


def begin_reading(
    path: Path, plan: Plan, hints: ReadingHints, locale: Locale, encoding: str | None, max_size: int
) -> None:
    """Start reading `path` as `read_data(path, plan, hints=…)` will read it: its child parses while
    this process imports what scoring needs. `read_data` takes the result if it asks the same."""
    arguments = part_arguments(ReadingSpec.of(plan), 0, hints.over(ReadingHints.of(plan)), locale, encoding, max_size)
    begin_isolated(read_part, path, arguments)


def read_part(
    path: Path,
    plan: ReadingSpec,
    number: int,
    hints: ReadingHints,
    locale: Locale,
    encoding: str | None,
    max_size: int,
) -> list[SheetPart]:
    """The sheets of the input at `path` read for `plan`, numbered from `number` (in the sandbox's child)."""
    fmt = sniff(path, max_size)
    source = open_source(path, fmt, encoding)
    with path.open("rb") as stream:  # a buffer at a time, not the whole file in memory beside its cells
        digest = hashlib.file_digest(stream, "sha256").hexdigest()
    activity_sheet = _find_activities(source, plan)
    recorded_id = recorded_plan(source)
    if not plan.used_variables:
        # A plan of activities only: the activity sheet is all there is to read.
        if activity_sheet is None:
            raise WorkbookError(key="no_activity_sheet", path=path, plan=plan.id)
        info = InputInfo(
            path=str(path),
            sheet=activity_sheet[0].name,
            sha256=digest,
            format=fmt.kind,
            header_row=activity_sheet[1] + 1,
            unit_column=None,
            period_column=None,
            columns={},
            units=0,
            recorded_plan=recorded_id,
            note=fmt.note,
        )
        return [SheetPart(_empty_columns(plan), info, [], [], read_reported(*activity_sheet), activity_sheet[0].name)]
    try:
        chosen, skipped = _choose_sheets(source, plan, hints)
    except WorkbookError as exc:  # the wrong plan, where the workbook names the right one: say which
        if exc.key != "no_variables" or recorded_id in (None, plan.id):
            raise
        named: dict[str, Any] = {**exc.facts, "recorded": recorded_id}
        raise WorkbookError(key="no_variables_recorded", **named) from None
    expected = recorded(source, "unit")
    listed = {unit_key(name) for name in (*plan.units, *expected)}
    parts = []
    titled = title_periods(chosen)
    for k, (grid, layout) in enumerate(chosen):
        issues: list[Issue] = []
        _apply_column_hints(path, grid, layout, hints)
        guessed = _unit_column(path, grid, layout, issues, plan.total_label) if layout.unit_column is None else None
        settle_twins(path, fmt.kind, grid, layout, plan, locale, issues)
        reader = SheetReader(grid, layout, plan, locale, number + k, listed)
        try:
            columns, totals = reader.read()
        except WorkbookError as exc:  # the reader names the sheet; the file is named here
            if exc.key is None:
                raise
            facts: dict[str, Any] = {**exc.facts, "path": path}
            raise WorkbookError(key=exc.key, **facts) from None
        if fmt.kind == "xlsx":
            reader.issues = _formulas_not_saved(path, grid.name, reader.issues)
        columns, totals, reader.issues = place_periods(
            grid,
            layout,
            columns,
            totals,
            reader.issues,
            plan.period,
            by_sheet=len(chosen) > 1 or _dated(grid.name),
            from_title=layout.period_label or titled.get(grid.name),
            title_note="period_from_sub_columns" if layout.period_label else "period_from_title",
        )
        if not len(columns[KEY]) and len(chosen) == 1:
            what = Phrase("only_total_row" if any(t.kind != "section" for t in totals) else "no_unit_rows")
            raise WorkbookError(
                key="nothing_under_header", path=path, sheet=grid.name, row=layout.header_row + 1, what=what
            )
        info = InputInfo(
            path=str(path),
            sheet=grid.name,
            sha256=digest,
            format=fmt.kind,
            header_row=layout.header_row + 1,
            unit_column=column_letter(layout.unit_column) if layout.unit_column is not None else None,
            period_column=column_letter(layout.period_column) if layout.period_column is not None else None,
            columns={v: column_letter(c) for v, c in layout.columns.items()},
            units=len(set(columns[KEY])),
            recorded_plan=recorded_id,
            note=fmt.note,
            unit_header=layout.headers.get(layout.unit_column) if layout.unit_column is not None else None,
            unit_column_guessed=guessed is not None,
            parent_column=column_letter(layout.parent_column) if layout.parent_column is not None else None,
            period_header=layout.headers.get(layout.period_column) if layout.period_column is not None else None,
        )
        issues += reader.issues + _missing_columns(grid, layout, plan)
        parts.append(SheetPart(columns, info, totals, issues, raw=reader.raw, expected_units=expected))
    parts[0].issues = skipped + _one_year_note(parts) + parts[0].issues
    if activity_sheet is not None and activity_sheet[0].name not in {grid.name for grid, _ in chosen}:
        parts[0].activities = read_reported(*activity_sheet)
        parts[0].activity_sheet = activity_sheet[0].name
    return parts


def _formulas_not_saved(path: Path, sheet: str, issues: list[Issue]) -> list[Issue]:
    """Missing values that are formulas saved without their values (read/unsaved.py), said so."""
    empty = [i for i in issues if i.code == Code.MISSING_VALUE and i.template is None and i.where]
    if not empty:
        return issues
    unsaved = unsaved_formulas(path, sheet)
    if not unsaved:
        return issues
    return [
        dataclasses.replace(i, template="formula_not_saved")
        if i in empty and (i.where or "").rsplit("!", 1)[-1] in unsaved
        else i
        for i in issues
    ]


def _one_year_note(parts: list[SheetPart]) -> list[Issue]:
    """One note for the sheets whose periods took their year from the same place (a workbook of
    twelve monthly sheets says it once), in place of one per sheet."""
    found: dict[tuple[str | None, object], list[Issue]] = {}
    for part in parts:
        notes = [i for i in part.issues if (i.template or "").startswith("period_year_from_")]
        part.issues = [i for i in part.issues if i not in notes]
        for note in notes:
            found.setdefault((note.template, note.facts.get("year")), []).append(note)
    merged = []
    for notes in found.values():
        first, last = notes[0], notes[-1]
        if len(notes) == 1:
            merged.append(first)
            continue
        facts = {
            **first.facts,
            "period": f"{first.facts['period']} … {last.facts['period']}",
            "label": f"{first.facts['label']} … {last.facts['label']}",
        }
        merged.append(dataclasses.replace(first, where=f"{first.where} … {last.where}", facts=facts))
    return merged


def _dated(name: str) -> bool:
    """A lone sheet named for a month or quarter ("Tháng 9/2024"): its name is its period."""
    span = sheet_period(name)
    return span is not None and span.kind != "year"


def _choose_sheets(
    source: Source, plan: ReadingSpec, hints: ReadingHints
) -> tuple[list[tuple[Grid, Layout]], list[Issue]]:
    """The sheets to read as one table, and an issue for each matching sheet left out.

    Named sheets (the plan's `workbook.sheet`, --sheet) are read whatever they match; "*" reads
    every sheet whose header matches any variable; else every sheet that matches as many
    variables as the best one does (a workbook with one sheet per area or per month)."""
    path = source.path
    index = alias_index(plan)  # once, not once per sheet: workbooks can hold a thousand sheets
    header_row = hints.header_row - 1 if hints.header_row else None
    wanted = [name for name in hints.sheets if name != EVERY_SHEET]
    if wanted:
        chosen = []
        names = source.sheet_names + source.hidden_sheets
        for name in wanted:
            match = next((n for n in names if n == name), None) or next(
                (n for n in names if unit_key(n) == unit_key(name)), None
            )
            if match is None:
                raise WorkbookError(key="no_such_sheet", path=path, sheet=name, sheets=", ".join(source.sheet_names))
            grid = source.sheet(match)
            layout = detect_layout(grid, plan, index, header_row)
            if layout is None:
                raise _no_variables(path, plan, [grid], header_row=hints.header_row)
            chosen.append((grid, layout))
        return _by_sub_columns(path, chosen, [])
    found: list[tuple[Grid, Layout]] = []
    tried = []
    guides = set(recorded(source, "guide"))  # a healthkpi template's instructions: no data
    for name in source.sheet_names:
        if name in guides:
            continue
        grid = source.sheet(name)
        tried.append(grid)
        layout = detect_layout(grid, plan, index, header_row)
        if layout is not None:
            found.append((grid, layout))
    if not found:
        raise _no_variables(path, plan, tried, text=source.format.kind == "csv", header_row=hints.header_row)
    if EVERY_SHEET in hints.sheets:
        return _by_sub_columns(path, found, [])
    best = max(len(layout.columns) for _, layout in found)
    chosen = [(grid, layout) for grid, layout in found if len(layout.columns) == best]
    skipped = [
        Issue(
            Level.WARNING,
            Code.SHEET_SKIPPED,
            grid.name,
            facts={"sheet": grid.name, "found": len(layout.columns), "best": best, "chosen": chosen[0][0].name},
        )
        for grid, layout in found
        if len(layout.columns) < best
    ]
    return _by_sub_columns(path, chosen, skipped + _hidden_matches(source, plan, index, header_row, guides))


def _by_sub_columns(
    path: Path, chosen: list[tuple[Grid, Layout]], issues: list[Issue]
) -> tuple[list[tuple[Grid, Layout]], list[Issue]]:
    """Each sheet with the layouts its sub-columns give it (read/subcolumns.py), and their notes."""
    readings = []
    for grid, layout in chosen:
        layouts, notes = resolved(path, grid, layout)
        readings += [(grid, each) for each in layouts]
        issues = issues + notes
    return readings, issues


def _hidden_matches(
    source: Source, plan: ReadingSpec, index: Any, header_row: int | None, guides: set[str]
) -> list[Issue]:
    """A warning for each hidden sheet whose header matches the plan: hidden sheets are not read
    (last year's copy, a lookup list), but one that holds the plan's columns is never dropped unsaid."""
    issues = []
    for name in source.hidden_sheets:
        if name in guides or name == META_SHEET:
            continue
        try:
            layout = detect_layout(source.sheet(name), plan, index, header_row)
        except WorkbookError:
            continue  # a hidden sheet that cannot be read is none of the data's business
        if layout is not None:
            issues.append(
                Issue(
                    Level.WARNING,
                    Code.SHEET_SKIPPED,
                    name,
                    template="sheet_hidden",
                    facts={"sheet": name, "found": len(layout.columns)},
                )
            )
    return issues


def _apply_column_hints(path: Path, grid: Grid, layout: Layout, hints: ReadingHints) -> None:
    """The unit, parent and period columns the plan or the user names, in place of the found ones."""
    width = max((len(r) for r in grid.rows[: layout.header_row + 1]), default=0)
    for role, hint in (("unit", hints.unit_column), ("parent", hints.parent_column), ("period", hints.period_column)):
        if not hint:
            continue
        column = column_of(hint, layout, width)
        if column is None:
            headers = ", ".join(f"{column_letter(c)} {t!r}" for c, t in sorted(layout.headers.items()) if t)
            raise WorkbookError(
                key="no_such_column",
                path=path,
                sheet=grid.name,
                role=Phrase(f"role_{role}"),
                hint=hint,
                headers=headers,
            )
        setattr(layout, f"{role}_column", column)
    if hints.unit_column and layout.parent_column == layout.unit_column:
        layout.parent_column = None


def _unit_column(path: Path, grid: Grid, layout: Layout, issues: list[Issue], total_label: str | None) -> int:
    """No header names the unit column: the text column that is filled and distinct on the rows with figures."""
    exclude = {*layout.columns.values(), *(c for c in (layout.period_column, layout.number_column) if c is not None)}
    # A column headed like a parent ("Area", "Region") may be the only names there are: a candidate too.
    candidates = unit_candidates(grid, layout, exclude, total_label)
    if not candidates or not candidates[0].clear:
        listed: object = [c.described() for c in candidates[:5]] or Phrase("none_listed")
        raise WorkbookError(key="unit_column_unclear", path=path, sheet=grid.name, candidates=listed)
    best = candidates[0]
    layout.unit_column = best.column
    if layout.parent_column == best.column:
        layout.parent_column = None
    issues.append(
        Issue(
            Level.WARNING,
            Code.UNIT_COLUMN_GUESSED,
            f"{grid.name}!{best.letter}{layout.header_row + 1}",
            facts={"column": best.letter, "header": best.header, "distinct": best.different, "rows": best.filled},
        )
    )
    return best.column


def _find_activities(source: Source, plan: ReadingSpec) -> tuple[Grid, int, int, int] | None:
    """The activity sheet of a workbook, when the plan tracks activities."""
    if not plan.has_activities or source.format.kind == "csv":
        return None
    return find_activity_sheet([source.sheet(name) for name in source.sheet_names])


def _empty_columns(plan: ReadingSpec) -> Columns:
    columns: Columns = {UNIT: [], KEY: [], PERIOD: [], PARENT: []}
    columns.update({v: np.array([], dtype=float) for v in plan.used_variables})
    columns.update({INPUT: np.array([], dtype=np.int64), ROW: np.array([], dtype=np.int64)})
    return columns


def recorded(source: Source, key: str) -> list[str]:
    """Values `healthkpi template` wrote under `key` into the workbook's hidden sheet."""
    if META_SHEET not in source.hidden_sheets + source.sheet_names:
        return []
    try:
        grid = source.sheet(META_SHEET)
    except WorkbookError:
        return []
    values = []
    for row in grid.rows[:100_000]:
        if len(row) >= 2 and cell_text(row[0]).strip().lower() == key:
            value = clean(cell_text(row[1]))
            if value:
                values.append(value)
    return values


def recorded_plan(source: Source) -> str | None:
    """The plan id `healthkpi template` wrote into the workbook, if any."""
    found = recorded(source, "plan")
    return found[0] if found else None


def recorded_plan_of(path: Path, max_size: int) -> str | None:
    """The plan id recorded in the file at `path` (None for a text table, which cannot record one)."""
    fmt = sniff(path, max_size)
    if fmt.kind in ("csv", "html"):
        return None
    return recorded_plan(open_source(path, fmt))


def _no_variables(
    path: Path, plan: ReadingSpec, grids: list[Grid], text: bool = False, header_row: int | None = None
) -> WorkbookError:
    names = ", ".join(repr(g.name) for g in grids[:5])
    sheets: object = names or Phrase("none_listed")
    if len(grids) > 5:
        sheets = Phrase("and_more_sheets", (("names", names), ("n", len(grids) - 5)))
    wanted = ", ".join(f"{plan.variables[v].label!r}" for v in plan.used_variables[:6])
    if text and promises_a_workbook(path):
        return WorkbookError(key="text_not_workbook", path=path, suffix=path.suffix, plan=plan.id)
    if header_row is not None and grids and all(header_row > len(g.rows) for g in grids):
        return WorkbookError(
            key="header_row_beyond_sheet",
            path=path,
            row=header_row,
            sheets=sheets,
            rows=max(len(g.rows) for g in grids),
        )
    if header_row is not None:
        return WorkbookError(
            key="no_variables_in_row", path=path, plan=plan.id, row=header_row, sheets=sheets, wanted=wanted
        )
    return WorkbookError(key="no_variables", path=path, plan=plan.id, sheets=sheets, wanted=wanted)


def _missing_columns(grid: Grid, layout: Layout, plan: ReadingSpec) -> list[Issue]:
    issues = []
    suggested = layout.closest_headers(plan)
    for variable in layout.unmatched:
        closest = suggested.get(variable)
        issues.append(
            Issue(
                Level.ERROR,
                Code.MISSING_COLUMN,
                grid.name,
                variable=variable,
                template="missing_column_close" if closest else None,
                facts={"label": plan.variables[variable].label, "closest": closest},
            )
        )
    return issues


def header_grids(path: Path, encoding: str | None, max_size: int) -> list[Grid]:
    """The top rows of each sheet (with their merged cells): enough to tell which plan a file fits."""
    source = open_source(path, sniff(path, max_size), encoding)
    grids = []
    for name in source.sheet_names[:SAMPLE_SHEETS]:
        grid = source.sheet(name)
        top = grid.rows[:SAMPLE_HEADER_ROWS]
        grids.append(Grid(grid.name, top, [m for m in grid.merged if m[0][0] < SAMPLE_HEADER_ROWS]))
    return grids
