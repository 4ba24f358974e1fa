"""The HTML report (DESIGN §6): one self-contained file with the scorecard and its charts.

Everything is in the file: CSS inline, charts as inline SVG, no script at all,
no font, image or stylesheet from anywhere else — a Content-Security-Policy in
the head forbids the browser to fetch anything, so the report opens from a USB
stick on an offline PC and survives being e-mailed.

The markup is in Jinja2 templates (templates/ next to this module, shipped in
the wheel): report.html.j2 and its partials. This module turns a scorecard into
plain data for them — texts, and numbers and coordinates already formatted — and
the environment autoescapes every `{{ }}`, so every text that came from an
input (unit names, plan texts, file names, data issues) is escaped where it is
written, in HTML and inside the SVG alike: a unit named `<script>` is shown,
never run. Nothing is let through unescaped: neither `|safe` nor `Markup` is used.

The charts are drawn here rather than with a charting library: Python computes
the scales and where every shape goes, svg.j2 writes the shapes — a bar is a
`<rect>`, a target a dashed `<line>`; the output is small, prints as vectors,
its text stays selectable and searchable, and it is byte-for-byte the same for
the same inputs (no timestamps, no random ids, stable order).

At national scale (about 10,600 units) a chart with a bar per unit would be
neither readable nor small, so above `MAX_BARS` units a chart shows the
distribution of all units (a histogram coloured by status, the target and the
total marked) and the best and worst `EDGE_BARS` units; the full scorecard
table still lists every unit.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cache, partial
from typing import ClassVar, NamedTuple, cast

import numpy as np
import pandas as pd
from jinja2 import Environment, PackageLoader, StrictUndefined, Template

from healthkpi.base.display import format_number
from healthkpi.base.issues import Issue
from healthkpi.base.messages import heading as h
from healthkpi.base.messages import input_count, issue_name, total_target_heading, ui
from healthkpi.base.periods import period_position
from healthkpi.base.status import Status
from healthkpi.base.text import unit_key
from healthkpi.base.version import __version__
from healthkpi.plan.bundled import shown_plan_path
from healthkpi.plan.schema import Indicator
from healthkpi.plan.targets import Between, Relative
from healthkpi.read.activities import State
from healthkpi.read.columns import KEY, PERIOD
from healthkpi.read.dataset import InputInfo
from healthkpi.render.charts import PALETTE, ChartRow, best_and_worst, chart_rows, marks, total_in_chart, with_total
from healthkpi.render.grid import (
    MARKS,
    OWN_TARGET_MARK,
    TOTAL_ROW_DISAGREES,
    Cell,
    ScoreGrid,
    cell_text,
    issues_by_cell,
    period_label,
    rule_text,
    score_grids,
    target_text,
)
from healthkpi.render.html_followup import FollowUpView, follow_up_view
from healthkpi.render.monitoring_chart import MonitoringView, monitoring_view
from healthkpi.render.quality import card_label, card_share, card_units, counts_by_level
from healthkpi.scoring.activities import STATUS_OF, ActivityReport
from healthkpi.scoring.scorecard import Scorecard

MAX_BARS = 60  # units drawn one bar each; more become a distribution and the best and worst
EDGE_BARS = 15  # best and worst units drawn beside a distribution
MAX_LINES = 60  # units drawn one trend line each; more become a band
GRID_COLUMNS = 10  # indicator columns per scorecard table (wider plans: several tables)
MAX_ISSUES = 2000  # issues listed (the JSON and Excel outputs hold them all)
MAX_LABEL = 30  # characters of a unit name beside a bar (the whole name is its tooltip)
CLASS: dict[str, str] = {Status.PASS: "p", Status.NEAR: "n", Status.FAIL: "f", Status.NO_DATA: "x"}
_MARK: dict[str, str] = dict(MARKS.items())  # (the scorecard's cells hold a str)
STATUSES = (Status.PASS, Status.NEAR, Status.FAIL, Status.NO_DATA)

# Bar charts: a viewBox this wide; the label column, the value column, a row per unit.
BAR_W, BAR_LABEL, BAR_VALUE, BAR_TOP, BAR_ROW, BAR_H = 560, 168, 74, 24, 15, 10
# Small multiples of trends.
TREND_W, TREND_H, TREND_L, TREND_R, TREND_T, TREND_B = 300, 170, 44, 34, 12, 22


def render_html(card: Scorecard, lang: str = "vi") -> str:
    """The whole report as one HTML document (a str; the caller writes it as UTF-8)."""
    lang = "en" if lang == "en" else "vi"
    grids = score_grids(card, lang) if card.plan.indicators else []
    sections: list[Section] = []
    if grids:
        sections.append(Section("scorecard", ui("scorecard", lang), _scorecard(card, grids, lang)))
    if (follow := follow_up_view(card, lang)) is not None:  # with --history or an actions file
        sections.append(Section("follow_up", ui("follow_up", lang), follow))
    if grids:
        sections.append(Section("charts", ui("charts", lang), _charts(card, grids[-1], lang)))
        watched = monitoring_view(card, lang)
        if watched is not None:
            sections.append(Section("monitoring", ui("monitoring", lang), watched))
        trends = _trends(card, lang)
        if trends is not None:
            sections.append(Section("trends", ui("trends", lang), trends))
    if card.activities is not None:
        sections.append(Section("activities", ui("activities", lang), _activities(card.activities, lang)))
    sections.append(Section("quality", ui("quality", lang), _quality(card, lang)))
    if card.plan.indicators:
        sections.append(Section("targets", ui("targets_sources", lang), _targets(card, lang)))
    return _template("report.html.j2").render(
        lang=lang,
        ui=partial(ui, lang=lang),
        h=partial(h, lang=lang),
        version=__version__,
        title=card.plan.title(lang),
        statuses=[_style(s) for s in STATUSES],
        header=_heading(card, grids, lang),
        sections=sections,
    )


# --- templates ----------------------------------------------------------------------------------


@cache
def _environment() -> Environment:
    """One environment for every report: templates from the package (an installed wheel included),
    every `{{ }}` escaped, an unknown name an error, and None shown as nothing."""
    return Environment(
        loader=PackageLoader("healthkpi.render", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        finalize=_nothing_for_none,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )


def _template(name: str) -> Template:
    return _environment().get_template(name)


def _nothing_for_none(value: object) -> object:
    """What `{{ }}` shows: None (a sheet without a name, say) as nothing, not as "None"."""
    return "" if value is None else value


@dataclass(frozen=True, slots=True)
class Section:
    """A major part of the report: its anchor, its heading (in the navigation too) and its content."""

    id: str  # also the name of the macro that draws it
    heading: str
    body: (
        ScorecardView
        | ChartsView
        | TrendsView
        | MonitoringView
        | ActivitiesView
        | QualityView
        | FollowUpView
        | list[TargetLine]
    )


@dataclass(frozen=True, slots=True)
class StatusStyle:
    """A status's class and colours, for the stylesheet."""

    cls: str
    fill: str
    ink: str


