"""Target forms and `near` bands: how they are written, and what meeting them means.

Every form reduces to conditions "metric OP edge". Scoring evaluates the
conditions on whole NumPy columns in floating point and re-evaluates, with
exact `Fraction`s, only the rows whose metric lies within a hair of an edge —
so a value that mathematically equals its target always meets it.

The condition builders below use nothing but arithmetic and comparison
operators, so the same code runs on arrays and on Fractions.
"""

from __future__ import annotations

import re
import reprlib
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Any, ClassVar, Literal

from healthkpi.base.compare import COMPARISONS
from healthkpi.base.display import format_number, short_number
from healthkpi.base.messages import ui
from healthkpi.base.numbers import plan_number_problem
from healthkpi.base.status import Status

Op = Literal[">=", ">", "<=", "<", "=="]
RelativeKind = Literal["change", "change_pct", "change_pct_per_year"]
RELATIVE_KINDS: tuple[RelativeKind, ...] = ("change", "change_pct", "change_pct_per_year")

_NUMBER = r"[+-]?(?:\d+(?:\.\d+)?|\.\d+)"
_COMPARISON = re.compile(rf"^(>=|<=|==|>|<|=)\s*({_NUMBER})\s*%?$")
_BETWEEN = re.compile(rf"^(?:between|từ|tu)\s+({_NUMBER})\s*%?\s+(?:and|đến|den|-)\s+({_NUMBER})\s*%?$", re.I)
_SYMBOLS = str.maketrans({"≥": ">=", "≤": "<=", "＞": ">", "＜": "<", "＝": "=", "\u2212": "-"})

_OPS: dict[str, Op] = {">=": ">=", "<=": "<=", "==": "==", "=": "==", ">": ">", "<": "<"}
_ON_THE_WAY: dict[Op, Op] = {">": ">=", "<": "<="}
SYMBOLS = {">=": "≥", "<=": "≤", ">": ">", "<": "<", "==": "="}
OPPOSITE = {">=": "<", ">": "≤", "<=": ">", "<": "≥", "==": "≠"}  # what a value that misses the target is

COMPARISON_HELP = (
    'expected a comparison such as ">= 36.5", "> 95", "<= 14.2", "< 0.12" or "== 100", '
    'or a range such as "between 30 and 40"'
)


@dataclass(frozen=True)
class Condition:
    """`metric OP edge` — one test a value must pass."""

    op: str
    edge: Any

    def holds(self, metric: Any) -> Any:
        return COMPARISONS[self.op](metric, self.edge)


@dataclass(frozen=True)
class Band:
    """The amber `near` band: a share of the target (`5%`) or an amount in the indicator's units."""

    amount: Fraction
    relative: bool
    text: str

    def width(self, edge: Any) -> Any:
        """The band's width around `edge`, in the arithmetic of `edge`."""
        if self.relative:
            return abs(edge) * _num(self.amount / 100, edge)
        return _num(self.amount, edge)

    def shown(self, lang: str) -> str:
        """As the plan writes it ("0.5", "2%"), with the decimal comma in Vietnamese."""
        return self.text if lang == "en" else self.text.replace(".", ",")

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class Marks:
    """Where a chart draws a target: its edges as lines, its near band as shaded intervals."""

    lines: tuple[float, ...]
    bands: tuple[tuple[float, float], ...]


def number_text(text: str, lang: str) -> str:
    """A number of a target as the plan wrote it, in the reader's convention ("36.5" → "36,5")."""
    decimals = len(text.split(".")[1]) if "." in text else 0
    return format_number(float(text), decimals, lang)


def _num(exact: Fraction, like: Any) -> Any:
    """`exact` in the arithmetic of `like`: a Fraction beside Fractions, a float beside floats."""
    return exact if isinstance(like, Fraction) else float(exact)


