"""Example for targets/thanh-hoa-2021.yaml: Thanh Hóa's 27 district-level units, 2021.

Illustrative figures, spread so the scorecard shows every status, with the
quirks real forms have: a population typed as text (which the form's own
SUM then skips, so its total row disagrees), "chưa báo cáo" in a number
cell, blank cells, and Hà Trung exactly on the beds target (36.5).
"""

from __future__ import annotations

import random
from pathlib import Path

from formwriter import Column, ExampleForm, Section

UNITS: dict[str, list[tuple[str, int]]] = {
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

COLUMNS = [
    Column("Dân số trung bình\n(người)", None, "population"),
    Column("Số giường bệnh\n(giường)", None, "hospital_beds"),
    Column("Số bác sỹ\n(người)", None, "doctors"),
    Column("Xã, phường, thị trấn", "Tổng số", "communes"),
    Column("Xã, phường, thị trấn", "Đạt Bộ tiêu chí\nquốc gia về y tế", "communes_standard"),
    Column("Trạm y tế xã", "Tổng số", "stations"),
    Column("Trạm y tế xã", "Có bác sỹ\nlàm việc", "stations_doctor"),
    Column("Số người tham gia\nBHYT", None, "insured"),
    Column("Số trẻ sinh ra", "Nam", "boys"),
    Column("Số trẻ sinh ra", "Nữ", "girls"),
    Column("Trẻ em dưới 5 tuổi", "Được cân đo", "weighed"),
    Column("Trẻ em dưới 5 tuổi", "Suy dinh dưỡng\nthể nhẹ cân", "underweight"),
    Column("Ghi chú", None, "note"),
]


def unit_rows(
    rng: random.Random, section: str, units: list[tuple[str, int]]
) -> list[dict[str, object]]:
    rows = []
    for name, population in units:
        mountain = section == "Các huyện miền núi"
        city = section == "Thành phố, thị xã"
        beds_rate = rng.uniform(38, 52) if city else rng.uniform(26, 40)
        doctor_rate = rng.uniform(11, 16) if city else rng.uniform(8.5, 13)
        communes = rng.randint(14, 40)
        births = int(population * rng.uniform(0.013, 0.017))
        ratio = rng.uniform(104, 118)
        girls = round(births / (1 + ratio / 100))
        weighed = int(population * rng.uniform(0.07, 0.09))
        underweight_rate = rng.uniform(12, 17) if mountain else rng.uniform(7, 14.5)
        rows.append(
            {
                "name": name,
                "population": population,
                "hospital_beds": round(population * beds_rate / 10_000),
                "doctors": round(population * doctor_rate / 10_000),
                "communes": communes,
                "communes_standard": communes - rng.choice([0, 0, 0, 1, 1, 2, 3]),
                "stations": communes,
                "stations_doctor": communes - rng.choice([0, 0, 1, 2, 3, 4]),
                "insured": round(population * rng.uniform(0.86, 0.97)),
                "boys": births - girls,
                "girls": girls,
                "weighed": weighed,
                "underweight": round(weighed * underweight_rate / 100),
                "note": "",
            }
        )
    return rows


def build(folder: Path) -> Path:
    rng = random.Random(2021)
    sections = [Section(title, unit_rows(rng, title, units)) for title, units in UNITS.items()]
    by_name = {row["name"]: row for section in sections for row in section.rows}
    # Boundaries and gaps that a real reporting round always brings:
    by_name["Hà Trung"]["hospital_beds"] = (
        438  # 438 / 120,000 × 10,000 = 36.5 exactly: meets ">= 36.5"
    )
    by_name["Mường Lát"]["doctors"] = "chưa báo cáo"  # not a number → no_data
    by_name["Mường Lát"]["note"] = "Chưa báo cáo nhân lực"
    by_name["Quan Sơn"]["boys"] = ""  # left blank → no_data for the sex ratio
    by_name["Quan Sơn"]["girls"] = ""
    by_name["Thành phố Thanh Hóa"]["population"] = (
        "452.310"  # typed as text; the form's SUM skips it
    )
    insured = by_name["Nga Sơn"]["insured"]
    by_name["Nga Sơn"]["insured"] = f" {insured:,} ".replace(
        ",", " "
    )  # spaces as thousands separators
    form = ExampleForm(
        plan_id="thanh-hoa-2021",
        sheet="Biểu 01",
        org=("UBND TỈNH THANH HÓA", "SỞ Y TẾ"),
        form_code="Biểu 01/CTCB-2021",
        title="BÁO CÁO MỘT SỐ CHỈ TIÊU CƠ BẢN NGÀNH Y TẾ NĂM 2021",
        columns=COLUMNS,
        sections=sections,
        total_label="Toàn tỉnh",
        notes=(
            "Ghi chú: Số liệu minh họa dùng cho ví dụ của healthkpi; giường bệnh tính theo giường kế hoạch.",
        ),
        place_date="Thanh Hóa, ngày 15 tháng 01 năm 2022",
        signers=("Người lập biểu", "GIÁM ĐỐC"),
    )
    return form.write(folder / "thanh-hoa-2021.xlsx")
