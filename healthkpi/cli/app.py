"""The `healthkpi` command: parse arguments, call the library, render, exit (DESIGN §5).

This module imports only Typer and Rich at start-up; pandas, NumPy and the
rest load inside the commands that need them, so `--version`, `--help` and
`plans` answer at once.
"""

from __future__ import annotations

import functools
import os
import signal
import sys
import traceback
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console

from healthkpi.base.errors import HealthkpiError, UsageError
from healthkpi.base.version import __version__

app = typer.Typer(
    name="healthkpi",
    help="Score health-plan targets against district and commune workbooks. "
    "Chấm điểm chỉ tiêu kế hoạch y tế từ số liệu các đơn vị.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

F = TypeVar("F", bound=Callable[..., Any])


class OutputFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


class ReportFormat(StrEnum):
    table = "table"
    json = "json"


class Level(StrEnum):
    unit = "unit"
    parent = "parent"


class FailOn(StrEnum):
    fail = "fail"
    near = "near"
    never = "never"


class Lang(StrEnum):
    vi = "vi"
    en = "en"


# Options shared by several commands, declared once.
PlanOption = Annotated[
    str | None,
    typer.Option("-t", "--plan", "--targets", help="Targets file (YAML) or bundled plan id.", metavar="PLAN"),
]
LangOption = Annotated[Lang, typer.Option("--lang", help="Language of labels and messages.")]
LocaleOption = Annotated[
    Lang,
    typer.Option("--locale", help="How numbers typed as text are written: vi = 1.234,5; en = 1,234.5."),
]
SheetOption = Annotated[str | None, typer.Option("--sheet", help="Sheet to read (default: the first that matches).")]
AllIssuesOption = Annotated[bool, typer.Option("--all-issues", help="List every data issue, not only the first few.")]
UnitMapOption = Annotated[
    Path | None,
    typer.Option("--unit-map", help="old_unit, new_unit[, share][, from_period]: roll old units into new ones."),
]
LevelOption = Annotated[
    Level, typer.Option("--level", help="unit: score each unit (with subtotals per parent); parent: score the parents.")
]
MaxSizeOption = Annotated[
    str | None,
    typer.Option(
        "--max-size",
        help="Largest size a workbook may expand to when read (default 300MB; e.g. 2GB for a genuine giant).",
    ),
]
ReportFormatOption = Annotated[
    ReportFormat, typer.Option("--format", "-f", help="table for people, json for programs.")
]
DataArgument = Annotated[
    list[str], typer.Argument(help="Workbooks (.xlsx .xlsm .xlsb .xls .ods .csv), folders or globs.")
]
EncodingOption = Annotated[str | None, typer.Option("--encoding", help="Encoding of CSV files (default: detected).")]


def _stderr() -> Console:
    return Console(stderr=True, highlight=False, soft_wrap=True)


def _stdout() -> Console:
    return Console(highlight=False)


def guarded(command: F) -> F:
    """Bad input → a short message and exit 2; a bug → a traceback and exit 3."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except HealthkpiError as exc:
            if os.environ.get("HEALTHKPI_DEBUG"):
                traceback.print_exc()
            _stderr().print(f"healthkpi: {exc}", markup=False)
            raise typer.Exit(2) from None
        except KeyboardInterrupt:
            _stderr().print("healthkpi: interrupted; no output was written", markup=False)
            raise typer.Exit(130) from None
        except (typer.Exit, typer.Abort, SystemExit):
            raise
        except Exception:
            traceback.print_exc()
            _stderr().print(
                "healthkpi: internal error — this is a bug in healthkpi, not a problem with your "
                "files; please report it with the message above",
                markup=False,
            )
            raise typer.Exit(3) from None

    return wrapper  # type: ignore[return-value]


def _size(text: str | None) -> int:
    from healthkpi.read.formats import DEFAULT_MAX_SIZE, parse_size

    if text is None:
        return DEFAULT_MAX_SIZE
    try:
        return parse_size(text)
    except ValueError as exc:
        raise UsageError(f"--max-size: {exc}") from None


def _path(path: Path | None) -> str | None:
    return str(path) if path is not None else None


def _version(value: bool) -> None:
    if value:
        typer.echo(f"healthkpi {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit."),
    ] = False,
) -> None:
    """healthkpi — plans in YAML, counts in Excel, a pass / near / fail scorecard."""


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
    fail_on: Annotated[
        FailOn, typer.Option("--fail-on", help="Exit 1 when a result is at or above this level.")
    ] = FailOn.fail,
    lang: LangOption = Lang.vi,
    locale: LocaleOption = Lang.vi,
    encoding: EncodingOption = None,
    strict: Annotated[bool, typer.Option("--strict", help="Stop with exit 2 on any data issue.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing but errors; use the exit code.")] = False,
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
    unit_map: UnitMapOption = None,
    level: LevelOption = Level.unit,
) -> None:
    """Score workbooks against a plan and print the scorecard."""
    from healthkpi.cli.score import ReadOptions, run_score

    code = run_score(
        data=data,
        plan=plan,
        output_format=output_format.value,
        output=output,
        output_dir=output_dir,
        jobs=jobs,
        fail_on=fail_on.value,
        options=ReadOptions(
            period, sheet, locale.value, encoding, lang.value, strict, _size(max_size), _path(unit_map), level.value
        ),
        quiet=quiet,
        stdout=_stdout(),
        stderr=_stderr(),
        all_issues=all_issues,
    )
    raise typer.Exit(code)


@app.command()
@guarded
def validate(
    data: DataArgument,
    plan: PlanOption = None,
    output_format: ReportFormatOption = ReportFormat.table,
    sheet: SheetOption = None,
    lang: LangOption = Lang.vi,
    locale: LocaleOption = Lang.vi,
    encoding: EncodingOption = None,
    all_issues: AllIssuesOption = False,
    max_size: MaxSizeOption = None,
    unit_map: UnitMapOption = None,
) -> None:
    """Check the data only: completeness, plausibility, consistency, outliers, names."""
    from healthkpi.cli.validate import run_validate

    code = run_validate(
        data=data,
        plan=plan,
        output_format=output_format.value,
        sheet=sheet,
        lang=lang.value,
        locale=locale.value,
        encoding=encoding,
        all_issues=all_issues,
        max_size=_size(max_size),
        unit_map=_path(unit_map),
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
    lang: LangOption = Lang.vi,
    locale: LocaleOption = Lang.vi,
    encoding: EncodingOption = None,
    unit_map: UnitMapOption = None,
) -> None:
    """Show how each number of one unit (or the total) was reached: cells, formula, target, status."""
    from healthkpi.cli.explain import run_explain

    code = run_explain(
        data=data,
        plan=plan,
        unit=unit,
        indicator=indicator,
        period=period,
        output_format=output_format.value,
        sheet=sheet,
        lang=lang.value,
        locale=locale.value,
        encoding=encoding,
        unit_map=_path(unit_map),
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
) -> None:
    """Write a blank data-entry workbook for a plan."""
    from healthkpi.cli.template import run_template

    run_template(plan, output, units, units_file, _stdout())


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
    fail_on: Annotated[
        FailOn, typer.Option("--fail-on", help="Exit 1 when a result is at or above this level.")
    ] = FailOn.fail,
    lang: LangOption = Lang.vi,
    locale: LocaleOption = Lang.vi,
    encoding: EncodingOption = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing but errors; use the exit code.")] = False,
    unit_map: UnitMapOption = None,
    level: LevelOption = Level.unit,
) -> None:
    """Write a self-contained HTML scorecard with charts, printable on A4 landscape."""
    from healthkpi.cli.report import run_report
    from healthkpi.cli.score import ReadOptions

    code = run_report(
        data=data,
        plan=plan,
        output=output,
        output_dir=output_dir,
        fail_on=fail_on.value,
        options=ReadOptions(
            period, sheet, locale.value, encoding, lang.value, False, unit_map=_path(unit_map), level=level.value
        ),
        quiet=quiet,
        stdout=_stdout(),
        stderr=_stderr(),
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
        app()
    except KeyboardInterrupt:  # pragma: no cover — interrupted outside a command
        sys.exit(130)
