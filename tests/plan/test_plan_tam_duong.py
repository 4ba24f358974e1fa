"""The bundled Tam Đường plan 2022-2025 (grassroots health, UBND huyện Tam Đường) and its example."""

from __future__ import annotations

import importlib
import json
import re
import sys
from fractions import Fraction
from pathlib import Path

import pytest
from typer.testing import CliRunner

import healthkpi
from healthkpi.cli import app
from healthkpi.plan.schema import Plan
from healthkpi.plan.targets import Comparison, Relative
from healthkpi.scoring.scorecard import Scorecard
from tests.paths import ROOT

EXAMPLE = ROOT / "examples" / "tam-duong-2022-2025.xlsx"
PLAN_ID = "tam-duong-2022-2025"

COMMUNES = {
    "Thị trấn Tam Đường",
    "Bản Bo",
    "Bản Giang",
    "Bản Hon",
    "Bình Lư",
    "Giang Ma",
    "Hồ Thầu",
    "Khun Há",
    "Nà Tăm",
    "Nùng Nàng",
    "Sơn Bình",
    "Sùng Phài",
    "Tả Lèng",
    "Thèn Sin",
}


@pytest.fixture(scope="module")
def plan() -> Plan:
    return healthkpi.load_plan(PLAN_ID)


@pytest.fixture(scope="module")
def card(plan: Plan) -> Scorecard:
    return healthkpi.score(plan, healthkpi.read_data(EXAMPLE, plan))


def test_plan_identity(plan: Plan) -> None:
    assert plan.id == PLAN_ID
    assert plan.plan.period == "2022-2025"
    assert plan.plan.level == "commune"
    assert plan.plan.total_label == "Toàn huyện"
    assert plan.plan.issuer == "UBND huyện Tam Đường"
    assert "KH-UBND" in (plan.plan.document or "")
    assert "310/QĐ-UBND" in (plan.plan.document or "")


# Mục II.1.2 "Mục tiêu đến năm 2025", as the text writes each number.
COMPARISONS = {
    "stations_standard_facilities_pct": ">= 100",  # (1) 100% trạm y tế xã được kiên cố ...
    "staff_university_pct": "> 30",  # (2) ... đạt trên 30%
    "commune_techniques_pct": ">= 75",  # (3) tuyến xã đạt 75% danh mục kỹ thuật
    "stations_insurance_phc_pct": ">= 100",  # (4) 100% trạm y tế xã đủ điều kiện KCB BHYT
    "stations_ncd_pct": "> 90",  # (5) Trên 90% trạm y tế ...
    "stations_ncd_family_medicine_pct": ">= 15",  # (5) ... trong đó 15% trạm y tế
    "communes_national_standard_pct": ">= 100",  # (6) ... đạt 100%
    "population_monitored_pct": ">= 100",  # (7) 100% dân số được theo dõi sức khỏe
    "population_ehr_pct": ">= 70",  # (7) ... 70% dân số ... hồ sơ sức khỏe điện tử
    "underweight_under_5_pct": "< 15",  # (9) ... thể cân nặng xuống dưới 15%
    "stunting_under_5_pct": "<= 21.3",  # (9) ... thể thấp còi xuống 21,3%
    "stations_midwife_pct": ">= 100",  # (10) 100% trạm y tế có nữ hộ sinh ...
    "stations_traditional_medicine_pct": ">= 80",  # (11) 80% trạm y tế có cán bộ YHCT
    "full_immunisation_under_1_pct": ">= 95.2",  # (12) 95,2% trẻ em dưới 1 tuổi ...
    "hiv_prevalence_pct": "< 0.38",  # (13) Tỷ lệ nhiễm HIV/AIDS dưới 0,38%
    "stations_unified_software_pct": ">= 100",  # mục 3.7: thống nhất 01 phần mềm
}


@pytest.mark.parametrize(("indicator_id", "target"), sorted(COMPARISONS.items()))
def test_comparison_targets_match_the_text(plan: Plan, indicator_id: str, target: str) -> None:
    indicator = plan.indicator(indicator_id)
    assert str(indicator.target) == target
    assert indicator.by == "2025"
    assert indicator.baseline == "2022"


