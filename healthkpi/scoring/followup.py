"""What a scorecard says beyond this run's results: what changed since the last one, and the
actions agreed for its missed targets (DESIGN §5 "Run history and follow-up").

Plain records, filled by `scoring.history` (the changes) and from the plan's actions file
(`attach_actions`); every renderer shows them when they are there and nothing when they are not,
so a run without --history or an actions file prints what it always printed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from healthkpi.base.status import Status
from healthkpi.base.text import unit_key
from healthkpi.plan.sidefiles import ActionEntry

MISSED = (Status.FAIL, Status.NEAR)


@dataclass(frozen=True)
class StatusChange:
    unit: str
    period: str | None
    indicator: str
    before: str
    after: str
    value_before: float | None
    value_after: float | None
    total: bool = False


@dataclass(frozen=True)
class Revision:
    """A figure of the same unit and period that a resubmitted workbook gives as another number."""

    unit: str
    period: str | None
    variable: str
    before: float | None
    after: float | None
    cell: str | None  # where the new figure was read
    cell_before: str | None


@dataclass(frozen=True)
class IssueChange:
    level: str
    code: str
    where: str | None
    unit: str | None
    variable: str | None
    period: str | None
    message: str  # in the language of the run that recorded it (new issues: this run's)


@dataclass(frozen=True)
class TrendPoint:
    run: int
    time: str
    period: str | None
    value: float | None
    status: str


@dataclass(frozen=True)
class Changes:
    """This run against the last recorded run of the same plan on the same units."""

    run: int  # this run's number in the history file
    time: str
    history: str  # the history file
    since_run: int | None = None  # None: no earlier run of this plan on these units
    since_time: str | None = None
    statuses: list[StatusChange] = field(default_factory=list)
    revised: list[Revision] = field(default_factory=list)
    new_issues: list[IssueChange] = field(default_factory=list)
    resolved_issues: list[IssueChange] = field(default_factory=list)
    trends: dict[str, list[TrendPoint]] = field(default_factory=dict)  # indicator → the total across runs

    @property
    def first(self) -> bool:
        return self.since_run is None

    @property
    def count(self) -> int:
        return len(self.statuses) + len(self.revised) + len(self.new_issues) + len(self.resolved_issues)


@dataclass(frozen=True)
class MissedTarget:
    """A result that missed its target (fail or near) and the open actions agreed for it."""

    unit: str
    period: str | None
    indicator: str
    status: str
    value: float | None
    target: str
    actions: tuple[ActionEntry, ...]
    total: bool = False


@dataclass(frozen=True)
class FollowUp:
    changes: Changes | None = None
    actions: list[ActionEntry] | None = None  # None: the plan names no actions file
    missed: list[MissedTarget] = field(default_factory=list)  # with actions known: every missed target
    today: dt.date | None = None

    def overdue(self, action: ActionEntry) -> bool:
        return self.today is not None and action.overdue(self.today)

    @property
    def overdue_count(self) -> int:
        return sum(1 for a in self.actions or () if self.overdue(a))


def missed_targets(
    results: list[tuple[str, str | None, str, str, float | None, str, bool]],
    actions: list[ActionEntry],
    period: str | None,
) -> list[MissedTarget]:
    """Each missed result of `period` (unit, period, indicator, status, value, target, is_total),
    with the open actions agreed for its unit and indicator."""
    by_target: dict[tuple[str, str], list[ActionEntry]] = {}
    for action in actions:
        if action.is_open:
            by_target.setdefault((unit_key(action.unit), action.indicator), []).append(action)
    missed = []
    for unit, at, indicator, status, value, target, total in results:
        if at != period or status not in MISSED:
            continue
        found = tuple(by_target.get((unit_key(unit), indicator), ()))
        missed.append(MissedTarget(unit, at, indicator, status, value, target, found, total))
    return missed
