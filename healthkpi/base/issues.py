"""Data issues: problems in the data that do not stop a run (DESIGN §6).

An issue is a record, not an exception: a stable code, a level, the place
(`Số liệu!D7`), the unit and variable it concerns, and the facts needed to
say what is wrong. The sentence itself is produced per language by
`messages.issue_message`, so the same issue reads in Vietnamese or English.

A check over a national table can find hundreds of thousands at once; it
returns them as an `IssueBatch` — one code, level and sentence, a column for
what differs — and `Issues` holds singles and batches together: counted,
filtered and turned into columns (messages built in bulk) without making a
record per issue, and still read issue by issue where that is wanted.
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, overload

import numpy as np

from healthkpi.base.messages import Sentences, batch_messages, batch_sentences, issue_message, note_text


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

    @property
    def indicator(self) -> str | None:
        """The indicator an issue about a computed value concerns (None for an issue about cells)."""
        named = self.facts.get("indicator")
        return named if isinstance(named, str) else None


# The fields of an issue as columns, in output order (the JSON's and the Data issues sheet's).
FIELDS = ("level", "code", "where", "unit", "variable", "period", "message")


class Deferred(Sequence[Any]):
    """A column of a batch made when first read: a cell's address or a unit's name for each of
    400,000 issues costs a tenth of a second to make, which the JSON's two writers then make a half
    each, at once, instead of the scoring before them. Pickled as the list it makes."""

    __slots__ = ("_count", "_made", "_make")

    def __init__(self, count: int, make: Callable[[], list[Any]]) -> None:
        self._count = count
        self._make: Callable[[], list[Any]] | None = make
        self._made: list[Any] | None = None

    def made(self) -> list[Any]:
        if self._made is None:
            assert self._make is not None
            made = self._make()
            if len(made) != self._count:
                raise ValueError(f"a deferred column made {len(made)} entries for {self._count}")
            self._made, self._make = made, None
        return self._made

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, index: int) -> Any: ...
    @overload
    def __getitem__(self, index: slice) -> list[Any]: ...
    def __getitem__(self, index: int | slice) -> Any:
        return self.made()[index]

    def __iter__(self) -> Iterator[Any]:
        return iter(self.made())

    def __reduce__(self) -> tuple[type[list[Any]], tuple[list[Any]]]:
        return list, (self.made(),)


def as_list(values: Sequence[Any]) -> list[Any]:
    """`values` as a list: the very list where it is one (or a Deferred column's), else a copy."""
    if isinstance(values, list):
        return values
    return values.made() if isinstance(values, Deferred) else list(values)


@dataclass(frozen=True, eq=False)
class IssueBatch:
    """Issues of one kind found at once: the same level, code and sentence, and for the rest a column
    each — `where`, `unit`, `period` one entry per issue, `facts` a value for all or an array of one
    per issue. Messages are built for the whole batch at once (`messages.batch_messages`)."""

    level: Level
    code: Code
    template: str
    where: Sequence[str | None]
    unit: Sequence[str | None]
    period: Sequence[str | None]
    variable: str | None = None
    facts: dict[str, Any] = field(default_factory=dict)
    # the data rows (positions in the DataSet's frame) the issues are about, where the check knows
    # them: flags are then set without looking each unit and period up
    rows: np.ndarray | None = None

    def __len__(self) -> int:
        return len(self.unit)

    def issue(self, i: int) -> Issue:
        facts = {k: _item(v, i) for k, v in self.facts.items()}
        return Issue(
            self.level, self.code, self.where[i], self.unit[i], self.variable, self.period[i], self.template, facts
        )

    def __iter__(self) -> Iterator[Issue]:
        return (self.issue(i) for i in range(len(self)))

    def messages(self, lang: str) -> list[str]:
        return batch_messages(self, lang)

    def sentences(self, lang: str) -> Sentences:
        return batch_sentences(self, lang)

    def take(self, rows: np.ndarray) -> IssueBatch:
        """The issues at positions `rows`, as a batch."""
        pick = rows.tolist()
        facts = {k: (v[rows] if isinstance(v, np.ndarray) else v) for k, v in self.facts.items()}
        where, unit, period = as_list(self.where), as_list(self.unit), as_list(self.period)
        return IssueBatch(
            self.level, self.code, self.template, [where[i] for i in pick], [unit[i] for i in pick],
            [period[i] for i in pick], self.variable, facts, None if self.rows is None else self.rows[rows],
        )  # fmt: skip


def _item(value: Any, i: int) -> Any:
    if isinstance(value, np.ndarray):
        item = value[i]
        return item.item() if hasattr(item, "item") else item
    return value


Part = Issue | IssueBatch
LEVEL_ORDER = {Level.ERROR: 0, Level.WARNING: 1, Level.INFO: 2}


class Issues(Sequence[Issue]):
    """Every data issue of a run: single issues and batches, in the order they were found.

    Reads like a list of `Issue` (made on demand, once); `levels()`, `codes()`, `columns()` and
    `most_important()` work on batches as batches, so a national run's issues cost little."""

    def __init__(self, parts: Iterable[Part] = ()):
        self._parts: list[Part] = [p for p in parts if not (isinstance(p, IssueBatch) and not len(p))]
        self._list: list[Issue] | None = None

    @property
    def parts(self) -> list[Part]:
        return self._parts

    def __len__(self) -> int:
        return sum(1 if isinstance(p, Issue) else len(p) for p in self._parts)

    def __bool__(self) -> bool:
        return bool(self._parts)

    def __iter__(self) -> Iterator[Issue]:
        if self._list is not None:
            return iter(self._list)
        return itertools.chain.from_iterable([p] if isinstance(p, Issue) else p for p in self._parts)

    @overload
    def __getitem__(self, index: int) -> Issue: ...
    @overload
    def __getitem__(self, index: slice) -> list[Issue]: ...
    def __getitem__(self, index: int | slice) -> Issue | list[Issue]:
        if self._list is None:
            self._list = list(iter(self))
        return self._list[index]

    def __add__(self, other: Iterable[Part]) -> Issues:
        return Issues([*self._parts, *(other.parts if isinstance(other, Issues) else other)])

    def __radd__(self, other: Iterable[Part]) -> Issues:
        return Issues([*other, *self._parts])

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Issues | list | tuple):
            return list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Issues({len(self)} issues in {len(self._parts)} parts)"

    def levels(self) -> Counter[str]:
        """How many issues of each level."""
        counts: Counter[str] = Counter()
        for part in self._parts:
            counts[str(part.level)] += 1 if isinstance(part, Issue) else len(part)
        return counts

    def codes(self, by_level: bool = False) -> Counter[str]:
        """How many issues of each code (in the order codes are first found; errors' first, `by_level`)."""
        counts: Counter[str] = Counter()
        parts = sorted(self._parts, key=lambda p: LEVEL_ORDER[p.level]) if by_level else self._parts
        for part in parts:
            counts[str(part.code)] += 1 if isinstance(part, Issue) else len(part)
        return counts

    def at_levels(self, *levels: Level) -> Issues:
        return Issues(p for p in self._parts if p.level in levels)

    def first(self, n: int) -> list[Issue]:
        """The first `n` issues, in the order found."""
        return list(itertools.islice(iter(self), n))

    def most_important(self, n: int | None = None) -> list[Issue]:
        """Errors first, then warnings, then notes, each in the order found; the first `n`."""
        chosen: list[Issue] = []
        for level in LEVEL_ORDER:
            for part in self._parts:
                if part.level is not level:
                    continue
                room = None if n is None else n - len(chosen)
                if room is not None and room <= 0:
                    return chosen
                if isinstance(part, Issue):
                    chosen.append(part)
                else:
                    chosen += [part.issue(i) for i in range(len(part) if room is None else min(room, len(part)))]
        return chosen

    def touches(self) -> Iterator[tuple[Part, str | None, str | None, Any, Any]]:
        """(part, unit, period, indicator named, variables named) of every issue, in order: what an
        issue is about, read column by column from batches without making an issue each."""
        for part in self._parts:
            if isinstance(part, Issue):
                yield part, part.unit, part.period, part.facts.get("indicator"), part.facts.get("variables", ())
                continue
            named, touched = part.facts.get("indicator"), part.facts.get("variables", ())
            if not isinstance(named, np.ndarray) and not isinstance(touched, np.ndarray):
                for unit, period in zip(part.unit, part.period, strict=True):
                    yield part, unit, period, named, touched
                continue
            for i, (unit, period) in enumerate(zip(part.unit, part.period, strict=True)):
                yield part, unit, period, _item(named, i), _item(touched, i)

    def columns(self, lang: str = "vi") -> dict[str, list[Any]]:
        """FIELDS as columns, one entry per issue in order; batches' messages built in bulk."""
        out: dict[str, list[Any]] = {name: [] for name in FIELDS}
        for chunk in self.chunks(lang):
            for name in FIELDS:
                out[name] += chunk[name]
        return out

    def chunks(self, lang: str = "vi", size: int = 50_000) -> Iterator[dict[str, list[Any]]]:
        """FIELDS as columns, `size` issues at a time (or fewer), in order: memory stays flat."""
        return (make() for _n, make in self.chunk_makers(lang, size))

    def chunk_makers(
        self, lang: str = "vi", size: int = 50_000, sentences: bool = False
    ) -> Iterator[tuple[int, Callable[[], Columns]]]:
        """`chunks` not yet made: how many issues each holds, and what makes it (its messages are
        built then), so that chunks can be made in any order, or by another process. With
        `sentences`, a batch's messages are left as their pieces (`messages.Sentences`), and its
        `where` and `unit` are the lists the pieces hold (for render/jsonlines.py's `composed`)."""
        singles: list[Issue] = []
        for part in self._parts:
            if isinstance(part, Issue):
                singles.append(part)
                if len(singles) >= size:
                    yield len(singles), functools.partial(_singles, singles, lang)
                    singles = []
                continue
            if singles:
                yield len(singles), functools.partial(_singles, singles, lang)
                singles = []
            for start in range(0, len(part), size):
                piece = part if len(part) <= size else part.take(np.arange(start, min(start + size, len(part))))
                yield len(piece), functools.partial(_batch_columns, piece, lang, sentences)
        if singles:
            yield len(singles), functools.partial(_singles, singles, lang)


# A chunk's fields as columns; a batch's "message" is its Sentences where they were asked for.
Columns = dict[str, Any]


def _batch_columns(batch: IssueBatch, lang: str, sentences: bool = False) -> Columns:
    n = len(batch)
    if sentences:  # the lists the sentences hold, not copies: encoded once
        where, unit = as_list(batch.where), as_list(batch.unit)
        batch = dataclasses.replace(batch, where=where, unit=unit)
    else:
        where, unit = list(batch.where), list(batch.unit)
    return {
        "level": [str(batch.level)] * n,
        "code": [str(batch.code)] * n,
        "where": where,
        "unit": unit,
        "variable": [batch.variable] * n,
        "period": list(batch.period),
        "message": batch.sentences(lang) if sentences else batch.messages(lang),
    }


def _singles(issues: list[Issue], lang: str) -> Columns:
    rows = [issue.as_dict(lang) for issue in issues]
    return {name: [row[name] for row in rows] for name in FIELDS}


@dataclass(frozen=True)
class Note:
    """Why a result is what it is, when that needs saying (missing inputs, zero denominator…)."""

    key: str
    facts: tuple[tuple[str, Any], ...] = ()

    def text(self, lang: str = "vi") -> str:
        return note_text(self, lang)
