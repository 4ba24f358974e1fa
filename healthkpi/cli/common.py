"""What several commands do alike once the scorecard exists: report the inputs, write and print it."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console

from healthkpi.base.errors import UsageError
from healthkpi.base.issues import Issues
from healthkpi.base.messages import error_message, say, ui
from healthkpi.base.text import printable
from healthkpi.cli.files import write_text, write_with
from healthkpi.cli.memory import give_back_freed_memory
from healthkpi.cli.options import FLAGS, Common
from healthkpi.cli.twohalves import write_pieces
from healthkpi.read.dataset import DataSet
from healthkpi.read.unitmap import read_unit_map
from healthkpi.render.csvfile import render_csv
from healthkpi.render.jsondoc import json_chunks, json_pieces, render_json
from healthkpi.render.markdown import render_markdown
from healthkpi.render.table import render_table
from healthkpi.render.view import View
from healthkpi.scoring.pipeline import RunOptions
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


def run_options(common: Common, *, period: str | None = None, level: str = "unit") -> RunOptions:
    """The pipeline's options from the command line's (the --unit-map file read once, here). Every
    command that reads data comes through here first: where freed memory starts to matter."""
    give_back_freed_memory()
    unit_map = None
    if common.unit_map is not None:
        unit_map = read_unit_map(common.unit_map, f"--unit-map {common.unit_map}", max_size=common.max_bytes)
    return RunOptions(
        period=period,
        level=level,
        hints=common.hints,
        allow_partial=common.allow_partial,
        locale=common.locale,
        encoding=common.encoding,
        max_size=common.max_bytes,
        unit_map=unit_map,
    )


def report_inputs(dataset: DataSet, stderr: Console, lang: str, plan_id: str | None = None) -> None:
    """Inputs left out, inputs read as something other than their name says, and inputs that record
    another plan than the one they are scored with (a blank form of one plan, `-t` naming another)."""
    for _path, error in dataset.left_out:
        stderr.print(
            f"healthkpi: {error_message('note_left_out', lang, {'problem': error.render(lang, FLAGS)})}", markup=False
        )
    for info in dataset.inputs:
        if info.note:
            stderr.print(f"healthkpi: {error_message('note', lang, {'text': say(info.note, lang)})}", markup=False)
    for info in dataset.inputs:
        if plan_id is not None and info.recorded_plan and info.recorded_plan != plan_id:
            facts = {"path": info.path, "recorded": info.recorded_plan, "plan": plan_id}
            stderr.print(f"healthkpi: {error_message('note_recorded_plan', lang, facts)}", markup=False)
    for path, why in dataset.skipped:
        stderr.print(
            f"healthkpi: {error_message('note_skipped', lang, {'path': path, 'why': say(why, lang)})}", markup=False
        )


def report_blockers(blockers: Issues, lang: str, stderr: Console, show_all: bool = False) -> None:
    stderr.print(f"healthkpi: {ui('strict_blocked', lang, n=len(blockers))}", markup=False)
    shown = list(blockers) if show_all else blockers.first(20)
    for issue in shown:
        stderr.print(f"  {ui(str(issue.level), lang)}: {issue.message(lang)}", markup=False)
    if len(blockers) > len(shown):
        stderr.print(f"  {ui('and_more', lang, n=len(blockers) - len(shown))}", markup=False)


def write_output(card: Scorecard, output: Path, kind: str, lang: str) -> None:
    """Write the scorecard as `kind` (xlsx, json, csv, markdown), atomically."""
    if kind == "xlsx":
        from healthkpi.render.excel import write_excel

        write_with(output, lambda temporary: write_excel(card, temporary, lang))
    elif kind == "json":
        write_with(output, lambda temporary: write_pieces(temporary, json_pieces(card, lang)))
    elif kind == "csv":
        # A byte-order mark: without it Excel on Windows opens UTF-8 as the ANSI code page and
        # garbles every Vietnamese letter. (Standard output stays without one, for pipes.)
        write_text(output, "\ufeff" + render_csv(card, lang))
    else:
        write_text(output, TEXT_RENDERERS[kind](card, lang))


def output_kind_of(output: Path | None) -> str | None:
    if output is None:
        return None
    kind = BY_EXTENSION.get(output.suffix.lower())
    if kind is None:
        raise UsageError(key="unknown_output_type", output=output, suffix=output.suffix)
    return kind


def output_names(paths: list[Path], folder: Path, suffix: str) -> list[Path]:
    """`district.xlsx` → `DIR/district<suffix>`; a repeated name gets -2, -3."""
    taken: set[str] = set()
    names = []
    for path in paths:
        stem, candidate, n = path.stem, path.stem, 1
        while candidate.casefold() in taken:
            n += 1
            candidate = f"{stem}-{n}"
        taken.add(candidate.casefold())
        names.append(folder / f"{candidate}{suffix}")
    return names


def print_scorecard(
    card: Scorecard,
    output_format: str,
    lang: str,
    quiet: bool,
    stdout: Console,
    all_issues: bool,
    view: View | None = None,
) -> None:
    if output_format == "table":
        if not quiet:
            render_table(card, stdout, lang, all_issues=all_issues, view=view)
        return
    # Machine formats go to stdout byte for byte (on a terminal, without control characters).
    chunks = json_chunks(card, lang) if output_format == "json" else [TEXT_RENDERERS[output_format](card, lang)]
    for chunk in chunks:
        write_raw(stdout, chunk)
    stdout.file.flush()


def write_raw(stdout: Console, text: str) -> None:
    """Text written to standard output as it is — except on a terminal, where a control character
    from an input (ESC, CSI) would act on the screen instead of being shown: it is left out."""
    stdout.file.write(printable(text) if stdout.is_terminal else text)
