"""What stops a run.

A missed target or a bad cell is not an exception: it is a result or a data
issue. Exceptions are for what makes scoring impossible — a broken plan, an
unreadable workbook, a bad call. The CLI catches only `HealthkpiError`, prints
its message and exits with code 2.

An error may be raised by key (`UsageError(key="unknown_period", period=…)`):
its sentence then comes from the message catalogue in the reader's language,
and the settings it names are worded by whoever shows it — `period` from
Python, `--period` on the command line — so the core never speaks in flags.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from healthkpi.base.messages import error_message

# Settings an error may tell the user to change, by their Python names.
SETTINGS = (
    "plan",
    "period",
    "sheet",
    "level",
    "unit",
    "indicator",
    "group",
    "status",
    "max_size",
    "unit_map",
    "header_row",
    "unit_column",
    "parent_column",
    "period_column",
    "allow_partial",
)


class HealthkpiError(Exception):
    """Base of every error healthkpi raises on purpose."""

    def __init__(self, message: str = "", *, key: str | None = None, **facts: object):
        self.key = key
        self.facts = facts
        super().__init__(message if key is None else key)

    def __str__(self) -> str:
        # A keyed error is worded when shown: whoever raised it may add facts on the way up (the file).
        return self.render("en")

    def render(self, lang: str = "en", settings: Mapping[str, str] | None = None) -> str:
        """The message in `lang`, with each setting it names worded by `settings` (a flag, say)."""
        if self.key is None:
            return str(self.args[0]) if self.args else ""
        words = {f"setting_{name}": (settings or {}).get(name, name) for name in SETTINGS}
        return error_message(self.key, lang, {**words, **self.facts})

    def __reduce__(self) -> tuple[object, ...]:
        # Errors cross from the reading child to the parent by pickle: keep the key and facts
        # (an exception pickles only its args by default).
        return (_rebuild, (type(self), self.args, self.__dict__))


def _rebuild(cls: type[HealthkpiError], args: tuple[object, ...], state: dict[str, object]) -> HealthkpiError:
    error = cls.__new__(cls)
    Exception.__init__(error, *args)
    error.__dict__.update(state)
    return error


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
