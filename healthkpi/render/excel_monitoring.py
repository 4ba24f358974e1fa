"""The Excel scorecard's monitoring sheet (issue 21): the monitoring chart as native Excel charts.

For each accumulating indicator, a line chart of the total's year to date month by month
against the monitoring line (zero in January to the target in December), then the same small,
one per unit, three to a row — the picture the HTML report draws. Each month's dot is coloured
by its status (a marker-only series per status, which Excel and LibreOffice both draw). The
figures sit in a table right of the charts (outside the print area), so the charts stay live.
"""

from __future__ import annotations

from typing import Any

from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.worksheet import Worksheet

from healthkpi.base.display import format_number
from healthkpi.base.messages import ui
from healthkpi.base.status import Status
from healthkpi.render.charts import PALETTE
from healthkpi.render.grid import MARKS
from healthkpi.render.xlsxfile import chart_text
from healthkpi.scoring.monitoring import Monitoring, MonitoringSeries

DATA_COL = 17  # R: the charts' figures, right of the print area (A–O)
BIG = (950, 320)
SMALL = (312, 210)
BIG_ROWS, SMALL_ROWS, PER_ROW = 17, 11, 3  # rows (20 px) a chart takes, with a gap; small charts a row
SMALL_COLS = 5  # columns (64 px) a small chart takes
FIRST_PAGE_ROWS, PAGE_ROWS = 2, 4  # rows of small charts under the total's, and on each later page
PRINT_SCALE = 75
SHOWN = (Status.PASS, Status.NEAR, Status.FAIL)  # the statuses a dot is coloured by
SPAN = 1 + len(SHOWN)  # data columns per series: its year to date, then the same split by status


