"""Example for targets/ha-noi-2021-2025.yaml: Hà Nội's 30 district-level units, 2021 and 2022.

Illustrative figures, not real data. Each unit reports, for each of the six
population groups of the plan (mục II.2), the group's size, how many have an
electronic health record and how many had a health check-up in the year;
plus its health facilities and how many use the health-record software.

- 2021 group sizes share out exactly the city-wide sizes the plan states
  (694,775 children under 5, …), so they add up to the plan's constants;
  2022 sizes grow a little.
- 2021 is the baseline of the health-record targets (100 % by 2025): in 2022
  each unit is scored against the straight line from its own 2021 level, and
  the figures are drawn around that line so that pass, near and fail all
  occur. Tây Hồ's children under 5 sit exactly on the line (and pass).
- Check-ups (100 % every year from 2022) are drawn as 100 %, 95-99.7 % (near)
  or lower (fail).
- Quirks of real forms: Hoàn Kiếm's 2022 elderly total is typed as text in
  Vietnamese format ("18.980", which the form's own SUM then skips), Mỹ Đức
  has "chưa báo cáo" for its students' check-ups and Ba Vì left one cell blank.
- A flaw for the data-quality checks: Thanh Xuân's 2021 pupils' check-ups are
  the mean of two rounds and end in .5 (a count that is not a whole number).
"""

from __future__ import annotations

import random
from fractions import Fraction
from pathlib import Path

from formwriter import Column, ExampleForm, Section

YEARS = (2021, 2022)  # typed as numbers in the "Năm" column, as forms do

# Population in thousands (about the 2019 census), used only to share out
# the city-wide group sizes between units.
UNITS: dict[str, list[tuple[str, float]]] = {
    "Các quận": [
        ("Ba Đình", 221.9),
        ("Hoàn Kiếm", 135.6),
        ("Tây Hồ", 160.5),
        ("Long Biên", 322.5),
        ("Cầu Giấy", 292.5),
        ("Đống Đa", 371.6),
        ("Hai Bà Trưng", 303.6),
        ("Hoàng Mai", 506.3),
        ("Thanh Xuân", 293.3),
        ("Nam Từ Liêm", 264.2),
        ("Bắc Từ Liêm", 333.7),
        ("Hà Đông", 382.6),
    ],
    "Thị xã": [("Sơn Tây", 146.9)],
    "Các huyện": [
        ("Ba Vì", 305.0),
        ("Phúc Thọ", 185.8),
        ("Đan Phượng", 166.9),
        ("Hoài Đức", 276.6),
        ("Quốc Oai", 203.1),
        ("Thạch Thất", 209.7),
        ("Chương Mỹ", 337.3),
        ("Thanh Oai", 218.7),
        ("Thường Tín", 254.6),
        ("Phú Xuyên", 228.3),
        ("Ứng Hòa", 207.6),
        ("Mỹ Đức", 198.3),
        ("Sóc Sơn", 344.7),
        ("Đông Anh", 406.5),
        ("Gia Lâm", 292.9),
        ("Mê Linh", 241.7),
        ("Thanh Trì", 287.9),
    ],
}

# (key, header over the three sub-columns, city-wide size the plan states,
#  2021 record coverage range in %, chance of pass / near / fail for 2022 check-ups)
GROUPS: list[tuple[str, str, int, tuple[float, float], tuple[float, float, float]]] = [
    ("children_under_5", "Trẻ em dưới 5 tuổi", 694_775, (40, 75), (0.2, 0.4, 0.4)),
    ("pupils", "Học sinh\n(TH, THCS, THPT)", 2_112_931, (55, 90), (0.35, 0.4, 0.25)),
    ("students", "Sinh viên\n(ĐH, CĐ, TCCN, dạy nghề)", 505_627, (30, 70), (0.25, 0.35, 0.4)),
    (
        "workers",
        "Cán bộ, công chức, viên chức, người lao động",
        1_836_257,
        (45, 85),
        (0.35, 0.4, 0.25),
    ),
    ("elderly", "Người cao tuổi, hưu trí", 1_014_230, (40, 80), (0.15, 0.35, 0.5)),
    (
        "other_residents",
        "Người lao động tự do và người khác",
        1_883_398,
        (15, 50),
        (0.1, 0.3, 0.6),
    ),
]

