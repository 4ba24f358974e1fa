"""`healthkpi score`: several inputs scored as one table, or with --output-dir one scorecard each."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console

from healthkpi.base.errors import UsageError
from healthkpi.base.messages import ui
from healthkpi.cli.common import (
    TEXT_RENDERERS,
    output_kind_of,
    print_scorecard,
    report_blockers,
    report_inputs,
    run_options,
    write_output,
)
from healthkpi.cli.exitcodes import Verdict, exit_code, strict_blockers, verdict_of
from healthkpi.cli.files import check_output
from healthkpi.cli.followup import prepare_history, with_follow_up
from healthkpi.cli.memory import cycles_collected_afterwards, kept_until_exit
from healthkpi.cli.options import Common
from healthkpi.render.view import MATRIX, View, check_view
from healthkpi.scoring.pipeline import gather, gather_each, load_plan, score_inputs


def run_score(
    data: list[str],
    *,
    common: Common,
    period: str | None,
    level: str,
    output_format: str,
    output: Path | None,
    output_dir: Path | None,
    jobs: int | None,
    fail_on: str,
    strict: bool,
    quiet: bool,
    all_issues: bool,
    stdout: Console,
    stderr: Console,
    view: View | None = None,
    history: Path | None = None,
) -> int:
    options = run_options(common, period=period, level=level)
    view = view or View()
    if (view.filtered or view.layout == MATRIX) and (output_format != "table" or output_dir is not None):
        raise UsageError(key="filters_table_only")
    if output_dir is not None:
        if output is not None:
            raise UsageError(key="output_or_output_dir")
        from healthkpi.cli.batch import run_batch

        kind = output_format if output_format in TEXT_RENDERERS else "xlsx"
        return run_batch(
            gather_each(data, common.plan), output_dir, kind, jobs=jobs, fail_on=fail_on, options=options, strict=strict,
            lang=common.lang, quiet=quiet, stdout=stdout, stderr=stderr, history=history,
        )  # fmt: skip

    with cycles_collected_afterwards():  # one run of one table (cli/memory.py)
        inputs = gather(data, common.plan, options.max_size)
        output_kind = output_kind_of(output)
        plan = load_plan(inputs.plan_path, options.max_size)  # its extended plans and side files are inputs too
        prepare_history(history)
        if output is not None:
            check_output(output, [*inputs.paths, inputs.plan_path])
        run = score_inputs(inputs.paths, plan, options)
        report_inputs(run.data, stderr, common.lang, run.plan.id)
        card = run.card
        if strict and (blockers := strict_blockers(card.issues)):
            report_blockers(blockers, common.lang, stderr, show_all=all_issues)
            return exit_code(Verdict(blocked=True))
        check_view(card, view)  # a filter naming nothing stops the run before anything is written
        card = with_follow_up(card, history, common.lang)
        kept_until_exit(run, card)  # not freed one object at a time as the command ends
        if output is not None and output_kind is not None:
            write_output(card, output, output_kind, common.lang)
            if not quiet:
                stderr.print(
                    ui("written", common.lang, path=str(output)), markup=False, highlight=False, soft_wrap=True
                )
        print_scorecard(card, output_format, common.lang, quiet, stdout, all_issues, view)
        return exit_code(verdict_of(card, fail_on), fail_on)
