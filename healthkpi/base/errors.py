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

import errno
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from healthkpi.base.messages import Phrase, error_message

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


def phrase_of(error: Exception) -> Phrase | str:
    """An error as a piece of another message (`{problem}`), said in that message's language."""
    key = getattr(error, "key", None)
    if key is None:
        return str(error)
    facts: Mapping[str, Any] = getattr(error, "facts", {})
    return Phrase(key, tuple(facts.items()))


def _errnos(*names: str) -> list[int]:
    """The numbers of the named errno symbols this system has (EDQUOT, ESTALE are not everywhere)."""
    return [getattr(errno, name) for name in names if hasattr(errno, name)]


# Why the system refused, by errno symbol: each a sentence in the catalogue (base/messages_read.py).
_OS_REASONS: dict[int, str] = {
    number: key
    for key, names in {
        "os_permission": ("EACCES", "EPERM"),
        "os_not_found": ("ENOENT",),
        "os_no_space": ("ENOSPC",),
        "os_quota": ("EDQUOT",),
        "os_read_only": ("EROFS",),
        "os_name_too_long": ("ENAMETOOLONG",),
        "os_is_folder": ("EISDIR",),
        "os_not_folder": ("ENOTDIR",),
        "os_link_loop": ("ELOOP",),
        "os_exists": ("EEXIST",),
        "os_too_many_open": ("EMFILE", "ENFILE"),
        "os_io": ("EIO",),
        "os_busy": ("EBUSY",),
        "os_cross_device": ("EXDEV",),
        "os_too_big": ("EFBIG", "EOVERFLOW"),
        "os_no_memory": ("ENOMEM",),
        "os_try_again": ("EAGAIN", "EWOULDBLOCK"),
        "os_no_device": ("ENXIO", "ENODEV"),
        "os_network": ("ESTALE", "ENOTCONN", "ETIMEDOUT", "ECONNRESET", "EHOSTDOWN", "EHOSTUNREACH", "ENETDOWN"),
        "os_not_empty": ("ENOTEMPTY",),
        "os_text_busy": ("ETXTBSY",),
        "os_invalid": ("EINVAL",),
        "os_interrupted": ("EINTR",),
    }.items()
    for number in _errnos(*names)
}


def os_reason(exc: OSError) -> Phrase:
    """Why the system refused, in the reader's language. The system's own words are English: the
    Vietnamese sentence for an errno it does not know names only its symbol (EPROTO, say)."""
    key = _OS_REASONS.get(exc.errno or 0)
    if key is not None:
        return Phrase(key)
    symbol = errno.errorcode.get(exc.errno, f"errno {exc.errno}") if exc.errno else type(exc).__name__
    return Phrase("os_other", (("symbol", symbol), ("detail", exc.strerror or str(exc))))


def _rebuild(cls: type[HealthkpiError], args: tuple[object, ...], state: dict[str, object]) -> HealthkpiError:
    error = cls.__new__(cls)
    Exception.__init__(error, *args)
    error.__dict__.update(state)
    return error


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a targets file, with the place it was found.

    `what` names the sentence in the catalogue (`base.messages.ERRORS`) and `facts` fill it, so
    the problem is said in the reader's language (`render`); `message` is its English wording,
    kept for `str()` and for telling two problems apart.
    """

    file: str
    line: int | None
    key: str
    message: str = ""
    what: str | None = field(default=None, compare=False)
    facts: Mapping[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def __post_init__(self) -> None:
        if self.what is not None and not self.message:
            object.__setattr__(self, "message", error_message(self.what, "en", self.facts))

    def __str__(self) -> str:
        return self.render("en")

    def render(self, lang: str = "en", settings: Mapping[str, str] | None = None) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        key = f" {self.key}:" if self.key else ""
        words = {f"setting_{name}": (settings or {}).get(name, name) for name in SETTINGS}
        text = self.message if self.what is None else error_message(self.what, lang, {**words, **self.facts})
        return f"{where}:{key} {text}"


class PlanError(HealthkpiError):
    """A targets file that cannot be used. Carries every problem found at once."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))

    def render(self, lang: str = "en", settings: Mapping[str, str] | None = None) -> str:
        return "\n".join(p.render(lang, settings) for p in self.problems)


class Invalid(ValueError):
    """A value a validator refuses, said by catalogue key (pydantic keeps the exception, so the
    plan loader words it in the reader's language); `str()` is the English sentence."""

    def __init__(self, key: str, **facts: Any):
        self.key = key
        self.facts = facts
        super().__init__(error_message(key, "en", facts))

    def __reduce__(self) -> tuple[object, ...]:
        return (_invalid, (self.key, self.facts))


def _invalid(key: str, facts: dict[str, Any]) -> Invalid:
    return Invalid(key, **facts)


class WorkbookError(HealthkpiError):
    """A data file that cannot be read or holds nothing the plan can use."""


class UsageError(HealthkpiError):
    """A call that cannot be carried out as given (missing plan, bad option value)."""
