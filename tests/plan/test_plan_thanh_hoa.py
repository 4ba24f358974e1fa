"""The bundled Thanh Hóa 2021 plan: every numeric target of the action plan that a
district-level unit can be scored on, transcribed from the source text, and its
two-year (2020, 2021) example workbook."""

from __future__ import annotations

import importlib
import sys
from collections import Counter
from fractions import Fraction
from pathlib import Path

import pytest

import healthkpi
from tests.paths import ROOT

EXAMPLES = ROOT / "examples"
EXAMPLE = EXAMPLES / "thanh-hoa-2021.xlsx"

BASIC = [
    ("beds_per_10k", ">= 36.5"),
    ("doctors_per_10k", ">= 11.5"),
    ("communes_national_standard_pct", ">= 96"),
    ("stations_with_doctor_pct", ">= 91"),
    ("health_insurance_pct", ">= 91"),
    ("sex_ratio_at_birth", "<= 113.5"),
    ("underweight_under_5_pct", "<= 14.2"),
]
RELATIVE = {
    "referral_rate_pct",
    "average_length_of_stay",
    "hospital_quality_score",
    "surgical_site_infection_pct",
}
STATUSES = ("pass", "near", "fail", "no_data")


@pytest.fixture(scope="module")
def plan() -> healthkpi.Plan:
    return healthkpi.load_plan("thanh-hoa-2021")


@pytest.fixture(scope="module")
def card(plan: healthkpi.Plan):
    return healthkpi.score(plan, healthkpi.read_data(EXAMPLE, plan))


@pytest.fixture(scope="module")
def results(card) -> dict[tuple[str, str], object]:
    return {(r.unit, r.indicator): r for r in card.results}


def test_plan_metadata(plan: healthkpi.Plan) -> None:
    assert plan.id == "thanh-hoa-2021"
    assert plan.plan.period == "2021"
    assert plan.plan.level == "district"
    assert plan.plan.issuer == "Sở Y tế Thanh Hóa"
    assert plan.plan.total_label == "Toàn tỉnh"
    assert len(plan.indicators) == 55
    assert len({i.id for i in plan.indicators}) == 55


def test_the_seven_basic_indicators_come_first_unchanged(plan: healthkpi.Plan) -> None:
    assert [(i.id, str(i.target)) for i in plan.indicators[:7]] == BASIC
    for indicator in plan.indicators[:7]:
        assert indicator.group == "Chỉ tiêu cơ bản"
        assert indicator.source.startswith("Mục II.3, Một số chỉ tiêu cơ bản năm 2021")


