"""The targets-file schema (DESIGN §3) as pydantic models: what a plan is.

How a file becomes a `Plan` — YAML with line marks, `extends:`, every problem
collected with its line — is `healthkpi.plan.load`.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainValidator,
    PrivateAttr,
    model_validator,
)

from healthkpi.base.errors import Invalid
from healthkpi.base.numbers import MAX_FIGURE
from healthkpi.plan import expr
from healthkpi.plan.sidefiles import ActionEntry, AnnexEntry, SideFile, UnitMap
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

SNAKE = r"^[a-z][a-z0-9_]*$"
MAX_CHECKS = 500  # consistency checks in one plan: far above any real plan, each costs a pass over the units
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
        raise Invalid("check_not_comparison", given=value)
    return parsed


Period = Annotated[str, BeforeValidator(_period_text), Field(min_length=1, max_length=40)]
Text = Annotated[str, Field(min_length=1, max_length=2000)]
ExpressionField = Annotated[expr.Expression, PlainValidator(_expression)]
CheckField = Annotated[expr.Expression, PlainValidator(_check_expression)]
TargetField = Annotated[Target, PlainValidator(parse_target)]
ComparisonField = Annotated[Comparison | Between, PlainValidator(parse_comparison)]
BandField = Annotated[Band, PlainValidator(parse_band)]


def _ordered(bounds: tuple[float | None, float | None]) -> tuple[float | None, float | None]:
    low, high = bounds
    if low is not None and high is not None and low > high:
        raise Invalid("valid_range_reversed", low=f"{low:g}", high=f"{high:g}")
    if low is None and high is None:
        raise Invalid("valid_range_empty")
    return bounds


# DHIS2's min-max idea: [low, high], either may be null for no bound. A value outside is no data.
ValidRange = Annotated[
    tuple[Annotated[float, Field(allow_inf_nan=False)] | None, Annotated[float, Field(allow_inf_nan=False)] | None],
    AfterValidator(_ordered),
]


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
    valid: ValidRange | None = None  # a figure outside is not used (no data), and is an error


class Override(_Model):
    """A target for one unit, one period or both ("Phụ lục giao chỉ tiêu", yearly steps)."""

    unit: Text | None = None
    period: Period | None = None
    target: TargetField
    near: BandField | None = None
    source: Text | None = None


_SWITCHES = {"on": True, "off": False, "true": True, "false": False, "yes": True, "no": False}


def _switch(value: Any) -> Any:
    """`off`, `on` (YAML booleans, or the words) for a check with no threshold."""
    if isinstance(value, str) and value.strip().lower() in _SWITCHES:
        return _SWITCHES[value.strip().lower()]
    if not isinstance(value, bool):
        raise Invalid("quality_switch", got=repr(value))
    return value


def _switch_or_settings(value: Any) -> Any:
    """A check's settings: `off`, `on`, or a mapping of its thresholds (which turns it on)."""
    if isinstance(value, bool) or (isinstance(value, str) and value.strip().lower() in _SWITCHES):
        return {"enabled": _switch(value)}
    if not isinstance(value, dict):
        raise Invalid("quality_settings", got=repr(value))
    return value


