"""Data issues: problems in the data that do not stop a run (DESIGN §6).

An issue is a record, not an exception: a stable code, a level, the place
(`Số liệu!D7`), the unit and variable it concerns, and the facts needed to
say what is wrong. The sentence itself is produced per language by
`messages.issue_message`, so the same issue reads in Vietnamese or English.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from healthkpi.base.messages import issue_message, note_text


class Level(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class Code(StrEnum):
    """The fixed data-issue codes of DESIGN §6."""

    NOT_A_NUMBER = "not_a_number"
    MISSING_VALUE = "missing_value"
    MISSING_COLUMN = "missing_column"
    MISSING_UNIT = "missing_unit"
    MISSING_PERIOD = "missing_period"
    ZERO_DENOMINATOR = "zero_denominator"
    NEGATIVE_COUNT = "negative_count"
    NON_INTEGER_COUNT = "non_integer_count"
    OVER_100_PERCENT = "over_100_percent"
    IMPLAUSIBLE_SEX_RATIO = "implausible_sex_ratio"
    CHECK_FAILED = "check_failed"
    TOTAL_MISMATCH = "total_mismatch"
    OUTLIER = "outlier"
    OUTLIER_OVER_TIME = "outlier_over_time"
    DUPLICATE_UNIT = "duplicate_unit"
    SPELLING_VARIANT = "spelling_variant"
    UNIT_COLUMN_GUESSED = "unit_column_guessed"
    SHEET_SKIPPED = "sheet_skipped"


@dataclass(frozen=True)
class Issue:
    level: Level
    code: Code
    where: str | None
    unit: str | None = None
    variable: str | None = None
    period: str | None = None
    # which sentence to say (defaults to the code) and the facts it needs
    template: str | None = None
    facts: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def message(self, lang: str = "vi") -> str:
        return issue_message(self, lang)

    def as_dict(self, lang: str = "vi") -> dict[str, Any]:
        return {
            "level": str(self.level),
            "code": str(self.code),
            "where": self.where,
            "unit": self.unit,
            "variable": self.variable,
            "period": self.period,
            "message": self.message(lang),
        }


@dataclass(frozen=True)
class Note:
    """Why a result is what it is, when that needs saying (missing inputs, zero denominator…)."""

    key: str
    facts: tuple[tuple[str, Any], ...] = ()

    def text(self, lang: str = "vi") -> str:
        return note_text(self, lang)
