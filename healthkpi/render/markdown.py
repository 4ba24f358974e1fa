"""The scorecard as Markdown tables, for wikis, e-mails and chat."""

from __future__ import annotations

from healthkpi.base.display import format_number
from healthkpi.base.messages import ui
from healthkpi.render.grid import MARKS, OWN_TARGET_MARK, Row, score_grids
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
        if any(not c.own_target for row in grid.rows for c in row.cells):
            lines += ["", f"\\{OWN_TARGET_MARK} {ui('own_target_note', lang)}"]
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
    lines += ["", " · ".join(f"{MARKS[k]} {ui(k, lang)}: {v}" for k, v in summary.items())]
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
    own = {False: "\\" + OWN_TARGET_MARK, True: ""}  # escaped: a bare * starts emphasis
    cells = [f"{c.text} {MARKS[c.status]}{own[c.own_target]}".strip() for c in row.cells]
    return "| " + " | ".join([label, *cells, f"{row.met}/{len(row.cells)}"]) + " |"