def _percent(value: Any) -> Any:
    """`33%` or `33`: a percentage."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    try:
        return float(str(value).strip().removesuffix("%"))
    except ValueError:
        raise Invalid("quality_percent", got=repr(value)) from None


Switch = Annotated[bool, BeforeValidator(_switch)]
Percent = Annotated[float, BeforeValidator(_percent), Field(gt=0, le=1000, allow_inf_nan=False)]
Probability = Annotated[float, Field(gt=0, lt=1, allow_inf_nan=False)]


class OutlierSettings(_Model):
    """`outlier`: a unit far from the other units of the same period."""

    enabled: Switch = True
    z: Annotated[float, Field(gt=0, le=100, allow_inf_nan=False)] = 3.5  # modified z-score beyond which
    min_units: Annotated[int, Field(ge=3, le=1_000_000)] = 5  # units with a value needed to say anything


class OverTimeSettings(_Model):
    """`outlier_over_time`: a count far from its own history, and unlikely to be chance (README)."""

    enabled: Switch = True
    change: Percent = 33  # WHO's ±33 %: smaller changes are never flagged
    history: Annotated[int, Field(ge=1, le=12)] = 3  # comparable earlier periods averaged
    p_warning: Probability = 0.001  # a change this unlikely by chance is a warning …
    p_info: Probability = 0.01  # … this unlikely a note; likelier ones are not flagged

    @model_validator(mode="after")
    def _ordered(self) -> OverTimeSettings:
        if self.p_warning > self.p_info:
            raise Invalid("quality_p_order", warning=self.p_warning, info=self.p_info)
        return self


class SexRatioSettings(_Model):
    """`implausible_sex_ratio`: boys per 100 girls outside low–high."""

    enabled: Switch = True
    low: Annotated[float, Field(ge=0, le=10_000, allow_inf_nan=False)] = 90
    high: Annotated[float, Field(gt=0, le=10_000, allow_inf_nan=False)] = 130

    @model_validator(mode="after")
    def _ordered(self) -> SexRatioSettings:
        if self.low >= self.high:
            raise Invalid("quality_low_high", low=f"{self.low:g}", high=f"{self.high:g}")
        return self


Outlier = Annotated[OutlierSettings, BeforeValidator(_switch_or_settings)]
OverTime = Annotated[OverTimeSettings, BeforeValidator(_switch_or_settings)]
SexRatio = Annotated[SexRatioSettings, BeforeValidator(_switch_or_settings)]


class IndicatorQuality(_Model):
    """The checks of one indicator's values (and, for the over-time check, its numerator's counts)."""

    outlier: Outlier | None = None
    outlier_over_time: OverTime | None = None
    over_100_percent: Switch | None = None
    implausible_sex_ratio: SexRatio | None = None
    zero_denominator: Switch | None = None


class QualitySettings(IndicatorQuality):
    """`quality:` — each data-quality check on or off, with its thresholds, for the whole plan."""

    negative_count: Switch | None = None
    non_integer_count: Switch | None = None
    missing_value: Switch | None = None
    missing_period: Switch | None = None
    missing_unit: Switch | None = None
    total_mismatch: Switch | None = None
    spelling_variant: Switch | None = None
    check_failed: Switch | None = None


class Indicator(_Model):
    id: Annotated[str, Field(pattern=SNAKE, max_length=80)]
    name: Text
    name_en: Text | None = None
    numerator: ExpressionField
    denominator: ExpressionField | None = None
    per: Annotated[float, Field(gt=0, le=MAX_FIGURE, allow_inf_nan=False)] = 1
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
    valid: ValidRange | None = None  # a value outside is no data (an error), and left out of totals
    overrides: list[Override] = []
    # monthly or quarterly monitoring: the numerator summed from the start of the year (quarter)
    # to the period scored, over the year's denominator, against the monitoring line
    accumulate: Literal["year", "quarter"] | None = None
    quality: IndicatorQuality | None = None  # this indicator's data-quality checks, over the plan's

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

    @property
    def formula(self) -> str:
        """`hospital_beds / population × 10000`."""
        text = str(self.numerator)
        if self.denominator is not None:
            numerator = f"({text})" if not self.numerator.is_single_name else text
            denominator = str(self.denominator)
            denominator = f"({denominator})" if not self.denominator.is_single_name else denominator
            text = f"{numerator} / {denominator}"
        if self.per != 1:
            per = int(self.per) if float(self.per).is_integer() else self.per
            text += f" × {per}"
        return text


def _activity_id(value: Any) -> Any:
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


class Activity(_Model):
    """A focus activity ("hoạt động trọng tâm"); a workbook's activity sheet gives its status."""

    id: Annotated[str, BeforeValidator(_activity_id), Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$")]
    group: Text
    text: Text
    source: Text | None = None


class WorkbookHints(_Model):
    """Where the plan's data sits in its workbooks, for forms the reader cannot read alone."""

    sheet: Text | list[Text] | None = None  # a name, names, or "*" (every sheet whose header matches)
    header_row: Annotated[int, Field(ge=1, le=1_000_000)] | None = None  # 1-based: the header's last line
    unit_column: Text | None = None  # header text, or a column letter ("C")
    parent_column: Text | None = None
    period_column: Text | None = None

    @property
    def sheets(self) -> tuple[str, ...]:
        if self.sheet is None:
            return ()
        return (self.sheet,) if isinstance(self.sheet, str) else tuple(self.sheet)


class Plan(_Model):
    healthkpi: Literal[1]
    plan: PlanInfo
    variables: dict[str, Variable] = {}
    constants: dict[str, Annotated[float, Field(ge=-MAX_FIGURE, le=MAX_FIGURE, allow_inf_nan=False)]] = {}
    indicators: list[Indicator] = []
    checks: Annotated[list[CheckField], Field(max_length=MAX_CHECKS)] = []
    activities: list[Activity] = []
    units: list[Text] = []  # units the plan expects data from (a missing one is a data issue)
    unit_targets: Text | None = None  # the annex: a CSV or workbook beside the plan
    hierarchy: Text | None = None  # a `unit, parent` table beside the plan
    unit_map: Text | None = None  # `old_unit, new_unit[, share][, from_period]` beside the plan
    actions: Text | None = None  # `unit, indicator, action, owner, due, status`: follow-up agreed at reviews
    workbook: WorkbookHints | None = None  # where the data sits (sheet, header row, unit column…)
    quality: QualitySettings | None = None  # data-quality checks on or off, and their thresholds

    _path: str | None = PrivateAttr(default=None)
    _side_files: tuple[SideFile, ...] = PrivateAttr(default=())
    _annex: list[AnnexEntry] = PrivateAttr(default_factory=list)
    _hierarchy: dict[str, str] = PrivateAttr(default_factory=dict)
    _unit_map: UnitMap | None = PrivateAttr(default=None)
    _actions: list[ActionEntry] | None = PrivateAttr(default=None)
    _raw_indicators: dict[str, dict[str, Any]] = PrivateAttr(default_factory=dict)  # as written, for extends

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
    def units_map(self) -> UnitMap | None:
        """The plan's unit map, or None."""
        return self._unit_map

    @property
    def annex(self) -> list[AnnexEntry]:
        """Targets by unit and period from the `unit_targets` annex."""
        return self._annex

    @property
    def side_files(self) -> tuple[SideFile, ...]:
        """The side files the plan names (annex, hierarchy, unit map), to be read beside it."""
        return self._side_files

    def with_side_tables(self, annex: list[AnnexEntry], parents: dict[str, str], unit_map: UnitMap | None) -> Plan:
        """The plan with what its side files hold (set by the read layer, which reads them)."""
        self._annex, self._hierarchy, self._unit_map = annex, parents, unit_map
        return self

    @property
    def action_entries(self) -> list[ActionEntry] | None:
        """The rows of the plan's `actions:` file, or None when it names none."""
        return self._actions

    def with_actions(self, actions: list[ActionEntry]) -> Plan:
        """The plan with what its actions file holds (set by the read layer, which reads it)."""
        self._actions = actions
        return self

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


__all__ = [
    "Activity",
    "Between",
    "Comparison",
    "Indicator",
    "Plan",
    "PlanInfo",
    "Relative",
    "Variable",
]


# --- the settings that apply ----------------------------------------------------------------

Settings = OutlierSettings | OverTimeSettings | SexRatioSettings
DEFAULTS: dict[str, Settings] = {
    "outlier": OutlierSettings(),
    "outlier_over_time": OverTimeSettings(),
    "implausible_sex_ratio": SexRatioSettings(),
}


def applying(plan: Plan, check: str, indicator: Indicator | None = None) -> Any:
    """What `check` is for `indicator` (or the whole plan): its settings, or True/False for a check
    with no thresholds. The indicator's own settings win over the plan's, key by key; a mapping of
    thresholds for an indicator turns the check on for it even where the plan turns it off."""
    own = getattr(plan.quality, check, None) if plan.quality is not None else None
    base = own if own is not None else DEFAULTS.get(check, True)
    mine = getattr(indicator.quality, check, None) if indicator is not None and indicator.quality else None
    if mine is None:
        return base
    if not isinstance(mine, OutlierSettings | OverTimeSettings | SexRatioSettings):
        return mine
    assert isinstance(base, BaseModel)
    if "enabled" in mine.model_fields_set and not mine.enabled:
        return mine
    values = {**base.model_dump(), **{k: getattr(mine, k) for k in mine.model_fields_set}, "enabled": True}
    return type(mine).model_validate(values)


def is_on(settings: Any) -> bool:
    if isinstance(settings, OutlierSettings | OverTimeSettings | SexRatioSettings):
        return settings.enabled
    return bool(settings)
