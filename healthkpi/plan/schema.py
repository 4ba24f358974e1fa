"""Targets files (DESIGN §3): the pydantic schema and `load_plan`.

Loading collects every problem before raising one `PlanError`: pydantic's
structural errors, then the cross-field rules pydantic cannot see (names used
in expressions, duplicate ids, `by`/`baseline`). Each problem carries the
file, the line and the key.
"""

from __future__ import annotations

import difflib
import re
import types
import typing
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainValidator,
    PrivateAttr,
    ValidationError,
)

from healthkpi.base.errors import PlanError, Problem
from healthkpi.plan import expr
from healthkpi.plan.targets import (
    Band,
    Between,
    Comparison,
    Relative,
    Target,
    parse_band,
    parse_comparison,
    parse_target,
)
from healthkpi.plan.yamlsource import Document, YamlSourceError, read_yaml

SNAKE = r"^[a-z][a-z0-9_]*$"
KEBAB = r"^[a-z0-9]+(-[a-z0-9]+)*$"


def _period_text(value: Any) -> Any:
    """Periods are text; `2021` written without quotes means "2021"."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


def _expression(value: Any) -> expr.Expression:
    return expr.parse(value)


def _check_expression(value: Any) -> expr.Expression:
    parsed = expr.parse(value, allow_comparison=True)
    if not parsed.is_comparison:
        raise ValueError(f"a check must compare two sides, e.g. 'a <= b'; got {value!r}")
    return parsed


Period = Annotated[str, BeforeValidator(_period_text), Field(min_length=1, max_length=40)]
Text = Annotated[str, Field(min_length=1, max_length=2000)]
ExpressionField = Annotated[expr.Expression, PlainValidator(_expression)]
CheckField = Annotated[expr.Expression, PlainValidator(_check_expression)]
TargetField = Annotated[Target, PlainValidator(parse_target)]
ComparisonField = Annotated[Comparison | Between, PlainValidator(parse_comparison)]
BandField = Annotated[Band, PlainValidator(parse_band)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class PlanInfo(_Model):
    id: Annotated[str, Field(pattern=KEBAB, max_length=80)]
    title: Text
    title_en: Text | None = None
    issuer: Text | None = None
    document: Text | None = None
    period: Period | None = None
    level: Text | None = None
    total_label: Text | None = None


class Variable(_Model):
    label: Text
    label_en: Text | None = None
    aliases: list[Text] = []
    # counts are whole, non-negative numbers; values (scores, amounts) need not be
    kind: Literal["count", "value"] = "count"


class Override(_Model):
    """A target for one unit, one period or both ("Phụ lục giao chỉ tiêu", yearly steps)."""

    unit: Text | None = None
    period: Period | None = None
    target: TargetField
    near: BandField | None = None
    source: Text | None = None


class Indicator(_Model):
    id: Annotated[str, Field(pattern=SNAKE, max_length=80)]
    name: Text
    name_en: Text | None = None
    numerator: ExpressionField
    denominator: ExpressionField | None = None
    per: Annotated[float, Field(gt=0, allow_inf_nan=False)] = 1
    decimals: Annotated[int, Field(ge=0, le=6)] = 1
    unit: Text | None = None
    target: TargetField
    total_target: ComparisonField | None = None
    near: BandField | None = None
    by: Period | None = None
    baseline: Period | None = None
    source: Text | None = None
    group: Text | None = None
    note: Text | None = None
    overrides: list[Override] = []

    @property
    def is_percentage(self) -> bool:
        """A share in percent (per 100, unit "%" or none): its numerator is part of its denominator.

        A ratio per 100 with another unit ("bé trai/100 bé gái") is not."""
        return self.per == 100 and self.denominator is not None and (self.unit is None or "%" in self.unit)

    @property
    def is_count(self) -> bool:
        """No denominator: a plain value or count, totalled as a sum."""
        return self.denominator is None

    def label(self, lang: str) -> str:
        return (self.name_en or self.name) if lang == "en" else self.name


def _activity_id(value: Any) -> Any:
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


class Activity(_Model):
    """A focus activity ("hoạt động trọng tâm"); a workbook's activity sheet gives its status."""

    id: Annotated[str, BeforeValidator(_activity_id), Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$")]
    group: Text
    text: Text
    source: Text | None = None


class Plan(_Model):
    healthkpi: Literal[1]
    plan: PlanInfo
    variables: dict[str, Variable] = {}
    constants: dict[str, Annotated[float, Field(allow_inf_nan=False)]] = {}
    indicators: list[Indicator] = []
    checks: list[CheckField] = []
    activities: list[Activity] = []
    units: list[Text] = []  # units the plan expects data from (a missing one is a data issue)
    unit_targets: Text | None = None  # the annex: a CSV or workbook beside the plan
    hierarchy: Text | None = None  # a `unit, parent` table beside the plan
    unit_map: Text | None = None  # `old_unit, new_unit[, share][, from_period]` beside the plan

    _path: str | None = PrivateAttr(default=None)
    _annex: list[Any] = PrivateAttr(default_factory=list)
    _hierarchy: dict[str, str] = PrivateAttr(default_factory=dict)
    _unit_map: Any = PrivateAttr(default=None)

    @property
    def path(self) -> str | None:
        """The file the plan was loaded from."""
        return self._path

    @property
    def id(self) -> str:
        return self.plan.id

    @property
    def parents(self) -> dict[str, str]:
        """unit key → parent, from the plan's `hierarchy:` file."""
        return self._hierarchy

    @property
    def units_map(self) -> Any:
        """The plan's unit map (unitmap.UnitMap), or None."""
        return self._unit_map

    @property
    def annex(self) -> list[Any]:
        """Targets by unit and period from the `unit_targets` annex (annex.AnnexEntry records)."""
        return self._annex

    def title(self, lang: str = "vi") -> str:
        return (self.plan.title_en or self.plan.title) if lang == "en" else self.plan.title

    @property
    def used_variables(self) -> list[str]:
        """Variables the indicators and checks need, in order of first use."""
        names: dict[str, None] = {}
        for indicator in self.indicators:
            for expression in (indicator.numerator, indicator.denominator):
                if expression is not None:
                    names.update(dict.fromkeys(expression.names))
        for check in self.checks:
            names.update(dict.fromkeys(check.names))
        return [name for name in names if name in self.variables]

    def indicator(self, indicator_id: str) -> Indicator:
        for indicator in self.indicators:
            if indicator.id == indicator_id:
                return indicator
        raise KeyError(indicator_id)


def load_plan(path: str | Path) -> Plan:
    """Load and validate a targets file; raise PlanError listing every problem.

    A file may instead say `extends: <plan id or path>` and name its own
    `unit_targets:` annex: a province reusing a bundled plan with the targets
    it assigns to its districts.
    """
    path = Path(path)
    name = str(path)
    try:
        document = read_yaml(path)
    except YamlSourceError as exc:
        raise PlanError([Problem(name, exc.line, "", str(exc))]) from None
    if isinstance(document.data, dict) and "extends" in document.data:
        plan = _extended(document, path)
    else:
        plan = validate_plan(document, name)
    plan._path = name
    if plan.unit_targets:
        from healthkpi.read.annex import read_annex

        plan._annex = read_annex(path.parent / plan.unit_targets, plan, name, document.line_of(("unit_targets",)))
    if plan.hierarchy:
        from healthkpi.read.hierarchy import read_hierarchy

        plan._hierarchy = read_hierarchy(path.parent / plan.hierarchy, name, document.line_of(("hierarchy",)))
    if plan.unit_map:
        from healthkpi.read.unitmap import read_unit_map

        plan._unit_map = read_unit_map(path.parent / plan.unit_map, name, document.line_of(("unit_map",)))
    return plan


def _extended(document: Document, path: Path) -> Plan:
    name = str(path)
    data = document.data
    extra = sorted(set(data) - {"healthkpi", "extends", "unit_targets", "hierarchy", "unit_map"})
    if extra:
        raise PlanError(
            [
                Problem(
                    name,
                    document.line_of((extra[0],)),
                    extra[0],
                    "a plan that extends another may only add unit_targets, hierarchy and unit_map",
                )
            ]
        )
    base_name = str(data["extends"])
    from healthkpi.plan.bundled import bundled_path

    base_path = bundled_path(base_name) or (path.parent / base_name)
    if not base_path.is_file():
        raise PlanError(
            [Problem(name, document.line_of(("extends",)), "extends", f"no bundled plan or file {base_name!r}")]
        )
    base = load_plan(base_path)
    added = {key: data[key] for key in ("unit_targets", "hierarchy", "unit_map") if key in data}
    return base.model_copy(update=added)


def validate_plan(document: Document, name: str = "<plan>") -> Plan:
    problems = [
        Problem(name, line, _key(path, document.data), "duplicate key; each key may appear once")
        for path, line in document.duplicates
    ]
    data = document.data
    if not isinstance(data, dict):
        raise PlanError(
            [
                Problem(
                    name,
                    1,
                    "",
                    "expected a targets file: a mapping with healthkpi, plan and indicators",
                )
            ]
        )
    plan: Plan | None = None
    try:
        plan = Plan.model_validate(data)
    except ValidationError as exc:
        problems += [_problem(error, document, name) for error in exc.errors()]
    problems += [
        Problem(name, document.line_of(path), _key(path, data), message) for path, message in _cross_check(data)
    ]
    if problems:
        problems.sort(key=lambda p: p.line or 0)
        raise PlanError(_unique(problems))
    assert plan is not None
    return plan


def _unique(problems: list[Problem]) -> list[Problem]:
    return list(dict.fromkeys(problems))


# --- turning pydantic errors into problems people can act on -----------------


def _problem(error: Any, document: Document, name: str) -> Problem:
    loc = tuple(part for part in error["loc"] if not _is_union_tag(part))
    kind = error["type"]
    data = document.data
    if kind == "extra_forbidden":
        allowed = _allowed_keys(loc[:-1])
        close = difflib.get_close_matches(str(loc[-1]), allowed, n=1)
        hint = f"did you mean {close[0]!r}? " if close else ""
        message = f"unknown key; {hint}allowed keys: {', '.join(allowed)}"
    elif kind == "missing":
        message = f"required key {loc[-1]!r} is missing"
    elif kind == "literal_error" and loc == ("healthkpi",):
        message = f"expected 1, the schema version (healthkpi: 1); got {error['input']!r}"
    elif kind == "string_pattern_mismatch":
        pattern = error["ctx"]["pattern"]
        shape = "kebab-case, like thanh-hoa-2021" if pattern == KEBAB else "snake_case ASCII, like beds_per_10k"
        message = f"expected {shape}; got {error['input']!r}"
    else:
        message = str(error["msg"]).removeprefix("Value error, ")
    line = document.line_of(loc)
    return Problem(name, line, _key(loc, data), message)


def _is_union_tag(part: object) -> bool:
    # pydantic adds the member type's name to locations inside unions and
    # annotated validators; they are not keys of the file.
    return isinstance(part, str) and ("[" in part or part in {"function-plain", "function-before"})


def _key(loc: tuple[Any, ...], data: Any) -> str:
    """`indicators[beds_per_10k].target` — list items named by their id when they have one."""
    parts: list[str] = []
    node = data
    for part in loc:
        if isinstance(part, int):
            item = node[part] if isinstance(node, list) and 0 <= part < len(node) else None
            ident = item.get("id") if isinstance(item, dict) else None
            parts.append(f"[{ident}]" if isinstance(ident, str) and ident else f"[{part}]")
            node = item
        else:
            parts.append(("." if parts else "") + str(part))
            node = node.get(part) if isinstance(node, dict) else None
    return "".join(parts)


def _allowed_keys(parent: tuple[Any, ...]) -> list[str]:
    """The keys the schema allows under `parent` (for 'unknown key' messages)."""
    annotation: Any = Plan
    for part in parent:
        annotation = _step(annotation, part)
    model = _model_in(annotation)
    return list(model.model_fields) if model else []


def _step(annotation: Any, part: Any) -> Any:
    model = _model_in(annotation)
    if model is not None and isinstance(part, str) and part in model.model_fields:
        return model.model_fields[part].annotation
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is list and args:
        return args[0]
    if origin is dict and len(args) == 2:
        return args[1]
    if origin in (typing.Union, types.UnionType):
        for arg in args:
            if arg is not type(None):
                return _step(arg, part)
    if origin is Annotated:
        return _step(args[0], part)
    return None


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


# --- rules across fields -----------------------------------------------------


def _cross_check(data: dict[str, Any]) -> list[tuple[tuple[Any, ...], str]]:
    """Problems pydantic cannot see, found on the raw data so they are reported
    even when other parts of the file fail validation."""
    problems: list[tuple[tuple[Any, ...], str]] = []
    variables = data.get("variables") if isinstance(data.get("variables"), dict) else {}
    constants = data.get("constants") if isinstance(data.get("constants"), dict) else {}
    for name in variables:
        if not re.match(SNAKE, str(name)):
            problems.append(
                (
                    ("variables", name),
                    f"variable names are snake_case ASCII, like hospital_beds; got {name!r}",
                )
            )
    for name in constants:
        if not re.match(SNAKE, str(name)):
            problems.append((("constants", name), f"constant names are snake_case ASCII; got {name!r}"))
        if name in variables:
            problems.append((("constants", name), f"{name!r} is declared both as a variable and as a constant"))
    known = [*variables, *constants]
    if not data.get("indicators") and not data.get("activities"):
        problems.append((("indicators",), "a plan needs at least one indicator (or activities to track)"))

    indicators = data.get("indicators") if isinstance(data.get("indicators"), list) else []
    seen: dict[str, int] = {}
    for i, indicator in enumerate(indicators):
        if not isinstance(indicator, dict):
            continue
        ident = indicator.get("id")
        if isinstance(ident, str):
            if ident in seen:
                problems.append((("indicators", i, "id"), f"indicator id {ident!r} is used twice"))
            seen.setdefault(ident, i)
        for key in ("numerator", "denominator"):
            problems += _unknown_names(indicator.get(key), ("indicators", i, key), known)
        problems += _timing_problems(indicator, ("indicators", i))
        overrides = indicator.get("overrides") if isinstance(indicator.get("overrides"), list) else []
        for k, override in enumerate(overrides):
            if isinstance(override, dict) and override.get("unit") is None and override.get("period") is None:
                problems.append((("indicators", i, "overrides", k), "an override needs a unit, a period or both"))

    activities = data.get("activities") if isinstance(data.get("activities"), list) else []
    seen_activities: set[str] = set()
    for i, activity in enumerate(activities):
        ident = str(activity.get("id")) if isinstance(activity, dict) and activity.get("id") is not None else None
        if ident in seen_activities:
            problems.append((("activities", i, "id"), f"activity id {ident!r} is used twice"))
        if ident:
            seen_activities.add(ident)

    checks = data.get("checks") if isinstance(data.get("checks"), list) else []
    for i, check in enumerate(checks):
        problems += _unknown_names(check, ("checks", i), known, comparison=True, only=variables)
    return problems


def _unknown_names(
    text: Any,
    path: tuple[Any, ...],
    known: list[str],
    *,
    comparison: bool = False,
    only: dict[str, Any] | None = None,
) -> list[tuple[tuple[Any, ...], str]]:
    if not isinstance(text, str):
        return []
    try:
        parsed = expr.parse(text, allow_comparison=comparison)
    except expr.ExpressionError:
        return []  # already reported by the schema
    problems = []
    for name in parsed.names:
        if name not in known:
            close = difflib.get_close_matches(name, known, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            problems.append((path, f"unknown name {name!r}: declare it under variables: or constants:{hint}"))
    return problems


def _timing_problems(indicator: dict[str, Any], path: tuple[Any, ...]) -> list[tuple[tuple[Any, ...], str]]:
    by, baseline, target = indicator.get("by"), indicator.get("baseline"), indicator.get("target")
    problems: list[tuple[tuple[Any, ...], str]] = []
    if baseline is not None and by is None:
        problems.append(
            (
                (*path, "baseline"),
                'baseline needs by: the period the target is due, e.g. by: "2025"',
            )
        )
    if by is not None and isinstance(target, dict):
        problems.append(
            (
                (*path, "by"),
                "by/baseline work with comparison targets, not with relative (vs) targets",
            )
        )
    if by is not None and baseline is not None:
        from healthkpi.base.periods import period_order

        if period_order(str(baseline)) >= period_order(str(by)):
            problems.append(((*path, "baseline"), f"baseline {baseline!r} must come before by {by!r}"))
    if baseline is not None and isinstance(target, str) and target.strip().lower().startswith(("between", "từ", "tu ")):
        problems.append(
            (
                (*path, "baseline"),
                "an on-track line needs a comparison target such as '>= 70', not a range",
            )
        )
    return problems


__all__ = [
    "Between",
    "Comparison",
    "Indicator",
    "Plan",
    "PlanInfo",
    "Relative",
    "Variable",
    "load_plan",
]