SUBS = (
    ("", "Tổng số"),
    ("_records", "Có hồ sơ sức khỏe\nđiện tử"),
    ("_checked", "Được khám sức khỏe\nđịnh kỳ"),
)

COLUMNS = [
    *(Column(header, sub, key + suffix) for key, header, *_ in GROUPS for suffix, sub in SUBS),
    Column("Cơ sở khám bệnh, chữa bệnh", "Tổng số", "facilities"),
    Column(
        "Cơ sở khám bệnh, chữa bệnh",
        "Đã triển khai phần mềm\nhồ sơ sức khỏe",
        "facilities_with_software",
    ),
    Column("Ghi chú", None, "note"),
]

UNIVERSITY_DISTRICTS = {"Cầu Giấy", "Đống Đa", "Hai Bà Trưng", "Bắc Từ Liêm", "Nam Từ Liêm"}
OLD_CENTRE = {"Ba Đình", "Hoàn Kiếm", "Đống Đa", "Hai Bà Trưng"}


def _weight(group: str, name: str, urban: bool, population: float) -> float:
    """How much of a city-wide group a unit holds, before noise."""
    factor = {
        "children_under_5": 1.0 if urban else 1.15,
        "pupils": 0.95 if urban else 1.1,
        "students": 3.0 if name in UNIVERSITY_DISTRICTS else 0.8 if urban else 0.35,
        "workers": 1.3 if urban else 0.75,
        "elderly": 1.25 if name in OLD_CENTRE else 1.0,
        "other_residents": 0.8 if urban else 1.25,
    }[group]
    if name == "Gia Lâm" and group == "students":
        factor = 1.5  # Học viện Nông nghiệp Việt Nam
    return population * factor


def _share_out(total: int, weights: list[float]) -> list[int]:
    """Whole numbers in proportion to `weights` that add up to `total` exactly."""
    whole = sum(weights)
    exact = [total * w / whole for w in weights]
    counts = [int(x) for x in exact]
    by_remainder = sorted(range(len(weights)), key=lambda i: exact[i] - counts[i], reverse=True)
    for i in by_remainder[: total - sum(counts)]:
        counts[i] += 1
    return counts


def _pick(rng: random.Random, chances: tuple[float, float, float]) -> str:
    return rng.choices(("pass", "near", "fail"), weights=chances)[0]


