"""Does a workbook fit its plan? A sheet holding few of the plan's variables is the wrong plan or the
wrong file — an analyst's slip (`-t` another plan, a folder of another programme's forms) — and
scoring it would print a confident scorecard of nothing. It is refused, naming the plan it fits better.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from healthkpi.base.errors import PlanError, UsageError, WorkbookError
from healthkpi.base.messages import Phrase
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


def fits(plan: Plan, parts: Sequence[SheetPart]) -> bool:
    """At least half of the variables the indicators use have a column."""
    needed = indicator_variables(plan)
    found = {v for part in parts for v in part.info.columns} & set(needed)
    return not needed or 2 * len(found) >= len(needed)


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


def best_plan(path: Path, current: Plan, encoding: str | None, max_size: int) -> tuple[str, int, int] | None:
    """The plan the file fits best, when it fits one better than `current`: (name, found, needed)."""
    grids = read_isolated(header_grids, path, (encoding, max_size), role="a data file")
    best: tuple[float, str, int, int] | None = None
    for name, plan in _candidates(path):
        if plan.id == current.id and name == current.id:
            continue
        needed = len(indicator_variables(plan))
        if not needed:
            continue
        found = _matched(plan, grids)
        share = found / needed
        if share >= 0.5 and (best is None or share > best[0]):
            best = (share, name, found, needed)
    return None if best is None else best[1:]


def misfit_error(
    plan: Plan, unfit: list[Path], fitting: list[str], encoding: str | None, max_size: int
) -> WorkbookError:
    """Exit 2 with what was found and which plan fits better; for several files, which belong to which."""
    needed = indicator_variables(plan)
    if len(unfit) == 1 and len(fitting) <= 1:
        path = unfit[0]
        grids = read_isolated(header_grids, path, (encoding, max_size), role="a data file")
        found = _matched(plan, grids)
        better = best_plan(path, plan, encoding, max_size)
        suggestion = (
            Phrase("better_plan", (("plan", better[0]), ("found", better[1]), ("needed", better[2])))
            if better
            else Phrase("no_better_plan")
        )
        return WorkbookError(
            key="plan_does_not_fit",
            path=path,
            plan=plan.id,
            found=found,
            needed=len(needed),
            suggestion=suggestion,
        )
    groups: dict[str | None, list[str]] = {}
    fitting_names = [Path(p).name for p in fitting if Path(p) not in unfit]
    if fitting_names:
        groups[plan.id] = fitting_names
    for path in unfit:
        better = best_plan(path, plan, encoding, max_size)
        groups.setdefault(better[0] if better else None, []).append(path.name)
    listed = [
        Phrase("plan_group", (("files", ", ".join(names)), ("plan", name)))
        if name
        else Phrase("plan_group_none", (("files", ", ".join(names)),))
        for name, names in groups.items()
    ]
    return WorkbookError(key="inputs_of_other_plans", plan=plan.id, groups=listed)
