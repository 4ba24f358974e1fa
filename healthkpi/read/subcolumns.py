"""Which column to read when a variable's header spans several, each named underneath.

Comparison forms put one header over two or more columns: "Dân số trung bình" over
"Năm 2023 | Năm 2024", "Số trẻ được tiêm chủng" over "Kế hoạch | Thực hiện". The first of them
is no more the variable's column than the others, and reading it would score last year's
figures, or the plan's own targets, as this year's results. So:

- sub-columns that all name periods are those periods: the sheet is read once per period, each
  reading taking that period's column of every such variable (and the others as they are);
- else where exactly one of them is the figure done ("Thực hiện", "TH", "Ước thực hiện", "Kết
  quả"), it is read, and a note says so;
- else the read stops (exit 2), naming the columns and how to say which one holds the figures.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from healthkpi.base.errors import WorkbookError
from healthkpi.base.issues import Code, Issue, Level
from healthkpi.base.periods import normalise_period
from healthkpi.base.spans import period_span
from healthkpi.base.text import loose_key
from healthkpi.read.cells import column_letter
from healthkpi.read.grid import Grid
from healthkpi.read.header import Layout

# What a column of figures done is headed, without accents; the plan's own column is "Kế hoạch", "KH".
_DONE = ("thuc hien", "uoc thuc hien", "uoc th", "th", "ket qua", "actual", "achieved", "done")


def resolved(path: Path, grid: Grid, layout: Layout) -> tuple[list[Layout], list[Issue]]:
    """The layouts to read `grid` with (one per period when the sub-columns are periods), and notes."""
    subs = layout.sub_columns
    if not subs:
        return [layout], []
    below = layout.sub_row if layout.sub_row is not None else layout.header_row + 1  # the header's last row
    periods = {v: [(c, _period(text)) for c, text in columns] for v, columns in subs.items()}
    labels = list(dict.fromkeys(p for columns in periods.values() for _c, p in columns))
    if layout.period_column is None and None not in labels:
        readings = []
        shared = {v: c for v, c in layout.columns.items() if v not in subs}  # one column for every period
        for label in labels:
            columns = {v: c for v, found in periods.items() for c, p in found if p == label}
            readings.append(
                dataclasses.replace(
                    layout, header_row=below, columns={**shared, **columns}, sub_columns={}, period_label=label
                )
            )
        notes = []
        if shared:  # a population given once, read into each year: said, for it may be one year's only
            notes.append(
                Issue(
                    Level.WARNING,
                    Code.MISSING_PERIOD,
                    grid.name,
                    template="sub_columns_shared",
                    facts={"columns": _said([(c, layout.headers.get(c, v)) for v, c in shared.items()]),
                           "periods": ", ".join(str(label) for label in labels)},
                )
            )  # fmt: skip
        return readings, notes
    done = {
        v: [(c, text) for c, text in columns if loose_key(text).strip(" .:") in _DONE] for v, columns in subs.items()
    }
    if all(len(found) == 1 for found in done.values()):
        columns = {**layout.columns, **{v: found[0][0] for v, found in done.items()}}
        first, found = next(iter(done.items()))
        note = Issue(
            Level.INFO,
            Code.MISSING_COLUMN,
            f"{grid.name}!{column_letter(found[0][0])}{below + 1}",
            template="sub_column_done",
            facts={
                "header": layout.headers.get(layout.columns[first], ""),
                "text": found[0][1],
                "others": _said(subs[first]),
                "count": len(done),
            },
        )
        return [dataclasses.replace(layout, header_row=below, columns=columns, sub_columns={})], [note]
    variable, spanned = next(iter(subs.items()))
    raise WorkbookError(
        key="ambiguous_sub_columns",
        path=path,
        sheet=grid.name,
        header=layout.headers.get(layout.columns[variable], ""),
        variable=variable,
        columns=_said(spanned),
        count=len(subs),
    )


def _period(text: str) -> str | None:
    """The period a sub-column's header names ("Năm 2024", "2024", "Quý II/2024"), or None."""
    normalised = normalise_period(text) or ""
    span = period_span(normalised)
    if span is None or span.year is None:
        return None
    return span.label() or normalised


def _said(columns: list[tuple[int, str]]) -> str:
    return ", ".join(f"{column_letter(c)} ({text})" for c, text in columns)
