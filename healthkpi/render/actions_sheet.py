"""The actions workbook `healthkpi actions` writes for a review meeting: one row per target
missed now — unit, indicator, period, value, target, status — with the columns to fill in
(action, owner, due, status). The actions already agreed (the plan's actions file) are carried
over beside their targets, and those whose target is met now are kept below, so nothing agreed
is lost. Read back as the plan's `actions:` file (read.actions), whose headers these are."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import xlsxwriter

from healthkpi.base.messages import sheet_name, ui
from healthkpi.base.version import __version__
from healthkpi.plan.sidefiles import ActionEntry
from healthkpi.render.charts import PALETTE
from healthkpi.render.followup import target_shown
from healthkpi.render.grid import MARKS
from healthkpi.render.xlsxfile import close_workbook
from healthkpi.scoring.scorecard import Scorecard

HEADINGS = {  # the headers read.actions.ROLES finds again
    "vi": ["Đơn vị", "Mã chỉ tiêu", "Tên chỉ tiêu", "Kỳ", "Giá trị", "Mục tiêu", "Kết quả", "Hành động",
           "Người phụ trách", "Hạn", "Trạng thái"],
    "en": ["Unit", "Indicator", "Indicator name", "Period", "Value", "Target", "Result", "Action", "Owner",
           "Due", "Status"],
}  # fmt: skip
WIDTHS = (24, 22, 34, 9, 11, 12, 13, 44, 22, 12, 16)
MAX_TEXT = 32767


def write_actions_sheet(card: Scorecard, path: Path, lang: str = "vi") -> tuple[int, int]:
    """Write the workbook; (missed targets listed, actions carried over)."""
    follow = card.follow_up
    lang = "en" if lang == "en" else "vi"
    workbook = xlsxwriter.Workbook(
        str(path), {"strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False}
    )
    workbook.set_properties(
        {"title": card.plan.title(lang), "subject": card.plan.id, "creator": f"healthkpi {__version__}"}
    )
    base = {"font_name": "Arial", "font_size": 10, "valign": "top", "border": 1}
    header = workbook.add_format({**base, "bold": True, "text_wrap": True, "bg_color": "#D9E1F2"})
    text = workbook.add_format({**base, "text_wrap": True})
    fill = workbook.add_format({**base, "text_wrap": True, "bg_color": "#FFF2CC"})
    date = workbook.add_format({**base, "num_format": "dd/mm/yyyy", "bg_color": "#FFF2CC"})
    note = workbook.add_format({"font_name": "Arial", "font_size": 9, "italic": True, "text_wrap": True})
    status = {s: workbook.add_format({**base, **PALETTE[s], "align": "center"}) for s in PALETTE}
    sheet = workbook.add_worksheet(sheet_name("actions", lang))
    sheet.merge_range(0, 0, 0, len(WIDTHS) - 1, ui("actions_sheet_note", lang), note)
    sheet.set_row(0, 42)
    for col, heading in enumerate(HEADINGS[lang]):
        sheet.write_string(1, col, heading, header)
    states = [ui(f"action_{s}", lang) for s in ("open", "in_progress", "done", "cancelled")]
    row = 2
    missed = follow.missed if follow is not None else []
    agreed = list(follow.actions or []) if follow is not None else []
    carried = 0
    placed: set[int] = set()
    names = {i.id: i.label(lang) for i in card.plan.indicators}
    decimals = {i.id: i.decimals for i in card.plan.indicators}

    def put(row: int, col: int, value: object, style: object) -> None:
        sheet.write_string(row, col, ("" if value is None else str(value))[:MAX_TEXT], style)

    def action_cells(row: int, action: ActionEntry | None) -> None:
        if action is None:
            for col in (7, 8):
                sheet.write_blank(row, col, None, fill)
            sheet.write_blank(row, 9, None, date)
            put(row, 10, states[0], fill)
            return
        put(row, 7, action.action, fill)
        put(row, 8, action.owner, fill)
        if action.due is not None:
            sheet.write_datetime(row, 9, dt.datetime.combine(action.due, dt.time()), date)
        else:
            sheet.write_blank(row, 9, None, date)
        put(row, 10, ui(f"action_{action.status}", lang), fill)

    for target in missed:
        lead = [target.unit, target.indicator, names.get(target.indicator, ""), target.period or ""]
        own: list[int | None] = [n for n, a in enumerate(agreed) if a in target.actions] or [None]
        for n in own:
            for col, value in enumerate(lead):
                put(row, col, value, text)
            if target.value is None:
                sheet.write_blank(row, 4, None, text)
            else:
                sheet.write_number(row, 4, round(target.value, decimals.get(target.indicator, 1) + 2), text)
            put(row, 5, target_shown(target.target, lang), text)
            put(row, 6, f"{MARKS[target.status]} {ui(target.status, lang)}", status[target.status])
            action_cells(row, agreed[n] if n is not None else None)
            if n is not None:
                placed.add(n)
                carried += 1
            row += 1
    for n, action in enumerate(agreed):  # agreed earlier, its target met now (or done): kept, not lost
        if n in placed:
            continue
        for col, value in enumerate([action.unit, action.indicator, names.get(action.indicator, ""), ""]):
            put(row, col, value, text)
        for col in (4, 5, 6):
            sheet.write_blank(row, col, None, text)
        action_cells(row, action)
        carried += 1
        row += 1
    sheet.data_validation(2, 10, max(row - 1, 2), 10, {"validate": "list", "source": states})
    sheet.data_validation(2, 9, max(row - 1, 2), 9, {"validate": "date", "criteria": ">", "value": dt.date(2000, 1, 1),
                                                     "ignore_blank": True})  # fmt: skip
    sheet.autofilter(1, 0, max(row - 1, 1), len(WIDTHS) - 1)
    sheet.freeze_panes(2, 2)
    for col, width in enumerate(WIDTHS):
        sheet.set_column(col, col, width)
    sheet.set_landscape()
    sheet.set_paper(9)
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(1, 1)
    close_workbook(workbook)
    return len(missed), carried
