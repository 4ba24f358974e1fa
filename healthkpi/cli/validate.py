"""`healthkpi validate`: the data-quality report alone."""

from __future__ import annotations

import json

from rich.console import Console
from rich.text import Text

from healthkpi.base.messages import input_line
from healthkpi.cli.common import report_inputs, run_options, write_raw
from healthkpi.cli.exitcodes import Verdict, exit_code
from healthkpi.cli.options import Common
from healthkpi.render.jsondoc import issue_records
from healthkpi.render.quality import completeness_document, level_counts, render_quality
from healthkpi.scoring.engine import ALL
from healthkpi.scoring.pipeline import gather, score_inputs


def run_validate(
    data: list[str], *, common: Common, output_format: str, all_issues: bool, stdout: Console, stderr: Console
) -> int:
    """Exit 1 when an error-level issue is found, 0 otherwise (2 for bad input, raised)."""
    inputs = gather(data, common.plan, common.max_bytes)
    run = score_inputs(inputs.paths, inputs.plan_path, run_options(common, period=ALL))  # the checks see every period
    loaded, dataset, card, lang = run.plan, run.data, run.card, common.lang
    report_inputs(dataset, stderr, lang, loaded.id)
    issues = card.issues
    if output_format == "json":
        document = {
            "healthkpi": 1,
            "plan": {"id": loaded.id, "title": loaded.title(lang), "path": loaded.path},
            "inputs": [info.as_dict() for info in dataset.inputs],
            "completeness": completeness_document(card.completeness),
            "summary": level_counts(issues),
            "issues": issue_records(issues, lang),
            "failed_inputs": [{"path": path, "error": why} for path, why in dataset.failed_in(lang)],
        }
        write_raw(stdout, json.dumps(document, ensure_ascii=False, indent=2) + "\n")
    else:
        heading = Text(f"{loaded.title(lang)}  ({loaded.id})\n", style="bold")
        for info in dataset.inputs:
            heading.append(
                input_line(info.path, info.sheet, info.units, len(dataset.activities), lang) + "\n",
                style="dim",
            )
        stdout.print(heading)
        render_quality(card.completeness, issues, stdout, lang, all_issues, card.quality_card())
    errors = issues.levels()["error"] > 0
    return exit_code(Verdict(missed=errors, left_out=len(dataset.failed)))
