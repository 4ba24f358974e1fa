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

from healthkpi.base.errors import Invalid, PlanError, Problem, phrase_of
from healthkpi.base.messages import Phrase
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
            hint = Phrase("did_you_mean", (("close", close[0]),)) if close else ""
            facts = {"where": where, "named": named, "hint": hint}
            problems.append(Problem(str(path), row.number, "indicator", what="annex_no_indicator", facts=facts))
            continue
        if not unit:
            problems.append(Problem(str(path), row.number, "unit", what="annex_no_unit", facts={"where": where}))
            continue
        try:
            target = _target(raw, indicator.target)
        except ValueError as exc:  # Invalid, said by key
            facts = {"where": row.where("target"), "problem": phrase_of(exc)}
            problems.append(Problem(str(path), row.number, "target", what="annex_target", facts=facts))
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
            raise Invalid("target_empty")
        if text[0] in "<>=≥≤" or text.lower().startswith(("between", "từ", "tu ")):
            return parse_target(text)
        try:
            parsed = parse_number(text)
        except NotANumber:
            raise Invalid("not_a_target", text=text) from None
        if parsed is None:
            raise Invalid("target_empty")
        number = parsed
    if not isinstance(own, Comparison):
        raise Invalid("bare_number_needs_comparison")
    if not is_figure(number):
        raise Invalid("target_too_large", number=number)
    # As a plain decimal ("1e-05" → "0.00001"), bounded like a target the plan writes itself.
    text = str(int(number)) if number.is_integer() else format(Decimal(repr(number)), "f")
    problem = plan_number_problem(text)
    if problem is not None:
        raise problem
    return Comparison(own.op, text)
