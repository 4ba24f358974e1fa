"""The bundled Hồ Chí Minh City plans (2021, 2023): their activities, the numeric
targets transcribed from the source texts, and scoring the 2021 example."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import pytest

import healthkpi
from tests.paths import ROOT

EXAMPLES = ROOT / "examples"
EXAMPLE = EXAMPLES / "hcmc-2021.xlsx"

# Activities per group in the 2021 text ("NHÓM 1" … "NHÓM 10", activities 1–47).
GROUP_SIZES_2021 = [8, 4, 4, 4, 5, 5, 4, 4, 5, 4]


@pytest.fixture(scope="module")
def plan_2021() -> healthkpi.Plan:
    return healthkpi.load_plan("hcmc-2021")


@pytest.fixture(scope="module")
def plan_2023() -> healthkpi.Plan:
    return healthkpi.load_plan("hcmc-2023")


def test_plan_metadata(plan_2021: healthkpi.Plan, plan_2023: healthkpi.Plan) -> None:
    for plan, period in ((plan_2021, "2021"), (plan_2023, "2023")):
        assert plan.id == f"hcmc-{period}"
        assert plan.plan.period == period
        assert plan.plan.level == "district"
        assert plan.plan.issuer == "Sở Y tế TP. Hồ Chí Minh"
        assert plan.plan.document


def test_2021_has_47_activities_in_10_groups(plan_2021: healthkpi.Plan) -> None:
    activities = plan_2021.activities
    assert [a.id for a in activities] == [str(n) for n in range(1, 48)]
    groups = list(dict.fromkeys(a.group for a in activities))
    assert len(groups) == 10
    for number, group in enumerate(groups, start=1):
        assert group.startswith(f"Nhóm {number}: ")
    assert [sum(a.group == g for a in activities) for g in groups] == GROUP_SIZES_2021
    assert groups[0] == (
        "Nhóm 1: Phát huy hiệu quả công tác phòng chống dịch COVID-19 và tăng cường quản lý các dịch bệnh lưu hành"
    )
    by_id = {a.id: a for a in activities}
    assert by_id["21"].text.startswith("Khởi công xây dựng mới 3 bệnh viện cửa ngõ")
    assert by_id["47"].group.startswith("Nhóm 10: ")


def test_2023_has_10_groups_and_the_flagship(plan_2023: healthkpi.Plan) -> None:
    activities = plan_2023.activities
    assert [a.id for a in activities] == [f"N{n}" for n in range(1, 11)] + ["CT1"]
    groups = list(dict.fromkeys(a.group for a in activities))
    assert len(groups) == 11
    assert groups[:10] == [f"Nhóm {n}" for n in range(1, 11)]
    assert "Thạnh An" in activities[-1].text
    assert activities[8].text.startswith("Xây dựng đề án nâng cao năng lực y tế của huyện Cần Giờ")


def test_2023_states_no_numeric_target(plan_2023: healthkpi.Plan) -> None:
    assert plan_2023.indicators == []


@pytest.mark.parametrize(
    ("indicator", "target", "total_target", "number_in_source"),
    [
        ("model_wards_ehr", ">= 2", ">= 48", "48 phường, xã"),
        ("model_stations_ncd", ">= 2", ">= 48", "48 trạm y tế điểm"),
        ("family_medicine_stations_new", ">= 1", ">= 24", "thêm 24 TYT"),
        ("family_medicine_stations", ">= 2", ">= 48", "ít nhất 48 trạm"),
        ("gateway_hospitals_started", ">= 0", ">= 3", "3 bệnh viện cửa ngõ"),
        ("booking_centres", ">= 1", ">= 24", "24 TTYT quận, huyện"),
        ("health_office_trained", ">= 1", ">= 22", "tất cả các phòng y tế quận, huyện"),
    ],
)
def test_2021_city_wide_counts(
    plan_2021: healthkpi.Plan,
    indicator: str,
    target: str,
    total_target: str,
    number_in_source: str,
) -> None:
    ind = plan_2021.indicator(indicator)
    assert ind.is_count
    assert str(ind.target) == target
    assert str(ind.total_target) == total_target
    assert number_in_source in ind.source


@pytest.mark.parametrize(
    ("indicator", "numerator", "denominator", "clause"),
    [
        ("stations_v20_pct", "stations_v20", "commune_stations", "V20 tại tất cả các trạm y tế"),
        (
            "facilities_gsp_pct",
            "facilities_gsp",
            "health_facilities",
            "(GSP) tại tất cả các cơ sở khám bệnh, chữa bệnh",
        ),
    ],
)
def test_2021_all_read_as_100_percent(
    plan_2021: healthkpi.Plan, indicator: str, numerator: str, denominator: str, clause: str
) -> None:
    ind = plan_2021.indicator(indicator)
    assert ind.is_percentage
    assert (str(ind.numerator), str(ind.denominator)) == (numerator, denominator)
    assert str(ind.target) == ">= 100"
    assert clause in ind.source


def test_every_indicator_and_activity_cites_its_source(plan_2021: healthkpi.Plan, plan_2023: healthkpi.Plan) -> None:
    for plan in (plan_2021, plan_2023):
        for ind in plan.indicators:
            assert (ind.source or "").strip(), ind.id
            assert (ind.name_en or "").strip(), ind.id
            assert ind.note, ind.id  # every reading is explained
            assert ind.group, ind.id
        for activity in plan.activities:
            assert (activity.source or "").strip(), activity.id
            assert activity.text.strip(), activity.id
    for ind in plan_2021.indicators:
        number = ind.source.split(",")[0]  # "Nhóm 2, hoạt động 9: …" → its group
        assert ind.group.startswith(number + ":"), ind.id


def test_every_2021_variable_is_used_and_labelled(plan_2021: healthkpi.Plan) -> None:
    assert set(plan_2021.used_variables) == set(plan_2021.variables)
    for name, variable in plan_2021.variables.items():
        assert variable.label_en, name
        assert variable.aliases, name


def test_2021_example_scores_every_status(plan_2021: healthkpi.Plan) -> None:
    data = healthkpi.read_data(EXAMPLE, plan_2021)
    card = healthkpi.score(plan_2021, data)
    summary = card.summary()
    assert all(summary[status] > 0 for status in ("pass", "near", "fail", "no_data")), summary
    # the plan lists 22 units; Huyện Cần Giờ sent no report, so 21 are scored
    assert len(plan_2021.units) == 22
    assert {r.unit for r in card.results} == set(plan_2021.units) - {"Huyện Cần Giờ"}
    assert [i.unit for i in card.issues if i.code == "missing_unit"] == ["Huyện Cần Giờ"]
    totals = {t.indicator: t for t in card.totals}
    assert set(totals) == {i.id for i in plan_2021.indicators}
    # count indicators: the city total is the sum of the districts, scored against total_target
    gateway = totals["gateway_hospitals_started"]
    assert (gateway.value, gateway.target, gateway.status) == (2, ">= 3", "fail")
    assert totals["family_medicine_stations"].target == ">= 48"
    # the quirks of the form: a number typed as text, "chưa báo cáo", a blank cell
    codes = {issue.code for issue in card.issues}
    assert {"not_a_number", "missing_value", "total_mismatch"} <= codes
    by_unit = {(r.unit, r.indicator): r for r in card.results}
    assert by_unit[("Huyện Nhà Bè", "facilities_gsp_pct")].status == "no_data"
    assert by_unit[("Quận 4", "health_office_trained")].status == "no_data"
    assert by_unit[("Quận Bình Thạnh", "stations_v20_pct")].status == "near"  # 95% exactly


def test_example_builder_is_deterministic(tmp_path: Path, plan_2021: healthkpi.Plan) -> None:
    sys.path.insert(0, str(EXAMPLES))
    try:
        module = importlib.import_module("example_hcmc")
    finally:
        sys.path.remove(str(EXAMPLES))
    first = module.build(tmp_path)
    assert first == tmp_path / "hcmc-2021.xlsx"
    assert (tmp_path / "hcmc-2023.xlsx").is_file()
    rebuilt = healthkpi.score(plan_2021, healthkpi.read_data(first, plan_2021))
    shipped = healthkpi.score(plan_2021, healthkpi.read_data(EXAMPLE, plan_2021))
    assert rebuilt.summary() == shipped.summary()
    assert [r.value for r in rebuilt.results] == [r.value for r in shipped.results]
