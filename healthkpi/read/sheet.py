"""Reading one data file into columns (DESIGN §4): the part that runs in the sandbox's child.

For one input: find the sheet and its header (header.py), classify the rows
below it (rows.py), turn cells into numbers (cells.py), and keep the total row
aside. The result is plain columns (lists and NumPy arrays) and a few records:
cheap to send to the parent, and built without pandas or pydantic, so a child
started afresh (the `spawn` start method, as on Windows) imports little.
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from healthkpi.base.errors import WorkbookError
from healthkpi.base.issues import Code, Issue, Level
from healthkpi.base.messages import Phrase
from healthkpi.base.numbers import Locale
from healthkpi.base.periods import normalise_period, period_position
from healthkpi.base.text import clean, unit_key
from healthkpi.read import rows as rowkinds
from healthkpi.read.activities import Reported, find_activity_sheet, read_reported
from healthkpi.read.cells import (
    BAD,
    EMPTY,
    NUMBER,
    Column,
    address,
    cell_text,
    column_letter,
    convert_column,
    is_formula_error,
)
from healthkpi.read.columns import INPUT, KEY, META_SHEET, PARENT, PERIOD, ROW, UNIT
from healthkpi.read.formats import Format, promises_a_workbook, sniff
from healthkpi.read.grid import Grid, Source, open_source
from healthkpi.read.header import Layout, alias_index, detect_layout
from healthkpi.read.origin import InputInfo, TotalRow
from healthkpi.read.rows import RowKind
from healthkpi.read.spec import ReadingSpec

Columns = dict[str, "list[Any] | np.ndarray"]  # the table's columns (read.columns): lists of text, arrays of numbers


@dataclass
class SheetPart:
    """What one input holds: its columns, where they came from, its total rows and its issues."""

    columns: Columns
    info: InputInfo
    totals: list[TotalRow]
    issues: list[Issue]
    activities: list[Reported] = field(default_factory=list)
    activity_sheet: str | None = None
    expected_units: list[str] = field(default_factory=list)
    raw: dict[tuple[int, str], str] = field(default_factory=dict)  # (sheet row, variable) → text as typed


def read_part(
    path: Path, plan: ReadingSpec, number: int, sheet: str | None, locale: Locale, encoding: str | None, max_size: int
) -> SheetPart:
    """Input number `number` at `path`, read for `plan` (in the sandbox's child)."""
    fmt = sniff(path, max_size)
    source = open_source(path, fmt, encoding)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    activity_sheet = _find_activities(source, plan)
    if not plan.used_variables:
        # A plan of activities only: the activity sheet is all there is to read.
        if activity_sheet is None:
            raise WorkbookError(
                f"{path}: plan {plan.id!r} tracks activities, but no sheet has an activity-id column and a status column"
            )
        columns = _empty_columns(plan)
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
            recorded_plan=recorded_plan(source),
            note=fmt.note,
        )
        return SheetPart(columns, info, [], [], read_reported(*activity_sheet), activity_sheet[0].name)
    grid, layout = _choose_sheet(source, plan, sheet)
    reader = _SheetReader(grid, layout, plan, locale, number)
    columns, totals = reader.read()
    if not len(columns[KEY]):
        what = "only a total row" if totals else "no unit rows"
        raise WorkbookError(
            f"{path}: sheet {grid.name!r} has the plan's header (row {layout.header_row + 1}) but {what} under it; "
            "there is nothing to score — is this the blank form rather than the filled one?"
        )
    issues = reader.issues + _missing_columns(grid, layout, plan)
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
        recorded_plan=recorded_plan(source),
        note=fmt.note,
    )
    if activity_sheet is not None and activity_sheet[0].name == grid.name:
        activity_sheet = None
    reported = read_reported(*activity_sheet) if activity_sheet else []
    sheet_name = activity_sheet[0].name if activity_sheet else None
    return SheetPart(columns, info, totals, issues, reported, sheet_name, recorded(source, "unit"), reader.raw)


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


def recorded_plan_of(path: Path, fmt: Format) -> str | None:
    return recorded_plan(open_source(path, fmt))


