"""The `healthkpi` command: parse arguments, call the library, render, exit (DESIGN §5).

This module imports only Typer and Rich at start-up; pandas, NumPy and the
rest load inside the commands that need them, so `--version`, `--help` and
`plans` answer at once. Each command gathers its options into the objects of
`cli.options` and hands them to its own module (`cli.score`, `cli.report`, …).
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import importlib
import os
import signal
import sys
import threading
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO, Annotated, Any, ParamSpec, TypeVar, cast

import typer
import typer.core
from rich.console import Console

from healthkpi.base.errors import HealthkpiError, UsageError
from healthkpi.base.inputs import tracking_inputs
from healthkpi.base.messages import ui
from healthkpi.base.version import __version__
from healthkpi.cli.exitcodes import BAD_INPUT, BROKEN_PIPE, INTERRUPTED
from healthkpi.cli.memory import process_ends_with_the_command
from healthkpi.cli.options import (
    FLAG,
    FLAGS,
    AllIssuesOption,
    AllowPartialOption,
    Common,
    DataArgument,
    EncodingOption,
    FailOn,
    FailOnOption,
    HeaderRowOption,
    HistoryOption,
    Lang,
    LangOption,
    Level,
    LevelOption,
    LocaleOption,
    MaxSizeOption,
    OutputFormat,
    ParentColumnOption,
    PeriodColumnOption,
    PlanOption,
    QuietOption,
    ReportFormat,
    ReportFormatOption,
    SheetOption,
    UnitColumnOption,
    UnitMapOption,
)


class HealthkpiGroup(typer.core.TyperGroup):
    """The command group, whose `main` every way in goes through (the console script, `python -m
    healthkpi`, Typer's test runner): Click's own words are said in the command line's language."""

    def main(self, args: Sequence[str] | None = None, *rest: Any, **extra: Any) -> Any:
        from healthkpi.cli.usage_words import speaking, speaks_english

        given = sys.argv[1:] if args is None else list(args)
        with speaking(not speaks_english(given)):  # Click's own errors come before --lang is read
            return super().main(args, *rest, **extra)


app = typer.Typer(
    name="healthkpi",
    cls=HealthkpiGroup,
    help="Score health-plan targets against district and commune workbooks.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

P = ParamSpec("P")
R = TypeVar("R")


def _stderr() -> Console:
    from healthkpi.render.terminal import SafeConsole  # no input text reaches the terminal as control codes

    return SafeConsole(stderr=True, highlight=False, soft_wrap=True)


def _stdout() -> Console:
    from healthkpi.render.terminal import SafeConsole, StandardOutput

    # a stand-in for a text file (write, flush, the rest delegated): Rich needs no more of it
    return SafeConsole(file=cast(IO[str], StandardOutput()), highlight=False)


def guarded(command: Callable[P, R]) -> Callable[P, R]:
    """Bad input → a short message and exit 2; a bug → a traceback and exit 3. Every file the
    command reads is recorded (`base.inputs`) so that no output is written over one of them."""

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        given = kwargs.get("lang")
        lang = given.value if isinstance(given, Lang) else "vi"  # the command's --lang: errors speak it too
        try:
            _no_option_taken_as_a_value(kwargs)
            with tracking_inputs():
                try:
                    return command(*args, **kwargs)
                finally:
                    _stop_early_reads()
        except BrokenPipeError:  # `healthkpi score … -f json | head`: the reader has all it wanted
            _silence_stdout()
            raise typer.Exit(BROKEN_PIPE) from None
        except HealthkpiError as exc:
            if os.environ.get("HEALTHKPI_DEBUG"):
                traceback.print_exc()
            _stderr().print(f"healthkpi: {exc.render(lang, FLAGS)}", markup=False)
            raise typer.Exit(BAD_INPUT) from None
        except KeyboardInterrupt:
            _stderr().print(f"healthkpi: {ui('interrupted', lang)}", markup=False)
            _interruption_said.append(True)
            raise typer.Exit(INTERRUPTED) from None
        except typer.Exit as done:
            if done.exit_code == INTERRUPTED:  # a batch stopped midway has said what it wrote
                _interruption_said.append(True)
            raise
        except (typer.Abort, SystemExit):
            raise
        except Exception:
            traceback.print_exc()
            _stderr().print(f"healthkpi: {ui('internal_error', lang)}", markup=False)
            raise typer.Exit(3) from None

    return wrapper


def _no_option_taken_as_a_value(given: dict[str, Any]) -> None:
    """`-o --lang en`: Click gives --output the value "--lang", and then reads "en" as a data file
    ("en: no such file"), or writes a file named --lang. An option's name given as another's value
    is a slip in the command line: said as such, exit 2, before anything is read or written."""
    context = _click_context()
    if context is None:
        return
    options = [param for param in context.command.params if param.param_type_name == "option"]
    names = {name for option in options for name in option.opts}
    for option in options:
        value = given.get(option.name or "")
        for one in value if isinstance(value, list | tuple) else [value]:
            if isinstance(one, str | Path) and str(one) in names:
                raise UsageError(key="option_as_value", option=max(option.opts, key=len), value=str(one))


def _click_context() -> Any:
    """The command being run, as Click parsed it: recent Typer carries its own copy of Click, older Typer used Click."""
    for module in ("typer._click.globals", "click.globals"):
        with contextlib.suppress(ImportError):
            return importlib.import_module(module).get_current_context(silent=True)
    return None


def _stop_early_reads() -> None:
    """Stop a read begun early (cli/early.py) that the command never asked for."""
    sandbox = sys.modules.get("healthkpi.read.sandbox")  # not imported: nothing was begun
    if sandbox is not None:
        sandbox.let_begun_go()


def _silence_stdout() -> None:
    """Point standard output at the null device, so that flushing it at exit cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # not a real file (a test runner's buffer): nothing to flush
        pass


def _command_names(ctx: typer.Context) -> list[str]:
    group = ctx.command
    return list(group.commands) if isinstance(group, typer.core.TyperGroup) else []


def _version(value: bool) -> None:
    if value:
        typer.echo(f"healthkpi {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    ctx: typer.Context,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.", metavar=FLAG),
    ] = False,
    lang: LangOption = Lang.vi,
) -> None:
    """healthkpi — plans in YAML, counts in Excel, a pass / near / fail scorecard."""
    if lang is Lang.en:  # `healthkpi --lang en score …`: the command's own --lang, unless it is given one
        ctx.default_map = {name: {"lang": lang.value} for name in _command_names(ctx)}


@app.command()
@guarded
def score(
    data: DataArgument,
    plan: PlanOption = None,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="What to print on standard output.")
    ] = OutputFormat.table,
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", help="Write the scorecard to a file: .xlsx, .json, .csv or .md."),
    ] = None,
    output_dir: Annotated[
        Path | None,
        typer.Option(
            "--output-dir",
            help="Score each input on its own and write one scorecard per input here "
            "(Excel, or the --format given: json, csv, markdown).",
        ),
    ] = None,
    period: Annotated[
        str | None,
        typer.Option("--period", help='Period to score (default: the latest; "all" for each).'),
    ] = None,
    sheet: SheetOption = None,
    header_row: HeaderRowOption = None,
    unit_column: UnitColumnOption = None,
    parent_column: ParentColumnOption = None,
    period_column: PeriodColumnOption = None,
    allow_partial: AllowPartialOption = False,
    fail_on: FailOnOption = FailOn.fail,
    lang: LangOption = Lang.vi,
    locale: LocaleOption = Lang.vi,
    encoding: EncodingOption = None,
    strict: Annotated[bool, typer.Option("--strict", help="Stop with exit 2 on any data issue.", metavar=FLAG)] = False,
    quiet: QuietOption = False,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            min=1,
            help="Inputs scored at once with --output-dir (default: all cores).",
        ),
    ] = None,
    all_issues: AllIssuesOption = False,
    max_size: MaxSizeOption = None,
    history: HistoryOption = None,
    unit_map: UnitMapOption = None,
    level: LevelOption = Level.unit,
    matrix: Annotated[
        bool,
        typer.Option(
            "--matrix",
            metavar=FLAG,
            help="Print the full units × indicators grid, however wide the plan "
            "(by default a plan too wide for one table is printed as an overview).",
        ),
    ] = False,
    indicator: Annotated[
        list[str] | None,
        typer.Option(
            "--indicator", "-i", help='Only this indicator (id or name); repeat, or "A;B", for more.', metavar="ID"
        ),
    ] = None,
    group: Annotated[
        list[str] | None,
        typer.Option(
            "--group", "-g", help='Only the indicators of this group; repeat, or "A;B", for more.', metavar="GROUP"
        ),
    ] = None,
    unit: Annotated[
        list[str] | None,
        typer.Option("--unit", "-u", help='Only this unit (or parent); repeat, or "A;B", for more.', metavar="UNIT"),
    ] = None,
    status: Annotated[
        list[str] | None,
        typer.Option(
            "--status",
            "-s",
            help="Only cells with these statuses: fail, near, pass, no_data (or đạt, gần-đạt, không-đạt); "
            "comma-separated or repeated.",
            metavar="STATUS",
        ),
    ] = None,
) -> None:
    """Score workbooks against a plan and print the scorecard.

    The terminal shows a plan that fits in one table as the units × indicators grid, and a wider
    one as an overview: a line per indicator (target, total, units met/near/missed, the unit
    furthest off) and a line per unit. --matrix prints the full grid; -i, -g, -u and --status
    print the grid cut down to what they name. They shape the terminal table only: files written,
    JSON, CSV and the exit code hold every result."""
    from healthkpi.cli.early import begin_reading_early

    common = Common(
        plan=plan,
        lang=lang.value,
        locale=locale.value,
        encoding=encoding,
        sheet=sheet,
        max_size=max_size,
        unit_map=unit_map,
        header_row=header_row,
        unit_column=unit_column,
        parent_column=parent_column,
        period_column=period_column,
        allow_partial=allow_partial,
    )
    begin_reading_early(data, common, output_dir)  # the workbook is read from here on, beside the imports below

    from healthkpi.cli.score import run_score
    from healthkpi.render.view import MATRIX, View, parse_statuses

    view = View(
        layout=MATRIX if matrix else "auto",
        indicators=_each(indicator),
        groups=_each(group),
        units=_each(unit),
        statuses=parse_statuses(list(status or ())),
    )
    code = run_score(
        data,
        common=common,
        period=period,
        level=level.value,
        output_format=output_format.value,
        output=output,
        output_dir=output_dir,
        jobs=jobs,
        fail_on=fail_on.value,
        strict=strict,
        quiet=quiet,
        all_issues=all_issues,
        view=view,
        history=history,
        stdout=_stdout(),
        stderr=_stderr(),
    )
    raise typer.Exit(code)


def _each(given: list[str] | None) -> tuple[str, ...]:
    """The names given to a repeatable filter: each option once, or several in one as "A;B" (as --sheet takes them)."""
    return tuple(name.strip() for one in given or () for name in one.split(";") if name.strip())


@app.command()
@guarded
def validate(
    data: DataArgument,
    plan: PlanOption = None,
    output_format: ReportFormatOption = ReportFormat.table,
    sheet: SheetOption = None,
    header_row: HeaderRowOption = None,
    unit_column: UnitColumnOption = None,
    parent_column: ParentColumnOption = None,
    period_column: PeriodColumnOption = None,
    allow_partial: AllowPartialOption = False,
    lang: LangOption = Lang.vi,
    locale: LocaleOption = Lang.vi,
    encoding: EncodingOption = None,
    all_issues: AllIssuesOption = False,
    max_size: MaxSizeOption = None,
    unit_map: UnitMapOption = None,
) -> None:
    """Check the data only: completeness, plausibility, consistency, outliers, names."""
    from healthkpi.cli.validate import run_validate

    common = Common(
        plan=plan,
        lang=lang.value,
        locale=locale.value,
        encoding=encoding,
        sheet=sheet,
        max_size=max_size,
        unit_map=unit_map,
        header_row=header_row,
        unit_column=unit_column,
        parent_column=parent_column,
        period_column=period_column,
        allow_partial=allow_partial,
    )
    code = run_validate(
        data,
        common=common,
        output_format=output_format.value,
        all_issues=all_issues,
        stdout=_stdout(),
        stderr=_stderr(),
    )
    raise typer.Exit(code)


@app.command()
@guarded
def explain(
    data: DataArgument,
    unit: Annotated[str, typer.Option("--unit", "-u", help='The unit to explain ("total" for the total).')],
    plan: PlanOption = None,
    indicator: Annotated[
        str | None, typer.Option("--indicator", "-i", help="Only this indicator (id or name).")
    ] = None,
    period: Annotated[str | None, typer.Option("--period", help="Period (default: the latest).")] = None,
    output_format: ReportFormatOption = ReportFormat.table,
    sheet: SheetOption = None,
    header_row: HeaderRowOption = None,
    unit_column: UnitColumnOption = None,
    parent_column: ParentColumnOption = None,
    period_column: PeriodColumnOption = None,
    allow_partial: AllowPartialOption = False,
    lang: LangOption = Lang.vi,
    locale: LocaleOption = Lang.vi,
    encoding: EncodingOption = None,
    unit_map: UnitMapOption = None,
) -> None:
    """Show how each number of one unit (or the total) was reached: cells, formula, target, status."""
    from healthkpi.cli.explain import run_explain

    common = Common(
        plan=plan,
        lang=lang.value,
        locale=locale.value,
        encoding=encoding,
        sheet=sheet,
        unit_map=unit_map,
        header_row=header_row,
        unit_column=unit_column,
        parent_column=parent_column,
        period_column=period_column,
        allow_partial=allow_partial,
    )
    code = run_explain(
        data,
        common=common,
        unit=unit,
        indicator=indicator,
        period=period,
        output_format=output_format.value,
        stdout=_stdout(),
        stderr=_stderr(),
    )
    raise typer.Exit(code)


@app.command()
@guarded
def template(
    plan: Annotated[str, typer.Argument(help="Targets file or bundled plan id.", metavar="PLAN")],
    output: Annotated[Path, typer.Option("-o", "--output", help="The workbook to write (.xlsx).")],
    units: Annotated[
        str | None,
        typer.Option("--units", help='Units, separated by ";": "Mường Lát;Quan Hóa;Quan Sơn".'),
    ] = None,
    units_file: Annotated[
        Path | None,
        typer.Option("--units-file", help="A text or CSV file listing the units, one per line."),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Write over an existing file (the figures entered in it are lost).")
    ] = False,
    lang: LangOption = Lang.vi,
) -> None:
    """Write a blank data-entry workbook for a plan."""
    from healthkpi.cli.template import run_template

    run_template(plan, output, units, units_file, _stdout(), lang.value, force=force)


@app.command()
@guarded
def report(
    data: DataArgument,
    plan: PlanOption = None,
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", help="The report to write (.html), one file with everything inside."),
    ] = None,
    output_dir: Annotated[
        Path | None,
        typer.Option("--output-dir", help="Report each input on its own: DIR/<input name>.html."),
    ] = None,
    period: Annotated[
        str | None,
        typer.Option("--period", help='Period to report (default: the latest; "all" for each).'),
    ] = None,
    sheet: SheetOption = None,
    header_row: HeaderRowOption = None,
    unit_column: UnitColumnOption = None,
    parent_column: ParentColumnOption = None,
    period_column: PeriodColumnOption = None,
    allow_partial: AllowPartialOption = False,
    fail_on: FailOnOption = FailOn.fail,
    lang: LangOption = Lang.vi,
    locale: LocaleOption = Lang.vi,
    encoding: EncodingOption = None,
    quiet: QuietOption = False,
    history: HistoryOption = None,
    unit_map: UnitMapOption = None,
    level: LevelOption = Level.unit,
) -> None:
    """Write a self-contained HTML scorecard with charts, printable on A4 landscape."""
    from healthkpi.cli.report import run_report

    common = Common(
        plan=plan,
        lang=lang.value,
        locale=locale.value,
        encoding=encoding,
        sheet=sheet,
        unit_map=unit_map,
        header_row=header_row,
        unit_column=unit_column,
        parent_column=parent_column,
        period_column=period_column,
        allow_partial=allow_partial,
    )
    code = run_report(
        data,
        common=common,
        period=period,
        level=level.value,
        output=output,
        output_dir=output_dir,
        fail_on=fail_on.value,
        quiet=quiet,
        history=history,
        stdout=_stdout(),
        stderr=_stderr(),
    )
    raise typer.Exit(code)


@app.command("history")
@guarded
def history_command(
    history: Annotated[Path, typer.Argument(help="The history file (--history of score and report).", metavar="FILE")],
    plan: Annotated[str | None, typer.Option("-t", "--plan", help="Only the runs of this plan (its id).")] = None,
    unit: Annotated[
        str | None,
        typer.Option("--unit", "-u", help='A unit\'s trend across runs and periods ("total" for the total).'),
    ] = None,
    indicator: Annotated[
        str | None, typer.Option("--indicator", "-i", help="An indicator's trend across runs and periods (its id).")
    ] = None,
    output_format: ReportFormatOption = ReportFormat.table,
    lang: LangOption = Lang.vi,
) -> None:
    """List the runs recorded in a history file; with --unit or --indicator, the trend of each across runs."""
    from healthkpi.cli.history import run_history

    code = run_history(
        history, plan=plan, unit=unit, indicator=indicator, output_format=output_format.value, lang=lang.value,
        stdout=_stdout(),
    )  # fmt: skip
    raise typer.Exit(code)


@app.command()
@guarded
def actions(
    data: DataArgument,
    output: Annotated[Path, typer.Option("-o", "--output", help="The actions workbook to write (.xlsx).")],
    plan: PlanOption = None,
    period: Annotated[str | None, typer.Option("--period", help="Period (default: the latest).")] = None,
    sheet: SheetOption = None,
    header_row: HeaderRowOption = None,
    unit_column: UnitColumnOption = None,
    parent_column: ParentColumnOption = None,
    period_column: PeriodColumnOption = None,
    allow_partial: AllowPartialOption = False,
    lang: LangOption = Lang.vi,
    locale: LocaleOption = Lang.vi,
    encoding: EncodingOption = None,
    quiet: QuietOption = False,
    max_size: MaxSizeOption = None,
    unit_map: UnitMapOption = None,
) -> None:
    """Write a sheet of the targets missed now, to fill in with actions, owners and due dates at the
    review; name it as the plan's actions: file and the next run shows each beside its target."""
    from healthkpi.cli.actions import run_actions

    common = Common(
        plan=plan, lang=lang.value, locale=locale.value, encoding=encoding, sheet=sheet, max_size=max_size,
        unit_map=unit_map, header_row=header_row, unit_column=unit_column, parent_column=parent_column,
        period_column=period_column, allow_partial=allow_partial,
    )  # fmt: skip
    code = run_actions(
        data, common=common, period=period, output=output, quiet=quiet, stdout=_stdout(), stderr=_stderr()
    )
    raise typer.Exit(code)


@app.command()
@guarded
def check(
    plans: Annotated[list[str], typer.Argument(help="Targets files or bundled plan ids.", metavar="PLAN...")],
    lang: LangOption = Lang.vi,
) -> None:
    """Validate targets files and report every problem in each."""
    from healthkpi.cli.plans import run_check

    raise typer.Exit(run_check(plans, lang.value, _stdout(), _stderr()))


@app.command()
@guarded
def show(
    plan: Annotated[str, typer.Argument(help="Targets file or bundled plan id.", metavar="PLAN")],
    lang: LangOption = Lang.vi,
) -> None:
    """Print a plan's indicators, formulas, targets and sources."""
    from healthkpi.cli.plans import run_show

    run_show(plan, lang.value, _stdout())


@app.command("plans")
@guarded
def list_plans(lang: LangOption = Lang.vi) -> None:
    """List the bundled plans."""
    from healthkpi.cli.plans import run_plans

    run_plans(lang.value, _stdout())


def _terminated(signum: int, _frame: object) -> None:
    # SIGTERM (a scheduler stopping a batch) unwinds like Ctrl+C, so half-written
    # temporary files are removed and earlier outputs stay as they were.
    raise KeyboardInterrupt


def main() -> None:
    """Console entry point."""
    signal.signal(signal.SIGTERM, _terminated)
    try:
        with process_ends_with_the_command():  # cli/memory.py: no collector turned back on for nothing
            app()
    except KeyboardInterrupt:  # between the start and the command (parsing its options): nothing written
        _say_interrupted()
        sys.exit(INTERRUPTED)
    except SystemExit as done:  # how Click ends every command
        if done.code == INTERRUPTED and not _interruption_said:
            _say_interrupted()  # Typer turns a Ctrl+C while it parses the options into exit 130, saying nothing
        if isinstance(done.code, int | None):
            _leave_at_once(done.code or 0)
        raise


_interruption_said: list[bool] = []  # a command said it was interrupted (`guarded`)


def _say_interrupted() -> None:
    from healthkpi.cli.usage_words import speaks_english

    with contextlib.suppress(BaseException):  # a second Ctrl+C, a closed stderr: the exit code says it
        sys.stderr.write(f"healthkpi: {ui('interrupted', 'en' if speaks_english(sys.argv[1:]) else 'vi')}\n")


def _leave_at_once(code: int) -> None:
    """End the process with `code` without the interpreter's teardown, when nothing is left to do.

    After a national run, tearing the interpreter down (freeing every object one by one, clearing
    each module) takes 0.1 to 0.3 s, and every output is already written, closed and in place. So
    the terminal's buffers are flushed, the exit handlers run (those of multiprocessing and
    tempfile among them), and the process ends. Where a thread or a child process is still
    there, the terminal cannot take what is left, or a profiler, debugger or coverage tool
    watches (it may write its report after `main` returns), this returns and Python exits as usual."""
    if threading.active_count() > 1 or _children_left() or sys.gettrace() or sys.getprofile():
        return
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
    except (OSError, ValueError):  # a closed pipe, a closed stream: the usual exit deals with it
        return
    atexit._run_exitfuncs()
    os._exit(code)


def _children_left() -> bool:
    process = sys.modules.get("multiprocessing.process")
    return bool(process is not None and process.active_children())
