"""Scoring: every target form and status, exact boundaries, totals as ratios of sums."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from healthkpi.base.errors import UsageError
from healthkpi.plan.schema import Plan
from healthkpi.read.dataset import DataSet
from healthkpi.read.sidefiles import load_plan_and_side_files as load_plan
from healthkpi.scoring.engine import score
from tests.conftest import write_plan

HEAD = """\
healthkpi: 1
plan: {id: t, title: T}
variables:
  a: {label: A}
  b: {label: B}
indicators:
"""


def plan_with(tmp_path: Path, indicators: str, extra: str = "") -> Plan:
    return load_plan(write_plan(tmp_path, HEAD + indicators + extra))


def one(target: str, *, per: int = 1, near: str | None = None, denominator: str = "b", extra: str = "") -> str:
    lines = f"  - id: x\n    name: X\n    numerator: a\n    denominator: {denominator}\n    per: {per}\n    target: {target!r}\n"
    if near is not None:
        lines += f"    near: {near!r}\n"
    return lines + extra


def frame(rows: list[tuple], period: bool = False) -> pd.DataFrame:
    columns = ["unit", "period", "a", "b"] if period else ["unit", "a", "b"]
    return pd.DataFrame(rows, columns=columns)


def run(plan: Plan, rows: list[tuple], period: str | None = None, periods: bool = False):
    data = DataSet.from_frame(frame(rows, periods), plan, period="period" if periods else None)
    return score(plan, data, period)


def statuses(card) -> dict[str, str]:
    return dict(zip(card.results_frame["unit"], card.results_frame["status"], strict=True))


@pytest.mark.parametrize(
    ("target", "value", "status"),
    [
        (">= 36.5", 36.5, "pass"),
        (">= 36.5", 36.49, "fail"),
        ("> 95", 95, "fail"),
        ("> 95", 95.01, "pass"),
        ("<= 14.2", 14.2, "pass"),
        ("<= 14.2", 14.21, "fail"),
        ("< 0.12", 0.12, "fail"),
        ("< 0.12", 0.119, "pass"),
        ("== 100", 100, "pass"),
        ("== 100", 99.9, "fail"),
        ("between 30 and 40", 30, "pass"),
        ("between 30 and 40", 40, "pass"),
        ("between 30 and 40", 40.01, "fail"),
        ("between 30 and 40", 29.99, "fail"),
    ],
)
def test_comparison_statuses_on_and_around_the_boundary(tmp_path: Path, target: str, value: float, status: str) -> None:
    plan = plan_with(tmp_path, one(target))
    card = run(plan, [("U", value, 1)])
    assert statuses(card) == {"U": status}


def test_value_that_mathematically_equals_its_target_meets_it(tmp_path: Path) -> None:
    # 730 / 200,000 × 10,000 is 36.5 exactly; naive float order gives 36.49999…
    plan = plan_with(tmp_path, one(">= 36.5", per=10000))
    card = run(plan, [("Hà Trung", 730, 200_000)])
    assert statuses(card) == {"Hà Trung": "pass"}
    assert card.results_frame["gap"].iloc[0] == pytest.approx(0, abs=1e-12)


def test_strict_target_against_an_exactly_equal_value_fails(tmp_path: Path) -> None:
    plan = plan_with(tmp_path, one("< 0.12", per=100))
    card = run(plan, [("U", 12, 10_000), ("V", 3, 2_500)])  # both exactly 0.12 %
    assert statuses(card) == {"U": "fail", "V": "fail"}


def test_exactness_when_floats_round_the_wrong_way(tmp_path: Path) -> None:
    plan = load_plan(write_plan(tmp_path, HEAD + "  - {id: x, name: X, numerator: a + b, target: '== 0.3'}\n"))
    card = run(plan, [("U", 0.1, 0.2)])  # 0.1 + 0.2 is 0.30000000000000004 in floats
    assert statuses(card) == {"U": "pass"}


@pytest.mark.parametrize(
    ("target", "near", "value", "status"),
    [
        (">= 40", "5%", 38, "near"),  # the band's edge is included
        (">= 40", "5%", 37.99, "fail"),
        (">= 40", "5%", 39.5, "near"),
        (">= 40", "5%", 40, "pass"),
        ("<= 14.2", "1", 15.2, "near"),
        ("<= 14.2", "1", 15.21, "fail"),
        ("== 100", "2", 98, "near"),
        ("== 100", "2", 102, "near"),
        ("== 100", "2", 102.5, "fail"),
        ("between 30 and 40", "10%", 27, "near"),
        ("between 30 and 40", "10%", 44, "near"),
        ("between 30 and 40", "10%", 44.1, "fail"),
    ],
)
def test_near_bands(tmp_path: Path, target: str, near: str, value: float, status: str) -> None:
    plan = plan_with(tmp_path, one(target, near=near))
    assert statuses(run(plan, [("U", value, 1)])) == {"U": status}


def test_band_edge_is_settled_exactly(tmp_path: Path) -> None:
    # 36.5 × (1 − 5%) = 34.675 exactly; 693.5 / 200,000 × 10,000 is that value
    plan = plan_with(tmp_path, one(">= 36.5", per=10000, near="5%"))
    assert statuses(run(plan, [("U", 693.5, 200_000)])) == {"U": "near"}


def test_missing_and_zero_denominators_are_no_data_never_zero(tmp_path: Path) -> None:
    plan = plan_with(tmp_path, one(">= 1"))
    card = run(plan, [("missing", np.nan, 5), ("zero", 3, 0), ("ok", 2, 1)])
    assert statuses(card) == {"missing": "no_data", "zero": "no_data", "ok": "pass"}
    notes = {r.unit: r.note.key for r in card.results if r.note}
    assert notes == {"missing": "missing", "zero": "zero_denominator"}
    assert [i.code for i in card.issues] == ["zero_denominator"]
    assert card.results_frame["value"].isna().tolist() == [True, True, False]
    # said by the form's label, not by the plan's id of the variable alone
    assert card.issues[0].message("en").endswith('zero: "B" is zero (the denominator of x)')


def test_total_is_a_ratio_of_sums_not_a_mean_of_rates(tmp_path: Path) -> None:
    plan = plan_with(tmp_path, one(">= 90", per=100))
    card = run(plan, [("small", 1, 2), ("large", 99, 100)])
    total = card.totals[0]
    assert total.value == pytest.approx(100 / 102 * 100)  # 98.04 %, not the mean 74.5 %
    assert total.status == "pass"
    assert (total.numerator, total.denominator) == (100, 102)


def test_units_covered_leaves_out_units_missing_a_value_but_counts_zero_denominators(
    tmp_path: Path,
) -> None:
    plan = plan_with(tmp_path, one(">= 50", per=100))
    card = run(plan, [("a", 30, 40), ("missing", np.nan, 100), ("zero", 5, 0), ("b", 10, 60)])
    total = card.totals[0]
    assert (total.units_covered, total.units_total) == (3, 4)
    assert (total.numerator, total.denominator) == (45, 100)
    assert total.value == pytest.approx(45)
    assert total.status == "fail"


def test_a_negative_count_is_not_used_and_is_left_out_of_the_total(tmp_path: Path) -> None:
    # -3 people living with HIV once scored a prevalence of -0.08 % as a pass and lowered the total
    plan = plan_with(tmp_path, one("< 0.5", per=100))
    card = run(plan, [("Tả Lèng", -3, 3881), ("Bản Bo", 15, 4000), ("Bình Lư", 10, 5000)])
    assert statuses(card) == {"Tả Lèng": "no_data", "Bản Bo": "pass", "Bình Lư": "pass"}
    note = {r.unit: r.note.key for r in card.results if r.note}
    assert note == {"Tả Lèng": "not_used"}
    total = card.totals[0]
    assert (total.units_covered, total.units_total) == (2, 3)
    assert (total.numerator, total.denominator) == (25, 9000)
    assert [(i.code, i.level) for i in card.issues] == [("negative_count", "error")]
    flags = dict(zip(card.results_frame["unit"], card.results_frame["flags"], strict=True))
    assert list(flags["Tả Lèng"]) == ["negative_count"]


def test_a_negative_count_is_used_when_the_plan_switches_the_check_off(tmp_path: Path) -> None:
    plan = plan_with(tmp_path, one("< 0.5", per=100), extra="quality:\n  negative_count: off\n")
    card = run(plan, [("Tả Lèng", -3, 3881), ("Bản Bo", 15, 4000)])
    assert statuses(card) == {"Tả Lèng": "pass", "Bản Bo": "pass"}
    assert (card.totals[0].numerator, card.totals[0].denominator) == (12, 7881)


def test_a_unit_absent_from_a_period_counts_among_the_units_its_total_is_over(tmp_path: Path) -> None:
    # C's 2021 row was typed as 2012: the 2021 total is over 2 of 3 units (marked), not a whole of 2
    plan = plan_with(tmp_path, one(">= 50", per=100))
    rows = [("A", "2020", 30, 40), ("B", "2020", 10, 60), ("C", "2020", 5, 10)]
    rows += [("A", "2021", 31, 40), ("B", "2021", 12, 60), ("C", "2012", 6, 10)]
    card = run(plan, rows, period="2021", periods=True)
    total = card.totals[0]
    assert (total.units_covered, total.units_total) == (2, 3)
    assert (total.numerator, total.denominator) == (43, 100)
    assert card.totals_frame["_absent"].iloc[0] == ("C",)


def test_a_unit_the_plan_lists_but_the_data_lacks_counts_among_the_units_of_the_total(tmp_path: Path) -> None:
    plan = plan_with(tmp_path, one(">= 50", per=100), extra="units: [A, B, Cần Giờ]\n")
    total = run(plan, [("A", 30, 40), ("B", 10, 60)]).totals[0]
    assert (total.units_covered, total.units_total) == (2, 3)


def test_count_indicator_totals_as_a_sum_against_total_target(tmp_path: Path) -> None:
    indicators = "  - {id: stations, name: S, numerator: a, target: '>= 1', total_target: '>= 48'}\n"
    plan = plan_with(tmp_path, indicators)
    card = run(plan, [("u1", 20, 0), ("u2", 27, 0), ("u3", 0, 0)])
    assert statuses(card) == {"u1": "pass", "u2": "pass", "u3": "fail"}
    total = card.totals[0]
    assert (total.value, total.target, total.status) == (47, ">= 48", "fail")


def test_relative_change_against_earlier_period(tmp_path: Path) -> None:
    plan = plan_with(
        tmp_path,
        "  - {id: x, name: X, numerator: a, denominator: b, target: {vs: '2020', change: '< 0'}}\n",
    )
    rows = [
        ("U", "2020", 10, 1),
        ("U", "2021", 9, 1),
        ("V", "2020", 10, 1),
        ("V", "2021", 10, 1),
        ("W", "2021", 5, 1),
    ]
    card = run(plan, rows, periods=True)
    assert statuses(card) == {"U": "pass", "V": "fail", "W": "no_data"}
    w = next(r for r in card.results if r.unit == "W")
    assert w.note.key == "no_baseline"
    u = next(r for r in card.results if r.unit == "U")
    assert (u.baseline_period, u.baseline_value, u.change, u.gap) == ("2020", 10, -1, None)


def test_relative_change_pct_is_exact_at_the_boundary(tmp_path: Path) -> None:
    plan = plan_with(tmp_path, "  - {id: q, name: Q, numerator: a, target: {vs: '2020', change_pct: '>= 5'}}\n")
    rows = [
        ("U", "2020", 80.2, 0),
        ("U", "2021", 84.21, 0),
        ("V", "2020", 80, 0),
        ("V", "2021", 83.9, 0),
    ]
    card = run(plan, rows, periods=True)
    assert statuses(card) == {"U": "pass", "V": "fail"}  # 84.21 / 80.2 = 1.05 exactly


def test_change_pct_per_year_is_compound_and_exact(tmp_path: Path) -> None:
    plan = plan_with(
        tmp_path,
        "  - {id: tfr, name: TFR, numerator: a, target: {vs: '2022', change_pct_per_year: '<= -0.5'}}\n",
    )
    exact = 200 * 0.995**3  # -0.5 % a year for three years
    rows = [
        ("on", "2022", 200, 0),
        ("on", "2025", 197.014975, 0),  # 200 × 0.995³ exactly
        ("fast", "2022", 200, 0),
        ("fast", "2025", 190, 0),
        ("slow", "2022", 200, 0),
        ("slow", "2025", 199, 0),
    ]
    assert exact == pytest.approx(197.014975)
    card = run(plan, rows, periods=True)
    assert statuses(card) == {"on": "pass", "fast": "pass", "slow": "fail"}
    fast = next(r for r in card.results if r.unit == "fast")
    assert fast.change == pytest.approx(((190 / 200) ** (1 / 3) - 1) * 100)


def test_relative_target_with_missing_period_is_no_data_with_an_issue(tmp_path: Path) -> None:
    plan = plan_with(tmp_path, "  - {id: x, name: X, numerator: a, target: {vs: '2020', change: '< 0'}}\n")
    card = run(plan, [("U", "2021", 1, 1)], periods=True)
    assert statuses(card) == {"U": "no_data"}
    assert any(i.code == "missing_period" and i.period == "2020" for i in card.issues)
    assert card.totals[0].status == "no_data"


def test_relative_total_compares_ratios_of_sums_over_units_in_both_periods(tmp_path: Path) -> None:
    plan = plan_with(
        tmp_path,
        "  - {id: x, name: X, numerator: a, denominator: b, per: 100, target: {vs: '2020', change_pct: '>= 10'}}\n",
    )
    rows = [
        ("U", "2020", 10, 100),
        ("U", "2021", 12, 100),
        ("V", "2020", 30, 100),
        ("V", "2021", 32, 100),
        ("new", "2021", 90, 100),  # no 2020 value: left out of both sides
    ]
    total = run(plan, rows, periods=True).totals[0]
    assert total.units_covered == 2
    assert total.baseline_value == pytest.approx(20)
    assert total.value == pytest.approx(22)
    assert total.change == pytest.approx(10)
    assert total.status == "pass"  # 22 / 20 − 1 = 10 % exactly


def test_on_track_line_between_baseline_and_due_period(tmp_path: Path) -> None:
    indicators = "  - {id: ehr, name: EHR, numerator: a, denominator: b, per: 100, target: '>= 70', by: '2025', baseline: '2022', near: 2}\n"
    plan = plan_with(tmp_path, indicators)
    rows = [
        ("on", "2022", 40, 100),
        ("on", "2023", 50, 100),  # the line: 40 + (70 − 40) × 1/3 = 50
        ("near", "2022", 40, 100),
        ("near", "2023", 48.5, 100),
        ("behind", "2022", 40, 100),
        ("behind", "2023", 47, 100),
        ("nobase", "2023", 90, 100),
    ]
    card = run(plan, rows, period="2023", periods=True)
    assert statuses(card) == {"on": "pass", "near": "near", "behind": "fail", "nobase": "no_data"}
    on = next(r for r in card.results if r.unit == "on")
    assert on.threshold == pytest.approx(50)
    assert on.baseline_period == "2022"


def test_a_strict_target_is_on_track_by_reaching_the_line(tmp_path: Path) -> None:
    # "> 95 by 2025": in the baseline year the line is the unit's own value, which a strict
    # comparison could never meet; on the way, reaching the line is on track.
    indicators = "  - {id: epi, name: EPI, numerator: a, denominator: b, per: 100, target: '> 95', by: '2025', baseline: '2022'}\n"
    plan = plan_with(tmp_path, indicators)
    rows = [("U", "2022", 80, 100), ("U", "2023", 85, 100), ("V", "2022", 80, 100), ("V", "2023", 84, 100)]
    card = run(plan, rows, period="all", periods=True)
    assert {(r.unit, r.period): r.status for r in card.results} == {
        ("U", "2022"): "pass",
        ("V", "2022"): "pass",
        ("U", "2023"): "pass",  # exactly on the line 80 + (95 − 80) × 1/3 = 85
        ("V", "2023"): "fail",
    }


def test_due_period_uses_the_target_itself(tmp_path: Path) -> None:
    indicators = "  - {id: ehr, name: EHR, numerator: a, denominator: b, per: 100, target: '>= 70', by: '2025', baseline: '2022'}\n"
    plan = plan_with(tmp_path, indicators)
    rows = [("U", "2022", 40, 100), ("U", "2025", 69, 100)]
    card = run(plan, rows, periods=True)
    result = card.results[0]
    assert (result.period, result.status, result.threshold) == ("2025", "fail", 70)


def test_a_target_due_later_with_no_line_to_it_is_not_applied_early(tmp_path: Path) -> None:
    """`by:` with no baseline (Hà Nội's check-ups: 100 % from 2022, nothing set for 2021), or a period
    before the baseline: before the due period nothing is judged (no_data, the note says from when);
    from it on the target applies. An override for the period itself still applies early."""
    indicators = (
        "  - {id: chk, name: C, numerator: a, denominator: b, per: 100, target: '>= 100', by: '2022', near: 5}\n"
        "  - {id: ehr, name: E, numerator: a, denominator: b, per: 100, target: '>= 70', by: '2025', baseline: '2022'}\n"
        "  - {id: ovr, name: O, numerator: a, denominator: b, per: 100, target: '>= 100', by: '2022',\n"
        "     overrides: [{period: '2021', target: '>= 80'}]}\n"
    )
    plan = plan_with(tmp_path, indicators)
    rows = [("U", "2021", 91, 100), ("U", "2022", 97, 100), ("V", "2021", 60, 100), ("V", "2022", 100, 100)]
    card = run(plan, rows, period="all", periods=True)
    got = {(r.indicator, r.unit, r.period): r.status for r in card.results}
    assert [got[("chk", u, "2021")] for u in "UV"] == ["no_data", "no_data"]
    assert [got[("chk", u, "2022")] for u in "UV"] == ["near", "pass"]
    assert [got[("ehr", u, "2021")] for u in "UV"] == ["no_data", "no_data"]  # before its baseline
    assert [got[("ovr", u, "2021")] for u in "UV"] == ["pass", "fail"]
    early = next(r for r in card.results if (r.indicator, r.unit, r.period) == ("chk", "U", "2021"))
    assert early.value == pytest.approx(91)  # the figure stays, only unjudged
    assert early.note is not None
    assert early.note.text("en").startswith("the target applies from 2022")
    total = next(t for t in card.totals if (t.indicator, t.period) == ("chk", "2021"))
    assert (total.status, total.value) == ("no_data", pytest.approx(75.5))


def test_data_without_periods_is_the_plans_year_for_period_too(tmp_path: Path) -> None:
    """No period column, a plan for 2024: --period 2024 (or "Năm 2024") scores it; --period 2023 says
    the data is taken to be 2024, not that it has no periods at all."""
    plan = plan_with(tmp_path, one(">= 0.5"), extra="")
    plan = plan.model_copy(update={"plan": plan.plan.model_copy(update={"period": "2024"})})
    rows = [("U", 3, 4), ("V", 1, 4)]
    for given in ("2024", "Năm 2024"):
        assert statuses(run(plan, rows, period=given)) == {"U": "pass", "V": "fail"}
    with pytest.raises(UsageError) as refused:
        run(plan, rows, period="2023")
    assert refused.value.render("en").endswith(
        "the data has no period column, so it is taken to be the plan's period 2024; there is no 2023 in it"
    )


def test_latest_period_by_default_named_or_all(tmp_path: Path) -> None:
    plan = plan_with(tmp_path, one(">= 1"))
    rows = [("U", "2021", 0, 1), ("U", "2022", 2, 1), ("U", "2020", 5, 1)]
    assert run(plan, rows, periods=True).periods == ["2022"]
    assert run(plan, rows, period="2020", periods=True).results[0].status == "pass"
    everything = run(plan, rows, period="all", periods=True)
    assert everything.periods == ["2020", "2021", "2022"]
    assert everything.results_frame["status"].tolist() == ["pass", "fail", "pass"]
    with pytest.raises(UsageError, match="periods found: 2020, 2021, 2022"):
        run(plan, rows, period="2019", periods=True)


def test_a_whole_area_constant_divides_in_the_numerator_and_totals_as_a_share_of_it(tmp_path: Path) -> None:
    plan = plan_with(
        tmp_path,
        "  - {id: x, name: X, numerator: a / children_2021, per: 100, target: '>= 50'}\n",
        "constants: {children_2021: 200}\n",
    )
    card = run(plan, [("Ba Đình", 60, np.nan), ("Đống Đa", 50, np.nan)])
    assert [r.value for r in card.results] == pytest.approx([30, 25])
    total = card.totals_frame.iloc[0]
    assert total["value"] == pytest.approx(55)  # (60 + 50) of the city's 200, not of 2 × 200
    assert total["status"] == "pass"


def test_summary_and_fail_on_levels(tmp_path: Path) -> None:
    plan = plan_with(tmp_path, one(">= 10", near="5%"))
    card = run(plan, [("pass", 10, 1), ("near", 9.6, 1), ("fail", 1, 1), ("none", np.nan, 1)])
    assert card.summary() == {"pass": 1, "near": 1, "fail": 1, "no_data": 1}
    assert card.missed("fail")
    assert card.missed("near")
    assert not card.missed("never")
    only_near = run(plan, [("near", 9.6, 1)])
    assert not only_near.missed("fail")
    assert only_near.missed("near")


def test_change_pct_per_year_strict_target_fails_when_exactly_equal(tmp_path: Path) -> None:
    # Floats give −0.5000000000000004 % a year, which would pass "< −0.5"; exactly it is −0.5.
    plan = plan_with(
        tmp_path,
        "  - {id: tfr, name: TFR, numerator: a, target: {vs: '2022', change_pct_per_year: '< -0.5'}}\n",
    )
    card = run(plan, [("on", "2022", 200, 0), ("on", "2025", 197.014975, 0)], periods=True)
    assert statuses(card) == {"on": "fail"}


def test_relative_target_in_its_own_comparison_period_is_no_data(tmp_path: Path) -> None:
    plan = plan_with(tmp_path, "  - {id: x, name: X, numerator: a, target: {vs: '2020', change: '< 0'}}\n")
    rows = [("U", "2020", 10, 1), ("U", "2021", 9, 1)]
    card = run(plan, rows, period="all", periods=True)
    assert card.results_frame["status"].tolist() == ["no_data", "pass"]
    assert card.results[0].note.key == "vs_not_before"
    assert card.totals[0].status == "no_data"
