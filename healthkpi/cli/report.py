"""`healthkpi report`: the scorecard as one self-contained HTML file with charts (DESIGN §5–§6).

Reads and scores exactly as `score` does; only the output differs. The HTML
renderer is imported here, when a report is asked for, never when the
command line starts.
"""

from __future__ import annotations

from pathlib import Path

from rich.console import Console

from healthkpi.base.errors import HealthkpiError, UsageError
from healthkpi.base.messages import error_message, ui
from healthkpi.cli.common import output_names, report_inputs, run_options
from healthkpi.cli.exitcodes import INTERRUPTED, Verdict, exit_code, verdict_of
from healthkpi.cli.files import check_output, prepare_folder, write_text
from healthkpi.cli.followup import prepare_history, with_follow_up
from healthkpi.cli.memory import cycles_collected_afterwards
from healthkpi.cli.options import FLAGS, Common
from healthkpi.read.workbook import side_files
from healthkpi.render.grid import MARKS
from healthkpi.scoring.pipeline import EachInput, RunOptions, gather, gather_each, load_plan, plan_for, score_inputs
from healthkpi.scoring.scorecard import Scorecard

HTML_SUFFIXES = (".html", ".htm")


def run_report(
    data: list[str],
    *,
    common: Common,
    period: str | None,
    level: str,
    output: Path | None,
    output_dir: Path | None,
    fail_on: str,
    quiet: bool,
    stdout: Console,
    stderr: Console,
    history: Path | None = None,
) -> int:
    if output is None and output_dir is None:
        raise UsageError(key="report_where")
    if output is not None and output_dir is not None:
        raise UsageError(key="report_output_or_dir")
    if output is not None and output.suffix.lower() not in HTML_SUFFIXES:
        raise UsageError(key="report_is_html", output=output)
    options = run_options(common, period=period, level=level)
    if output_dir is not None:
        each = gather_each(data, common.plan)
        prepare_history(history)
        return _one_per_input(each, output_dir, fail_on, options, common.lang, quiet, stdout, stderr, history)

    with cycles_collected_afterwards():  # one run of one table (cli/memory.py)
        assert output is not None
        inputs = gather(data, common.plan, options.max_size)
        plan = load_plan(inputs.plan_path, options.max_size)  # its side files are inputs too
        prepare_history(history)
        check_output(output, [*inputs.paths, inputs.plan_path])
        run = score_inputs(inputs.paths, plan, options)
        report_inputs(run.data, stderr, common.lang, run.plan.id)
        with_follow_up(run.card, history, common.lang)
        write_report(run.card, output, common.lang)
        if not quiet:
            stdout.print(_line(run.card, output, common.lang), markup=False, highlight=False, soft_wrap=True)
        return exit_code(verdict_of(run.card, fail_on), fail_on)


def write_report(card: Scorecard, output: Path, lang: str) -> None:
    """Render the report and put it in place atomically."""
    from healthkpi.render.html import render_html

    write_text(output, render_html(card, lang))


def _one_per_input(
    inputs: EachInput,
    folder: Path,
    fail_on: str,
    options: RunOptions,
    lang: str,
    quiet: bool,
    stdout: Console,
    stderr: Console,
    history: Path | None = None,
) -> int:
    """DIR/<input stem>.html for each input, one after the other; one bad input never stops the
    others, a signal stops them all (the reports already written are complete and listed)."""
    prepare_folder(folder)
    outputs = output_names(inputs.paths, folder, ".html")
    for output in outputs:
        check_output(output, [*inputs.paths, *([inputs.plan_path] if inputs.plan_path else [])])
    written, left_out, missed = 0, 0, False
    for path, output in zip(inputs.paths, outputs, strict=True):
        try:
            card = _report_one(path, inputs.plan_path, output, options, lang, history)
        except HealthkpiError as exc:
            stderr.print(f"healthkpi: {exc.render(lang, FLAGS)}", markup=False)
            left_out += 1
            continue
        except KeyboardInterrupt:
            stderr.print(
                f"healthkpi: {ui('reports_interrupted', lang, written=written, n=len(inputs.paths))}", markup=False
            )
            return INTERRUPTED
        if card is None:
            facts = {"path": path, "why": error_message("skipped_side_file", lang, {})}
            stderr.print(f"healthkpi: {error_message('note_skipped', lang, facts)}", markup=False)
            continue
        written += 1
        missed = missed or card.missed(fail_on)
        if not quiet:
            stdout.print(_line(card, output, lang), markup=False, highlight=False, soft_wrap=True)
    return exit_code(Verdict(scored=written, missed=missed, left_out=left_out), fail_on)


def _report_one(
    path: Path, given: Path | None, output: Path, options: RunOptions, lang: str, history: Path | None = None
) -> Scorecard | None:
    """Score one input with its own plan (unless one is given) and write its report; None for a
    side file of the plan."""
    plan_path = plan_for(path, given, options.max_size)
    plan = load_plan(plan_path, options.max_size)
    if path.resolve() in side_files(plan):
        return None
    check_output(output, [path, plan_path])
    card = with_follow_up(score_inputs([path], plan, options).card, history, lang)
    write_report(card, output, lang)
    return card


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
