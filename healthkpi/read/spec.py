"""What reading a workbook needs to know of a plan — and nothing more, so the reading child
(sandbox.py) receives a small record and needs neither pydantic nor pandas."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from healthkpi.plan.schema import Plan


@dataclass(frozen=True)
class VariableNames:
    """The names a variable's column may have."""

    label: str
    label_en: str | None
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class ReadingSpec:
    id: str
    used_variables: list[str]  # those the indicators and checks need, in order of first use
    variables: dict[str, VariableNames]
    total_label: str | None
    has_activities: bool

    @classmethod
    def of(cls, plan: Plan) -> ReadingSpec:
        used = plan.used_variables
        return cls(
            id=plan.id,
            used_variables=used,
            variables={
                name: VariableNames(spec.label, spec.label_en, tuple(spec.aliases))
                for name, spec in plan.variables.items()
                if name in used
            },
            total_label=plan.plan.total_label,
            has_activities=bool(plan.activities),
        )
