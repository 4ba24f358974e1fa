"""What a plan's side files hold, as data: the annex of targets by unit, and the unit map.

The files themselves (CSV or workbooks beside the plan) are read by the read layer
(`healthkpi.read.sidefiles`), through the same sandbox and limits as data; this
module only says what they become.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

from healthkpi.base.text import unit_key
from healthkpi.plan.targets import Target

SIDE_FILE_KEYS = ("unit_targets", "hierarchy", "unit_map", "actions")


@dataclass(frozen=True)
class SideFile:
    """A side file a plan names: where it is, and the plan's line that names it (for messages)."""

    key: str  # unit_targets, hierarchy, unit_map or actions
    path: Path
    plan: str  # the plan file that names it
    line: int | None


@dataclass(frozen=True)
class AnnexEntry:
    """One row of the annex ("Phụ lục giao chỉ tiêu"): a unit's own target for an indicator."""

    unit: str
    indicator: str
    period: str | None
    target: Target
    where: str  # "annex.xlsx row 7"


@dataclass(frozen=True)
class MapEntry:
    """One row of a unit map: (a share of) an old unit rolled into a new one."""

    old: str
    new: str
    share: Fraction
    from_period: str | None
    where: str


@dataclass
class UnitMap:
    entries: list[MapEntry]
    path: str
    by_old: dict[str, list[MapEntry]] = field(default_factory=dict)
    new_keys: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        for entry in self.entries:
            self.by_old.setdefault(unit_key(entry.old), []).append(entry)
            self.new_keys.add(unit_key(entry.new))


ACTION_STATES = ("open", "in_progress", "done", "cancelled")


@dataclass(frozen=True)
class ActionEntry:
    """One row of the actions file: what was agreed at a review for a unit's indicator."""

    unit: str
    indicator: str  # the indicator's id
    action: str
    owner: str
    due: dt.date | None
    status: str  # one of ACTION_STATES
    where: str  # "actions.xlsx row 7"

    @property
    def is_open(self) -> bool:
        return self.status in ("open", "in_progress")

    def overdue(self, today: dt.date) -> bool:
        """Still open after its due date."""
        return self.is_open and self.due is not None and self.due < today
