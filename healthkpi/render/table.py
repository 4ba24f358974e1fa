"""The terminal scorecard: units × indicators, a mark and a colour in every cell.

Wide plans are split into several tables of as many indicator columns as the
terminal holds, each repeating the unit column, rather than squeezed
unreadably. Marks (✓ ~ ✗ –) carry the status without colour too.
"""

from __future__ import annotations

from collections import Counter

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from healthkpi.base.display import format_number
from healthkpi.base.messages import input_line, ui
from healthkpi.base.status import Status
from healthkpi.plan.bundled import shown_plan_path
from healthkpi.read.activities import State
from healthkpi.render.followup_table import follow_up_group
from healthkpi.render.grid import (
    ASCII_MARKS,
    MARKS,
    STATUS_STYLES,
    Cell,
    Row,
    ScoreGrid,
    cell_text,
    footnotes,
    score_grids,
)
from healthkpi.render.overview import overview
from healthkpi.render.quality import completeness_line, issues_section
from healthkpi.render.view import AUTO, MATRIX, OVERVIEW, View, narrow
from healthkpi.scoring.activities import ActivityReport
from healthkpi.scoring.scorecard import Scorecard

UNIT_WIDTH = 22
CELL_WIDTH = 12
WIDE_CELL_WIDTH = 20
ISSUES_SHOWN = 8  # activities not done, listed under the completion table


def render_table(
    card: Scorecard,
    console: Console,
    lang: str = "vi",
    show_issues: bool = True,
    all_issues: bool = False,
    view: View | None = None,
) -> None:
    """The scorecard for the terminal: the matrix when it fits in one table (or is asked for,
    or filtered), else the overview (render.overview); then the summary, activities and issues."""
    view = view or View()
    marks = MARKS if _unicode_ok(console) else ASCII_MARKS
    console.print(_heading(card, lang))
    grids = score_grids(card, lang) if card.plan.indicators else []  # a plan may track activities only
    for whole in grids:
        grid = narrow(whole, view, card.plan.id) if view.filtered else whole
        parts, width = _split(grid, console.width)
        layout = view.layout
        if layout == AUTO:
            layout = MATRIX if len(parts) == 1 or view.filtered else OVERVIEW
        if layout == OVERVIEW:
            console.print(overview(grid, marks, lang, console.width))
        elif not grid.indicators:
            console.print(Text(ui("nothing_shown", lang), style="dim"))
        else:
            for part in parts:
                console.print(_table(part, grid, lang, marks, width, last=part.stop == len(grid.indicators)))
        for note in footnotes(grid, lang):
            console.print(Text(note, style="dim"))
        if layout == OVERVIEW and view.layout == AUTO:
            console.print(Text(ui("view_hint", lang), style="dim"))
        console.print(_summary(card, whole, lang))
    if card.activities is not None:
        console.print(_activities(card.activities, lang, show_all=all_issues))
    if card.completeness is not None and card.completeness.expected:
        console.print(completeness_line(card.completeness, lang))
    if (follow := follow_up_group(card, lang)) is not None:  # with --history or an actions file
        console.print(follow)
    if show_issues and card.issues:
        console.print(issues_section(card.issues, lang, all_issues, card.quality_card()))


def _unicode_ok(console: Console) -> bool:
    encoding = (console.encoding or "").lower()
    return "utf" in encoding


def _heading(card: Scorecard, lang: str) -> Text:
    plan = card.plan
    text = Text()
    text.append(plan.title(lang), style="bold")
    text.append(f"  ({plan.id})\n", style="dim")
    text.append(f"{ui('plan', lang)}: {shown_plan_path(plan.path, lang)}\n", style="dim")
    for info in card.data.inputs:
        text.append(
            input_line(info.path, info.sheet, info.units, len(card.data.activities), lang) + "\n",
            style="dim",
        )
    return text


