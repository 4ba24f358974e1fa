"""Build test workbooks that look like the forms districts really send.

A `Form` is described in code — units and their values — and written with
openpyxl the way a statistics office lays it out: title rows, a merged
two-level header with line breaks, a row of column numbers, section rows,
some numbers typed as text, a total row, notes and signatures. Every part can
be switched off or varied, so a test says exactly which quirk it is about.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font


@dataclass
class Column:
    """A data column: its header (group over sub for a two-level header) and variable."""

    variable: str
    header: str
    group: str | None = None


@dataclass
class Form:
    columns: list[Column]
    units: list[tuple[str, dict[str, object]]]  # (name, {variable: value})
    sheet: str = "Số liệu"
    unit_header: str = "Đơn vị"
    title_rows: bool = True
    column_numbers: bool = True
    sections: dict[int, str] = field(default_factory=dict)  # index of first unit → section title
    total: str | None = "Tổng cộng"
    total_values: dict[str, object] | None = None  # default: the sum of the units
    notes: bool = True
    signature: bool = True
    number_column: bool = True  # an STT column
    period_column: str | None = None  # header of a period column, values in units' "period"
    extra_sheets: list[str] = field(default_factory=list)  # sheets before the data sheet
    record_plan: str | None = None

    def header_top(self) -> int:
        return 5 if self.title_rows else 1

    def write(self, path: Path) -> Path:
        wb = Workbook()
        default = wb.active
        for i, name in enumerate(self.extra_sheets):
            sheet = default if i == 0 else wb.create_sheet(name)
            sheet.title = name
            sheet["A1"] = "Hướng dẫn điền biểu: ghi số liệu vào các cột, không sửa tiêu đề."
        ws = wb.create_sheet(self.sheet) if self.extra_sheets else default
        ws.title = self.sheet
        self._write_sheet(ws)
        if self.record_plan:
            meta = wb.create_sheet("_healthkpi")
            meta["A1"], meta["B1"] = "plan", self.record_plan
            meta.sheet_state = "hidden"
        wb.save(path)
        return path

    def _write_sheet(self, ws) -> None:
        lead = []
        if self.number_column:
            lead.append("STT")
        lead.append(self.unit_header)
        if self.period_column:
            lead.append(self.period_column)
        first_data = len(lead) + 1
        width = len(lead) + len(self.columns)
        top = self.header_top()
        if self.title_rows:
            ws.cell(1, 1, "UBND TỈNH THANH HÓA")
            ws.cell(2, 1, "SỞ Y TẾ")
            ws.cell(3, 1, "BÁO CÁO SỐ LIỆU Y TẾ NĂM 2021\n(Kèm theo Công văn số 123/SYT-KHTC)")
            ws.merge_cells(start_row=3, start_column=1, end_row=3, end_column=max(width, 2))
            ws.cell(3, 1).font = Font(bold=True)
        two_level = any(c.group for c in self.columns)
        bottom = top + 1 if two_level else top
        for i, text in enumerate(lead, start=1):
            ws.cell(top, i, text)
            if two_level:
                ws.merge_cells(start_row=top, start_column=i, end_row=bottom, end_column=i)
        col = first_data
        while col < first_data + len(self.columns):
            column = self.columns[col - first_data]
            if column.group is None:
                ws.cell(top, col, column.header)
                if two_level:
                    ws.merge_cells(start_row=top, start_column=col, end_row=bottom, end_column=col)
                col += 1
                continue
            span = 1
            while (
                col + span < first_data + len(self.columns)
                and self.columns[col + span - first_data].group == column.group
            ):
                span += 1
            ws.cell(top, col, column.group)
            if span > 1:
                ws.merge_cells(start_row=top, start_column=col, end_row=top, end_column=col + span - 1)
            for k in range(span):
                ws.cell(bottom, col + k, self.columns[col + k - first_data].header)
            col += span
        for r in range(top, bottom + 1):
            for c in range(1, width + 1):
                ws.cell(r, c).alignment = Alignment(wrap_text=True)
        r = bottom + 1
        if self.column_numbers:
            for c in range(1, width + 1):
                ws.cell(r, c, chr(64 + c) if c < first_data else f"({c - first_data + 1})")
            r += 1
        for index, (name, values) in enumerate(self.units):
            if index in self.sections:
                if self.number_column:
                    ws.cell(
                        r,
                        1,
                        ["I", "II", "III", "IV", "V"][len([k for k in self.sections if k < index])],
                    )
                ws.cell(r, 2 if self.number_column else 1, self.sections[index])
                r += 1
            if self.number_column:
                ws.cell(r, 1, index + 1)
            label = ws.cell(r, len(lead) - (1 if self.period_column else 0), name)
            label.data_type = "s"  # a name is text even when it starts with "=" (as Excel stores '=…)
            if self.period_column:
                ws.cell(r, len(lead), values.get("period"))
            for k, column in enumerate(self.columns):
                value = values.get(column.variable)
                if value is not None:
                    ws.cell(r, first_data + k, value)
            r += 1
        if self.total is not None:
            ws.cell(r, len(lead) - (1 if self.period_column else 0), self.total)
            totals = self.total_values if self.total_values is not None else self._sums()
            for k, column in enumerate(self.columns):
                if column.variable in totals:
                    ws.cell(r, first_data + k, totals[column.variable])
            r += 1
        if self.notes:
            r += 1
            ws.cell(r, 1, "Ghi chú: Số giường bệnh là giường kế hoạch; dân số theo Cục Thống kê.")
            r += 1
            ws.cell(r, 1, "* Số liệu sơ bộ, sẽ cập nhật trong báo cáo năm.")
            r += 1
        if self.signature:
            r += 1
            ws.cell(r, max(width - 2, 1), "Thanh Hóa, ngày 15 tháng 01 năm 2022")
            r += 1
            ws.cell(r, 2, "Người lập biểu")
            ws.cell(r, max(width - 2, 3), "GIÁM ĐỐC")
            r += 1
            ws.cell(r, 2, "(Ký, ghi rõ họ tên)")
            ws.cell(r, max(width - 2, 3), "(Ký tên, đóng dấu)")
            r += 3
            ws.cell(r, 2, "Nguyễn Văn An")
            ws.cell(r, max(width - 2, 3), "Lê Thị Bình")

    def _sums(self) -> dict[str, object]:
        sums: dict[str, float] = {}
        for _name, values in self.units:
            for column in self.columns:
                value = values.get(column.variable)
                if isinstance(value, int | float):
                    sums[column.variable] = sums.get(column.variable, 0) + value
        return sums


BEDS_PLAN = """\
healthkpi: 1
plan:
  id: test-plan
  title: Kế hoạch thử
  title_en: Test plan
  period: "2021"
  total_label: Toàn tỉnh
