"""How each number was reached, for one unit or the total (`healthkpi explain`).

Pure: from a scorecard to an `Explanation` record — the cells read (with the
text as typed), the formula with the numbers put in, the exact value and the
value shown, the target that applied and where it came from, the band, the
status and a one-sentence reason. Rendering is done by the command.
"""

from __future__ import annotations

import difflib
from dataclasses import asdict, dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np

from healthkpi.base.display import format_number
from healthkpi.base.errors import UsageError
from healthkpi.base.messages import ui
from healthkpi.base.status import Status
from healthkpi.base.text import loose_key, unit_key
from healthkpi.plan.expr import Binary, Expression, Name, Negate, Node, Number
from healthkpi.plan.schema import Indicator
from healthkpi.plan.targets import Between, Comparison, Relative, Target
from healthkpi.read.columns import INPUT, KEY, ROW, UNIT
from healthkpi.render.grid import cell_of, target_text
from healthkpi.scoring.engine import exact_indicator_value
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
    baseline: dict[str, Any] | None = None
    made_of: list[dict[str, Any]] = field(default_factory=list)  # old units rolled into this one
    units_counted: list[str] = field(default_factory=list)
    units_left_out: list[dict[str, str]] = field(default_factory=list)


@dataclass
class Explanation:
    unit: str
    is_total: bool
    plan: str
    indicators: list[IndicatorExplanation]

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def find_unit(card: Scorecard, wanted: str) -> tuple[str, bool]:
    """The unit as written in the data (or the total label), matching like every name does."""
    total = card.plan.plan.total_label or "Tổng cộng"
    if loose_key(wanted) in {loose_key(total), "total", "tong cong", "toan tinh"}:
        return total, True
    frame = card.data.frame
    names = dict(zip(frame[KEY], frame[UNIT], strict=True))
    key = unit_key(wanted)
    if key in names:
        return names[key], False
    loose = {loose_key(name): name for name in names.values()}
    if loose_key(wanted) in loose:
        return loose[loose_key(wanted)], False
    # "an phu" for "Xã An Phú": analysts leave off the level word, and one match is unambiguous.
    bare = [name for key, name in loose.items() if _without_level(key) == _without_level(loose_key(wanted))]
    if len(bare) == 1:
        return bare[0], False
    close = difflib.get_close_matches(loose_key(wanted), list(loose), n=5, cutoff=0.5)
    if close:
        raise UsageError(key="unknown_unit_close", unit=wanted, closest=", ".join(loose[c] for c in close))
    raise UsageError(key="unknown_unit", unit=wanted)


_LEVEL_WORDS = ("thi tran ", "thi xa ", "thanh pho ", "tp. ", "tp ", "xa ", "phuong ", "huyen ", "quan ")


def _without_level(key: str) -> str:
    for word in _LEVEL_WORDS:
        if key.startswith(word):
            return key[len(word) :]
    return key


def explain(card: Scorecard, unit: str, indicator: str | None = None, lang: str = "vi") -> Explanation:
    name, is_total = find_unit(card, unit)
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
            raise UsageError(key="unknown_indicator", indicator=indicator, plan=plan.id)
        indicators = matches
    frame = card.totals_frame if is_total else card.results_frame
    chosen = frame[frame["unit"] == name] if is_total else frame[[unit_key(u) == unit_key(name) for u in frame["unit"]]]
    explained = []
    for ind in indicators:
        for record in chosen[chosen["indicator"] == ind.id].to_dict("records"):
            explained.append(_explain_one(card, ind, record, is_total, lang))
    return Explanation(name, is_total, plan.id, explained)


def _explain_one(
    card: Scorecard, ind: Indicator, record: dict[str, Any], is_total: bool, lang: str
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
    if is_total:
        exact_rows = []
        for row in _rows_of_period(card, record["period"]):
            missing = [v for v in variables if not np.isfinite(data.frame[v].iat[row])]
            unit_name = data.frame[UNIT].iat[row]
            if missing:
                left_out.append({"unit": unit_name, "why": ui("missing_short", lang, variables=", ".join(missing))})
            else:
                counted.append(unit_name)
                exact_rows.append(row)
        env = {v: float(sum(data.frame[v].iat[r] for r in exact_rows)) for v in variables}
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
    exact = exact_indicator_value(card.plan, data, ind, exact_rows)
    return IndicatorExplanation(
        indicator=ind.id,
        name=ind.label(lang),
        period=record["period"],
        formula=_formula(ind, names=True, env=env, lang=lang),
        with_numbers=_formula(ind, names=False, env=env, lang=lang)
        + (f" = {_exact_text(exact, lang)}" if exact is not None else ""),
        cells=cells,
        numerator=_number(record["numerator"]),
        denominator=_number(record["denominator"]),
        value=_number(record["value"]),
        exact=_exact_text(exact, lang) if exact is not None else None,
        shown=cell.text or "–",
        target=str(spec.target),
        target_shown=target_text(ind, lang) if spec.own else _spec_text(spec.target, lang),
        target_source=str(record["target_source"]),
        clause=ind.source,
        band=spec.near.shown(lang) if spec.near is not None else None,
        status=str(record["status"]),
        reason=_reason(ind, record, spec, cell.text, lang),
        baseline=_baseline(card, record, lang),
        made_of=_made_of(card, record["unit"], record["period"]) if not is_total else [],
        units_counted=counted,
        units_left_out=left_out,
    )


def _rows_of_period(card: Scorecard, period: str | None) -> list[int]:
    frame = card.data.frame
    periods = frame["period"].to_numpy(dtype=object)
    raw = None if period is None or (card.periods == [None]) else period
    return [i for i, p in enumerate(periods) if (p is None and raw is None) or p == raw]


def short_number(value: float, lang: str) -> str:
    """Up to four decimals, without trailing zeros: 30 → "30", 22.1666… → "22,1667"."""
    text = format_number(value, 4, lang)
    mark = "," if lang == "vi" else "."
    return text.rstrip("0").rstrip(mark) if mark in text else text


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
        if not ind.denominator.is_single_name:
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


def _reason(ind: Indicator, record: dict[str, Any], spec: TargetSpec, shown: str, lang: str) -> str:
    status = str(record["status"])
    note = record.get("note")
    if status == Status.NO_DATA:
        return note.text(lang) if note is not None else ui("no_data", lang)  # the status word is shown beside it
    target = spec.target
    if isinstance(target, Relative):
        return target.reason(shown, status, lang)
    if isinstance(target, Between):
        return target.reason(shown, status, target_text(ind, lang), lang)
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
