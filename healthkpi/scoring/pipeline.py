"""The one sequence every command runs: find the plan, read the inputs, check and score.

    inputs = gather(["incoming/"], plan=None)           # DATA arguments and -t, resolved
    run = score_inputs(inputs.paths, inputs.plan_path, RunOptions(period="all"))
    run.card                                            # the Scorecard

Commands differ only in what they do with the scorecard (print it, write it,
explain one unit), so reading and scoring are written once, here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from healthkpi.base.errors import HealthkpiError, UsageError
from healthkpi.base.messages import Phrase
from healthkpi.plan.bundled import bundled_path, resolve_plan
from healthkpi.plan.schema import Plan
from healthkpi.plan.sidefiles import UnitMap
from healthkpi.read.dataset import DataSet
from healthkpi.read.discover import discover_for
from healthkpi.read.formats import DEFAULT_MAX_SIZE
from healthkpi.read.inputs import expand_inputs
from healthkpi.read.sidefiles import load_plan_and_side_files
from healthkpi.read.spec import ReadingHints
from healthkpi.read.workbook import read_data
from healthkpi.scoring.engine import score
from healthkpi.scoring.scorecard import Scorecard


@dataclass(frozen=True, kw_only=True)
class RunOptions:
    """How inputs are read and scored; picklable, so batch workers receive it whole."""

    period: str | None = None  # None: the latest; "all": each
    level: str = "unit"  # "parent": score the parents
    hints: ReadingHints = field(default_factory=ReadingHints)  # where the data sits (over the plan's workbook:)
    allow_partial: bool = False  # score a workbook that holds fewer than half the plan's variables
    locale: str = "vi"
    encoding: str | None = None
    max_size: int = DEFAULT_MAX_SIZE
    unit_map: UnitMap | None = None  # replaces the plan's own unit_map


@dataclass(frozen=True)
class Inputs:
    """The data files a run reads as one table and the plan file it scores them against."""

    paths: list[Path]
    plan_path: Path


@dataclass(frozen=True)
class EachInput:
    """Data files scored one by one, against the plan given or each one's own (None)."""

    paths: list[Path]
    plan_path: Path | None


@dataclass(frozen=True)
class Run:
    plan: Plan
    data: DataSet
    card: Scorecard


def gather_each(data: Sequence[str], plan: str | None) -> EachInput:
    """DATA arguments as files to score one by one: with the plan given, or each with its own
    (found when it is read, `plan_for`, so that one input without a plan stops only itself)."""
    return EachInput(expand_inputs(list(data)), resolve_plan(plan) if plan else None)


def gather(data: Sequence[str], plan: str | None, max_size: int = DEFAULT_MAX_SIZE) -> Inputs:
    """DATA arguments (files, folders, globs) as files, and the plan: given, or found for them —
    the same for every file, since they are read as one table. Finding the plan looks into the
    files (the plan id a template records) under the same limits as reading them."""
    paths = expand_inputs(list(data))
    if plan:
        return Inputs(paths, resolve_plan(plan))
    if len(paths) == 1:
        return Inputs(paths, discover_for(paths, max_size))
    found: dict[Path, list[Path]] = {}
    for path in paths:
        try:
            found.setdefault(discover_for([path], max_size), []).append(path)
        except HealthkpiError:
            continue  # read with the others' plan: it is left out, or refused, with its reason
    if len(found) > 1:
        groups = [
            Phrase("plan_group", (("files", ", ".join(p.name for p in files)), ("plan", plan_name(plan_path))))
            for plan_path, files in found.items()
        ]
        raise UsageError(key="inputs_of_several_plans", groups=groups)
    return Inputs(paths, next(iter(found)) if found else discover_for(paths, max_size))


def plan_name(path: Path) -> str:
    """A bundled plan by its id, any other by its path."""
    return path.stem if bundled_path(path.stem) == path else str(path)


def plan_for(path: Path, given: Path | None, max_size: int = DEFAULT_MAX_SIZE) -> Path:
    """The plan one input is scored with: the one given, else the one found for it."""
    return given if given is not None else discover_for([path], max_size)


def load_plan(path: Path, max_size: int = DEFAULT_MAX_SIZE) -> Plan:
    """The plan with its side files read (each under `max_size`, in the sandbox)."""
    return load_plan_and_side_files(path, max_size)


def score_inputs(
    paths: list[Path], plan: Plan | Path, options: RunOptions, *, skip_unreadable: bool | None = None
) -> Run:
    """Read `paths` as one table for `plan` and score it. An unreadable input is left out (and
    listed in `data.failed`) when several are read, unless `skip_unreadable` says otherwise."""
    loaded = plan if isinstance(plan, Plan) else load_plan(plan, options.max_size)
    data = read_data(
        paths,
        loaded,
        hints=options.hints,
        allow_partial=options.allow_partial,
        locale="en" if options.locale == "en" else "vi",
        encoding=options.encoding,
        skip_unreadable=len(paths) > 1 if skip_unreadable is None else skip_unreadable,
        max_size=options.max_size,
        unit_map=options.unit_map,
    )
    return Run(loaded, data, score(loaded, data, options.period, options.level))