variables:
  population:
    label: Dân số trung bình
    aliases: [Dân số, population]
  hospital_beds:
    label: Số giường bệnh
    aliases: [Giường bệnh, beds]
  doctors:
    label: Số bác sỹ
    aliases: [Bác sỹ, Bác sĩ, doctors]
indicators:
  - id: beds_per_10k
    name: Số giường bệnh/vạn dân
    name_en: Beds per 10,000
    numerator: hospital_beds
    denominator: population
    per: 10000
    target: ">= 36.5"
    near: 5%
    source: Mục II.3
  - id: doctors_per_10k
    name: Số bác sỹ/vạn dân
    name_en: Doctors per 10,000
    numerator: doctors
    denominator: population
    per: 10000
    target: ">= 11.5"
    source: Mục II.3
"""

BEDS_COLUMNS = [
    Column("population", "Dân số trung bình\n(người)"),
    Column("hospital_beds", "Giường bệnh", group="Cơ sở vật chất"),
    Column("doctors", "Bác sỹ", group="Nhân lực"),
]


def beds_form(**changes: object) -> Form:
    """Three districts with known values: a pass, an exact-boundary pass and a fail."""
    units = [
        ("Thọ Xuân", {"population": 395000, "hospital_beds": 1234, "doctors": 500}),
        ("Hà Trung", {"population": 200000, "hospital_beds": 730, "doctors": 230}),
        ("Mường Lát", {"population": 40000, "hospital_beds": 100, "doctors": 40}),
    ]
    options: dict[str, object] = {"columns": BEDS_COLUMNS, "units": units, **changes}
    return Form(**options)  # type: ignore[arg-type]


def doctors_plan(plan_id: str) -> str:
    """A plan of one indicator, doctors per 10,000 people (>= 5) for 2021: what a plain sheet of
    units with their population and doctors is scored against."""
    return f"""\
healthkpi: 1
plan: {{id: {plan_id}, title: Kế hoạch thử, period: "2021"}}
variables:
  population: {{label: Dân số}}
  doctors: {{label: Bác sỹ}}
indicators:
  - {{id: doctors_per_10k, name: Bác sỹ/vạn dân, numerator: doctors, denominator: population, per: 10000, target: ">= 5"}}
"""


def plain_sheet(
    path: Path,
    rows: list[list[object]] | tuple[tuple[object, ...], ...],
    title: str = "Biểu 01",
    formats: dict[str, str] | None = None,
) -> Path:
    """A one-sheet workbook of `rows` as given (the header among them), some cells given a number
    format ({"D2": "0%"}): for a test about one quirk of the rows, not of the form around them."""
    wb = Workbook()
    sheet = wb.active
    sheet.title = title
    for row in rows:
        sheet.append(list(row))
    for cell, number_format in (formats or {}).items():
        sheet[cell].number_format = number_format
    wb.save(path)
    return path
