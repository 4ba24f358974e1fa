"""The Excel scorecard (DESIGN §6): Summary, Scorecard, Details, Targets and Data issues sheets.

Written with XlsxWriter, which measured about 3× faster than openpyxl for a
national scorecard (10,600 units × 20 indicators). Every text that came from
an input file goes through `write_string`, so a unit named `=HYPERLINK(…)`
or `+1+1` stays text and never becomes a formula. Numbers stay numbers: the
status mark (✓ ~ ✗) is part of the number format, beside the fill colour, so
the sheet reads in greyscale too and the values remain usable.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any, cast

import xlsxwriter
from xlsxwriter.worksheet import Worksheet

from healthkpi.base.issues import FIELDS, Issue
from healthkpi.base.messages import heading as h
from healthkpi.base.messages import input_count, issue_name, sheet_name, total_target_heading, ui
from healthkpi.base.status import Status
from healthkpi.base.text import unit_key
from healthkpi.base.version import __version__
from healthkpi.plan.bundled import shown_plan_path
from healthkpi.plan.targets import Between
from healthkpi.read.activities import State
from healthkpi.render.charts import PALETTE, best_and_worst, chart_rows, total_in_chart, with_total
from healthkpi.render.excel_followup import write_follow_up
from healthkpi.render.excel_monitoring import write_monitoring
from healthkpi.render.excelpage import header_text, print_setup, row_height
from healthkpi.render.followup import action_text, actions_by_cell
from healthkpi.render.grid import (
    FLAG_MARK,
    MARKS,
    TOTAL_ROW_DISAGREES,
    Cell,
    ScoreGrid,
    issues_by_cell,
    period_label,
    score_grids,
    target_text,
)
from healthkpi.render.quality import card_label
from healthkpi.render.records import result_records, total_records
from healthkpi.render.xlsxfile import chart_text, close_workbook
from healthkpi.scoring.activities import STATUS_OF
from healthkpi.scoring.monitoring import monitoring
from healthkpi.scoring.scorecard import Scorecard

MAX_TEXT = 32767  # Excel's limit for one cell
MAX_COMMENT_LINES = 5
UNIT_WIDTH, PERIOD_WIDTH, INDICATOR_WIDTH, MET_WIDTH = 28, 10, 14, 8  # the scorecard's columns, in characters

DETAIL_FIELDS = (
    "unit",
    "period",
    "indicator",
    "value",
    "numerator",
    "denominator",
    "target",
    "threshold",
    "line",
    "gap",
    "status",
    "target_source",
    "baseline_period",
    "baseline_value",
    "change",
    "note",
    "units_covered",
    "units_total",
    "flags",  # the codes of the data issues a value was computed from, named in the card's language
)


def write_excel(card: Scorecard, path: Path, lang: str = "vi") -> None:
    """Write the scorecard workbook to `path` (the caller makes it atomic)."""
    workbook = xlsxwriter.Workbook(
        str(path),
        {"strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False},
    )
    workbook.set_properties(
        {
            "title": card.plan.title(lang),
            "subject": card.plan.id,
            "creator": f"healthkpi {__version__}",
        }
    )
    styles = _Styles(workbook)
    grids = score_grids(card, lang)

    def add(key: str) -> Worksheet:
        return workbook.add_worksheet(sheet_name(key, lang))

    # An activity-only plan has no results: no scorecard, details, targets or charts (as in HTML),
    # not empty sheets and a 0/0 table under a status legend.
    scored = bool(card.plan.indicators)
    _summary(add("summary"), card, grids, styles, lang)
    if scored:
        _scorecard(add("scorecard"), card, grids, styles, lang)
    if card.follow_up is not None:  # with --history or an actions file: what changed, actions on missed targets
        write_follow_up(workbook, add("follow_up"), card, lang)
    if scored:
        _details(add("details"), card, styles, lang)
        _targets(add("targets"), card, styles, lang)
        _charts(workbook, add("charts"), card, grids, styles, lang)
    watched = monitoring(card)
    if watched:
        write_monitoring(workbook, add("monitoring"), watched, card.plan.title(lang), lang)
    _quality_card(add("quality_card"), card, styles, lang)
    _issues(add("issues"), card, styles, lang)
    if card.activities is not None:
        _activities(add("activities"), card, styles, lang)
    close_workbook(workbook)


class _Styles:
    """Formats are created once per workbook and cached (XlsxWriter needs that for speed)."""

    def __init__(self, workbook: xlsxwriter.Workbook):
        self.workbook = workbook
        base = {"font_name": "Arial", "font_size": 10, "valign": "vcenter"}
        self.text = workbook.add_format(base)
        self.wrap = workbook.add_format({**base, "text_wrap": True, "valign": "top"})
        self.title = workbook.add_format({**base, "bold": True, "font_size": 14})
        self.subtitle = workbook.add_format({**base, "italic": True, "font_color": "#404040"})
        self.header = workbook.add_format(
            {
                **base,
                "bold": True,
                "text_wrap": True,
                "align": "center",
                "bg_color": "#D9E1F2",
                "border": 1,
            }
        )
        self.target = workbook.add_format(
            {**base, "italic": True, "align": "right", "text_wrap": True, "bg_color": "#F2F2F2", "border": 1}
        )
        self.label = workbook.add_format({**base, "border": 1})
        self.total_label = workbook.add_format({**base, "bold": True, "border": 1, "top": 2})
        self.number = workbook.add_format({**base, "num_format": "#,##0.##########"})
        self.integer = workbook.add_format({**base, "num_format": "#,##0"})
        self._cells: dict[tuple[str, int, bool, bool, str, bool], Any] = {}
        self.status_text = {
            s: workbook.add_format({**base, **PALETTE[s], "border": 1, "align": "center"}) for s in PALETTE
        }

    def cell(
        self,
        status: str,
        decimals: int = 1,
        total: bool = False,
        signed: bool = False,
        suffix: str = "",
        flagged: bool = False,
    ) -> Any:
        """Fill, font and a number format that carries the status mark, and the flag mark of a value
        computed from suspect data, on screen and on paper as in the terminal: `#,##0.0" ✗!"`."""
        key = (status, decimals, total, signed, suffix, flagged)
        if key not in self._cells:
            digits = "#,##0" + ("." + "0" * decimals if decimals else "")
            shown = f'{digits}"{suffix} {MARKS[status]}{FLAG_MARK if flagged else ""}"'
            number_format = f"+{shown};-{shown};{shown}" if signed else shown
            spec = {
                "font_name": "Arial",
                "font_size": 10,
                **PALETTE[status],
                "border": 1,
                "num_format": number_format,
            }
            if status == Status.NO_DATA:
                spec["align"] = "center"
            if total:
                spec.update({"bold": True, "top": 2})
            self._cells[key] = self.workbook.add_format(spec)
        return self._cells[key]


def _text(sheet: Worksheet, row: int, col: int, value: object, style: Any = None) -> None:
    """Text from anywhere — inputs included — is written as text, never as a formula."""
    text = "" if value is None else str(value)
    sheet.write_string(row, col, text[:MAX_TEXT], style)


def _value(sheet: Worksheet, row: int, col: int, value: object, style: Any = None) -> None:
    if value is None:
        sheet.write_blank(row, col, None, style)
    elif isinstance(value, bool):
        _text(sheet, row, col, value, style)
    elif isinstance(value, int | float):
        sheet.write_number(row, col, value, style)
    else:
        _text(sheet, row, col, value, style)


# --- Summary ----------------------------------------------------------------------


def _summary(sheet: Worksheet, card: Scorecard, grids: list[ScoreGrid], styles: _Styles, lang: str) -> None:
    plan = card.plan
    _text(sheet, 0, 0, plan.title(lang), styles.title)
    row = 1
    if lang != "en" and plan.plan.title_en:
        _text(sheet, row, 0, plan.plan.title_en, styles.subtitle)
        row += 1
    for key, value in (
        ("issuer", plan.plan.issuer),
        ("document", plan.plan.document),
        ("plan", f"{plan.id} — {shown_plan_path(plan.path, lang)}"),
        (
            "period",
            ", ".join(p for p in (period_label(card, p) for p in card.periods) if p) or None,
        ),
    ):
        if value:
            _text(sheet, row, 0, ui(key, lang), styles.text)
            _text(sheet, row, 1, value, styles.text)
            row += 1
    row += 1
    counted = "units_count" if plan.indicators or not plan.activities else "activities_count"
    for col, heading in enumerate((h("file", lang), ui("sheet", lang), h(counted, lang), "SHA-256")):
        _text(sheet, row, col, heading, styles.header)
    for info in card.data.inputs:
        row += 1
        _text(sheet, row, 0, info.path, styles.label)
        _text(sheet, row, 1, info.sheet, styles.label)
        _value(sheet, row, 2, input_count(info.units, len(card.data.activities), lang), styles.label)
        _text(sheet, row, 3, info.sha256, styles.label)
    row += 2
    if plan.indicators:  # an activity-only plan has no results to count (four zeros would read as a verdict)
        counts = card.summary()
        for col, status in enumerate(counts):
            _text(sheet, row, col, f"{MARKS[status]} {ui(status, lang)}", styles.status_text[status])
            sheet.write_number(row + 1, col, counts[status], styles.status_text[status])
        row += 3
    elif card.activities is not None:  # a plan of activities alone: how many are done, under way, …
        states = Counter(r.state for r in card.activities.results)
        for col, state in enumerate(State):
            status = str(STATUS_OF[state])
            _text(sheet, row, col, f"{MARKS[status]} {ui(str(state), lang)}", styles.status_text[status])
            sheet.write_number(row + 1, col, states[state], styles.status_text[status])
        row += 3
    for grid in grids if plan.indicators else ():  # an activity-only plan has no units to rank
        row = _ranking(sheet, row, grid, styles, lang)
    _text(sheet, row, 0, h("generated", lang, version=__version__), styles.subtitle)
    sheet.set_column(0, 0, 34)
    sheet.set_column(1, 1, 28)
    sheet.set_column(2, 3, 16)
    print_setup(sheet, plan.title(lang), [34, 28, 16, 16])


def _ranking(sheet: Worksheet, row: int, grid: ScoreGrid, styles: _Styles, lang: str) -> int:
    """Units by targets met, most first (the total row last)."""
    if grid.period_label:
        _text(sheet, row, 0, f"{ui('period', lang)} {grid.period_label}", styles.title)
        row += 1
    for col, heading in enumerate((ui("unit", lang), h("met_count", lang), h("scored", lang), h("rank", lang))):
        _text(sheet, row, col, heading, styles.header)
    ranked = sorted((r for r in grid.rows if not r.is_subtotal), key=lambda r: (-r.met, -r.scored, r.label))
    rank = 0
    previous: tuple[int, int] | None = None
    for position, unit in enumerate(ranked, start=1):
        if (unit.met, unit.scored) != previous:
            rank, previous = position, (unit.met, unit.scored)
        row += 1
        _text(sheet, row, 0, unit.label, styles.label)
        sheet.write_number(row, 1, unit.met, styles.label)
        sheet.write_number(row, 2, unit.scored, styles.label)
        sheet.write_number(row, 3, rank, styles.label)
    row += 1
    _text(sheet, row, 0, grid.total.label, styles.total_label)
    sheet.write_number(row, 1, grid.total.met, styles.total_label)
    sheet.write_number(row, 2, grid.total.scored, styles.total_label)
    sheet.write_blank(row, 3, None, styles.total_label)
    return row + 2


# --- Scorecard ----------------------------------------------------------------------


def _scorecard(sheet: Worksheet, card: Scorecard, grids: list[ScoreGrid], styles: _Styles, lang: str) -> None:
    indicators = card.plan.indicators
    affecting = issues_by_cell(card)
    acting = actions_by_cell(card, lang)
    multi = len(grids) > 1
    lead = [ui("unit", lang), *([ui("period", lang)] if multi else [])]
    first = len(lead)
    _text(sheet, 0, 0, card.plan.title(lang), styles.title)
    _text(
        sheet,
        1,
        0,
        " · ".join(p for p in (card.plan.plan.document, card.plan.plan.issuer) if p),
        styles.subtitle,
    )
    header = 3
    for col, heading in enumerate([*lead, *(i.label(lang) for i in indicators), ui("met", lang)]):
        _text(sheet, header, col, heading, styles.header)
    # every line of the longest label and target shows, on screen and on paper
    heights = [
        row_height([i.label(lang) for i in indicators], INDICATOR_WIDTH, least=60),
        row_height([target_text(i, lang) for i in indicators], INDICATOR_WIDTH),
    ]
    sheet.set_row(header, heights[0])
    sheet.set_row(header + 1, heights[1])
    _text(sheet, header + 1, 0, ui("target_row", lang), styles.target)
    if multi:
        sheet.write_blank(header + 1, 1, None, styles.target)
    for k, indicator in enumerate(indicators):
        period = grids[0].period if len(grids) == 1 else None  # one period: its monitoring line too
        _text(sheet, header + 1, first + k, target_text(indicator, lang, period), styles.target)
    sheet.write_blank(header + 1, first + len(indicators), None, styles.target)
    row = header + 2
    for grid in grids:
        for unit_row in [*grid.rows, grid.total]:
            total = unit_row.is_total or unit_row.is_subtotal  # bold, and no issue comments
            if unit_row.in_group:
                sheet.set_row(row, None, None, {"level": 1})  # units fold under their parent's subtotal
            _text(sheet, row, 0, unit_row.label, styles.total_label if total else styles.label)
            if multi:
                _text(
                    sheet,
                    row,
                    1,
                    grid.period_label or "",
                    styles.total_label if total else styles.label,
                )
            for k, cell in enumerate(unit_row.cells):
                _score_cell(sheet, row, first + k, cell, styles, total)
                found = [] if total else affecting.get((unit_key(unit_row.label), grid.period, indicators[k].id), [])
                lines = _cell_comment(cell, found, lang)
                actions = acting.get((unit_key(unit_row.label), grid.period, indicators[k].id), [])
                lines += [f"{ui('action', lang)}: {action_text(a, lang)}" for a in actions]
                if lines:  # what the cell was compared with, and the issues on its data
                    sheet.write_comment(row, first + k, "\n".join(lines)[:MAX_TEXT], {"x_scale": 3, "y_scale": 2})
            _text(
                sheet,
                row,
                first + len(indicators),
                unit_row.met_text,
                styles.total_label if total else styles.label,
            )
            row += 1
    last = row - 1
    sheet.autofilter(header, 0, last, first + len(indicators))
    sheet.freeze_panes(header + 2, first)
    widths = [UNIT_WIDTH, *([PERIOD_WIDTH] if multi else []), *[INDICATOR_WIDTH] * len(indicators), MET_WIDTH]
    for col, width in enumerate(widths):
        sheet.set_column(col, col, width)
    row += 1
    _text(sheet, row, 0, h("legend", lang), styles.text)
    for col, status in enumerate((Status.PASS, Status.NEAR, Status.FAIL, Status.NO_DATA), start=1):
        _text(sheet, row, col, f"{MARKS[status]} {ui(status, lang)}", styles.status_text[status])
    notes: list[float] = []
    if any(c.flagged for grid in grids for unit_row in [*grid.rows, grid.total] for c in unit_row.cells):
        row += 1  # what the flag mark means, printed with the table, within its width
        note = f"{FLAG_MARK} {ui('flag_note', lang)}"
        sheet.merge_range(row, 0, row, first + len(indicators), "", styles.wrap)
        _text(sheet, row, 0, note, styles.wrap)
        notes.append(row_height([note], sum(widths)))
        sheet.set_row(row, notes[-1])
    heights = [18, 15, 15, *heights, *[15.0] * (row - header - 1 - len(notes)), *notes]  # title … legend, note
    print_setup(sheet, card.plan.title(lang), widths, heights, repeat_rows=(header, header + 1), repeat_columns=first)
    sheet.print_area(0, 0, row, first + len(indicators))


def _cell_comment(cell: Cell, found: list[Issue], lang: str) -> list[str]:
    """The comment of a scorecard cell: its line or its total's own target, its flagged units, its issues."""
    lines = []
    if cell.on_line and cell.compared:
        lines.append(ui("compared_line", lang, line=cell.compared))
    elif cell.compared:
        lines.append(ui("compared_total", lang, target=cell.compared))
    if cell.covered is not None:
        lines.append(ui("units_covered_of", lang, covered=cell.covered[0], total=cell.covered[1]))
    if cell.flagged_units:
        lines.append(ui("flagged_units", lang, n=cell.flagged_units))
    if TOTAL_ROW_DISAGREES in cell.flags and not found:  # a total: its issue is the form's total row's
        lines.append(ui("total_row_disagrees", lang))
    lines += [issue.message(lang) for issue in found[:MAX_COMMENT_LINES]]
    if len(found) > MAX_COMMENT_LINES:
        lines.append(f"… +{len(found) - MAX_COMMENT_LINES}")
    return lines


