"""The monitoring chart of the HTML report (issue 21): year to date against the line to the target.

For each accumulating indicator: the total drawn large, then a small chart per unit, each with
the months of the year across, the cumulative coverage (year to date) as a line with a dot per
month in its status colour, and the monitoring line from zero in January to the target in
December — the picture immunisation programmes pin on the wall. The figures come from
`healthkpi.scoring.monitoring`; this module only places them (templates/monitoring.html.j2 draws).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from healthkpi.base.display import format_number
from healthkpi.base.messages import ui
from healthkpi.base.status import Status
from healthkpi.render.grid import MARKS
from healthkpi.scoring.monitoring import Monitoring, MonitoringSeries, monitoring
from healthkpi.scoring.scorecard import Scorecard

CLASS: dict[str, str] = {Status.PASS: "p", Status.NEAR: "n", Status.FAIL: "f", Status.NO_DATA: "x"}
BIG = (640, 250, 44, 16, 14, 24)  # width, height, left, right, top, bottom
SMALL = (300, 150, 36, 10, 10, 22)


@dataclass(frozen=True, slots=True)
class Dot:
    title: str
    cx: str
    cy: str
    cls: str


@dataclass(frozen=True, slots=True)
class MonitoringChart:
    label: str  # the unit (or the total)
    fact: str  # the latest year to date, its line and mark
    big: bool
    width: int
    height: int
    left: int
    right: int
    tick_x: int
    y_ticks: list[tuple[str, str, str]]  # (y of the grid line, y of its number, the number)
    x_ticks: list[tuple[str, str]]  # (x, month)
    x_tick_y: int
    line: tuple[str, str, str, str]  # the monitoring line: x1, y1, x2, y2
    ytd: list[str]  # polylines (points) of the year to date, broken where a month has none
    dots: list[Dot]


@dataclass(frozen=True, slots=True)
class IndicatorMonitoring:
    label: str
    fact: str
    total: MonitoringChart
    units: list[MonitoringChart]


@dataclass(frozen=True, slots=True)
class MonitoringView:
    indicators: list[IndicatorMonitoring]


def monitoring_view(card: Scorecard, lang: str) -> MonitoringView | None:
    """The report's monitoring section, or None when the plan accumulates nothing."""
    found = monitoring(card)
    if not found:
        return None
    return MonitoringView([_indicator(m, lang) for m in found])


def _indicator(found: Monitoring, lang: str) -> IndicatorMonitoring:
    indicator = found.indicator
    values = [p.value for s in found.series for p in s.points if p.value is not None]
    top = _nice_top(max([*values, found.target or 0.0, 1e-9]))
    fact = f"{ui('target', lang)} {indicator.target.describe(lang)} · {found.year}"
    return IndicatorMonitoring(
        label=indicator.label(lang),
        fact=fact,
        total=_chart(found, found.total, top, BIG, lang),
        units=[_chart(found, series, top, SMALL, lang) for series in found.units],
    )


def _chart(
    found: Monitoring, series: MonitoringSeries, top: float, size: tuple[int, ...], lang: str
) -> MonitoringChart:
    width, height, left, right, top_pad, bottom = size
    first, last = found.first, found.last
    decimals = found.indicator.decimals

    def x_of(month: float) -> float:  # month m ends at m; the year starts at first - 1
        return left + 6 + (month - (first - 1)) / (last - first + 1) * (width - left - right - 12)

    def y_of(value: float) -> float:
        return height - bottom - value / top * (height - bottom - top_pad)

    step = top / 4
    y_ticks = [
        (_n(y_of(k * step)), _n(y_of(k * step) + 3), format_number(k * step, _decimals(step), lang)) for k in range(5)
    ]
    x_ticks = [
        (_n(x_of(m)), str(m))
        for m in range(first, last + 1)
        if len(range(first, last + 1)) <= 4 or m % 3 == 0 or m == first
    ]
    start, end = found.line_at(first - 1), found.line_at(last)
    line = (_n(x_of(first - 1)), _n(y_of(start or 0.0)), _n(x_of(last)), _n(y_of(end or 0.0)))
    runs: list[str] = []
    run: list[str] = []
    dots = []
    for point in [*series.points, None]:
        if point is None or point.value is None:
            if len(run) > 1:
                runs.append(" ".join(run))
            run = []
            if point is None:
                continue
        mark = MARKS[point.status]
        line_text = format_number(point.line, decimals, lang) if point.line is not None else "—"
        if point.value is None:
            title = f"{series.unit} · {point.period}: {mark} ({ui('monitoring_line', lang)} {line_text})"
            dots.append(Dot(title, _n(x_of(point.month)), _n(y_of(0.0)), "x"))
            continue
        run.append(f"{_n(x_of(point.month))},{_n(y_of(point.value))}")
        value = format_number(point.value, decimals, lang)
        title = f"{series.unit} · {point.period}: {value} {mark} ({ui('monitoring_line', lang)} {line_text})"
        dots.append(Dot(title, _n(x_of(point.month)), _n(y_of(point.value)), CLASS[point.status]))
    latest = next((p for p in reversed(series.points)), None)
    fact = ""
    if latest is not None:
        shown = format_number(latest.value, decimals, lang) if latest.value is not None else "–"
        fact = f"{latest.period}: {shown} {MARKS[latest.status]}"
        if latest.line is not None:
            fact += f" · {ui('monitoring_line', lang)} {format_number(latest.line, decimals, lang)}"
    return MonitoringChart(
        label=series.unit,
        fact=fact,
        big=series.is_total,
        width=width,
        height=height,
        left=left,
        right=width - right,
        tick_x=left - 4,
        y_ticks=y_ticks,
        x_ticks=x_ticks,
        x_tick_y=height - 8,
        line=line,
        ytd=runs,
        dots=dots,
    )


def _nice_top(value: float) -> float:
    """A round top for the y axis at or above `value`, in four equal steps."""
    raw = value * 1.04 / 4
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw * 0.999)
    return step * 4


def _decimals(step: float) -> int:
    decimals = 0
    while decimals < 6 and abs(step * 10**decimals - round(step * 10**decimals)) > 1e-6:
        decimals += 1
    return decimals


def _n(number: float) -> str:
    text = f"{number:.1f}"
    return "0.0" if text == "-0.0" else text
