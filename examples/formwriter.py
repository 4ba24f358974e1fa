"""Write an example workbook in the layout of a real reporting form ("biểu mẫu").

Used by the example builders in this folder. A form has: the issuing office
and the national motto on top, a title and a line saying the figures are
illustrative, a merged two-level header with line breaks, a row of column
numbers, section rows, the units (one row per unit and period), a total row
per period, a note, the place and date, and two signatures. The plan's id is
recorded in a hidden sheet, as `healthkpi template` does, so that
`healthkpi score examples/<id>.xlsx` needs no -t.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
ILLUSTRATIVE = "(Số liệu minh họa, không phải số liệu thật — illustrative figures, not real data)"


@dataclass
class Column:
    """A data column: its header over one row (`sub` None) or two (group over sub), and the row key."""

    group: str
    sub: str | None
    key: str


@dataclass
class Section:
    """Units under a section row ("I. Các huyện miền núi"); title None for no section row."""

    title: str | None
    # "name", optional "period" and "note", and a value per column key; optional
    # "in_total": False for a row the form's total row leaves out (pasted below its SUM range)
    rows: list[dict[str, object]]


@dataclass
class Activity:
    id: str
    text: str
    status: str  # as a district writes it: "Hoàn thành", "Đang thực hiện", "Chưa thực hiện", …
    note: str = ""


@dataclass
class ExampleForm:
    plan_id: str
    sheet: str
    org: Sequence[str]  # issuing office, top left, one line each
    form_code: str  # "Biểu 01/CTCB-2021"
    title: str
    columns: list[Column]
    sections: list[Section]
    unit_header: str = "Đơn vị"
    period_header: str | None = None  # e.g. "Năm": one row per unit and period
    total_label: str = "Tổng cộng"
    notes: Sequence[str] = ("Ghi chú: Số liệu minh họa dùng cho ví dụ của healthkpi.",)
    place_date: str = "…, ngày 15 tháng 01 năm 2022"
    signers: tuple[str, str] = ("Người lập biểu", "THỦ TRƯỞNG ĐƠN VỊ")
    signer_names: tuple[str, str] = ("Nguyễn Văn An", "Lê Thị Bình")
    activities: list[Activity] = field(default_factory=list)
    activity_sheet: str = "Hoạt động"

    def write(self, path: Path) -> Path:
        wb = Workbook()
        ws = wb.active
        ws.title = self.sheet
        self._write_data(ws)
        if self.activities:
            self._write_activities(wb.create_sheet(self.activity_sheet))
        meta = wb.create_sheet("_healthkpi")
        meta["A1"], meta["B1"] = "plan", self.plan_id
        meta.sheet_state = "hidden"
        wb.save(path)
        return path

    # -- the data sheet ---------------------------------------------------------

    def _lead(self) -> list[str]:
        return ["STT", self.unit_header, *([self.period_header] if self.period_header else [])]

    def write_sheet(self, ws) -> None:
        """The form's data sheet into `ws` (a workbook holding several forms, one per sheet)."""
        self._write_data(ws)

    def _write_data(self, ws) -> None:
        lead = self._lead()
        width = len(lead) + len(self.columns)
        last = get_column_letter(width)
        half = max(2, width // 2)
        for r, line in enumerate(self.org, start=1):
            ws.cell(r, 1, line).font = Font(bold=r == len(self.org))
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=half - 1)
        ws.cell(1, half + 1, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM").font = Font(bold=True)
        ws.merge_cells(f"{get_column_letter(half + 1)}1:{last}1")
        ws.cell(2, half + 1, "Độc lập - Tự do - Hạnh phúc")
        ws.merge_cells(f"{get_column_letter(half + 1)}2:{last}2")
        r = max(len(self.org), 2) + 1
        ws.cell(r, 1, self.form_code).font = Font(italic=True)
        r += 1
        ws.cell(r, 1, self.title).font = Font(bold=True)
        ws.merge_cells(f"A{r}:{last}{r}")
        ws.cell(r, 1).alignment = Alignment(horizontal="center")
        r += 1
        ws.cell(r, 1, ILLUSTRATIVE).font = Font(italic=True)
        ws.merge_cells(f"A{r}:{last}{r}")
        ws.cell(r, 1).alignment = Alignment(horizontal="center")
        top = r + 2
        bottom = top + 1
        self._write_header(ws, top, bottom, lead)
        numbers = bottom + 1
        for c in range(1, width + 1):
            ws.cell(numbers, c, chr(64 + c) if c <= len(lead) else f"({c - len(lead)})")
            ws.cell(numbers, c).alignment = CENTER
            ws.cell(numbers, c).font = Font(italic=True)
        r = self._write_units(ws, numbers + 1, lead)
        r += 1
        for note in self.notes:
            ws.cell(r, 1, note).font = Font(italic=True)
            r += 1
        r += 1
        ws.cell(r, half + 1, self.place_date).font = Font(italic=True)
        r += 1
        ws.cell(r, 2, self.signers[0]).font = Font(bold=True)
        ws.cell(r, half + 1, self.signers[1]).font = Font(bold=True)
        r += 1
        ws.cell(r, 2, "(Ký, ghi rõ họ tên)").font = Font(italic=True)
        ws.cell(r, half + 1, "(Ký tên, đóng dấu)").font = Font(italic=True)
        r += 4
        ws.cell(r, 2, self.signer_names[0])
        ws.cell(r, half + 1, self.signer_names[1])
        ws.column_dimensions["A"].width = 5
        ws.column_dimensions["B"].width = 26
        for c in range(3, width + 1):
            ws.column_dimensions[get_column_letter(c)].width = 14
        ws.row_dimensions[bottom].height = 48
        ws.freeze_panes = ws.cell(numbers + 1, len(lead) + 1)
        ws.page_setup.orientation = "landscape"

    def _write_header(self, ws, top: int, bottom: int, lead: list[str]) -> None:
        for c, text in enumerate(lead, start=1):
            ws.cell(top, c, text)
            ws.merge_cells(start_row=top, start_column=c, end_row=bottom, end_column=c)
        c = len(lead) + 1
        i = 0
        while i < len(self.columns):
            column = self.columns[i]
            if column.sub is None:
                ws.cell(top, c, column.group)
                ws.merge_cells(start_row=top, start_column=c, end_row=bottom, end_column=c)
                c, i = c + 1, i + 1
                continue
            span = 1
            while (
                i + span < len(self.columns)
                and self.columns[i + span].group == column.group
                and self.columns[i + span].sub
            ):
                span += 1
            ws.cell(top, c, column.group)
            if span > 1:
                ws.merge_cells(start_row=top, start_column=c, end_row=top, end_column=c + span - 1)
            for k in range(span):
                ws.cell(bottom, c + k, self.columns[i + k].sub)
            c, i = c + span, i + span
        for r in (top, bottom):
            for col in range(1, c):
                ws.cell(r, col).alignment = CENTER
                ws.cell(r, col).font = Font(bold=True)
                ws.cell(r, col).border = BOX

    def _write_units(self, ws, r: int, lead: list[str]) -> int:
        width = len(lead) + len(self.columns)
        romans = iter(["I", "II", "III", "IV", "V", "VI", "VII", "VIII"])
        number = 0
        all_rows: list[dict[str, object]] = []
        for section in self.sections:
            if section.title:
                ws.cell(r, 1, next(romans)).font = Font(bold=True)
                ws.cell(r, 2, section.title).font = Font(bold=True)
                r += 1
            for row in section.rows:
                number += 1
                ws.cell(r, 1, number)
                ws.cell(r, 2, row["name"])
                if self.period_header:
                    ws.cell(r, 3, row.get("period"))
                for k, column in enumerate(self.columns, start=len(lead) + 1):
                    value = row.get(column.key, "")
                    if value not in ("", None):
                        ws.cell(r, k, value)
                        if isinstance(value, int):
                            ws.cell(r, k).number_format = "#,##0"
                for col in range(1, width + 1):
                    ws.cell(r, col).border = BOX
                all_rows.append(row)
                r += 1
        periods = list(dict.fromkeys(row.get("period") for row in all_rows)) if self.period_header else [None]
        for period in periods:
            ws.cell(r, 2, self.total_label).font = Font(bold=True)
            if self.period_header:
                ws.cell(r, 3, period)
            for k, column in enumerate(self.columns, start=len(lead) + 1):
                values = [
                    _number(row.get(column.key))
                    for row in all_rows
                    if row.get("period") == period and row.get("in_total", True)
                ]
                present = [v for v in values if v is not None]
                if present:
                    total = sum(present)
                    ws.cell(r, k, int(total) if float(total).is_integer() else round(total, 2))
                    ws.cell(r, k).number_format = "#,##0"
                    ws.cell(r, k).font = Font(bold=True)
            for col in range(1, width + 1):
                ws.cell(r, col).border = BOX
            r += 1
        return r

    # -- the activity sheet -------------------------------------------------------

    def _write_activities(self, ws) -> None:
        ws.cell(1, 1, self.org[-1] if self.org else "").font = Font(bold=True)
        ws.cell(2, 1, "TIẾN ĐỘ THỰC HIỆN CÁC HOẠT ĐỘNG TRỌNG TÂM").font = Font(bold=True)
        ws.cell(3, 1, ILLUSTRATIVE).font = Font(italic=True)
        headers = ["STT", "Mã hoạt động", "Nội dung hoạt động", "Trạng thái", "Ghi chú"]
        for c, text in enumerate(headers, start=1):
            ws.cell(5, c, text).font = Font(bold=True)
            ws.cell(5, c).alignment = CENTER
            ws.cell(5, c).border = BOX
        for i, activity in enumerate(self.activities, start=1):
            r = 5 + i
            for c, value in enumerate([i, activity.id, activity.text, activity.status, activity.note], start=1):
                ws.cell(r, c, value).border = BOX
            ws.cell(r, 3).alignment = Alignment(wrap_text=True, vertical="top")
        ws.column_dimensions["C"].width = 70
        ws.column_dimensions["D"].width = 18
        ws.column_dimensions["E"].width = 24


def _number(value: object) -> float | None:
    """A cell value as a district's SUM would see it: text counts as nothing."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)
