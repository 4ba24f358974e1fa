"""The scorecard as Markdown tables, for wikis, e-mails and chat."""

from __future__ import annotations

from healthkpi.base.display import format_number
from healthkpi.base.messages import ui
from healthkpi.render.grid import MARKS, Row, cell_text, footnotes, score_grids
from healthkpi.scoring.scorecard import Scorecard


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def render_markdown(card: Scorecard, lang: str = "vi") -> str:
    plan = card.plan
    lines = [f"# {_escape(plan.title(lang))}", ""]
    if plan.plan.document:
        lines += [f"{_escape(plan.plan.document)}", ""]
    lines += [f"{ui('plan', lang)}: `{plan.path}`  "]
    for info in card.data.inputs:
        lines.append(
            f"{ui('data', lang)}: `{info.path}` ({ui('sheet', lang)} {_escape(info.sheet)}, {info.units} {ui('units', lang)})  "
        )
    for grid in score_grids(card, lang):
        lines.append("")
        if grid.period_label:
            lines += [f"## {ui('period', lang)} {_escape(grid.period_label)}", ""]
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
            lines += ["", *(f"{_escape(note).replace('*', chr(92) + '*')}  " for note in notes)]
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
    if card.issues:
        lines += ["", f"## {ui('issues', lang)}", ""]
        lines += [f"- **{ui(str(i.level), lang)}** {_escape(i.message(lang))}" for i in card.issues]
    return "\n".join(lines) + "\n"


def _row(row: Row) -> str:
    if row.is_total:
        label = f"**{_escape(row.label)}**"
    elif row.is_subtotal:  # a parent after its units: a ratio of sums over them
        label = f"*Σ {_escape(row.label)}*"
    else:
        label = _escape(row.label)
    # a bare * starts emphasis: escaped
    cells = [_escape(cell_text(c, inline_line=True)).replace("*", "\\*").strip() for c in row.cells]
    return "| " + " | ".join([label, *cells, row.met_text]) + " |"
