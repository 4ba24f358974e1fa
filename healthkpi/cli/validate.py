"""`healthkpi validate`: the data-quality report alone."""

from __future__ import annotations

import json

from rich.console import Console
from rich.text import Text

from healthkpi.base.issues import Level
from healthkpi.base.messages import ui
from healthkpi.cli.exitcodes import MISSED, OK
from healthkpi.cli.score import ReadOptions, discover_for, read_for, report_inputs
from healthkpi.plan.bundled import resolve_plan
from healthkpi.read.inputs import expand_inputs
from healthkpi.read.sidefiles import load_plan_and_side_files as load_plan
from healthkpi.render.quality import completeness_document, level_counts, render_quality
from healthkpi.scoring.engine import ALL, score


def run_validate(
    *,
    data: list[str],
    plan: str | None,
    output_format: str,
    sheet: str | None,
    lang: str,
    locale: str,
    encoding: str | None,
    all_issues: bool,
    max_size: int,
    unit_map: str | None = None,
    stdout: Console,
    stderr: Console,
) -> int:
    """Exit 1 when an error-level issue is found, 0 otherwise (2 for bad input, raised)."""
    paths = expand_inputs(data)
    plan_path = resolve_plan(plan) if plan else discover_for(paths)
    loaded = load_plan(plan_path)
    options = ReadOptions(None, sheet, locale, encoding, lang, False, max_size, unit_map)
    dataset = read_for(paths, loaded, options, skip_unreadable=len(paths) > 1)
    report_inputs(dataset, stderr)
    card = score(loaded, dataset, ALL)  # every period: the checks look at all of the data
    issues = card.issues
    if output_format == "json":
        document = {
            "healthkpi": 1,
            "plan": {"id": loaded.id, "title": loaded.title(lang), "path": loaded.path},
            "inputs": [info.as_dict() for info in dataset.inputs],
            "completeness": completeness_document(card.completeness),
            "summary": level_counts(issues),
            "issues": [issue.as_dict(lang) for issue in issues],
            "failed_inputs": [{"path": path, "error": why} for path, why in dataset.failed],
        }
        stdout.file.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
    else:
        heading = Text(f"{loaded.title(lang)}  ({loaded.id})\n", style="bold")
        for info in dataset.inputs:
            heading.append(
                f"{ui('data', lang)}: {info.path} ({ui('sheet', lang)} {info.sheet}, {info.units} {ui('units', lang)})\n",
                style="dim",
            )
        stdout.print(heading)
        render_quality(card.completeness, issues, stdout, lang, all_issues)
    failed_inputs = bool(dataset.failed)
    return MISSED if failed_inputs or any(i.level is Level.ERROR for i in issues) else OK
