"""`healthkpi score … --output-dir DIR`: one scorecard per input, in parallel, one bad file never stopping the rest."""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table
from rich.text import Text

from healthkpi.base.errors import HealthkpiError, UsageError
from healthkpi.base.messages import ui
from healthkpi.base.status import Status
from healthkpi.cli.common import EXTENSION_OF, output_names, write_output
from healthkpi.cli.exitcodes import Verdict, exit_code, strict_blockers
from healthkpi.cli.files import refuse_overwriting_inputs
from healthkpi.cli.options import FLAGS
from healthkpi.read.workbook import side_files
from healthkpi.render.grid import MARKS
from healthkpi.scoring.pipeline import EachInput, RunOptions, load_plan, plan_for, score_inputs


@dataclass(frozen=True)
class Job:
    path: Path
    plan_path: Path | None  # None: the input's own plan, found when it is scored
    output: Path
    kind: str
    fail_on: str
    options: RunOptions
    strict: bool
    lang: str


@dataclass(frozen=True)
class Outcome:
    path: str
    output: str | None = None
    units: int = 0
    summary: dict[str, int] = field(default_factory=dict)
    issues: int = 0
    missed: bool = False
    error: str | None = None
    note: str | None = None  # read as another format than its name says
    skipped: str | None = None  # why the input was not scored, when that is not an error (a side file)


def score_to_file(job: Job) -> Outcome:
    """Score one input and write its scorecard; every failure becomes an Outcome, never an exception."""
    try:
        plan_path = plan_for(job.path, job.plan_path)
        plan = load_plan(plan_path)
        if job.path.resolve() in side_files(plan):  # a folder holding the plan's annex or unit map
            return Outcome(str(job.path), skipped="it is a side file of the plan, not data")
        refuse_overwriting_inputs(job.output, [job.path, plan_path])
        run = score_inputs([job.path], plan, job.options)
        card = run.card
        if job.strict and (blockers := strict_blockers(card.issues)):
            first = blockers.first(1)[0].message(job.lang)
            return Outcome(str(job.path), error=f"--strict: {len(blockers)} data issue(s), first: {first}")
        write_output(card, job.output, job.kind, job.lang)
    except HealthkpiError as exc:
        return Outcome(str(job.path), error=exc.render("en", FLAGS))
    except Exception as exc:
        return Outcome(str(job.path), error=f"internal error ({type(exc).__name__}: {exc}); please report it")
    return Outcome(
        str(job.path),
        output=str(job.output),
        units=sum(info.units for info in run.data.inputs),
        summary=card.summary(),
        issues=len(card.issues),
        missed=card.missed(job.fail_on),
        note=next((info.note for info in run.data.inputs if info.note), None),
    )


def run_batch(
    inputs: EachInput,
    folder: Path,
    kind: str,
    *,
    jobs: int | None,
    fail_on: str,
    options: RunOptions,
    strict: bool,
    lang: str,
    quiet: bool,
    stdout: Console,
    stderr: Console,
) -> int:
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{folder}: exists and is not a folder")
    paths = inputs.paths
    if inputs.plan_path is not None:  # one plan for all: its side files are known at once
        sides = side_files(load_plan(inputs.plan_path))
        for path in [p for p in paths if p.resolve() in sides]:
            stderr.print(f"healthkpi: note: {path} was skipped: it is a side file of the plan, not data", markup=False)
        paths = [p for p in paths if p.resolve() not in sides]
        if not paths:
            raise UsageError("no data to score: every input is a side file of the plan")
    folder.mkdir(parents=True, exist_ok=True)
    outputs = output_names(paths, folder, EXTENSION_OF[kind])
    for output in outputs:
        refuse_overwriting_inputs(output, [*paths, *([inputs.plan_path] if inputs.plan_path else [])])
    work = [
        Job(p, inputs.plan_path, o, kind, fail_on, options, strict, lang) for p, o in zip(paths, outputs, strict=True)
    ]
    outcomes = _run(work, jobs, show_progress=stderr.is_terminal and not quiet and len(work) > 1, stderr=stderr)
    for outcome in outcomes:
        if outcome.error:
            stderr.print(f"healthkpi: {outcome.error}", markup=False)
        elif outcome.skipped:
            stderr.print(f"healthkpi: note: {outcome.path} was skipped: {outcome.skipped}", markup=False)
        elif outcome.note:
            stderr.print(f"healthkpi: note: {outcome.note}", markup=False)
    outcomes = [o for o in outcomes if o.skipped is None]
    if not quiet:
        stdout.print(_summary_table(outcomes, lang))
    scored = [o for o in outcomes if o.error is None]
    verdict = Verdict(scored=len(scored), missed=any(o.missed for o in scored), left_out=len(outcomes) - len(scored))
    return exit_code(verdict, fail_on)


def _run(work: list[Job], jobs: int | None, show_progress: bool, stderr: Console) -> list[Outcome]:
    workers = max(1, min(jobs or os.cpu_count() or 1, len(work)))
    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=stderr,
        disable=not show_progress,
        transient=True,
    )
    outcomes: list[Outcome | None] = [None] * len(work)
    with progress:
        task = progress.add_task("healthkpi", total=len(work))
        if workers == 1:
            for i, job in enumerate(work):
                outcomes[i] = score_to_file(job)
                progress.advance(task)
        else:
            with ProcessPoolExecutor(max_workers=workers) as pool:
                futures = {pool.submit(score_to_file, job): i for i, job in enumerate(work)}
                for future in as_completed(futures):
                    outcomes[futures[future]] = future.result()
                    progress.advance(task)
    return [o for o in outcomes if o is not None]


def _summary_table(outcomes: list[Outcome], lang: str) -> Table:
    """Each input with its counts (✓ ~ ✗ –), or the word error (the reason is on stderr)."""
    table = Table(header_style="bold")
    table.add_column(ui("data", lang), overflow="fold")
    table.add_column("n", justify="right")
    for status, style in (
        (Status.PASS, "green"),
        (Status.NEAR, "yellow"),
        (Status.FAIL, "red"),
        (Status.NO_DATA, "dim"),
    ):
        table.add_column(MARKS[status], justify="right", style=style)
    table.add_column("!", justify="right")
    table.add_column("→", overflow="fold")
    for outcome in outcomes:
        name = Path(outcome.path).name
        if outcome.error:
            table.add_row(name, "", "", "", "", "", "", Text(ui("error", lang), style="red"))
            continue
        counts = [str(outcome.summary.get(s, 0)) for s in (Status.PASS, Status.NEAR, Status.FAIL, Status.NO_DATA)]
        table.add_row(name, str(outcome.units), *counts, str(outcome.issues), outcome.output or "")
    return table