@dataclass(frozen=True)
class Comparison:
    """`>= 36.5` and friends. Direction (higher or lower is better) follows from `op`."""

    op: Op
    text: str  # the number as written, kept for display and exact arithmetic

    relative: ClassVar[bool] = False  # compared with the unit's own earlier value (Relative)
    is_range: ClassVar[bool] = False
    draws_line: ClassVar[bool] = True  # can be approached along an on-track line

    @property
    def number(self) -> Fraction:
        return Fraction(self.text)

    def describe(self, lang: str) -> str:
        """ "≥ 36,5" — the target as a reader writes it."""
        return f"{SYMBOLS[self.op]} {number_text(self.text, lang)}"

    def edges(self, threshold: float | None) -> list[tuple[str, float]]:
        """The conditions a shown value must keep telling the truth about (see display.honest_decimals):
        against `threshold`, the target itself or this period's on-track line."""
        return [] if threshold is None else [(self.op, threshold)]

    def line(self, base: Any, share: Fraction) -> Any:
        """The on-track line: from the unit's `base` value, `share` of the way to the target (in the
        arithmetic of `base`: NumPy floats for a column, Fractions for an exact check)."""
        if isinstance(base, Fraction):
            return base + (self.number - base) * share
        return base + (float(self.number) - base) * float(share)

    def marks(self, edge: float | None, band: Band | None) -> Marks:
        """Where a chart draws this target at `edge` (the target, or the unit's line)."""
        if edge is None or edge != edge or edge in (float("inf"), float("-inf")):
            return Marks((), ())
        if band is None:
            return Marks((edge,), ())
        width = float(band.width(edge))
        if self.op in (">=", ">"):
            return Marks((edge,), ((edge - width, edge),))
        if self.op in ("<=", "<"):
            return Marks((edge,), ((edge, edge + width),))
        return Marks((edge,), ((edge - width, edge + width),))

    def reason(self, shown: str, status: str, threshold: float | None, band: Band | None, lang: str) -> str:
        """ "31,2 < 36,5: không đạt" — one sentence on why `shown` has `status`."""
        word = ui(status, lang).lower()
        rule: Comparison = self
        if threshold is None or threshold == float(self.number):
            edge = number_text(self.text, lang)  # the target as the plan writes it
        else:
            edge = short_number(threshold, lang)  # an on-track line for this period
            rule = self.on_the_way()
        relation = rule.op if status == Status.PASS else OPPOSITE[rule.op]
        sentence = f"{shown} {SYMBOLS.get(relation, relation)} {edge}: {word}"
        if status == Status.NEAR and band is not None:
            sentence += f" ({ui('within_band', lang, band=band.shown(lang))})"
        return sentence

    @property
    def higher_is_better(self) -> bool | None:
        return {">": True, ">=": True, "<": False, "<=": False}.get(self.op)

    def on_the_way(self) -> Comparison:
        """The rule for an on-track line before the target is due: reaching the line is on
        track, so `> 95` becomes `>= line` (in the baseline period the line is the unit's own
        value, which a strict rule could never meet)."""
        return replace(self, op=_ON_THE_WAY.get(self.op, self.op))

    def conditions(self, threshold: Any, band: Band | None) -> tuple[list[Condition], list[Condition]]:
        """(conditions to pass, conditions to be near) against `threshold`."""
        passing = [Condition(self.op, threshold)]
        if band is None:
            return passing, []
        width = band.width(threshold)
        if self.op in (">=", ">"):
            return passing, [Condition(">=", threshold - width)]
        if self.op in ("<=", "<"):
            return passing, [Condition("<=", threshold + width)]
        return passing, [Condition(">=", threshold - width), Condition("<=", threshold + width)]

    def __str__(self) -> str:
        return f"{self.op} {self.text}"


@dataclass(frozen=True)
class Between:
    """An inclusive range; the band widens both edges."""

    low: str
    high: str

    relative: ClassVar[bool] = False
    is_range: ClassVar[bool] = True
    draws_line: ClassVar[bool] = False  # two edges: no single one to draw a line to
    higher_is_better: ClassVar[bool | None] = None

    def describe(self, lang: str) -> str:
        """ "30–40"."""
        return f"{number_text(self.low, lang)}–{number_text(self.high, lang)}"

    def edges(self, threshold: float | None) -> list[tuple[str, float]]:
        return [(">=", float(self.low)), ("<=", float(self.high))]

    def marks(self, edge: float | None, band: Band | None) -> Marks:
        low, high = float(self.low), float(self.high)
        if band is None:
            return Marks((low, high), ())
        return Marks((low, high), ((low - band.width(low), low), (high, high + band.width(high))))

    def reason(self, shown: str, status: str, described: str, lang: str) -> str:
        inside = ui("in_range", lang) if status == Status.PASS else ui("out_of_range", lang)
        return f"{shown} {inside} {described}: {ui(status, lang).lower()}"

    def conditions(self, threshold: Any, band: Band | None) -> tuple[list[Condition], list[Condition]]:
        low, high = _num(Fraction(self.low), threshold), _num(Fraction(self.high), threshold)
        passing = [Condition(">=", low), Condition("<=", high)]
        if band is None:
            return passing, []
        return passing, [
            Condition(">=", low - band.width(low)),
            Condition("<=", high + band.width(high)),
        ]

    def __str__(self) -> str:
        return f"between {self.low} and {self.high}"


@dataclass(frozen=True)
class Relative:
    """Change against the same unit's value in an earlier period (`vs`)."""

    vs: str
    kind: RelativeKind
    comparison: Comparison

    relative: ClassVar[bool] = True
    is_range: ClassVar[bool] = False
    draws_line: ClassVar[bool] = False

    @property
    def higher_is_better(self) -> bool | None:
        return self.comparison.higher_is_better

    @property
    def suffix(self) -> str:
        """ "%" after a relative change; nothing after an absolute one."""
        return "%" if self.kind != "change" else ""

    def describe(self, lang: str) -> str:
        """ "thay đổi % ≥ 5% so với 2020"."""
        comparison = self.comparison
        number = number_text(comparison.text, lang)
        return f"{ui(self.kind, lang)} {SYMBOLS[comparison.op]} {number}{self.suffix} {ui('vs', lang, vs=self.vs)}"

    def edges(self, threshold: float | None) -> list[tuple[str, float]]:
        """On the change that was compared, against the change the plan asks for."""
        return [(self.comparison.op, float(self.comparison.number))]

    def marks(self, edge: float | None, band: Band | None) -> Marks:
        return self.comparison.marks(float(self.comparison.number), band)

    def reason(self, shown: str, status: str, lang: str) -> str:
        comparison = self.comparison
        relation = comparison.op if status == Status.PASS else OPPOSITE[comparison.op]
        edge = number_text(comparison.text, lang) + self.suffix
        return f"{ui(self.kind, lang)} {shown} {SYMBOLS.get(relation, relation)} {edge}: {ui(status, lang).lower()}"

    def __str__(self) -> str:
        return f"{self.kind} {self.comparison} vs {self.vs}"