def test_relative_targets_match_the_text(plan: Plan) -> None:
    # (8) Mức giảm tỷ lệ suất sinh bình quân 0,5%/năm
    birth = plan.indicator("crude_birth_rate")
    assert isinstance(birth.target, Relative)
    assert birth.target.vs == "2022"
    assert birth.target.kind == "change_pct_per_year"
    assert str(birth.target.comparison) == "<= -0.5"
    assert birth.per == 1000
    assert (birth.numerator.names, birth.denominator.names) == (("live_births",), ("population",))
    # (3) Tăng tỷ lệ thực hiện dịch vụ kỹ thuật ... từ 1,5-2%/năm
    growth = plan.indicator("commune_techniques_growth")
    assert isinstance(growth.target, Relative)
    assert (growth.target.vs, growth.target.kind) == ("2022", "change_pct_per_year")
    assert str(growth.target.comparison) == ">= 1.5"
    for indicator in (birth, growth):
        assert indicator.by is None
        assert indicator.baseline is None
        assert indicator.note  # the reading chosen is written down


def test_every_target_of_section_1_2_is_cited(plan: Plan) -> None:
    cited = {int(n) for indicator in plan.indicators for n in re.findall(r"mục tiêu \((\d+)\)", indicator.source or "")}
    assert cited == set(range(1, 14))


def test_every_indicator_is_documented(plan: Plan) -> None:
    for indicator in plan.indicators:
        assert (indicator.source or "").strip(), indicator.id
        assert (indicator.name_en or "").strip(), indicator.id
        assert indicator.group, indicator.id
        assert indicator.unit, indicator.id
    for name, variable in plan.variables.items():
        assert variable.label_en, name
        assert variable.aliases, name


def test_example_records_its_plan_and_shows_every_status(card: Scorecard) -> None:
    summary = card.summary()
    for status in ("pass", "near", "fail", "no_data"):
        assert summary[status] > 0, summary
    assert card.periods == ["2024"]  # the latest year by default
    assert {r.unit for r in card.results} == COMMUNES
    assert [t.unit for t in card.totals] == ["Toàn huyện"] * 18


def test_latest_year_is_scored_on_the_on_track_line(plan: Plan, card: Scorecard) -> None:
    on_track = 0
    for result in card.results:
        target = plan.indicator(result.indicator).target
        if not isinstance(target, Comparison) or result.threshold is None:
            continue
        assert result.period == "2024"
        assert result.baseline_period == "2022"
        if result.baseline_value is None:
            continue
        low, high = sorted((result.baseline_value, float(target.number)))
        assert low - 1e-9 <= result.threshold <= high + 1e-9
        if low < result.threshold < high:
            on_track += 1
            # two thirds of the way from the commune's 2022 value to the 2025 target
            expected = result.baseline_value + (float(target.number) - result.baseline_value) * 2 / 3
            assert result.threshold == pytest.approx(expected)
    assert on_track > 10


def test_quirks_of_the_form_are_read_and_reported(plan: Plan, card: Scorecard) -> None:
    by_key = {(r.unit, r.indicator): r for r in card.results}
    # "7.164"-style text population is read with Vietnamese conventions
    assert by_key[("Bình Lư", "population_monitored_pct")].denominator == pytest.approx(round(6_940 * 1.016**2))
    assert by_key[("Hồ Thầu", "stunting_under_5_pct")].status == "no_data"
    assert by_key[("Thèn Sin", "full_immunisation_under_1_pct")].status == "no_data"
    codes = {issue.code for issue in card.issues}
    assert {"not_a_number", "missing_value", "total_mismatch"} <= codes
    assert "check_failed" not in codes
    assert "missing_column" not in codes


def test_relative_targets_are_scored_per_year_since_2022(card: Scorecard) -> None:
    results = [r for r in card.results if r.indicator == "crude_birth_rate"]
    assert {r.baseline_period for r in results} == {"2022"}
    for r in results:
        if r.change is None:
            continue
        expected = (Fraction(r.value) / Fraction(r.baseline_value)) ** 0.5 - 1
        assert r.change == pytest.approx(float(expected) * 100)
    assert {r.status for r in results} >= {"pass", "near", "fail"}


def test_cli_scores_the_example_with_no_plan_flag(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["score", str(EXAMPLE), "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    document = json.loads(result.stdout)
    assert document["plan"]["id"] == PLAN_ID
    assert all(document["summary"][s] > 0 for s in ("pass", "near", "fail", "no_data"))


def test_example_is_deterministic(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "examples"))
    try:
        module = importlib.import_module("example_tam_duong_2022_2025")
    finally:
        sys.path.remove(str(ROOT / "examples"))
    plan = healthkpi.load_plan(PLAN_ID)
    first = healthkpi.score(plan, healthkpi.read_data(module.build(tmp_path), plan))
    reference = healthkpi.score(plan, healthkpi.read_data(EXAMPLE, plan))
    assert first.summary() == reference.summary()
    assert [(r.unit, r.indicator, r.value) for r in first.results] == [
        (r.unit, r.indicator, r.value) for r in reference.results
    ]
