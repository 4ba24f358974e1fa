"""`healthkpi history FILE`: the runs recorded in a history file (their inputs: -f json), and with --unit or --indicator
each one's trend across runs and periods (a sparkline, then the points)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
from rich.console import Console
from rich.table import Table
from rich.text import Text

from healthkpi.base.display import format_number
from healthkpi.base.errors import UsageError
from healthkpi.base.messages import ui
from healthkpi.cli.common import write_raw
from healthkpi.render.followup import sparkline
from healthkpi.render.grid import MARKS, STATUS_STYLES
from healthkpi.scoring.history import RunInfo, Trend, open_history

POINTS_SHOWN = 40


def run_history(
    path: Path,
    *,
    plan: str | None,
    unit: str | None,
    indicator: str | None,
    output_format: str,
    lang: str,
    stdout: Console,
) -> int:
    if not path.exists():
        raise UsageError(key="no_history_file", path=str(path))
    with open_history(path) as history:
        runs = history.runs(plan)
        trends = history.trends(plan=plan, unit=unit, indicator=indicator) if unit or indicator else []
    of_plan = f" ({plan})" if plan else ""
    if not runs:
        raise UsageError(key="history_empty", path=str(path), of_plan=of_plan)
    if (unit or indicator) and not trends:
        what = " · ".join(p for p in (unit, indicator) if p)
        raise UsageError(key="history_no_trend", path=str(path), what=what)
    if output_format == "json":
        document: dict[str, Any] = {"history": str(path), "runs": [r.as_dict() for r in runs]}
        if unit or indicator:
            document["trends"] = [_trend_document(t) for t in trends]
        write_raw(stdout, orjson.dumps(document, option=orjson.OPT_INDENT_2).decode("utf-8") + "\n")
        return 0
    if not (unit or indicator):
        stdout.print(_runs_table(runs, path, lang))
        return 0
    stdout.print(_trends_table(trends, lang))
    if len(trends) == 1:
        stdout.print(_points_table(trends[0], lang))
    return 0


def _runs_table(runs: list[RunInfo], path: Path, lang: str) -> Table:
    table = Table(title=ui("runs_listed", lang, n=len(runs), path=str(path)), title_justify="left", header_style="bold")
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column(ui("time", lang), no_wrap=True)
    table.add_column(ui("plan", lang), no_wrap=True)
    table.add_column(ui("period", lang), no_wrap=True)
    table.add_column("n", justify="right", no_wrap=True)
    for status in ("pass", "near", "fail", "no_data"):
        table.add_column(MARKS[status], justify="right", style=STATUS_STYLES[status], no_wrap=True)
    for run in runs:
        periods = [p for p in run.periods if p]
        shown = ", ".join(periods) if len(periods) <= 3 else f"{periods[0]} … {periods[-1]}"
        counts = [str(run.summary.get(s, 0)) for s in ("pass", "near", "fail", "no_data")]
        table.add_row(str(run.id), _short(run.time), run.plan_id, shown, str(run.units), *counts)
    return table


def _trends_table(trends: list[Trend], lang: str) -> Table:
    table = Table(header_style="bold")
    table.add_column(ui("unit", lang), overflow="fold")
    table.add_column(ui("indicator", lang), overflow="fold")
    table.add_column(ui("trend", lang), no_wrap=True)
    table.add_column(ui("points", lang, n="").strip(), justify="right")
    table.add_column(ui("value", lang), justify="right")
    for trend in trends:
        values = [p.value for p in trend.points]
        last = trend.points[-1]
        spark = Text(sparkline(values[-POINTS_SHOWN:]))
        latest = Text(
            f"{format_number(last.value, 2, lang)} {MARKS.get(last.status, '')}",
            style=STATUS_STYLES.get(last.status, ""),
        )
        label = Text(trend.unit, style="bold" if trend.total else "")
        table.add_row(label, trend.indicator, spark, str(len(values)), latest)
    return table


def _points_table(trend: Trend, lang: str) -> Table:
    table = Table(header_style="bold", title=f"{trend.unit} · {trend.indicator}", title_justify="left")
    table.add_column(ui("run", lang), justify="right")
    table.add_column(ui("time", lang), no_wrap=True)
    table.add_column(ui("period", lang))
    table.add_column(ui("value", lang), justify="right")
    for point in trend.points[-POINTS_SHOWN:]:
        value = f"{format_number(point.value, 2, lang)} {MARKS.get(point.status, '')}"
        table.add_row(
            str(point.run),
            _short(point.time),
            point.period or "",
            Text(value, style=STATUS_STYLES.get(point.status, "")),
        )
    return table


def _trend_document(trend: Trend) -> dict[str, Any]:
    return {
        "unit": trend.unit,
        "indicator": trend.indicator,
        "total": trend.total,
        "points": [
            {"run": p.run, "time": p.time, "period": p.period, "value": p.value, "status": p.status}
            for p in trend.points
        ],
    }


def _short(time: str) -> str:
    """2026-12-01T19:18:57+07:00 → 2026-12-01 19:18 (the full time is in -f json)."""
    return time[:16].replace("T", " ")