def _choose_sheet(source: Source, plan: ReadingSpec, wanted: str | None) -> tuple[Grid, Layout]:
    path = source.path
    if wanted is not None:
        names = source.sheet_names + source.hidden_sheets
        match = next((n for n in names if n == wanted), None) or next(
            (n for n in names if unit_key(n) == unit_key(wanted)), None
        )
        if match is None:
            raise WorkbookError(f"{path}: has no sheet {wanted!r}; its sheets are: {', '.join(source.sheet_names)}")
        grid = source.sheet(match)
        layout = detect_layout(grid, plan)
        if layout is None:
            raise _no_variables(path, plan, [grid])
        return grid, layout
    best: tuple[Grid, Layout] | None = None
    tried = []
    index = alias_index(plan)  # once, not once per sheet: workbooks can hold a thousand sheets
    for name in source.sheet_names:
        grid = source.sheet(name)
        tried.append(grid)
        layout = detect_layout(grid, plan, index)
        if layout is None:
            continue
        if best is None or len(layout.columns) > len(best[1].columns):
            best = (grid, layout)
        if not layout.unmatched:
            break  # every variable found: this is the sheet
    if best is None:
        raise _no_variables(path, plan, tried, text=source.format.kind == "csv")
    return best


def _no_variables(path: Path, plan: ReadingSpec, grids: list[Grid], text: bool = False) -> WorkbookError:
    names = ", ".join(repr(g.name) for g in grids[:5]) or "none"
    sheets: object = names
    if len(grids) > 5:
        sheets = Phrase("and_more_sheets", (("names", names), ("n", len(grids) - 5)))
    wanted = ", ".join(f"{plan.variables[v].label!r}" for v in plan.used_variables[:6])
    if text and promises_a_workbook(path):
        return WorkbookError(
            f"{path}: is a plain text file, not a workbook (despite its {path.suffix} name), and no "
            f"column header of plan {plan.id!r} was found in it"
        )
    return WorkbookError(key="no_variables", path=path, plan=plan.id, sheets=sheets, wanted=wanted)


def _missing_columns(grid: Grid, layout: Layout, plan: ReadingSpec) -> list[Issue]:
    issues = []
    for variable in layout.unmatched:
        closest = layout.closest_header(plan, variable)
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


