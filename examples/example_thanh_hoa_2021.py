"""Example for targets/thanh-hoa-2021.yaml: Thanh Hóa's 27 district-level units, 2020 and 2021.

Illustrative figures, not real data. One row per unit and year ("Năm"): 2021 is
the year scored, 2020 the baseline of the relative targets (referral rate,
length of stay, hospital quality score, surgical-site infections: "so với năm
2020") and of the targets due in 2025 (BHYT, clinical pharmacists).

- The seven basic indicators (mục II.3): the 2021 figures are drawn exactly
  as before this example became multi-period (same seed, same order), so they
  keep their statuses: Hà Trung exactly on the beds target (438 / 120,000 ×
  10,000 = 36.5), Mường Lát's doctors "chưa báo cáo", Quan Sơn's births blank,
  Thành phố Thanh Hóa's population typed as text ("452.310", which the form's
  own SUM then skips, so its total row disagrees) and Nga Sơn's insured typed
  with spaces as thousands separators.
- Every other figure comes from a second generator: for each indicator the 27
  units are dealt a fixed mix of outcomes (pass / near / fail) and the counts
  are drawn to land there, checked exactly against the plan's target and band.
  So every new indicator shows a mix of statuses, and the counts respect the
  plan's `checks:` (parts never exceed their wholes). The 2020 figures are the
  2021 ones a little lower (counts by at most 8%, wholes about the same), so
  the over-time check (a count changing by more than a third, and by more than
  chance explains) stays quiet except where the example means it (below); a
  hospital that lost its clinical pharmacist (1 → 0) is a change chance
  explains. The relative targets' 2020 and 2021 pairs are drawn together.
- Hospital and TTYT columns hold the figures of the district's general
  hospital (BVĐK huyện) and health centre (TTYT).
- Boundaries and gaps: BVĐK Vĩnh Lộc's quality score rises from 3.00 to 3.15,
  exactly +5% (passes "tăng tối thiểu 5%"); BVĐK Triệu Sơn's length of stay is
  the same in both years (not reduced: amber); BVĐK Quan Sơn has no 2020
  quality score (no baseline: no_data); the hospitals of Mường Lát and Thị xã
  Bỉm Sơn have no traditional-medicine department (no_data for the
  department's specialist); the TTYT of Thành phố Thanh Hóa and Thị xã Bỉm Sơn
  have no regional polyclinic (no_data for "PKĐK khám BHYT").
- Flaws for the data-quality checks: Đông Sơn's 2020 girls typed 433 for 533
  (sex ratio at birth 135.8, outside 90–130), Hoằng Hóa's 2020 count of people
  living with HIV typed without its last digit (29 for 292, so 2021's 308 is ten
  times its history), Lang Chánh's 2021 BHYT cards outnumber its population
  (coverage over 100 %) and Thiệu Hóa's 2021 row is written "Thiệu Hoá" (the
  same unit, with the tone mark placed the old way).
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

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
NAMES = [name for units in UNITS.values() for name, _ in units]
MOUNTAIN = {name for name, _ in UNITS["Các huyện miền núi"]}
YEARS = (2020, 2021)

BVDK = "Bệnh viện đa khoa huyện"
TTYT = "Trung tâm Y tế huyện"
TYT = "Số trạm y tế xã"
CDS = "Chuyển đổi số"

COLUMNS = [
    # the seven basic indicators (mục II.3)
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
    # phòng chống dịch (mục II.4, V.2.1, V.2.2, V.2.5)
    Column("Tiêm chủng mở rộng", "Trẻ dưới 1 tuổi", "children_under_1"),
    Column("Tiêm chủng mở rộng", "Được tiêm chủng\nđầy đủ", "children_under_1_fully_immunised"),
    Column("Tiêm chủng mở rộng", "Số xã có tỷ lệ TCĐĐ\ntrên 95%", "communes_epi_over_95"),
    Column("Số người nhiễm HIV\ncòn sống\n(người)", None, "hiv_living"),
    Column("Số vụ ngộ độc thực phẩm\ntừ 30 người mắc trở lên", None, "food_poisoning_outbreaks_30plus"),
    Column("Giám sát loăng quăng, bọ gậy", "Số hộ được kiểm tra", "households_inspected"),
    Column("Giám sát loăng quăng, bọ gậy", "Số hộ không có\nloăng quăng, bọ gậy", "households_no_larvae"),
    # trạm y tế xã
    Column(TYT, "Thực hiện đầy đủ\nnội dung CSSKBĐ", "stations_full_phc"),
    Column(TYT, "Quản lý tốt ĐTĐ, THA\nkhông biến chứng", "stations_ncd_managed"),
    Column(TYT, "Có danh sách quản lý\nBN ĐTĐ, THA", "stations_ncd_register"),
    Column(TYT, "Có bác sỹ được\nđào tạo YHGĐ", "stations_family_medicine_doctor"),
    Column(TYT, "Có phòng chẩn trị\nYHCT", "stations_tm_room"),
    Column(TYT, "Thực hiện ≥ 70% danh mục\nkỹ thuật gói DVYT cơ bản", "stations_basic_package_70"),
    Column(TYT, "Đạt mô hình điểm TYT\ntheo nguyên lý YHGĐ", "stations_model"),
    Column(TYT, "Có bác sỹ BV luân phiên\n≥ 1 buổi/tuần", "stations_hospital_doctor_weekly"),
    Column(TYT, "Triển khai phần mềm\nquản lý TYT đủ chức năng", "stations_software"),
    Column("Số xã quản lý được trên 90%\nngười bệnh ĐTĐ, THA", None, "communes_ncd_over_90"),
    Column("Nhân lực trạm y tế xã", "Tổng số cán bộ", "station_staff"),
    Column("Nhân lực trạm y tế xã", "Cán bộ được luân phiên\n≥ 1 tháng tại BVĐK", "station_staff_rotated"),
    Column("Nhân lực trạm y tế xã", "Trong đó: bác sỹ", "station_doctors"),
    Column(
        "Nhân lực trạm y tế xã",
        "Bác sỹ được luân phiên\n≥ 1 tháng tại BVĐK",
        "station_doctors_rotated",
    ),
    # bệnh viện đa khoa huyện (mục V.1, II.6, II.8, II.12)
    Column(BVDK, "Số bệnh viện", "district_hospitals"),
    Column(BVDK, "Giường bệnh\ncủa bệnh viện", "district_hospital_beds"),
    Column(BVDK, "Lượt khám bệnh", "hospital_visits"),
    Column(BVDK, "Lượt chuyển\ntuyến trên", "hospital_referrals"),
    Column(BVDK, "Người bệnh nội trú\nra viện", "inpatients_discharged"),
    Column(BVDK, "Tổng ngày điều trị\nnội trú", "inpatient_days"),
    Column(BVDK, "BN ĐTĐ, THA điều trị\nngoại trú năm 2020", "ncd_outpatients_2020"),
    Column(BVDK, "BN ĐTĐ, THA\nchuyển về TYT", "ncd_outpatients_transferred"),
    Column(BVDK, "Điểm chất lượng BV\n(83 tiêu chí)", "hospital_quality_score"),
    Column(BVDK, "Điểm Xanh - Sạch - Đẹp", "hospital_green_score"),
    Column(BVDK, "Tổng số nhà vệ sinh", "hospital_toilets"),
    Column(BVDK, "NVS đạt ≥ 4 điểm", "hospital_toilets_4plus"),
    Column(BVDK, "NVS đạt ≥ 3 điểm", "hospital_toilets_3plus"),
    Column(BVDK, "Thuốc: giá trị hợp đồng\n(triệu đồng)", "drug_contract_value"),
    Column(BVDK, "Thuốc: giá trị đã sử dụng\n(triệu đồng)", "drug_used_value"),
    Column(
        BVDK,
        "Thuốc cấp cứu, hiếm...: giá trị\nđược phân bổ (triệu đồng)",
        "special_drug_allocated_value",
    ),
    Column(
        BVDK,
        "Thuốc cấp cứu, hiếm...: giá trị\nđã sử dụng (triệu đồng)",
        "special_drug_used_value",
    ),
    Column(BVDK, "VTYT, HCXN, SPCĐ: giá trị\nhợp đồng (triệu đồng)", "supplies_contract_value"),
    Column(BVDK, "VTYT, HCXN, SPCĐ: giá trị\nđã sử dụng (triệu đồng)", "supplies_used_value"),
    Column(
        BVDK,
        "VTYT, HCXN, SPCĐ hiếm, cấp cứu: giá trị\nđược phân bổ (triệu đồng)",
        "rare_supplies_allocated_value",
    ),
    Column(
        BVDK,
        "VTYT, HCXN, SPCĐ hiếm, cấp cứu: giá trị\nđã sử dụng (triệu đồng)",
        "rare_supplies_used_value",
    ),
    Column(BVDK, "Lượt giám sát tuân thủ\nquy trình chuyên môn", "procedure_audits"),
    Column(BVDK, "Lượt tuân thủ\nđúng quy trình", "procedure_compliant"),
    Column(BVDK, "Nhân viên giám sát\nKSNK", "infection_control_staff"),
    Column(BVDK, "Số ca phẫu thuật", "surgeries"),
    Column(BVDK, "Số ca nhiễm khuẩn\nvết mổ", "surgical_site_infections"),
    Column(BVDK, "Có khoa YHCT", "hospitals_tm_dept"),
    Column(BVDK, "Khoa YHCT có BS\nchuyên khoa YHCT", "hospitals_tm_specialist"),
    Column(BVDK, "Có dược sỹ\ndược lâm sàng", "hospitals_clinical_pharmacist"),
    Column(BVDK, "Thanh toán không\ndùng tiền mặt", "hospitals_cashless"),
    # trung tâm y tế huyện (mục V.2)
    Column(TTYT, "Điểm Xanh - Sạch - Đẹp", "ttyt_green_score"),
    Column(TTYT, "Tổng số nhà vệ sinh", "ttyt_toilets"),
    Column(TTYT, "NVS đạt ≥ 4 điểm", "ttyt_toilets_4plus"),
    Column(TTYT, "NVS đạt ≥ 3 điểm", "ttyt_toilets_3plus"),
    Column(TTYT, "Số PKĐKKV", "ttyt_polyclinics"),
    Column(TTYT, "PKĐKKV khám BHYT", "ttyt_polyclinics_bhyt"),
    Column(TTYT, "Đề tài NCKH cấp cơ sở", "ttyt_research_projects"),
    # chuyển đổi số (mục II.8, V.2.7)
    Column(CDS, "Người dân có hồ sơ\nsức khỏe điện tử", "people_with_ehr"),
    Column(CDS, "Người dân được\nđịnh danh y tế", "people_with_health_id"),
    Column(CDS, "Tổng số cán bộ y tế", "health_staff"),
    Column(CDS, "Cán bộ y tế\nđược định danh", "health_staff_with_id"),
    Column(CDS, "Cán bộ tham gia mạng\nkết nối y tế Việt Nam", "staff_on_network"),
    Column(CDS, "Số đơn vị y tế\ntrực thuộc Sở", "health_units"),
    Column(CDS, "Đơn vị quản lý hồ sơ công việc\ntrên môi trường điện tử", "health_units_e_docs"),
    Column(CDS, "Số cơ sở KCB", "kcb_facilities"),
    Column(CDS, "Cơ sở KCB tư vấn\nKCB từ xa", "kcb_telemedicine"),
    Column(CDS, "Cơ sở KCB đăng ký\nkhám trực tuyến", "kcb_online_booking"),
    Column("Ghi chú", None, "note"),
]


def unit_rows(rng: random.Random, section: str, units: list[tuple[str, int]]) -> list[dict[str, object]]:
    """The 2021 figures of the seven basic indicators (unchanged since the first example)."""
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


# --- outcomes, checked exactly against the plan's targets ----------------------

PASS, NEAR, FAIL = "pass", "near", "fail"
FALLBACK = {PASS: (PASS, NEAR, FAIL), NEAR: (NEAR, FAIL, PASS), FAIL: (FAIL, NEAR, PASS)}
Mix = tuple[int, int, int]  # how many of the 27 units pass, are near, fail
Pair = tuple[int, int]  # (part, whole)
Rows = dict[tuple[str, int], dict[str, Any]]


@dataclass(frozen=True)
class Rule:
    """A target as in the plan: `value op target`, amber within `band` (absolute)."""

    op: str
    target: Fraction
    band: Fraction = Fraction(0)

    def status(self, value: Fraction) -> str:
        meets = {
            ">=": value >= self.target,
            ">": value > self.target,
            "<=": value <= self.target,
            "<": value < self.target,
            "==": value == self.target,
        }[self.op]
        if meets:
            return PASS
        if self.band and self.op in (">=", ">") and value >= self.target - self.band:
            return NEAR
        if self.band and self.op in ("<=", "<") and value <= self.target + self.band:
            return NEAR
        return FAIL


def rule(op: str, target: str, band: str = "0") -> Rule:
    return Rule(op, Fraction(target), Fraction(band))


# Targets and amber bands as in targets/thanh-hoa-2021.yaml.
EPI = rule(">", "95", "2")
ALL = rule(">=", "100", "5")  # every "100%" of stations, communes, staff, polyclinics
HIV = rule("<", "0.12", "0.01")
LARVAE = rule(">=", "80", "5")
NCD_90 = rule(">", "50", "5")
FAMILY_MEDICINE = rule(">=", "75", "5")
TM_ROOM = rule(">=", "85", "5")
MODEL = rule(">=", "20", "5")
ROTATION = rule(">=", "50", "5")
SOFTWARE = rule(">=", "80", "5")
TRANSFER = rule(">=", "30", "5")
GREEN = rule(">=", "85", "3")
TOILETS_4 = rule(">", "60", "5")
DRUGS = rule(">=", "80", "5")
HALF = rule(">=", "50", "5")
SUPPLIES = rule(">=", "70", "5")
COMPLIANCE = rule(">", "80", "5")
ICN = rule(">=", "1", "0.1")  # staff per 150 beds; band 10%
THIRTY = rule(">=", "30", "5")
POPULATION_30 = rule(">=", "30", "3")
REDUCE = rule("<", "0", "0.1")  # change vs 2020
NOT_INCREASE = rule("<=", "0", "0.1")
QUALITY = rule(">=", "5", "1")  # change_pct vs 2020
BHYT_2025 = rule(">", "95", "1")  # against the on-track line


def deal(rng: random.Random, mix: Mix) -> dict[str, str]:
    """An outcome for each unit: `mix` pass / near / fail, shuffled."""
    assert sum(mix) == len(NAMES), mix
    outcomes = [PASS] * mix[0] + [NEAR] * mix[1] + [FAIL] * mix[2]
    rng.shuffle(outcomes)
    return dict(zip(NAMES, outcomes, strict=True))


def pct(part: int, whole: int) -> Fraction:
    return Fraction(100 * part, whole)


def part_of(
    rng: random.Random,
    whole: int,
    target: Rule,
    outcome: str,
    spread: float,
    at_most: int | None = None,
) -> int:
    """A count k <= whole whose share 100·k/whole has `outcome` against `target`, at
    most `spread` points past the target (or its band); the next outcome when the
    wanted one cannot happen (one station short of 14 is not "near" 100%)."""
    if whole == 0:
        return 0
    limit = whole if at_most is None else min(whole, at_most)
    edge, band = float(target.target), float(target.band)
    low, high = max(0.0, edge - band - spread), min(100.0, edge + band + spread)
    k_low, k_high = math.floor(whole * low / 100), min(limit, math.ceil(whole * high / 100))
    span = range(max(0, k_low), k_high + 1)
    sample = list(span) if len(span) <= 400 else sorted({*rng.sample(span, 400), span[0], span[-1]})
    for wanted in FALLBACK[outcome]:
        fits = [k for k in sample if target.status(pct(k, whole)) == wanted]
        if fits:
            return rng.choice(fits)
    return limit


def earlier(rng: random.Random, count: int, limit: int | None = None) -> int:
    """The 2020 count behind a 2021 count: the same or up to 8% lower (so the
    year-on-year change stays inside the ±33 % that flags a count), never above `limit`."""
    value = round(count * rng.uniform(0.92, 1.0))
    return value if limit is None else min(value, limit)


def rescaled(rng: random.Random, part: int, whole: int, whole_then: int) -> int:
    """The 2020 part of `whole_then` at about the 2021 share, or a little below it."""
    return min(whole_then, round(part * whole_then / whole * rng.uniform(0.93, 1.0)))


# --- the figures ------------------------------------------------------------------


def _basic_2020(rng: random.Random, rows: Rows) -> None:
    """2020 figures of the basic columns, close to 2021 (insured: see `_insurance`)."""
    for name in NAMES:
        now, then = rows[(name, 2021)], rows[(name, 2020)]
        weighed = round(now["weighed"] * rng.uniform(0.97, 1.02))
        then.update(
            {
                "population": round(now["population"] / rng.uniform(1.006, 1.012)),
                "hospital_beds": now["hospital_beds"] - rng.randint(0, 12),
                "doctors": round(now["doctors"] * rng.uniform(0.93, 0.99)),
                "communes": now["communes"],
                "communes_standard": now["communes_standard"] - rng.choice([0, 0, 1, 2]),
                "stations": now["stations"],
                "stations_doctor": now["stations_doctor"] - rng.choice([0, 0, 1]),
                "boys": round(now["boys"] * rng.uniform(0.94, 1.04)),
                "girls": round(now["girls"] * rng.uniform(0.94, 1.04)),
                "weighed": weighed,
                "underweight": min(weighed, round(now["underweight"] * rng.uniform(1.0, 1.12))),
            }
        )


def _insurance(rng: random.Random, rows: Rows) -> None:
    """2020 insured, so that 2021 lands pass / near / fail against the on-track line to
    "> 95% by 2025": line = 2020 rate + (95 − 2020 rate) / 5."""
    outcomes = deal(rng, (13, 6, 8))
    for name in NAMES:
        now, then = rows[(name, 2021)], rows[(name, 2020)]
        rate_2021 = pct(now["insured"], now["population"])
        population = then["population"]
        then["insured"] = round(population * float(rate_2021) / 100)  # unless a draw fits
        for wanted, _ in ((w, t) for w in FALLBACK[outcomes[name]] for t in range(200)):
            shift = {PASS: (-1.5, -0.2), NEAR: (0.1, 0.9), FAIL: (1.3, 3.5)}[wanted]
            line = float(rate_2021) + rng.uniform(*shift)
            base = (line - 19) / 0.8  # line = base + (95 − base) / 5
            if not 82 <= base <= 97.5:
                continue
            insured = round(population * base / 100)
            exact_base = pct(insured, population)
            on_track = Rule(BHYT_2025.op, exact_base + (95 - exact_base) / 5, BHYT_2025.band)
            if on_track.status(rate_2021) == wanted:
                then["insured"] = insured
                break


def _epidemics(rng: random.Random, rows: Rows) -> None:
    district, communes = deal(rng, (16, 6, 5)), deal(rng, (12, 7, 8))
    hiv, larvae = deal(rng, (18, 4, 5)), deal(rng, (15, 5, 7))
    outbreaks = dict.fromkeys(NAMES, 0) | {"Thọ Xuân": 1, "Quảng Xương": 1}
    for name in NAMES:
        now, then = rows[(name, 2021)], rows[(name, 2020)]
        children = round(now["population"] * rng.uniform(0.013, 0.016))
        covered = part_of(rng, children, EPI, district[name], 4)
        # every commune above 95% makes the district above 95% too
        outcome = communes[name]
        if EPI.status(pct(covered, children)) != PASS and outcome == PASS:
            outcome = NEAR
        inspected = rng.randint(300, 1_500)
        now.update(
            {
                "children_under_1": children,
                "children_under_1_fully_immunised": covered,
                "communes_epi_over_95": part_of(rng, now["communes"], ALL, outcome, 12),
                "hiv_living": part_of(rng, now["population"], HIV, hiv[name], 0.04),
                "food_poisoning_outbreaks_30plus": outbreaks[name],
                "households_inspected": inspected,
                "households_no_larvae": part_of(rng, inspected, LARVAE, larvae[name], 12),
            }
        )
        children_then = round(children * rng.uniform(0.97, 1.04))
        covered_then = rescaled(rng, covered, children, children_then)
        communes_then = earlier(rng, now["communes_epi_over_95"])
        if EPI.status(pct(covered_then, children_then)) != PASS and communes_then == then["communes"]:
            communes_then -= 1
        inspected_then = round(inspected * rng.uniform(0.9, 1.1))
        then.update(
            {
                "children_under_1": children_then,
                "children_under_1_fully_immunised": covered_then,
                "communes_epi_over_95": communes_then,
                "hiv_living": earlier(rng, now["hiv_living"]),
                "food_poisoning_outbreaks_30plus": 0,
                "households_inspected": inspected_then,
                "households_no_larvae": rescaled(rng, now["households_no_larvae"], inspected, inspected_then),
            }
        )


STATION_COUNTS: list[tuple[str, Rule, Mix, float]] = [
    ("stations_full_phc", ALL, (10, 9, 8), 10),
    ("stations_ncd_managed", ALL, (9, 8, 10), 10),
    ("stations_ncd_register", ALL, (15, 7, 5), 10),
    ("stations_tm_room", TM_ROOM, (13, 6, 8), 10),
    ("stations_basic_package_70", ALL, (8, 9, 10), 12),
    ("stations_model", MODEL, (12, 6, 9), 10),
    ("stations_hospital_doctor_weekly", ALL, (11, 8, 8), 12),
    ("stations_software", SOFTWARE, (14, 6, 7), 12),
]


def _stations(rng: random.Random, rows: Rows) -> None:
    """Commune health stations (TYT xã) and their staff."""
    mixes = {key: deal(rng, mix) for key, _, mix, _ in STATION_COUNTS}
    family, ncd_90 = deal(rng, (12, 6, 9)), deal(rng, (13, 5, 9))
    staff_rotated, doctors_rotated = deal(rng, (13, 6, 8)), deal(rng, (12, 5, 10))
    for name in NAMES:
        now, then = rows[(name, 2021)], rows[(name, 2020)]
        stations = now["stations"]
        for key, target, _, spread in STATION_COUNTS:
            now[key] = part_of(rng, stations, target, mixes[key][name], spread)
            then[key] = earlier(rng, now[key])
        now["stations_family_medicine_doctor"] = part_of(
            rng, stations, FAMILY_MEDICINE, family[name], 12, at_most=now["stations_doctor"]
        )
        then["stations_family_medicine_doctor"] = earlier(
            rng, now["stations_family_medicine_doctor"], then["stations_doctor"]
        )
        now["communes_ncd_over_90"] = part_of(rng, now["communes"], NCD_90, ncd_90[name], 15)
        then["communes_ncd_over_90"] = earlier(rng, now["communes_ncd_over_90"])

        staff = round(stations * rng.uniform(5.2, 6.4))
        doctors = now["stations_doctor"] + rng.randint(0, stations // 4)
        rotated_doctors = part_of(rng, doctors, ROTATION, doctors_rotated[name], 12)
        rotated = max(part_of(rng, staff, ROTATION, staff_rotated[name], 12), rotated_doctors)
        staff_then = round(staff * rng.uniform(0.96, 1.0))
        doctors_then = max(then["stations_doctor"], earlier(rng, doctors))
        rotated_doctors_then = earlier(rng, rotated_doctors, doctors_then)
        now.update(
            {
                "station_staff": staff,
                "station_staff_rotated": rotated,
                "station_doctors": doctors,
                "station_doctors_rotated": rotated_doctors,
            }
        )
        then.update(
            {
                "station_staff": staff_then,
                "station_staff_rotated": max(earlier(rng, rotated, staff_then), rotated_doctors_then),
                "station_doctors": doctors_then,
                "station_doctors_rotated": rotated_doctors_then,
            }
        )


def _changes(
    rng: random.Random,
    outcome: str,
    target: Rule,
    draw: Callable[[str], tuple[Pair, Pair]],
    per: int = 100,
) -> tuple[Pair, Pair]:
    """(part, whole) for 2020 and 2021 whose change in part/whole × `per` has `outcome`
    against `target` (a change vs 2020), with counts that move less than a third."""
    for wanted, _ in ((w, t) for w in FALLBACK[outcome] for t in range(300)):
        then, now = draw(wanted)
        change = (Fraction(*now) - Fraction(*then)) * per
        steady = all(0.7 <= b / a <= 1.3 for a, b in zip(then, now, strict=True) if a)
        if steady and target.status(change) == wanted:
            return then, now
    return draw(outcome)


def _quality_score(rng: random.Random, score_2020: float, outcome: str) -> float:
    """A 2021 quality score whose rise over `score_2020` (%) has `outcome` against +5%."""
    for wanted, _ in ((w, t) for w in FALLBACK[outcome] for t in range(200)):
        rise = {PASS: (5.6, 11), NEAR: (4.2, 4.8), FAIL: (-2.5, 3.4)}[wanted]
        score = round(score_2020 * (1 + rng.uniform(*rise) / 100), 2)
        if QUALITY.status((Fraction(str(score)) / Fraction(str(score_2020)) - 1) * 100) == wanted:
            return score
    return score_2020


def _score(rng: random.Random, outcome: str) -> float:
    """A green-clean-beautiful score (points out of 100, one decimal) with `outcome` against >= 85."""
    low, high = {PASS: (85, 96), NEAR: (82.1, 84.9), FAIL: (74, 81.5)}[outcome]
    score = round(rng.uniform(low, high), 1)
    assert GREEN.status(Fraction(str(score))) == outcome
    return score


def _infection_control(rng: random.Random, beds: int, most_beds: int, outcome: str) -> tuple[int, int]:
    """(beds, infection-control staff) against "at least 1 per 150 beds". Near (within
    10%) happens only for some bed counts, so for it the beds may move a little."""
    tries = [beds] if outcome != NEAR else [beds, *range(max(60, beds - 25), beds + 26)]
    for wanted in FALLBACK[outcome]:
        for size in (b for b in tries if b <= most_beds):
            fits = [k for k in range(1, 6) if ICN.status(Fraction(150 * k, size)) == wanted]
            if fits:
                staff = fits[-1] if wanted == FAIL else fits[0]
                if wanted == PASS and rng.random() < 0.3:
                    staff += 1  # one more than the minimum
                return size, staff
    return beds, 1


def _hospital(rng: random.Random, rows: Rows) -> None:
    """The district general hospital (BVĐK huyện) of each unit, 2020 and 2021."""
    referral, stay, infections = deal(rng, (15, 4, 8)), deal(rng, (14, 5, 8)), deal(rng, (15, 5, 7))
    quality, transfer = deal(rng, (13, 5, 9)), deal(rng, (12, 6, 9))
    plain = {
        key: deal(rng, mix)
        for key, mix in (
            ("green", (16, 6, 5)),
            ("toilets_4", (14, 6, 7)),
            ("toilets_3", (12, 7, 8)),
            ("drugs", (15, 6, 6)),
            ("special", (16, 5, 6)),
            ("supplies", (15, 6, 6)),
            ("rare", (14, 6, 7)),
            ("compliance", (15, 6, 6)),
            ("icn", (14, 5, 8)),
            ("specialist", (20, 0, 7)),
        )
    }
    cashless = {2021: set(rng.sample(NAMES, 9))}
    cashless[2020] = set(rng.sample(sorted(cashless[2021]), 3))
    pharmacist = {2020: set(rng.sample(NAMES, 6))}
    newly = set(rng.sample(sorted(set(NAMES) - pharmacist[2020]), 6))
    pharmacist[2021] = (pharmacist[2020] - {sorted(pharmacist[2020])[0]}) | newly  # one left
    no_tm_department = {"Mường Lát", "Thị xã Bỉm Sơn"}
    for name in NAMES:
        then, now = rows[(name, 2020)], rows[(name, 2021)]

        def pick(key: str, name: str = name) -> str:
            return plain[key][name]

        # referral rate (%): lower than 2020
        visits = round(now["population"] * rng.uniform(0.45, 0.9))

        def referrals(wanted: str, v0: int = visits) -> tuple[Pair, Pair]:
            v1 = round(v0 * rng.uniform(0.93, 1.08))
            rate = rng.uniform(2.0, 6.5)
            later = {
                PASS: rate * rng.uniform(0.8, 0.95),
                NEAR: rate + rng.uniform(0.005, 0.09),
                FAIL: rate * rng.uniform(1.06, 1.25),
            }[wanted]
            return (round(v0 * rate / 100), v0), (round(v1 * later / 100), v1)

        referred = _changes(rng, referral[name], REDUCE, referrals)

        # average length of stay (days): lower than 2020
        discharged = round(visits * rng.uniform(0.08, 0.14))

        def days(wanted: str, d0: int = discharged) -> tuple[Pair, Pair]:
            d1 = round(d0 * rng.uniform(0.92, 1.1))
            stay_2020 = rng.uniform(5.2, 7.6)
            step = {PASS: (-0.8, -0.15), NEAR: (0.01, 0.09), FAIL: (0.15, 0.7)}[wanted]
            return (round(d0 * stay_2020), d0), (round(d1 * (stay_2020 + rng.uniform(*step))), d1)

        stays = _changes(rng, stay[name], REDUCE, days, per=1)
        if name == "Triệu Sơn":  # the same length of stay both years: not reduced → amber
            stays = (stays[0], stays[0])

        # surgical-site infection rate (%): not above 2020
        beds = round(now["hospital_beds"] * rng.uniform(0.55, 0.8))

        def infected(wanted: str, s0: int = round(beds * rng.uniform(8, 14))) -> tuple[Pair, Pair]:
            s1 = round(s0 * rng.uniform(0.95, 1.12))
            rate = rng.uniform(0.9, 2.2)
            later = {
                PASS: rate * rng.uniform(0.8, 0.97),
                NEAR: rate + rng.uniform(0.01, 0.09),
                FAIL: rate * rng.uniform(1.12, 1.28),
            }[wanted]
            return (round(s0 * rate / 100), s0), (round(s1 * later / 100), s1)

        operated = _changes(rng, infections[name], NOT_INCREASE, infected)

        # hospital quality score: at least +5% on 2020
        score = round(rng.uniform(2.55, 3.45), 2)
        scores = (score, _quality_score(rng, score, quality[name]))
        if name == "Vĩnh Lộc":  # exactly +5%: meets "tăng tối thiểu 5%"
            scores = (3.0, 3.15)

        beds, icn_staff = _infection_control(rng, beds, now["hospital_beds"], pick("icn"))
        ncd_2020 = round(now["population"] * rng.uniform(0.008, 0.02))
        toilets = rng.randint(18, 60)
        three = part_of(rng, toilets, ALL, pick("toilets_3"), 8)
        drug_contract = rng.randint(8_000, 45_000)
        special_allocated = rng.randint(500, 3_000)
        supplies_contract = rng.randint(3_000, 20_000)
        rare_allocated = rng.randint(200, 1_500)
        audits = rng.randint(150, 600)
        tm_department = 0 if name in no_tm_department else 1
        now.update(
            {
                "district_hospitals": 1,
                "district_hospital_beds": beds,
                "hospital_visits": referred[1][1],
                "hospital_referrals": referred[1][0],
                "inpatients_discharged": stays[1][1],
                "inpatient_days": stays[1][0],
                "ncd_outpatients_2020": ncd_2020,
                "ncd_outpatients_transferred": part_of(rng, ncd_2020, TRANSFER, transfer[name], 15),
                "hospital_quality_score": scores[1],
                "hospital_green_score": _score(rng, pick("green")),
                "hospital_toilets": toilets,
                "hospital_toilets_3plus": three,
                "hospital_toilets_4plus": part_of(rng, toilets, TOILETS_4, pick("toilets_4"), 15, at_most=three),
                "drug_contract_value": drug_contract,
                "drug_used_value": part_of(rng, drug_contract, DRUGS, pick("drugs"), 12),
                "special_drug_allocated_value": special_allocated,
                "special_drug_used_value": part_of(rng, special_allocated, HALF, pick("special"), 20),
                "supplies_contract_value": supplies_contract,
                "supplies_used_value": part_of(rng, supplies_contract, SUPPLIES, pick("supplies"), 15),
                "rare_supplies_allocated_value": rare_allocated,
                "rare_supplies_used_value": part_of(rng, rare_allocated, HALF, pick("rare"), 20),
                "procedure_audits": audits,
                "procedure_compliant": part_of(rng, audits, COMPLIANCE, pick("compliance"), 10),
                "infection_control_staff": icn_staff,
                "surgeries": operated[1][1],
                "surgical_site_infections": operated[1][0],
                "hospitals_tm_dept": tm_department,
                "hospitals_tm_specialist": tm_department * (pick("specialist") == PASS),
                "hospitals_clinical_pharmacist": int(name in pharmacist[2021]),
                "hospitals_cashless": int(name in cashless[2021]),
            }
        )
        drug_contract_then = round(drug_contract * rng.uniform(0.9, 1.1))
        special_then = round(special_allocated * rng.uniform(0.9, 1.1))
        supplies_then = round(supplies_contract * rng.uniform(0.9, 1.1))
        rare_then = round(rare_allocated * rng.uniform(0.9, 1.1))
        audits_then = round(audits * rng.uniform(0.9, 1.1))
        three_then = earlier(rng, three)
        then.update(
            {
                "district_hospitals": 1,
                "district_hospital_beds": min(then["hospital_beds"], beds - rng.randint(0, 8)),
                "hospital_visits": referred[0][1],
                "hospital_referrals": referred[0][0],
                "inpatients_discharged": stays[0][1],
                "inpatient_days": stays[0][0],
                "ncd_outpatients_2020": ncd_2020,
                "ncd_outpatients_transferred": earlier(rng, now["ncd_outpatients_transferred"]),
                "hospital_quality_score": scores[0],
                "hospital_green_score": round(now["hospital_green_score"] - rng.uniform(0, 4), 1),
                "hospital_toilets": toilets,
                "hospital_toilets_3plus": three_then,
                "hospital_toilets_4plus": earlier(rng, now["hospital_toilets_4plus"], three_then),
                "drug_contract_value": drug_contract_then,
                "drug_used_value": rescaled(rng, now["drug_used_value"], drug_contract, drug_contract_then),
                "special_drug_allocated_value": special_then,
                "special_drug_used_value": rescaled(
                    rng, now["special_drug_used_value"], special_allocated, special_then
                ),
                "supplies_contract_value": supplies_then,
                "supplies_used_value": rescaled(rng, now["supplies_used_value"], supplies_contract, supplies_then),
                "rare_supplies_allocated_value": rare_then,
                "rare_supplies_used_value": rescaled(rng, now["rare_supplies_used_value"], rare_allocated, rare_then),
                "procedure_audits": audits_then,
                "procedure_compliant": rescaled(rng, now["procedure_compliant"], audits, audits_then),
                "infection_control_staff": icn_staff,
                "surgeries": operated[0][1],
                "surgical_site_infections": operated[0][0],
                "hospitals_tm_dept": tm_department,
                "hospitals_tm_specialist": now["hospitals_tm_specialist"],
                "hospitals_clinical_pharmacist": int(name in pharmacist[2020]),
                "hospitals_cashless": int(name in cashless[2020]),
            }
        )


def _health_centre(rng: random.Random, rows: Rows) -> None:
    """The district health centre (TTYT) of each unit."""
    green, toilets_4, toilets_3 = deal(rng, (15, 6, 6)), deal(rng, (13, 7, 7)), deal(rng, (12, 7, 8))
    polyclinics_bhyt, research = deal(rng, (20, 2, 5)), deal(rng, (10, 8, 9))
    no_polyclinic = {"Thành phố Thanh Hóa", "Thị xã Bỉm Sơn"}
    for name in NAMES:
        now, then = rows[(name, 2021)], rows[(name, 2020)]
        polyclinics = 0 if name in no_polyclinic else rng.randint(1, 3)
        toilets = rng.randint(8, 25)
        three = part_of(rng, toilets, ALL, toilets_3[name], 10)
        now.update(
            {
                "ttyt_green_score": _score(rng, green[name]),
                "ttyt_toilets": toilets,
                "ttyt_toilets_3plus": three,
                "ttyt_toilets_4plus": part_of(rng, toilets, TOILETS_4, toilets_4[name], 15, at_most=three),
                "ttyt_polyclinics": polyclinics,
                "ttyt_polyclinics_bhyt": part_of(rng, polyclinics, ALL, polyclinics_bhyt[name], 70),
                "ttyt_research_projects": {PASS: rng.randint(3, 5), NEAR: 2, FAIL: 1}[research[name]],
            }
        )
        three_then = earlier(rng, three)
        then.update(
            {
                "ttyt_green_score": round(now["ttyt_green_score"] - rng.uniform(0, 4), 1),
                "ttyt_toilets": toilets,
                "ttyt_toilets_3plus": three_then,
                "ttyt_toilets_4plus": earlier(rng, now["ttyt_toilets_4plus"], three_then),
                "ttyt_polyclinics": polyclinics,
                "ttyt_polyclinics_bhyt": earlier(rng, now["ttyt_polyclinics_bhyt"]),
                "ttyt_research_projects": earlier(rng, now["ttyt_research_projects"]),
            }
        )


def _digital(rng: random.Random, rows: Rows) -> None:
    """Digital transformation (mục II.8): health records and IDs, staff, facilities."""
    ehr, health_id = deal(rng, (12, 6, 9)), deal(rng, (10, 6, 11))
    staff_id, network = deal(rng, (8, 10, 9)), deal(rng, (8, 9, 10))
    telemedicine, booking = deal(rng, (12, 5, 10)), deal(rng, (11, 5, 11))
    e_docs = deal(rng, (18, 0, 9))
    for name in NAMES:
        now, then = rows[(name, 2021)], rows[(name, 2020)]
        others = round(now["district_hospital_beds"] * rng.uniform(1.0, 1.3)) + rng.randint(60, 120)
        staff = now["station_staff"] + others
        staff_then = then["station_staff"] + round(others * rng.uniform(0.96, 1.0))
        facilities = now["district_hospitals"] + now["ttyt_polyclinics"] + 1  # BVĐK, PKĐKKV, TTYT
        now.update(
            {
                "people_with_ehr": part_of(rng, now["population"], POPULATION_30, ehr[name], 15),
                "people_with_health_id": part_of(rng, now["population"], POPULATION_30, health_id[name], 15),
                "health_staff": staff,
                "health_staff_with_id": part_of(rng, staff, ALL, staff_id[name], 6),
                "staff_on_network": part_of(rng, staff, ALL, network[name], 6),
                "health_units": 2,
                "health_units_e_docs": 2 if e_docs[name] == PASS else 1,
                "kcb_facilities": facilities,
                "kcb_telemedicine": part_of(rng, facilities, THIRTY, telemedicine[name], 40),
                "kcb_online_booking": part_of(rng, facilities, THIRTY, booking[name], 40),
            }
        )
        then.update(
            {
                "people_with_ehr": earlier(rng, now["people_with_ehr"]),
                "people_with_health_id": earlier(rng, now["people_with_health_id"]),
                "health_staff": staff_then,
                "health_staff_with_id": earlier(rng, now["health_staff_with_id"], staff_then),
                "staff_on_network": earlier(rng, now["staff_on_network"], staff_then),
                "health_units": 2,
                "health_units_e_docs": now["health_units_e_docs"],
                "kcb_facilities": facilities,
                "kcb_telemedicine": earlier(rng, now["kcb_telemedicine"]),
                "kcb_online_booking": earlier(rng, now["kcb_online_booking"]),
            }
        )


def build(folder: Path) -> Path:
    # The 2021 basic figures, drawn exactly as in the first, single-year example.
    rng = random.Random(2021)
    rows: Rows = {}
    for title, units in UNITS.items():
        for row in unit_rows(rng, title, units):
            name = str(row["name"])
            rows[(name, 2021)] = row | {"period": 2021}
            rows[(name, 2020)] = {"name": name, "period": 2020, "note": ""}
    rows[("Hà Trung", 2021)]["hospital_beds"] = 438  # 438 / 120,000 × 10,000 = 36.5 exactly: meets ">= 36.5"

    # Everything else, from a second generator.
    more = random.Random(2020)
    for part in (_basic_2020, _insurance, _epidemics, _stations, _hospital, _health_centre, _digital):
        part(more, rows)

    # Gaps and quirks that a real reporting round always brings:
    notes: dict[tuple[str, int], str] = {
        ("Mường Lát", 2021): "Chưa báo cáo nhân lực; BVĐK chưa có khoa YHCT",
        ("Thị xã Bỉm Sơn", 2021): "BVĐK chưa có khoa YHCT; TTYT không có PKĐKKV",
        ("Thành phố Thanh Hóa", 2021): "TTYT không có PKĐKKV",
        ("Quan Sơn", 2020): "BVĐK chưa được đánh giá chất lượng năm 2020",
        ("Triệu Sơn", 2021): "Ngày điều trị trung bình đã ở mức tối thiểu theo hạng",
    }
    for key, note in notes.items():
        rows[key]["note"] = note
    rows[("Mường Lát", 2021)]["doctors"] = "chưa báo cáo"  # not a number → no_data
    rows[("Quan Sơn", 2021)]["boys"] = ""  # left blank → no_data for the sex ratio
    rows[("Quan Sơn", 2021)]["girls"] = ""
    rows[("Quan Sơn", 2020)]["hospital_quality_score"] = ""  # no 2020 baseline → no_data for +5%
    rows[("Thành phố Thanh Hóa", 2021)]["population"] = "452.310"  # typed as text; the form's SUM skips it
    insured = rows[("Nga Sơn", 2021)]["insured"]
    rows[("Nga Sơn", 2021)]["insured"] = f" {insured:,} ".replace(",", " ")  # spaces as thousands separators

    # Deliberate flaws for the data-quality checks (tests/test_example_flaws.py):
    # Đông Sơn's 2020 girls typed 433 for 533 (5 → 4 on the keypad): sex ratio 588 / 433 = 135.8.
    assert rows[("Đông Sơn", 2020)]["girls"] == 533
    rows[("Đông Sơn", 2020)]["girls"] = 433
    # Hoằng Hóa's 2020 count of people living with HIV typed without its last digit (29 for 292): its
    # 2021 count, 308, is ten times its history, far beyond what chance explains (outlier_over_time).
    assert rows[("Hoằng Hóa", 2020)]["hiv_living"] == 292
    rows[("Hoằng Hóa", 2020)]["hiv_living"] = 29
    # Lang Chánh's 2021 BHYT cards outnumber its population (the population estimate lags the
    # cards issued): coverage over 100 %. It passed both BHYT targets before and still does.
    rows[("Lang Chánh", 2021)]["insured"] = 50_874  # population 50,380
    # Thiệu Hóa's 2021 row written with the old tone placement, "Thiệu Hoá": one unit, two spellings.
    rows[("Thiệu Hóa", 2021)]["name"] = "Thiệu Hoá"

    sections = [
        Section(title, [rows[(name, year)] for name, _ in units for year in YEARS]) for title, units in UNITS.items()
    ]
    form = ExampleForm(
        plan_id="thanh-hoa-2021",
        sheet="Biểu 01",
        org=("UBND TỈNH THANH HÓA", "SỞ Y TẾ"),
        form_code="Biểu 01/KHHĐ-2021",
        title="BÁO CÁO KẾT QUẢ THỰC HIỆN KẾ HOẠCH HÀNH ĐỘNG NGÀNH Y TẾ NĂM 2021 (SO VỚI NĂM 2020)",
        columns=COLUMNS,
        sections=sections,
        unit_header="Đơn vị",
        period_header="Năm",
        total_label="Toàn tỉnh",
        notes=(
            "Ghi chú: Số liệu minh họa dùng cho ví dụ của healthkpi; giường bệnh tính theo giường "
            "kế hoạch; các cột bệnh viện là số liệu của BVĐK huyện, các cột TTYT là của Trung tâm "
            "Y tế huyện; giá trị thuốc, vật tư tính bằng triệu đồng.",
        ),
        place_date="Thanh Hóa, ngày 15 tháng 01 năm 2022",
        signers=("Người lập biểu", "GIÁM ĐỐC"),
    )
    return form.write(folder / "thanh-hoa-2021.xlsx")
