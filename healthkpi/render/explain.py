"""How each number was reached, for one unit or the total (`healthkpi explain`).

Pure: from a scorecard to an `Explanation` record — the cells read (with the
text as typed), the formula with the numbers put in, the exact value and the
value shown, the target that applied and where it came from, the band, the
status and a one-sentence reason. Rendering is done by the command.
"""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np
import pandas as pd

from healthkpi.base.display import format_number, short_number
from healthkpi.base.errors import UsageError
from healthkpi.base.messages import ui
from healthkpi.base.status import Status
from healthkpi.base.text import loose_key, unit_key
from healthkpi.plan.expr import Binary, Expression, Name, Negate, Node, Number
from healthkpi.plan.schema import Indicator
from healthkpi.plan.targets import Between, Comparison, Relative, Target
from healthkpi.read.columns import INPUT, KEY, PARENT, ROW, UNIT
from healthkpi.read.hierarchy import parent_name
from healthkpi.render.grid import cell_of, target_text
from healthkpi.scoring.engine import PARENTS, ExactValue, accumulated_rows, exact_values
from healthkpi.scoring.scorecard import Scorecard
from healthkpi.scoring.targetbook import TargetSpec


@dataclass
class CellRead:
    variable: str
    label: str
    where: str | None
    text: str | None  # the cell as typed, when it was text ("452.310")
    value: float | None


@dataclass
class IndicatorExplanation:
    indicator: str
    name: str
    period: str | None
    formula: str
    with_numbers: str
    cells: list[CellRead]
    numerator: float | None
    denominator: float | None
    value: float | None
    exact: str | None  # the exact value as a fraction or decimal
    shown: str
    target: str
    target_shown: str
    target_source: str
    clause: str | None
    band: str | None
    status: str
    reason: str
    line: float | None = None  # the on-track line the value was judged against, when it was
    flags: list[str] = field(default_factory=list)  # the codes of the issues on the data it rests on
    baseline: dict[str, Any] | None = None
    made_of: list[dict[str, Any]] = field(default_factory=list)  # old units rolled into this one
    units_counted: list[str] = field(default_factory=list)
    per_unit: str | None = None  # a total whose formula holds numbers or constants: each counted once per unit
    units_left_out: list[dict[str, str]] = field(default_factory=list)


@dataclass
class Explanation:
    unit: str
    is_total: bool
    plan: str
    indicators: list[IndicatorExplanation]
    is_parent: bool = False  # a parent (district, area): its units' subtotal, or its result with --level parent

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


TOTAL, PARENT_ROW, UNIT_ROW = "total", "parent", "unit"


def find_unit(card: Scorecard, wanted: str) -> tuple[str, bool]:
    """The unit as written in the data (or the total label), matching like every name does;
    whether it is the total."""
    name, kind = find_row(card, wanted)
    return name, kind == TOTAL


def find_row(card: Scorecard, wanted: str) -> tuple[str, str]:
    """The unit, parent or total `wanted` names, as results write it, and which of the three it is."""
    total = card.plan.plan.total_label or "Tổng cộng"
    if loose_key(wanted) in {loose_key(total), "total", "tong cong", "toan tinh"}:
        return total, TOTAL
    frame = card.data.frame
    names = dict(zip(frame[KEY].tolist(), frame[UNIT].tolist(), strict=True)) if card.level != PARENTS else {}
    parents = {unit_key(p): p for p in _parent_labels(card)}
    key = unit_key(wanted)
    if key in names:
        return names[key], UNIT_ROW
    if key in parents:
        return parents[key], PARENT_ROW
    loose = {loose_key(name): (name, UNIT_ROW) for name in names.values()}
    loose.update({loose_key(name): (name, PARENT_ROW) for name in parents.values() if loose_key(name) not in loose})
    if loose_key(wanted) in loose:
        return loose[loose_key(wanted)]
    # "an phu" for "Xã An Phú": analysts leave off the level word, and one match is unambiguous.
    bare = [found for key, found in loose.items() if _without_level(key) == _without_level(loose_key(wanted))]
    if len(bare) == 1:
        return bare[0]
    close = difflib.get_close_matches(loose_key(wanted), list(loose), n=5, cutoff=0.5)
    if close:
        raise UsageError(key="unknown_unit_close", unit=wanted, closest=", ".join(loose[c][0] for c in close))
    raise UsageError(key="unknown_unit", unit=wanted)


