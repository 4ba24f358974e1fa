"""The bundled Hà Nội plan 2021-2025 (258/KH-UBND) and its example workbook."""

from __future__ import annotations

import importlib
import sys
from fractions import Fraction

import pytest

import healthkpi
from healthkpi.plan.schema import Plan
from healthkpi.plan.targets import Comparison
from healthkpi.scoring.scorecard import Scorecard
from tests.paths import ROOT

EXAMPLE = ROOT / "examples" / "ha-noi-2021-2025.xlsx"
PLAN_ID = "ha-noi-2021-2025"


@pytest.fixture(scope="module")
def plan() -> Plan:
    return healthkpi.load_plan(PLAN_ID)


@pytest.fixture(scope="module")
def card(plan: Plan) -> Scorecard:
    return healthkpi.score(plan, healthkpi.read_data(EXAMPLE, plan))


@pytest.fixture(scope="module")
def example_module():
    sys.path.insert(0, str(ROOT / "examples"))
    try:
        yield importlib.import_module("example_ha_noi_2021_2025")
    finally:
        sys.path.remove(str(ROOT / "examples"))


def test_plan_identity(plan: Plan) -> None:
    assert plan.id == PLAN_ID
    assert plan.plan.period == "2021-2025"
    assert plan.plan.level == "district"
    assert plan.plan.total_label == "Toàn thành phố"
    assert "258/KH-UBND" in (plan.plan.document or "")
    assert "17/11/2021" in (plan.plan.document or "")
    assert plan.plan.issuer == "Ủy ban nhân dân thành phố Hà Nội"


def test_constants_are_the_group_sizes_of_the_plan(plan: Plan) -> None:
    # Mục II.2, "Phân loại đối tượng thành các nhóm", as the plan writes them.
    assert plan.constants == {
        "children_under_5_2021": 694_775,  # (1) 694.775 trẻ: nguồn Tổng cục Dân số
        "pupils_2021": 2_112_931,  # (2) 2.112.931 học sinh: nguồn Sở Giáo dục và Đào tạo
        "students_2021": 505_627,  # (3) 505.627 sinh viên: niên giám Cục Thống kê Hà Nội
        "workers_2021": 1_836_257,  # (4) 1.836.257 người: niên giám Cục Thống kê Hà Nội
        "elderly_2021": 1_014_230,  # (5) 1.014.230 người; nguồn Tổng cục Dân số
        "other_residents_2021": 1_883_398,  # (6) 1.883.398 người: nguồn Tổng cục Dân số
    }


def _target(plan: Plan, indicator_id: str) -> tuple[str, str]:
    target = plan.indicator(indicator_id).target
    assert isinstance(target, Comparison)
    return target.op, target.text


@pytest.mark.parametrize("group", ["children_under_5", "pupils", "workers", "other_residents"])
def test_health_records_reach_everyone_by_2025(plan: Plan, group: str) -> None:
    # II.1 "Đối tượng lập hồ sơ Quản lý sức khỏe là toàn bộ người dân Thủ đô";
    # III: 2021 is the year the software is deployed, so 2021 is the baseline.
    indicator = plan.indicator(f"records_{group}_pct")
    assert _target(plan, indicator.id) == (">=", "100")
    assert (indicator.by, indicator.baseline) == ("2025", "2021")
    assert indicator.denominator is not None
    assert str(indicator.denominator) == group
    assert "toàn bộ người dân Thủ đô" in (indicator.source or "")


@pytest.mark.parametrize("group", ["children_under_5", "pupils", "students", "workers", "elderly", "other_residents"])
def test_everyone_checked_once_a_year_from_2022(plan: Plan, group: str) -> None:
    # III "Từ năm 2022-2025: ... tất cả người dân phải được khám, quản lý sức khỏe
    # tối thiểu 01 lần/năm"
    indicator = plan.indicator(f"checkup_{group}_pct")
    assert _target(plan, indicator.id) == (">=", "100")
    assert indicator.by == "2022"
    assert indicator.baseline is None
    assert "tối thiểu 01 lần/năm" in (indicator.source or "")


