"""Examples for targets/hcmc-2021.yaml and targets/hcmc-2023.yaml: Hồ Chí Minh City's
22 district-level units (Thành phố Thủ Đức, 16 quận, 5 huyện).

hcmc-2021.xlsx — illustrative counts for the 2021 plan's numeric targets, spread
so the scorecard shows every status, with the quirks real forms have: a count
typed as text with a Vietnamese thousands dot ("1.215", which the form's own
SUM skips, so its total row disagrees), "chưa báo cáo" in a number cell, a
blank cell, Quận Bình Thạnh exactly on the edge of the amber band (19 of 20
stations = 95%), and Thủ Đức city reporting for the three former districts it
replaced (3 district health centres, 6 family-medicine stations). Its activity
sheet gives a status for each of the 47 focus activities. Flaws for the
data-quality checks: Huyện Cần Giờ, listed by the plan, sent no report; Quận
Phú Nhuận wrote 2 (staff trained) in a 1/0 column, which breaks the plan's
check; and Huyện Nhà Bè's row is pasted twice (below the total's SUM range).

hcmc-2023.xlsx — the 2023 plan has no numeric target, so its data sheet is a
small form (one column, the ward and commune health stations) and the activity
sheet carries the statuses of the 10 groups and the flagship project.
"""

from __future__ import annotations

import random
from pathlib import Path

from formwriter import Activity, Column, ExampleForm, Section

ORG = ("UBND THÀNH PHỐ HỒ CHÍ MINH", "SỞ Y TẾ")

# Unit → ward and commune health stations (trạm y tế phường, xã, thị trấn).
UNITS: dict[str, list[tuple[str, int]]] = {
    "Thành phố Thủ Đức": [("Thành phố Thủ Đức", 34)],
    "Các quận": [
        ("Quận 1", 10),
        ("Quận 3", 12),
        ("Quận 4", 13),
        ("Quận 5", 14),
        ("Quận 6", 14),
        ("Quận 7", 10),
        ("Quận 8", 16),
        ("Quận 10", 14),
        ("Quận 11", 16),
        ("Quận 12", 11),
        ("Quận Bình Tân", 10),
        ("Quận Bình Thạnh", 20),
        ("Quận Gò Vấp", 16),
        ("Quận Phú Nhuận", 13),
        ("Quận Tân Bình", 15),
        ("Quận Tân Phú", 11),
    ],
    "Các huyện": [
        ("Huyện Bình Chánh", 16),
        ("Huyện Cần Giờ", 7),
        ("Huyện Củ Chi", 21),
        ("Huyện Hóc Môn", 12),
        ("Huyện Nhà Bè", 7),
    ],
}

# The former districts each unit stands for (Thủ Đức city replaced Quận 2, Quận 9
# and Thủ Đức); the plan's 24 and 48 are counted over them.
FORMER_DISTRICTS = {"Thành phố Thủ Đức": 3}
GATEWAY_HOSPITAL = {"Thành phố Thủ Đức", "Huyện Hóc Môn", "Huyện Củ Chi"}

STATIONS = "Trạm y tế phường, xã, thị trấn"
MODEL = "Phường, xã có trạm y tế mô hình điểm"
FACILITIES = "Cơ sở khám bệnh, chữa bệnh"

COLUMNS_2021 = [
    Column(STATIONS, "Tổng số", "stations"),
    Column(STATIONS, "Triển khai phần mềm V20", "v20"),
    Column(STATIONS, "Hoạt động theo nguyên lý YHGĐ", "fm"),
    Column(STATIONS, "Trong đó: chuyển đổi mới năm 2021", "fm_new"),
    Column(MODEL, "Đã thu thập dữ liệu lập HSSK điện tử", "ehr"),
    Column(MODEL, "Quản lý bệnh mạn tính không lây", "ncd"),
    Column(FACILITIES, "Tổng số", "facilities"),
    Column(FACILITIES, "Triển khai GSP", "gsp"),
    Column("Số TTYT triển khai ứng dụng\nđặt lịch hẹn tiêm chủng", None, "booking"),
    Column("Bệnh viện cửa ngõ\nđã khởi công", None, "gateway"),
    Column("Phòng Y tế được tập huấn\nNĐ 117 (1 = có, 0 = chưa)", None, "trained"),
    Column("Ghi chú", None, "note"),
]