def _score_cell(sheet: Worksheet, row: int, col: int, cell: Cell, styles: _Styles, total: bool) -> None:
    if cell.number is None:
        mark = MARKS[cell.status] + (FLAG_MARK if cell.flagged else "")
        _text(sheet, row, col, mark, styles.cell(cell.status, total=total))
        return
    sheet.write_number(
        row,
        col,
        cell.number,
        styles.cell(cell.status, cell.decimals, total, cell.signed, cell.suffix, cell.flagged),
    )


# --- Details, Targets, Data issues, Activities ----------------------------------------


EXCEL_ROWS = 1_048_576  # rows in a worksheet; XlsxWriter ignores what is written below them


def _table(
    sheet: Worksheet,
    headings: list[str],
    rows: Sequence[Sequence[object]],
    styles: _Styles,
    widths: list[int],
    lang: str = "vi",
    title: str = "",
) -> None:
    """A sheet of records under a header row. Past Excel's last row, the last row says how many
    records are not on the sheet and where they all are — never a silent end."""
    for col, heading in enumerate(headings):
        _text(sheet, 0, col, heading, styles.header)
    room = EXCEL_ROWS - 1  # below the header
    shown = rows if len(rows) <= room else rows[: room - 1]
    for r, values in enumerate(shown, start=1):
        for col, value in enumerate(values):
            _value(sheet, r, col, value, styles.text)
    if len(shown) < len(rows):
        _text(sheet, len(shown) + 1, 0, ui("rows_not_listed", lang, n=len(rows) - len(shown)), styles.total_label)
    sheet.autofilter(0, 0, max(len(shown), 1), len(headings) - 1)
    sheet.freeze_panes(1, 0)
    for col, width in enumerate(widths):
        sheet.set_column(col, col, width)
    print_setup(sheet, title, repeat_rows=(0, 0))  # records: one page wide, as many down as they take