@dataclass(frozen=True, slots=True)
class Badge:
    """A status as the legends and the summary show it: its class, its mark and its name."""

    cls: str
    mark: str
    label: str


def _style(status: Status) -> StatusStyle:
    colours = cast("Mapping[str, object]", PALETTE[status])
    return StatusStyle(CLASS[status], str(colours["bg_color"]), str(colours["font_color"]))


def _badges(lang: str) -> list[Badge]:
    return [Badge(CLASS[s], MARKS[s], ui(s, lang)) for s in STATUSES]


# --- heading: plan, sources, summary ----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Header:
    title: str
    title_en: str | None  # under a Vietnamese title
    facts: list[tuple[str, object]]  # (label, value)
    inputs: list[InputInfo]
    counts: list[int | str]  # each input's units (or activities), as its cell says it
    failed: list[tuple[str, str]]  # (file, why it could not be read)
    summary: list[tuple[Badge, str]] | None  # each status and how many results have it
    totals: list[str]  # how many targets the total met (in each period)


def _heading(card: Scorecard, grids: list[ScoreGrid], lang: str) -> Header:
    plan = card.plan
    periods = ", ".join(p for p in (period_label(card, p) for p in card.periods) if p)
    facts = [
        ("document", plan.plan.document),
        ("issuer", plan.plan.issuer),
        ("plan", f"{plan.id} — {shown_plan_path(plan.path, lang)}"),
        ("period", periods or None),
    ]
    summary = None
    totals = []
    if grids:
        counts = card.summary()
        summary = [(badge, format_number(counts[s], 0, lang)) for s, badge in zip(STATUSES, _badges(lang), strict=True)]
        for grid in grids:
            total = grid.total
            line = ui("total_met", lang, label=total.label, met=total.met, n=len(total.cells))
            prefix = f"{ui('period', lang)} {grid.period_label}: " if grid.period_label and len(grids) > 1 else ""
            totals.append(prefix + line)
    return Header(
        title=plan.title(lang),
        title_en=plan.plan.title_en if lang != "en" and plan.plan.title_en else None,
        facts=[(ui(key, lang), value) for key, value in facts if value],
        inputs=list(card.data.inputs),
        counts=[input_count(info.units, len(card.data.activities), lang) for info in card.data.inputs],
        failed=card.data.failed_in(lang),
        summary=summary,
        totals=totals,
    )


# --- the scorecard grid -----------------------------------------------------------------------


class GridCell(NamedTuple):  # (a tuple: a national scorecard has hundreds of thousands)
    cls: str  # the status's class, and " i" when the value rests on flagged data
    tip: str | None  # what it was compared with, the note and the issues behind the value, one a line
    text: str  # the value and its marks
    compared: str | None  # shown under the value: the unit's line, or a total's own target


@dataclass(frozen=True, slots=True)
class GridRow:
    label: str
    is_total: bool
    cells: list[GridCell]
    met: str  # targets met of those shown, "3/5"


@dataclass(frozen=True, slots=True)
class GridTable:
    """Up to GRID_COLUMNS indicators of a period; the last table of a period also has the "met" column."""

    width: str  # percent of the page
    share: str  # percent of the page for one indicator column
    last: bool
    indicators: list[tuple[str, str]]  # (id, label)
    targets: list[str]
    rows: list[GridRow]


@dataclass(frozen=True, slots=True)
class GridPeriod:
    period_label: str | None
    tables: list[GridTable]


@dataclass(frozen=True, slots=True)
class ScorecardView:
    badges: list[Badge]
    marked: bool  # some cells are marked: their value rests on flagged data
    own_target_mark: str | None  # when some units had their own target
    grids: list[GridPeriod]
    lined: bool  # some cells were compared with their unit's on-track line (shown under the value)
    partial: bool = False  # some totals cover only some of their units (marked PARTIAL_MARK)


