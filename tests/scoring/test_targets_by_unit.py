"""Targets that differ by unit and period (overrides, the annex) and `healthkpi explain`."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook
from typer.testing import CliRunner

import healthkpi
from healthkpi.base.errors import PlanError
from healthkpi.cli import app
from healthkpi.read.dataset import DataSet
from tests.conftest import write_plan
from tests.forms import beds_form
from tests.paths import ROOT

runner = CliRunner()

PLAN = """\
healthkpi: 1
plan: {id: annex-test, title: Thử phụ lục, period: "2021", total_label: Toàn tỉnh}
variables:
  population: {label: Dân số, aliases: [Dân số trung bình, population]}
  hospital_beds: {label: Giường bệnh, aliases: [beds]}
  doctors: {label: Bác sỹ}
indicators:
  - id: beds_per_10k
    name: Giường bệnh/vạn dân
    numerator: hospital_beds
    denominator: population
    per: 10000
    target: ">= 36.5"
    near: 5%
    source: Mục II.3
"""
OVERRIDES = """\
    overrides:
      - {unit: Mường Lát, target: ">= 20", source: "Phụ lục 1, dòng 3"}
      - {period: "2022", target: ">= 40", source: "Lộ trình năm 2022"}
      - {unit: Mường Lát, period: "2022", target: ">= 25"}
