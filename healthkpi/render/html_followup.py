"""The HTML report's Follow-up section: what changed since the last run, each missed target
with its actions beside it (overdue ones in red), and each indicator's total across the runs
recorded (a small line chart). Only in a report made with --history or an actions file."""

from __future__ import annotations

from dataclasses import dataclass

from healthkpi.base.display import format_number
from healthkpi.base.messages import ui
from healthkpi.base.status import Status
from healthkpi.render.followup import (
    action_text,
    actions_summary,
    change_counts,
    change_lines,
    changes_heading,
    missed_rows,
    trend_points,
)
from healthkpi.render.grid import MARKS
from healthkpi.scoring.scorecard import Scorecard

CLASS: dict[str, str] = {Status.PASS: "p", Status.NEAR: "n", Status.FAIL: "f", Status.NO_DATA: "x"}
W, H, PAD = 260, 70, 8  # a trend chart's viewBox


@dataclass(frozen=True, slots=True)
class ChangeRow:
    kind: str
    text: str
    cls: str


@dataclass(frozen=True, slots=True)
class ActionCell:
    text: str
    overdue: bool


@dataclass(frozen=True, slots=True)
class MissedLine:
    unit: str
    indicator: str
    period: str
    value: str
    target: str
    cls: str
    mark: str
    actions: list[ActionCell]


@dataclass(frozen=True, slots=True)
class Dot:
    x: str
    y: str
    cls: str
    title: str


@dataclass(frozen=True, slots=True)
class TrendChart:
    label: str
    points: str  # the polyline
    dots: list[Dot]
    low: str
    high: str
    runs: str


@dataclass(frozen=True, slots=True)
class FollowUpView:
    changes_heading: str | None
    counts: str | None
    changes: list[ChangeRow]
    actions_summary: str | None
    missed: list[MissedLine]
    trends: list[TrendChart]
    unchanged: str | None = None  # the indicators whose total is the same in every run drawn


def follow_up_view(card: Scorecard, lang: str) -> FollowUpView | None:
    follow = card.follow_up
    if follow is None:
        return None
    heading = counts = None
    if follow.changes is not None:
        heading = changes_heading(follow.changes, lang)
        if not follow.changes.first:
            counts = change_counts(follow.changes, lang) if follow.changes.count else ui("no_changes", lang)
    changes = [
        ChangeRow(ui(f"change_{line.kind}", lang), line.text, CLASS.get(line.status or "", "") if line.status else "")
        for line in change_lines(card, lang)
    ]
    missed = [
        MissedLine(
            row.unit, row.indicator, row.period or "", row.value, row.target, CLASS[row.status], MARKS[row.status],
            [ActionCell(action_text(a, lang), a.overdue) for a in row.actions],
        )
        for row in missed_rows(card, lang, with_actions=True)
    ]  # fmt: skip
    summary = actions_summary(card, lang)
    charts, unchanged = _trends(card, lang)
    still = ui("unchanged_totals", lang, n=unchanged) if unchanged else None
    return FollowUpView(heading, counts, changes, summary, missed, charts, still)


def _trends(card: Scorecard, lang: str) -> tuple[list[TrendChart], int]:
    """A chart for each indicator whose total moved across the runs, and how many did not."""
    charts = []
    unchanged = 0
    for indicator in card.plan.indicators:
        points = trend_points(card).get(indicator.id, [])
        known = [p for p in points if p.value is not None]
        if len(points) < 2 or not known:
            continue
        if len({(p.value, p.status) for p in points}) == 1:
            unchanged += 1
            continue
        values = [p.value for p in known if p.value is not None]
        low, high = min(values), max(values)
        span = (high - low) or 1.0
        step = (W - 2 * PAD) / max(len(points) - 1, 1)
        dots = []
        for n, point in enumerate(points):
            if point.value is None:
                continue
            x = PAD + n * step
            y = H / 2 if high == low else H - PAD - (point.value - low) / span * (H - 2 * PAD)
            value = format_number(point.value, indicator.decimals, lang)
            title = f"#{point.run} {point.time} {point.period or ''}: {value} {MARKS[point.status]}"
            dots.append(Dot(f"{x:.1f}", f"{y:.1f}", CLASS.get(point.status, "x"), title))
        charts.append(
            TrendChart(
                indicator.label(lang),
                " ".join(f"{d.x},{d.y}" for d in dots),
                dots,
                format_number(low, indicator.decimals, lang),
                format_number(high, indicator.decimals, lang),
                f"#{points[0].run} – #{points[-1].run}",
            )
        )
    return charts, unchanged