def _split(grid: ScoreGrid, width: int) -> tuple[list[range], int]:
    """Ranges of indicator columns that fit in `width` beside the unit and met
    columns, and the width each column gets (wider when the terminal has room)."""
    room = max(width - UNIT_WIDTH - 8, CELL_WIDTH + 3)
    count = len(grid.indicators)
    roomy = room // max(count, 1) - 3
    if roomy >= CELL_WIDTH:
        return [range(count)], min(roomy, WIDE_CELL_WIDTH)
    per_table = max(1, room // (CELL_WIDTH + 3))
    return [range(i, min(i + per_table, count)) for i in range(0, count, per_table)], CELL_WIDTH


def _table(columns: range, grid: ScoreGrid, lang: str, marks: dict[str, str], width: int, last: bool) -> Table:
    title = f"{ui('period', lang)} {grid.period_label}" if grid.period_label else None
    table = Table(title=title, title_justify="left", show_lines=False, header_style="bold")
    table.add_column(ui("unit", lang), min_width=10, max_width=UNIT_WIDTH, overflow="fold")
    for i in columns:
        label = grid.indicators[i].label(lang)
        table.add_column(label, justify="right", min_width=8, max_width=width, overflow="fold")
    if last:  # the count of targets met closes the last part only
        table.add_column(ui("met", lang), justify="right", no_wrap=True, min_width=5)
    targets = [Text(grid.targets[i], style="italic") for i in columns]
    table.add_row(
        Text(ui("target_row", lang), style="italic"),
        *targets,
        *([""] if last else []),
        end_section=True,
    )
    for row in grid.rows:
        if row.is_subtotal:  # a parent after its units: a ratio of sums over them
            subtotal = Text(f"Σ {row.label}", style="bold italic")
            table.add_row(subtotal, *(_cell(row.cells[i], marks) for i in columns), *_met(row, last), end_section=True)
        else:
            unit = Text(f"  {row.label}" if row.in_group else row.label)
            table.add_row(unit, *(_cell(row.cells[i], marks) for i in columns), *_met(row, last))
    total = grid.total
    cells = [_cell(total.cells[i], marks) for i in columns]
    table.add_row(Text(total.label, style="bold"), *cells, *_met(total, last), style="bold")
    return table


def _met(row: Row, last: bool) -> list[str]:
    return [row.met_text] if last else []


def _cell(cell: Cell, marks: dict[str, str]) -> Text:
    if cell.hidden:
        return Text("")
    return Text(cell_text(cell, marks), style=STATUS_STYLES[cell.status])


def _summary(card: Scorecard, grid: ScoreGrid, lang: str) -> Text:
    frame = card.results_frame
    if grid.period is not None:
        frame = frame[frame["period"] == grid.period]
    counts = Counter(frame["status"])
    text = Text()
    for status in (Status.PASS, Status.NEAR, Status.FAIL, Status.NO_DATA):
        text.append(f"{MARKS[status]} {ui(status, lang)} {counts.get(status, 0)}", style=STATUS_STYLES[status])
        text.append("   ")
    flagged = int((frame["flags"].map(len) > 0).sum()) if "flags" in frame else 0
    on_flagged = f"; {ui('on_flagged', lang, n=flagged)}" if flagged else ""
    text.append(f"({len(frame)} {ui('results', lang)}{on_flagged})\n", style="dim")
    total = grid.total
    text.append(ui("total_met", lang, label=total.label, met=total.met, n=len(total.cells)), style="bold")
    text.append("\n")
    return text


def _activities(report: ActivityReport, lang: str, show_all: bool = False) -> Group:
    table = Table(title=ui("activities", lang), title_justify="left", header_style="bold")
    table.add_column(ui("group", lang), min_width=12, max_width=60, overflow="fold")
    for key, style in (
        ("done", "green"),
        ("in_progress", "yellow"),
        ("not_started", "red"),
        (Status.NO_DATA, "dim"),
    ):
        table.add_column(ui(key, lang), justify="right", style=style, min_width=4, max_width=9)
    table.add_column(ui("completion", lang), justify="right", min_width=5, max_width=10)  # never cropped
    for group in [*report.groups, report.overall]:
        label = group.group or ui("overall", lang)
        share = group.completion_pct
        table.add_row(
            Text(label, style="bold" if not group.group else ""),
            str(group.done),
            str(group.in_progress),
            str(group.not_started),
            str(group.no_data),
            "" if share is None else f"{format_number(share, 0, lang)}%",
            end_section=group is report.groups[-1],
        )
    lines: list[Table | Text] = [table]
    listing = Table.grid(padding=(0, 1), pad_edge=True)  # a hanging indent: wrapped text stays under its text
    listing.add_column(no_wrap=True)
    listing.add_column(no_wrap=True)
    listing.add_column(overflow="fold")
    not_done = [r for r in report.results if r.state in (State.IN_PROGRESS, State.NOT_STARTED)]
    if not_done:
        lines.append(Text(f"{ui('not_done', lang)}:", style="bold"))
        shown = not_done if show_all else not_done[:ISSUES_SHOWN]
        for result in shown:
            mark = MARKS[result.status]
            text = result.text if show_all or len(result.text) <= 90 else result.text[:87] + "…"
            state = f"({ui(str(result.state), lang)})"
            listing.add_row(f" {mark}", f"{result.id}.", f"{text} {state}", style=STATUS_STYLES[result.status])
        lines.append(listing)
        if len(not_done) > len(shown):
            lines.append(Text("  " + ui("more_activities", lang, n=len(not_done) - len(shown)), style="dim"))
    return Group(*lines)