@pytest.mark.parametrize(
    ("indicator", "target", "in_source"),
    [
        # mục II.4 (nhiệm vụ, giải pháp): phòng chống dịch, y tế cơ sở
        ("epi_full_immunisation_pct", "> 95", "trên 95%"),
        ("hiv_prevalence_pct", "< 0.12", "dưới 0,12%"),
        ("stations_full_phc_pct", ">= 100", "100% số Trạm Y tế xã"),
        ("stations_ncd_managed_pct", ">= 100", "100% TYT thực hiện quản lý tốt"),
        ("stations_family_medicine_doctor_pct", ">= 75", "75% Trạm Y tế có bác sỹ"),
        # mục II.8 (CNTT, chuyển đổi số)
        ("health_id_pct", ">= 30", "30% người dân được định danh y tế"),
        ("staff_health_id_pct", ">= 100", "100% cán bộ y tế"),
        ("e_documents_units_pct", ">= 100", "100% các đơn vị y tế trực thuộc"),
        ("hospitals_cashless_pct", ">= 30", "30% các bệnh viện"),
        ("kcb_telemedicine_pct", ">= 30", "30% các cơ sở KCB"),
        ("kcb_online_booking_pct", ">= 30", "30% các cơ sở khám bệnh"),
        ("staff_on_network_pct", ">= 100", "mạng kết nối y tế Việt Nam"),
        ("stations_software_pct", ">= 80", "80% các xã"),
        # mục II.12 (y dược cổ truyền)
        ("stations_tm_room_pct", ">= 85", "85% số trạm y tế"),
        ("hospitals_tm_dept_pct", ">= 100", "100% các Bệnh viện đa khoa"),
        ("tm_depts_with_specialist_pct", ">= 100", "bác sĩ chuyên khoa về y học cổ truyền"),
        # mục V.1: bệnh viện
        ("ncd_outpatients_transferred_pct", ">= 30", "tối thiểu 30%"),
        ("stations_hospital_doctor_weekly_pct", ">= 100", "tối thiểu 1 buổi/tuần"),
        ("hospital_green_score", ">= 85", "≥ 85 điểm"),
        ("hospital_toilets_4plus_pct", "> 60", "Trên 60%"),
        ("hospital_toilets_3plus_pct", ">= 100", "còn lại phải đạt ≥ 3 điểm"),
        ("drugs_used_pct", ">= 80", "tối thiểu 80%"),
        ("special_drugs_used_pct", ">= 50", "tối thiểu 50%"),
        ("supplies_used_pct", ">= 70", "tối thiểu 70%"),
        ("rare_supplies_used_pct", ">= 50", "tối thiểu 50%"),
        ("procedure_compliance_pct", "> 80", ">80%"),
        ("infection_control_staff_per_150_beds", ">= 1", "1 nhân viên giám sát 150 giường"),
        # mục V.2: trung tâm y tế
        ("food_poisoning_outbreaks_30plus", "== 0", "30 người mắc trở lên"),
        ("communes_epi_over_95_pct", ">= 100", "ở tất cả các xã"),
        ("ttyt_green_score", ">= 85", "≥ 85 điểm"),
        ("ttyt_toilets_4plus_pct", "> 60", "Trên 60%"),
        ("households_no_larvae_pct", ">= 80", "80% số hộ gia đình"),
        ("station_staff_rotated_pct", ">= 50", "50% cán bộ TYT"),
        ("station_doctors_rotated_pct", ">= 50", "50% bác sĩ"),
        ("ttyt_research_projects", ">= 3", "03 đề tài"),
        ("ehr_pct", ">= 30", "≥ 30% dân số"),
        ("communes_ncd_over_90_pct", "> 50", "trên 50% số xã"),
        ("stations_ncd_register_pct", ">= 100", "100% các TYT"),
        ("polyclinics_bhyt_pct", ">= 100", "100% các TTYT huyện"),
        ("stations_basic_package_pct", ">= 100", "70% danh mục kỹ thuật"),
        ("stations_model_pct", ">= 20", "20% TYT"),
    ],
)
def test_targets_transcribed_from_the_text(plan: healthkpi.Plan, indicator: str, target: str, in_source: str) -> None:
    ind = plan.indicator(indicator)
    assert str(ind.target) == target
    assert in_source in ind.source
    assert ind.by is None  # due in 2021


@pytest.mark.parametrize(
    ("indicator", "target", "in_source"),
    [
        ("hospital_quality_score", "change_pct >= 5 vs 2020", "tăng tối thiểu 5% so với cùng kỳ năm 2020"),
        ("referral_rate_pct", "change < 0 vs 2020", "Giảm tỷ lệ chuyển viện lên tuyến trên so với năm 2020"),
        ("average_length_of_stay", "change < 0 vs 2020", "Giảm ngày điều trị trung bình so với năm 2020"),
        ("surgical_site_infection_pct", "change <= 0 vs 2020", "không tăng so với năm 2020"),
    ],
)
def test_relative_targets_compare_with_2020(plan: healthkpi.Plan, indicator: str, target: str, in_source: str) -> None:
    ind = plan.indicator(indicator)
    assert str(ind.target) == target
    assert in_source in ind.source
    assert ind.group == "Bệnh viện"


