"""`healthkpi explain`: how each number was reached."""

from __future__ import annotations

import json

from rich.console import Console

from healthkpi.cli.common import report_inputs, run_options, write_raw
from healthkpi.cli.exitcodes import Verdict, exit_code
from healthkpi.cli.options import Common
from healthkpi.render.explain import explain
from healthkpi.render.explain_panels import render_explanation
from healthkpi.scoring.pipeline import gather, score_inputs


def run_explain(
    data: list[str],
    *,
    common: Common,
    unit: str,
    indicator: str | None,
    period: str | None,
    output_format: str,
    stdout: Console,
    stderr: Console,
) -> int:
    inputs = gather(data, common.plan, common.max_bytes)
    run = score_inputs(inputs.paths, inputs.plan_path, run_options(common, period=period))
    report_inputs(run.data, stderr, common.lang, run.plan.id)
    card, lang = run.card, common.lang
    explanation = explain(card, unit, indicator, lang)
    if output_format == "json":
        write_raw(stdout, json.dumps(explanation.as_dict(), ensure_ascii=False, indent=2) + "\n")
    else:
        render_explanation(explanation, stdout, lang)
    return exit_code(Verdict())  # explaining is not scoring: 0 whatever the statuses
