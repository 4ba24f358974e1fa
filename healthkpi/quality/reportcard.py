"""The data-quality report card: per check and indicator, how many units are flagged (issue 20).

WHO's Data Quality Review summarises each check as the share of reporting
units with a problem, per indicator; a national run can raise tens of
thousands of issues, which no one reads one by one, and this card is what
the terminal, the HTML report and the Excel scorecard show first. An issue
about a cell counts for every indicator that uses its variable; one about an
indicator's value for that indicator; one about the whole unit (a missing or
duplicate unit, a spelling) for no indicator (shown as "—"). Batches are read
column by column, so the card costs little on a national run.
"""

from __future__ import annotations

from dataclasses import dataclass

from healthkpi.base.issues import LEVEL_ORDER, Issues, Level
from healthkpi.base.text import unit_key
from healthkpi.plan.schema import Indicator, Plan

ABOUT_A_TOTAL_ROW = "total_mismatch"
ABOUT_AN_ABSENT_UNIT = "missing_unit"


@dataclass(frozen=True, slots=True)
class CardLine:
    code: str
    level: str  # the most serious level among its issues
    indicator: str | None  # None: about no one indicator (a unit's row, the form), or a cell none uses
    issues: int
    units: int  # units with at least one such issue
    of: int  # units in the data (for missing_unit: expected; 0 where no unit is named: total rows, a column)

    @property
    def share(self) -> float | None:
        """The share of the units flagged (None when there is no unit to count: total rows)."""
        return self.units / self.of if self.of else None


def variable_users(plan: Plan) -> dict[str, list[str]]:
    """Variable → the ids of the indicators that use it (numerator or denominator), in plan order."""
    using: dict[str, list[str]] = {}
    for indicator in plan.indicators:
        for name in indicator_names(indicator):
            using.setdefault(name, []).append(indicator.id)
    return using


def indicator_names(indicator: Indicator) -> list[str]:
    names = list(indicator.numerator.names)
    if indicator.denominator is not None:
        names += [n for n in indicator.denominator.names if n not in names]
    return names


def report_card(plan: Plan, issues: Issues, units: int) -> list[CardLine]:
    """One line per (code, indicator) found: errors' codes first, then warnings', then notes', each code
    in the order first found and its indicators in plan order. `units`: how many units the data holds."""
    using = variable_users(plan)
    order = {indicator.id: n for n, indicator in enumerate(plan.indicators)}
    counts: dict[tuple[str, str | None], int] = {}
    flagged: dict[tuple[str, str | None], set[str]] = {}
    worst: dict[str, Level] = {}
    keys: dict[str, str] = {}  # unit name → key: a batch names the same units again and again
    for part, unit, _period, named, variables in issues.touches():
        code = str(part.code)
        if code not in worst or LEVEL_ORDER[part.level] < LEVEL_ORDER[worst[code]]:
            worst[code] = part.level
        variable = part.variable
        touched = [*(variables or ()), *([variable] if variable else [])]
        if named is not None:
            indicators: list[str | None] = [named]
        else:
            indicators = list(dict.fromkeys(i for name in touched for i in using.get(name, ()))) or [None]
        key = None
        if unit is not None:
            key = keys.get(unit)
            if key is None:
                key = keys[unit] = unit_key(unit)
            if code == ABOUT_A_TOTAL_ROW:
                key = None  # the workbook's total or a subtotal row: no unit of the data is flagged
        for indicator in indicators:
            counts[(code, indicator)] = counts.get((code, indicator), 0) + 1
            if key is not None:
                flagged.setdefault((code, indicator), set()).add(key)
    codes = list(worst)  # first found first
    rank = {code: (LEVEL_ORDER[worst[code]], n) for n, code in enumerate(codes)}
    # A missing unit is not among the data's units: its share is of the units expected (those in the
    # data and those absent), as WHO's completeness is; a total row flags no unit, so it has no share.
    absent = len(set().union(*(keys for (code, _), keys in flagged.items() if code == ABOUT_AN_ABSENT_UNIT)))
    of = {ABOUT_AN_ABSENT_UNIT: units + absent, ABOUT_A_TOTAL_ROW: 0}
    # Issues that name no unit at all (a column missing from the sheet, the form's own) have no share
    # either: "0/3 units (0.0%)" beside them had read as a clean check.
    lines = [
        CardLine(code, str(worst[code]), indicator, n, len(units_of), of.get(code, units) if units_of else 0)
        for (code, indicator), n in counts.items()
        for units_of in [flagged.get((code, indicator), set())]
    ]
    return sorted(lines, key=lambda c: (rank[c.code], -1 if c.indicator is None else order.get(c.indicator, 0)))


__all__ = ["CardLine", "report_card", "variable_users"]
