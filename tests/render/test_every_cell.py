"""Every cell tells the truth (issue 18): what it was compared with, and what it rests on.

- One target per result: `explain` says what `score` says, for every unit, parent and total of
  every bundled example.
- No line, no verdict: an on-track result without its unit's baseline value is no data, with
  `missing_period` naming the baseline, whether the baseline year is absent or the data has
  no period column at all; never the final target applied early.
- The line, and a total's own target, are in the JSON and shown or marked in every human output.
- Flags: a value computed from suspect data is marked wherever it is shown, and counted.
- Valid ranges: a value outside the plan's range is no data, an error, and out of the totals.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

import healthkpi
from healthkpi.base.text import unit_key
from healthkpi.cli import app
from healthkpi.plan.bundled import bundled_path
from healthkpi.read.columns import PERIOD, UNIT
from healthkpi.render.explain import explain
from healthkpi.scoring.pipeline import RunOptions, gather, load_plan, score_inputs
from tests.conftest import write_plan
from tests.forms import Column, Form
from tests.golden import EXAMPLES
from tests.paths import ROOT

runner = CliRunner()
THANH_HOA = ROOT / "examples" / "thanh-hoa-2021.xlsx"
ON_TRACK = "health_insurance_2025_pct"  # "> 95 by 2025", on track from each district's 2020 value


# --- one target per result ---------------------------------------------------------------


def _number(value: object) -> float | None:
    return None if value is None or value != value else float(value)  # type: ignore[arg-type]


@pytest.mark.parametrize(("name", "data", "extra"), EXAMPLES, ids=[e[0] for e in EXAMPLES])
def test_explain_says_what_score_says_for_every_unit_parent_and_total(name: str, data: list, extra: list) -> None:
    inputs = gather(data, extra[extra.index("-t") + 1] if "-t" in extra else None)
    level = "parent" if "--level" in extra else "unit"
    card = score_inputs(inputs.paths, inputs.plan_path, RunOptions(period="all", level=level)).card
    frames = [(card.results_frame, False), (card.totals_frame, True), (card.subtotals_frame, False)]
    checked = 0
    for frame, is_total in frames:
        for unit in dict.fromkeys(frame["unit"]):
            explained = explain(card, "total" if is_total else unit, None, "en")
            found = {(e.indicator, e.period): e for e in explained.indicators}
            for record in frame[frame["unit"] == unit].to_dict("records"):
                said = found[(record["indicator"], record["period"])]
                assert (said.status, said.target) == (record["status"], str(record["rule"])), (
                    unit,
                    record["indicator"],
                )
                assert said.value == _number(record["value"])
                assert said.line == _number(record["line"])
                assert said.flags == list(record["flags"])
                if is_total or record.get("units_covered") is not None:
                    assert len(said.units_counted) == record["units_covered"]
                checked += 1
    assert checked or name == "hcmc-2023"  # that plan tracks activities only


def test_a_total_is_explained_against_its_own_target() -> None:
    card = _score([ROOT / "examples" / "hcmc-2021.xlsx"])
    (gateway,) = explain(card, "total", "gateway_hospitals_started", "en").indicators
    # the city as a whole is held to total_target ">= 3" (each district to ">= 0"): said once, everywhere
    assert (gateway.target, gateway.target_shown, gateway.status) == (">= 3", "≥ 3", "fail")
    assert gateway.reason == "2 < 3: missed"
    (wards,) = explain(card, "total", "model_wards_ehr", "en").indicators
    assert wards.target == ">= 48"


def test_a_number_in_a_formula_is_explained_as_counted_once_per_unit() -> None:
    card = _score([THANH_HOA])
    (green,) = explain(card, "total", "ttyt_green_score", "en").indicators
    assert green.with_numbers.startswith("Σ ")
    assert "/ Σ 27" in green.with_numbers  # the denominator "1", once for each of 27 districts
    assert green.per_unit is not None
    assert "27 units" in green.per_unit


# --- no line, no verdict ------------------------------------------------------------------


def _score(paths: list[Path], plan: str | Path | None = None, period: str | None = None):
    inputs = gather([str(p) for p in paths], str(plan) if plan else None)
    return score_inputs(inputs.paths, inputs.plan_path, RunOptions(period=period)).card


def _result(card, unit: str, indicator: str = ON_TRACK) -> dict:
    frame = card.results_frame
    same = frame["unit"].map(lambda u: unit_key(u) == unit_key(unit))
    rows = frame[(frame["indicator"] == indicator) & same]
    return rows.to_dict("records")[-1]


def _as_csv(path: Path, period: str, with_period_column: bool) -> Path:
    """The example's districts for one year, as an analyst would export them."""
    plan = load_plan(bundled_path("thanh-hoa-2021"))
    data = score_inputs([THANH_HOA], plan, RunOptions()).data.frame
    rows = data[data[PERIOD] == period]
    variables = [v for v in plan.used_variables if v in rows.columns]
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["Đơn vị", *(["Năm"] if with_period_column else []), *variables])
        for record in rows.to_dict("records"):
            values = ["" if record[v] != record[v] else repr(float(record[v])) for v in variables]
            writer.writerow([record[UNIT], *([period] if with_period_column else []), *values])
    return path


