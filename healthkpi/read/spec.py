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
    kinds: dict[str, str]  # variable → count or value: only counts add up
    units: tuple[str, ...] = ()  # the units the plan lists (a listed name with no figures is still a unit)
    period: str | None = None  # the plan's period: the year of a month written without one

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
            kinds={name: spec.kind for name, spec in plan.variables.items() if name in used},
            units=tuple(plan.units),
            period=plan.plan.period,
        )


@dataclass(frozen=True)
class ReadingHints:
    """Where the data sits, when the reader cannot tell alone (the plan's `workbook:`, or flags).

    Columns are named by a header text (matched like any header) or a letter ("C")."""

    sheets: tuple[str, ...] = ()  # names to read; ("*",): every sheet whose header matches
    header_row: int | None = None  # 1-based: the header's last line
    unit_column: str | None = None
    parent_column: str | None = None
    period_column: str | None = None

    @classmethod
    def of(cls, plan: Plan) -> ReadingHints:
        """The plan's own `workbook:` hints."""
        own = plan.workbook
        if own is None:
            return cls()
        return cls(own.sheets, own.header_row, own.unit_column, own.parent_column, own.period_column)

    def over(self, plan: ReadingHints) -> ReadingHints:
        """These hints where given, the plan's elsewhere (the command line wins over the plan)."""
        return ReadingHints(
            sheets=self.sheets or plan.sheets,
            header_row=self.header_row or plan.header_row,
            unit_column=self.unit_column or plan.unit_column,
            parent_column=self.parent_column or plan.parent_column,
            period_column=self.period_column or plan.period_column,
        )
