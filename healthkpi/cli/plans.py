"""`healthkpi check`, `show` and `plans`."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from healthkpi.base.errors import PlanError, UsageError
from healthkpi.base.messages import ui
from healthkpi.cli.exitcodes import Verdict, exit_code
from healthkpi.plan.bundled import bundled_plans, resolve_plan
from healthkpi.plan.schema import Plan


def run_check(plans: list[str], lang: str, stdout: Console, stderr: Console) -> int:
    from healthkpi.scoring.pipeline import load_plan  # the plan and its side files (pandas): not for `plans`

    failed = 0
    for given in plans:
        try:
            plan = load_plan(resolve_plan(given))
        except (PlanError, UsageError) as exc:
            failed += 1
            stderr.print(str(exc), markup=False)
            continue
        stdout.print(f"{given}: " + ui("valid_plan", lang, id=plan.id, n=len(plan.indicators)), markup=False)
    return exit_code(Verdict(blocked=failed > 0))


def run_show(given: str, lang: str, stdout: Console) -> None:
    from healthkpi.render.grid import rule_text, target_text  # imports pandas: only `show` needs it, not `plans`
    from healthkpi.scoring.pipeline import load_plan

    plan = load_plan(resolve_plan(given))
    stdout.print(_heading(plan, lang))
    table = Table(show_lines=True, header_style="bold")
    for key in ("indicator", "formula", "target", "near_band", "source"):
        table.add_column(ui(key, lang), overflow="fold")
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
        table.add_row(name, indicator.formula, target, str(indicator.near or ""), indicator.source or "")
    stdout.print(table)
    variables = Table(title=ui("variables", lang), title_justify="left", header_style="bold")
    for key in ("id", "label", "aliases"):
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
        for key in ("id", "group", "indicator"):
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
    text.append(f"{ui('plan', lang)}: {plan.path}\n", style="dim")
    return text


def run_plans(lang: str, stdout: Console) -> None:
    table = Table(header_style="bold")
    for key in ("id", "title", "issuer", "level", "count"):
        table.add_column(ui(key, lang), overflow="fold")
    for plan in bundled_plans():
        title = (plan.title_en or plan.title) if lang == "en" else plan.title
        table.add_row(plan.id, title, plan.issuer or "", plan.level or "", str(plan.indicators))
    stdout.print(table)
