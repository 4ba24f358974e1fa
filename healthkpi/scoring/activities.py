"""Focus activities scored: each activity's state from its sheet, and completion per group.

An activity that is not done counts as a missed target for the exit code
(DESIGN §3). Reading the activity sheet is `healthkpi.read.activities`.
"""

from __future__ import annotations

from dataclasses import dataclass

from healthkpi.base.issues import Code, Issue, Level
from healthkpi.base.status import Status
from healthkpi.base.text import loose_key
from healthkpi.plan.schema import Plan
from healthkpi.read.activities import Reported, State

# An activity's state as a traffic light: in progress is amber, not started red.
STATUS_OF = {
    State.DONE: Status.PASS,
    State.IN_PROGRESS: Status.NEAR,
    State.NOT_STARTED: Status.FAIL,
    State.NO_DATA: Status.NO_DATA,
}


@dataclass(frozen=True)
class ActivityResult:
    id: str
    group: str
    text: str
    state: State
    status: str
    raw: str | None
    where: str | None


@dataclass(frozen=True)
class GroupCompletion:
    group: str
    done: int
    in_progress: int
    not_started: int
    no_data: int

    @property
    def total(self) -> int:
        return self.done + self.in_progress + self.not_started + self.no_data

    @property
    def completion_pct(self) -> float | None:
        """Done as a share of the activities with a known state (None when none is known)."""
        known = self.done + self.in_progress + self.not_started
        return self.done * 100 / known if known else None


@dataclass(frozen=True)
class ActivityReport:
    results: list[ActivityResult]
    groups: list[GroupCompletion]
    overall: GroupCompletion
    issues: list[Issue]

    @property
    def missed(self) -> bool:
        """Any activity known not to be done (a missed target, DESIGN §3)."""
        return any(r.state in (State.IN_PROGRESS, State.NOT_STARTED) for r in self.results)


def score_activities(plan: Plan, reported: list[Reported], sheet_found: bool) -> ActivityReport:
    by_id: dict[str, Reported] = {}
    issues: list[Issue] = []
    for item in reported:
        by_id.setdefault(loose_key(item.id), item)
    results = []
    for activity in plan.activities:
        found = by_id.get(loose_key(activity.id))
        if found is None or found.state is None:
            state = State.NO_DATA
            if found is not None:
                issues.append(
                    Issue(
                        Level.WARNING,
                        Code.MISSING_VALUE,
                        found.where,
                        unit=activity.id,
                        template="unknown_status",
                        facts={"text": found.raw[:60], "id": activity.id},
                    )
                )
            elif sheet_found:
                issues.append(
                    Issue(
                        Level.WARNING,
                        Code.MISSING_VALUE,
                        None,
                        unit=activity.id,
                        template="activity_missing",
                        facts={"id": activity.id},
                    )
                )
        else:
            state = found.state
            if state is State.NO_DATA:
                issues.append(
                    Issue(
                        Level.WARNING,
                        Code.MISSING_VALUE,
                        found.where,
                        unit=activity.id,
                        template="activity_blank",
                        facts={"id": activity.id},
                    )
                )
        results.append(
            ActivityResult(
                activity.id,
                activity.group,
                activity.text,
                state,
                STATUS_OF[state],
                found.raw if found else None,
                found.where if found else None,
            )
        )
    if plan.activities and not sheet_found:
        issues.append(Issue(Level.WARNING, Code.MISSING_VALUE, None, template="no_activity_sheet", facts={}))
    groups = [
        _completion(g, [r for r in results if r.group == g]) for g in dict.fromkeys(a.group for a in plan.activities)
    ]
    return ActivityReport(results, groups, _completion("", results), issues)


def _completion(group: str, results: list[ActivityResult]) -> GroupCompletion:
    count = {state: sum(r.state is state for r in results) for state in State}
    return GroupCompletion(
        group,
        count[State.DONE],
        count[State.IN_PROGRESS],
        count[State.NOT_STARTED],
        count[State.NO_DATA],
    )
