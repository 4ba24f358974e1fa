"""Parents (subtotals, --level parent) and units that change (the unit map)."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook, load_workbook
from typer.testing import CliRunner

import healthkpi
from healthkpi.base.errors import PlanError
from healthkpi.base.text import unit_key
from healthkpi.cli import app
from healthkpi.read.dataset import DataSet
from tests.conftest import write_plan

runner = CliRunner()

PLAN = """\
healthkpi: 1
plan: {id: xa-test, title: Thử cấp xã, period: "2020-2025", total_label: Toàn tỉnh}
variables:
  children: {label: Số trẻ dưới 1 tuổi}
  immunised: {label: Số trẻ tiêm chủng đầy đủ}
indicators:
  - id: epi_pct
    name: Tỷ lệ tiêm chủng đầy đủ
    numerator: immunised
    denominator: children
    per: 100
    unit: "%"
    target: ">= 90"
    near: 2
"""


def commune_form(path: Path, rows: list[tuple[str, str, str, object, object]], parent_header: str = "Huyện") -> Path:
    """A commune form with a parent column whose cells are merged down each district, as offices do."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Số liệu"
    ws.append(["BÁO CÁO TIÊM CHỦNG (số liệu minh họa)"])
    ws.append(["STT", parent_header, "Xã", "Năm", "Số trẻ dưới 1 tuổi", "Số trẻ tiêm chủng đầy đủ"])
    previous, start = None, 3
    for n, (parent, commune, year, children, immunised) in enumerate(rows, start=1):
        r = n + 2
        ws.append([n, parent if parent != previous else None, commune, year, children, immunised])
        if parent != previous:
            if previous is not None and r - 1 > start:
                ws.merge_cells(start_row=start, start_column=2, end_row=r - 1, end_column=2)
            previous, start = parent, r
    wb.save(path)
    return path


ROWS = [
    ("Huyện A", "Xã A1", "2021", 100, 95),
    ("Huyện A", "Xã A2", "2021", 300, 240),
    ("Huyện A", "Xã A3", "2021", 50, None),  # did not report: left out of both sums
    ("Huyện B", "Xã B1", "2021", 200, 190),
]


def test_subtotals_are_ratios_of_sums_over_children(tmp_path: Path) -> None:
    plan = healthkpi.load_plan(write_plan(tmp_path, PLAN))
    card = healthkpi.score(plan, healthkpi.read_data(commune_form(tmp_path / "xa.xlsx", ROWS), plan))
    subtotals = {s.unit: s for s in card.subtotals}
    a, b = subtotals["Huyện A"], subtotals["Huyện B"]
    assert (
        Fraction(a.value).limit_denominator(1000) == Fraction(95 + 240, 100 + 300) * 100
    )  # not the mean of 95% and 80%
    assert (a.units_covered, a.units_total, a.status) == (2, 3, "fail")
    assert (b.value, b.units_covered, b.status) == (95, 1, "pass")
    assert card.totals[0].value == pytest.approx((95 + 240 + 190) / (100 + 300 + 200) * 100)


def test_subtotals_in_every_output(tmp_path: Path) -> None:
    plan_path = write_plan(tmp_path, PLAN)
    data = commune_form(tmp_path / "xa.xlsx", ROWS)
    document = json.loads(runner.invoke(app, ["score", str(data), "-t", str(plan_path), "--format", "json"]).stdout)
    assert [(s["unit"], s["units_covered"]) for s in document["subtotals"]] == [("Huyện A", 2), ("Huyện B", 1)]
    table = runner.invoke(app, ["score", str(data), "-t", str(plan_path)], env={"COLUMNS": "120"}).stdout
    assert table.index("  Xã A2") < table.index("Σ Huyện A") < table.index("  Xã B1") < table.index("Σ Huyện B")
    csv_text = runner.invoke(app, ["score", str(data), "-t", str(plan_path), "--format", "csv"]).stdout
    assert [line.split(",")[0] for line in csv_text.splitlines() if line.endswith(",subtotal")] == [
        "Huyện A",
        "Huyện B",
    ]
    markdown = runner.invoke(app, ["score", str(data), "-t", str(plan_path), "--format", "markdown"]).stdout
    assert "| *Σ Huyện A* |" in markdown
    html = tmp_path / "r.html"
    runner.invoke(app, ["report", str(data), "-t", str(plan_path), "-o", str(html), "-q"])
    assert '<th class="u">Σ Huyện B</th>' in html.read_text(encoding="utf-8")
    out = tmp_path / "card.xlsx"
    runner.invoke(app, ["score", str(data), "-t", str(plan_path), "-o", str(out), "-q"])
    sheet = load_workbook(out)["Bảng điểm"]
    levels = {sheet.cell(r, 1).value: sheet.row_dimensions[r].outline_level for r in range(6, 13)}
    assert (levels["Xã A1"], levels["Huyện A"]) == (1, 0)  # units fold under their parent


