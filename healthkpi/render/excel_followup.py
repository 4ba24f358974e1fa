"""The Excel scorecard's Follow-up sheet: what changed since the last run, then each missed
target with the actions agreed for it beside it (an overdue one in red). Written only for a run
with --history or an actions file."""

from __future__ import annotations

from typing import Any

import xlsxwriter
from xlsxwriter.worksheet import Worksheet

from healthkpi.base.messages import ui
from healthkpi.render.charts import PALETTE
from healthkpi.render.followup import (
    ActionLine,
    actions_summary,
    change_counts,
    change_lines,
    changes_heading,
    missed_rows,
)
from healthkpi.render.grid import MARKS
from healthkpi.scoring.scorecard import Scorecard

MAX_TEXT = 32767
BASE = {"font_name": "Arial", "font_size": 10, "valign": "top"}
OVERDUE = {"bg_color": "#F4CCCC", "font_color": "#990000", "bold": True}


def write_follow_up(workbook: xlsxwriter.Workbook, sheet: Worksheet, card: Scorecard, lang: str) -> None:
    follow = card.follow_up
    assert follow is not None
    title = workbook.add_format({**BASE, "bold": True, "font_size": 13})
    dim = workbook.add_format({**BASE, "italic": True, "font_color": "#404040"})
    header = workbook.add_format({**BASE, "bold": True, "text_wrap": True, "bg_color": "#D9E1F2", "border": 1})
    text = workbook.add_format({**BASE, "text_wrap": True, "border": 1})
    late = workbook.add_format({**BASE, **OVERDUE, "text_wrap": True, "border": 1})
    status = {s: workbook.add_format({**BASE, **PALETTE[s], "border": 1, "align": "center"}) for s in PALETTE}

    def put(row: int, col: int, value: object, style: Any = None) -> None:
        sheet.write_string(row, col, ("" if value is None else str(value))[:MAX_TEXT], style)

    row = 0
    if follow.changes is not None:
        changes = follow.changes
        put(row, 0, ui("changes", lang), title)
        put(row + 1, 0, changes_heading(changes, lang), dim)
        row += 2
        lines = change_lines(card, lang)
        if not changes.first:
            put(row, 0, change_counts(changes, lang) if lines else ui("no_changes", lang))
            row += 1
        if lines:
            put(row, 0, ui("change_kind", lang), header)
            sheet.merge_range(row, 1, row, 6, "", header)
            put(row, 1, ui("changes", lang), header)
            row += 1
            for line in lines:
                put(row, 0, ui(f"change_{line.kind}", lang), status[line.status] if line.status else text)
                sheet.merge_range(row, 1, row, 6, "", text)
                put(row, 1, line.text, text)
                row += 1
        row += 1
    if follow.actions is not None:
        put(row, 0, ui("actions", lang), title)
        put(row + 1, 0, actions_summary(card, lang) or "", dim)
        row += 2
        headings = [
            ui("unit", lang), ui("indicator", lang), ui("period", lang), ui("value", lang), ui("target", lang),
            ui("status", lang), ui("action", lang), ui("owner", lang), ui("due", lang), ui("action_state", lang),
            ui("overdue", lang),
        ]  # fmt: skip
        for col, heading in enumerate(headings):
            put(row, col, heading, header)
        first = row
        row += 1
        for missed in missed_rows(card, lang):
            lead = [missed.unit, missed.indicator, missed.period or "", missed.value, missed.target]
            choices: list[ActionLine | None] = [*missed.actions] or [None]
            for action in choices:
                for col, value in enumerate(lead):
                    put(row, col, value, text)
                put(row, 5, f"{MARKS[missed.status]} {ui(missed.status, lang)}", status[missed.status])
                if action is None:
                    put(row, 6, ui("no_action", lang), dim)
                    for col in range(7, 11):
                        put(row, col, "", text)
                else:
                    style = late if action.overdue else text
                    for col, value in enumerate((action.action, action.owner, action.due, action.state), start=6):
                        put(row, col, value, style)
                    put(row, 10, ui("overdue", lang).upper() if action.overdue else "", style)
                row += 1
        sheet.autofilter(first, 0, max(row - 1, first), len(headings) - 1)
    for col, width in enumerate((24, 30, 9, 11, 12, 13, 40, 20, 12, 15, 10)):
        sheet.set_column(col, col, width)
    sheet.set_landscape()
    sheet.set_paper(9)
    sheet.fit_to_pages(1, 0)
