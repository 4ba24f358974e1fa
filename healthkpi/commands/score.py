"""`healthkpi score`."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console

from ..bundled import discover_plan, resolve_plan
from ..errors import UsageError
from ..inputs import expand_inputs
from ..outcome import BAD_INPUT, exit_code, strict_blockers
from ..output import refuse_overwriting_inputs, write_text
from ..plan import load_plan
from ..render.csvfile import render_csv
from ..render.jsondoc import render_json
from ..render.markdown import render_markdown
from ..render.table import render_table
from ..scorecard import Scorecard
from ..scoring import score
from ..workbook import peek_recorded_plan, read_data

TEXT_RENDERERS = {"json": render_json, "csv": render_csv, "markdown": render_markdown}
BY_EXTENSION = {".json": "json", ".csv": "csv", ".md": "markdown", ".markdown": "markdown"}


def run_score(
    *,
    data: list[str],
    plan: str | None,
    output_format: str,
    output: Path | None,
    period: str | None,
    sheet: str | None,
    fail_on: str,
    lang: str,
    locale: str,
    encoding: str | None,
    strict: bool,
    quiet: bool,
    stdout: Console,
    stderr: Console,
) -> int:
    paths = expand_inputs(data)
    plan_path = (
        resolve_plan(plan) if plan else discover_plan(paths[0], peek_recorded_plan(paths[0]))
    )
    output_kind = _output_kind(output)
    if output is not None:
        refuse_overwriting_inputs(output, [*paths, plan_path])
    loaded = load_plan(plan_path)
    dataset = read_data(paths, loaded, sheet=sheet, locale=locale, encoding=encoding)  # type: ignore[arg-type]
    card = score(loaded, dataset, period)

    if strict and (blockers := strict_blockers(card.issues)):
        stderr.print(
            f"healthkpi: --strict: {len(blockers)} data issue(s); nothing was scored:", markup=False
        )
        for issue in blockers[:20]:
            stderr.print(f"  {issue.level}: {issue.message(lang)}", markup=False)
        if len(blockers) > 20:
            stderr.print(f"  … and {len(blockers) - 20} more", markup=False)
        return BAD_INPUT

    if output is not None and output_kind is not None:
        write_text(output, TEXT_RENDERERS[output_kind](card, lang))
    _print(card, output_format, lang, quiet, stdout)
    return exit_code(card, fail_on)


def _output_kind(output: Path | None) -> str | None:
    if output is None:
        return None
    kind = BY_EXTENSION.get(output.suffix.lower())
    if kind is None:
        raise UsageError(f"{output}: unknown output type {output.suffix!r}; use .json, .csv or .md")
    return kind


def _print(card: Scorecard, output_format: str, lang: str, quiet: bool, stdout: Console) -> None:
    if output_format == "table":
        if not quiet:
            render_table(card, stdout, lang)
        return
    # Machine formats go to stdout byte for byte, whatever the terminal.
    text = TEXT_RENDERERS[output_format](card, lang)
    stdout.file.write(text)
    stdout.file.flush()