def test_targets_due_in_2025_are_on_track_from_2020(plan: healthkpi.Plan) -> None:
    bhyt = plan.indicator("health_insurance_2025_pct")
    assert (str(bhyt.target), bhyt.by, bhyt.baseline) == ("> 95", "2025", "2020")
    assert "trên 95% dân số tham gia BHYT vào năm 2025" in bhyt.source
    assert (str(bhyt.numerator), str(bhyt.denominator)) == ("insured", "population")
    pharmacist = plan.indicator("hospitals_clinical_pharmacist_pct")
    assert (str(pharmacist.target), pharmacist.by, pharmacist.baseline) == (">= 100", "2025", "2020")
    assert "giai đoạn 2021-2025" in pharmacist.source


def test_epi_is_read_both_ways(plan: healthkpi.Plan) -> None:
    district = plan.indicator("epi_full_immunisation_pct")
    communes = plan.indicator("communes_epi_over_95_pct")
    assert (str(district.numerator), str(district.denominator)) == (
        "children_under_1_fully_immunised",
        "children_under_1",
    )
    assert (str(communes.numerator), str(communes.denominator)) == ("communes_epi_over_95", "communes")
    assert "Mục V.2.2" in district.source
    assert "Mục V.2.2" in communes.source


def test_scores_are_means_not_sums(plan: healthkpi.Plan) -> None:
    """A score indicator totals as a mean over hospitals / health centres."""
    assert str(plan.indicator("hospital_quality_score").denominator) == "district_hospitals"
    assert str(plan.indicator("hospital_green_score").denominator) == "district_hospitals"
    assert str(plan.indicator("ttyt_green_score").denominator) == "1"
    research = plan.indicator("ttyt_research_projects")
    assert research.is_count
    assert str(research.total_target) == ">= 81"


def test_every_indicator_cites_its_source(plan: healthkpi.Plan) -> None:
    for ind in plan.indicators:
        assert (ind.source or "").strip().startswith("Mục "), ind.id
        assert (ind.name_en or "").strip(), ind.id
        assert ind.name.strip(), ind.id
        assert ind.group, ind.id
        assert ind.unit, ind.id
    groups = Counter(ind.group for ind in plan.indicators)
    assert set(groups) == {
        "Chỉ tiêu cơ bản",
        "Phòng chống dịch",
        "Y tế cơ sở",
        "Y dược cổ truyền",
        "Bệnh viện",
        "Trung tâm Y tế",
        "Chuyển đổi số",
        "Bảo hiểm y tế",
    }


def test_every_variable_is_used_and_labelled(plan: healthkpi.Plan) -> None:
    assert set(plan.used_variables) == set(plan.variables)
    for name, variable in plan.variables.items():
        assert variable.label_en, name
        assert variable.aliases, name
    values = {n for n, v in plan.variables.items() if v.kind == "value"}
    assert "hospital_quality_score" in values
    assert "drug_contract_value" in values


# --- the example: 27 units, 2020 and 2021 ---------------------------------------------


def test_example_scores_2021_with_every_status(plan: healthkpi.Plan, card) -> None:
    summary = card.summary()
    assert all(summary[status] > 0 for status in STATUSES), summary
    assert {r.period for r in card.results} == {"2021"}
    assert len({r.unit for r in card.results}) == 27
    assert len(card.results) == 27 * len(plan.indicators)
    for ind in plan.indicators[7:]:
        statuses = {r.status for r in card.results if r.indicator == ind.id}
        assert len(statuses & {"pass", "near", "fail"}) >= 2, (ind.id, statuses)
        assert "pass" in statuses, (ind.id, statuses)
        assert "fail" in statuses, (ind.id, statuses)