def test_level_parent_scores_the_parents(tmp_path: Path) -> None:
    plan_path = write_plan(tmp_path, PLAN)
    data = commune_form(tmp_path / "xa.xlsx", ROWS)
    result = runner.invoke(app, ["score", str(data), "-t", str(plan_path), "--level", "parent", "--format", "json"])
    document = json.loads(result.stdout)
    assert [(r["unit"], r["status"], r["units_covered"], r["units_total"]) for r in document["results"]] == [
        ("Huyện A", "fail", 2, 3),
        ("Huyện B", "pass", 1, 1),
    ]
    assert result.exit_code == 1


def test_level_parent_keeps_its_coverage_in_a_long_json(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A national run's JSON is streamed a result a line (render/jsondoc.py): the parents' results
    there carry the same fields as in a short document (units covered, flagged)."""
    plan_path = write_plan(tmp_path, PLAN)
    data = commune_form(tmp_path / "xa.xlsx", ROWS)
    arguments = ["score", str(data), "-t", str(plan_path), "--level", "parent", "--format", "json"]
    short = json.loads(runner.invoke(app, arguments).stdout)
    monkeypatch.setattr("healthkpi.render.jsondoc.READABLE_RESULTS", 1)
    streamed = json.loads(runner.invoke(app, arguments).stdout)
    assert streamed["results"] == short["results"]
    assert {"units_covered", "units_total", "flagged_units"} <= set(streamed["results"][0])


def test_hierarchy_file_and_parent_issues(tmp_path: Path) -> None:
    (tmp_path / "cap-tren.csv").write_text(
        "Xã,Khu vực\nXã A1,Khu vực Bắc\nXã A2,KHU VỰC BẮC\nXã B1,Khu vực Nam\n", encoding="utf-8"
    )
    plan = healthkpi.load_plan(write_plan(tmp_path, PLAN + "hierarchy: cap-tren.csv\n"))
    rows = [(None, name, year, c, i) for _p, name, year, c, i in ROWS]
    wb_path = commune_form(tmp_path / "xa.xlsx", rows, parent_header="Ghi chú")
    card = healthkpi.score(plan, healthkpi.read_data(wb_path, plan))
    assert {s.unit for s in card.subtotals} == {"Khu vực Bắc", "Khu vực Nam"}
    messages = [i.message("en") for i in card.issues]
    assert any("Xã A3 has no parent" in m for m in messages)
    assert any("a parent is written in several ways: Khu vực Bắc / KHU VỰC BẮC" in m for m in messages)


# --- units that change ------------------------------------------------------------------------------

MAP_ROWS = [
    ("Xã A1", "Xã An Phú", "", "2025"),
    ("Xã A2", "Xã An Phú", "", "2025"),
    ("Xã B1", "Xã Bình Minh", "", "2025"),
    ("Xã C1", "Xã An Phú", "0,4", "2025"),  # a commune split between two new ones
    ("Xã C1", "Xã Bình Minh", "0,6", "2025"),
]


def write_map(path: Path, rows: list[tuple[str, str, str, str]]) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.append(["BẢNG CHUYỂN ĐỔI ĐƠN VỊ HÀNH CHÍNH (minh họa)"])
    ws.append(["Đơn vị cũ", "Đơn vị mới", "Tỷ lệ", "Từ năm"])
    for row in rows:
        ws.append(list(row))
    wb.save(path)
    return path


def data_before_and_after(path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.append(["Xã", "Năm", "Số trẻ dưới 1 tuổi", "Số trẻ tiêm chủng đầy đủ"])
    for row in [
        ("Xã A1", 2020, 100, 80), ("Xã A2", 2020, 200, 170), ("Xã B1", 2020, 150, 120), ("Xã C1", 2020, 50, 40),
        ("Xã An Phú", 2025, 330, 306), ("Xã Bình Minh", 2025, 185, 160),
    ]:  # fmt: skip
        ws.append(list(row))
    wb.save(path)
    return path


def test_unit_map_rolls_old_units_into_new_ones_for_a_relative_target(tmp_path: Path) -> None:
    write_map(tmp_path / "map.xlsx", MAP_ROWS)
    text = PLAN.replace('    target: ">= 90"', '    target: {vs: "2020", change: ">= 10"}') + "unit_map: map.xlsx\n"
    plan = healthkpi.load_plan(write_plan(tmp_path, text))
    data = healthkpi.read_data(data_before_and_after(tmp_path / "d.xlsx"), plan)
    card = healthkpi.score(plan, data)
    results = {r.unit: r for r in card.results}
    # An Phú in 2020 = A1 + A2 + 0.4 × C1: (80 + 170 + 16) / (100 + 200 + 20) → 83.125 %; 2025: 306/330
    an_phu = results["Xã An Phú"]
    assert Fraction(an_phu.baseline_value).limit_denominator(10**6) == Fraction(266, 320) * 100
    assert an_phu.change == pytest.approx(306 / 330 * 100 - 266 / 320 * 100)
    assert an_phu.status == "near"  # +9.6 points: short of +10, within the plan's near band of 2
    binh_minh = results["Xã Bình Minh"]
    assert Fraction(binh_minh.baseline_value).limit_denominator(10**6) == Fraction(120 + 24, 150 + 30) * 100
    assert data.composition[(unit_key("Xã An Phú"), "2020")] == [("Xã A1", 1.0), ("Xã A2", 1.0), ("Xã C1", 0.4)]


def test_unit_map_on_an_on_track_line_and_explain_lists_the_old_units(tmp_path: Path) -> None:
    write_map(tmp_path / "map.xlsx", MAP_ROWS)
    text = (
        PLAN.replace('    target: ">= 90"', '    target: ">= 95"\n    by: "2026"\n    baseline: "2020"')
        + "unit_map: map.xlsx\n"
    )
    plan_path = write_plan(tmp_path, text)
    data_path = data_before_and_after(tmp_path / "d.xlsx")
    plan = healthkpi.load_plan(plan_path)
    card = healthkpi.score(plan, healthkpi.read_data(data_path, plan))
    an_phu = next(r for r in card.results if r.unit == "Xã An Phú")
    base = Fraction(266, 320) * 100
    assert Fraction(an_phu.threshold).limit_denominator(10**6) == base + (95 - base) * Fraction(5, 6)
    out = runner.invoke(
        app,
        ["explain", str(data_path), "-t", str(plan_path), "--unit", "an phu", "--lang", "en"],
        env={"COLUMNS": "200"},
    ).stdout
    assert "rolled up from the old units: Xã A1, Xã A2, Xã C1 × 0.4" in out


def test_shares_that_do_not_add_up_to_one_are_a_plan_error(tmp_path: Path) -> None:
    write_map(
        tmp_path / "map.xlsx",
        [*MAP_ROWS[:3], ("Xã C1", "Xã An Phú", "0,4", "2025"), ("Xã C1", "Xã Bình Minh", "0,5", "2025")],
    )
    with pytest.raises(PlanError) as caught:
        healthkpi.load_plan(write_plan(tmp_path, PLAN + "unit_map: map.xlsx\n"))
    assert "the shares of 'Xã C1' add up to 0.9, not 1 (map.xlsx row 6, map.xlsx row 7)" in str(caught.value)


def test_unit_in_neither_side_of_the_map_and_a_new_unit_with_no_old_units(tmp_path: Path) -> None:
    write_map(tmp_path / "map.xlsx", MAP_ROWS[:3])
    text = PLAN.replace('    target: ">= 90"', '    target: {vs: "2020", change: ">= 10"}')
    plan_path = write_plan(tmp_path, text)
    data_path = tmp_path / "d.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.append(["Xã", "Năm", "Số trẻ dưới 1 tuổi", "Số trẻ tiêm chủng đầy đủ"])
    for row in [
        ("Xã A1", 2020, 100, 80),
        ("Xã Lạ", 2020, 10, 9),
        ("Xã An Phú", 2025, 300, 280),
        ("Xã Bình Minh", 2025, 185, 160),
    ]:
        ws.append(list(row))
    wb.save(data_path)
    result = runner.invoke(
        app,
        [
            "score",
            str(data_path),
            "-t",
            str(plan_path),
            "--unit-map",
            str(tmp_path / "map.xlsx"),
            "--format",
            "json",
            "--lang",
            "en",
        ],
    )
    document = json.loads(result.stdout)
    assert any(i["code"] == "missing_unit" and i["unit"] == "Xã Lạ" for i in document["issues"])
    binh_minh = next(r for r in document["results"] if r["unit"] == "Xã Bình Minh")
    assert binh_minh["status"] == "no_data"
    assert binh_minh["note"] == "no value for 2020: the unit map rolls no old unit into this one for that period"


def test_a_parent_with_its_own_target_in_the_annex(tmp_path: Path) -> None:
    (tmp_path / "annex.csv").write_text("unit,indicator,target\nHuyện A,epi_pct,>= 80\n", encoding="utf-8")
    plan = healthkpi.load_plan(write_plan(tmp_path, PLAN + "unit_targets: annex.csv\n"))
    card = healthkpi.score(plan, healthkpi.read_data(commune_form(tmp_path / "xa.xlsx", ROWS), plan))
    huyen_a = next(s for s in card.subtotals if s.unit == "Huyện A")
    assert (huyen_a.target, huyen_a.status) == (">= 80", "pass")  # 335 / 400 = 83.75 %
    assert not [i for i in card.issues if i.code == "missing_unit"]  # a parent is not a missing unit


def test_total_target_holds_for_the_whole_not_for_each_parent(tmp_path: Path) -> None:
    counts = PLAN + (
        "  - {id: immunised_count, name: Số trẻ tiêm đủ, numerator: immunised, target: '>= 100', total_target: '>= 500'}\n"
    )
    plan = healthkpi.load_plan(write_plan(tmp_path, counts))
    card = healthkpi.score(plan, healthkpi.read_data(commune_form(tmp_path / "xa.xlsx", ROWS), plan))
    by_unit = {(s.unit, s.indicator): (s.target, s.status) for s in [*card.subtotals, *card.totals]}
    assert by_unit[("Huyện A", "immunised_count")] == (">= 100", "pass")  # 335: the unit rule
    assert by_unit[("Toàn tỉnh", "immunised_count")] == (">= 500", "pass")  # 525: the plan's figure for the whole


@pytest.mark.parametrize(("first", "second"), [("40%", "60%"), ("40", "60"), ("0,4", "0,6"), ("0.4", "60 %")])
def test_shares_written_as_percentages_or_fractions(tmp_path: Path, first: str, second: str) -> None:
    write_map(
        tmp_path / "map.xlsx",
        [*MAP_ROWS[:3], ("Xã C1", "Xã An Phú", first, "2025"), ("Xã C1", "Xã Bình Minh", second, "2025")],
    )
    plan = healthkpi.load_plan(write_plan(tmp_path, PLAN + "unit_map: map.xlsx\n"))
    shares = {e.new: e.share for e in plan.units_map.entries if e.old == "Xã C1"}
    assert shares == {"Xã An Phú": Fraction(2, 5), "Xã Bình Minh": Fraction(3, 5)}


def test_one_percent_is_a_hundredth(tmp_path: Path) -> None:
    write_map(tmp_path / "map.xlsx", [("Xã C1", "Xã An Phú", "1%", "2025"), ("Xã C1", "Xã Bình Minh", "99%", "2025")])
    plan = healthkpi.load_plan(write_plan(tmp_path, PLAN + "unit_map: map.xlsx\n"))
    assert sorted(e.share for e in plan.units_map.entries) == [Fraction(1, 100), Fraction(99, 100)]


def test_an_old_name_after_the_change_is_rolled_in_and_reported(tmp_path: Path) -> None:
    write_map(tmp_path / "map.xlsx", MAP_ROWS[:3])
    plan = healthkpi.load_plan(write_plan(tmp_path, PLAN + "unit_map: map.xlsx\n"))
    frame = pd.DataFrame(
        [("Xã An Phú", "2025", 300, 280), ("Xã B1", "2025", 150, 140)],  # Xã B1 kept its old name on the 2025 form
        columns=["unit", "period", "children", "immunised"],
    )
    card = healthkpi.score(plan, DataSet.from_frame(frame, plan, period="period"))
    assert [r.unit for r in card.results] == ["Xã An Phú", "Xã Bình Minh"]
    [issue] = [i for i in card.issues if i.template == "old_name_after_map"]
    assert "Xã B1 reports 2025 under its old name" in issue.message("en")
    assert "rolled into Xã Bình Minh" in issue.message("en")
