"""`healthkpi score … --output-dir DIR`: one scorecard per input, in parallel, one bad file never stopping the rest.

A signal (Ctrl+C, or SIGTERM from a scheduler) stops the batch at once: inputs not
started are cancelled, each worker abandons the input it is on (its temporary file
removed, so every scorecard in DIR is complete) and skips the rest, and the summary
says which scorecards were written before the run exits with 130.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, as_completed, wait
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table
from rich.text import Text

from healthkpi.base.errors import HealthkpiError, UsageError
from healthkpi.base.inputs import register_input, tracking_inputs
from healthkpi.base.messages import Sentence, error_message, say, ui
from healthkpi.base.status import Status
from healthkpi.cli.common import EXTENSION_OF, output_names, write_output
from healthkpi.cli.exitcodes import INTERRUPTED, Verdict, exit_code, strict_blockers
from healthkpi.cli.files import check_output, prepare_folder
from healthkpi.cli.followup import prepare_history, with_follow_up
from healthkpi.cli.options import FLAGS
from healthkpi.read.sandbox import keep_a_reader, keeping_a_reader, release_signals, signals_held
from healthkpi.read.workbook import side_files
from healthkpi.render.grid import MARKS, STATUS_STYLES
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
    history: Path | None = None  # each input's run recorded there (the workers take turns to write)


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
    interrupted: bool = False  # stopped by a signal before its scorecard was written


# Where jobs run (a worker process, or this one with -j 1) a signal asks to stop. The job in hand
# is abandoned (KeyboardInterrupt, so its temporary file is removed) unless it is writing its
# scorecard, which is then finished (complete, and listed as written); jobs still queued return at once.
_stopping = False
_in_job = False  # True while a job may be abandoned: from its start until it writes its scorecard


def _stop_worker(_signum: int, _frame: FrameType | None) -> None:
    global _stopping
    _stopping = True
    if _in_job:  # between jobs the worker is inside the pool's own code: only note it
        raise KeyboardInterrupt


def _start_worker() -> None:
    signal.signal(signal.SIGTERM, _stop_worker)
    signal.signal(signal.SIGINT, _stop_worker)
    release_signals()  # held while the pool forked this worker
    keep_a_reader()  # one reading child for all this worker's files, not a fork per file


def _finish_even_if_stopped() -> None:
    """From here on a signal no longer abandons the job: it writes its scorecard and reports it."""
    global _in_job
    _in_job = False


def score_to_file(job: Job) -> Outcome:
    """Score one input and write its scorecard; every failure becomes an Outcome, never an exception."""
    global _in_job
    if _stopping:
        return Outcome(str(job.path), interrupted=True)
    _in_job = True
    try:
        return _score_to_file(job)
    except KeyboardInterrupt:
        return Outcome(str(job.path), interrupted=True)
    finally:
        _in_job = False


def _score_to_file(job: Job) -> Outcome:
    with tracking_inputs():  # this input, its plan and the plan's side files: never overwritten
        register_input(job.path, Sentence("role_data_file"))
        try:
            plan_path = plan_for(job.path, job.plan_path, job.options.max_size)
            plan = load_plan(plan_path, job.options.max_size)
            if job.path.resolve() in side_files(plan):  # a folder holding the plan's annex or unit map
                return Outcome(str(job.path), skipped=Sentence("skipped_side_file"))
            check_output(job.output, [job.path, plan_path])
            run = score_inputs([job.path], plan, job.options)
            card = run.card
            if job.strict and (blockers := strict_blockers(card.issues)):
                first = blockers.first(1)[0].message(job.lang)
                return Outcome(str(job.path), error=ui("strict_blocked_first", job.lang, n=len(blockers), first=first))
            card = with_follow_up(card, job.history, job.lang)
            _finish_even_if_stopped()
            write_output(card, job.output, job.kind, job.lang)
        except HealthkpiError as exc:
            return Outcome(str(job.path), error=exc.render(job.lang, FLAGS))
        except Exception as exc:
            facts = {"kind": type(exc).__name__, "detail": exc}
            return Outcome(str(job.path), error=error_message("internal_error_in", job.lang, facts))
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
    history: Path | None = None,
) -> int:
    if folder.exists() and not folder.is_dir():
        raise UsageError(key="exists_not_folder", folder=folder)
    prepare_history(history)
    paths = inputs.paths
    if inputs.plan_path is not None:  # one plan for all: its side files are known at once
        sides = side_files(load_plan(inputs.plan_path, options.max_size))
        for path in [p for p in paths if p.resolve() in sides]:
            why = error_message("skipped_side_file", lang, {})
            stderr.print(f"healthkpi: {error_message('note_skipped', lang, {'path': path, 'why': why})}", markup=False)
        paths = [p for p in paths if p.resolve() not in sides]
        if not paths:
            raise UsageError(key="nothing_to_score")
    prepare_folder(folder)
    outputs = output_names(paths, folder, EXTENSION_OF[kind])
    for output in outputs:
        check_output(output, [*paths, *([inputs.plan_path] if inputs.plan_path else [])])
    work = [
        Job(p, inputs.plan_path, o, kind, fail_on, options, strict, lang, history)
        for p, o in zip(paths, outputs, strict=True)
    ]
    found = _run(work, jobs, show_progress=stderr.is_terminal and not quiet and len(work) > 1, stderr=stderr)
    interrupted = any(o is None or o.interrupted for o in found)
    outcomes = [
        o if o is not None else Outcome(str(job.path), interrupted=True) for o, job in zip(found, work, strict=True)
    ]
    for outcome in outcomes:
        if outcome.error:
            stderr.print(f"healthkpi: {outcome.error}", markup=False)
        elif outcome.skipped:
            facts = {"path": outcome.path, "why": say(outcome.skipped, lang)}
            stderr.print(f"healthkpi: {error_message('note_skipped', lang, facts)}", markup=False)
        elif outcome.note:
            stderr.print(f"healthkpi: {error_message('note', lang, {'text': say(outcome.note, lang)})}", markup=False)
    outcomes = [o for o in outcomes if o.skipped is None]
    if not quiet or interrupted:
        stdout.print(_summary_table(outcomes, lang))
    if interrupted:
        written = sum(1 for o in outcomes if o.output is not None)
        stderr.print(f"healthkpi: {ui('batch_interrupted', lang, written=written, n=len(outcomes))}", markup=False)
        return INTERRUPTED
    scored = [o for o in outcomes if o.error is None]
    verdict = Verdict(scored=len(scored), missed=any(o.missed for o in scored), left_out=len(outcomes) - len(scored))
    return exit_code(verdict, fail_on)


def _run(work: list[Job], jobs: int | None, show_progress: bool, stderr: Console) -> list[Outcome | None]:
    """Each job's outcome, in order; None for a job a signal cancelled before it started."""
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
            with _stopping_here(), keeping_a_reader():
                for i, job in enumerate(work):
                    outcome = score_to_file(job)
                    outcomes[i] = outcome
                    if outcome.interrupted or _stopping:
                        break
                    progress.advance(task)
        else:
            _run_in_pool(work, workers, outcomes, lambda: progress.advance(task))
    return outcomes


