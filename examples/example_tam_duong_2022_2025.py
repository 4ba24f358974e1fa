"""Example for targets/tam-duong-2022-2025.yaml: Tam Đường's 14 communes, 2022-2024.

Illustrative figures, not real data. The 13 communes and thị trấn Tam Đường
(huyện Tam Đường, tỉnh Lai Châu) each report one row per year, 2022, 2023 and
2024, with one health station each.

- 2022 is the baseline: the default score takes the latest year (2024) and
  judges each commune against the straight line from its own 2022 value to
  the 2025 target (two thirds of the way). The 2024 figures are drawn around
  that line, so pass, near and fail all occur; 2023 has most of the progress
  already, as whole counts allow, so that steady progress is not flagged as
  an outlier against the commune's own history.
- Station-level targets are yes/no per commune (1 or 0 in the form), so a
  commune scores 0 % or 100 %; the district total is the share of stations.
- The crude birth rate, and the technique list besides its 75 % line, are
  scored as relative changes per year since 2022.
- Quirks of real forms: Bình Lư's 2024 population is typed as text in
  Vietnamese format (which the form's own SUM then skips, so its total row
  disagrees), Hồ Thầu wrote "chưa báo cáo" for its 2024 stunting count and
  Thèn Sin left its 2024 full-immunisation cell blank.
- Flaws for the data-quality checks, in 2023 (neither scored nor the
  baseline): Sơn Bình's row is written "Sơn Binh" (a name that differs only by
  an accent, so Sơn Bình has no 2023 row) and Tả Lèng wrote the change in its
  HIV count since 2022 (-3) instead of the count.
"""

from __future__ import annotations

import math
import random
from pathlib import Path

from formwriter import Column, ExampleForm, Section

YEARS = (2022, 2023, 2024)  # typed as numbers in the "Năm" column, as forms do
SHARE_2024 = 2 / 3  # 2024 is two thirds of the way from 2022 to 2025
TECHNIQUES_IN_LIST = 178  # the commune-level technique list approved for a station

# 2022 population (illustrative, about 61,000 in all) and whether the
# commune is remote (weaker starting point: fewer services, more malnutrition).
COMMUNES: list[tuple[str, int, bool]] = [
    ("Thị trấn Tam Đường", 6_820, False),
    ("Bình Lư", 6_940, False),
    ("Bản Bo", 5_870, False),
    ("Bản Giang", 4_610, False),
    ("Bản Hon", 4_120, False),
    ("Sơn Bình", 3_460, False),
    ("Nà Tăm", 3_530, False),
    ("Khun Há", 4_930, True),
    ("Giang Ma", 3_910, True),
    ("Hồ Thầu", 3_720, True),
    ("Nùng Nàng", 2_640, True),
    ("Sùng Phài", 4_010, True),
    ("Tả Lèng", 3_820, True),
    ("Thèn Sin", 2_710, True),
]

# Percentages drawn per commune: 2022 range for a central and for a remote
# commune, the 2025 target, and how far 2024 may stray from the on-track line.
TRACKS: dict[str, tuple[tuple[float, float], tuple[float, float], float, float]] = {
    "staff_university": ((20, 40), (12, 30), 30, 9),
    "techniques": ((62, 76), (52, 66), 75, 4),
    "monitored": ((86, 99), (86, 99), 100, 2.5),
    "ehr": ((20, 45), (8, 30), 70, 6),
    "underweight": ((11, 16), (15, 21), 15, 1.6),
    "stunted": ((19, 25), (24, 31), 21.3, 1.6),
    "immunised": ((84, 97), (84, 97), 95.2, 3),
    "hiv": ((0.3, 0.52), (0.3, 0.52), 0.38, 0.04),
}

# Yes/no station targets (1 = the station meets it): 2022 chance of yes for a
# central/remote commune, and the chance a "no" becomes "yes" by 2024.
STATION_FLAGS = {
    "standard": (0.8, 0.4, 0.5),
    "insurance_phc": (1.0, 0.7, 0.6),
    "ncd": (0.9, 0.6, 0.6),
    "family_medicine": (0.3, 0.0, 0.15),
    "midwife": (1.0, 0.7, 0.5),
    "traditional": (0.7, 0.4, 0.5),
    "software": (0.5, 0.1, 0.6),
    "national_standard": (1.0, 0.6, 0.5),
}

