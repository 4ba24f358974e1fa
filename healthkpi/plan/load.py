"""From a targets file to a `Plan`: YAML with line marks, `extends:`, every problem at once.

Loading collects every problem before raising one `PlanError`: pydantic's
structural errors, then the cross-field rules pydantic cannot see (names used
in expressions, duplicate ids, `by`/`baseline`). Each problem carries the
file, the line and the key. The side files a plan names (annex, hierarchy,
unit map) are located here and read by the read layer.
"""

from __future__ import annotations

import difflib
import re
import types
import typing
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ValidationError

from healthkpi.base.errors import PlanError, Problem
from healthkpi.base.periods import period_order
from healthkpi.plan import expr
from healthkpi.plan.bundled import bundled_path
from healthkpi.plan.schema import KEBAB, SNAKE, Plan, QualitySettings, WorkbookHints, applying
from healthkpi.plan.sidefiles import SIDE_FILE_KEYS, SideFile
from healthkpi.plan.yamlsource import Document, YamlSourceError, read_yaml

EXTENSION_KEYS = (*SIDE_FILE_KEYS, "workbook", "quality")  # what a plan that extends another may add
MAX_EXTENDS = 10  # a plan extending a plan extending …: far more than any province needs


def load_plan(path: str | Path) -> Plan:
    """Load and validate a targets file; raise PlanError listing every problem.

    A file may instead say `extends: <plan id or path>` and name its own
    `unit_targets:` annex: a province reusing a bundled plan with the targets
    it assigns to its districts. The side files are located (`Plan.side_files`),
    not read: `healthkpi.read.sidefiles.read_side_files` reads them.
    """
    return _load(Path(path), ())


def _load(path: Path, extending: tuple[Path, ...]) -> Plan:
    """`path`, loaded on behalf of the plans in `extending` (which extend it, innermost last)."""
    name = str(path)
    try:
        document = read_yaml(path)
    except YamlSourceError as exc:
        raise PlanError([Problem(name, exc.line, "", str(exc))]) from None
    if isinstance(document.data, dict) and "extends" in document.data:
        plan = _extended(document, path, extending)
    else:
        plan = validate_plan(document, name)
    plan._path = name
    # Side files are named relative to this file (an extending plan's own folder, for inherited
    # names too); the read layer reads them.
    plan._side_files = tuple(
        SideFile(key, path.parent / getattr(plan, key), name, document.line_of((key,)))
        for key in SIDE_FILE_KEYS
        if getattr(plan, key)
    )
    return plan


def _extended(document: Document, path: Path, extending: tuple[Path, ...]) -> Plan:
    name = str(path)
    data = document.data
    extra = sorted(set(data) - {"healthkpi", "extends", *EXTENSION_KEYS})
    if extra:
        raise PlanError(
            [
                Problem(
                    name,
                    document.line_of((extra[0],)),
                    extra[0],
                    "a plan that extends another may only add " + ", ".join(EXTENSION_KEYS),
                )
            ]
        )
    base_name = str(data["extends"])
    base_path = bundled_path(base_name) or (path.parent / base_name)
    if not base_path.is_file():
        raise PlanError(
            [Problem(name, document.line_of(("extends",)), "extends", f"no bundled plan or file {base_name!r}")]
        )
    chain = (*extending, path)
    if any(_same_plan(base_path, earlier) for earlier in chain):
        cycle = " → ".join(str(p) for p in (*chain, base_path))
        what = "extends itself" if _same_plan(base_path, path) else f"makes a circle of plans ({cycle})"
        raise PlanError([Problem(name, document.line_of(("extends",)), "extends", f"the plan {what}")])
    if len(chain) > MAX_EXTENDS:
        raise PlanError(
            [
                Problem(
                    name, document.line_of(("extends",)), "extends", f"more than {MAX_EXTENDS} plans extend each other"
                )
            ]
        )
    base = _load(base_path, chain)
    added = {key: data[key] for key in EXTENSION_KEYS if key in data}
    problems: list[Problem] = []
    for key, model in (("workbook", WorkbookHints), ("quality", QualitySettings)):
        if key in added:  # validated like the rest of a plan, with its lines
            try:
                added[key] = model.model_validate(added[key])
            except ValidationError as exc:
                problems += [_problem({**error, "loc": (key, *error["loc"])}, document, name) for error in exc.errors()]
    if problems:
        raise PlanError(problems)
    return base.model_copy(update=added)


