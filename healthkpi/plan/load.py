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
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ValidationError

from healthkpi.base.errors import Invalid, PlanError, Problem
from healthkpi.base.messages import Phrase
from healthkpi.base.periods import period_order
from healthkpi.plan import expr
from healthkpi.plan.bundled import bundled_path
from healthkpi.plan.schema import KEBAB, SNAKE, Indicator, Plan, QualitySettings, WorkbookHints, applying
from healthkpi.plan.sidefiles import SIDE_FILE_KEYS, SideFile
from healthkpi.plan.yamlsource import Document, YamlSourceError, parse_yaml, read_text

EXTENSION_KEYS = (*SIDE_FILE_KEYS, "workbook", "quality", "indicators")  # what a plan that extends another may add
MAX_EXTENDS = 10  # a plan extending a plan extending …: far more than any province needs


def load_plan(path: str | Path) -> Plan:
    """Load and validate a targets file; raise PlanError listing every problem.

    A file may instead say `extends: <plan id or path>` and name its own
    `unit_targets:` annex: a province reusing a bundled plan with the targets
    it assigns to its districts. The side files are located (`Plan.side_files`),
    not read: `healthkpi.read.sidefiles.read_side_files` reads them.
    """
    return _load(Path(path), ())


# Plans already validated, by name and text: a batch scores a thousand workbooks with one plan,
# and parsing and validating it again for each would cost more than scoring a district. The
# file is still read every time (it may have changed; it is an input of each job).
_VALIDATED: dict[tuple[str, str], Plan] = {}
_VALIDATED_KEPT = 16