def test_on_track_with_its_baseline_is_judged_against_the_units_line() -> None:
    record = _result(_score([THANH_HOA], "thanh-hoa-2021"), "Mường Lát")
    assert record["status"] == "pass"
    assert record["baseline_period"] == "2020"
    assert record["value"] > 93.0 - 1
    assert record["line"] < record["value"]


@pytest.mark.parametrize("with_period_column", [True, False], ids=["only-2021", "no-period-column"])
def test_on_track_without_the_baseline_is_no_data_naming_the_baseline(tmp_path: Path, with_period_column: bool) -> None:
    path = _as_csv(tmp_path / "2021.csv", "2021", with_period_column)
    card = _score([path], "thanh-hoa-2021")
    record = _result(card, "Mường Lát")
    assert record["status"] == "no_data"  # not "> 95" applied in 2021
    assert record["line"] != record["line"]  # no line drawn
    missing = [i for i in card.issues if i.code == "missing_period" and i.facts.get("indicator") == ON_TRACK]
    assert [i.period for i in missing] == ["2020"]
    assert "2020" in missing[0].message("en")
    plain = _result(card, "Mường Lát", "beds_per_10k")
    assert plain["status"] != "no_data"  # the indicators that need no baseline are scored


def test_the_data_period_comes_from_the_plan_when_the_data_has_no_period_column(tmp_path: Path) -> None:
    card = _score([_as_csv(tmp_path / "x.csv", "2021", False)], "thanh-hoa-2021")
    record = _result(card, "Mường Lát", "beds_per_10k")
    total = card.totals_frame.set_index("indicator").loc[ON_TRACK]
    assert record["status"] in ("pass", "near", "fail")
    assert total["status"] == "no_data"


# --- the line and the total's own target, in every output -------------------------------------


@pytest.fixture(scope="module")
def thanh_hoa_outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    out = tmp_path_factory.mktemp("th")
    args = ["score", str(THANH_HOA), "-t", "thanh-hoa-2021", "--lang", "en", "-q"]
    shown = {}
    for fmt, _name in (("json", "card.json"), ("csv", "card.csv"), ("markdown", "card.md")):
        result = runner.invoke(app, [*args, "-f", fmt], env={"COLUMNS": "200"})
        assert result.exit_code in (0, 1), result.output
        shown[fmt] = result.stdout
    terminal = runner.invoke(app, args[:-1], env={"COLUMNS": "200"})
    shown["table"] = terminal.stdout
    runner.invoke(app, [*args, "-o", str(out / "card.xlsx")])
    runner.invoke(app, ["report", *args[1:], "-o", str(out / "card.html")])
    shown.update(xlsx=out / "card.xlsx", html=out / "card.html")
    return shown


