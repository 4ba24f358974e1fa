"""The annex of targets by unit ("Phụ lục giao chỉ tiêu"): a CSV or workbook beside the plan.

Columns `unit, indicator, period, target` (period optional), found like any
header — under title rows, in Vietnamese ("Đơn vị", "Chỉ tiêu", "Năm",
"Chỉ tiêu giao") or English — by the same tolerant reader as data workbooks.
A target may be a full form (">= 20", "between 30 and 40") or a bare number
("20", "36,5"), which takes the operator of the indicator's own target.
"""

from __future__ import annotations

import difflib
from decimal import Decimal
from pathlib import Path

from healthkpi.base.errors import PlanError, Problem
from healthkpi.base.numbers import NotANumber, is_figure, parse_number, plan_number_problem
from healthkpi.base.periods import normalise_period
from healthkpi.base.text import clean, loose_key
from healthkpi.plan.schema import Plan
from healthkpi.plan.sidefiles import AnnexEntry
from healthkpi.plan.targets import Comparison, Target, parse_target
from healthkpi.read.cells import cell_text
from healthkpi.read.formats import DEFAULT_MAX_SIZE
from healthkpi.read.tables import read_table

ROLES = {
    "unit": ("đơn vị", "tên đơn vị", "huyện", "xã", "xã phường", "địa phương", "unit", "district", "commune"),
    "indicator": ("chỉ tiêu", "mã chỉ tiêu", "tên chỉ tiêu", "indicator", "indicator id", "mã"),
    "period": ("năm", "kỳ", "kỳ báo cáo", "giai đoạn", "period", "year"),
    "target": ("chỉ tiêu giao", "mục tiêu", "mức giao", "kế hoạch giao", "giao", "target", "kế hoạch"),
}


def read_annex(
    path: Path, plan: Plan, plan_name: str, line: int | None, max_size: int = DEFAULT_MAX_SIZE
) -> list[AnnexEntry]:
    by_id = {i.id: i for i in plan.indicators}
    by_name = {loose_key(i.name): i for i in plan.indicators}
    entries = []
    problems = []
    for row in read_table(path, ROLES, {"unit", "indicator", "target"}, plan_name, line, "unit_targets", max_size):
        unit, named, raw = row.text("unit"), row.text("indicator"), row.values.get("target", "")
        if not named and (not unit or raw in ("", None)):
            continue  # notes and signatures
        where = row.place(path)
        indicator = by_id.get(named) or by_name.get(loose_key(named))
        if indicator is None:
            close = difflib.get_close_matches(named, list(by_id), n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            problems.append(
                Problem(str(path), row.number, "indicator", f"{where}: no indicator {named!r} in the plan{hint}")
            )
            continue
        if not unit:
            problems.append(Problem(str(path), row.number, "unit", f"{where}: the unit is empty"))
            continue
        try:
            target = _target(raw, indicator.target)
        except ValueError as exc:
            problems.append(Problem(str(path), row.number, "target", f"{row.where('target')}: {exc}"))
            continue
        period = normalise_period(row.values.get("period", "")) or None
        entries.append(AnnexEntry(unit, indicator.id, period, target, where))
    if problems:
        raise PlanError(problems)
    return entries


def _target(raw: object, own: Target) -> Target:
    """A full target form, or a bare number that takes the operator of the indicator's own target."""
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        number = float(raw)
    else:
        text = clean(cell_text(raw))
        if not text:
            raise ValueError("the target is empty")
        if text[0] in "<>=≥≤" or text.lower().startswith(("between", "từ", "tu ")):
            return parse_target(text)
        try:
            parsed = parse_number(text)
        except NotANumber:
            raise ValueError(f"{text!r} is not a target: write a number or a comparison such as '>= 20'") from None
        if parsed is None:
            raise ValueError("the target is empty")
        number = parsed
    if not isinstance(own, Comparison):
        raise ValueError("a bare number needs an indicator whose own target is a comparison; write the full target")
    if not is_figure(number):
        raise ValueError(f"{number!r} is too large to be a target (beyond 10^15)")
    # As a plain decimal ("1e-05" → "0.00001"), bounded like a target the plan writes itself.
    text = str(int(number)) if number.is_integer() else format(Decimal(repr(number)), "f")
    problem = plan_number_problem(text)
    if problem is not None:
        raise ValueError(problem)
    return Comparison(own.op, text)