def _scorecard(card: Scorecard, grids: list[ScoreGrid], lang: str) -> ScorecardView:
    affecting = issues_by_cell(card)
    own_targets = any(not c.own_target for grid in grids for row in grid.rows for c in row.cells)
    count = len(grids[0].indicators)
    periods = []
    for grid in grids:
        tables = []
        for start in range(0, count, GRID_COLUMNS):
            columns = range(start, min(start + GRID_COLUMNS, count))
            tables.append(
                _grid_table(grid, columns, columns.stop == count, affecting, len(card.issues) <= MAX_ISSUES, lang)
            )
        periods.append(GridPeriod(grid.period_label, tables))
    flagged = any(c.flagged for grid in grids for row in [*grid.rows, grid.total] for c in row.cells)
    lined = any(c.on_line for grid in grids for row in grid.rows for c in row.cells)
    partial = any(c.covered is not None for grid in grids for row in [*grid.rows, grid.total] for c in row.cells)
    return ScorecardView(_badges(lang), flagged, OWN_TARGET_MARK if own_targets else None, periods, lined, partial)


def _grid_table(
    grid: ScoreGrid,
    columns: range,
    last: bool,
    affecting: dict[tuple[str, str | None, str], list[Issue]],
    detailed: bool,
    lang: str,
) -> GridTable:
    share = 79 / GRID_COLUMNS  # percent of the page for one indicator column
    width = 16 + share * len(columns) + (5 if last else 0)
    rows = []
    for row in [*grid.rows, grid.total]:
        cells = []
        for i in columns:
            cell = row.cells[i]
            found = [] if row.is_total else affecting.get((unit_key(row.label), grid.period, grid.indicators[i].id), [])
            notes = [cell.note] if cell.note else []
            if cell.compared:
                key = "compared_line" if cell.on_line else "compared_total"
                notes.insert(0, ui(key, lang, line=cell.compared, target=cell.compared))
            if cell.covered is not None:
                notes.append(ui("units_covered_of", lang, covered=cell.covered[0], total=cell.covered[1]))
            if cell.flagged_units:
                notes.append(ui("flagged_units", lang, n=cell.flagged_units))
            if row.is_total and TOTAL_ROW_DISAGREES in cell.flags:
                notes.append(ui("total_row_disagrees", lang))
            if found and detailed:  # (with thousands of issues, only the corner mark: the report stays small)
                notes += [issue.message(lang) for issue in found[:3]]
                if len(found) > 3:
                    notes.append(f"… +{len(found) - 3}")
            text = cell_text(Cell(cell.text, cell.status, own_target=cell.own_target, covered=cell.covered), _MARK)
            cls = CLASS[cell.status] + (" i" if cell.flagged else "")
            cells.append(GridCell(cls, "\n".join(notes) if notes else None, text, cell.compared))
        label = f"Σ {row.label}" if row.is_subtotal else row.label  # a parent after its units
        rows.append(GridRow(label, row.is_total, cells, row.met_text))
    return GridTable(
        width=f"{width:.2f}",
        share=f"{share:.2f}",
        last=last,
        indicators=[(grid.indicators[i].id, grid.indicators[i].label(lang)) for i in columns],
        targets=[grid.targets[i] for i in columns],
        rows=rows,
    )


# --- one chart per indicator ------------------------------------------------------------------

Coordinate = str | int  # in the viewBox: formatted by `_n`, or a whole number


@dataclass(frozen=True, slots=True)
class Box:
    """A rectangle in a chart."""

    x: Coordinate
    y: Coordinate
    width: Coordinate
    height: Coordinate


@dataclass(frozen=True, slots=True)
class Tick:
    """A tick of an axis: where (x or y) and its number."""

    at: str
    label: str


@dataclass(frozen=True, slots=True)
class Gap:
    """A note in a bar chart where units are left out."""

    is_gap: ClassVar[bool] = True
    y: str
    text: str


@dataclass(frozen=True, slots=True)
class Bar:
    """A unit's (or the total's) row of a bar chart."""

    is_gap: ClassVar[bool] = False
    y: str  # the baseline of its texts
    tip: str  # its name, value and note
    highlight: Box | None  # behind the total's name
    label_cls: str
    label: str  # its name, shortened
    bar_cls: str
    bar: Box | None  # None without a value
    value_cls: str
    value_x: str
    value: str  # the value and its mark
    bands: list[Box]  # its own near band (when the bars have different targets)
    lines: list[tuple[str, str, str]]  # its own target lines (x, y1, y2)


@dataclass(frozen=True, slots=True)
class BarChart:
    width: int
    height: int
    label: str
    top: int  # of the grid lines
    bottom: int
    tick_y: int
    label_x: int  # where the units' names end
    note_x: int  # where a gap's note starts
    ticks: list[Tick]
    bands: list[Box]  # the near band shared by all bars
    rows: list[Bar | Gap]
    axis: str | None  # the zero line
    lines: list[str]  # the target lines shared by all bars


@dataclass(frozen=True, slots=True)
class Distribution:
    """How the values of all units spread: a histogram coloured by status, the target and total marked."""

    width: int
    height: int
    label: str
    caption: str
    tallest: str  # units in the tallest bin
    label_x: int
    caption_y: int
    tallest_y: int
    top: int
    bottom: int
    tick_y: int
    left: int
    right: int
    ticks: list[Tick]
    bands: list[Box]
    bins: list[tuple[str, Box]]  # (status class, rectangle)
    lines: list[str]
    total: tuple[str, str] | None  # (x, text) of the total's mark
    total_top: int
    total_y: int


@dataclass(frozen=True, slots=True)
class Chart:
    id: str
    group: str | None
    title: str  # the indicator's name and unit
    facts: str  # target, near band, total
    tally: str  # how many units have each status
    distribution: Distribution | None  # above MAX_BARS units
    bars: BarChart


