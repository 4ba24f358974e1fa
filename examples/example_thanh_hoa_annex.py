"""The annex of district targets for the Thanh Hóa example ("Phụ lục giao chỉ tiêu").

Illustrative targets, not the province's real ones (the title row says so):
mountain districts are asked for fewer beds and doctors per 10,000 than the
plan's provincial figure, the cities for more. examples/healthkpi.yaml
extends the bundled plan with this annex, so `healthkpi score
examples/thanh-hoa-2021.xlsx` uses it with no extra flag.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

# (district, beds per 10,000, doctors per 10,000) — a bare number takes the plan's own "≥".
TARGETS = [
    ("Thành phố Thanh Hóa", "45", "14"),
    ("Thành phố Sầm Sơn", "38", "12"),
    ("Mường Lát", "25", "8,5"),
    ("Quan Hóa", "26", "9"),
    ("Quan Sơn", "25", "8,5"),
    ("Lang Chánh", "27", "9"),
    ("Bá Thước", "28", "9,5"),
    ("Thường Xuân", "28", "9,5"),
    ("Như Xuân", "30", "10"),
]


def build(folder: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "Phụ lục"
    ws["A1"] = "PHỤ LỤC GIAO CHỈ TIÊU Y TẾ CƠ BẢN NĂM 2021 CHO CÁC HUYỆN, THỊ XÃ, THÀNH PHỐ"
    ws["A2"] = "(Số liệu minh họa, không phải chỉ tiêu thật — illustrative targets, not the province's real annex)"
    ws["A1"].font = Font(bold=True)
    ws["A2"].font = Font(italic=True)
    ws.append([])
    ws.append(["STT", "Đơn vị", "Mã chỉ tiêu", "Tên chỉ tiêu", "Năm", "Chỉ tiêu giao"])
    for cell in ws[4]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", wrap_text=True)
    n = 0
    for district, beds, doctors in TARGETS:
        for code, name, target in (
            ("beds_per_10k", "Số giường bệnh/vạn dân", beds),
            ("doctors_per_10k", "Số bác sỹ/vạn dân", doctors),
        ):
            n += 1
            ws.append([n, district, code, name, 2021, target])
    ws.append([])
    ws.append(
        ["", "Ghi chú: chỉ tiêu giao là mức tối thiểu (≥); các đơn vị không có trong phụ lục áp dụng chỉ tiêu chung."]
    )
    ws.column_dimensions["B"].width = 24
    ws.column_dimensions["C"].width = 18
    ws.column_dimensions["D"].width = 26
    ws.column_dimensions["F"].width = 14
    (folder / "annex").mkdir(exist_ok=True)
    path = folder / "annex" / "thanh-hoa-2021-annex.xlsx"
    wb.save(path)
    return path