_LEVEL_WORDS = ("thi tran ", "thi xa ", "thanh pho ", "tp. ", "tp ", "xa ", "phuong ", "huyen ", "quan ")


def _without_level(key: str) -> str:
    for word in _LEVEL_WORDS:
        if key.startswith(word):
            return key[len(word) :]
    return key


def _parent_labels(card: Scorecard) -> list[str]:
    frame = card.results_frame if card.level == PARENTS else card.subtotals_frame
    return [] if frame is None else list(dict.fromkeys(str(u) for u in frame["unit"]))


def _frame_of(card: Scorecard, kind: str) -> pd.DataFrame:
    if kind == TOTAL:
        return card.totals_frame
    if kind == PARENT_ROW and card.level != PARENTS and card.subtotals_frame is not None:
        return card.subtotals_frame
    return card.results_frame


def explain(card: Scorecard, unit: str, indicator: str | None = None, lang: str = "vi") -> Explanation:
    name, kind = find_row(card, unit)
    aggregate = kind != UNIT_ROW  # a total or a parent: a ratio of sums over the units it counts
    plan = card.plan
    indicators = plan.indicators
    if indicator is not None:
        matches = [i for i in indicators if i.id == indicator or loose_key(i.name) == loose_key(indicator)]
        if not matches:
            close = difflib.get_close_matches(indicator, [i.id for i in indicators], n=3)
            if close:
                raise UsageError(
                    key="unknown_indicator_close", indicator=indicator, plan=plan.id, closest=", ".join(close)
                )
            raise UsageError(
                key="unknown_indicator", indicator=indicator, plan=plan.id, ids=_listed([i.id for i in indicators])
            )
        indicators = matches
    frame = _frame_of(card, kind)
    chosen = (
        frame[frame["unit"] == name] if aggregate else frame[[unit_key(u) == unit_key(name) for u in frame["unit"]]]
    )
    explained = []
    exact_value = exact_values(plan, card.data)
    summed = accumulated_rows(plan, card.data) if any(i.accumulate for i in plan.indicators) else None
    records: dict[str, list[dict[str, Any]]] = {}
    for record in chosen.to_dict("records"):
        records.setdefault(record["indicator"], []).append(record)
    for ind in indicators:
        for record in records.get(ind.id, ()):
            explanation = _explain_one(card, ind, record, aggregate, exact_value, lang)
            if summed is not None and ind.accumulate is not None and not aggregate:
                explanation = _year_to_date(card, ind, record, explanation, summed, lang)
            explained.append(explanation)
    return Explanation(name, kind == TOTAL, plan.id, explained, is_parent=kind == PARENT_ROW)


