"""Build the example workbooks in examples/ (deterministic: same bytes of data every run).

    python examples/build_examples.py

The figures are illustrative, not real data: they are spread so that each
example shows pass, near, fail and no_data. The layout is that of the forms
districts actually send: title rows, a merged two-level header with line
breaks, a row of column numbers, section rows, a few numbers typed as text,
a total row, a note and signatures.
"""

from __future__ import annotations

import random
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

HERE = Path(__file__).resolve().parent
THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)

# Thanh Hóa's 27 district-level units in 2021, grouped as the province's forms group them,
# with an illustrative population (persons).
THANH_HOA_UNITS: dict[str, list[tuple[str, int]]] = {
    "Thành phố, thị xã": [
        ("Thành phố Thanh Hóa", 452_310),
        ("Thành phố Sầm Sơn", 109_870),
        ("Thị xã Bỉm Sơn", 61_240),
        ("Thị xã Nghi Sơn", 331_560),
    ],
    "Các huyện đồng bằng, ven biển": [
        ("Đông Sơn", 86_420),
        ("Hà Trung", 120_000),
        ("Hậu Lộc", 181_350),
        ("Hoằng Hóa", 251_780),
        ("Nga Sơn", 148_930),
        ("Nông Cống", 189_640),
        ("Quảng Xương", 201_470),
        ("Thiệu Hóa", 178_260),
        ("Thọ Xuân", 239_810),
        ("Triệu Sơn", 209_550),
        ("Vĩnh Lộc", 89_730),
        ("Yên Định", 171_420),
    ],
    "Các huyện miền núi": [
        ("Bá Thước", 108_690),
        ("Cẩm Thủy", 114_520),
        ("Lang Chánh", 50_380),
        ("Mường Lát", 39_870),
        ("Ngọc Lặc", 139_940),
        ("Như Thanh", 94_710),
        ("Như Xuân", 69_850),
        ("Quan Hóa", 49_620),
        ("Quan Sơn", 39_980),
        ("Thạch Thành", 144_830),
        ("Thường Xuân", 94_260),
    ],
}

# (column header over two rows: group, sub) — the layout of "Biểu 01".
THANH_HOA_COLUMNS = [
    ("STT", None),
    ("Đơn vị", None),
    ("Dân số trung bình\n(người)", None),
    ("Số giường bệnh\n(giường)", None),
    ("Số bác sỹ\n(người)", None),
    ("Xã, phường, thị trấn", "Tổng số"),
    ("Xã, phường, thị trấn", "Đạt Bộ tiêu chí\nquốc gia về y tế"),
    ("Trạm y tế xã", "Tổng số"),
    ("Trạm y tế xã", "Có bác sỹ\nlàm việc"),
    ("Số người tham gia\nBHYT", None),
    ("Số trẻ sinh ra", "Nam"),
    ("Số trẻ sinh ra", "Nữ"),
    ("Trẻ em dưới 5 tuổi", "Được cân đo"),
    ("Trẻ em dưới 5 tuổi", "Suy dinh dưỡng\nthể nhẹ cân"),
    ("Ghi chú", None),
]


def thanh_hoa_rows(rng: random.Random) -> list[dict[str, object]]:
    """One dict per unit: name, section and its counts (some as text, some missing)."""
    rows = []
    for section, units in THANH_HOA_UNITS.items():
        for name, population in units:
            mountain = section == "Các huyện miền núi"
            city = section == "Thành phố, thị xã"
            beds_rate = rng.uniform(38, 52) if city else rng.uniform(26, 40)
            doctor_rate = rng.uniform(11, 16) if city else rng.uniform(8.5, 13)
            communes = rng.randint(14, 40)
            stations = communes
            births = int(population * rng.uniform(0.013, 0.017))
            ratio = rng.uniform(104, 118)
            girls = round(births / (1 + ratio / 100))
            weighed = int(population * rng.uniform(0.07, 0.09))
            underweight_rate = rng.uniform(12, 17) if mountain else rng.uniform(7, 14.5)
            rows.append(
                {
                    "section": section,
                    "name": name,
                    "population": population,
                    "hospital_beds": round(population * beds_rate / 10_000),
                    "doctors": round(population * doctor_rate / 10_000),
                    "communes": communes,
                    "communes_standard": communes - rng.choice([0, 0, 0, 1, 1, 2, 3]),
                    "stations": stations,
                    "stations_doctor": stations - rng.choice([0, 0, 1, 2, 3, 4]),
                    "insured": round(population * rng.uniform(0.86, 0.97)),
                    "boys": births - girls,
                    "girls": girls,
                    "weighed": weighed,
                    "underweight": round(weighed * underweight_rate / 100),
                    "note": "",
                }
            )
    by_name = {row["name"]: row for row in rows}
    # Boundaries and gaps that a real quarter always brings:
    by_name["Hà Trung"]["hospital_beds"] = (
        438  # 438 / 120,000 × 10,000 = 36.5 exactly: meets ">= 36.5"
    )
    by_name["Mường Lát"]["doctors"] = "chưa báo cáo"  # not a number → no_data
    by_name["Mường Lát"]["note"] = "Chưa báo cáo nhân lực"
    by_name["Quan Sơn"]["boys"] = ""  # left blank → no_data for the sex ratio
    by_name["Quan Sơn"]["girls"] = ""
    by_name["Thành phố Thanh Hóa"]["population"] = "452.310"  # typed as text, Vietnamese thousands
    by_name["Nga Sơn"]["insured"] = f" {by_name['Nga Sơn']['insured']:,} ".replace(
        ",", " "
    )  # spaces
    return rows


def _number(value: object) -> float:
    if isinstance(value, int | float):
        return float(value)
    text = str(value).strip().replace(".", "").replace(" ", "")
    return float(text) if text.isdigit() else 0.0


