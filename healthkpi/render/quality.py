"""The data-quality report: completeness and issues, for `validate` and beside every scorecard."""

from __future__ import annotations

from typing import Any

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from healthkpi.base.display import format_number
from healthkpi.base.issues import Issues, Level
from healthkpi.base.messages import issue_name, ui
from healthkpi.quality import Completeness
from healthkpi.quality.reportcard import ABOUT_A_TOTAL_ROW, CardLine

LEVEL_STYLE = {Level.ERROR: "red", Level.WARNING: "yellow", Level.INFO: "dim"}
SHOWN = 8
CARD_SHOWN = 6  # report card lines shown (all with --all-issues)


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


def counts_by_level(issues: Issues, lang: str) -> str:
    """`2 errors, 28 warnings, 1 info` (Vietnamese: `28 cảnh báo`): the levels that have issues."""
    said = []
    for level, n in level_counts(issues).items():
        if n:
            word = ui(level, lang)
            plural = lang == "en" and n != 1 and level != "info"  # "info" is said as a mass noun
            said.append(f"{format_number(n, 0, lang)} {word}{'s' if plural else ''}")
    return ", ".join(said)


def card_label(line: CardLine, names: dict[str, str], lang: str) -> str:
    """What a report card line is about: the indicator's name, or no one indicator."""
    return ui("card_no_indicator", lang) if line.indicator is None else names.get(line.indicator, line.indicator)


def card_units(line: CardLine, lang: str) -> str:
    """'2/10', or '—' for a line about total rows, which are no unit."""
    return f"{format_number(line.units, 0, lang)}/{format_number(line.of, 0, lang)}" if line.of else "—"


def card_share(line: CardLine, lang: str) -> str:
    return "" if line.share is None else format_number(line.share * 100, 1, lang)


def card_section(card: list[CardLine], lang: str, show_all: bool = False) -> list[Text]:
    """Per check and indicator (by id, to fit a terminal), the units flagged — WHO's report card —
    the first CARD_SHOWN lines (all with --all-issues)."""
    lines = [Text(f"{ui('quality_card', lang)}:", style="bold")]
    shown = card if show_all else card[:CARD_SHOWN]
    for line in shown:
        text = Text(f"  {issue_name(line.code, lang)}", style=LEVEL_STYLE[Level(line.level)])
        text.append(f" · {line.indicator or ui('card_no_indicator', lang)}: ")
        counts = {k: format_number(getattr(line, k), 0, lang) for k in ("units", "of", "issues")}
        if line.of:
            said = ui("card_line", lang, share=card_share(line, lang), **counts)
        else:
            said = ui("card_rows" if line.code == ABOUT_A_TOTAL_ROW else "card_no_unit", lang, **counts)
        text.append(said, style="dim")
        lines.append(text)
    if len(card) > len(shown):
        lines.append(Text("  " + ui("card_more", lang, n=len(card) - len(shown)), style="dim"))
    return lines


def issues_section(
    issues: Issues,
    lang: str,
    show_all: bool = False,
    card: list[CardLine] | None = None,
) -> Group:
    """Counts by level, then — when not every issue is listed — the report card (per check and
    indicator, the units flagged), then the issues most worth reading first (all with --all-issues)."""
    heading = Text(f"{ui('issues', lang)}: ", style="bold")
    heading.append(counts_by_level(issues, lang))
    by_code = issues.codes()
    named = ", ".join(f"{issue_name(code, lang)} {format_number(n, 0, lang)}" for code, n in by_code.most_common())
    heading.append(f"  ({named})", style="dim")
    shown = issues.most_important(None if show_all else SHOWN)
    lines: list[Text] = [heading]
    if card and (show_all or len(issues) > len(shown)):
        lines += card_section(card, lang, show_all)
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
    card: list[CardLine] | None = None,
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
        console.print(issues_section(issues, lang, show_all, card))
    else:
        console.print(Text(ui("no_issues", lang), style="green"))
