"""`healthkpi report`: the scorecard as one self-contained HTML file with charts (DESIGN §5–§6).

Reads and scores exactly as `score` does; only the output differs. The HTML
renderer is imported here, when a report is asked for, never when the
command line starts.
"""

from __future__ import annotations

from pathlib import Path

from rich.console import Console

from healthkpi.base.errors import HealthkpiError, UsageError
from healthkpi.base.messages import ui
from healthkpi.cli.batch import output_names
from healthkpi.cli.exitcodes import BAD_INPUT, MISSED, OK, exit_code
from healthkpi.cli.files import refuse_overwriting_inputs, write_text
from healthkpi.cli.score import ReadOptions, discover_for, read_for, report_inputs
from healthkpi.plan.bundled import resolve_plan
from healthkpi.read.inputs import expand_inputs
from healthkpi.read.sidefiles import load_plan_and_side_files as load_plan
from healthkpi.render.grid import MARKS
from healthkpi.scoring.engine import score
from healthkpi.scoring.scorecard import Scorecard

HTML_SUFFIXES = (".html", ".htm")


def run_report(
    *,
    data: list[str],
    plan: str | None,
    output: Path | None,
    output_dir: Path | None,
    fail_on: str,
    options: ReadOptions,
    quiet: bool,
    stdout: Console,
    stderr: Console,
) -> int:
    if output is None and output_dir is None:
        raise UsageError("say where to write the report: -o FILE.html, or --output-dir DIR for one per input")
    if output is not None and output_dir is not None:
        raise UsageError("use either -o FILE.html (one report) or --output-dir DIR (one per input), not both")
    if output is not None and output.suffix.lower() not in HTML_SUFFIXES:
        raise UsageError(f"{output}: a report is an HTML file; name it .html")
    paths = expand_inputs(data)
    plan_path = resolve_plan(plan) if plan else discover_for(paths)
    if output_dir is not None:
        return _one_per_input(paths, plan_path, output_dir, fail_on, options, quiet, stdout, stderr)

    assert output is not None
    refuse_overwriting_inputs(output, [*paths, plan_path])
    loaded = load_plan(plan_path)
    dataset = read_for(paths, loaded, options, skip_unreadable=len(paths) > 1)
    report_inputs(dataset, stderr)
    card = score(loaded, dataset, options.period, options.level)
    write_report(card, output, options.lang)
    if not quiet:
        stdout.print(_line(card, output, options.lang), markup=False, highlight=False, soft_wrap=True)
    code = exit_code(card, fail_on)
    if dataset.failed and fail_on != "never":
        code = max(code, MISSED)  # an input that could not be read counts as a missed target
    return code


def write_report(card: Scorecard, output: Path, lang: str) -> None:
    """Render the report and put it in place atomically."""
    from healthkpi.render.html import render_html

    write_text(output, render_html(card, lang))


def _one_per_input(
    paths: list[Path],
    plan_path: Path,
    folder: Path,
    fail_on: str,
    options: ReadOptions,
    quiet: bool,
    stdout: Console,
    stderr: Console,
) -> int:
    """DIR/<input stem>.html for each input; one bad input never stops the others."""
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{folder}: exists and is not a folder")
    folder.mkdir(parents=True, exist_ok=True)
    outputs = [name.with_suffix(".html") for name in output_names(paths, folder, "xlsx")]
    for output in outputs:
        refuse_overwriting_inputs(output, [*paths, plan_path])
    loaded = load_plan(plan_path)
    written = 0
    missed = False
    for path, output in zip(paths, outputs, strict=True):
        try:
            dataset = read_for(path, loaded, options)
            card = score(loaded, dataset, options.period, options.level)
            write_report(card, output, options.lang)
        except HealthkpiError as exc:
            stderr.print(f"healthkpi: {exc}", markup=False)
            missed = True
            continue
        written += 1
        missed = missed or card.missed(fail_on)
        if not quiet:
            stdout.print(_line(card, output, options.lang), markup=False, highlight=False, soft_wrap=True)
    if not written:
        return BAD_INPUT
    return MISSED if missed and fail_on != "never" else OK


def _line(card: Scorecard, output: Path, lang: str) -> str:
    """`report.html  ✓ 12  ~ 3  ✗ 5  – 1` — what was written and how it scored."""
    parts = [str(output)]
    if card.plan.indicators:
        counts = card.summary()
        parts += [f"{MARKS[s]} {counts[s]}" for s in counts]
    if card.activities is not None:
        overall = card.activities.overall
        parts.append(f"{ui('activities', lang)}: {ui('done', lang)} {overall.done}/{overall.total}")
    return "  ".join(parts)