@dataclass(frozen=True, slots=True)
class ChartsView:
    period_label: str | None
    charts: list[Chart]


def _charts(card: Scorecard, grid: ScoreGrid, lang: str) -> ChartsView:
    charts = []
    for k, indicator in enumerate(grid.indicators):
        rows, total = chart_rows(card, grid, k)
        charts.append(_chart(indicator, grid.targets[k], rows, total, lang))
    return ChartsView(grid.period_label, charts)


def _chart(indicator: Indicator, target: str, rows: list[ChartRow], total: ChartRow, lang: str) -> Chart:
    counts = Counter(r.cell.status for r in rows)
    tally = " · ".join(f"{MARKS[s]} {counts.get(s, 0)}" for s in STATUSES)
    facts = [f"{ui('target', lang)} {target}"]
    if indicator.near is not None:
        facts.append(f"{ui('near_band', lang)} {indicator.near.shown(lang)}")
    if total.cell.text:
        facts.append(f"{total.label}: {total.cell.text} {_MARK[total.cell.status]}")
    if indicator.is_count and indicator.total_target is not None:  # the total is a sum with its own target
        facts.append(f"{total_target_heading(total.label, lang)} {rule_text(indicator.total_target, lang)}")
    distribution = None
    if len(rows) > MAX_BARS:
        head, tail, _ = best_and_worst(rows, 2 * EDGE_BARS)
        missing = sum(r.cell.number is None for r in rows)
        between = len(rows) - missing - len(head) - len(tail)
        distribution = _distribution(indicator, rows, total, lang)
        shown: list[ChartRow | str] = [*head]
        if between:
            shown.append(ui("more_units", lang, n=format_number(between, 0, lang)))
        shown += tail
        if missing:
            shown.append(ui("no_data_units", lang, n=format_number(missing, 0, lang)))
        bars = _bars(indicator, shown, lang)
    else:
        bars = _bars(indicator, list(with_total(rows, total, indicator)), lang)
    return Chart(
        id=indicator.id,
        group=indicator.group or None,
        title=indicator.label(lang) + _unit_of(indicator, lang),
        facts=" · ".join(facts),
        tally=tally,
        distribution=distribution,
        bars=bars,
    )


def _unit_of(indicator: Indicator, lang: str) -> str:
    """ " (%)" after a name, unless the name already ends with it."""
    unit = indicator.unit
    if not unit or indicator.label(lang).endswith(f"({unit})"):
        return ""
    return f" ({unit})"


class _Scale:
    """A linear map from data to viewBox coordinates, with round-numbered ticks."""

    def __init__(self, values: Iterable[float], start: float, stop: float, ticks: int = 5, zero: bool = True):
        numbers = [v for v in values if math.isfinite(v)] + ([0.0] if zero else [])
        low, high = (min(numbers), max(numbers)) if numbers else (0.0, 1.0)
        if high - low < 1e-12:
            pad = abs(high) * 0.1 or 1.0
            low, high = low - (0 if zero and low == 0 else pad), high + pad
        raw = (high - low) / ticks
        magnitude = 10 ** math.floor(math.log10(raw))
        step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw * 0.999)
        self.low = math.floor(low / step + 1e-9) * step
        self.high = math.ceil(high / step - 1e-9) * step
        count = round((self.high - self.low) / step)
        self.ticks = [round(self.low + i * step, 12) for i in range(count + 1)]
        self.decimals = 0  # as many as the step needs: 2.5 → 1, 0.02 → 2
        while self.decimals < 6 and abs(step * 10**self.decimals - round(step * 10**self.decimals)) > 1e-6:
            self.decimals += 1
        self.start, self.stop = start, stop

    def __call__(self, value: float) -> float:
        return self.start + (value - self.low) / (self.high - self.low) * (self.stop - self.start)

    def labelled(self, lang: str) -> list[Tick]:
        """Each tick: where it is, and its number."""
        return [Tick(_n(self(tick)), format_number(tick, self.decimals, lang)) for tick in self.ticks]


def _n(number: float) -> str:
    """A coordinate: one decimal, the same bytes every time."""
    text = f"{number:.1f}"
    return "0.0" if text == "-0.0" else text


def _label(text: str) -> str:
    return text if len(text) <= MAX_LABEL else text[: MAX_LABEL - 1] + "…"


def _bars(indicator: Indicator, rows: list[ChartRow | str], lang: str) -> BarChart:
    """Horizontal bars, one row each (a str row is a note: units left out)."""
    bars = [r for r in rows if isinstance(r, ChartRow)]
    edges = [marks(indicator, r) for r in bars]
    shared = len({(x.lines, x.bands) for x in edges}) <= 1
    values = [r.cell.number for r in bars if r.cell.number is not None]
    values += [v for x in edges for v in x.lines] + [v for x in edges for band in x.bands for v in band]
    x0, x1 = BAR_LABEL, BAR_W - BAR_VALUE
    scale = _Scale(values, x0, x1)
    height = BAR_TOP + BAR_ROW * len(rows) + 6
    bottom = height - 4
    index = -1  # of the row among the bars
    drawn: list[Bar | Gap] = []
    for i, row in enumerate(rows):
        y = BAR_TOP + i * BAR_ROW
        if isinstance(row, str):
            drawn.append(Gap(_n(y + BAR_H - 1), row))
            continue
        index += 1
        own = edges[index]
        drawn.append(
            _bar(
                row,
                scale,
                y,
                bands=[] if shared else _bands(scale, own.bands, y - 2, y + BAR_H + 2),
                lines=[] if shared else [(_n(scale(line)), _n(y - 2), _n(y + BAR_H + 2)) for line in own.lines],
            )
        )
    return BarChart(
        width=BAR_W,
        height=height,
        label=indicator.label(lang),
        top=BAR_TOP - 4,
        bottom=bottom,
        tick_y=BAR_TOP - 8,
        label_x=BAR_LABEL - 5,
        note_x=x0,
        ticks=scale.labelled(lang),
        bands=_bands(scale, edges[0].bands, BAR_TOP - 4, bottom) if shared and edges else [],
        rows=drawn,
        axis=_n(scale(0)) if scale.low <= 0 <= scale.high else None,
        lines=[_n(scale(line)) for line in edges[0].lines] if shared and edges else [],
    )