def _details(sheet: Worksheet, card: Scorecard, styles: _Styles, lang: str) -> None:
    names = {i.id: i.label(lang) for i in card.plan.indicators}
    records = [*result_records(card, lang), *total_records(card, lang)]
    statuses = {str(s): ui(str(s), lang) for s in Status}  # the field names stay; statuses and flags are read
    rows = [
        [_detail(r, f, statuses, lang) for f in DETAIL_FIELDS] + [names.get(str(r["indicator"]), "")] for r in records
    ]
    headings = [*DETAIL_FIELDS, h("name", lang)]
    _table(
        sheet,
        headings,
        rows,
        styles,
        [24, 8, 24, 12, 12, 12, 12, 10, 10, 10, 9, 12, 10, 12, 10, 30, 10, 10, 30, 40],
        lang,
        card.plan.title(lang),
    )


def _detail(record: dict[str, object], field: str, statuses: dict[str, str], lang: str) -> object:
    value = record.get(field)
    if field == "status":
        return statuses.get(str(value), value)
    if field == "flags":  # a value computed from a suspect cell never looks clean here either
        return "; ".join(issue_name(str(code), lang) for code in cast("Sequence[object]", value or ())) or None
    return value


def _total_name(card: Scorecard) -> str | None:
    """The total's name as the data calls it ("Toàn thành phố"), for the heading of its own target."""
    frame = card.totals_frame
    return str(frame["unit"].iloc[0]) if "unit" in frame and len(frame) else None