def _load(path: Path, extending: tuple[Path, ...]) -> Plan:
    """`path`, loaded on behalf of the plans in `extending` (which extend it, innermost last)."""
    name = str(path)
    try:
        text = read_text(path)
        known = _VALIDATED.get((name, text))
        document = parse_yaml(text) if known is None else None
    except YamlSourceError as exc:
        raise PlanError([_yaml_problem(name, exc)]) from None
    if known is not None:
        return known.model_copy()  # its own side tables, set on the copy
    assert document is not None
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
    if "extends" not in document.data:  # an extending plan depends on another file's text too
        if len(_VALIDATED) >= _VALIDATED_KEPT:
            _VALIDATED.pop(next(iter(_VALIDATED)))
        _VALIDATED[(name, text)] = plan.model_copy()
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
                    what="extends_only_adds",
                    facts={"keys": ", ".join(EXTENSION_KEYS)},
                )
            ]
        )
    base_name = str(data["extends"])
    base_path = bundled_path(base_name) or (path.parent / base_name)
    if not base_path.is_file():
        raise PlanError(
            [
                Problem(
                    name, document.line_of(("extends",)), "extends", what="extends_not_found", facts={"name": base_name}
                )
            ]
        )
    chain = (*extending, path)
    if any(_same_plan(base_path, earlier) for earlier in chain):
        cycle = " → ".join(str(p) for p in (*chain, base_path))
        what = "extends_itself" if _same_plan(base_path, path) else "extends_circle"
        raise PlanError([Problem(name, document.line_of(("extends",)), "extends", what=what, facts={"cycle": cycle})])
    if len(chain) > MAX_EXTENDS:
        raise PlanError(
            [
                Problem(
                    name, document.line_of(("extends",)), "extends", what="extends_too_deep", facts={"n": MAX_EXTENDS}
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
    raw_indicators = base._raw_indicators
    if "indicators" in added:
        added["indicators"], raw_indicators = _extended_indicators(document, name, base, added["indicators"])
        added["checks"] = _checks_within(base, added["indicators"])
    plan = base.model_copy(update=added)
    plan._raw_indicators = raw_indicators
    return plan


def _extended_indicators(
    document: Document, name: str, base: Plan, raw: object
) -> tuple[list[Indicator], dict[str, dict[str, Any]]]:
    """The indicators a plan that extends another scores: each item with one of the base plan's
    ids is that indicator with the keys the item gives changed (null removes a key); an item
    with a new id is a new indicator. Only the listed indicators are scored."""
    if not isinstance(raw, list) or not raw:
        raise PlanError(
            [Problem(name, document.line_of(("indicators",)), "indicators", what="extends_indicators_list")]
        )
    problems: list[Problem] = []
    indicators: list[Indicator] = []
    raws: dict[str, dict[str, Any]] = {}
    known = [*base.variables, *base.constants]
    seen: set[str] = set()
    for i, item in enumerate(raw):
        path = ("indicators", i)
        if not isinstance(item, dict) or not isinstance(item.get("id"), str):
            problems.append(
                Problem(name, document.line_of(path), _key(path, document.data), what="extends_indicator_id")
            )
            continue
        ident = item["id"]
        if ident in seen:
            problems.append(
                Problem(
                    name,
                    document.line_of((*path, "id")),
                    _key((*path, "id"), document.data),
                    what="indicator_id_twice",
                    facts={"ident": ident},
                )
            )
        seen.add(ident)
        merged = {k: v for k, v in {**base._raw_indicators.get(ident, {}), **item}.items() if v is not None}
        found = [(p, m) for p, m in _indicator_problems(merged, path, known, dict(base.constants))]
        problems += [
            Problem(name, document.line_of(p), _key(p, document.data), what=m.key, facts=dict(m.facts))
            for p, m in found
        ]
        try:
            indicator = Indicator.model_validate(merged)
        except ValidationError as exc:
            for error in exc.errors():
                problems.append(_problem({**error, "loc": (*path, *error["loc"])}, document, name))
            continue
        indicators.append(indicator)
        raws[ident] = merged
    if problems:
        problems.sort(key=lambda p: p.line or 0)
        raise PlanError(_unique(problems))
    return indicators, raws


def _checks_within(base: Plan, indicators: list[Indicator]) -> list[expr.Expression]:
    """The base plan's consistency checks that stay meaningful: those over the variables the
    listed indicators use (a monthly form does not carry the yearly plan's other counts)."""
    used: set[str] = set()
    for indicator in indicators:
        for expression in (indicator.numerator, indicator.denominator):
            if expression is not None:
                used.update(expression.names)
    return [check for check in base.checks if set(check.names) <= used]


def _same_plan(a: Path, b: Path) -> bool:
    try:
        return a.samefile(b)
    except OSError:
        return a.resolve() == b.resolve()


def validate_plan(document: Document, name: str = "<plan>") -> Plan:
    problems = [
        Problem(name, line, _key(path, document.data), what="plan_duplicate_key") for path, line in document.duplicates
    ]
    data = document.data
    if not isinstance(data, dict):
        raise PlanError([Problem(name, 1, "", what="plan_not_mapping")])
    plan: Plan | None = None
    try:
        plan = Plan.model_validate(data)
    except ValidationError as exc:
        problems += [_problem(error, document, name) for error in exc.errors()]
    problems += [
        Problem(name, document.line_of(path), _key(path, data), what=said.key, facts=dict(said.facts))
        for path, said in [*_cross_check(data), *_thousands_in_per(document)]
    ]
    if plan is not None:
        problems += _quality_problems(plan, document, name)
    if problems:
        problems.sort(key=lambda p: p.line or 0)
        raise PlanError(_unique(problems))
    assert plan is not None
    plan._raw_indicators = {
        item["id"]: item
        for item in _items(data.get("indicators"))
        if isinstance(item, dict) and isinstance(item.get("id"), str)
    }
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


def _yaml_problem(name: str, exc: YamlSourceError) -> Problem:
    if exc.key is None:  # pragma: no cover — every refusal of the YAML reader has a key
        return Problem(name, exc.line, "", str(exc))
    return Problem(name, exc.line, "", what=exc.key, facts=exc.facts)


# pydantic's error types, as sentences of the catalogue (base.messages_plan) that take the value given.
_PLAIN_TYPES = {
    "string_type": "expected_text",
    "string_unicode": "expected_text",
    "string_sub_type": "expected_text",
    "float_type": "expected_number",
    "float_parsing": "expected_number",
    "finite_number": "expected_number",
    "decimal_type": "expected_number",
    "decimal_parsing": "expected_number",
    "complex_type": "expected_number",
    "complex_str_parsing": "expected_number",
    "fraction_type": "expected_number",
    "fraction_parsing": "expected_number",
    "int_type": "expected_integer",
    "int_parsing": "expected_integer",
    "int_from_float": "expected_integer",
    "int_parsing_size": "number_unreadably_long",
    "bool_type": "expected_yes_no",
    "bool_parsing": "expected_yes_no",
    "list_type": "expected_list",
    "tuple_type": "expected_list",
    "set_type": "expected_list",
    "frozen_set_type": "expected_list",
    "deque_type": "expected_list",
    "iterable_type": "expected_list",
    "iteration_error": "expected_list",
    "set_item_not_hashable": "expected_plain_items",
    "dict_type": "expected_mapping",
    "frozen_dict_type": "expected_mapping",
    "ordered_dict_type": "expected_mapping",
    "counter_type": "expected_mapping",
    "mapping_type": "expected_mapping",
    "model_type": "expected_mapping",
    "model_attributes_type": "expected_mapping",
    "dataclass_type": "expected_mapping",
    "dataclass_exact_type": "expected_mapping",
    "named_tuple_type": "expected_mapping",
    "arguments_type": "expected_mapping",
    "invalid_key": "expected_text_key",
    "string_not_ascii": "expected_ascii",
    "none_required": "expected_nothing",
    "recursion_loop": "value_refers_to_itself",
    "recursion_depth_exceeded": "value_too_deep",
    "date_type": "expected_date",
    "date_parsing": "expected_date",
    "date_from_datetime_parsing": "expected_date",
    "date_from_datetime_inexact": "expected_date",
    "datetime_type": "expected_date",
    "datetime_parsing": "expected_date",
    "datetime_from_date_parsing": "expected_date",
    "datetime_object_invalid": "expected_date",
}
_LIMITS = {
    "greater_than": ("not_above", "gt"),
    "greater_than_equal": ("not_at_least", "ge"),
    "less_than": ("not_below", "lt"),
    "less_than_equal": ("not_at_most", "le"),
    "multiple_of": ("not_multiple", "multiple_of"),
}
# What a key takes, from its annotation in the schema: for a refusal pydantic words otherwise.
_WANTS: tuple[tuple[type, str], ...] = (
    (bool, "want_yes_no"),
    (int, "want_integer"),
    (float, "want_number"),
    (str, "want_text"),
    (list, "want_list"),
    (tuple, "want_list"),
    (dict, "want_mapping"),
    (BaseModel, "want_mapping"),
)


def _problem(error: Any, document: Document, name: str) -> Problem:
    loc = tuple(part for part in error["loc"] if not _is_union_tag(part))
    what, facts = _said(error, loc)
    line = document.line_of(loc)
    return Problem(name, line, _key(loc, document.data), what=what, facts=facts)


def _said(error: Any, loc: tuple[Any, ...]) -> tuple[str, dict[str, Any]]:
    """The catalogue's sentence for one pydantic error, and its facts."""
    kind = error["type"]
    ctx = error.get("ctx") or {}
    given = _short(error.get("input"))
    if kind == "extra_forbidden":
        allowed = _allowed_keys(loc[:-1])
        close = difflib.get_close_matches(str(loc[-1]), allowed, n=1)
        hint = Phrase("key_hint", (("close", close[0]),)) if close else ""
        return "unknown_key", {"hint": hint, "allowed": ", ".join(allowed)}
    if kind == "missing":
        return "required_key", {"name": loc[-1] if loc else ""}
    if kind == "literal_error" and loc == ("healthkpi",):
        return "schema_version", {"given": given}
    if kind == "literal_error":
        return "expected_one_of", {"expected": ctx.get("expected", ""), "given": given}
    if kind == "string_pattern_mismatch":
        return ("expected_kebab" if ctx.get("pattern") == KEBAB else "expected_snake"), {"given": given}
    if kind == "value_error" and isinstance(ctx.get("error"), Invalid):
        invalid = ctx["error"]
        return invalid.key, dict(invalid.facts)
    if kind in _PLAIN_TYPES:
        return _PLAIN_TYPES[kind], {"given": given}
    if kind == "enum":
        return "expected_one_of", {"expected": ctx.get("expected", ""), "given": given}
    if kind == "union_tag_invalid":
        return "expected_one_of", {"expected": ctx.get("expected_tags", ""), "given": given}
    if kind == "union_tag_not_found":
        return "required_key", {"name": ctx.get("discriminator", "")}
    if kind in ("string_too_short", "too_short", "bytes_too_short"):
        return ("text_too_short" if kind == "string_too_short" else "too_few_items"), {"n": ctx.get("min_length", 1)}
    if kind in ("string_too_long", "too_long", "bytes_too_long", "url_too_long"):
        return ("text_too_long" if kind == "string_too_long" else "too_many_items"), {"n": ctx.get("max_length", "")}
    if kind in _LIMITS:
        key, bound = _LIMITS[kind]
        return key, {"limit": ctx.get(bound, ""), "given": given}
    # Anything else pydantic may say: the value and what the key takes; pydantic's own (English) words
    # for English readers only, and whoever maintains the schema.
    detail = str(error["msg"]).removeprefix("Value error, ")
    return "invalid_value", {"given": given, "wanted": Phrase(_wanted(loc)), "detail": detail}


def _wanted(loc: tuple[Any, ...]) -> str:
    """The catalogue's words for what the key at `loc` takes (`want_text`), from the schema."""
    annotation: Any = Plan
    for part in loc:
        annotation = _step(annotation, part)
    return _want(annotation) or "want_other"


def _want(annotation: Any) -> str | None:
    origin = typing.get_origin(annotation)
    if origin is Annotated or origin in (typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            if arg is not type(None) and (found := _want(arg)):
                return found
        return None
    if origin is Literal:
        return "want_one_of"
    for kind, key in _WANTS:
        if isinstance(origin or annotation, type) and issubclass(origin or annotation, kind):
            return key
    return None


def _short(value: Any) -> Any:
    """The value given, short enough for a message (a whole indicator pasted where a number goes)."""
    text = repr(value)
    return value if len(text) <= 60 else _Shown(text[:57] + "…")


class _Shown(str):
    def __repr__(self) -> str:
        return str(self)


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


def _p(key: str, **facts: Any) -> Phrase:
    """A problem's sentence, by its key in the catalogue (said in the reader's language)."""
    return Phrase(key, tuple(facts.items()))


def _mapping(value: object) -> dict[Any, Any]:
    return value if isinstance(value, dict) else {}


def _items(value: object) -> list[Any]:
    return value if isinstance(value, list) else []


# `per: 10.000` — ten thousand as written in Vietnamese — is 10 to YAML (and to Python, quoted):
# a rate per 10 where per 10,000 was meant, every unit a fail. No "per" has a fraction of three digits.
_THOUSANDS = re.compile(r"[1-9]\d{0,2}(?:\.\d{3})+")


def _thousands_in_per(document: Document) -> list[tuple[tuple[Any, ...], Phrase]]:
    """Every `per:` written with a thousands dot (`10.000`, `"100.000"`), which would be read as a fraction."""
    found = []
    for i, indicator in enumerate(_items(_mapping(document.data).get("indicators"))):
        if not isinstance(indicator, dict) or "per" not in indicator:
            continue
        path = ("indicators", i, "per")
        value = indicator["per"]
        text = value.strip() if isinstance(value, str) else document.number_texts.get(path, "")
        if _THOUSANDS.fullmatch(text):  # ("10,000" is no number at all: refused as such)
            meant = text.replace(".", "")
            found.append((path, _p("per_thousands", text=text, meant=meant)))
    return found


def _cross_check(data: dict[str, Any]) -> list[tuple[tuple[Any, ...], Phrase]]:
    """Problems pydantic cannot see, found on the raw data so they are reported
    even when other parts of the file fail validation."""
    problems: list[tuple[tuple[Any, ...], Phrase]] = []
    variables = _mapping(data.get("variables"))
    constants = _mapping(data.get("constants"))
    for name in variables:
        if not re.match(SNAKE, str(name)):
            problems.append((("variables", name), _p("variable_name", name=name)))
    for name in constants:
        if not re.match(SNAKE, str(name)):
            problems.append((("constants", name), _p("constant_name", name=name)))
        if name in variables:
            problems.append((("constants", name), _p("variable_and_constant", name=name)))
    known = [*variables, *constants]
    if not data.get("indicators") and not data.get("activities"):
        problems.append((("indicators",), _p("no_indicators")))

    indicators = _items(data.get("indicators"))
    seen: dict[str, int] = {}
    for i, indicator in enumerate(indicators):
        if not isinstance(indicator, dict):
            continue
        ident = indicator.get("id")
        if isinstance(ident, str):
            if ident in seen:
                problems.append((("indicators", i, "id"), _p("indicator_id_twice", ident=ident)))
            seen.setdefault(ident, i)
        problems += _indicator_problems(indicator, ("indicators", i), known, constants)

    activities = _items(data.get("activities"))
    seen_activities: set[str] = set()
    for i, activity in enumerate(activities):
        ident = str(activity.get("id")) if isinstance(activity, dict) and activity.get("id") is not None else None
        if ident in seen_activities:
            problems.append((("activities", i, "id"), _p("activity_id_twice", ident=ident)))
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
        problems.append(((("checks", first_at[same])), _p("check_repeated", check=same, times=times)))
    return problems


def _indicator_problems(
    indicator: dict[str, Any], path: tuple[Any, ...], known: list[str], constants: dict[str, Any]
) -> list[tuple[tuple[Any, ...], Phrase]]:
    """One indicator's problems across its fields (names, timing, accumulation, overrides)."""
    problems: list[tuple[tuple[Any, ...], Phrase]] = []
    for key in ("numerator", "denominator"):
        problems += _unknown_names(indicator.get(key), (*path, key), known)
    problems += _constant_denominator(indicator.get("denominator"), (*path, "denominator"), constants)
    problems += _timing_problems(indicator, path)
    problems += _accumulate_problems(indicator, path)
    overrides = _items(indicator.get("overrides"))
    for k, override in enumerate(overrides):
        if isinstance(override, dict) and override.get("unit") is None and override.get("period") is None:
            problems.append(((*path, "overrides", k), _p("override_needs_unit")))
    return problems


def _is_range(target: object) -> bool:
    return isinstance(target, str) and target.strip().lower().startswith(("between", "từ", "tu "))


def _accumulate_problems(indicator: dict[str, Any], path: tuple[Any, ...]) -> list[tuple[tuple[Any, ...], Phrase]]:
    """Where `accumulate:` cannot mean anything: it sums a numerator over the months of the year
    and divides by the year's figure, then compares with a line that grows to the target."""
    how = indicator.get("accumulate")
    if how is None:
        return []
    where = (*path, "accumulate")
    problems: list[tuple[tuple[Any, ...], Phrase]] = []
    if indicator.get("denominator") is None:
        problems.append((where, _p("accumulate_no_denominator", how=how)))
    targets: list[tuple[tuple[Any, ...], Any]] = [(("target",), indicator.get("target"))]
    targets += [
        (("overrides", k, "target"), o.get("target"))
        for k, o in enumerate(_items(indicator.get("overrides")))
        if isinstance(o, dict)
    ]
    for key, target in targets:
        at = (*path, *key)
        if isinstance(target, dict):
            problems.append((at, _p("accumulate_relative", how=how)))
        elif _is_range(target):
            problems.append((at, _p("accumulate_range")))
    for timing in ("by", "baseline"):
        if indicator.get(timing) is not None:
            problems.append(((*path, timing), _p("accumulate_by_baseline", how=how)))
    return problems


def _unknown_names(
    text: Any,
    path: tuple[Any, ...],
    known: list[str],
    *,
    comparison: bool = False,
    only: dict[str, Any] | None = None,
) -> list[tuple[tuple[Any, ...], Phrase]]:
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
            hint = _p("name_hint", close=close[0]) if close else ""
            problems.append((path, _p("unknown_name", name=name, hint=hint)))
    return problems


def _constant_denominator(
    text: Any, path: tuple[Any, ...], constants: dict[str, Any]
) -> list[tuple[tuple[Any, ...], Phrase]]:
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
    return [(path, _p("constant_denominator", text=text))]


def _timing_problems(indicator: dict[str, Any], path: tuple[Any, ...]) -> list[tuple[tuple[Any, ...], Phrase]]:
    by, baseline, target = indicator.get("by"), indicator.get("baseline"), indicator.get("target")
    problems: list[tuple[tuple[Any, ...], Phrase]] = []
    if baseline is not None and by is None:
        problems.append(((*path, "baseline"), _p("baseline_needs_by")))
    if by is not None and isinstance(target, dict):
        problems.append(((*path, "by"), _p("by_needs_comparison")))
    if by is not None and baseline is not None and period_order(str(baseline)) >= period_order(str(by)):
        problems.append(((*path, "baseline"), _p("baseline_after_by", baseline=baseline, by=by)))
    if baseline is not None and isinstance(target, str) and target.strip().lower().startswith(("between", "từ", "tu ")):
        problems.append(((*path, "baseline"), _p("on_track_needs_comparison")))
    return problems