def _bands(scale: _Scale, bands: Iterable[tuple[float, float]], top: float, bottom: float) -> list[Box]:
    """The near band's intervals as rectangles, cut to the chart (those outside it left out)."""
    boxes = []
    for low, high in bands:
        a, b = sorted((scale(low), scale(high)))
        a, b = max(a, scale.start), min(b, scale.stop)
        if b > a:
            boxes.append(Box(_n(a), _n(top), _n(b - a), _n(bottom - top)))
    return boxes


def _bar(row: ChartRow, scale: _Scale, y: float, bands: list[Box], lines: list[tuple[str, str, str]]) -> Bar:
    """A unit's label and bar, and its value with the mark (drawn later, on top)."""
    cell = row.cell
    status = CLASS[cell.status]
    shown = f"{cell.text} {_MARK[cell.status]}" if cell.text else _MARK[cell.status]
    bold = " b" if row.is_total else ""
    zero = scale(0) if scale.low <= 0 <= scale.high else scale.start
    end = zero if cell.number is None else scale(cell.number)
    left, right = sorted((zero, end))
    return Bar(
        y=_n(y + BAR_H - 1),
        tip=f"{row.label}: {shown}" + (f" ({cell.note})" if cell.note else ""),
        highlight=Box(0, _n(y - 2), BAR_LABEL, BAR_H + 4) if row.is_total else None,
        label_cls=f"lb{bold}",
        label=_label(row.label),
        bar_cls=status + (" tot" if row.is_total else ""),
        bar=None if cell.number is None else Box(_n(left), _n(y), _n(max(right - left, 0.8)), BAR_H),
        value_cls=f"v {status}{bold}",
        value_x=_n(right + 4),
        value=shown,
        bands=bands,
        lines=lines,
    )


def _distribution(indicator: Indicator, rows: list[ChartRow], total: ChartRow, lang: str) -> Distribution:
    """Every unit at once: a histogram of values, each bin split by status; the target and total marked."""
    scored = [r for r in rows if r.cell.number is not None]
    shared = len({r.threshold for r in scored}) <= 1  # one target for all (not on-track lines, one per unit)
    edges = [marks(indicator, scored[0])] if scored else []
    values = [r.cell.number for r in scored if r.cell.number is not None]
    drawn = list(edges[0].lines) + [v for band in edges[0].bands for v in band] if shared and edges else []
    show_total = total_in_chart(indicator) and total.cell.number is not None
    numbers = [*values, *drawn, *([total.cell.number] if show_total else [])]
    scale = _Scale(numbers, BAR_LABEL, BAR_W - BAR_VALUE, zero=False)  # type: ignore[arg-type]  # the data's own range
    bins = 40
    width = (scale.high - scale.low) / bins
    counts = [Counter[str]() for _ in range(bins)]
    for row in scored:
        position = min(int((row.cell.number - scale.low) / width), bins - 1)
        counts[max(position, 0)][row.cell.status] += 1
    tallest = max((sum(c.values()) for c in counts), default=1) or 1
    top, bottom, height = 26, 126, 146
    boxes = []
    for b, count in enumerate(counts):
        x = scale(scale.low + b * width)
        w = scale(scale.low + (b + 1) * width) - x
        y = float(bottom)
        for status in (Status.FAIL, Status.NEAR, Status.PASS):
            if count.get(status):
                bar = (bottom - top) * count[status] / tallest
                y -= bar
                boxes.append((CLASS[status], Box(_n(x + 0.5), _n(y), _n(w - 1), _n(bar))))
    mark = None
    if show_total and total.cell.number is not None:
        text = f"▼ {_label(total.label)} {total.cell.text} {_MARK[total.cell.status]}"
        mark = (_n(scale(total.cell.number)), text)
    return Distribution(
        width=BAR_W,
        height=height,
        label=ui("distribution", lang, n=len(scored)),
        caption=ui("distribution", lang, n=format_number(len(scored), 0, lang)),
        tallest=format_number(tallest, 0, lang),
        label_x=BAR_LABEL - 5,
        caption_y=top + 10,
        tallest_y=top + 24,
        top=top,
        bottom=bottom,
        tick_y=bottom + 12,
        left=BAR_LABEL,
        right=BAR_W - BAR_VALUE,
        ticks=scale.labelled(lang),
        bands=_bands(scale, edges[0].bands, top, bottom) if shared and edges else [],
        bins=boxes,
        lines=[_n(scale(line)) for line in edges[0].lines] if shared and edges else [],
        total=mark,
        total_top=top - 4,
        total_y=top - 8,
    )


# --- trends over periods ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Point:
    """The total in a period: its value, and where it is scored its status and mark."""

    title: str
    cx: str
    cy: str
    cls: str | None  # None: a period the scorecard does not score
    mark_cls: str
    mark_x: str
    mark_y: str
    mark: str