def _targets(sheet: Worksheet, card: Scorecard, styles: _Styles, lang: str) -> None:
    rows = [
        [
            i.id,
            i.name,
            i.name_en,
            i.formula,
            i.unit,
            target_text(i, lang),
            str(i.target),
            i.near.shown(lang) if i.near else None,
            str(i.total_target) if i.total_target else None,
            i.by,
            i.baseline,
            i.group,
            i.source,
            i.note,
        ]
        for i in card.plan.indicators
    ]
    headings = [
        ui("id", lang),
        h("name", lang),
        "name_en",
        ui("formula", lang),
        h("unit_of", lang),
        ui("target", lang),
        "target",
        ui("near_band", lang),
        total_target_heading(_total_name(card), lang),
        h("by", lang),
        h("baseline", lang),
        ui("group", lang),
        ui("source", lang),
        h("note", lang),
    ]
    _table(
        sheet,
        headings,
        rows,
        styles,
        [22, 40, 36, 36, 14, 18, 18, 10, 14, 8, 8, 20, 60, 40],
        lang,
        card.plan.title(lang),
    )


def _quality_card(sheet: Worksheet, card: Scorecard, styles: _Styles, lang: str) -> None:
    """Per check and indicator, the units flagged and their share (the WHO report card)."""
    names = {i.id: i.label(lang) for i in card.plan.indicators}
    rows = [
        [
            ui(line.level, lang),
            issue_name(line.code, lang),
            line.indicator,
            card_label(line, names, lang),
            line.units if line.of else None,  # total rows are no unit: no count, no share
            line.of or None,
            None if line.share is None else round(line.share * 100, 1),
            line.issues,
        ]
        for line in card.quality_card()
    ]
    headings = [
        h("level", lang),
        ui("card_check", lang),
        ui("id", lang),
        ui("indicator", lang),
        ui("card_units", lang),
        h("units_count", lang),
        ui("card_share", lang) + " (%)",
        ui("card_issues", lang),
    ]
    _table(sheet, headings, rows, styles, [10, 24, 20, 40, 14, 10, 12, 10], lang)


