"""The data-quality report: completeness and issues, for `validate` and beside every scorecard."""

from __future__ import annotations

from typing import Any

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from healthkpi.base.display import format_number
from healthkpi.base.issues import Issues, Level
from healthkpi.base.messages import ui
from healthkpi.quality import Completeness

LEVEL_STYLE = {Level.ERROR: "red", Level.WARNING: "yellow", Level.INFO: "dim"}
SHOWN = 8


def completeness_document(completeness: Completeness | None) -> dict[str, Any] | None:
    if completeness is None:
        return None
    return {
        "reported": completeness.reported,
        "expected": completeness.expected,
        "share": completeness.share,
        "units": [
            {
                "unit": unit,
                "reported": done,
                "expected": expected,
                "share": done / expected if expected else None,
            }
            for unit, (done, expected) in completeness.by_unit.items()
        ],
    }


def level_counts(issues: Issues) -> dict[str, int]:
    counts = issues.levels()
    return {level: counts.get(level, 0) for level in ("error", "warning", "info")}


def issues_section(issues: Issues, lang: str, show_all: bool = False) -> Group:
    """Counts by level, then the issues most worth reading first (all with --all-issues)."""
    counts = level_counts(issues)
    heading = Text(f"{ui('issues', lang)}: ", style="bold")
    heading.append(", ".join(f"{n} {ui(level, lang)}" for level, n in counts.items() if n))
    by_code = issues.codes()
    heading.append("  (" + ", ".join(f"{code} {n}" for code, n in by_code.most_common()) + ")", style="dim")
    shown = issues.most_important(None if show_all else SHOWN)
    lines: list[Text] = [heading]
    for issue in shown:
        line = Text(f"  {ui(str(issue.level), lang)}: ", style=LEVEL_STYLE[issue.level])
        line.append(issue.message(lang))
        lines.append(line)
    if len(issues) > len(shown):
        lines.append(Text("  " + ui("issues_more", lang, n=len(issues) - len(shown)), style="dim"))
    return Group(*lines)


def completeness_line(completeness: Completeness | None, lang: str) -> Text:
    share = completeness.share if completeness else None
    if completeness is None or share is None:
        return Text("")
    text = Text(f"{ui('completeness', lang)}: ", style="bold")
    text.append(f"{format_number(share * 100, 1, lang)}% ")
    counts = {
        k: format_number(v, 0, lang)
        for k, v in (("reported", completeness.reported), ("expected", completeness.expected))
    }
    text.append(ui("cells_reported", lang, **counts), style="dim")
    return text


def render_quality(
    completeness: Completeness | None,
    issues: Issues,
    console: Console,
    lang: str,
    show_all: bool,
) -> None:
    console.print(completeness_line(completeness, lang))
    if completeness is not None:
        worst = sorted(
            (
                (unit, done / expected)
                for unit, (done, expected) in completeness.by_unit.items()
                if expected and done < expected
            ),
            key=lambda item: item[1],
        )
        if worst:
            table = Table(title=ui("least_complete", lang), title_justify="left", header_style="bold")
            table.add_column(ui("unit", lang))
            table.add_column(ui("completeness", lang), justify="right")
            for unit, share in worst[: None if show_all else SHOWN]:
                table.add_row(unit, f"{format_number(share * 100, 1, lang)}%")
            console.print(table)
    if issues:
        console.print(issues_section(issues, lang, show_all))
    else:
        console.print(Text(ui("no_issues", lang), style="green"))