@dataclass(frozen=True, slots=True)
class Trend:
    """An indicator over the periods: the total, the units (lines, or a band for many), the target."""

    label: str
    fact: str  # the target and the latest total as scored
    width: int
    height: int
    left: int  # of the grid lines
    right: int
    tick_x: int
    y_ticks: list[tuple[str, str, str]]  # (y of the line, y of the number, the number)
    x_ticks: list[Tick]
    x_tick_y: int
    band: str | None  # the points of the polygon from the 10th to the 90th percentile
    middle: list[str]  # the median, a polyline (its points) for each unbroken run
    units: list[str]  # a polyline (its points) for each unbroken run of each unit
    lines: list[tuple[str, str, str, str, str]]  # targets and on-track lines (class, x1, y1, x2, y2)
    totals: list[str]  # the total's polylines
    points: list[Point]


@dataclass(frozen=True, slots=True)
class TrendsView:
    total_label: str
    many: bool  # more than MAX_LINES units: a band, not a line each
    unscored: bool  # some periods are not scored
    trends: list[Trend]


def _trends(card: Scorecard, lang: str) -> TrendsView | None:
    periods = [p for p in card.data.periods if p is not None]
    if len(periods) < 2:
        return None
    positions = [period_position(p) for p in periods]
    numeric = all(p is not None for p in positions)
    xs = [float(p) for p in positions] if numeric else [float(i) for i in range(len(periods))]  # type: ignore[arg-type]
    trends = []
    for indicator in card.plan.indicators:
        if indicator.accumulate is not None:
            continue  # its picture over the months is the monitoring chart, year to date
        wide, totals = _over_periods(card, indicator, periods)
        trends.append(_trend(indicator, periods, xs, numeric, wide, totals, card, lang))
    if not trends:
        return None
    return TrendsView(
        total_label=card.plan.plan.total_label or ui("total_mark", lang),
        many=card.data.frame[KEY].nunique() > MAX_LINES,
        unscored=len(card.periods) < len(periods),
        trends=trends,
    )