def _issues(sheet: Worksheet, card: Scorecard, styles: _Styles, lang: str) -> None:
    columns = card.issues.columns(lang)
    said = {level: ui(level, lang) for level in ("error", "warning", "info")}
    columns["level"] = [said[level] for level in columns["level"]]
    columns["code"] = [issue_name(code, lang) for code in columns["code"]]  # the codes stay in JSON
    rows = [list(row) for row in zip(*(columns[f] for f in FIELDS), strict=True)]
    headings = [
        h("level", lang),
        h("code", lang),
        h("where", lang),
        ui("unit", lang),
        h("variable", lang),
        ui("period", lang),
        h("message", lang),
    ]
    _table(sheet, headings, rows, styles, [10, 18, 18, 22, 22, 8, 100], lang, card.plan.title(lang))


def _activities(sheet: Worksheet, card: Scorecard, styles: _Styles, lang: str) -> None:
    report = card.activities
    assert report is not None
    rows = [[r.id, r.group, r.text, ui(str(r.state), lang), r.raw, r.where] for r in report.results]
    headings = [
        ui("id", lang),
        ui("group", lang),
        h("text", lang),
        h("state", lang),
        h("as_written", lang),
        h("where", lang),
    ]
    _table(sheet, headings, rows, styles, [8, 40, 70, 16, 16, 16], lang, card.plan.title(lang))
    counts = Counter(r.state for r in report.results)
    row = len(rows) + 2
    for col, state in enumerate(("done", "in_progress", "not_started", "no_data")):
        _text(sheet, row, col, ui(state, lang), styles.header)
        sheet.write_number(row + 1, col, counts[State(state)], styles.text)