# Status of each of the 2021 plan's 47 activities, as the Sở's planning office
# writes it (ids are the plan's own numbers).
STATUS_2021: dict[str, tuple[str, str]] = {
    "1": ("Hoàn thành", ""),
    "2": ("Đã hoàn thành", ""),
    "3": ("Hoàn thành", ""),
    "4": ("Đang thực hiện", "Duy trì đến khi hết dịch"),
    "5": ("Đang triển khai", ""),
    "6": ("Đang thực hiện", ""),
    "7": ("Đang thực hiện", ""),
    "8": ("Đang triển khai", ""),
    "9": ("Đang triển khai", "Đã thu thập tại 41/48 phường, xã"),
    "10": ("in progress", ""),
    "11": ("Chưa thực hiện", "Chờ hoàn tất hoạt động 9"),
    "12": ("Đang thực hiện", ""),
    "13": ("Đang triển khai", ""),
    "14": ("Chưa thực hiện", ""),
    "15": ("Đang thực hiện", ""),
    "16": ("Hoàn thành", ""),
    "17": ("Đang triển khai", ""),
    "18": ("Đã hoàn thành", ""),
    "19": ("Chưa thực hiện", ""),
    "20": ("Đang thực hiện", ""),
    "21": ("Chưa thực hiện", "Chậm do dịch COVID-19"),
    "22": ("Đang triển khai", ""),
    "23": ("Đang thực hiện", ""),
    "24": ("Đang thực hiện", ""),
    "25": ("Chưa thực hiện", "Tạm dừng do dịch"),
    "26": ("done", ""),
    "27": ("Đang triển khai", ""),
    "28": ("Đang triển khai", ""),
    "29": ("Hoàn thành", ""),
    "30": ("Đang thực hiện", ""),
    "31": ("Đang triển khai", ""),
    "32": ("Đang thực hiện", ""),
    "33": ("Đang thực hiện", ""),
    "34": ("Hoàn thành", ""),
    "35": ("Đã hoàn thành", "Sơ kết 4 quý"),
    "36": ("Đang triển khai", ""),
    "37": ("Hoàn thành", ""),
    "38": ("Đang thực hiện", ""),
    "39": ("Đã hoàn thành", ""),
    "40": ("✓", ""),
    "41": ("Đang thực hiện", ""),
    "42": ("Hoàn thành", ""),
    "43": ("Đang triển khai", ""),
    "44": ("x", ""),
    "45": ("Đang thực hiện", ""),
    "46": ("Chưa thực hiện", ""),
    "47": ("", ""),  # left blank by the reporting office
}

STATUS_2023: dict[str, tuple[str, str]] = {
    "N1": ("Đang thực hiện", ""),
    "N2": ("Đang triển khai", ""),
    "N3": ("Hoàn thành", "Đề án đã trình UBND thành phố"),
    "N4": ("in progress", ""),
    "N5": ("Đã hoàn thành", ""),
    "N6": ("Chưa thực hiện", ""),
    "N7": ("Đang triển khai", ""),
    "N8": ("✓", ""),
    "N9": ("Đang thực hiện", ""),
    "N10": ("", ""),  # left blank by the reporting office
    "CT1": ("done", ""),
}


def unit_rows_2021(rng: random.Random, units: list[tuple[str, int]]) -> list[dict[str, object]]:
    rows = []
    for name, stations in units:
        former = FORMER_DISTRICTS.get(name, 1)
        fm_new = former - rng.choice([0, 0, 0, 0, 0, 1]) if former == 1 else former
        fm = former + fm_new + rng.choice([0, 0, 0, 1])
        ehr = min(fm, 2 * former) - rng.choice([0, 0, 0, 1])
        facilities = rng.randint(150, 700)
        rows.append(
            {
                "name": name,
                "stations": stations,
                "v20": stations - rng.choice([0, 0, 0, 0, 1, 2]),
                "fm": fm,
                "fm_new": fm_new,
                "ehr": ehr,
                "ncd": min(fm, 2 * former) - rng.choice([0, 0, 0, 0, 1]),
                "facilities": facilities,
                "gsp": facilities - rng.choice([0, 0, 2, 5, 9, 20, 45]),
                "booking": former - rng.choice([0, 0, 0, 0, 0, 0, 1]) if former == 1 else former,
                "gateway": 1 if name in GATEWAY_HOSPITAL else 0,
                "trained": rng.choice([1, 1, 1, 1, 1, 0]),
                "note": "",
            }
        )
    return rows


def _sections(rows_for) -> list[Section]:
    return [Section(title, rows_for(units)) for title, units in UNITS.items()]


def _activities(plan_texts: dict[str, str], statuses: dict[str, tuple[str, str]]) -> list[Activity]:
    return [Activity(ident, plan_texts[ident], status, note) for ident, (status, note) in statuses.items()]


