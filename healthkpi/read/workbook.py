"""`read_data`: district workbooks and text tables into one table of units (DESIGN §4).

Each input is read by `sheet.read_part` in a sandboxed child process (sandbox.py),
which sends back plain columns; here they become one pandas table, a unit reported
by two files is kept once, and the plan's unit map and hierarchy are applied.
Problems in the data become issues; only a file that cannot be used at all
raises WorkbookError.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from healthkpi.base.errors import WorkbookError, phrase_of
from healthkpi.base.issues import Code, Issue, Level
from healthkpi.base.messages import Sentence
from healthkpi.base.numbers import Locale
from healthkpi.base.periods import period_order
from healthkpi.plan.schema import Plan
from healthkpi.read.activities import Reported
from healthkpi.read.columns import INPUT, KEY, PARENT, PERIOD, ROW, UNIT
from healthkpi.read.dataset import DataSet
from healthkpi.read.fit import fits, misfit_error, reported_keys
from healthkpi.read.formats import DEFAULT_MAX_SIZE
from healthkpi.read.hierarchy import fill_parents, parent_issues
from healthkpi.read.origin import InputInfo, TotalRow
from healthkpi.read.sandbox import read_isolated
from healthkpi.read.sheet import Columns, part_arguments, read_part, recorded_plan_of
from healthkpi.read.spec import ReadingHints, ReadingSpec
from healthkpi.read.unitmap import UnitMap, apply_unit_map


def read_data(
    paths: str | Path | Sequence[str | Path],
    plan: Plan,
    *,
    sheet: str | None = None,
    hints: ReadingHints | None = None,
    locale: Locale = "vi",
    encoding: str | None = None,
    skip_unreadable: bool = False,
    max_size: int = DEFAULT_MAX_SIZE,
    unit_map: UnitMap | None = None,
    allow_partial: bool = False,
) -> DataSet:
    """Read one or more data files for `plan`.

    A file that cannot be used raises WorkbookError — or, with
    `skip_unreadable`, is left out and listed in `DataSet.failed` (a batch
    must not stop for one bad file); if no file can be used, it raises.
    Each file is parsed in a sandboxed child process (sandbox.py); a file
    that would expand to more than `max_size` bytes is refused unparsed.
    `hints` (or `sheet`) say where the data sits, over the plan's own `workbook:`;
    a file holding fewer than half the variables the plan's indicators use is
    refused, naming the plan it fits better, unless `allow_partial`.
    """
    if isinstance(paths, str | Path):
        paths = [paths]
    given = hints or ReadingHints(sheets=(sheet,) if sheet else ())
    hints = given.over(ReadingHints.of(plan))
    frames: list[pd.DataFrame] = []
    inputs: list[InputInfo] = []
    totals: list[TotalRow] = []
    issues: list[Issue] = []
    reported: list[Reported] = []
    units_listed: list[list[str]] = []
    raw: dict[tuple[int, int, str], str] = {}
    failed: list[tuple[str, WorkbookError]] = []
    skipped: list[tuple[str, str]] = []
    unfit: list[Path] = []
    reported_ids: dict[Path, set[str]] = {}  # each unfit file's activity ids, to say which plan it fits
    plan_side_files = side_files(plan)
    spec = ReadingSpec.of(plan)  # all the reading child needs of the plan
    read_from: dict[str, str] = {}  # sha256 → the first path with that content
    sheet_found = False
    for path in paths:
        try:
            path = Path(path)
            if path.resolve() in plan_side_files:  # a folder holding the plan's annex, hierarchy or unit map
                skipped.append((str(path), Sentence("skipped_side_file")))
                continue
            parts = read_isolated(
                read_part, path, part_arguments(spec, len(inputs), hints, locale, encoding, max_size),
                role=Sentence("role_data_file"),
            )  # fmt: skip
        except WorkbookError as exc:
            if not skip_unreadable:
                raise
            failed.append((str(path), exc))
            continue
        digest = parts[0].info.sha256
        if digest in read_from:
            # The same file twice (or a copy): its units would all be duplicates of the first.
            skipped.append((str(path), Sentence("skipped_same_content", first=read_from[digest])))
            continue
        read_from[digest] = str(path)
        if not allow_partial and not fits(plan, parts):
            unfit.append(path)
            reported_ids[path] = reported_keys(parts)
            continue
        for part in parts:
            frames.append(_frame(part.columns))
            inputs.append(part.info)
            totals += part.totals
            issues += part.issues
            reported += part.activities
            units_listed.append(part.expected_units)
            raw.update({(len(inputs) - 1, row, variable): text for (row, variable), text in part.raw.items()})
            sheet_found = sheet_found or part.activity_sheet is not None
    if unfit:
        raise misfit_error(
            plan, unfit, fitting=list(read_from.values()), encoding=encoding, max_size=max_size, reported=reported_ids
        )
    if not frames:
        raise WorkbookError(key="no_input_readable", errors=tuple(phrase_of(error) for _path, error in failed))
    variables = plan.used_variables
    frame = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    missing = [v for v in variables if all(v not in info.columns for info in inputs)]
    if len(inputs) > 1:  # several files, or several sheets of one
        counts = [v for v in variables if plan.variables[v].kind == "count"]
        _refuse_the_same_whole_twice(frame, inputs, counts or variables)  # averages of beds add up too
        duplicated = frame.duplicated(subset=[KEY, PERIOD], keep="first").to_numpy()
        if duplicated.any():
            issues += _duplicates_across_inputs(frame, duplicated, inputs)
            frame = frame.loc[~duplicated].reset_index(drop=True)
    expected = list(dict.fromkeys(u for part_units in units_listed for u in part_units))
    composition: dict[tuple[str, str | None], list[tuple[str, float]]] = {}
    unit_map = unit_map if unit_map is not None else plan.units_map
    if unit_map is not None:
        frame, composition, map_issues = apply_unit_map(frame, variables, unit_map)
        issues += map_issues
    frame = fill_parents(frame, plan.parents)
    issues = _blank_periods(frame, variables, issues)
    data = DataSet(
        frame=frame,
        inputs=inputs,
        totals=[t for t in totals if t.kind != "section"],  # headings travel with the totals until here
        issues=issues,
        variables=variables,
        missing_variables=missing,
        activities=reported,
        activity_sheet_found=sheet_found,
        expected_units=expected,
        raw=raw,
        left_out=list(failed),
        sections=[t for t in totals if t.kind == "section"],
        composition=composition,
        unit_map=unit_map,
        skipped=skipped,
    )
    data.issues += parent_issues(frame, data.unit_cell)
    return data


def _blank_periods(frame: pd.DataFrame, variables: list[str], issues: list[Issue]) -> list[Issue]:
    """A period in which no unit has a single value is one not reported yet (a template's later
    years): one note says so, in place of a missing-value warning for every one of its cells."""
    present = [v for v in variables if v in frame.columns]
    periods = frame[PERIOD].to_numpy(dtype=object)
    if not present or not any(isinstance(p, str) for p in periods):
        return issues
    reported = frame[present].notna().any(axis=1).to_numpy()
    held = set(periods[reported])
    blank = [p for p in dict.fromkeys(periods) if isinstance(p, str) and p not in held]
    if not blank:
        return issues
    kept = [i for i in issues if not (i.code == Code.MISSING_VALUE and i.period in blank)]
    notes = [
        Issue(Level.INFO, Code.MISSING_VALUE, None, period=p, template="period_blank", facts={"period": p})
        for p in sorted(blank, key=period_order)
    ]
    return kept + notes


def _frame(columns: Columns) -> pd.DataFrame:
    """One input's columns as a table; text columns that may hold None as object arrays."""
    data = dict(columns)
    data[PERIOD] = pd.array(data[PERIOD], dtype=object)
    data[PARENT] = pd.array(data[PARENT], dtype=object)
    return pd.DataFrame(data)