def _explain_one(
    card: Scorecard, ind: Indicator, record: dict[str, Any], is_total: bool, exact_value: ExactValue, lang: str
) -> IndicatorExplanation:
    data = card.data
    spec = record["spec"]
    names = list(ind.numerator.names) + (
        [n for n in ind.denominator.names if n not in ind.numerator.names] if ind.denominator else []
    )
    variables = [n for n in names if n in data.variables]
    cell = cell_of(ind, record, lang)
    counted: list[str] = []
    left_out: list[dict[str, str]] = []
    cells: list[CellRead] = []
    per_unit: str | None = None
    if is_total:
        exact_rows = list(record["_counted"] or ())  # the rows score added up: the same units, no recount
        chosen = set(exact_rows)
        for row in _rows_of_period(card, record["period"], record["unit"]):
            unit_name = data.frame[UNIT].iat[row]
            if row in chosen:
                counted.append(unit_name)
            else:
                left_out.append({"unit": unit_name, "why": _why_left_out(card, ind, record, row, variables, lang)})
        for unit_name in record.get("_absent") or ():  # a unit with no row in the period is left out too
            why = (
                ui("absent_from_period", lang, period=record["period"])
                if record["period"]
                else ui("absent_from_data", lang)
            )
            left_out.append({"unit": unit_name, "why": why})
        env = {v: float(data.frame[v].to_numpy()[exact_rows].sum()) for v in variables}
        per_unit = _counted_per_unit(card, ind, len(exact_rows), lang)
    else:
        row = int(record["_row"])
        env = {}
        for v in variables:
            value = float(data.frame[v].iat[row])
            info_input, sheet_row = int(data.frame[INPUT].iat[row]), int(data.frame[ROW].iat[row])
            cells.append(
                CellRead(v, card.plan.variables[v].label, data.cell(row, v), data.raw.get((info_input, sheet_row, v)),
                         value if np.isfinite(value) else None)
            )  # fmt: skip
            env[v] = value
        exact_rows = [row]
    env.update({k: float(v) for k, v in card.plan.constants.items()})
    exact = exact_value(ind, exact_rows)
    with_numbers = _sums(ind, record, lang) if per_unit is not None else _formula(ind, names=False, env=env, lang=lang)
    return IndicatorExplanation(
        indicator=ind.id,
        name=ind.label(lang),
        period=record["period"],
        formula=_formula(ind, names=True, env=env, lang=lang),
        with_numbers=with_numbers + (f" = {_exact_text(exact, lang)}" if exact is not None else ""),
        per_unit=per_unit,
        cells=cells,
        numerator=_number(record["numerator"]),
        denominator=_number(record["denominator"]),
        value=_number(record["value"]),
        exact=_exact_text(exact, lang) if exact is not None else None,
        shown=cell.text or "–",
        target=str(record["rule"]),  # what score judged it against: the same place every output takes it from
        target_shown=_target_shown(ind, record, lang),
        target_source=str(record["target_source"]),
        clause=ind.source,
        band=spec.near.shown(lang) if spec.near is not None else None,
        status=str(record["status"]),
        reason=_reason(ind, record, spec, cell.text, lang),
        line=_number(record.get("line")),
        flags=list(record.get("flags") or ()),
        baseline=_baseline(card, record, lang),
        made_of=_made_of(card, record["unit"], record["period"]) if not is_total else [],
        units_counted=counted,
        units_left_out=left_out,
    )


def _year_to_date(
    card: Scorecard,
    ind: Indicator,
    record: dict[str, Any],
    explanation: IndicatorExplanation,
    summed: Any,
    lang: str,
) -> IndicatorExplanation:
    """An accumulating indicator's unit result: every month's numerator cells since January, the
    denominator's cell of the period it comes from, and the sum as score made it."""
    found = summed(ind, int(record["_row"]))
    if found is None:
        return explanation
    pieces, figure = found
    data = card.data
    cells: list[CellRead] = []

    def read(row: int, names: Sequence[str]) -> None:
        for v in names:
            if v not in data.variables:
                continue
            value = float(data.frame[v].iat[row])
            info_input, sheet_row = int(data.frame[INPUT].iat[row]), int(data.frame[ROW].iat[row])
            label = f"{card.plan.variables[v].label} — {data.frame['period'].iat[row]}"
            cells.append(
                CellRead(v, label, data.cell(row, v), data.raw.get((info_input, sheet_row, v)),
                         value if np.isfinite(value) else None)
            )  # fmt: skip

    for row in pieces:
        read(row, ind.numerator.names)
    if ind.denominator is not None and figure >= 0:
        read(figure, ind.denominator.names)
    numerator, denominator = _number(record["numerator"]), _number(record["denominator"])
    shown = lambda v: "?" if v is None else short_number(v, lang)  # noqa: E731
    periods = data.frame["period"].to_numpy(dtype=object)
    text = f"{ui('year_to_date', lang)} {periods[pieces[0]]} … {periods[pieces[-1]]}: Σ {shown(numerator)}"
    text += f" / {shown(denominator)}"
    if ind.per != 1:
        text += f" × {format_number(ind.per, 0, lang)}"
    if explanation.exact is not None:
        text += f" = {explanation.exact}"
    return dataclasses.replace(explanation, cells=cells, with_numbers=text)