Target = Comparison | Between | Relative


def parse_comparison(raw: object) -> Comparison | Between:
    """Parse `">= 36.5"` or `"between 30 and 40"`; raise ValueError saying what was expected."""
    if isinstance(raw, bool) or not isinstance(raw, str | int | float):
        raise ValueError(f"{COMPARISON_HELP}; got {_show(raw)}")
    if isinstance(raw, int | float):
        raise ValueError(f'{COMPARISON_HELP}; got the bare number {raw} — write the comparison, for example ">= {raw}"')
    text = raw.translate(_SYMBOLS).strip()
    if "," in text:
        raise ValueError(f'{COMPARISON_HELP}; got {_show(raw)} — use "." as the decimal mark')
    if match := _COMPARISON.match(text):
        op, number = match.groups()
        return Comparison(_OPS[op], _bounded(_tidy(number)))
    if match := _BETWEEN.match(text):
        low, high = (_bounded(_tidy(n)) for n in match.groups())
        if Fraction(low) > Fraction(high):
            raise ValueError(f"range {_show(raw)} has its lower bound above its upper bound")
        return Between(low, high)
    hint = ""
    if text.startswith(("=>", "=<")):
        hint = f' — did you mean "{text[1]}= {text[2:].strip()}"?'
    raise ValueError(f"{COMPARISON_HELP}; got {_show(raw)}{hint}")


def parse_target(raw: object) -> Target:
    """Any target form of the schema (DESIGN §3)."""
    if isinstance(raw, dict):
        return _parse_relative(raw)
    return parse_comparison(raw)


def _parse_relative(raw: dict[Any, Any]) -> Relative:
    allowed = {"vs", *RELATIVE_KINDS}
    unknown = sorted(str(k) for k in raw if k not in allowed)
    if unknown:
        raise ValueError(
            f"unknown key {unknown[0]!r} in a relative target; allowed keys: vs, " + ", ".join(RELATIVE_KINDS)
        )
    if "vs" not in raw or raw["vs"] in (None, ""):
        raise ValueError('a relative target needs "vs", the period to compare with, e.g. vs: "2020"')
    kinds = [k for k in RELATIVE_KINDS if k in raw]
    if len(kinds) != 1:
        raise ValueError(
            "a relative target needs exactly one of change, change_pct, change_pct_per_year "
            f'next to vs, e.g. {{vs: "2020", change_pct: ">= 5"}}; got {len(kinds)}'
        )
    kind = kinds[0]
    comparison = parse_comparison(raw[kind])
    if not isinstance(comparison, Comparison):
        raise ValueError(f'{kind} takes a comparison such as ">= 5", not a range')
    return Relative(str(raw["vs"]).strip(), kind, comparison)


def parse_band(raw: object) -> Band:
    """`5%` (a share of the target) or `0.5` (in the indicator's units)."""
    if isinstance(raw, bool) or not isinstance(raw, str | int | float):
        raise ValueError(f'expected a band such as "5%" or 0.5; got {_show(raw)}')
    text = str(raw).strip()
    relative = text.endswith("%")
    number = text[:-1].strip() if relative else text
    if not re.fullmatch(_NUMBER, number) or number.startswith("-"):
        raise ValueError(f'expected a band such as "5%" or 0.5 (not negative); got {_show(raw)}')
    _bounded(number)
    return Band(Fraction(number), relative, f"{_tidy(number)}%" if relative else _tidy(number))


def _tidy(number: str) -> str:
    """'+36.50' → '36.50'; keeps the digits as written otherwise."""
    return number[1:] if number.startswith("+") else number


def _bounded(number: str) -> str:
    """`number` when exact arithmetic and display can use it; else ValueError saying why (a target
    with 5,000 decimals, or 10^-5000)."""
    problem = plan_number_problem(number)
    if problem is not None:
        raise ValueError(problem)
    return number


_SHORT = reprlib.Repr()
_SHORT.maxstring = _SHORT.maxother = 60
_SHORT.maxlist = _SHORT.maxdict = 4
_SHORT.maxlevel = 2


def _show(raw: object) -> str:
    """A short repr that stays cheap even for a huge (alias-bomb) value."""
    return _SHORT.repr(raw)
