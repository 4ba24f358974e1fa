"""The monitoring chart's figures (issue 21): each accumulating indicator, year to date, month by month.

The classic EPI picture: the cumulative coverage of each month against the straight line from
zero in January to the year's target in December. Every output that draws it (the HTML report,
the Excel scorecard) draws these series: for the total and for each unit, the year-to-date
value, the line and the status of every period of the year shown — scored as `score` scores
them, whatever periods the scorecard itself holds (by default only the latest).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from healthkpi import quality
from healthkpi.base.spans import period_span
from healthkpi.base.status import Status
from healthkpi.plan.schema import Indicator
from healthkpi.plan.targets import Comparison
from healthkpi.read.dataset import DataSet
from healthkpi.scoring.accumulate import elapsed
from healthkpi.scoring.engine import _Engine, _IndicatorPeriod  # the one way results are computed
from healthkpi.scoring.scorecard import Scorecard
from healthkpi.scoring.targetbook import TargetBook


@dataclass(frozen=True)
class MonitoringPoint:
    period: str
    month: int  # the last month the period covers (1-12)
    value: float | None  # year to date
    line: float | None  # the monitoring line it was held to
    status: str


@dataclass(frozen=True)
class MonitoringSeries:
    unit: str
    is_total: bool
    points: list[MonitoringPoint]


@dataclass(frozen=True)
class Monitoring:
    """One accumulating indicator over one year (or quarter): its line and its series."""

    indicator: Indicator
    year: int
    first: int  # the months drawn: first..last (1..12 for a year, a quarter's three otherwise)
    last: int
    target: float | None  # where the line ends (None: a target with no single number)
    grows: bool  # the line grows from zero to the target (a >= or > target)
    series: list[MonitoringSeries]  # the total first, then the units in the data's order

    @property
    def total(self) -> MonitoringSeries:
        return self.series[0]

    @property
    def units(self) -> list[MonitoringSeries]:
        return self.series[1:]

    def line_at(self, month: float) -> float | None:
        """The monitoring line at the end of `month` (0: the start of the year)."""
        if self.target is None:
            return None
        if not self.grows:
            return self.target
        months = self.last - self.first + 1
        return self.target * (month - self.first + 1) / months


def monitoring(card: Scorecard) -> list[Monitoring]:
    """The monitoring series of every accumulating indicator, for the year of the latest period scored."""
    indicators = [i for i in card.plan.indicators if i.accumulate is not None and i.denominator is not None]
    scored = [p for p in card.periods if p is not None]
    if not indicators or not scored or card.level != "unit":
        return []
    data = card.data
    engine = _Engine(card.plan, data)
    book = TargetBook(card.plan, quality.plan_spellings(card.plan, data))
    out = []
    for indicator in indicators:
        place = elapsed(scored[-1], indicator.accumulate or "year", None)
        if place is None or place.span.year is None:
            continue
        periods = _periods_of(data, indicator, place.span.year, place.start, place.span.last)
        if not periods:
            continue
        values = engine.values(indicator)
        by_unit: dict[str, list[MonitoringPoint]] = {}
        totals: list[MonitoringPoint] = []
        for period, month in periods:
            rows = engine.rows_of(period)
            for spec, positions in book.groups(indicator, engine.keys[rows], period):
                frame = _IndicatorPeriod(engine, indicator, values, period, rows[positions], spec).units().frame()
                for record in frame[["unit", "value", "line", "status"]].itertuples(index=False):
                    by_unit.setdefault(str(record.unit), []).append(_point(period, month, record))
            total = _IndicatorPeriod(engine, indicator, values, period, rows, book.own(indicator)).total().frame()
            totals.append(
                _point(period, month, next(total[["unit", "value", "line", "status"]].itertuples(index=False)))
            )
        target = indicator.target
        number = float(target.number) if isinstance(target, Comparison) else None
        grows = isinstance(target, Comparison) and target.op in (">=", ">")
        label = card.plan.plan.total_label or "Tổng cộng"
        series = [MonitoringSeries(label, True, totals)]
        series += [MonitoringSeries(unit, False, points) for unit, points in by_unit.items()]
        last = 12 if indicator.accumulate == "year" else place.start + 2
        out.append(Monitoring(indicator, place.span.year, place.start, last, number, grows, series))
    return out


def _periods_of(data: DataSet, indicator: Indicator, year: int, first: int, last: int) -> list[tuple[str, int]]:
    """The data's periods within the year (quarter) up to the latest scored, with their last month."""
    found: dict[int, str] = {}
    for period in data.periods:
        if period is None:
            continue
        span = period_span(period)
        if span is None or span.year != year or span.first < first or span.last > last:
            continue
        place = elapsed(period, indicator.accumulate or "year", None)
        if place is None or place.start != first:
            continue
        found.setdefault(span.last, period)  # one period per month end: the first written
    return sorted(((p, m) for m, p in found.items()), key=lambda pm: pm[1])


def _point(period: str, month: int, record: object) -> MonitoringPoint:
    value, line = getattr(record, "value"), getattr(record, "line")  # noqa: B009
    return MonitoringPoint(period, month, _finite(value), _finite(line), str(Status(getattr(record, "status"))))  # noqa: B009


def _finite(value: object) -> float | None:
    if isinstance(value, float | int | np.floating) and np.isfinite(value):
        return float(value)
    return None


__all__ = ["Monitoring", "MonitoringPoint", "MonitoringSeries", "monitoring"]