def write_monitoring(workbook: Any, sheet: Worksheet, found: list[Monitoring], title: str, lang: str) -> None:
    """The monitoring sheet: for each accumulating indicator, the total's chart and one per unit."""
    font = {"font_name": "Arial"}
    heading = workbook.add_format({**font, "font_size": 13, "bold": True, "text_wrap": True})
    note = workbook.add_format({**font, "font_size": 9, "italic": True, "text_wrap": True, "valign": "top"})
    header = workbook.add_format({**font, "font_size": 10, "bold": True, "bg_color": "#D9E1F2", "border": 1})
    text = workbook.add_format({**font, "font_size": 10})
    width = DATA_COL - 3
    sheet.merge_range(0, 0, 0, width, "", heading)
    sheet.write_string(0, 0, title, heading)
    sheet.set_row(0, 34)
    sheet.merge_range(1, 0, 1, width, "", note)
    where = ui("monitoring_data", lang, column=xl_col_to_name(DATA_COL))
    sheet.write_string(1, 0, f"{ui('monitoring_note', lang)}. {where}.", note)
    sheet.set_row(1, 38)
    row, data_row = 3, 0
    breaks: list[int] = []
    for item in found:
        number_format = "#,##0" + ("." + "0" * item.indicator.decimals if item.indicator.decimals else "")
        number = workbook.add_format({**font, "font_size": 10, "num_format": number_format})
        first, last = _figures(sheet, item, data_row, header, text, number, lang)
        if row > 3:
            breaks.append(row)  # each indicator from a new page
        chart = _chart(workbook, sheet.get_name(), item, item.total, 0, first, last, True, lang)
        sheet.insert_chart(row, 0, chart, {"x_offset": 4, "y_offset": 4, "object_position": 3})
        row += BIG_ROWS
        for k, series in enumerate(item.units):
            line_of_charts = k // PER_ROW
            at_row = row + line_of_charts * SMALL_ROWS
            later = line_of_charts - FIRST_PAGE_ROWS
            if k % PER_ROW == 0 and later >= 0 and later % PAGE_ROWS == 0:
                breaks.append(at_row)  # whole rows of charts to a page
            chart = _chart(workbook, sheet.get_name(), item, series, 1 + k, first, last, False, lang)
            at = (k % PER_ROW) * SMALL_COLS
            sheet.insert_chart(at_row, at, chart, {"x_offset": 4, "y_offset": 4, "object_position": 3})
        row += -(-len(item.units) // PER_ROW) * SMALL_ROWS + 1
        data_row = last + 3
    sheet.set_column(DATA_COL, DATA_COL, 10)
    sheet.set_column(DATA_COL + 1, DATA_COL + 1 + SPAN * 200, 12)
    sheet.hide_gridlines(2)
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    sheet.set_footer("&L&A&R&P / &N")
    sheet.set_print_scale(PRINT_SCALE)  # not fit-to-page, which would ignore the page breaks
    sheet.print_area(0, 0, row, width)
    sheet.set_h_pagebreaks(breaks)


def _figures(
    sheet: Worksheet, item: Monitoring, data_row: int, header: Any, text: Any, number: Any, lang: str
) -> tuple[int, int]:
    """The table the charts draw: a row per month; the line, then each series (and its dots by status)."""
    months = range(item.first, item.last + 1)
    columns = [ui("month", lang), ui("monitoring_line", lang)]
    for series in item.series:
        columns += [series.unit, *(f"{series.unit} {MARKS[s]}" for s in SHOWN)]
    for c, label in enumerate(columns):
        sheet.write_string(data_row, DATA_COL + c, label, header)
    first = data_row + 1
    for i, month in enumerate(months):
        r = first + i
        sheet.write_string(r, DATA_COL, f"{ui('month_short', lang)}{month}", text)
        line = item.line_at(month)
        if line is not None:
            sheet.write_number(r, DATA_COL + 1, line, number)
        for k, series in enumerate(item.series):
            c = DATA_COL + 2 + k * SPAN
            point = next((p for p in series.points if p.month == month), None)
            if point is not None and point.value is not None:
                sheet.write_number(r, c, point.value, number)
                if point.status in SHOWN:
                    sheet.write_number(r, c + 1 + SHOWN.index(Status(point.status)), point.value, number)
    return first, first + len(months) - 1


def _chart(
    workbook: Any,
    name: str,
    item: Monitoring,
    series: MonitoringSeries,
    k: int,
    first: int,
    last: int,
    big: bool,
    lang: str,
) -> Any:
    chart = workbook.add_chart({"type": "line"})
    categories = [name, first, DATA_COL, last, DATA_COL]
    c = DATA_COL + 2 + k * SPAN
    chart.add_series(
        {
            "name": chart_text(f"{ui('year_to_date', lang)} — {series.unit}"),
            "categories": categories,
            "values": [name, first, c, last, c],
            "line": {"color": "#1A1A1A", "width": 2.25 if big else 1.5},
            "marker": {"type": "none"},
        }
    )
    for s, status in enumerate(SHOWN):
        if not any(p.status == status and p.value is not None for p in series.points):
            continue
        chart.add_series(
            {
                "name": f"{MARKS[status]} {ui(status, lang)}",
                "categories": categories,
                "values": [name, first, c + 1 + s, last, c + 1 + s],
                "line": {"none": True},
                "marker": {
                    "type": "circle",
                    "size": 7 if big else 5,
                    "fill": {"color": PALETTE[status]["bg_color"]},
                    "border": {"color": PALETTE[status]["font_color"]},
                },
            }
        )
    chart.add_series(
        {
            "name": ui("monitoring_line", lang),
            "categories": categories,
            "values": [name, first, DATA_COL + 1, last, DATA_COL + 1],
            "line": {"color": "#1F4E79", "width": 1.5, "dash_type": "dash"},
            "marker": {"type": "none"},
        }
    )
    chart.show_blanks_as("gap")
    caption = series.unit
    latest = series.points[-1] if series.points else None
    if latest is not None:
        shown = format_number(latest.value, item.indicator.decimals, lang) + " " if latest.value is not None else ""
        caption += f" · {latest.period}: {shown}{MARKS[latest.status]}"
    if big:
        indicator = item.indicator
        caption = f"{indicator.label(lang)} ({indicator.target.describe(lang)}, {item.year}) · {caption}"
    chart.set_title({"name": chart_text(caption), "name_font": {"size": 10 if big else 8, "bold": True}})
    values = [p.value for s in item.series for p in s.points if p.value is not None]
    chart.set_y_axis(
        {
            "min": 0,
            "max": _nice(max([item.target or 0.0, *values])),
            "num_format": "0",
            "num_font": {"size": 8},
            "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}},
        }
    )
    chart.set_x_axis({"num_font": {"size": 8}})
    chart.set_legend({"position": "bottom", "font": {"size": 8}} if big else {"none": True})
    chart.set_size({"width": (BIG if big else SMALL)[0], "height": (BIG if big else SMALL)[1]})
    return chart


def _nice(value: float) -> float:
    """A round top for the axis at or above `value` (100 for a percentage near its target)."""
    if value <= 0:
        return 1.0
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000):
        top = step * -(-value * 1.02 // step)
        if top / step <= 10:
            return float(top)
    return value * 1.1
