"""`healthkpi actions DATA -o actions.xlsx`: the targets missed now, as a sheet for the review
meeting — the actions agreed so far (the plan's actions file) carried over — to be named as the
plan's `actions:` file and read back by the next run."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console

from healthkpi.base.errors import UsageError
from healthkpi.base.messages import ui
from healthkpi.cli.common import report_inputs, run_options
from healthkpi.cli.files import check_output, write_with
from healthkpi.cli.options import Common
from healthkpi.scoring.pipeline import gather, load_plan, score_inputs
from healthkpi.scoring.track import follow_up


def run_actions(
    data: list[str], *, common: Common, period: str | None, output: Path, quiet: bool, stdout: Console, stderr: Console
) -> int:
    if output.suffix.lower() != ".xlsx":
        raise UsageError(key="actions_not_xlsx", output=output)
    options = run_options(common, period=period)
    inputs = gather(data, common.plan, options.max_size)
    plan = load_plan(inputs.plan_path, options.max_size)  # the actions file it names is an input too
    check_output(output, [*inputs.paths, inputs.plan_path])
    run = score_inputs(inputs.paths, plan, options)
    report_inputs(run.data, stderr, common.lang, run.plan.id)
    card = run.card
    if card.plan.action_entries is None:
        card.plan.with_actions([])  # no actions file yet: every missed target starts a blank row
    card = follow_up(card, lang=common.lang)
    from healthkpi.render.actions_sheet import write_actions_sheet

    counts: list[tuple[int, int]] = []
    write_with(output, lambda temporary: counts.append(write_actions_sheet(card, temporary, common.lang)))
    if not quiet:
        missed, carried = counts[0]
        stdout.print(
            ui("actions_written", common.lang, path=str(output), missed=missed, carried=carried),
            markup=False,
            soft_wrap=True,
        )  # a path is never broken
    return 0