class _SheetReader:
    """Reads the rows of one sheet below its header."""

    def __init__(self, grid: Grid, layout: Layout, plan: ReadingSpec, locale: Locale, number: int):
        self.grid = grid
        self.layout = layout
        self.plan = plan
        self.locale = locale
        self.number = number
        self.issues: list[Issue] = []
        self.raw: dict[tuple[int, str], str] = {}
        self.parents: list[str] = []

    def read(self) -> tuple[Columns, list[TotalRow]]:
        layout, grid = self.layout, self.grid
        start = layout.header_row + 1
        body = grid.rows[start:]
        table = _as_table(body)
        variables = list(layout.columns)
        columns = {v: convert_column(_column(table, c), self.locale) for v, c in layout.columns.items()}
        merged = _merged_lookup(grid, {layout.unit_column, layout.period_column, layout.parent_column})
        labels = self._labels(table, start, merged)
        self.parents = self._parents(table, start, merged)
        periods = self._periods(table, start, merged)
        kinds = np.stack([columns[v].kinds for v in variables], axis=1) if variables else np.zeros((len(body), 0))
        has_number = (kinds == NUMBER).any(axis=1) if variables else np.zeros(len(body), dtype=bool)
        has_text = (kinds == BAD).any(axis=1) if variables else np.zeros(len(body), dtype=bool)

        unit_rows: list[int] = []
        totals: list[TotalRow] = []
        for i, row in enumerate(body):
            kind = self._classify(i, row, labels[i], bool(has_number[i]), bool(has_text[i]), bool(unit_rows))
            if kind is RowKind.END:
                break
            if kind is RowKind.UNIT:
                unit_rows.append(i)
            elif kind is RowKind.TOTAL and not any(t.period == periods[i] for t in totals):
                totals.append(
                    TotalRow(
                        self.number,
                        start + i + 1,
                        labels[i],
                        periods[i],
                        {v: columns[v].values[i] for v in variables},
                    )
                )
            elif kind is RowKind.NO_NAME:
                self.issues.append(
                    Issue(
                        Level.WARNING,
                        Code.MISSING_VALUE,
                        address(grid.name, start + i, layout.unit_column or 0),
                        template="no_unit_name",
                        facts={"row": start + i + 1},
                    )
                )
        unit_keys = [unit_key(labels[i]) for i in unit_rows]  # once per unit row: names can be a million
        kept_positions = self._drop_duplicates(unit_rows, labels, unit_keys, periods, start)
        keep = [unit_rows[j] for j in kept_positions]
        keys = [unit_keys[j] for j in kept_positions]
        self._cell_issues(keep, labels, periods, columns, start)
        kept = set(keep)
        self.raw = {  # what was typed, for explain: numbers typed as text, and text that is not a number
            (start + i + 1, variable): text
            for variable, column in columns.items()
            for texts in (column.texts, column.problems)
            for i, text in texts.items()
            if i in kept and text
        }
        return self._frame(keep, labels, keys, periods, columns, start), totals

    # -- per row --------------------------------------------------------------

    def _labels(self, table: np.ndarray, start: int, merged: dict[tuple[int, int], object]) -> list[str]:
        return self._names_in(self.layout.unit_column, table, start, merged)

    def _parents(self, table: np.ndarray, start: int, merged: dict[tuple[int, int], object]) -> list[str]:
        """The parent column ("Huyện" beside "Xã")."""
        return self._names_in(self.layout.parent_column, table, start, merged)

    @staticmethod
    def _names_in(
        column: int | None, table: np.ndarray, start: int, merged: dict[tuple[int, int], object]
    ) -> list[str]:
        """The names down one column, a merged cell's text filling its whole range."""
        if column is None:
            return [""] * len(table)
        names = []
        for i, cell in enumerate(_column(table, column)):
            if cell == "" or cell is None:
                cell = merged.get((start + i, column), "")
            names.append(label_text(cell))
        return names

    def _periods(self, table: np.ndarray, start: int, merged: dict[tuple[int, int], object]) -> list[str | None]:
        column = self.layout.period_column
        if column is None:
            return [None] * len(table)
        values = []
        for i, cell in enumerate(_column(table, column)):
            if cell == "" or cell is None:
                cell = merged.get((start + i, column), "")
            values.append(normalise_period(cell))
        # A "Năm" column that holds no periods (a column of counts for boys, say) is not one.
        filled = [v for v in values if v]
        if filled and sum(period_position(v) is not None for v in filled) < len(filled) / 2:
            self.layout.period_column = None
            return [None] * len(table)
        return values

    def _classify(
        self,
        i: int,
        row: list[object],
        label: str,
        has_number: bool,
        has_text: bool,
        seen_units: bool,
    ) -> RowKind:
        layout = self.layout
        if not label and not has_number and not has_text:
            return RowKind.BLANK
        if i < 3 and rowkinds.is_column_numbers_row(row, sorted(layout.columns.values())):
            return RowKind.COLUMN_NUMBERS
        if not has_number and rowkinds.is_end_label(label or _first_text(row)):
            return RowKind.END  # notes and signatures: the table is over
        if label:
            total = rowkinds.total_kind(label, self.plan.total_label)
            if total is not None:
                return total
        if not label:
            return RowKind.NO_NAME if has_number else RowKind.SECTION
        if has_number or has_text:
            return RowKind.UNIT
        # A name and no figures at all: a section title, unless the row is numbered
        # like a unit (1, 2, 3 rather than I, II, A), which is a unit that sent nothing.
        number = _at(row, layout.number_column) if layout.number_column is not None else ""
        return RowKind.UNIT if rowkinds.is_unit_number(number) else RowKind.SECTION

    # -- across rows ----------------------------------------------------------

    def _drop_duplicates(
        self, unit_rows: list[int], labels: list[str], keys: list[str], periods: list[str | None], start: int
    ) -> list[int]:
        """Positions in `unit_rows` to keep: the first row of each (unit, period)."""
        duplicated = _repeated([(keys[j], periods[i]) for j, i in enumerate(unit_rows)])
        if not duplicated.any():
            return list(range(len(unit_rows)))
        repeated = {(keys[j], periods[unit_rows[j]]) for j in np.flatnonzero(duplicated)}
        first: dict[tuple[str, str | None], int] = {}
        for j, i in enumerate(unit_rows):
            pair = (keys[j], periods[i])
            if pair in repeated and pair not in first:
                first[pair] = i
        for j in map(int, np.flatnonzero(duplicated)):
            i = unit_rows[j]
            first_row = first[(keys[j], periods[i])]
            self.issues.append(
                Issue(
                    Level.ERROR,
                    Code.DUPLICATE_UNIT,
                    address(self.grid.name, start + i, self.layout.unit_column or 0),
                    unit=labels[first_row],
                    period=periods[i],
                    facts={"row": start + i + 1, "first_row": start + first_row + 1, "other": labels[i]},
                )
            )
        return [j for j in range(len(unit_rows)) if not duplicated[j]]

    def _cell_issues(
        self,
        keep: list[int],
        labels: list[str],
        periods: list[str | None],
        columns: dict[str, Column],
        start: int,
    ) -> None:
        sheet = self.grid.name
        kept = np.asarray(keep, dtype=np.int64)
        for variable, column in columns.items():
            letter_index = self.layout.columns[variable]
            label = self.plan.variables[variable].label
            for i in kept[column.kinds[kept] != NUMBER]:  # only the cells that are not numbers
                i = int(i)
                kind = column.kinds[i]
                where = address(sheet, start + i, letter_index)
                if kind == BAD:
                    raw = column.problems.get(i, "")
                    self.issues.append(
                        Issue(
                            Level.WARNING,
                            Code.NOT_A_NUMBER,
                            where,
                            labels[i],
                            variable,
                            periods[i],
                            template="formula_error" if is_formula_error(raw) else None,
                            facts={"text": raw[:80], "label": label},
                        )
                    )
                elif kind == EMPTY:
                    self.issues.append(
                        Issue(
                            Level.WARNING,
                            Code.MISSING_VALUE,
                            where,
                            labels[i],
                            variable,
                            periods[i],
                            facts={"label": label},
                        )
                    )

    def _frame(
        self,
        keep: list[int],
        labels: list[str],
        keys: list[str],
        periods: list[str | None],
        columns: dict[str, Column],
        start: int,
    ) -> Columns:
        index = np.asarray(keep, dtype=np.int64)
        data: Columns = {
            UNIT: [labels[i] for i in keep],
            KEY: keys,
            PERIOD: [periods[i] for i in keep],
            PARENT: [self.parents[i] or None for i in keep],
        }
        for variable in self.plan.used_variables:
            data[variable] = columns[variable].values[index] if variable in columns else np.full(len(keep), np.nan)
        data[INPUT] = np.full(len(keep), self.number, dtype=np.int64)
        data[ROW] = index + start + 1
        return data