def test_json_carries_the_line_and_the_flags(thanh_hoa_outputs) -> None:
    document = json.loads(thanh_hoa_outputs["json"])
    results = {(r["unit"], r["indicator"]): r for r in document["results"]}
    on_track = results[("Mường Lát", ON_TRACK)]
    assert isinstance(on_track["line"], float)
    assert on_track["line"] < on_track["value"]
    assert results[("Mường Lát", "beds_per_10k")]["line"] is None  # no line: judged against its target
    assert results[("Mường Lát", "doctors_per_10k")]["flags"] == ["not_a_number"]  # "chưa báo cáo" typed
    totals = {t["indicator"]: t for t in document["totals"]}
    # Mường Lát has no value: it is not in the total, which the form's own total row then disagrees with
    assert totals["doctors_per_10k"]["flags"] == ["total_mismatch"]
    assert totals["doctors_per_10k"]["flagged_units"] == 0
    flagged = [t for t in totals.values() if t["flagged_units"]]
    assert flagged
    assert all(t["flags"] for t in flagged)


def test_csv_carries_the_line_and_the_flags(thanh_hoa_outputs) -> None:
    rows = list(csv.DictReader(thanh_hoa_outputs["csv"].splitlines()))
    assert "line" in rows[0]
    assert "flags" in rows[0]
    doctors = next(r for r in rows if r["unit"] == "Mường Lát" and r["indicator"] == "doctors_per_10k")
    assert doctors["flags"] == "not_a_number"
    on_track = next(r for r in rows if r["unit"] == "Mường Lát" and r["indicator"] == ON_TRACK)
    assert float(on_track["line"]) > 0


def test_terminal_and_markdown_mark_the_line_the_flags_and_say_what_the_marks_mean(thanh_hoa_outputs) -> None:
    for text in (thanh_hoa_outputs["table"], thanh_hoa_outputs["markdown"]):
        assert "°" in text
        assert "compared with the unit's own on-track line" in text
        assert "!" in text
        assert "computed from data with issues" in text
    assert "on flagged data" in thanh_hoa_outputs["table"]


def test_excel_comments_say_the_line_and_the_flagged_units(thanh_hoa_outputs) -> None:
    sheet = load_workbook(thanh_hoa_outputs["xlsx"])["Scorecard"]
    comments = [c.comment.text for row in sheet.iter_rows() for c in row if c.comment]
    assert any(text.startswith("compared with its line: ") for text in comments)
    assert any("units in it whose data have issues" in text for text in comments)


def test_a_total_over_only_some_units_is_marked_in_every_human_output(thanh_hoa_outputs) -> None:
    """Thanh Hóa's doctors per 10,000: one district has no value, so the total adds up 26 of 27."""
    card = json.loads(thanh_hoa_outputs["json"])
    doctors = next(t for t in card["totals"] if t["indicator"] == "doctors_per_10k")
    assert (doctors["units_covered"], doctors["units_total"]) == (26, 27)
    for text, near in ((thanh_hoa_outputs["table"], "~"), (thanh_hoa_outputs["markdown"], "\\~")):
        assert f"11.3 {near}†" in text
        assert "† a total over only the units with data" in text
    page = Path(thanh_hoa_outputs["html"]).read_text(encoding="utf-8")
    assert "a total over 26 of 27 units: the others have no value" in page
    sheet = load_workbook(thanh_hoa_outputs["xlsx"])["Scorecard"]
    comments = [c.comment.text for row in sheet.iter_rows() for c in row if c.comment]
    assert any("a total over 26 of 27 units" in text for text in comments)


def test_html_prints_the_line_under_the_value_and_marks_flagged_cells(thanh_hoa_outputs) -> None:
    page = Path(thanh_hoa_outputs["html"]).read_text(encoding="utf-8")
    assert '<span class="ln">' in page
    assert re.search(r'<td class="[pnfx] i"', page)  # a status class and the flag class
    assert "compared with its line" in page


def test_a_totals_own_target_is_shown_in_the_total_row(tmp_path: Path) -> None:
    hcmc = ROOT / "examples" / "hcmc-2021.xlsx"
    table = runner.invoke(app, ["score", str(hcmc), "--lang", "en"], env={"COLUMNS": "250"}).stdout
    total_rows = [line for line in table.splitlines() if "Toàn thành phố" in line or "City" in line]
    assert any("(≥ 48)" in line for line in total_rows)
    out = tmp_path / "card.html"
    runner.invoke(app, ["report", str(hcmc), "--lang", "en", "-q", "-o", str(out)])
    assert "the total against its own target: ≥ 48" in out.read_text(encoding="utf-8")


