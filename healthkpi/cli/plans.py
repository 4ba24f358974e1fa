"""`healthkpi check`, `show` and `plans`."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from healthkpi.base.errors import PlanError, UsageError
from healthkpi.base.messages import ui
from healthkpi.cli.exitcodes import Verdict, exit_code
from healthkpi.cli.options import FLAGS
from healthkpi.plan.bundled import bundled_plans, resolve_plan, shown_plan_path
from healthkpi.plan.doubts import doubts
from healthkpi.plan.schema import Plan

LEVELS = ("province", "district", "commune")  # the levels a bundled plan names, said in the user's language


def run_check(plans: list[str], lang: str, stdout: Console, stderr: Console) -> int:
    from healthkpi.scoring.pipeline import load_plan  # the plan and its side files (pandas): not for `plans`

    failed = 0
    for given in plans:
        try:
            plan = load_plan(resolve_plan(given))
        except (PlanError, UsageError) as exc:
            failed += 1
            stderr.print(exc.render(lang, FLAGS), markup=False)
            continue
        said = "valid_plan_one" if len(plan.indicators) == 1 else "valid_plan"  # "1 indicator", not "1 indicators"
        stdout.print(f"{given}: " + ui(said, lang, id=plan.id, n=len(plan.indicators)), markup=False)
        for doubt in doubts(plan):
            said = ui(doubt.key, lang, indicator=doubt.indicator, **doubt.facts)
            stdout.print(f"  {ui('doubt', lang)}: {said}", markup=False, soft_wrap=True)
    return exit_code(Verdict(blocked=failed > 0))


def run_show(given: str, lang: str, stdout: Console) -> None:
    from healthkpi.render.grid import rule_text, target_text  # imports pandas: only `show` needs it, not `plans`
    from healthkpi.scoring.pipeline import load_plan

    plan = load_plan(resolve_plan(given))
    stdout.print(_heading(plan, lang))
    rows = []
    for indicator in plan.indicators:
        name = Text(indicator.label(lang), style="bold")
        name.append(f"\n{indicator.id}", style="dim")
        if indicator.unit:
            name.append(f" ({indicator.unit})", style="dim")
        target = target_text(indicator, lang)
        if indicator.baseline:
            target += "\n" + ui("on_track", lang, by=indicator.by, baseline=indicator.baseline)
        if indicator.accumulate:
            target += "\n" + ui(f"accumulate_{indicator.accumulate}", lang)
        if indicator.total_target is not None:
            total = plan.plan.total_label or ui("overall", lang)
            target += f"\n{total}: {rule_text(indicator.total_target, lang)}"
        rows.append(
            (
                name,
                indicator.formula,
                target,
                indicator.near.shown(lang) if indicator.near else "",
                indicator.source or "",
            )
        )
    # Ids and variable names are copied into commands and plans: a column is never narrower than
    # the longest of them (Rich folds a word longer than its column). Where the five columns cannot
    # all be that wide, each indicator is a block of lines instead.
    longest_id = max((len(i.id) for i in plan.indicators), default=0)
    longest_token = max((len(t) for i in plan.indicators for t in i.formula.split()), default=0)
    if longest_id + longest_token + 14 + 8 + 24 + 16 <= stdout.width:
        table = Table(show_lines=True, header_style="bold")
        for key, width in (("indicator", longest_id), ("formula", longest_token), ("target", 0), ("near_band", 0)):
            table.add_column(ui(key, lang), overflow="fold", min_width=width or None)
        table.add_column(ui("source", lang), overflow="fold")
        for row in rows:
            table.add_row(*row)
        stdout.print(table)
    else:
        for name, formula, target, near, source in rows:
            stdout.print(name)
            block = Table.grid(padding=(0, 1), pad_edge=True)
            block.add_column(style="dim", no_wrap=True)
            block.add_column(overflow="fold")
            for key, value in (("formula", formula), ("target", target), ("near_band", near), ("source", source)):
                if value:
                    block.add_row(f" {ui(key, lang)}:", value)
            stdout.print(block)
            stdout.print()
    longest_variable = max((len(v) for v in plan.variables), default=0)
    variables = Table(title=ui("variables", lang), title_justify="left", header_style="bold")
    variables.add_column(ui("id", lang), no_wrap=True, min_width=longest_variable)
    for key in ("label", "aliases"):
        variables.add_column(ui(key, lang), overflow="fold")
    for variable, spec in plan.variables.items():
        shown = (spec.label_en or spec.label) if lang == "en" else spec.label
        variables.add_row(variable, shown, "; ".join(spec.aliases))
    stdout.print(variables)
    if plan.constants:
        stdout.print(Text(ui("constants", lang), style="bold"))
        for constant, number in plan.constants.items():
            stdout.print(f"  {constant} = {number:g}", markup=False)
    if plan.activities:
        activities = Table(
            title=ui("activities", lang),
            title_justify="left",
            header_style="bold",
            show_lines=False,
        )
        activities.add_column(ui("id", lang), no_wrap=True)
        for key in ("group", "indicator"):
            activities.add_column(ui(key, lang) if key != "indicator" else "", overflow="fold")
        for activity in plan.activities:
            activities.add_row(activity.id, activity.group, activity.text)
        stdout.print(activities)
    if plan.checks:
        stdout.print(Text(ui("checks", lang), style="bold"))
        for check in plan.checks:
            stdout.print(f"  {check}", markup=False)


def _heading(plan: Plan, lang: str) -> Text:
    text = Text(plan.title(lang), style="bold")
    text.append(f"  ({plan.id})\n", style="dim")
    for key, value in (
        ("issuer", plan.plan.issuer),
        ("document", plan.plan.document),
        ("period", plan.plan.period),
    ):
        if value:
            text.append(f"{ui(key, lang)}: {value}\n")
    text.append(f"{ui('plan', lang)}: {shown_plan_path(plan.path, lang)}\n", style="dim")
    return text


def run_plans(lang: str, stdout: Console) -> None:
    table = Table(header_style="bold")
    table.add_column(ui("id", lang), no_wrap=True)  # copied into `-t ID`: never wrapped
    for key in ("title", "issuer", "level", "count"):
        table.add_column(ui(key, lang), overflow="fold")
    for plan in bundled_plans():
        title = (plan.title_en or plan.title) if lang == "en" else plan.title
        level = ui(f"level_{plan.level}", lang) if plan.level in LEVELS else (plan.level or "")
        table.add_row(plan.id, title, plan.issuer or "", level, str(plan.indicators))
    stdout.print(table)