def _over_periods(card: Scorecard, indicator: Indicator, periods: list[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """An indicator in every period of the data: units × periods of values, and the total of each period
    (value, status, change) — as scored for the periods the scorecard holds, computed for the others.

    Computing costs next to nothing; scoring every period again would also run every data-quality
    check again, which at national scale takes longer than the rest of the report.
    """
    frame = card.data.frame
    n = len(frame)
    env: dict[str, object] = {name: float(value) for name, value in card.plan.constants.items()}
    env.update({v: frame[v].to_numpy(dtype=float) for v in card.data.variables if v in frame.columns})
    for name in (*indicator.numerator.names, *(indicator.denominator.names if indicator.denominator else ())):
        env.setdefault(name, np.full(n, np.nan))
    with np.errstate(all="ignore"):
        numerator = np.broadcast_to(np.asarray(indicator.numerator.evaluate(env), dtype=float), (n,))
        if indicator.denominator is None:
            denominator = None
            covered = np.isfinite(numerator)
            value = numerator * indicator.per
        else:
            denominator = np.broadcast_to(np.asarray(indicator.denominator.evaluate(env), dtype=float), (n,))
            covered = np.isfinite(numerator) & np.isfinite(denominator)
            value = np.where(covered & (denominator != 0), numerator * indicator.per / denominator, np.nan)
        value = np.where(np.isfinite(value), value, np.nan)
    period_of = frame[PERIOD].to_numpy(dtype=object)
    table = pd.DataFrame({"unit": frame[KEY].to_numpy(dtype=object), "period": period_of, "value": value})
    wide = (
        table[pd.notna(table["period"])]
        .drop_duplicates(["unit", "period"])
        .pivot(index="unit", columns="period", values="value")
        .reindex(columns=periods)
    )
    rows: dict[str, dict[str, object]] = {}
    for period in periods:
        chosen = (period_of == period) & covered
        total = None
        if chosen.any():
            if denominator is None:
                total = float(numerator[chosen].sum() * indicator.per)
            elif denominator[chosen].sum() != 0:
                total = float(numerator[chosen].sum() * indicator.per / denominator[chosen].sum())
        rows[period] = {"value": total, "status": None, "change": None}  # the status only where scored
    scored = card.totals_frame[card.totals_frame["indicator"] == indicator.id]
    for record in scored.to_dict("records"):
        if record["period"] in rows:
            rows[record["period"]] = {k: record[k] for k in ("value", "status", "change")}
    return wide, pd.DataFrame.from_dict(rows, orient="index")


def _trend(
    indicator: Indicator,
    periods: list[str],
    xs: list[float],
    numeric: bool,
    wide: pd.DataFrame,
    totals: pd.DataFrame,
    card: Scorecard,
    lang: str,
) -> Trend:
    target = indicator.target
    total_values = [_finite(totals["value"].get(p)) if p in totals.index else None for p in periods]
    total_status = [_status(totals["status"].get(p)) if p in totals.index else None for p in periods]
    draw_units = not indicator.is_count  # a count's total is a sum: the units would sit far below it
    lines: list[tuple[float, float, float, float, str]] = []  # (x0, y0, x1, y1, class)
    x_axis = list(xs)
    labels = list(periods)
    first, last = xs[0], xs[-1]
    if isinstance(target, Relative):
        pass  # a change against an earlier period: no level to draw
    elif isinstance(target, Between):
        for edge in (float(target.low), float(target.high)):
            lines.append((first, edge, last, edge, "tl"))
    else:
        rule = indicator.total_target if indicator.is_count and indicator.total_target else target
        if isinstance(rule, Between):
            for edge in (float(rule.low), float(rule.high)):
                lines.append((first, edge, last, edge, "tl"))
        else:
            goal = float(rule.number)
            on_track = numeric and indicator.by is not None and indicator.baseline is not None
            by = period_position(indicator.by) if on_track and indicator.by else None
            base = period_position(indicator.baseline) if on_track and indicator.baseline else None
            base_value = (
                _finite(totals["value"].get(indicator.baseline)) if indicator.baseline in totals.index else None
            )
            if by is not None and base is not None and base_value is not None:
                if float(by) > last:
                    x_axis.append(float(by))
                    labels.append(str(indicator.by))
                lines.append((float(base), base_value, float(by), goal, "ot"))
                lines.append((float(by), goal, max(float(by), last), goal, "tl"))
            else:
                lines.append((first, goal, last, goal, "tl"))
    band: tuple[list[float | None], list[float | None], list[float | None]] | None = None
    unit_lines: list[list[float | None]] = []
    if draw_units and len(wide):
        if len(wide) > MAX_LINES:
            q = wide.quantile([0.1, 0.5, 0.9])
            band = tuple([_finite(q.loc[k].get(p)) for p in periods] for k in (0.1, 0.5, 0.9))  # type: ignore[assignment]
        else:
            unit_lines = [[_finite(v) for v in row] for row in wide.itertuples(index=False, name=None)]
    values: list[float] = [v for v in total_values if v is not None]
    values += [v for line in unit_lines for v in line if v is not None]
    if band:
        values += [v for series in band for v in series if v is not None]
    values += [y for line in lines for y in (line[1], line[3])]
    y_scale = _Scale(values, TREND_H - TREND_B, TREND_T, ticks=4, zero=False)
    x_low, x_high = min(x_axis), max(x_axis)
    span = (x_high - x_low) or 1.0

    def x_of(value: float) -> float:
        return TREND_L + 8 + (value - x_low) / span * (TREND_W - TREND_L - TREND_R - 16)

    outline = None
    middle: list[str] = []
    if band:
        low, median, high = band
        edges = [(x, lo, hi) for x, lo, hi in zip(xs, low, high, strict=True) if lo is not None and hi is not None]
        if len(edges) > 1:
            points = [f"{_n(x_of(x))},{_n(y_scale(hi))}" for x, _lo, hi in edges]
            points += [f"{_n(x_of(x))},{_n(y_scale(lo))}" for x, lo, _hi in reversed(edges)]
            outline = " ".join(points)
        middle = _polylines(xs, median, x_of, y_scale)
    drawn = []
    for x, value, status in zip(xs, total_values, total_status, strict=True):
        if value is None:
            continue
        cx, cy = _n(x_of(x)), _n(y_scale(value))
        label = f"{card.plan.plan.total_label or ''} {format_number(value, indicator.decimals, lang)}"
        if status is None:  # a period the scorecard does not score: its value, no verdict
            drawn.append(Point(label, cx, cy, None, "", "", "", ""))
            continue
        cls, mark = CLASS[status], _MARK[status]
        drawn.append(Point(f"{label} {mark}", cx, cy, cls, f"{cls} b", _n(x_of(x) + 6), _n(y_scale(value) - 5), mark))
    # The latest total as scored: its value, or for a relative target the change that was judged.
    relative = isinstance(target, Relative)
    shown = (
        [_finite(totals["change"].get(p)) if p in totals.index else None for p in periods] if relative else total_values
    )
    latest = next(
        (
            (v, s)
            for v, s in zip(reversed(shown), reversed(total_status), strict=True)
            if v is not None and s is not None
        ),
        None,
    )
    fact = f"{ui('target', lang)} {target_text(indicator, lang)}"
    if latest is not None:
        number = format_number(latest[0], indicator.decimals, lang)
        if isinstance(target, Relative):
            number = ("+" if latest[0] > 0 else "") + number + ("%" if target.kind != "change" else "")
        fact += f" · {number} {_MARK[latest[1]]}"
    return Trend(
        label=indicator.label(lang),
        fact=fact,
        width=TREND_W,
        height=TREND_H,
        left=TREND_L,
        right=TREND_W - TREND_R,
        tick_x=TREND_L - 4,
        y_ticks=[
            (_n(y_scale(tick)), _n(y_scale(tick) + 3), format_number(tick, y_scale.decimals, lang))
            for tick in y_scale.ticks
        ],
        x_ticks=[Tick(_n(x_of(x)), label) for x, label in zip(x_axis, labels, strict=True)],
        x_tick_y=TREND_H - 6,
        band=outline,
        middle=middle,
        units=[points for line in unit_lines for points in _polylines(xs, line, x_of, y_scale)],
        lines=[(kind, _n(x_of(x0)), _n(y_scale(y0)), _n(x_of(x1)), _n(y_scale(y1))) for x0, y0, x1, y1, kind in lines],
        totals=_polylines(xs, total_values, x_of, y_scale),
        points=drawn,
    )


def _polylines(
    xs: list[float], values: list[float | None], x_of: Callable[[float], float], y_scale: _Scale
) -> list[str]:
    """A line through the values, broken where one is missing: the points of each piece."""
    out: list[str] = []
    run: list[str] = []
    for x, value in [*zip(xs, values, strict=True), (0.0, None)]:
        if value is None:
            if len(run) > 1:
                out.append(" ".join(run))
            run = []
        else:
            run.append(f"{_n(x_of(x))},{_n(y_scale(value))}")
    return out


def _status(value: object) -> str | None:
    return value if isinstance(value, str) and value in CLASS else None


def _finite(value: object) -> float | None:
    if value is None:
        return None
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


# --- activities, data quality, targets -----------------------------------------------------------

ACTIVITY_STATES = ("done", "in_progress", "not_started", "no_data")


@dataclass(frozen=True, slots=True)
class Part:
    """A state's part of a group's completion bar."""

    cls: str
    width: str  # percent
    title: str


@dataclass(frozen=True, slots=True)
class GroupLine:
    label: str | None  # None: all groups together
    counts: list[int]  # activities in each of ACTIVITY_STATES
    completion: str  # percent done, "" when unknown
    parts: list[Part]


@dataclass(frozen=True, slots=True)
class ActivityLine:
    opens_group: bool  # the first of its group: the group's name goes above it
    group: str | None
    id: str
    text: str
    cls: str
    state: str  # its mark and state


@dataclass(frozen=True, slots=True)
class ActivitiesView:
    states: tuple[str, ...]
    groups: list[GroupLine]
    results: list[ActivityLine]


def _activities(report: ActivityReport, lang: str) -> ActivitiesView:
    groups = []
    for group in [*report.groups, report.overall]:
        counts = {
            "done": group.done,
            "in_progress": group.in_progress,
            "not_started": group.not_started,
            "no_data": group.no_data,
        }
        share = group.completion_pct
        parts = [
            Part(CLASS[STATUS_OF[State(s)]], f"{counts[s] * 100 / group.total:.2f}", f"{ui(s, lang)}: {counts[s]}")
            for s in ACTIVITY_STATES
            if counts[s] and group.total
        ]
        groups.append(
            GroupLine(
                label=group.group or None,
                counts=[counts[s] for s in ACTIVITY_STATES],
                completion="" if share is None else f"{format_number(share, 0, lang)}%",
                parts=parts,
            )
        )
    results = []
    current: str | None = None
    for result in report.results:
        opens = result.group != current
        current = result.group
        state = f"{_MARK[result.status]} {ui(str(result.state), lang)}"
        results.append(ActivityLine(opens, result.group, result.id, result.text, CLASS[result.status], state))
    return ActivitiesView(ACTIVITY_STATES, groups, results)


@dataclass(frozen=True, slots=True)
class Completeness:
    share: str  # percent of the expected values reported
    cells: str  # how many of how many
    worst: list[tuple[str, str]]  # (unit, percent) of the least complete units


@dataclass(frozen=True, slots=True)
class IssueLine:
    level: str
    code: str
    where: str
    message: str


@dataclass(frozen=True, slots=True)
class QualityView:
    completeness: Completeness | None
    summary: str  # how many issues of each level
    by_code: str  # how many of each code
    shown: str | None  # when not all issues are listed
    issues: list[IssueLine]  # those listed
    card: list[CardRow]  # per check and indicator, the units flagged (the WHO report card)


@dataclass(frozen=True, slots=True)
class CardRow:
    level: str
    code: str
    about: str  # the indicator's name, or no one indicator
    units: str  # "12/106"
    share: str  # "11,3"
    issues: str


def _quality(card: Scorecard, lang: str) -> QualityView:
    found = None
    completeness = card.completeness
    if completeness is not None and completeness.share is not None:
        counts = {
            k: format_number(v, 0, lang)
            for k, v in (("reported", completeness.reported), ("expected", completeness.expected))
        }
        worst = sorted(
            (
                (unit, done, expected)
                for unit, (done, expected) in completeness.by_unit.items()
                if expected and done < expected
            ),
            key=lambda item: (item[1] / item[2], item[0]),
        )[:10]
        found = Completeness(
            share=format_number(completeness.share * 100, 1, lang),
            cells=ui("cells_reported", lang, **counts),
            worst=[(unit, format_number(done * 100 / expected, 1, lang)) for unit, done, expected in worst],
        )
    issues = card.issues
    codes = issues.codes(by_level=True)
    shown = issues.most_important(MAX_ISSUES)
    names = {i.id: i.label(lang) for i in card.plan.indicators}
    rows = [
        CardRow(
            ui(line.level, lang),
            issue_name(line.code, lang),
            card_label(line, names, lang),
            card_units(line, lang),
            card_share(line, lang),
            format_number(line.issues, 0, lang),
        )
        for line in card.quality_card()
    ]
    return QualityView(
        completeness=found,
        summary=counts_by_level(issues, lang),
        by_code=", ".join(f"{issue_name(code, lang)} {format_number(n, 0, lang)}" for code, n in codes.most_common()),
        shown=ui("issues_shown", lang, shown=len(shown), n=len(issues)) if len(shown) < len(issues) else None,
        issues=[
            IssueLine(ui(str(issue.level), lang), issue_name(issue.code, lang), issue.where or "", issue.message(lang))
            for issue in shown
        ],
        card=rows,
    )


@dataclass(frozen=True, slots=True)
class TargetLine:
    label: str  # the indicator's name
    unit: str  # " (%)" after it
    id: str
    formula: str
    target: str
    near: str
    source: str


def _targets(card: Scorecard, lang: str) -> list[TargetLine]:
    return [
        TargetLine(
            label=indicator.label(lang),
            unit=_unit_of(indicator, lang),
            id=indicator.id,
            formula=indicator.formula,
            target=target_text(indicator, lang),
            near=indicator.near.shown(lang) if indicator.near else "",
            source=str(indicator.source or ""),
        )
        for indicator in card.plan.indicators
    ]