# --- Charts ---------------------------------------------------------------------------

MAX_CHART_BARS = 60  # units charted one bar each; beyond that, the best and the worst half of it
CHART_WIDTH = 950  # pixels: within A–O (15 columns of 64 px)
CHART_HEIGHT = 310
CHART_ROWS = 16  # rows of 20 px each chart takes, with a gap
CHART_TOP = 3  # first row of the first chart
CHART_DATA_COL = 16  # Q: the charts' data, right of the print area
CHART_PRINT_SCALE = 75  # two charts per A4 landscape page, in Excel and in LibreOffice


def _charts(
    workbook: Any, sheet: Worksheet, card: Scorecard, grids: list[ScoreGrid], styles: _Styles, lang: str
) -> None:
    """One native column chart per indicator: units coloured by status, the target as a line.

    The charts sit in A–P, two to an A4 landscape page; the numbers they draw
    are written to the right of them (from column R), outside the print area.
    """
    from xlsxwriter.utility import xl_col_to_name

    from healthkpi.base.display import format_number
    from healthkpi.render.grid import rule_text

    width = CHART_DATA_COL - 2  # the last column printed
    title = workbook.add_format(
        {"font_name": "Arial", "font_size": 13, "bold": True, "text_wrap": True, "valign": "top"}
    )
    subtitle = workbook.add_format(
        {"font_name": "Arial", "font_size": 9, "italic": True, "text_wrap": True, "valign": "top"}
    )
    sheet.merge_range(0, 0, 0, width, "", title)
    _text(sheet, 0, 0, card.plan.title(lang), title)
    sheet.set_row(0, 34)
    sheet.merge_range(1, 0, 1, width, "", subtitle)
    sheet.set_row(1, 26)
    indicators = card.plan.indicators
    if not indicators or not grids:
        _text(sheet, 1, 0, ui("no_indicators", lang), subtitle)
        return
    grid = grids[-1]
    note = ui("charts_note", lang, column=xl_col_to_name(CHART_DATA_COL))
    if grid.period_label:
        note = f"{ui('period', lang)} {grid.period_label}. {note}"
    _text(sheet, 1, 0, note, subtitle)
    name = sheet.get_name()
    col = CHART_DATA_COL
    data_row = 0
    for k, indicator in enumerate(indicators):
        rows, total = chart_rows(card, grid, k)
        head, tail, left_out = best_and_worst(rows, MAX_CHART_BARS)
        shown = with_total([*head, *tail], total, indicator)
        rule = indicator.target
        edges = ("≥", "≤") if rule.is_range else ("target",)
        number_format = "#,##0" + ("." + "0" * indicator.decimals if indicator.decimals else "")
        number = workbook.add_format({"font_name": "Arial", "font_size": 10, "num_format": number_format})
        headings = [
            indicator.label(lang),
            ui("target_row", lang),
            *(f"{MARKS[s]} {ui(s, lang)}" for s in (Status.PASS, Status.NEAR, Status.FAIL)),
        ]
        headings += [
            f"{ui('target', lang)} {target_text(indicator, lang)}{'' if e == 'target' else f' ({e})'}" for e in edges
        ]
        for c, heading in enumerate(headings):
            _text(sheet, data_row, col + c, heading, styles.header)
        first = data_row + 1
        thresholds: set[float] = set()
        for i, row in enumerate(shown):
            r = first + i
            cell = row.cell
            _text(
                sheet, r, col, f"{row.label} {MARKS[cell.status]}", styles.total_label if row.is_total else styles.text
            )
            if cell.number is not None:
                sheet.write_number(r, col + 1, cell.number, number)
                if cell.status in (Status.PASS, Status.NEAR, Status.FAIL):
                    sheet.write_number(
                        r, col + 2 + (Status.PASS, Status.NEAR, Status.FAIL).index(cell.status), cell.number, number
                    )
            if isinstance(rule, Between):
                sheet.write_number(r, col + 5, float(rule.low), number)
                sheet.write_number(r, col + 6, float(rule.high), number)
            elif row.threshold is not None:
                sheet.write_number(r, col + 5, row.threshold, number)
                thresholds.add(row.threshold)
        last = first + max(len(shown), 1) - 1
        categories = [name, first, col, last, col]
        chart = workbook.add_chart({"type": "column"})
        for s, offset in ((Status.PASS, 2), (Status.NEAR, 3), (Status.FAIL, 4)):
            at = [i for i, row in enumerate(shown) if row.cell.status == s and row.cell.number is not None]
            if not at:
                continue
            series: dict[str, Any] = {
                "name": chart_text(headings[offset]),
                "categories": categories,
                "values": [name, first, col + offset, last, col + offset],
                "fill": {"color": PALETTE[s]["bg_color"]},
                "border": {"color": PALETTE[s]["font_color"], "width": 0.75},
                "gap": 40,
                "overlap": 100,
            }
            totals_at = [i for i in at if shown[i].is_total]
            if totals_at:  # the total: the same colour, a heavy black outline
                points: list[dict[str, Any] | None] = [None] * (totals_at[0] + 1)
                points[totals_at[0]] = {
                    "fill": {"color": PALETTE[s]["bg_color"]},
                    "border": {"color": "#000000", "width": 2.5},
                }
                series["points"] = points
            chart.add_series(series)
        if not chart.series:
            chart.add_series(
                {"name": ui("no_data", lang), "categories": categories, "values": [name, first, col + 1, last, col + 1]}
            )
        if rule.is_range or thresholds:
            line = workbook.add_chart({"type": "line"})
            steady = rule.is_range or len(thresholds) == 1
            for e, heading in enumerate(headings[5:]):
                style: dict[str, Any] = (
                    {"line": {"color": "#000000", "width": 1.75, "dash_type": "dash"}, "marker": {"type": "none"}}
                    if steady  # one target for every unit: a line across
                    else {  # on-track targets differ by unit: a dash at each unit's own line
                        "line": {"none": True},
                        "marker": {
                            "type": "dash",
                            "size": 12,
                            "border": {"color": "#000000"},
                            "fill": {"color": "#000000"},
                        },
                    }
                )
                line.add_series(
                    {
                        "name": chart_text(heading),
                        "categories": categories,
                        "values": [name, first, col + 5 + e, last, col + 5 + e],
                        **style,
                    }
                )
            chart.combine(line)
        title = f"{indicator.label(lang)} ({target_text(indicator, lang)})"
        if not total_in_chart(indicator) and total.cell.text:
            title += f" · {total.label}: {total.cell.text} {MARKS[total.cell.status]}"
            if indicator.total_target is not None:
                title += f" ({rule_text(indicator.total_target, lang)})"
        if left_out:
            title += " · " + ui("best_worst", lang, k=len(head), n=format_number(len(rows), 0, lang))
        chart.set_title({"name": chart_text(title), "name_font": {"size": 10, "bold": True}, "overlay": False})
        chart.set_x_axis({"num_font": {"rotation": -45, "size": 8}, "interval_unit": 1})
        chart.set_y_axis(
            {
                "num_format": number_format,
                "num_font": {"size": 8},
                "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}},
            }
        )
        chart.set_legend({"position": "bottom", "font": {"size": 8}})
        chart.set_size({"width": CHART_WIDTH, "height": CHART_HEIGHT})
        sheet.insert_chart(CHART_TOP + k * CHART_ROWS, 0, chart, {"x_offset": 4, "y_offset": 4, "object_position": 3})
        data_row = last + 3
    sheet.set_column(col, col, 30)
    sheet.set_column(col + 1, col + 6, 12)
    sheet.hide_gridlines(2)
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    sheet.set_header(header_text(card.plan.title(lang)), {"margin": 0.3})
    sheet.set_footer("&L&A&R&P / &N")
    sheet.set_print_scale(CHART_PRINT_SCALE)  # not fit-to-page, which would ignore the page breaks
    end = CHART_TOP + len(indicators) * CHART_ROWS
    sheet.print_area(0, 0, end, width)
    sheet.set_h_pagebreaks(list(range(CHART_TOP + 2 * CHART_ROWS, end, 2 * CHART_ROWS)))
