"""Two columns headed alike ("Dân số" twice): which one a variable is read from, or a stop.

Offices keep last year's column beside this year's, often hidden, under the same header. Reading
the first of them, as the header's match does, scores last year's figures as a clean pass when the
first is the old one. So: a hidden column gives way to a visible one (said in a note); columns
that hold the same figures are one column; and visible columns whose figures differ stop the run
(exit 2), naming both, the first row where they differ and how to say which one is meant. Hidden
columns are known for .xlsx only (from the sheet's XML, `<col hidden="1">`, read only when two
columns are headed alike); elsewhere every column counts as visible.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

import numpy as np

from healthkpi.base.errors import WorkbookError
from healthkpi.base.issues import Code, Issue, Level
from healthkpi.base.numbers import Locale
from healthkpi.read.cells import cell_text, column_letter, convert_column
from healthkpi.read.grid import Grid
from healthkpi.read.header import Layout
from healthkpi.read.spec import ReadingSpec
from healthkpi.read.xmlparts import sheet_part, whole_tags, xml_attributes

_COL_TAG = re.compile(rb"<(?:[\w.-]+:)?col\b([^>]*)>")


def settle_twins(
    path: Path, kind: str, grid: Grid, layout: Layout, plan: ReadingSpec, locale: Locale, issues: list[Issue]
) -> None:
    """Each variable headed twice gets one column in `layout`; a note for each hidden column passed over."""
    if not layout.twins:
        return
    hidden = hidden_columns(path, grid.name) if kind == "xlsx" else set()
    start = (layout.sub_row or layout.header_row) + 1
    for variable, others in layout.twins.items():
        candidates = [layout.columns[variable], *others]
        visible = [c for c in candidates if c not in hidden]
        if visible and len(visible) < len(candidates):
            layout.columns[variable] = visible[0]
            for column in (c for c in candidates if c in hidden):
                issues.append(
                    Issue(
                        Level.INFO,
                        Code.SHEET_SKIPPED,
                        f"{grid.name}!{column_letter(column)}{layout.header_row + 1}",
                        variable=variable,
                        template="hidden_twin_column",
                        facts={
                            "header": layout.headers.get(column, ""),
                            "column": column_letter(column),
                            "read": column_letter(visible[0]),
                        },
                    )
                )
            candidates = visible
        _same_figures_or_stop(path, grid, layout, plan, locale, variable, candidates, start)
    layout.twins = {}


def _same_figures_or_stop(
    path: Path,
    grid: Grid,
    layout: Layout,
    plan: ReadingSpec,
    locale: Locale,
    variable: str,
    candidates: list[int],
    start: int,
) -> None:
    body = grid.rows[start:]
    cells = [[_at(row, c) for row in body] for c in candidates]
    values = [convert_column(column, locale).values for column in cells]
    for k in range(1, len(candidates)):
        first, other = values[0], values[k]
        differ = ~((first == other) | (np.isnan(first) & np.isnan(other)))
        if not differ.any():
            continue
        i = int(np.flatnonzero(differ)[0])
        raise WorkbookError(
            key="twin_columns",
            path=path,
            sheet=grid.name,
            header=layout.headers.get(candidates[0], ""),
            named=_named(layout.headers.get(candidates[0], ""), plan.variables[variable].label),
            columns=f"{column_letter(candidates[0])}, {column_letter(candidates[k])}",
            row=start + i + 1,
            first=cell_text(cells[0][i]) or "—",
            second=cell_text(cells[k][i]) or "—",
        )


def _named(header: str, label: str) -> str:
    """The plan's label for the variable, where the header does not already say it."""
    return f' ("{label}")' if label.casefold() != header.casefold() else ""


def _at(row: list[Any], column: int) -> object:
    return row[column] if column < len(row) else ""


def hidden_columns(path: Path, sheet: str) -> set[int]:
    """0-based columns of an .xlsx sheet marked hidden; empty when none are, or the XML cannot be
    looked into. The column settings come before the sheet's cells, so the cells are not read."""
    found: set[int] = set()
    try:
        with zipfile.ZipFile(path) as archive:
            part = sheet_part(archive, sheet)
            if part is None:
                return found
            with archive.open(part) as stream:
                for piece in whole_tags(stream):
                    cut = piece.find(b"<sheetData")
                    for tag in _COL_TAG.findall(piece if cut < 0 else piece[:cut]):
                        attributes = xml_attributes(tag)
                        if attributes.get("hidden", "").lower() in ("1", "true"):
                            low, high = int(attributes.get("min", "0")), int(attributes.get("max", "0"))
                            found.update(range(max(low, 1) - 1, min(high, 16384)))
                    if cut >= 0:
                        break
    except (zipfile.BadZipFile, OSError, KeyError, ValueError, EOFError, RuntimeError):
        return set()
    return found