def test_the_basic_2021_figures_are_those_of_the_single_year_example(card, results) -> None:
    basic = Counter(r.status for r in card.results if r.indicator in dict(BASIC))
    assert basic == {"pass": 97, "near": 31, "fail": 59, "no_data": 2}
    ha_trung = results[("Hà Trung", "beds_per_10k")]
    assert (ha_trung.value, ha_trung.numerator, ha_trung.denominator, ha_trung.status) == (36.5, 438, 120000, "pass")
    assert results[("Mường Lát", "doctors_per_10k")].status == "no_data"
    assert results[("Quan Sơn", "sex_ratio_at_birth")].status == "no_data"
    assert results[("Thành phố Thanh Hóa", "beds_per_10k")].denominator == 452_310  # "452.310" as text
    codes = {issue.code for issue in card.issues}
    assert {"not_a_number", "missing_value", "total_mismatch"} <= codes


def test_relative_targets_are_judged_against_2020(card, results) -> None:
    relative = [r for r in card.results if r.indicator in RELATIVE]
    assert relative
    assert all(r.baseline_period == "2020" for r in relative)
    assert {r.status for r in relative} >= {"pass", "near", "fail", "no_data"}
    for r in relative:
        if r.status != "no_data":
            assert r.change is not None, r
            assert r.baseline_value is not None, r
    # exactly +5%: 3.00 → 3.15 meets "tăng tối thiểu 5%"
    vinh_loc = results[("Vĩnh Lộc", "hospital_quality_score")]
    assert (vinh_loc.baseline_value, vinh_loc.value, vinh_loc.status) == (3.0, 3.15, "pass")
    assert vinh_loc.change == pytest.approx(5)
    # the same length of stay both years: not reduced, amber
    trieu_son = results[("Triệu Sơn", "average_length_of_stay")]
    assert (trieu_son.change, trieu_son.status) == (0, "near")
    # no 2020 quality score: no baseline
    assert results[("Quan Sơn", "hospital_quality_score")].status == "no_data"
    totals = {t.indicator: t for t in card.totals}
    assert totals["hospital_quality_score"].units_covered == 26
    assert totals["hospital_quality_score"].baseline_period == "2020"


def test_targets_due_in_2025_follow_the_line_from_2020(card) -> None:
    on_track = [r for r in card.results if r.indicator == "health_insurance_2025_pct"]
    assert {r.status for r in on_track} == {"pass", "near", "fail"}
    for r in on_track:
        base = Fraction(r.baseline_value)
        assert r.baseline_period == "2020"
        assert r.threshold == pytest.approx(float(base + (95 - base) / 5))
    pharmacist = {r.status for r in card.results if r.indicator == "hospitals_clinical_pharmacist_pct"}
    assert pharmacist == {"pass", "near", "fail"}


def test_example_matches_the_plan_columns_and_checks(card) -> None:
    codes = Counter(issue.code for issue in card.issues)
    assert codes["missing_column"] == 0
    assert codes["missing_period"] == 0
    assert codes["check_failed"] == 0  # counts respect the plan's checks in both years
    # units without a traditional-medicine department or a polyclinic: zero denominators
    zero = {(i.unit, i.period) for i in card.issues if i.code == "zero_denominator"}
    assert ("Mường Lát", "2021") in zero
    assert ("Thành phố Thanh Hóa", "2021") in zero


def test_example_builder_is_deterministic(tmp_path: Path, plan: healthkpi.Plan, card) -> None:
    sys.path.insert(0, str(EXAMPLES))
    try:
        module = importlib.import_module("example_thanh_hoa_2021")
    finally:
        sys.path.remove(str(EXAMPLES))
    built = module.build(tmp_path)
    assert built == tmp_path / "thanh-hoa-2021.xlsx"
    rebuilt = healthkpi.score(plan, healthkpi.read_data(built, plan), period="all")
    shipped = healthkpi.score(plan, healthkpi.read_data(EXAMPLE, plan), period="all")
    assert rebuilt.summary() == shipped.summary()
    assert [r.value for r in rebuilt.results] == pytest.approx([r.value for r in shipped.results], nan_ok=True)