def _repeated(pairs: list[tuple[str, str | None]]) -> np.ndarray:
    """True for each pair equal to an earlier one. Hashes first (8 bytes a row, where a set of tuples
    costs ~100 at a million rows), then the few rows that share a hash are compared exactly."""
    hashes = np.fromiter(map(hash, pairs), dtype=np.int64, count=len(pairs))
    _, first = np.unique(hashes, return_index=True)
    repeated = np.ones(len(pairs), dtype=bool)
    repeated[first] = False
    if repeated.any():
        seen: set[tuple[str, str | None]] = set()
        for i in np.flatnonzero(np.isin(hashes, hashes[repeated])):
            repeated[i] = pairs[i] in seen
            seen.add(pairs[i])
    return repeated


def _as_table(body: list[list[object]]) -> np.ndarray:
    """The rows as one 2-D object array (padded with "" where rows are ragged, as CSV lines can be)."""
    if not body:
        return np.empty((0, 0), dtype=object)
    width = max(map(len, body))
    table = np.full((len(body), width), "", dtype=object)
    if all(len(row) == width for row in body):
        table[:] = body  # spreadsheets: every row already has the sheet's width
    else:
        for i, row in enumerate(body):
            table[i, : len(row)] = row
    return table


def _column(table: np.ndarray, column: int) -> np.ndarray:
    if column >= table.shape[1]:
        return np.full(len(table), "", dtype=object)
    return table[:, column]


@functools.lru_cache(maxsize=1 << 16)
def _label_of_text(text: str) -> str:
    return clean(text)


def label_text(cell: object) -> str:
    """A unit-name cell as shown; the same names recur for every period, so text is cached."""
    return _label_of_text(cell) if isinstance(cell, str) else clean(cell_text(cell))


def _at(row: list[object], column: int | None) -> object:
    if column is None or column >= len(row):
        return ""
    return row[column]


def _first_text(row: list[object]) -> str:
    return next((clean(c) for c in row if isinstance(c, str) and c.strip()), "")


def _merged_lookup(grid: Grid, columns: set[int | None]) -> dict[tuple[int, int], object]:
    """Values of merged cells in the label and period columns, for every cell they cover."""
    lookup: dict[tuple[int, int], object] = {}
    for (top, left), (bottom, right) in grid.merged:
        for column in columns:
            if column is None or not left <= column <= right or top >= len(grid.rows):
                continue
            value = _at(grid.rows[top], left)
            for r in range(top + 1, bottom + 1):
                lookup[(r, column)] = value
    return lookup