COLUMNS = [
    Column("Dân số trung bình\n(người)", None, "population"),
    Column("Số trẻ đẻ ra sống", None, "live_births"),
    Column("Trạm y tế xã", "Tổng số", "stations"),
    Column("Trạm y tế xã", "Kiên cố, đủ công trình\nphụ trợ và TTB theo chuẩn", "standard"),
    Column("Trạm y tế xã", "Đủ ĐK KCB BHYT và thực\nhiện đầy đủ CSSKBĐ", "insurance_phc"),
    Column("Trạm y tế xã", "Triển khai quản lý,\nđiều trị BKLN", "ncd"),
    Column("Trạm y tế xã", "Quản lý BKLN theo nguyên\nlý y học gia đình", "family_medicine"),
    Column("Trạm y tế xã", "Có nữ hộ sinh hoặc\ny sỹ sản nhi", "midwife"),
    Column("Trạm y tế xã", "Có cán bộ YHCT", "traditional"),
    Column("Trạm y tế xã", "Dùng phần mềm quản lý\nTYT kết nối TTYT huyện", "software"),
    Column("Xã đạt tiêu chí quốc gia về y tế", "Số xã", "communes"),
    Column("Xã đạt tiêu chí quốc gia về y tế", "Đạt BTCQG về y tế", "national_standard"),
    Column("Nhân lực chuyên môn y tế\n(người)", "Tổng số", "staff"),
    Column("Nhân lực chuyên môn y tế\n(người)", "Trình độ đại học\ntrở lên", "staff_university"),
    Column("Danh mục kỹ thuật tuyến xã", "Số kỹ thuật\ntheo phân tuyến", "techniques_list"),
    Column("Danh mục kỹ thuật tuyến xã", "Số kỹ thuật\nthực hiện được", "techniques"),
    Column("Quản lý sức khỏe người dân\n(người)", "Được theo dõi\nsức khỏe", "monitored"),
    Column("Quản lý sức khỏe người dân\n(người)", "Có hồ sơ sức khỏe\nđiện tử", "ehr"),
    Column("Trẻ em dưới 5 tuổi", "Được cân đo", "weighed"),
    Column("Trẻ em dưới 5 tuổi", "SDD thể nhẹ cân", "underweight"),
    Column("Trẻ em dưới 5 tuổi", "SDD thể thấp còi", "stunted"),
    Column("Trẻ em dưới 1 tuổi", "Tổng số", "under_1"),
    Column("Trẻ em dưới 1 tuổi", "Tiêm chủng đầy đủ", "immunised"),
    Column("Số người nhiễm HIV\nhiện còn sống", None, "hiv"),
    Column("Ghi chú", None, "note"),
]


def on_track(rng: random.Random, base: float, goal: float, spread: float) -> tuple[float, float]:
    """The 2022 value and a 2024 value drawn around the on-track line."""
    line = base + (goal - base) * SHARE_2024
    return base, line + rng.uniform(-spread, spread)


def flags(rng: random.Random, remote: bool, chances: tuple[float, float, float]) -> list[int]:
    """A yes/no station target over the three years; once met it stays met."""
    central, far, gain = chances
    first = int(rng.random() < (far if remote else central))
    second = int(first or rng.random() < gain / 2)
    third = int(second or rng.random() < gain / 2)
    return [first, second, third]


def counts(rates: tuple[float, float], of: list[int], per: float = 100, cap: list[int] | None = None) -> list[int]:
    """2022-2024 counts of `of` whose rate goes from rates[0] to rates[1].

    Progress comes mostly in 2023 (55-100 % of the way, as whole counts allow),
    so a steady trend does not look like an outlier against the commune's own
    two earlier years (healthkpi compares the latest year with their mean and
    standard deviation).
    """
    cap = cap or of
    first = max(0, min(cap[0], round(rates[0] * of[0] / per)))
    last = max(0, min(cap[2], round(rates[1] * of[2] / per)))
    start, end = first / of[0], last / of[2]

    def z(middle: int) -> float:
        rate = middle / of[1]
        spread = abs(rate - start) / math.sqrt(2)
        return abs(end - (start + rate) / 2) / spread if spread else 0.0

    low, high = sorted((start * of[1], end * of[1]))
    options = range(max(0, math.floor(low) - 1), min(cap[1], math.ceil(high) + 1) + 1)
    wanted = start + 0.7 * (end - start)
    middle = min(options, key=lambda c: (z(c) >= 1.9, abs(c / of[1] - wanted)))
    return [first, middle, last]


