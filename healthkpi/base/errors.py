"""What stops a run.

A missed target or a bad cell is not an exception: it is a result or a data
issue. Exceptions are for what makes scoring impossible — a broken plan, an
unreadable workbook, a bad call. The CLI catches only `HealthkpiError`, prints
its message and exits with code 2.
"""

from __future__ import annotations

from dataclasses import dataclass


class HealthkpiError(Exception):
    """Base of every error healthkpi raises on purpose."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a targets file, with the place it was found."""

    file: str
    line: int | None
    key: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        key = f" {self.key}:" if self.key else ""
        return f"{where}:{key} {self.message}"


class PlanError(HealthkpiError):
    """A targets file that cannot be used. Carries every problem found at once."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class WorkbookError(HealthkpiError):
    """A data file that cannot be read or holds nothing the plan can use."""


class UsageError(HealthkpiError):
    """A call that cannot be carried out as given (missing plan, bad option value)."""