def _rows_of_period(card: Scorecard, period: str | None, label: str) -> list[int]:
    """The rows a total (or a parent's subtotal) could add up: its period's, and its parent's."""
    frame = card.data.frame
    periods = frame["period"].to_numpy(dtype=object)
    raw = None if period is None or (card.periods == [None]) else period
    rows = [i for i, p in enumerate(periods) if (p is None and raw is None) or p == raw]
    if label not in set(card.totals_frame["unit"]):
        parents = [parent_name(p) for p in frame[PARENT].to_numpy(dtype=object)]
        rows = [r for r in rows if parents[r] and unit_key(parents[r]) == unit_key(label)]
    return rows


def _why_left_out(
    card: Scorecard, ind: Indicator, record: dict[str, Any], row: int, variables: list[str], lang: str
) -> str:
    """Why score did not add this unit into the total: a missing value, one outside the valid
    range, or (on track, or against a baseline) no value for the baseline period."""
    frame = card.data.frame
    missing = [v for v in variables if not np.isfinite(frame[v].iat[row])]
    if missing:
        return ui("missing_short", lang, variables=", ".join(missing))
    unit, period = unit_key(frame[UNIT].iat[row]), record["period"]
    for result in card.results_frame[
        (card.results_frame["indicator"] == ind.id) & (card.results_frame["period"] == period)
    ].to_dict("records"):
        if unit_key(result["unit"]) == unit and result.get("note") is not None:
            return str(result["note"].text(lang))
    return ui("not_in_total", lang, period=record.get("baseline_period") or "")


def _counted_per_unit(card: Scorecard, ind: Indicator, units: int, lang: str) -> str | None:
    """A number or constant in a total's formula is counted once for each unit added up (the
    denominator "1" of a score is the number of units, so the total is their mean): say so, with
    the sums, since the formula with the summed variables put in would show something else."""
    expressions = [ind.numerator, *([ind.denominator] if ind.denominator is not None else [])]
    constants = [n for e in expressions for n in e.names if n in card.plan.constants]
    literal = any(isinstance(node, Number) for e in expressions for node in _nodes(e.root))
    if not constants and not literal:
        return None
    return ui("counted_per_unit", lang, n=units)


def _nodes(node: Node) -> list[Node]:
    if isinstance(node, Binary):
        return [node, *_nodes(node.left), *_nodes(node.right)]
    if isinstance(node, Negate):
        return [node, *_nodes(node.operand)]
    return [node]


def _sums(ind: Indicator, record: dict[str, Any], lang: str) -> str:
    """The total as score computed it: Σ numerator / Σ denominator (× per)."""
    numerator, denominator = _number(record["numerator"]), _number(record["denominator"])
    shown = lambda v: "?" if v is None else short_number(v, lang)  # noqa: E731
    text = f"Σ {shown(numerator)}"
    if ind.denominator is not None:
        text += f" / Σ {shown(denominator)}"
    if ind.per != 1:
        text += f" × {format_number(ind.per, 0, lang)}"
    return text


def _number(value: Any) -> float | None:
    if value is None:
        return None
    number = float(value)
    return number if np.isfinite(number) else None


def _exact_text(value: Fraction, lang: str) -> str:
    """36.5 as "36,5"; 1234/39500 as its decimal to 10 places and the fraction."""
    if value.denominator == 1 or (10**12 % value.denominator == 0):
        return format_number(float(value), _places(value), lang)
    return f"{format_number(float(value), 10, lang)}… (= {value.numerator}/{value.denominator})"