def _same_plan(a: Path, b: Path) -> bool:
    try:
        return a.samefile(b)
    except OSError:
        return a.resolve() == b.resolve()


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
    if plan is not None:
        problems += _quality_problems(plan, document, name)
    if problems:
        problems.sort(key=lambda p: p.line or 0)
        raise PlanError(_unique(problems))
    assert plan is not None
    return plan


def _quality_problems(plan: Plan, document: Document, name: str) -> list[Problem]:
    """An indicator's thresholds over the plan's must still agree (its p_warning under the plan's p_info)."""
    problems = []
    for i, indicator in enumerate(plan.indicators):
        if indicator.quality is None:
            continue
        for check in ("outlier", "outlier_over_time", "implausible_sex_ratio"):
            try:
                applying(plan, check, indicator)
            except ValidationError as exc:
                path = ("indicators", i, "quality", check)
                message = "; ".join(str(e["msg"]).removeprefix("Value error, ") for e in exc.errors())
                problems.append(Problem(name, document.line_of(path), _key(path, document.data), message))
    return problems


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


def _mapping(value: object) -> dict[Any, Any]:
    return value if isinstance(value, dict) else {}


def _items(value: object) -> list[Any]:
    return value if isinstance(value, list) else []


def _cross_check(data: dict[str, Any]) -> list[tuple[tuple[Any, ...], str]]:
    """Problems pydantic cannot see, found on the raw data so they are reported
    even when other parts of the file fail validation."""
    problems: list[tuple[tuple[Any, ...], str]] = []
    variables = _mapping(data.get("variables"))
    constants = _mapping(data.get("constants"))
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

    indicators = _items(data.get("indicators"))
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
        problems += _constant_denominator(indicator.get("denominator"), ("indicators", i, "denominator"), constants)
        problems += _timing_problems(indicator, ("indicators", i))
        overrides = _items(indicator.get("overrides"))
        for k, override in enumerate(overrides):
            if isinstance(override, dict) and override.get("unit") is None and override.get("period") is None:
                problems.append((("indicators", i, "overrides", k), "an override needs a unit, a period or both"))

    activities = _items(data.get("activities"))
    seen_activities: set[str] = set()
    for i, activity in enumerate(activities):
        ident = str(activity.get("id")) if isinstance(activity, dict) and activity.get("id") is not None else None
        if ident in seen_activities:
            problems.append((("activities", i, "id"), f"activity id {ident!r} is used twice"))
        if ident:
            seen_activities.add(ident)

    checks = _items(data.get("checks"))
    first_at: dict[str, int] = {}
    repeats: dict[str, int] = {}
    for i, check in enumerate(checks):
        if isinstance(check, str):
            same = " ".join(check.split())
            if same in first_at:
                repeats[same] = repeats.get(same, 1) + 1
                continue  # its names were checked the first time
            first_at[same] = i
        problems += _unknown_names(check, ("checks", i), known, comparison=True, only=variables)
    for same, times in repeats.items():  # one problem per repeated check, however often it repeats
        problems.append(((("checks", first_at[same])), f"the check {same!r} is listed {times:,} times; list it once"))
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


def _constant_denominator(
    text: Any, path: tuple[Any, ...], constants: dict[str, Any]
) -> list[tuple[tuple[Any, ...], str]]:
    """A denominator with no variable in it is the same number for every unit, so the total row
    divides by it once per unit. For a number written in the formula that is the point ("1": one
    health centre per district, so the total is the mean), and explain says so; for a constant,
    which is a figure the plan states for its whole area, it would be 30 districts × the city's
    population, so it is refused with the two forms that total right."""
    if not isinstance(text, str):
        return []
    try:
        parsed = expr.parse(text)
    except expr.ExpressionError:
        return []  # already reported by the schema
    if not parsed.names or not all(name in constants for name in parsed.names):
        return []  # a variable in it (or an unknown name, reported as such)
    return [
        (
            path,
            f"the denominator {text!r} is made of constants and holds no variable, so the total row would divide by it once per unit "
            f"(units × {text}). If it is a figure for the whole area, divide by it in the numerator and leave "
            f"out the denominator (numerator: x / {text}); if each unit has its own, declare a variable the "
            "units report",
        )
    ]


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
    if by is not None and baseline is not None and period_order(str(baseline)) >= period_order(str(by)):
        problems.append(((*path, "baseline"), f"baseline {baseline!r} must come before by {by!r}"))
    if baseline is not None and isinstance(target, str) and target.strip().lower().startswith(("between", "từ", "tu ")):
        problems.append(
            (
                (*path, "baseline"),
                "an on-track line needs a comparison target such as '>= 70', not a range",
            )
        )
    return problems