def _plan_texts(plan_id: str) -> dict[str, str]:
    """Activity id → text, read from the bundled plan so the sheet quotes it exactly."""
    import yaml

    path = Path(__file__).resolve().parent.parent / "targets" / f"{plan_id}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {str(a["id"]): a["text"] for a in data["activities"]}


def build_2021(folder: Path) -> Path:
    rng = random.Random(2021)
    sections = _sections(lambda units: unit_rows_2021(rng, units))
    by_name = {row["name"]: row for section in sections for row in section.rows}
    # Boundaries and gaps that a real reporting round always brings:
    by_name["Quận Bình Thạnh"]["v20"] = 19  # 19 / 20 = 95%: on the edge of the band → near
    by_name["Huyện Củ Chi"]["gateway"] = 0  # ĐKKV Củ Chi not started: the city has 2 of 3
    by_name["Huyện Củ Chi"]["note"] = "BV ĐKKV Củ Chi chưa khởi công"
    by_name["Thành phố Thủ Đức"]["facilities"] = "1.215"  # typed as text; the form's SUM skips it
    by_name["Thành phố Thủ Đức"]["gsp"] = 1_190
    by_name["Huyện Nhà Bè"]["gsp"] = "chưa báo cáo"  # not a number → no_data
    by_name["Huyện Nhà Bè"]["note"] = "Chưa báo cáo GSP"
    by_name["Quận 4"]["trained"] = ""  # left blank → no_data
    # Deliberate flaws for the data-quality checks:
    # Quận Phú Nhuận wrote how many of its staff were trained in the 1/0 column.
    by_name["Quận Phú Nhuận"]["trained"] = 2  # breaks the plan's check health_office_trained <= 1
    by_name["Quận Phú Nhuận"]["note"] = "02 cán bộ được tập huấn"
    # Huyện Cần Giờ sent no report: the plan lists it (units:), the form has no row for it.
    districts = next(section for section in sections if section.title == "Các huyện")
    districts.rows = [row for row in districts.rows if row["name"] != "Huyện Cần Giờ"]
    # The last row pasted once more below itself, under the range of the total row's SUM.
    districts.rows.append(dict(districts.rows[-1], in_total=False))
    form = ExampleForm(
        plan_id="hcmc-2021",
        sheet="Biểu 01",
        org=ORG,
        form_code="Biểu 01/KHTT-2021",
        title="BÁO CÁO KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU KẾ HOẠCH TRỌNG TÂM NGÀNH Y TẾ NĂM 2021",
        columns=COLUMNS_2021,
        sections=sections,
        unit_header="Quận, huyện",
        total_label="Toàn thành phố",
        notes=(
            "Ghi chú: Số liệu minh họa dùng cho ví dụ của healthkpi; "
            "TP Thủ Đức báo cáo gộp cho Quận 2, Quận 9 và quận Thủ Đức cũ; Huyện Cần Giờ chưa gửi báo cáo.",
        ),
        place_date="TP. Hồ Chí Minh, ngày 15 tháng 01 năm 2022",
        signers=("Người lập biểu", "GIÁM ĐỐC"),
        activities=_activities(_plan_texts("hcmc-2021"), STATUS_2021),
    )
    return form.write(folder / "hcmc-2021.xlsx")


def build_2023(folder: Path) -> Path:
    sections = _sections(lambda units: [{"name": name, "stations": stations} for name, stations in units])
    form = ExampleForm(
        plan_id="hcmc-2023",
        sheet="Biểu 01",
        org=ORG,
        form_code="Biểu 01/HĐTT-2023",
        title="BÁO CÁO TIẾN ĐỘ THỰC HIỆN 10 NHÓM HOẠT ĐỘNG TRỌNG TÂM NGÀNH Y TẾ NĂM 2023",
        columns=[Column("Số trạm y tế\nphường, xã, thị trấn", None, "stations")],
        sections=sections,
        unit_header="Quận, huyện",
        total_label="Toàn thành phố",
        notes=(
            "Ghi chú: Số liệu minh họa dùng cho ví dụ của healthkpi; tiến độ các nhóm hoạt động ở sheet Hoạt động.",
        ),
        place_date="TP. Hồ Chí Minh, ngày 15 tháng 01 năm 2024",
        signers=("Người lập biểu", "GIÁM ĐỐC"),
        activities=_activities(_plan_texts("hcmc-2023"), STATUS_2023),
    )
    return form.write(folder / "hcmc-2023.xlsx")


def build(folder: Path) -> Path:
    """Write hcmc-2021.xlsx and hcmc-2023.xlsx into `folder`; return the first."""
    first = build_2021(folder)
    build_2023(folder)
    return first
