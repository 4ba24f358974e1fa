"""Year to date: an accumulating indicator's numerator over the months of the year (DESIGN §3).

An indicator with `accumulate: year` is judged on the sum of its numerator from January to
the period scored, over the year's denominator (the period's own figure, else the latest
earlier one of that year: the infants to immunise this year are not summed month by month),
against the monitoring line: the target × the share of the year elapsed (month m: m/12,
quarter q: q/4), the whole target at year end. `accumulate: quarter` does the same within
each quarter. A unit that did not report an earlier period of the year has no year-to-date
figure: its result is no data and the missing period is named.

Periods are placed by `healthkpi.base.spans`: a month, a quarter, a run of months ("6 tháng
đầu năm 2024", itself a sum since January) or the year. The sum since the start is tiled
from the unit's reports of that year, the longest report first, so a half-year report
followed by months 7, 8 and 9 adds up as well as nine monthly ones.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from healthkpi.base.spans import Span, period_span


@dataclass(frozen=True)
class Elapsed:
    """Where a scored period ends in its year (or quarter): `share` of it is over."""

    span: Span
    start: int  # the first month summed (1, or the quarter's first month)
    share: Fraction  # months from `start` to the period's end, over the months of the year (quarter)

    @property
    def complete(self) -> bool:
        return self.share == 1


@dataclass
class YearToDate:
    """An accumulating indicator over every row of the data."""

    numerator: np.ndarray  # the sum since the start of the year (NaN: an earlier period is missing)
    denominator: np.ndarray  # the year's figure
    pieces: list[tuple[int, ...] | None]  # the rows summed for each row (None: not computable)
    denominator_row: np.ndarray  # the row whose denominator is the year's figure (-1: none)
    missing: list[str | None]  # the first earlier period missing for each row, as a label
    elapsed: list[Elapsed | None]  # each row's place in its year (None: the period is not a month or quarter)


def elapsed(period: str | None, how: str, plan_period: str | None) -> Elapsed | None:
    """The share of the year (quarter) over at the end of `period`; None when it cannot be placed."""
    text = period if period is not None else plan_period
    span = period_span(text) if text else None
    if span is None or span.year is None:
        return None
    if how == "quarter":
        start = 3 * ((span.last - 1) // 3) + 1
        if span.first < start:  # a half-year report is not within one quarter
            return None
        return Elapsed(span, start, Fraction(span.last - start + 1, 3))
    return Elapsed(span, 1, Fraction(span.last, 12))


def year_to_date(
    keys: np.ndarray,
    periods: np.ndarray,
    numerator: np.ndarray,
    denominator: np.ndarray,
    how: str,
    plan_period: str | None,
) -> YearToDate:
    """Sums since the start of the year (quarter) for every row: NaN where one is missing."""
    n = len(keys)
    places = [elapsed(p, how, plan_period) for p in periods.tolist()]
    # every dated row of a unit and year, for tiling the months before each row
    by_unit_year: dict[tuple[object, int], list[int]] = {}
    for row, place in enumerate(places):
        if place is not None and place.span.year is not None:
            by_unit_year.setdefault((keys[row], place.span.year), []).append(row)
    total = np.full(n, np.nan)
    year_figure = np.full(n, np.nan)
    figure_row = np.full(n, -1, dtype=np.int64)
    pieces: list[tuple[int, ...] | None] = [None] * n
    missing: list[str | None] = [None] * n
    for row, place in enumerate(places):
        if place is None:
            continue
        year = place.span.year
        assert year is not None
        chain, gap = _tile(row, place, places, by_unit_year.get((keys[row], year), []))
        if gap is not None:
            missing[row] = _label(gap, place.span, year)
            continue
        pieces[row] = chain
        values = numerator[list(chain)]
        total[row] = values.sum() if np.isfinite(values).all() else np.nan
        for candidate in reversed(chain):  # the scored period's own figure, else the latest earlier one
            if np.isfinite(denominator[candidate]):
                year_figure[row], figure_row[row] = denominator[candidate], candidate
                break
    return YearToDate(total, year_figure, pieces, figure_row, missing, places)


def _tile(
    row: int, place: Elapsed, places: list[Elapsed | None], same_year: list[int]
) -> tuple[tuple[int, ...], int | None]:
    """The rows that, with `row`, cover the months from the start to the end of `row`'s period
    (earliest first), and the first month none covers (None: all are covered)."""
    chain = [row]
    spans = {other: p.span for other in same_year if (p := places[other]) is not None}
    end = place.span.first - 1
    while end >= place.start:
        best: int | None = None
        best_first = 13
        for other in same_year:
            span = spans[other]
            if other not in chain and span.last == end and place.start <= span.first < best_first:
                best, best_first = other, span.first  # the longest report that ends there
        if best is None:
            return tuple(chain), end
        chain.append(best)
        end = best_first - 1
    return tuple(reversed(chain)), None


def _label(month: int, scored: Span, year: int) -> str:
    """The missing period named as the scored one is: a quarter for quarterly data, else a month."""
    if scored.kind == "quarter" and month % 3 == 0:
        return Span(year, month - 2, month).label() or ""
    return Span(year, month, month).label() or ""