def build_thanh_hoa(path: Path) -> None:
    rng = random.Random(2021)
    rows = thanh_hoa_rows(rng)
    wb = Workbook()
    ws = wb.active
    ws.title = "Biểu 01"
    width = len(THANH_HOA_COLUMNS)
    last = get_column_letter(width)

    ws["A1"] = "SỞ Y TẾ THANH HÓA"
    ws.merge_cells("A1:E1")
    ws["J1"] = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    ws.merge_cells(f"J1:{last}1")
    ws["A2"] = "Biểu 01/CTCB-2021"
    ws.merge_cells("A2:E2")
    ws["J2"] = "Độc lập - Tự do - Hạnh phúc"
    ws.merge_cells(f"J2:{last}2")
    ws["A4"] = "BÁO CÁO MỘT SỐ CHỈ TIÊU CƠ BẢN NGÀNH Y TẾ NĂM 2021"
    ws.merge_cells(f"A4:{last}4")
    ws["A5"] = "(Số liệu minh họa, không phải số liệu thật — illustrative figures, not real data)"
    ws.merge_cells(f"A5:{last}5")
    for cell in ("A1", "A4", "J1"):
        ws[cell].font = Font(bold=True)
        ws[cell].alignment = Alignment(horizontal="center")
    ws["A5"].alignment = Alignment(horizontal="center")
    ws["A5"].font = Font(italic=True)

    header_top, header_bottom = 7, 8
    c = 1
    while c <= width:
        group, sub = THANH_HOA_COLUMNS[c - 1]
        if sub is None:
            ws.cell(header_top, c, group)
            ws.merge_cells(
                start_row=header_top, start_column=c, end_row=header_bottom, end_column=c
            )
            c += 1
            continue
        span = 1
        while c + span <= width and THANH_HOA_COLUMNS[c + span - 1][0] == group:
            span += 1
        ws.cell(header_top, c, group)
        ws.merge_cells(
            start_row=header_top, start_column=c, end_row=header_top, end_column=c + span - 1
        )
        for k in range(span):
            ws.cell(header_bottom, c + k, THANH_HOA_COLUMNS[c + k - 1][1])
        c += span
    for r in (header_top, header_bottom):
        for col in range(1, width + 1):
            ws.cell(r, col).alignment = CENTER
            ws.cell(r, col).font = Font(bold=True)
            ws.cell(r, col).border = BOX
    # the row of column numbers statistical forms carry under the header
    numbers_row = header_bottom + 1
    for col in range(1, width + 1):
        ws.cell(numbers_row, col, "A" if col == 1 else "B" if col == 2 else f"({col - 2})")
        ws.cell(numbers_row, col).alignment = CENTER
        ws.cell(numbers_row, col).font = Font(italic=True)

    keys = [
        "population",
        "hospital_beds",
        "doctors",
        "communes",
        "communes_standard",
        "stations",
        "stations_doctor",
        "insured",
        "boys",
        "girls",
        "weighed",
        "underweight",
    ]
    r = numbers_row + 1
    roman = iter(["I", "II", "III", "IV"])
    section = None
    for number, row in enumerate(rows, start=1):
        if row["section"] != section:
            section = row["section"]
            ws.cell(r, 1, next(roman)).font = Font(bold=True)
            ws.cell(r, 2, section).font = Font(bold=True)
            r += 1
        ws.cell(r, 1, number)
        ws.cell(r, 2, row["name"])
        for k, key in enumerate(keys, start=3):
            value = row[key]
            if value != "":
                ws.cell(r, k, value)
                if isinstance(value, int):
                    ws.cell(r, k).number_format = "#,##0"
        ws.cell(r, width, row["note"])
        for col in range(1, width + 1):
            ws.cell(r, col).border = BOX
        r += 1
    # The total row as Excel saves it: the figures themselves (cached values).
    ws.cell(r, 2, "Toàn tỉnh").font = Font(bold=True)
    for k, key in enumerate(keys, start=3):
        ws.cell(r, k, int(sum(_number(row[key]) for row in rows)))
        ws.cell(r, k).number_format = "#,##0"
        ws.cell(r, k).font = Font(bold=True)
    for col in range(1, width + 1):
        ws.cell(r, col).border = BOX
    r += 2
    ws.cell(
        r,
        1,
        "Ghi chú: Số liệu minh họa dùng cho ví dụ của healthkpi; giường bệnh tính theo giường kế hoạch.",
    )
    r += 2
    ws.cell(r, 10, "Thanh Hóa, ngày 15 tháng 01 năm 2022")
    r += 1
    ws.cell(r, 2, "Người lập biểu").font = Font(bold=True)
    ws.cell(r, 10, "GIÁM ĐỐC").font = Font(bold=True)
    r += 4
    ws.cell(r, 2, "Nguyễn Văn An")
    ws.cell(r, 10, "Lê Thị Bình")

    ws.column_dimensions["A"].width = 5
    ws.column_dimensions["B"].width = 24
    for col in range(3, width + 1):
        ws.column_dimensions[get_column_letter(col)].width = 13
    ws.row_dimensions[header_bottom].height = 45
    ws.freeze_panes = ws.cell(numbers_row + 1, 3)
    ws.page_setup.orientation = "landscape"

    record_plan(wb, "thanh-hoa-2021")
    wb.save(path)


def record_plan(wb: Workbook, plan_id: str) -> None:
    """Record the plan as `healthkpi template` does, so `score` needs no -t."""
    meta = wb.create_sheet("_healthkpi")
    meta["A1"], meta["B1"] = "plan", plan_id
    meta.sheet_state = "hidden"


def main() -> None:
    build_thanh_hoa(HERE / "thanh-hoa-2021.xlsx")


if __name__ == "__main__":
    main()