def commune_rows(rng: random.Random, name: str, pop_2022: int, remote: bool) -> list[dict]:
    """The three yearly rows of one commune."""
    pop = [round(pop_2022 * (1.016**k)) for k in range(3)]
    cbr_2022 = rng.uniform(19, 25) if remote else rng.uniform(16, 21)
    cbr_change = rng.uniform(-3.0, 1.2)  # % a year; target <= -0.5, near down to 0
    births = counts((cbr_2022, cbr_2022 * (1 + cbr_change / 100) ** 2), pop, per=1000)
    under_1 = [b + rng.randint(-4, 4) for b in births]
    weighed = [round(p * rng.uniform(0.105, 0.125)) for p in pop]
    staff = [rng.randint(5, 7)]
    staff += [staff[0] + rng.choice([0, 0, 1]) for _ in range(2)]
    tracks = {
        key: on_track(rng, rng.uniform(*(far if remote else central)), goal, spread)
        for key, (central, far, goal, spread) in TRACKS.items()
    }
    monitored = counts(tracks["monitored"], pop)
    series = {
        "live_births": births,
        "under_1": under_1,
        "weighed": weighed,
        "staff": staff,
        "staff_university": counts(tracks["staff_university"], staff),
        "techniques_list": [TECHNIQUES_IN_LIST] * 3,
        "techniques": counts(tracks["techniques"], [TECHNIQUES_IN_LIST] * 3),
        "monitored": monitored,
        "ehr": counts(tracks["ehr"], pop, cap=monitored),
        "underweight": counts(tracks["underweight"], weighed),
        "stunted": counts(tracks["stunted"], weighed),
        "immunised": counts(tracks["immunised"], under_1),
        "hiv": counts(tracks["hiv"], pop),
    }
    station = {key: flags(rng, remote, chances) for key, chances in STATION_FLAGS.items()}
    station["ncd"] = [max(a, b) for a, b in zip(station["ncd"], station["family_medicine"], strict=True)]
    return [
        {
            "name": name,
            "period": year,
            "population": pop[k],
            "stations": 1,
            "communes": 1,
            **{key: values[k] for key, values in station.items()},
            **{key: values[k] for key, values in series.items()},
            "note": "",
        }
        for k, year in enumerate(YEARS)
    ]


def build(folder: Path) -> Path:
    rng = random.Random(20222025)
    by_commune = {name: commune_rows(rng, name, population, remote) for name, population, remote in COMMUNES}
    sections = [Section(f"Năm {year}", [rows[k] for rows in by_commune.values()]) for k, year in enumerate(YEARS)]
    latest = {name: rows[-1] for name, rows in by_commune.items()}
    # The gaps and quirks a real reporting round brings:
    population = latest["Bình Lư"]["population"]
    latest["Bình Lư"]["population"] = f"{population:,}".replace(",", ".")  # typed as text: "7.164"
    latest["Hồ Thầu"]["stunted"] = "chưa báo cáo"  # not a number → no_data
    latest["Hồ Thầu"]["note"] = "Chưa báo cáo số SDD thấp còi"
    latest["Thèn Sin"]["immunised"] = ""  # left blank → no_data
    # Deliberate flaws for the data-quality checks, in 2023 (neither scored nor a baseline):
    middle = {name: rows[1] for name, rows in by_commune.items()}
    middle["Sơn Bình"]["name"] = "Sơn Binh"  # the tone mark left off: a look-alike, so Sơn Bình lacks 2023
    assert middle["Tả Lèng"]["hiv"] == 16
    middle["Tả Lèng"]["hiv"] = -3  # the change since 2022 (19 → 16) written instead of the count
    form = ExampleForm(
        plan_id="tam-duong-2022-2025",
        sheet="Biểu 01",
        org=("UBND HUYỆN TAM ĐƯỜNG", "TRUNG TÂM Y TẾ HUYỆN"),
        form_code="Biểu 01/YTCS-2022-2025",
        title=(
            "BÁO CÁO KẾT QUẢ THỰC HIỆN ĐỀ ÁN NÂNG CAO CHẤT LƯỢNG HOẠT ĐỘNG CỦA HỆ THỐNG Y TẾ CƠ SỞ, NĂM 2022 - 2024"
        ),
        columns=COLUMNS,
        sections=sections,
        unit_header="Xã, thị trấn",
        period_header="Năm",
        total_label="Toàn huyện",
        notes=(
            "Ghi chú: Số liệu minh họa dùng cho ví dụ của healthkpi; "
            "các cột trạm y tế và xã đạt tiêu chí ghi 1 = có/đạt, 0 = không/chưa đạt.",
        ),
        place_date="Tam Đường, ngày 15 tháng 01 năm 2025",
        signers=("Người lập biểu", "GIÁM ĐỐC"),
    )
    return form.write(folder / "tam-duong-2022-2025.xlsx")