def side_files(plan: Plan) -> set[Path]:
    """The annex, hierarchy and unit map files the plan names (not data, though they are workbooks)."""
    return {side.path.resolve() for side in plan.side_files}


def peek_recorded_plan(path: str | Path, max_size: int = DEFAULT_MAX_SIZE) -> str | None:
    """The recorded plan id of a data file, without reading its data (for plan discovery). The
    file is untrusted: it is sniffed and opened in the sandbox, like any read of it (a FIFO or a
    bomb named as data must not hang or sink the parent)."""
    path = Path(path)
    return read_isolated(recorded_plan_of, path, (max_size,), role=Sentence("role_data_file"))


def _duplicates_across_inputs(frame: pd.DataFrame, duplicated: np.ndarray, inputs: list[InputInfo]) -> list[Issue]:
    """A unit reported by two files (or two sheets) is kept from the first only."""
    issues = []
    # by unit and period, a period left empty "" (None and NaN are no keys to look up by)
    keys = list(zip(frame[KEY].tolist(), frame[PERIOD].fillna("").tolist(), strict=True))
    first_of: dict[tuple[str, str], int] = {}
    for key, number, again in zip(keys, frame[INPUT].tolist(), duplicated.tolist(), strict=True):
        if not again:
            first_of.setdefault(key, int(number))
    for index in np.flatnonzero(duplicated):
        row = frame.iloc[index]
        info = inputs[int(row[INPUT])]
        earlier = inputs[first_of.get(keys[index], int(row[INPUT]))]
        issues.append(
            Issue(
                Level.ERROR,
                Code.DUPLICATE_UNIT,
                f"{info.sheet}!{info.unit_column}{int(row[ROW])}",
                unit=row[UNIT],
                period=row[PERIOD],
                template="duplicate_across_inputs",
                facts={"path": f"{info.path} ({info.sheet})", "first": f"{earlier.path} ({earlier.sheet})"},
            )
        )
    return issues


def _refuse_the_same_whole_twice(frame: pd.DataFrame, inputs: list[InputInfo], counts: list[str]) -> None:
    """Two inputs whose units add up to the same figures are one whole at two levels (trusts and
    regions, communes and districts): read as one table, every unit would be counted twice."""
    if not counts:
        return
    sums = frame.groupby([INPUT, frame[PERIOD].fillna("")], sort=True)[counts].sum(min_count=1)
    by_period: dict[str, list[tuple[int, np.ndarray]]] = {}
    for (number, period), row in sums.iterrows():
        by_period.setdefault(period, []).append((int(number), row.to_numpy(dtype=float)))
    for entries in by_period.values():
        for i, (a, first) in enumerate(entries):
            for b, second in entries[i + 1 :]:
                known = np.isfinite(first) & np.isfinite(second) & (first != 0)
                same = known & (np.abs(first - second) <= 1e-9 * np.maximum(np.abs(first), np.abs(second)))
                if same.sum() == known.sum() and (same.sum() >= 2 or (same.sum() == 1 and abs(first[same][0]) >= 1000)):
                    one, other = inputs[a], inputs[b]
                    copied = set(frame.loc[frame[INPUT] == a, KEY]) == set(frame.loc[frame[INPUT] == b, KEY])
                    raise WorkbookError(
                        key="same_data_twice" if copied else "same_whole_twice",  # a copied sheet, or two levels
                        first=f"{one.path} ({one.sheet}, {one.units} units)",
                        second=f"{other.path} ({other.sheet}, {other.units} units)",
                    )