# --- suspect data, and values no plan allows ------------------------------------------------

PLAN = """\
healthkpi: 1
plan: {id: anc, title: Khám thai, period: "2021"}
variables:
  pregnant: {label: Số phụ nữ có thai}
  antenatal: {label: Số được khám thai đủ 4 lần}
indicators:
  - {id: anc_pct, name: Tỷ lệ khám thai đủ 4 lần, numerator: antenatal, denominator: pregnant, per: 100, unit: "%", target: ">= 90"}
"""
COLUMNS = [Column("pregnant", "Số phụ nữ có thai"), Column("antenatal", "Số được khám thai đủ 4 lần")]
COMMUNES = [("Bản Bo", 120, 110), ("Bản Giang", 95, 88), ("Bản Hon", 130, 120), ("Bình Lư", 140, 1252)]


def _communes(tmp_path: Path, plan_text: str = PLAN):
    plan = healthkpi.load_plan(write_plan(tmp_path, plan_text))
    units = [(name, {"pregnant": p, "antenatal": a}) for name, p, a in COMMUNES]  # Bình Lư: 125 typed 1252
    path = Form(columns=COLUMNS, units=units).write(tmp_path / "xa.xlsx")
    return plan, path, healthkpi.score(plan, healthkpi.read_data(path, plan))


def test_a_mistyped_count_is_flagged_in_its_cell_and_in_the_total(tmp_path: Path) -> None:
    _plan, path, card = _communes(tmp_path)
    record = card.results_frame.set_index("unit").loc["Bình Lư"]
    assert record["value"] == pytest.approx(894.2857142857)
    assert "over_100_percent" in record["flags"]
    total = card.totals_frame.iloc[0]
    assert total["flagged_units"] == 1
    assert "over_100_percent" in total["flags"]
    table = runner.invoke(app, ["score", str(path), "-t", str(tmp_path / "plan.yaml")], env={"COLUMNS": "120"}).stdout
    line = next(line for line in table.splitlines() if "Bình Lư" in line)
    assert "894,3 ✓!" in line
    assert "1 kết quả tính từ số liệu có vấn đề" in table  # Bình Lư; the total is counted with the units' results


def test_a_value_outside_the_valid_range_is_no_data_an_error_and_left_out_of_the_total(tmp_path: Path) -> None:
    ranged = PLAN.replace('target: ">= 90"}', 'target: ">= 90", valid: [0, 100]}')
    _plan, path, card = _communes(tmp_path, ranged)
    record = card.results_frame.set_index("unit").loc["Bình Lư"]
    assert record["status"] == "no_data"
    errors = [i for i in card.issues if i.level == "error" and i.unit == "Bình Lư"]
    assert errors
    assert "outside" in errors[0].message("en")
    total = card.totals_frame.iloc[0]
    assert (total["units_covered"], total["units_total"]) == (3, 4)
    assert total["value"] == pytest.approx(100 * (110 + 88 + 120) / (120 + 95 + 130))
    strict = runner.invoke(app, ["score", str(path), "-t", str(tmp_path / "plan.yaml"), "-q", "--strict"])
    assert strict.exit_code == 2  # an error-level data issue, under --strict


def test_a_variables_valid_range_leaves_the_value_missing(tmp_path: Path) -> None:
    ranged = PLAN.replace(
        "  antenatal: {label: Số được khám thai đủ 4 lần}",
        "  antenatal: {label: Số được khám thai đủ 4 lần, valid: [0, 1000]}",
    )
    _plan, _path, card = _communes(tmp_path, ranged)
    assert card.results_frame.set_index("unit").loc["Bình Lư"]["status"] == "no_data"
    assert card.totals_frame.iloc[0]["units_covered"] == 3


@pytest.mark.parametrize("bad", ["[100, 0]", "[0]", "'0-100'"])
def test_a_valid_range_that_is_no_range_is_refused_by_check(tmp_path: Path, bad: str) -> None:
    ranged = PLAN.replace('target: ">= 90"}', f'target: ">= 90", valid: {bad}}}')
    result = runner.invoke(app, ["check", str(write_plan(tmp_path, ranged))])
    assert result.exit_code == 2
    assert "valid" in result.output
