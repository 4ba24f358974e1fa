"""The terminal scorecard of a plan too wide for one table: a line per indicator, a line per unit.

A 55-indicator plan as a units × indicators matrix is nineteen tables at 80
columns, and nobody reads the eighteenth. The overview answers the meeting's
questions in a screenful or two instead:

- per indicator (under its group): the target, the total, how many units met,
  came near, missed or had no data, and the unit furthest from the target;
- per unit: how many targets it met, came near, missed, had no data for.

Every unit and every indicator is named; `--matrix` (or any filter) gives the
full grid. The overview is built from the same `ScoreGrid` as every other
output, so its counts are the grid's cells counted.
"""

from __future__ import annotations

from collections import Counter

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from healthkpi.base.messages import ui
from healthkpi.base.status import Status
from healthkpi.render.grid import STATUS_STYLES, Cell, Row, ScoreGrid, cell_text

STATUSES = (Status.PASS, Status.NEAR, Status.FAIL, Status.NO_DATA)
TARGET_WIDTH = 16  # "≥ 100 đến 2025"; longer targets are cut here and shown whole by --matrix and `show`
TOTAL_WIDTH = 14


def overview(grid: ScoreGrid, marks: dict[str, str], lang: str, width: int) -> RenderableType:
    """The indicator lines, then the unit lines, of one period."""
    title = f"{ui('period', lang)} {grid.period_label}" if grid.period_label else None
    return Group(_by_indicator(grid, marks, lang, width, title), _by_unit(grid, marks, lang))


def _by_indicator(grid: ScoreGrid, marks: dict[str, str], lang: str, width: int, title: str | None) -> Table:
    units = [row for row in grid.rows if not row.is_subtotal]
    counts = [Counter(row.cells[i].status for row in units) for i in range(len(grid.indicators))]
    totals = [cell_text(cell, marks) for cell in grid.total.cells]
    furthest = [_furthest(units, i) for i in range(len(grid.indicators))]
    # Columns as wide as their longest entry (within bounds), one space between them; the name
    # takes what is left, up to its longest, and is cut with "…" beyond.
    target_width = min(TARGET_WIDTH, max([len(ui("target_col", lang)), *map(len, grid.targets)]))
    total_width = min(TOTAL_WIDTH, max([len(grid.total.label), *map(len, totals)]))
    count_width = max([1, *(len(str(n)) for c in counts for n in c.values())])
    longest_worst = max([len(ui("furthest", lang)), *(len(t.plain) for t in furthest)])
    worst_width = min(longest_worst, max(14, (width - 40) // 3))
    longest_name = max([len(ui("indicator", lang)), *(len(ind.label(lang)) + 2 for ind in grid.indicators)])
    fixed = target_width + total_width + 4 * count_width + worst_width + 7  # + the spaces between columns
    name_width = max(16, min(longest_name, width - fixed))
    table = Table(
        title=title,
        title_justify="left",
        box=box.SIMPLE_HEAD,
        show_edge=False,
        header_style="bold",
        pad_edge=False,
        padding=0,  # the box puts one space between columns
    )
    table.add_column(ui("indicator", lang), overflow="ellipsis", no_wrap=True, width=name_width)
    table.add_column(ui("target_col", lang), overflow="ellipsis", no_wrap=True, width=target_width)
    table.add_column(grid.total.label, justify="right", overflow="ellipsis", no_wrap=True, width=total_width)
    for status in STATUSES:
        table.add_column(marks[status], justify="right", no_wrap=True, style=STATUS_STYLES[status], width=count_width)
    # The heading wraps onto a second line rather than be cut ("Xa mục tiêu" / "nhất"); its cells keep
    # to one line each (their Text says so), so the wrap costs the one line of the heading.
    table.add_column(ui("furthest", lang), overflow="fold", no_wrap=False, width=worst_width)
    furthest = [_fit_furthest(text, worst_width) for text in furthest]
    for column in table.columns:
        column.vertical = "bottom"  # the other headings beside the heading's last line
    for group, columns in _groups(grid):
        if group is not None:
            table.add_row(Text(group, style="bold underline"))
        for i in columns:
            total = grid.total.cells[i]
            table.add_row(
                Text(("  " if group is not None else "") + grid.indicators[i].label(lang)),
                Text(grid.targets[i], style="italic"),
                Text(totals[i], style=STATUS_STYLES[total.status]),
                *(str(counts[i].get(status, 0) or "·") for status in STATUSES),
                furthest[i],
            )
    return table


def _groups(grid: ScoreGrid) -> list[tuple[str | None, list[int]]]:
    """Indicator positions under their group, groups in the order the plan first names them."""
    groups: dict[str | None, list[int]] = {}
    for i, indicator in enumerate(grid.indicators):
        groups.setdefault(indicator.group, []).append(i)
    if list(groups) == [None]:
        return [(None, groups[None])]
    return list(groups.items())


def _furthest(units: list[Row], i: int) -> Text:
    """The unit that missed by the most (of those near when none missed), with its value."""
    for status in (Status.FAIL, Status.NEAR):
        found = [(row, row.cells[i]) for row in units if row.cells[i].status == status]
        if found:
            row, cell = max(found, key=lambda pair: _shortfall(pair[1]))
            return Text(f"{row.label} {cell.text}".rstrip(), style=STATUS_STYLES[status])
    return Text("")


def _fit_furthest(text: Text, width: int) -> Text:
    """The unit and its value within `width`: the name is cut, never the value ("Quảng X… 81,2",
    not "Quảng Xương 8…", which reads as 8)."""
    plain = text.plain
    if len(plain) > width and " " in plain:
        name, value = plain.rsplit(" ", 1)
        room = width - len(value) - 2
        plain = f"{name[:room].rstrip()}… {value}" if room >= 3 else value
    return Text(plain, style=text.style, no_wrap=True, overflow="ellipsis")


def _shortfall(cell: Cell) -> float:
    return cell.shortfall if cell.shortfall is not None else 0.0


def _by_unit(grid: ScoreGrid, marks: dict[str, str], lang: str) -> Table:
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, header_style="bold", pad_edge=False, padding=0)
    table.add_column(ui("unit", lang), overflow="ellipsis", no_wrap=True, min_width=12)
    for status in STATUSES:
        table.add_column(marks[status], justify="right", no_wrap=True, style=STATUS_STYLES[status])
    table.add_column(ui("met", lang), justify="right", no_wrap=True)
    for row in [*grid.rows, grid.total]:
        counts = Counter(cell.status for cell in row.cells)
        label = f"Σ {row.label}" if row.is_subtotal else f"  {row.label}" if row.in_group else row.label
        table.add_row(
            Text(label, style="bold" if row.is_total or row.is_subtotal else ""),
            *(str(counts.get(status, 0) or "·") for status in STATUSES),
            row.met_text,
            end_section=row is grid.rows[-1] if grid.rows else False,
        )
    return table
