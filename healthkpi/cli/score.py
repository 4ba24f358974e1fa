"""`healthkpi score`: several inputs scored as one table, or with --output-dir one scorecard each."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console

from healthkpi.base.errors import UsageError, WorkbookError
from healthkpi.base.messages import ui
from healthkpi.cli.exitcodes import BAD_INPUT, MISSED, exit_code, strict_blockers
from healthkpi.cli.files import refuse_overwriting_inputs, write_text, write_with
from healthkpi.plan.bundled import discover_plan, resolve_plan
from healthkpi.plan.schema import Plan
from healthkpi.read.dataset import DataSet
from healthkpi.read.formats import DEFAULT_MAX_SIZE
from healthkpi.read.inputs import expand_inputs
from healthkpi.read.sidefiles import load_plan_and_side_files as load_plan
from healthkpi.read.workbook import peek_recorded_plan, read_data
from healthkpi.render.csvfile import render_csv
from healthkpi.render.jsondoc import json_chunks, render_json
from healthkpi.render.markdown import render_markdown
from healthkpi.render.table import render_table
from healthkpi.scoring.engine import score
from healthkpi.scoring.scorecard import Scorecard

TEXT_RENDERERS = {"json": render_json, "csv": render_csv, "markdown": render_markdown}
BY_EXTENSION = {
    ".json": "json",
    ".csv": "csv",
    ".md": "markdown",
    ".markdown": "markdown",
    ".xlsx": "xlsx",
}
EXTENSION_OF = {"xlsx": ".xlsx", "json": ".json", "csv": ".csv", "markdown": ".md"}


@dataclass(frozen=True)
class ReadOptions:
    """How to read and score each input; picklable, for batch workers."""

    period: str | None
    sheet: str | None
    locale: str
    encoding: str | None
    lang: str
    strict: bool
    max_size: int = DEFAULT_MAX_SIZE
    unit_map: str | None = None  # --unit-map FILE (else the plan's own unit_map:)
    level: str = "unit"  # --level parent scores the parents


def read_for(paths: list[Path] | Path, plan: Plan, options: ReadOptions, skip_unreadable: bool = False) -> DataSet:
    """`read_data` with every reading option of the command line."""
    unit_map = None
    if options.unit_map is not None:
        from healthkpi.read.unitmap import read_unit_map

        unit_map = read_unit_map(Path(options.unit_map), f"--unit-map {options.unit_map}")
    return read_data(
        paths,
        plan,
        sheet=options.sheet,
        locale=options.locale,  # type: ignore[arg-type]
        encoding=options.encoding,
        skip_unreadable=skip_unreadable,
        max_size=options.max_size,
        unit_map=unit_map,
    )


def run_score(
    *,
    data: list[str],
    plan: str | None,
    output_format: str,
    output: Path | None,
    output_dir: Path | None,
    jobs: int | None,
    fail_on: str,
    options: ReadOptions,
    quiet: bool,
    stdout: Console,
    stderr: Console,
    all_issues: bool = False,
) -> int:
    paths = expand_inputs(data)
    plan_path = resolve_plan(plan) if plan else discover_for(paths)
    if output_dir is not None:
        if output is not None:
            raise UsageError("use either -o FILE (one scorecard) or --output-dir DIR (one per input), not both")
        from healthkpi.cli.batch import run_batch

        kind = output_format if output_format in TEXT_RENDERERS else "xlsx"
        return run_batch(paths, plan_path, output_dir, kind, jobs, fail_on, options, quiet, stdout, stderr)

    output_kind = output_kind_of(output)
    if output is not None:
        refuse_overwriting_inputs(output, [*paths, plan_path])
    loaded = load_plan(plan_path)
    dataset = read_for(paths, loaded, options, skip_unreadable=len(paths) > 1)
    report_inputs(dataset, stderr)
    card = score(loaded, dataset, options.period, options.level)

    if options.strict and (blockers := strict_blockers(card.issues)):
        report_blockers(blockers, options.lang, stderr)
        return BAD_INPUT

    if output is not None and output_kind is not None:
        write_output(card, output, output_kind, options.lang)
    _print(card, output_format, options.lang, quiet, stdout, all_issues)
    code = exit_code(card, fail_on)
    if dataset.failed and fail_on != "never":
        code = max(code, MISSED)  # an input that could not be read counts as a missed target
    return code


def report_inputs(dataset: DataSet, stderr: Console) -> None:
    """Inputs left out, and inputs read as something other than their name says."""
    for _path, why in dataset.failed:
        stderr.print(f"healthkpi: left out: {why}", markup=False)
    for info in dataset.inputs:
        if info.note:
            stderr.print(f"healthkpi: note: {info.note}", markup=False)
    for path, why in dataset.skipped:
        stderr.print(f"healthkpi: note: {path} was skipped: {why}", markup=False)


def discover_for(paths: list[Path]) -> Path:
    """The plan recorded in the first readable input, else one found next to the data."""
    for path in paths:
        try:
            recorded = peek_recorded_plan(path)
        except WorkbookError:
            continue
        return discover_plan(path, recorded)
    return discover_plan(paths[0], None)


def report_blockers(blockers: list, lang: str, stderr: Console) -> None:  # type: ignore[type-arg]
    stderr.print(f"healthkpi: {ui('strict_blocked', lang, n=len(blockers))}", markup=False)
    for issue in blockers[:20]:
        stderr.print(f"  {ui(str(issue.level), lang)}: {issue.message(lang)}", markup=False)
    if len(blockers) > 20:
        stderr.print(f"  {ui('and_more', lang, n=len(blockers) - 20)}", markup=False)


def write_output(card: Scorecard, output: Path, kind: str, lang: str) -> None:
    """Write the scorecard as `kind` (xlsx, json, csv, markdown), atomically."""
    if kind == "xlsx":
        from healthkpi.render.excel import write_excel

        write_with(output, lambda temporary: write_excel(card, temporary, lang))
    elif kind == "json":
        write_with(output, lambda temporary: _write_chunks(temporary, json_chunks(card, lang)))
    else:
        write_text(output, TEXT_RENDERERS[kind](card, lang))


def _write_chunks(path: Path, chunks: Iterable[str]) -> None:
    with path.open("w", encoding="utf-8", newline="") as out:
        for chunk in chunks:
            out.write(chunk)


def output_kind_of(output: Path | None) -> str | None:
    if output is None:
        return None
    kind = BY_EXTENSION.get(output.suffix.lower())
    if kind is None:
        raise UsageError(f"{output}: unknown output type {output.suffix!r}; use .xlsx, .json, .csv or .md")
    return kind


def _print(card: Scorecard, output_format: str, lang: str, quiet: bool, stdout: Console, all_issues: bool) -> None:
    if output_format == "table":
        if not quiet:
            render_table(card, stdout, lang, all_issues=all_issues)
        return
    # Machine formats go to stdout byte for byte, whatever the terminal.
    chunks = json_chunks(card, lang) if output_format == "json" else [TEXT_RENDERERS[output_format](card, lang)]
    for chunk in chunks:
        stdout.file.write(chunk)
    stdout.file.flush()
