"""What scoring produces: statuses, results and the scorecard that holds them.

Results are kept as columns (a DataFrame) because a national run has hundreds
of thousands of them; `Scorecard.results` gives them as small frozen records
for use from Python.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from healthkpi.base.issues import Issues, Note
from healthkpi.base.status import STATUS_ORDER, Status
from healthkpi.plan.schema import Plan
from healthkpi.quality.completeness import Completeness
from healthkpi.quality.reportcard import CardLine, report_card
from healthkpi.read.columns import KEY
from healthkpi.read.dataset import DataSet
from healthkpi.scoring.activities import ActivityReport
from healthkpi.scoring.followup import FollowUp

# Columns of the results and totals frames, in output order.
RESULT_FIELDS = (
    "unit",
    "period",
    "indicator",
    "value",
    "numerator",
    "denominator",
    "target",
    "status",
    "gap",
    "threshold",
    "line",
    "target_source",
    "baseline_period",
    "baseline_value",
    "change",
    "note",
    "flags",
)
TOTAL_FIELDS = (*RESULT_FIELDS, "units_covered", "units_total", "flagged_units")


@dataclass(frozen=True)
class Result:
    """One unit (or the total), one indicator, one period."""

    unit: str
    period: str | None
    indicator: str
    value: float | None
    numerator: float | None
    denominator: float | None
    target: str
    status: Status
    gap: float | None
    threshold: float | None
    target_source: str
    baseline_period: str | None
    baseline_value: float | None
    change: float | None  # relative targets: the change that was compared
    note: Note | None
    line: float | None = None  # the on-track line the value was judged against, when it was
    flags: tuple[str, ...] = ()  # codes of the warning and error issues on the data it rests on
    units_covered: int | None = None
    units_total: int | None = None
    flagged_units: int | None = None  # a total: how many of the units it adds up rest on flagged data


@dataclass
class Scorecard:
    plan: Plan
    data: DataSet
    periods: list[str | None]  # the periods scored, in time order
    results_frame: pd.DataFrame  # RESULT_FIELDS, one row per unit × indicator × period
    totals_frame: pd.DataFrame  # TOTAL_FIELDS, one row per indicator × period
    issues: Issues  # reads as a list of Issue; batches of them stay columns
    activities: ActivityReport | None = None  # when the plan tracks focus activities
    completeness: Completeness | None = None  # share of expected cells reported
    subtotals_frame: pd.DataFrame | None = None  # TOTAL_FIELDS, one row per parent × indicator × period
    level: str = "unit"  # "parent": results are the parents, each a ratio of sums over its units
    follow_up: FollowUp | None = None  # with --history or an actions file: what changed, actions agreed

    @property
    def subtotals(self) -> list[Result]:
        return _records(self.subtotals_frame) if self.subtotals_frame is not None else []

    @property
    def results(self) -> list[Result]:
        return _records(self.results_frame)

    @property
    def totals(self) -> list[Result]:
        return _records(self.totals_frame)

    def quality_card(self) -> list[CardLine]:
        """Per data-quality check and indicator, how many units are flagged (the WHO report card). An
        activity's missing or unknown status is about no unit: it is listed with the activities, not
        counted here (it read as "1 of 0 units" in a plan of activities alone)."""
        issues = self.issues
        if self.activities is not None and self.activities.issues:
            about_activities = {id(issue) for issue in self.activities.issues}
            issues = Issues([part for part in issues.parts if id(part) not in about_activities])
        return report_card(self.plan, issues, int(self.data.frame[KEY].nunique()))

    def summary(self) -> dict[str, int]:
        counts = self.results_frame["status"].value_counts()
        return {str(s): int(counts.get(s, 0)) for s in STATUS_ORDER}

    def missed(self, fail_on: str) -> bool:
        """Whether any result or total is at or above the `--fail-on` level (DESIGN §5)."""
        if fail_on == "never":
            return False
        bad = {Status.FAIL} if fail_on == "fail" else {Status.FAIL, Status.NEAR}
        return bool(
            self.results_frame["status"].isin(bad).any()
            or self.totals_frame["status"].isin(bad).any()
            or (self.activities is not None and self.activities.missed)
        )


def _records(frame: pd.DataFrame) -> list[Result]:
    fields = [f for f in TOTAL_FIELDS if f in frame.columns]
    records = []
    for row in frame[fields].itertuples(index=False, name=None):
        values = {f: _plain(v) for f, v in zip(fields, row, strict=True)}
        values["status"] = Status(values["status"])
        records.append(Result(**values))
    return records


def _plain(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, float) and value != value:
        return None
    if hasattr(value, "item"):
        return value.item()
    return value
