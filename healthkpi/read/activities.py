"""Focus activities ("hoạt động trọng tâm"): their status from an activity sheet, and completion.

A plan may list activities `{id, group, text}`; a workbook's activity sheet
gives a status per activity id, in the words districts use ("Hoàn thành",
"Đang thực hiện", "Chưa thực hiện"), in English, as a tick, or as 1/0 or a
percentage. Each activity becomes done / in progress / not started / no data;
completion is reported per group and overall. An activity that is not done
counts as a missed target for the exit code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from healthkpi.base.issues import Code, Issue, Level
from healthkpi.base.text import clean, loose_key
from healthkpi.plan.schema import Plan
from healthkpi.read.cells import address, cell_text
from healthkpi.read.grid import Grid
from healthkpi.read.header import keys_of


class State(StrEnum):
    DONE = "done"
    IN_PROGRESS = "in_progress"
    NOT_STARTED = "not_started"
    NO_DATA = "no_data"


# An activity's state as a traffic light: in progress is amber, not started red.
STATUS_OF = {
    State.DONE: "pass",
    State.IN_PROGRESS: "near",
    State.NOT_STARTED: "fail",
    State.NO_DATA: "no_data",
}

_WORDS = {
    State.DONE: (
        "hoan thanh",
        "da hoan thanh",
        "hoan thanh 100",
        "xong",
        "da xong",
        "da thuc hien",
        "dat",
        "done",
        "completed",
        "complete",
        "finished",
        "yes",
        "co",
        "x",
        "v",
        "✓",
        "✔",
        "☑",
        "true",
    ),
    State.IN_PROGRESS: (
        "dang thuc hien",
        "dang trien khai",
        "dang lam",
        "dang tien hanh",
        "chua hoan thanh",
        "hoan thanh mot phan",
        "mot phan",
        "in progress",
        "ongoing",
        "started",
        "partly done",
        "partial",
    ),
    State.NOT_STARTED: (
        "chua thuc hien",
        "chua trien khai",
        "chua lam",
        "chua bat dau",
        "khong thuc hien",
        "chua",
        "not started",
        "not done",
        "no",
        "khong",
        "false",
        "✗",
        "☐",
    ),
}
_LOOKUP = {word: state for state, words in _WORDS.items() for word in words}
_PERCENT = re.compile(r"^(\d+(?:[.,]\d+)?)\s*%$")

ID_HEADERS = frozenset(
    {
        "ma hoat dong",
        "ma",
        "ma so",
        "ma hd",
        "id",
        "activity id",
        "activity",
        "hoat dong so",
        "so hoat dong",
    }
)
STATUS_HEADERS = frozenset(
    {
        "trang thai",
        "tinh trang",
        "tien do",
        "ket qua",
        "ket qua thuc hien",
        "muc do hoan thanh",
        "tinh hinh thuc hien",
        "trang thai thuc hien",
        "status",
        "progress",
        "state",
    }
)


def parse_state(cell: object) -> State | None:
    """The state a status cell says; None for text we do not recognise. Empty is NO_DATA."""
    if cell is None or (isinstance(cell, str) and not cell.strip()):
        return State.NO_DATA
    if isinstance(cell, bool):
        return State.DONE if cell else State.NOT_STARTED
    if isinstance(cell, int | float):
        return _state_of_share(float(cell) if cell <= 1 else float(cell) / 100)
    text = clean(cell_text(cell))
    if match := _PERCENT.match(text):
        return _state_of_share(float(match.group(1).replace(",", ".")) / 100)
    key = loose_key(text).strip(" .!:;")
    return _LOOKUP.get(key) or _LOOKUP.get(re.sub(r"[^\w✓✔☑✗☐ ]+", " ", key).strip())


def _state_of_share(share: float) -> State | None:
    if share >= 1:
        return State.DONE if share <= 1.0000001 else None
    if share <= 0:
        return State.NOT_STARTED if share == 0 else None
    return State.IN_PROGRESS


def activity_id(cell: object) -> str:
    return clean(cell_text(cell))


@dataclass(frozen=True)
class Reported:
    """What an activity sheet says of one activity."""

    id: str
    raw: str
    state: State | None  # None: the text is not a status we know
    where: str


def find_activity_sheet(grids: list[Grid]) -> tuple[Grid, int, int, int] | None:
    """The first sheet with an activity-id column and a status column: (grid, header row, id col, status col)."""
    for grid in grids:
        for r, row in enumerate(grid.rows[:30]):
            id_column = status_column = None
            for c, cell in enumerate(row):
                keys = [k.loose for k in keys_of(cell_text(cell))] if isinstance(cell, str) else []
                if id_column is None and any(k in ID_HEADERS for k in keys):
                    id_column = c
                elif status_column is None and any(k in STATUS_HEADERS for k in keys):
                    status_column = c
            if id_column is not None and status_column is not None:
                return grid, r, id_column, status_column
    return None


def read_reported(grid: Grid, header_row: int, id_column: int, status_column: int) -> list[Reported]:
    reported = []
    for r in range(header_row + 1, len(grid.rows)):
        row = grid.rows[r]
        ident = activity_id(row[id_column]) if id_column < len(row) else ""
        if not ident:
            continue
        cell = row[status_column] if status_column < len(row) else ""
        reported.append(
            Reported(
                ident,
                clean(cell_text(cell)),
                parse_state(cell),
                address(grid.name, r, status_column),
            )
        )
    return reported


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
        item = by_id.get(loose_key(activity.id))
        if item is None or item.state is None:
            state = State.NO_DATA
            if item is not None:
                issues.append(
                    Issue(
                        Level.WARNING,
                        Code.MISSING_VALUE,
                        item.where,
                        unit=activity.id,
                        template="unknown_status",
                        facts={"text": item.raw[:60], "id": activity.id},
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
            state = item.state
            if state is State.NO_DATA:
                issues.append(
                    Issue(
                        Level.WARNING,
                        Code.MISSING_VALUE,
                        item.where,
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
                item.raw if item else None,
                item.where if item else None,
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