def _places(value: Fraction) -> int:
    places = 0
    while (value * 10**places).denominator != 1 and places < 12:
        places += 1
    return places


def _formula(ind: Indicator, *, names: bool, env: dict[str, float], lang: str) -> str:
    def show(expression: Expression) -> str:
        return _node(expression.root, names, env, lang)

    text = show(ind.numerator)
    if ind.denominator is not None:
        numerator = text if ind.numerator.is_single_name or not names else f"({text})"
        denominator = show(ind.denominator)
        if not ind.denominator.is_single_name and not isinstance(ind.denominator.root, Number):
            denominator = f"({denominator})"
        text = f"{numerator} / {denominator}"
    if ind.per != 1:
        text += f" × {format_number(ind.per, 0, lang)}"
    return text


def _node(node: Node, names: bool, env: dict[str, float], lang: str) -> str:
    if isinstance(node, Name):
        if names:
            return node.name
        value = env.get(node.name)
        return "?" if value is None or not np.isfinite(value) else format_number(value, _float_places(value), lang)
    if isinstance(node, Number):
        return node.text
    if isinstance(node, Negate):
        return f"-{_node(node.operand, names, env, lang)}"
    assert isinstance(node, Binary)
    left, right = (_node(n, names, env, lang) for n in (node.left, node.right))
    wrap = lambda n, t: f"({t})" if isinstance(n, Binary) else t  # noqa: E731
    return f"{wrap(node.left, left)} {node.op.replace('*', '×')} {wrap(node.right, right)}"


def _float_places(value: float) -> int:
    text = repr(float(value))
    return 0 if "e" in text or text.endswith(".0") else min(6, len(text.split(".")[1]))


def _spec_text(target: Target, lang: str) -> str:
    return target.describe(lang) if isinstance(target, Comparison) else str(target)


def _target_shown(ind: Indicator, record: dict[str, Any], lang: str) -> str:
    """The target as the plan writes it: the indicator's own (with its due period), an override's or
    the annex's, or for a total the plan's target for the whole."""
    rule, spec = record["rule"], record["spec"]
    if rule is spec.target and spec.own:
        return target_text(ind, lang)
    return _spec_text(rule, lang)


def _reason(ind: Indicator, record: dict[str, Any], spec: TargetSpec, shown: str, lang: str) -> str:
    status = str(record["status"])
    note = record.get("note")
    if status == Status.NO_DATA:
        return note.text(lang) if note is not None else ui("no_data", lang)  # the status word is shown beside it
    target = record["rule"]  # what the result was judged against (a total's own target too)
    if isinstance(target, Relative):
        return target.reason(shown, status, lang)
    if isinstance(target, Between):
        return target.reason(shown, status, _target_shown(ind, record, lang), lang)
    return target.reason(shown, status, _number(record.get("threshold")), spec.near, lang)


def _made_of(card: Scorecard, unit: str, period: str | None) -> list[dict[str, Any]]:
    """The old units (and shares) a unit map rolled into `unit` for `period`."""
    parts = card.data.composition.get((unit_key(unit), period), [])
    return [{"unit": old, "share": share} for old, share in parts]


def _baseline(card: Scorecard, record: dict[str, Any], lang: str) -> dict[str, Any] | None:
    period = record.get("baseline_period")
    if not period:
        return None
    return {
        "old_units": _made_of(card, record["unit"], period),
        "period": period,
        "value": _number(record.get("baseline_value")),
        "line": _number(record.get("threshold"))
        if record.get("change") is None or not np.isfinite(record.get("change") or np.nan)
        else None,
        "change": _number(record.get("change")),
    }


def _listed(ids: list[str], shown: int = 12) -> str:
    """The first ids, and how many more: a plan can have 80 indicators."""
    more = f" … (+{len(ids) - shown})" if len(ids) > shown else ""
    return ", ".join(ids[:shown]) + more