def test_overall_and_city_wide_indicators(plan: Plan) -> None:
    assert _target(plan, "records_all_pct") == (">=", "100")
    assert _target(plan, "checkup_all_pct") == (">=", "100")
    # III "Năm 2021 triển khai phần mềm ... tại tất cả các cơ sở y tế trong và ngoài công lập"
    assert _target(plan, "facilities_software_pct") == (">=", "100")
    assert plan.indicator("facilities_software_pct").by == "2021"
    # The plan's city-wide group sizes: a count indicator totalled against 100 %.
    vs_plan = plan.indicator("checkup_all_vs_plan_pct")
    assert vs_plan.is_count
    assert str(vs_plan.total_target) == ">= 100"
    assert set(plan.constants) <= set(vs_plan.numerator.names)


def test_every_indicator_is_sourced_and_translated(plan: Plan) -> None:
    assert len(plan.indicators) == 16
    for indicator in plan.indicators:
        assert indicator.source, indicator.id
        assert indicator.name_en, indicator.id
        assert indicator.note, indicator.id
    # No per-unit coverage divides by a city-wide constant.
    for indicator in plan.indicators:
        if indicator.denominator is not None:
            assert not set(indicator.denominator.names) & set(plan.constants), indicator.id


def test_example_2021_sizes_share_out_the_plan_constants(plan: Plan, example_module) -> None:
    rows = [row for section in example_module.sections() for row in section.rows]
    assert len({row["name"] for row in rows}) == 30
    for key, constant in [
        ("children_under_5", "children_under_5_2021"),
        ("pupils", "pupils_2021"),
        ("students", "students_2021"),
        ("workers", "workers_2021"),
        ("elderly", "elderly_2021"),
        ("other_residents", "other_residents_2021"),
    ]:
        assert sum(row[key] for row in rows if row["period"] == 2021) == plan.constants[constant]


def test_example_scores_every_status(card: Scorecard) -> None:
    assert card.periods == ["2022"]
    summary = card.summary()
    assert summary["pass"] > 0
    assert summary["near"] > 0
    assert summary["fail"] > 0
    assert summary["no_data"] > 0
    assert sum(summary.values()) == 30 * 16


def test_example_quirks(card: Scorecard) -> None:
    frame = card.results_frame
    status = frame.set_index(["unit", "indicator"])["status"]
    assert status[("Mỹ Đức", "checkup_students_pct")] == "no_data"  # "chưa báo cáo"
    assert status[("Ba Vì", "records_other_residents_pct")] == "no_data"  # blank cell
    # "18.980", text in Vietnamese format, is read as 18,980
    elderly = frame[(frame.unit == "Hoàn Kiếm") & (frame.indicator == "checkup_elderly_pct")]
    assert elderly["denominator"].iloc[0] == 18_980
    # Tây Hồ's children are exactly on the on-track line: they pass.
    on_line = frame[(frame.unit == "Tây Hồ") & (frame.indicator == "records_children_under_5_pct")]
    assert on_line["status"].iloc[0] == "pass"
    assert on_line["gap"].iloc[0] == 0


def test_total_is_a_ratio_of_sums(card: Scorecard, example_module) -> None:
    rows = [row for section in example_module.sections() for row in section.rows if row["period"] == 2022]
    totals = {t.indicator: t for t in card.totals}

    workers = totals["checkup_workers_pct"]
    checked = sum(row["workers_checked"] for row in rows)
    size = sum(row["workers"] for row in rows)
    assert workers.numerator == checked
    assert workers.denominator == size
    assert workers.value == pytest.approx(float(Fraction(checked * 100, size)), rel=1e-12)
    assert workers.units_covered == 30

    # Mỹ Đức's students' check-ups are "chưa báo cáo": left out of both sums.
    reported = [row for row in rows if isinstance(row["students_checked"], int)]
    students = totals["checkup_students_pct"]
    assert students.units_covered == 29
    assert students.value == pytest.approx(
        100 * sum(r["students_checked"] for r in reported) / sum(r["students"] for r in reported)
    )

    # Against the plan's own city-wide sizes: the sum of the units' contributions.
    city = sum(card.plan.constants.values())
    assert city == 8_047_218
    keys = [key for key, *_ in example_module.GROUPS]
    complete = [row for row in rows if all(isinstance(row[f"{k}_checked"], int) for k in keys)]
    checked_all = sum(row[f"{k}_checked"] for row in complete for k in keys)
    vs_plan = totals["checkup_all_vs_plan_pct"]
    assert vs_plan.units_covered == 29
    assert vs_plan.value == pytest.approx(checked_all * 100 / city, rel=1e-12)
    assert vs_plan.status == "fail"