def sections() -> list[Section]:
    """The figures of the example: one row per unit and year, 2021 then 2022."""
    rng = random.Random(258)
    units = [(section, name, population) for section, names in UNITS.items() for name, population in names]
    rows = {(name, year): {"name": name, "period": year, "note": ""} for _, name, _ in units for year in YEARS}
    for key, _, city_size, coverage, chances in GROUPS:
        weights = [
            _weight(key, name, section == "Các quận", population) * rng.uniform(0.9, 1.1)
            for section, name, population in units
        ]
        sizes_2021 = _share_out(city_size, weights)
        for (_, name, _), size in zip(units, sizes_2021, strict=True):
            old, new = rows[(name, 2021)], rows[(name, 2022)]
            size_2022 = round(size * rng.uniform(1.005, 1.025))
            records_2021 = round(size * rng.uniform(*coverage) / 100)
            # 2022 health records, around the on-track line from the unit's 2021 level
            base = Fraction(records_2021, size) * 100
            line = float(base + (100 - base) / 4)
            outcome = _pick(rng, (0.5, 0.3, 0.2))
            rate = {
                "pass": min(100.0, line + rng.uniform(0.3, 8)),
                "near": line - rng.uniform(0.5, 4.5),
                "fail": line - rng.uniform(6, 15),
            }[outcome]
            old.update(
                {
                    key: size,
                    key + "_records": records_2021,
                    key + "_checked": round(size * rng.uniform(60, 95) / 100),
                }
            )
            checked_rate = {
                "pass": 100.0,
                "near": rng.uniform(95.5, 99.7),
                "fail": rng.uniform(75, 94),
            }[_pick(rng, chances)]
            new.update(
                {
                    key: size_2022,
                    key + "_records": round(size_2022 * rate / 100),
                    key + "_checked": round(size_2022 * checked_rate / 100),
                }
            )
    for _, name, population in units:
        old, new = rows[(name, 2021)], rows[(name, 2022)]
        facilities = round(population * rng.uniform(0.15, 0.45)) + 10
        old["facilities"] = facilities
        old["facilities_with_software"] = round(facilities * rng.uniform(0.8, 1.0))
        facilities_2022 = facilities + rng.randint(0, 5)
        share = {"pass": 1.0, "near": rng.uniform(0.955, 0.995), "fail": rng.uniform(0.8, 0.94)}
        new["facilities"] = facilities_2022
        new["facilities_with_software"] = round(facilities_2022 * share[_pick(rng, (0.5, 0.3, 0.2))])

    # Exactly on the on-track line: 2022 coverage = 2021 coverage + a quarter of
    # the way to 100 %, with the same number of children both years. It passes.
    tay_ho_2021, tay_ho_2022 = rows[("Tây Hồ", 2021)], rows[("Tây Hồ", 2022)]
    size = tay_ho_2021["children_under_5"]
    records = tay_ho_2021["children_under_5_records"]
    records -= (records - size) % 4  # records ≡ size (mod 4): (3 × records + size) / 4 is whole
    tay_ho_2021["children_under_5_records"] = records
    tay_ho_2022["children_under_5"] = size
    tay_ho_2022["children_under_5_records"] = (3 * records + size) // 4
    tay_ho_2022["children_under_5_checked"] = min(tay_ho_2022["children_under_5_checked"], size)

    # The quirks of a real reporting round:
    hoan_kiem = rows[("Hoàn Kiếm", 2022)]
    hoan_kiem["elderly"] = f"{hoan_kiem['elderly']:,}".replace(",", ".")  # text: "18.980"
    hoan_kiem["note"] = "Số người cao tuổi nhập dạng văn bản"
    my_duc = rows[("Mỹ Đức", 2022)]
    my_duc["students_checked"] = "chưa báo cáo"  # not a number → no_data
    my_duc["note"] = "Các trường chưa gửi kết quả khám"
    ba_vi = rows[("Ba Vì", 2022)]
    ba_vi["other_residents_records"] = ""  # left blank → no_data
    # A deliberate flaw for the data-quality checks, in a 2021 figure that is not scored
    # (check-ups are due from 2022): Thanh Xuân reported the mean of its two school
    # check-up rounds, which ends in .5 — a count that is not a whole number.
    thanh_xuan = rows[("Thanh Xuân", 2021)]
    thanh_xuan["pupils_checked"] += 0.5
    thanh_xuan["note"] = "Học sinh: trung bình 2 đợt khám"

    return [
        Section(
            title,
            [rows[(name, year)] for name, _ in names for year in YEARS],
        )
        for title, names in UNITS.items()
    ]


def build(folder: Path) -> Path:
    form = ExampleForm(
        plan_id="ha-noi-2021-2025",
        sheet="Biểu 01",
        org=("UBND THÀNH PHỐ HÀ NỘI", "SỞ Y TẾ"),
        form_code="Biểu 01/QLSK-KH258",
        title=("BÁO CÁO KẾT QUẢ THỰC HIỆN QUẢN LÝ SỨC KHỎE NGƯỜI DÂN (KẾ HOẠCH SỐ 258/KH-UBND) NĂM 2021-2022"),
        columns=COLUMNS,
        sections=sections(),
        unit_header="Quận, huyện, thị xã",
        period_header="Năm",
        total_label="Toàn thành phố",
        notes=(
            "Ghi chú: Số liệu minh họa dùng cho ví dụ của healthkpi; số đối tượng do quận, "
            "huyện, thị xã rà soát; khám sức khỏe tính người được khám ít nhất 01 lần trong năm.",
        ),
        place_date="Hà Nội, ngày 20 tháng 01 năm 2023",
        signers=("Người lập biểu", "GIÁM ĐỐC"),
    )
    return form.write(folder / "ha-noi-2021-2025.xlsx")
