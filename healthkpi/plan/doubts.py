"""Slips a valid plan can hold: percentages off by a hundred times (`healthkpi check` says them).

A plan can be valid and still score every unit wrong: an indicator shown in "%" that divides
without `per: 100` gives 0.96 where the source says 96 %, and a target written as a share
(">= 0.95") on an indicator per 100 is passed by every unit above 1 %. Neither is an error —
a ratio may be meant, a tiny percentage may be the target (HIV prevalence < 0.12 %) — so each
is said as a doubt, with the line to check, and the plan stays usable.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from healthkpi.plan.schema import Indicator, Plan
from healthkpi.plan.targets import Comparison

_PERCENT = ("%", "phần trăm", "percent")


@dataclass(frozen=True)
class Doubt:
    indicator: str
    key: str  # the message (base.messages UI), its facts below
    facts: dict[str, str]


def doubts(plan: Plan) -> list[Doubt]:
    """What may be a slip in the plan's indicators, in their order."""
    found = []
    for indicator in plan.indicators:
        percent = (indicator.unit or "").strip().casefold() in _PERCENT
        if percent and indicator.denominator is not None and indicator.per == 1:
            found.append(Doubt(indicator.id, "doubt_percent_per_1", {}))
        share = _share_target(indicator)
        if percent and indicator.per == 100 and share is not None and not _meant_small(indicator):
            found.append(Doubt(indicator.id, "doubt_share_target", {"target": share, "percent": _times_100(share)}))
    return found


def _share_target(indicator: Indicator) -> str | None:
    """The target's number when it reads as a share of one (0.95, 0.8): a `>=`/`>` target in (0.5, 1]."""
    target = indicator.target
    if isinstance(target, Comparison) and target.op in (">=", ">") and 0.5 < target.number <= 1:
        return target.text
    return None


def _meant_small(indicator: Indicator) -> bool:
    """Lower-is-better targets and prevalences are small percentages on purpose (< 0.12 %)."""
    target = indicator.target
    return isinstance(target, Comparison) and target.op in ("<", "<=")


def _times_100(text: str) -> str:
    value = Fraction(text) * 100
    return str(value.numerator) if value.denominator == 1 else f"{float(value):g}"
