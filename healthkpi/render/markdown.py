"""The scorecard as Markdown tables, for wikis, e-mails and chat."""

from __future__ import annotations

import re

from healthkpi.base.display import format_number
from healthkpi.base.messages import input_line, ui
from healthkpi.base.text import printable
from healthkpi.plan.bundled import shown_plan_path
from healthkpi.render.followup import (
    SHOWN,
    action_text,
    actions_summary,
    change_counts,
    change_lines,
    changes_heading,
    missed_rows,
)
from healthkpi.render.grid import MARKS, Row, cell_text, footnotes, score_grids
from healthkpi.scoring.scorecard import Scorecard

# Text from inputs (unit, sheet and file names, titles, messages) must stay text: no heading,
# list, quote, emphasis, link, code span, raw HTML or entity may start inside it. CommonMark lets
# any ASCII punctuation be escaped with a backslash; only what could start markup is escaped, so
# ordinary text ("health_office_trained <= 1") reads as it is written.
_ALWAYS = re.compile(r"([\\`*\[\]|&~])")
_HTML_START = re.compile(r"<(?=[A-Za-z/!?])")  # a tag, a comment or an autolink: "<b>", "<!--", "<http:"
_EMPHASIS_UNDERSCORE = re.compile(r"(?<![0-9A-Za-z])_|_(?![0-9A-Za-z])")  # not inside a word
_LINE_START = re.compile(r"^(?:[#>+\-=]|\d+[.)])")  # a heading, quote, list item, setext underline


def _escape(text: str) -> str:
    """Inline text: one line, no control characters, nothing that Markdown would read as markup."""
    text = " ".join(printable(text).splitlines())
    text = _ALWAYS.sub(r"\\\1", text)
    text = _HTML_START.sub(r"\\<", text)
    return _EMPHASIS_UNDERSCORE.sub(r"\\_", text)


def _line(text: str) -> str:
    """Text that starts a line of its own: escaped, and unable to open a block (a heading, a list)."""
    text = _escape(text).lstrip()
    match = _LINE_START.match(text)
    return f"{text[: match.end() - 1]}\\{text[match.end() - 1 :]}" if match else text


def _heading(text: str) -> str:
    """Heading text: escaped, with its "#" too (a closing run of them would be taken away)."""
    return _escape(text).replace("#", "\\#")


def _code(text: str) -> str:
    """A path as a code span: shown as written (one line), whatever backticks it holds."""
    text = " ".join(printable(text).splitlines())
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    padded = f" {text} " if text.startswith(("`", " ")) or text.endswith(("`", " ")) else text
    return f"{fence}{padded}{fence}"