@contextlib.contextmanager
def _stopping_here() -> Iterator[None]:
    """The jobs run in this process (-j 1): a signal stops them as it stops a worker's."""
    global _stopping
    _stopping = False
    try:
        previous = {number: signal.signal(number, _stop_worker) for number in (signal.SIGINT, signal.SIGTERM)}
    except ValueError:  # not the main thread: signals cannot be handled here
        previous = {}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def _run_in_pool(work: list[Job], workers: int, outcomes: list[Outcome | None], advance: Callable[[], None]) -> None:
    pool = ProcessPoolExecutor(max_workers=workers, initializer=_start_worker)
    futures: dict[Future[Outcome], int] = {}
    try:
        with signals_held():  # the pool forks its workers as jobs are submitted
            for i, job in enumerate(work):
                futures[pool.submit(score_to_file, job)] = i
        for future in as_completed(futures):
            outcomes[futures[future]] = future.result()
            advance()
    except KeyboardInterrupt:  # SIGTERM or Ctrl+C in this process: stop the batch now
        for future in futures:
            future.cancel()  # not started: never will be
        for child in multiprocessing.active_children():  # the workers: abandon the job in hand
            with contextlib.suppress(OSError):
                os.kill(child.pid or 0, signal.SIGTERM)
        running = [f for f in futures if not f.cancelled()]
        finished, _ = wait(running, timeout=STOP_WAIT)
        for future in finished:
            with contextlib.suppress(Exception):
                outcomes[futures[future]] = future.result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


STOP_WAIT = 30.0  # seconds a stopped batch waits for its workers to drop what they are doing


def _summary_table(outcomes: list[Outcome], lang: str) -> Table:
    """Each input with its counts (✓ ~ ✗ –), or the word error (the reason is on stderr)."""
    table = Table(header_style="bold")
    table.add_column(ui("data", lang), overflow="fold")
    table.add_column("n", justify="right")
    for status in (Status.PASS, Status.NEAR, Status.FAIL, Status.NO_DATA):
        table.add_column(MARKS[status], justify="right", style=STATUS_STYLES[status])
    table.add_column("!", justify="right")
    table.add_column("→", overflow="fold")
    for outcome in outcomes:
        name = Path(outcome.path).name
        if outcome.error:
            table.add_row(name, "", "", "", "", "", "", Text(ui("error", lang), style="red"))
            continue
        if outcome.interrupted:
            table.add_row(name, "", "", "", "", "", "", Text(ui("not_written_stopped", lang), style="dim"))
            continue
        counts = [str(outcome.summary.get(s, 0)) for s in (Status.PASS, Status.NEAR, Status.FAIL, Status.NO_DATA)]
        table.add_row(name, str(outcome.units), *counts, str(outcome.issues), outcome.output or "")
    return table
