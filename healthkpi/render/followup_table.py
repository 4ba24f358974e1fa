"""The follow-up on the terminal: what changed since the last run, and each missed target
with the actions agreed for it (overdue ones in red)."""

from __future__ import annotations

from rich.console import Group
from rich.text import Text

from healthkpi.base.messages import ui
from healthkpi.render.followup import (
    SHOWN,
    action_text,
    actions_summary,
    change_counts,
    change_lines,
    changes_heading,
    missed_rows,
)
from healthkpi.render.grid import MARKS, STATUS_STYLES
from healthkpi.scoring.scorecard import Scorecard

KIND_MARK = {"status": "•", "revised": "✎", "new_issue": "+", "resolved_issue": "−"}


def follow_up_group(card: Scorecard, lang: str) -> Group | None:
    """The follow-up sections, or None when the run had neither a history nor an actions file."""
    follow = card.follow_up
    if follow is None:
        return None
    parts: list[Text] = []
    if follow.changes is not None:
        parts += changes_texts(card, lang)
    if follow.actions is not None:
        parts += actions_texts(card, lang)
    return Group(*parts)


def changes_texts(card: Scorecard, lang: str) -> list[Text]:
    follow = card.follow_up
    assert follow is not None
    assert follow.changes is not None
    changes = follow.changes
    texts = [Text(ui("changes", lang), style="bold"), Text(changes_heading(changes, lang), style="dim")]
    if changes.first:
        return [*texts, Text("")]
    lines = change_lines(card, lang)
    if not lines:
        return [*texts, Text(ui("no_changes", lang)), Text("")]
    texts.append(Text(change_counts(changes, lang)))
    kinds: dict[str, int] = {}
    for line in lines:
        kinds[line.kind] = kinds.get(line.kind, 0) + 1
        if kinds[line.kind] > SHOWN:
            continue
        style = STATUS_STYLES.get(line.status or "", "") if line.kind == "status" else ""
        label = ui(f"change_{line.kind}", lang)
        texts.append(Text(f"  {KIND_MARK[line.kind]} {label}: {line.text}", style=style))
    for kind, n in kinds.items():
        if n > SHOWN:
            texts.append(Text(f"  {ui('change_' + kind, lang)}: {ui('more_lines', lang, n=n - SHOWN)}", style="dim"))
    texts.append(Text(""))
    return texts


def actions_texts(card: Scorecard, lang: str) -> list[Text]:
    rows = missed_rows(card, lang, with_actions=True)
    texts = [Text(ui("actions", lang), style="bold"), Text(actions_summary(card, lang) or "", style="dim")]
    for n, row in enumerate(rows):
        if n >= SHOWN * 2:
            texts.append(Text(f"  {ui('more_lines', lang, n=len(rows) - n)}", style="dim"))
            break
        where = " · ".join(p for p in (row.unit, row.indicator, row.period) if p)
        texts.append(
            Text(f"  {MARKS[row.status]} {where}: {row.value} ({row.target})", style=STATUS_STYLES[row.status])
        )
        for action in row.actions:
            texts.append(Text(f"      → {action_text(action, lang)}", style="bold red" if action.overdue else ""))
    texts.append(Text(""))
    return texts