"""


def scored(tmp_path: Path, plan_text: str, rows: list[tuple], period: str | None = "all"):
    plan = healthkpi.load_plan(write_plan(tmp_path, plan_text))
    frame = pd.DataFrame(rows, columns=["unit", "period", "population", "hospital_beds"])
    return healthkpi.score(plan, DataSet.from_frame(frame, plan, period="period"), period)


def applied(card) -> dict[tuple[str, str], tuple[str, str, str]]:
    return {(r.unit, r.period): (r.target, r.target_source, r.status) for r in card.results}


def test_most_specific_target_wins(tmp_path: Path) -> None:
    rows = [
        ("Mường Lát", "2021", 100_000, 210),
        ("Mường Lát", "2022", 100_000, 260),
        ("Hà Trung", "2021", 100_000, 370),
        ("Hà Trung", "2022", 100_000, 390),
    ]
    card = scored(tmp_path, PLAN + OVERRIDES, rows)
    assert applied(card) == {
        ("Mường Lát", "2021"): (">= 20", "override: Phụ lục 1, dòng 3", "pass"),
        ("Mường Lát", "2022"): (">= 25", "override: indicators[beds_per_10k].overrides[2]", "pass"),
        ("Hà Trung", "2021"): (">= 36.5", "indicator", "pass"),
        ("Hà Trung", "2022"): (">= 40", "override: Lộ trình năm 2022", "near"),
    }
    assert {t.target for t in card.totals} == {">= 36.5"}  # totals use the indicator's own target


def write_annex_xlsx(path: Path, rows: list[tuple[object, ...]]) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "Phụ lục"
    ws.append(["PHỤ LỤC GIAO CHỈ TIÊU NĂM 2021 (số liệu minh họa)"])
    ws.append([])
    ws.append(["STT", "Đơn vị\n(huyện)", "Mã chỉ tiêu", "Năm", "Chỉ tiêu giao"])
    for n, row in enumerate(rows, start=1):
        ws.append([n, *row])
    ws.append([])
    ws.append(["", "Người lập biểu"])
    wb.save(path)
    return path


def test_annex_workbook_with_quirks(tmp_path: Path) -> None:
    nfd = unicodedata.normalize("NFD", "Mường Lát")
    write_annex_xlsx(
        tmp_path / "phu-luc.xlsx",
        [(nfd, "beds_per_10k", 2021, "20,5"), ("HÀ TRUNG", "Giường bệnh/vạn dân", "", ">= 38")],
    )
    plan_text = PLAN + "unit_targets: phu-luc.xlsx\n"
    card = scored(tmp_path, plan_text, [("Mường Lát", "2021", 100_000, 206), ("Hà Trung", "2021", 100_000, 370)])
    assert applied(card) == {
        ("Mường Lát", "2021"): (">= 20.5", "annex: phu-luc.xlsx row 4", "pass"),
        ("Hà Trung", "2021"): (">= 38", "annex: phu-luc.xlsx row 5", "near"),
    }


def test_annex_csv_and_override_beats_annex(tmp_path: Path) -> None:
    (tmp_path / "annex.csv").write_text("unit,indicator,target\nMường Lát,beds_per_10k,22\n", encoding="utf-8")
    card = scored(tmp_path, PLAN + OVERRIDES + "unit_targets: annex.csv\n", [("Mường Lát", "2021", 100_000, 210)])
    assert applied(card)[("Mường Lát", "2021")][:2] == (">= 20", "override: Phụ lục 1, dòng 3")


def test_unknown_indicator_in_the_annex_is_a_plan_error(tmp_path: Path) -> None:
    (tmp_path / "annex.csv").write_text("unit,indicator,target\nMường Lát,beds_per_10kk,22\n", encoding="utf-8")
    with pytest.raises(PlanError) as caught:
        healthkpi.load_plan(write_plan(tmp_path, PLAN + "unit_targets: annex.csv\n"))
    assert "annex.csv row 2: no indicator 'beds_per_10kk' in the plan; did you mean 'beds_per_10k'?" in str(
        caught.value
    )


def test_malformed_target_in_the_annex_is_exit_2_naming_the_cell(tmp_path: Path) -> None:
    write_annex_xlsx(tmp_path / "phu-luc.xlsx", [("Mường Lát", "beds_per_10k", 2021, "khoảng 20")])
    plan_path = write_plan(tmp_path, PLAN + "unit_targets: phu-luc.xlsx\n")
    data = beds_form().write(tmp_path / "d.xlsx")
    result = runner.invoke(app, ["score", str(data), "-t", str(plan_path), "--lang", "en"])
    assert result.exit_code == 2
    assert "Phụ lục!E4: 'khoảng 20' is not a target" in result.stderr


def test_unit_in_the_annex_absent_from_the_data_is_missing_unit(tmp_path: Path) -> None:
    (tmp_path / "annex.csv").write_text("unit,indicator,target\nQuan Sơn,beds_per_10k,22\n", encoding="utf-8")
    card = scored(tmp_path, PLAN + "unit_targets: annex.csv\n", [("Mường Lát", "2021", 100_000, 210)])
    [issue] = [i for i in card.issues if i.code == "missing_unit"]
    assert (issue.unit, issue.where) == ("Quan Sơn", "annex.csv row 2")
    assert "Quan Sơn has its own target (beds_per_10k) but is not in the data" in issue.message("en")


def test_on_track_line_uses_the_units_own_target(tmp_path: Path) -> None:
    plan_text = (
        PLAN.replace('period: "2021"', 'period: "2022-2025"').replace(
            '    target: ">= 36.5"', '    target: ">= 36.5"\n    by: "2025"\n    baseline: "2022"'
        )
        + '    overrides:\n      - {unit: Mường Lát, target: ">= 26"}\n'
    )
    rows = [
        ("Mường Lát", "2022", 100_000, 200),
        ("Mường Lát", "2023", 100_000, 220),
        ("Hà Trung", "2022", 100_000, 300),
        ("Hà Trung", "2023", 100_000, 320),
    ]
    card = scored(tmp_path, plan_text, rows, period="2023")
    thresholds = {r.unit: r.threshold for r in card.results}
    assert thresholds["Mường Lát"] == pytest.approx(20 + (26 - 20) / 3)  # 22: from its own 20 to its own 26
    assert thresholds["Hà Trung"] == pytest.approx(30 + (36.5 - 30) / 3)


def test_outputs_carry_target_source_and_the_terminal_a_footnote(tmp_path: Path) -> None:
    plan_path = write_plan(
        tmp_path,
        PLAN.replace(
            "    source: Mục II.3\n",
            '    source: Mục II.3\n    overrides:\n      - {unit: Mường Lát, target: ">= 20"}\n',
        ),
    )
    data = beds_form().write(tmp_path / "d.xlsx")
    document = json.loads(runner.invoke(app, ["score", str(data), "-t", str(plan_path), "--format", "json"]).stdout)
    sources = {r["unit"]: r["target_source"] for r in document["results"]}
    assert sources == {
        "Thọ Xuân": "indicator",
        "Hà Trung": "indicator",
        "Mường Lát": "override: indicators[beds_per_10k].overrides[0]",
    }
    table = runner.invoke(
        app, ["score", str(data), "-t", str(plan_path), "--lang", "en"], env={"COLUMNS": "160"}
    ).stdout
    assert "25.0 ✓*" in table
    assert "* the unit's own target" in table
    csv_text = runner.invoke(app, ["score", str(data), "-t", str(plan_path), "--format", "csv"]).stdout
    assert "Mường Lát,2021,beds_per_10k,25,100,40000,>= 20,pass" in csv_text


def test_extends_a_bundled_plan_with_an_annex(tmp_path: Path) -> None:
    (tmp_path / "annex.csv").write_text("đơn vị,chỉ tiêu,chỉ tiêu giao\nMường Lát,beds_per_10k,20\n", encoding="utf-8")
    plan = healthkpi.load_plan(write_plan(tmp_path, "healthkpi: 1\nextends: thanh-hoa-2021\nunit_targets: annex.csv\n"))
    assert plan.id == "thanh-hoa-2021"
    assert len(plan.indicators) > 7
    assert [(e.unit, e.indicator, str(e.target)) for e in plan.annex] == [("Mường Lát", "beds_per_10k", ">= 20")]


# --- explain ------------------------------------------------------------------------------------


def explain(tmp_path: Path, plan_text: str, rows: list[tuple], *args: str) -> str:
    plan_path = write_plan(tmp_path, plan_text)
    path = tmp_path / "data.csv"
    pd.DataFrame(rows, columns=["Đơn vị", "Năm", "Dân số", "Giường bệnh"]).to_csv(path, index=False)
    result = runner.invoke(
        app, ["explain", str(path), "-t", str(plan_path), "--lang", "en", *args], env={"COLUMNS": "200"}
    )
    assert result.exit_code == 0, result.output
    return result.stdout


def test_explain_a_plain_result(tmp_path: Path) -> None:
    out = explain(tmp_path, PLAN, [("Hà Trung", 2021, "120.000", 438)], "--unit", "ha trung")
    assert re.search(r'data!C2 +Dân số \(population\) +120,000 "120.000"', out)
    assert "= 438 / 120,000 × 10,000 = 36.5" in out
    assert "Status: Met — 36.5 ≥ 36.5: met" in out
    assert "Source: Mục II.3" in out


def test_explain_a_relative_result(tmp_path: Path) -> None:
    plan_text = PLAN.replace('    target: ">= 36.5"', '    target: {vs: "2020", change_pct: ">= 5"}')
    out = explain(tmp_path, plan_text, [("A", 2020, 100_000, 300), ("A", 2021, 100_000, 318)], "--unit", "A")
    assert "Baseline 2020: 30" in out
    assert "Status: Met — % change +6.0% ≥ 5%: met" in out


def test_explain_an_on_track_result(tmp_path: Path) -> None:
    plan_text = PLAN.replace('period: "2021"', 'period: "2022-2025"').replace(
        '    target: ">= 36.5"', '    target: ">= 50"\n    by: "2025"\n    baseline: "2022"'
    )
    out = explain(tmp_path, plan_text, [("A", 2022, 100_000, 200), ("A", 2023, 100_000, 280)], "--unit", "A")
    assert "Baseline 2022: 20; on-track line for this period: 30" in out  # 20 + (50 − 20) × 1/3
    assert "Status: Missed — 28.0 < 30: missed" in out


def test_explain_the_total_lists_units_counted_and_left_out(tmp_path: Path) -> None:
    rows = [("A", 2021, 100_000, 300), ("B", 2021, 50_000, 200), ("C", 2021, "", 90)]
    out = explain(tmp_path, PLAN, rows, "--unit", "total", "--format", "json")
    [item] = json.loads(out)["indicators"]
    assert item["units_counted"] == ["A", "B"]
    assert item["units_left_out"] == [{"unit": "C", "why": "missing population"}]
    assert item["with_numbers"].startswith("500 / 150,000 × 10,000 = 33.3333333333")
    assert (item["status"], item["reason"]) == ("fail", "33.3 < 36.5: missed")


def test_explain_an_unknown_unit_lists_the_closest(tmp_path: Path) -> None:
    plan_path = write_plan(tmp_path, PLAN)
    data = beds_form().write(tmp_path / "d.xlsx")
    result = runner.invoke(app, ["explain", str(data), "-t", str(plan_path), "--unit", "Muong Lat X"])
    assert result.exit_code == 2
    assert "--unit Muong Lat X: không có đơn vị này trong số liệu; gần nhất: Mường Lát" in result.stderr
    english = runner.invoke(app, ["explain", str(data), "-t", str(plan_path), "-u", "Muong Lat X", "--lang", "en"])
    assert "--unit Muong Lat X: no such unit in the data; closest: Mường Lát" in english.stderr


def test_the_thanh_hoa_example_uses_its_annex_with_no_flag() -> None:
    """examples/healthkpi.yaml extends the bundled plan with the annex; `score` finds it beside the workbook."""
    root = ROOT
    done = subprocess.run(
        [sys.executable, "-m", "healthkpi", "score", str(root / "examples" / "thanh-hoa-2021.xlsx"), "-f", "json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    results = json.loads(done.stdout)["results"]
    muong_lat = next(r for r in results if r["unit"] == "Mường Lát" and r["indicator"] == "beds_per_10k")
    assert (muong_lat["target"], muong_lat["target_source"]) == (">= 25", "annex: thanh-hoa-2021-annex.xlsx row 9")
    assert muong_lat["status"] == "pass"
    # the JSON field stays as it is; explain says it in the reader's language
    args = ["explain", str(root / "examples" / "thanh-hoa-2021.xlsx"), "-u", "Mường Lát", "-i", "beds_per_10k"]
    explained = subprocess.run(
        [sys.executable, "-m", "healthkpi", *args],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "COLUMNS": "120"},
    )
    assert "Mục tiêu áp dụng: ≥ 25 (phụ lục: thanh-hoa-2021-annex.xlsx dòng 9)" in explained.stdout


def test_a_range_from_the_annex_on_an_on_track_indicator_is_scored_as_a_range(tmp_path: Path) -> None:
    """A unit's own `between` target has no single edge to draw a line to: it applies as it is."""
    (tmp_path / "annex.csv").write_text("unit,indicator,target\nMường Lát,beds_per_10k,between 20 and 30\n")
    text = PLAN.replace('    target: ">= 36.5"', '    target: ">= 36.5"\n    by: "2025"\n    baseline: "2020"')
    assert text != PLAN
    rows = [("Mường Lát", "2020", 100_000, 150), ("Mường Lát", "2021", 100_000, 250), ("Hà Trung", "2020", 100_000, 300),
            ("Hà Trung", "2021", 100_000, 320)]  # fmt: skip
    card = scored(tmp_path, text + "unit_targets: annex.csv\n", rows, period="2021")
    assert applied(card)[("Mường Lát", "2021")] == ("between 20 and 30", "annex: annex.csv row 2", "pass")
    ha_trung = next(r for r in card.results if r.unit == "Hà Trung")
    assert ha_trung.threshold == pytest.approx(30 + (36.5 - 30) / 5)  # its own line from 2020


def test_own_targets_are_marked_in_markdown_and_html(tmp_path: Path) -> None:
    (tmp_path / "annex.csv").write_text("unit,indicator,target\nMường Lát,beds_per_10k,20\n", encoding="utf-8")
    plan_path = write_plan(tmp_path, PLAN + "unit_targets: annex.csv\n")
    data = beds_form().write(tmp_path / "huyen.xlsx")
    markdown = CliRunner().invoke(app, ["score", str(data), "-t", str(plan_path), "-f", "markdown"]).stdout
    [row] = [line for line in markdown.splitlines() if line.startswith("| Mường Lát |")]
    assert "\\*" in row.split("|")[2]  # the beds cell carries the escaped mark
    assert "\\* " in markdown  # and the footnote explains it
    CliRunner().invoke(app, ["report", str(data), "-t", str(plan_path), "-o", str(tmp_path / "r.html"), "-q"])
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert len(re.findall(r"[✓~✗–]\*</td>", html)) == 1  # Mường Lát's beds only
