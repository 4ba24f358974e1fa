"""`healthkpi template`: a blank data-entry workbook for a plan (DESIGN §5).

What a district fills in and sends back: an instructions sheet in
Vietnamese; a data sheet with a title, Vietnamese headers (the canonical
variable name beneath, small), one row per unit (and per year for a
multi-year plan), a total row of SUM formulas, validation that only accepts
non-negative numbers (whole numbers for counts) with an input message,
header cells locked and input cells open; an activity sheet with a status
drop-down when the plan has activities; and the plan's id in a hidden sheet,
so that `healthkpi score FILLED.xlsx` finds the plan by itself.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell
from xlsxwriter.worksheet import Worksheet

from healthkpi.base.periods import period_order
from healthkpi.base.version import __version__
from healthkpi.plan.schema import Indicator, Plan
from healthkpi.plan.targets import Relative
from healthkpi.read.columns import META_SHEET
from healthkpi.render.xlsxfile import close_workbook

DATA_SHEET = "Số liệu"
ACTIVITY_SHEET = "Hoạt động"
INSTRUCTIONS_SHEET = "Hướng dẫn"
STATUS_CHOICES = ["Hoàn thành", "Đang thực hiện", "Chưa thực hiện"]
DEFAULT_BLANK_ROWS = 20
MAX_UNITS = 20_000


def plan_years(plan: Plan) -> list[str]:
    """The years of a multi-year plan ("2022-2025" → 2022 … 2025); [] for a one-year plan."""
    period = plan.plan.period or ""
    match = re.fullmatch(r"\s*(\d{4})\s*[-–—]\s*(\d{4})\s*", period)
    if not match:
        return []
    start, end = int(match.group(1)), int(match.group(2))
    return [str(y) for y in range(start, end + 1)] if 0 < end - start <= 20 else []


def template_periods(plan: Plan) -> list[str]:
    """The periods a template asks figures for: the years of a multi-year plan, and every period the
    targets compare with — baselines, `vs:` periods — so that a filled template scores every
    indicator (a one-year plan with a 2020 baseline asks for 2020 and 2021). [] for none."""
    periods = dict.fromkeys(plan_years(plan))
    for indicator in plan.indicators:
        targets = [indicator.target, *(o.target for o in indicator.overrides)]
        periods.update(dict.fromkeys(t.vs for t in targets if isinstance(t, Relative)))
        if indicator.baseline:
            periods[indicator.baseline] = None
    if not periods:
        return []
    own = plan.plan.period
    if own and "-" not in own:
        periods[own] = None
    return sorted(periods, key=period_order)


def write_template(plan: Plan, path: Path, units: list[str]) -> None:
    """Write the data-entry workbook to `path` (the caller makes it atomic)."""
    if len(units) > MAX_UNITS:
        raise ValueError(f"at most {MAX_UNITS:,} units")
    workbook = xlsxwriter.Workbook(
        str(path),
        {"strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False},
    )
    workbook.set_properties({"title": plan.title(), "subject": plan.id, "creator": f"healthkpi {__version__}"})
    styles = _styles(workbook)
    used = set(plan.used_variables)
    variables = [v for v in plan.variables if v in used]  # in the order the plan declares them
    years = template_periods(plan)
    _instructions(workbook.add_worksheet(INSTRUCTIONS_SHEET), plan, variables, years, styles)
    _data_sheet(workbook.add_worksheet(DATA_SHEET), plan, variables, years, units, styles)
    if plan.activities:
        _activity_sheet(workbook.add_worksheet(ACTIVITY_SHEET), plan, styles)
    meta = workbook.add_worksheet(META_SHEET)
    # The plan the workbook belongs to, and the units it expects (a deleted row is then a missing unit).
    # The guide sheet names the variables too, and is no data: the reader leaves it out, silently.
    entries = [
        ("plan", plan.id),
        ("template", __version__),
        ("guide", INSTRUCTIONS_SHEET),
        *(("unit", name) for name in units),
    ]
    for row, (key, value) in enumerate(entries):
        meta.write_string(row, 0, key)
        meta.write_string(row, 1, value)
    meta.hide()
    workbook.worksheets()[1].activate()
    close_workbook(workbook)


def _styles(workbook: xlsxwriter.Workbook) -> dict[str, Any]:
    base = {"font_name": "Arial", "font_size": 10}
    return {
        "title": workbook.add_format({**base, "bold": True, "font_size": 13}),
        "note": workbook.add_format({**base, "italic": True, "font_color": "#404040"}),
        "text": workbook.add_format({**base, "text_wrap": True, "valign": "top"}),
        "bold": workbook.add_format({**base, "bold": True}),
        "header": workbook.add_format(
            {
                **base,
                "bold": True,
                "text_wrap": True,
                "align": "center",
                "valign": "vcenter",
                "bg_color": "#D9E1F2",
                "border": 1,
                "locked": True,
            }
        ),
        "name": workbook.add_format(
            {
                **base,
                "font_size": 8,
                "font_color": "#7F7F7F",
                "align": "center",
                "bg_color": "#F2F2F2",
                "border": 1,
                "locked": True,
            }
        ),
        "unit": workbook.add_format({**base, "border": 1, "locked": True}),
        "input": workbook.add_format(
            {**base, "border": 1, "locked": False, "num_format": "#,##0.##", "bg_color": "#FFFFF0"}
        ),
        "input_text": workbook.add_format({**base, "border": 1, "locked": False, "bg_color": "#FFFFF0"}),
        "total": workbook.add_format(
            {**base, "bold": True, "border": 1, "top": 2, "num_format": "#,##0.##", "locked": True}
        ),
    }


def _instructions(sheet: Worksheet, plan: Plan, variables: list[str], years: list[str], styles: dict[str, Any]) -> None:
    sheet.write_string(0, 0, "HƯỚNG DẪN ĐIỀN BIỂU", styles["title"])
    lines = [
        f"Kế hoạch: {plan.plan.title}",
        *([f"Văn bản: {plan.plan.document}"] if plan.plan.document else []),
        f"Mã kế hoạch: {plan.id} (được ghi sẵn trong file; không cần đổi)",
        f"Kỳ báo cáo: {plan.plan.period}" if plan.plan.period else "Kỳ báo cáo: theo yêu cầu của cơ quan nhận báo cáo",
        "Người điền: cán bộ thống kê / kế hoạch của đơn vị; thủ trưởng đơn vị ký xác nhận.",
        f'Cách điền: mỗi đơn vị một dòng{" cho mỗi năm" if years else ""} trong sheet "{DATA_SHEET}"; chỉ ghi số vào các ô màu vàng nhạt.',
        "Ô không có số liệu: để trống (không ghi 0). Không sửa dòng tiêu đề, không đổi tên cột, không xóa sheet ẩn.",
        'Dòng "Tổng cộng" tự tính bằng công thức SUM.',
        "Gửi lại file .xlsx này (có thể lưu bằng Excel hoặc LibreOffice).",
    ]
    for row, line in enumerate(lines, start=2):
        sheet.write_string(row, 0, line, styles["text"])
    row = len(lines) + 3
    headings = ["Cột", "Tên trong kế hoạch", "Mã biến", "Kiểu số", "Dùng cho chỉ tiêu"]
    for col, heading in enumerate(headings):
        sheet.write_string(row, col, heading, styles["header"])
    used_by = {v: [i.name for i in plan.indicators if v in _names(i)] for v in variables}
    first = 3 if years else 2
    for k, variable in enumerate(variables):
        spec = plan.variables[variable]
        row += 1
        kind = "số nguyên ≥ 0 (số đếm)" if spec.kind == "count" else "số ≥ 0"
        values = [
            xl_col_to_name(first + k),
            spec.label,
            variable,
            kind,
            "; ".join(used_by[variable]),
        ]
        for col, value in enumerate(values):
            sheet.write_string(row, col, value, styles["text"])
    sheet.set_column(0, 0, 8)
    sheet.set_column(1, 1, 42)
    sheet.set_column(2, 2, 28)
    sheet.set_column(3, 3, 22)
    sheet.set_column(4, 4, 60)
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)


def _names(indicator: Indicator) -> set[str]:
    names = set(indicator.numerator.names)
    if indicator.denominator is not None:
        names |= set(indicator.denominator.names)
    return names


def _data_sheet(
    sheet: Worksheet,
    plan: Plan,
    variables: list[str],
    years: list[str],
    units: list[str],
    styles: dict[str, Any],
) -> None:
    lead = ["STT", "Đơn vị", *(["Năm"] if years else [])]
    first = len(lead)
    last_col = first + len(variables) - 1 if variables else first
    sheet.write_string(0, 0, plan.plan.title.upper(), styles["title"])
    sheet.write_string(1, 0, f"Biểu nhập số liệu — kế hoạch {plan.id}", styles["note"])
    header, names_row = 3, 4
    for col, text in enumerate(lead):
        sheet.write_string(header, col, text, styles["header"])
        sheet.write_string(names_row, col, "", styles["name"])
    for k, variable in enumerate(variables):
        spec = plan.variables[variable]
        sheet.write_string(header, first + k, spec.label, styles["header"])
        sheet.write_string(names_row, first + k, variable, styles["name"])
    sheet.set_row(header, 48)
    periods: list[str | None] = list(years) or [None]
    rows = (
        [(unit, year) for unit in units for year in periods]
        if units
        else [("", year) for year in periods for _ in range(DEFAULT_BLANK_ROWS)]
    )
    top = names_row + 1
    for i, (unit, year) in enumerate(rows):
        r = top + i
        sheet.write_number(r, 0, i + 1, styles["unit"])
        sheet.write_string(r, 1, unit, styles["unit"] if unit else styles["input_text"])
        if years:
            sheet.write_string(r, 2, year or "", styles["unit"])
        for k in range(len(variables)):
            sheet.write_blank(r, first + k, None, styles["input"])
    bottom = top + len(rows) - 1
    total_row = bottom + 1
    if years:
        for j, year in enumerate(years):
            r = total_row + j
            sheet.write_string(r, 1, "Tổng cộng", styles["total"])
            sheet.write_string(r, 2, year, styles["total"])
            for k in range(len(variables)):
                column = xl_col_to_name(first + k)
                year_cell = xl_rowcol_to_cell(r, 2)
                formula = f"=SUMIF($C${top + 1}:$C${bottom + 1},{year_cell},{column}{top + 1}:{column}{bottom + 1})"
                sheet.write_formula(r, first + k, formula, styles["total"], 0)
        total_rows = len(years)
    else:
        sheet.write_string(total_row, 1, "Tổng cộng", styles["total"])
        for k in range(len(variables)):
            column = xl_col_to_name(first + k)
            sheet.write_formula(
                total_row,
                first + k,
                f"=SUM({column}{top + 1}:{column}{bottom + 1})",
                styles["total"],
                0,
            )
        total_rows = 1
    for k, variable in enumerate(variables):
        spec = plan.variables[variable]
        whole = spec.kind == "count"
        sheet.data_validation(
            top,
            first + k,
            bottom,
            first + k,
            {
                "validate": "integer" if whole else "decimal",
                "criteria": ">=",
                "value": 0,
                "input_title": spec.label[:32],
                "input_message": ("Số nguyên, không âm" if whole else "Số không âm")
                + ". Để trống nếu không có số liệu."[:255],
                "error_title": "Số liệu không hợp lệ",
                "error_message": "Chỉ nhập số "
                + ("nguyên " if whole else "")
                + "không âm; để trống nếu không có số liệu.",
            },
        )
    sheet.write_string(total_row + total_rows + 1, 1, "Người lập biểu", styles["bold"])
    sheet.write_string(total_row + total_rows + 1, max(first, last_col - 1), "Thủ trưởng đơn vị", styles["bold"])
    sheet.set_column(0, 0, 5)
    sheet.set_column(1, 1, 28)
    if years:
        sheet.set_column(2, 2, 8)
    sheet.set_column(first, last_col, 16)
    sheet.freeze_panes(top, first)
    # Headers and formulas are locked; input cells are not. Rows may still be
    # inserted (a unit the template did not list) and columns resized.
    sheet.protect(
        "",
        {
            "insert_rows": True,
            "format_columns": True,
            "format_rows": True,
            "sort": True,
            "autofilter": True,
        },
    )
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(header, names_row)


def _activity_sheet(sheet: Worksheet, plan: Plan, styles: dict[str, Any]) -> None:
    sheet.write_string(0, 0, "TIẾN ĐỘ CÁC HOẠT ĐỘNG TRỌNG TÂM", styles["title"])
    headings = ["STT", "Mã hoạt động", "Nhóm", "Nội dung hoạt động", "Trạng thái", "Ghi chú"]
    for col, heading in enumerate(headings):
        sheet.write_string(2, col, heading, styles["header"])
    for i, activity in enumerate(plan.activities, start=1):
        r = 2 + i
        sheet.write_number(r, 0, i, styles["unit"])
        sheet.write_string(r, 1, activity.id, styles["unit"])
        sheet.write_string(r, 2, activity.group, styles["text"])
        sheet.write_string(r, 3, activity.text, styles["text"])
        sheet.write_blank(r, 4, None, styles["input_text"])
        sheet.write_blank(r, 5, None, styles["input_text"])
    last = 2 + len(plan.activities)
    sheet.data_validation(
        3,
        4,
        last,
        4,
        {
            "validate": "list",
            "source": STATUS_CHOICES,
            "input_title": "Trạng thái",
            "input_message": "Chọn trong danh sách",
        },
    )
    sheet.set_column(0, 1, 8)
    sheet.set_column(2, 2, 36)
    sheet.set_column(3, 3, 70)
    sheet.set_column(4, 4, 18)
    sheet.set_column(5, 5, 30)
    sheet.protect("", {"format_columns": True, "format_rows": True})
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
