"""Does a workbook fit its plan? A sheet holding few of the plan's variables is the wrong plan or the
wrong file — an analyst's slip (`-t` another plan, a folder of another programme's forms) — and
scoring it would print a confident scorecard of nothing. It is refused, naming the plan it fits better.
"""

from __future__ import annotations

from collections.abc import Sequence, Set
from dataclasses import dataclass
from pathlib import Path

from healthkpi.base.errors import PlanError, UsageError, WorkbookError
from healthkpi.base.messages import Phrase, Sentence
from healthkpi.base.text import loose_key
from healthkpi.plan.bundled import PLAN_FILE_NAMES, bundled_plans
from healthkpi.plan.load import load_plan
from healthkpi.plan.schema import Plan
from healthkpi.read.grid import Grid
from healthkpi.read.header import alias_index, detect_layout
from healthkpi.read.sandbox import read_isolated
from healthkpi.read.sheet import SheetPart, header_grids
from healthkpi.read.spec import ReadingSpec


def indicator_variables(plan: Plan) -> list[str]:
    """The declared variables the plan's indicators use (checks alone do not make a fit)."""
    names: dict[str, None] = {}
    for indicator in plan.indicators:
        for expression in (indicator.numerator, indicator.denominator):
            if expression is not None:
                names.update(dict.fromkeys(n for n in expression.names if n in plan.variables))
    return list(names)


def activity_keys(plan: Plan) -> set[str]:
    return {loose_key(activity.id) for activity in plan.activities}


def reported_keys(parts: Sequence[SheetPart]) -> set[str]:
    """The activity ids a workbook's activity sheet gives a status for (whatever the plan)."""
    return {loose_key(item.id) for part in parts for item in part.activities}


def fits(plan: Plan, parts: Sequence[SheetPart]) -> bool:
    """At least half of the variables the indicators use have a column. For a plan of activities
    alone: at least half of its activities are on the workbook's activity sheet, or the sheet lists
    no more activities of other plans than of this one (a district reporting on two of its five).
    Another year's sheet, N1…N11 against 1.1…10.5, would otherwise score every activity as no data,
    exit 0."""
    needed = indicator_variables(plan)
    if needed:
        found = {v for part in parts for v in part.info.columns} & set(needed)
        return 2 * len(found) >= len(needed)
    activities, reported = activity_keys(plan), reported_keys(parts)
    ours = len(activities & reported)
    return not activities or 2 * ours >= len(activities) or len(reported - activities) <= ours


def _matched(plan: Plan, grids: list[Grid]) -> int:
    needed = set(indicator_variables(plan))
    spec = ReadingSpec.of(plan)
    index = alias_index(spec)
    best = 0
    for grid in grids:
        layout = detect_layout(grid, spec, index)
        if layout is not None:
            best = max(best, len(set(layout.columns) & needed))
    return best


def _candidates(path: Path) -> list[tuple[str, Plan]]:
    """Bundled plans, and plan files beside the data or in the current folder: (name, plan)."""
    found: list[tuple[str, Plan]] = []
    for bundled in bundled_plans():
        try:
            found.append((bundled.id, load_plan(bundled.path)))
        except PlanError:
            continue
    for folder in dict.fromkeys((path.parent, Path.cwd())):
        for name in PLAN_FILE_NAMES:
            candidate = folder / name
            if candidate.is_file():
                try:
                    found.append((str(candidate), load_plan(candidate)))
                except (PlanError, UsageError):
                    continue
    return found


@dataclass(frozen=True)
class Better:
    """A plan the file fits better: its name, and how many of its variables (or activities) it has."""

    plan: str
    found: int
    needed: int
    activities: bool = False  # counted in activities: a plan of activities alone


def best_plan(
    path: Path, current: Plan, encoding: str | None, max_size: int, reported: Set[str] = frozenset()
) -> Better | None:
    """The plan the file fits best, when it fits one better than `current`. `reported`: the activity
    ids of the file's activity sheet, for plans of activities alone."""
    grids = read_isolated(header_grids, path, (encoding, max_size), role=Sentence("role_data_file"))
    best: tuple[float, Better] | None = None
    for name, plan in _candidates(path):
        if plan.id == current.id and name == current.id:
            continue
        needed = len(indicator_variables(plan))
        if needed:
            candidate = Better(name, _matched(plan, grids), needed)
        elif plan.activities and reported:
            activities = activity_keys(plan)
            candidate = Better(name, len(activities & reported), len(activities), activities=True)
        else:
            continue
        share = candidate.found / candidate.needed
        if share >= 0.5 and (best is None or share > best[0]):
            best = (share, candidate)
    return None if best is None else best[1]


def _suggestion(better: Better | None) -> Phrase:
    if better is None:
        return Phrase("no_better_plan")
    key = "better_plan_activities" if better.activities else "better_plan"
    return Phrase(key, (("plan", better.plan), ("found", better.found), ("needed", better.needed)))


def misfit_error(
    plan: Plan,
    unfit: list[Path],
    fitting: list[str],
    encoding: str | None,
    max_size: int,
    reported: dict[Path, set[str]] | None = None,
) -> WorkbookError:
    """Exit 2 with what was found and which plan fits better; for several files, which belong to which.
    `reported`: each unfit file's activity ids."""
    needed = indicator_variables(plan)
    reported = reported or {}
    if len(unfit) == 1 and len(fitting) <= 1:
        path = unfit[0]
        better = best_plan(path, plan, encoding, max_size, reported.get(path, set()))
        if not needed:  # a plan of activities alone
            activities = activity_keys(plan)
            return WorkbookError(
                key="plan_activities_do_not_fit",
                path=path,
                plan=plan.id,
                found=len(activities & reported.get(path, set())),
                needed=len(activities),
                suggestion=_suggestion(better),
            )
        grids = read_isolated(header_grids, path, (encoding, max_size), role=Sentence("role_data_file"))
        return WorkbookError(
            key="plan_does_not_fit",
            path=path,
            plan=plan.id,
            found=_matched(plan, grids),
            needed=len(needed),
            suggestion=_suggestion(better),
        )
    groups: dict[str | None, list[str]] = {}
    fitting_names = [Path(p).name for p in fitting if Path(p) not in unfit]
    if fitting_names:
        groups[plan.id] = fitting_names
    for path in unfit:
        better = best_plan(path, plan, encoding, max_size, reported.get(path, set()))
        groups.setdefault(better.plan if better else None, []).append(path.name)
    listed = [
        Phrase("plan_group", (("files", ", ".join(names)), ("plan", name)))
        if name
        else Phrase("plan_group_none", (("files", ", ".join(names)),))
        for name, names in groups.items()
    ]
    return WorkbookError(key="inputs_of_other_plans", plan=plan.id, groups=listed)