def render_markdown(card: Scorecard, lang: str = "vi") -> str:
    plan = card.plan
    lines = [f"# {_heading(plan.title(lang))}", ""]
    if plan.plan.document:
        lines += [_line(plan.plan.document), ""]
    lines += [f"{ui('plan', lang)}: {_code(shown_plan_path(plan.path, lang))}  "]
    for info in card.data.inputs:
        lines.append(
            input_line(_code(info.path), _escape(info.sheet), info.units, len(card.data.activities), lang) + "  "
        )
    for grid in score_grids(card, lang):
        lines.append("")
        if grid.period_label:
            lines += [f"## {ui('period', lang)} {_heading(grid.period_label)}", ""]
        header = [
            ui("unit", lang),
            *(_escape(i.label(lang)) for i in grid.indicators),
            ui("met", lang),
        ]
        lines.append("| " + " | ".join(header) + " |")
        lines.append("|" + "|".join(["---"] + ["---:"] * (len(header) - 1)) + "|")
        lines.append(
            "| " + " | ".join([f"*{ui('target_row', lang)}*", *(f"*{_escape(t)}*" for t in grid.targets), ""]) + " |"
        )
        for row in [*grid.rows, grid.total]:
            lines.append(_row(row))
        notes = footnotes(grid, lang)
        if notes:
            lines += ["", *(f"{_escape(note)}  " for note in notes)]
    if card.activities is not None:
        lines += ["", f"## {ui('activities', lang)}", ""]
        keys = ("done", "in_progress", "not_started", "no_data")
        lines.append(
            "| " + " | ".join([ui("group", lang), *(ui(k, lang) for k in keys), ui("completion", lang)]) + " |"
        )
        lines.append("|---|" + "---:|" * 5)
        for group in [*card.activities.groups, card.activities.overall]:
            share = "" if group.completion_pct is None else f"{format_number(group.completion_pct, 0, lang)}%"
            label = _escape(group.group) if group.group else f"**{ui('overall', lang)}**"
            counts = [str(getattr(group, k)) for k in keys]
            lines.append("| " + " | ".join([label, *counts, share]) + " |")
    summary = card.summary()
    flagged = int((card.results_frame["flags"].map(len) > 0).sum()) if len(card.results_frame) else 0
    on_flagged = [ui("on_flagged", lang, n=flagged)] if flagged else []
    lines += ["", " · ".join([*(f"{MARKS[k]} {ui(k, lang)}: {v}" for k, v in summary.items()), *on_flagged])]
    lines += _follow_up(card, lang)
    if card.issues:
        lines += ["", f"## {ui('issues', lang)}", ""]
        columns = card.issues.columns(lang)
        said = {level: ui(level, lang) for level in ("error", "warning", "info")}
        lines += [
            f"- **{said[level]}** {_escape(message)}"
            for level, message in zip(columns["level"], columns["message"], strict=True)
        ]
    return "\n".join(lines) + "\n"


def _row(row: Row) -> str:
    if row.is_total:
        label = f"**{_escape(row.label)}**"
    elif row.is_subtotal:  # a parent after its units: a ratio of sums over them
        label = f"*Σ {_escape(row.label)}*"
    else:
        label = _escape(row.label)
    cells = [_escape(cell_text(c, inline_line=True)).strip() for c in row.cells]  # _escape: a bare * too
    return "| " + " | ".join([label, *cells, row.met_text]) + " |"


def _follow_up(card: Scorecard, lang: str) -> list[str]:
    """What changed since the last run, and the actions on missed targets (when there are any)."""
    follow = card.follow_up
    if follow is None:
        return []
    lines: list[str] = []
    if follow.changes is not None:
        changes = follow.changes
        lines += ["", f"## {ui('changes', lang)}", "", f"{_line(changes_heading(changes, lang))}  "]
        found = change_lines(card, lang)
        if not changes.first:
            lines += [_escape(change_counts(changes, lang)) if found else ui("no_changes", lang), ""]
        kinds: dict[str, int] = {}
        for line in found:
            kinds[line.kind] = kinds.get(line.kind, 0) + 1
            if kinds[line.kind] <= SHOWN:
                lines.append(f"- **{ui('change_' + line.kind, lang)}**: {_escape(line.text)}")
        for kind, n in kinds.items():
            if n > SHOWN:
                lines.append(f"- {ui('change_' + kind, lang)}: {_escape(ui('more_lines', lang, n=n - SHOWN))}")
    if follow.actions is not None:
        lines += ["", f"## {ui('actions', lang)}", "", _escape(actions_summary(card, lang) or ""), ""]
        rows = missed_rows(card, lang, with_actions=True)
        if rows:
            header = [
                ui("unit", lang),
                ui("indicator", lang),
                ui("value", lang),
                ui("target", lang),
                ui("action", lang),
            ]
            lines += ["| " + " | ".join(header) + " |", "|---|---|---:|---|---|"]
            for row in rows:
                said = [
                    ("**" + _escape(action_text(a, lang)) + "**") if a.overdue else _escape(action_text(a, lang))
                    for a in row.actions
                ]
                actions = "<br>".join(said) or f"*{ui('no_action', lang)}*"
                cells = [
                    _escape(row.unit),
                    _escape(row.indicator),
                    f"{MARKS[row.status]} {row.value}",
                    _escape(row.target),
                ]
                lines.append("| " + " | ".join([*cells, actions]) + " |")
    return lines
