"""Data-quality checks: each one triggered by a workbook that has the flaw, and silent on one that does not."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

import healthkpi
from healthkpi.cli import app
from healthkpi.plan.schema import Plan
from tests.conftest import write_plan
from tests.forms import Column, Form

runner = CliRunner()

PLAN = """\
healthkpi: 1
plan: {id: dq, title: Kiểm tra chất lượng số liệu, period: "2021"}
variables:
  children_under_1: {label: Số trẻ dưới 1 tuổi, aliases: [Trẻ dưới 1 tuổi]}
  immunised: {label: Số trẻ tiêm chủng đầy đủ, aliases: [Tiêm chủng đầy đủ]}
  boys: {label: Số trẻ sinh ra là bé trai, aliases: [Nam]}
  girls: {label: Số trẻ sinh ra là bé gái, aliases: [Nữ]}
  score: {label: Điểm Xanh - Sạch - Đẹp, kind: value}
indicators:
  - {id: epi_pct, name: Tỷ lệ tiêm chủng đầy đủ, numerator: immunised, denominator: children_under_1, per: 100, unit: "%", target: "> 95"}
  - {id: sex_ratio_at_birth, name: Tỷ số giới tính khi sinh, numerator: boys, denominator: girls, per: 100, unit: bé trai/100 bé gái, target: "<= 113.5"}
  - {id: green_score, name: Điểm Xanh - Sạch - Đẹp, numerator: score, target: ">= 85"}
checks:
  - immunised <= children_under_1
"""
COLUMNS = [
    Column("children_under_1", "Trẻ dưới 1 tuổi"),
    Column("immunised", "Tiêm chủng đầy đủ"),
    Column("boys", "Nam", group="Số trẻ sinh ra"),
    Column("girls", "Nữ", group="Số trẻ sinh ra"),
    Column("score", "Điểm Xanh - Sạch - Đẹp"),
]
NAMES = ["Bản Bo", "Bản Giang", "Bản Hon", "Bình Lư", "Giang Ma", "Hồ Thầu", "Khun Há", "Nà Tăm"]


def clean_units() -> list[tuple[str, dict[str, object]]]:
    """Eight communes with ordinary, consistent figures: no check fires."""
    return [
        (
            name,
            {
                "children_under_1": 200 + 10 * i,
                "immunised": 192 + 10 * i,
                "boys": 104 + i,
                "girls": 100 + i,
                "score": 86 + i % 3,
            },
        )
        for i, name in enumerate(NAMES)
    ]


def run(
    tmp_path: Path,
    units: list[tuple[str, dict[str, object]]],
    plan_text: str = PLAN,
    **form: object,
):
    plan = healthkpi.load_plan(write_plan(tmp_path, plan_text))
    path = Form(columns=COLUMNS, units=units, **form).write(tmp_path / "xa.xlsx")  # type: ignore[arg-type]
    return healthkpi.score(plan, healthkpi.read_data(path, plan), "all")


def by_code(card, code: str) -> list:
    return [i for i in card.issues if i.code == code]


def test_clean_form_raises_nothing(tmp_path: Path) -> None:
    card = run(tmp_path, clean_units())
    assert card.issues == []
    assert card.completeness.share == 1


def edit(name: str, **values: object) -> list[tuple[str, dict[str, object]]]:
    units = clean_units()
    for unit, figures in units:
        if unit == name:
            figures.update(values)
    return units


def test_negative_count(tmp_path: Path) -> None:
    [issue] = by_code(run(tmp_path, edit("Bình Lư", children_under_1=-5)), "negative_count")
    assert (issue.level, issue.where, issue.unit) == ("error", "Số liệu!C11", "Bình Lư")
    assert issue.message("en") == 'Số liệu!C11: Bình Lư: "Số trẻ dưới 1 tuổi" is -5; a count cannot be negative'


def test_non_integer_count_but_not_for_values(tmp_path: Path) -> None:
    card = run(tmp_path, edit("Bản Bo", boys=104.5, score=86.5))
    [issue] = by_code(card, "non_integer_count")
    assert (issue.where, issue.variable) == ("Số liệu!E8", "boys")
    assert "104.5" in issue.message("en")


def test_a_non_integer_count_is_said_as_typed_not_rounded(tmp_path: Path) -> None:
    [issue] = by_code(run(tmp_path, edit("Bản Bo", boys=0.955)), "non_integer_count")
    assert issue.message("en").endswith(" is 0.955; a count is a whole number")


def test_over_100_percent_and_the_declared_check(tmp_path: Path) -> None:
    card = run(tmp_path, edit("Hồ Thầu", immunised=260))
    [over] = by_code(card, "over_100_percent")
    assert over.unit == "Hồ Thầu"
    assert "the numerator 260 exceeds the denominator 250" in over.message("en")
    [failed] = by_code(card, "check_failed")
    assert (failed.level, failed.where) == ("error", "Số liệu!D13")
    assert "immunised <= children_under_1 does not hold (immunised = 260, children_under_1 = 250)" in failed.message(
        "en"
    )


def test_sex_ratio_outside_90_130(tmp_path: Path) -> None:
    card = run(tmp_path, edit("Khun Há", boys=140, girls=100))
    [issue] = by_code(card, "implausible_sex_ratio")
    assert issue.unit == "Khun Há"
    assert "sex ratio at birth 140 is outside the plausible 90–130" in issue.message("en")
    assert not by_code(card, "over_100_percent")  # a ratio per 100, not a share


def test_outlier_across_units(tmp_path: Path) -> None:
    card = run(tmp_path, edit("Nà Tăm", immunised=120, children_under_1=270))
    [issue] = by_code(card, "outlier")
    assert (issue.unit, issue.where) == ("Nà Tăm", "Số liệu!D15")
    assert "Tỷ lệ tiêm chủng đầy đủ = 44.4 stands far from the other units" in issue.message("en")


def test_duplicate_and_look_alike_names(tmp_path: Path) -> None:
    units = clean_units()
    units[0] = ("Tân Hòa", units[0][1])
    units[1] = ("Tân Hóa", units[1][1])  # one tone apart: two communes, or one misspelt?
    card = run(tmp_path, units)
    [issue] = by_code(card, "spelling_variant")
    assert (issue.level, issue.where) == ("warning", "Số liệu!B9")
    assert "Tân Hòa / Tân Hóa" in issue.message("en")


def test_missing_unit_listed_by_the_plan(tmp_path: Path) -> None:
    card = run(tmp_path, clean_units(), PLAN + "units: [Bản Bo, Sơn Bình]\n")
    [issue] = by_code(card, "missing_unit")
    assert issue.unit == "Sơn Bình"
    assert issue.message("en") == "Sơn Bình: listed by the plan but absent from the data"
    assert card.completeness.by_unit["Sơn Bình"] == (0, 5)


def periods_form(
    rows: list[tuple[str, str, dict[str, object]]],
) -> list[tuple[str, dict[str, object]]]:
    return [(name, {"period": period, **values}) for name, period, values in rows]


def history(
    name: str, years: list[str], epi: list[int], children: list[int] | None = None
) -> list[tuple[str, str, dict[str, object]]]:
    children = children or [200] * len(years)
    return [
        (
            name,
            year,
            {
                "children_under_1": c,
                "immunised": round(c * e / 100),
                "boys": 105,
                "girls": 100,
                "score": 88,
            },
        )
        for year, e, c in zip(years, epi, children, strict=True)
    ]


def test_outlier_over_time_large_and_unlikely_to_be_chance(tmp_path: Path) -> None:
    years = ["2019", "2020", "2021", "2022"]
    rows = history("Bản Bo", years, [95, 96, 95, 70]) + history(
        "Bình Lư", years, [90, 91, 92, 93], [200, 210, 205, 100]
    )
    card = run(tmp_path, periods_form(rows), period_column="Năm")
    over_time = by_code(card, "outlier_over_time")
    # Bình Lư's children (and so its immunised children) halve: far beyond ±33 %, and no chance
    assert [(i.unit, i.period, i.variable, i.level) for i in over_time] == [
        ("Bình Lư", "2022", "immunised", "warning"),
        ("Bình Lư", "2022", "children_under_1", "warning"),
    ]
    assert over_time[1].message("en") == (
        'Số liệu!D15: Bình Lư: "Số trẻ dưới 1 tuổi" in 2022 is 100, 0.49 times the mean of 2019, 2020 and 2021 '
        "(205); a change beyond ±33% that chance alone would give with probability below 0.0001"
    )
    said = over_time[1].message("vi")
    assert said.startswith('Số liệu!D15: Bình Lư: "Số trẻ dưới 1 tuổi" kỳ 2022 là 100, bằng 0,49 lần trung bình các kỳ')
    # Bản Bo's immunised fall from 190 to 140: a change of 27 %, within ±33 %, is not flagged


def test_a_small_count_doubling_is_chance_a_large_one_is_not(tmp_path: Path) -> None:
    def births(name: str, counts: list[int]) -> list[tuple[str, str, dict[str, object]]]:
        return [
            (name, year, {"children_under_1": 100, "immunised": 90, "boys": n, "girls": 100, "score": 88})
            for year, n in zip(["2020", "2021"], counts, strict=True)
        ]

    rows = births("Bản Bo", [3, 6]) + births("Bình Lư", [30, 60]) + births("Hồ Thầu", [60, 180])
    card = run(tmp_path, periods_form(rows), period_column="Năm")
    flagged = {i.unit: i.level for i in by_code(card, "outlier_over_time") if i.variable == "boys"}
    assert flagged == {"Bình Lư": "info", "Hồ Thầu": "warning"}  # 3 → 6 is chance (p = 0.51)
    assert "probability 0.0021" in next(i for i in by_code(card, "outlier_over_time") if i.unit == "Bình Lư").message(
        "en"
    )


def test_over_time_settings_per_indicator(tmp_path: Path) -> None:
    years = ["2019", "2020", "2021", "2022"]
    rows = history("Bình Lư", years, [90, 91, 92, 93], [200, 210, 205, 100])
    off = _with_quality(indicator="epi_pct", settings="{outlier_over_time: off}")
    assert not by_code(run(tmp_path, periods_form(rows), off, period_column="Năm"), "outlier_over_time")
    wide = _with_quality("  outlier_over_time: {change: 60%}\n")
    assert not by_code(run(tmp_path, periods_form(rows), wide, period_column="Năm"), "outlier_over_time")
    last = _with_quality("  outlier_over_time: {history: 1, p_warning: 0.00001, p_info: 0.5}\n")
    over_time = by_code(run(tmp_path, periods_form(rows), last, period_column="Năm"), "outlier_over_time")
    assert {(i.variable, i.level) for i in over_time} == {("children_under_1", "warning"), ("immunised", "warning")}
    assert "0.49 times 2021 (205)" in over_time[1].message("en")


def test_missing_period_and_spelling_of_one_unit(tmp_path: Path) -> None:
    rows = history("Hoằng Hóa", ["2020", "2021"], [95, 96]) + history("Bản Bo", ["2021"], [95])
    rows[1] = ("HOẰNG HOÁ", rows[1][1], rows[1][2])  # the same commune, written another way in 2021
    card = run(tmp_path, periods_form(rows), period_column="Năm")
    [missing] = by_code(card, "missing_period")
    assert (missing.unit, missing.period) == ("Bản Bo", "2020")
    [variant] = by_code(card, "spelling_variant")
    assert variant.level == "info"
    assert "Hoằng Hóa / HOẰNG HOÁ; treated as one" in variant.message("en")


def test_template_units_that_did_not_report(tmp_path: Path) -> None:
    plan_path = write_plan(tmp_path, PLAN, name="healthkpi.yaml")
    template = tmp_path / "mau.xlsx"
    runner.invoke(app, ["template", str(plan_path), "-o", str(template), "--units", "Bản Bo;Bản Giang"])
    wb = load_workbook(template)
    sheet = wb["Số liệu"]
    for col, value in zip(range(3, 8), (200, 190, 104, 100, 88), strict=True):
        sheet.cell(6, col, value)
    sheet.delete_rows(7)  # Bản Giang's row removed
    wb.save(tmp_path / "filled.xlsx")
    result = runner.invoke(app, ["validate", str(tmp_path / "filled.xlsx"), "--format", "json", "--lang", "en"])
    document = json.loads(result.stdout)
    assert [i["message"] for i in document["issues"] if i["code"] == "missing_unit"] == [
        "Bản Giang: listed by the template but absent from the data"
    ]
    assert document["completeness"]["share"] == pytest.approx(0.5)


def test_validate_exit_codes_and_report(tmp_path: Path) -> None:
    plan_path = write_plan(tmp_path, PLAN)
    clean = Form(columns=COLUMNS, units=clean_units()).write(tmp_path / "clean.xlsx")
    result = runner.invoke(app, ["validate", str(clean), "-t", str(plan_path)])
    assert result.exit_code == 0
    assert "Độ đầy đủ: 100,0%" in result.stdout
    flawed = Form(columns=COLUMNS, units=edit("Bình Lư", children_under_1=-5)).write(tmp_path / "flawed.xlsx")
    result = runner.invoke(app, ["validate", str(flawed), "-t", str(plan_path), "--lang", "en"], env={"COLUMNS": "200"})
    assert result.exit_code == 1  # an error-level issue
    assert "Số liệu!C11: Bình Lư" in result.stdout
    warned = Form(columns=COLUMNS, units=edit("Bản Bo", boys=104.5)).write(tmp_path / "warned.xlsx")
    assert runner.invoke(app, ["validate", str(warned), "-t", str(plan_path)]).exit_code == 0  # warnings only
    assert runner.invoke(app, ["validate", str(tmp_path / "none.xlsx"), "-t", str(plan_path)]).exit_code == 2


def test_excel_marks_cells_touched_by_an_issue(tmp_path: Path) -> None:
    plan_path = write_plan(tmp_path, PLAN)
    flawed = Form(columns=COLUMNS, units=edit("Hồ Thầu", immunised=260)).write(tmp_path / "f.xlsx")
    out = tmp_path / "card.xlsx"
    runner.invoke(app, ["score", str(flawed), "-t", str(plan_path), "-o", str(out), "-q", "--lang", "en"])
    sheet = load_workbook(out)["Scorecard"]
    commented = {sheet.cell(c.row, 1).value: c.comment.text for row in sheet.iter_rows() for c in row if c.comment}
    assert list(commented) == ["Hồ Thầu", "Tổng cộng"]
    assert "exceeds the denominator" in commented["Hồ Thầu"]
    assert "units in it whose data have issues: 1" in commented["Tổng cộng"]  # the total rests on it too


# --- the plan's quality: settings ------------------------------------------------------------


def _with_quality(plan_quality: str = "", indicator: str = "", settings: str = "") -> str:
    """PLAN with a `quality:` block for the plan and one for the indicator `indicator`."""
    text = PLAN
    if plan_quality:
        text = text.replace("indicators:\n", f"quality:\n{plan_quality}indicators:\n")
    if indicator:
        text = text.replace(f"{{id: {indicator},", f"{{quality: {settings}, id: {indicator},")
    return text


def test_a_check_turned_off_for_the_plan_says_nothing(tmp_path: Path) -> None:
    flawed = edit("Bình Lư", children_under_1=-5, boys=104.5)
    card = run(tmp_path, flawed, _with_quality("  negative_count: off\n  non_integer_count: no\n"))
    assert not by_code(card, "negative_count")
    assert not by_code(card, "non_integer_count")
    assert by_code(run(tmp_path, flawed), "negative_count")


def test_thresholds_per_indicator_over_the_plan(tmp_path: Path) -> None:
    units = edit("Khun Há", boys=140, girls=100)
    moved = _with_quality(indicator="sex_ratio_at_birth", settings="{implausible_sex_ratio: {high: 150}}")
    assert not by_code(run(tmp_path, units, moved), "implausible_sex_ratio")
    lower = _with_quality("  implausible_sex_ratio: {low: 95, high: 112}\n")
    [issue] = by_code(run(tmp_path, edit("Khun Há", boys=113, girls=100), lower), "implausible_sex_ratio")
    assert issue.unit == "Khun Há"
    units = edit("Nà Tăm", immunised=120, children_under_1=270)
    assert not by_code(run(tmp_path, units, _with_quality(indicator="epi_pct", settings="{outlier: off}")), "outlier")
    milder = edit("Nà Tăm", immunised=235, children_under_1=270)  # a modified z-score of -20.8
    assert by_code(run(tmp_path, milder), "outlier")
    assert not by_code(run(tmp_path, milder, _with_quality("  outlier: {z: 25}\n")), "outlier")
    # a mapping for an indicator turns the check on for it where the plan turns it off
    back = _with_quality("  outlier: off\n", indicator="epi_pct", settings="{outlier: {min_units: 3}}")
    assert [i.unit for i in by_code(run(tmp_path, units, back), "outlier")] == ["Nà Tăm"]
    over = edit("Hồ Thầu", immunised=260)
    assert not by_code(
        run(tmp_path, over, _with_quality(indicator="epi_pct", settings="{over_100_percent: off}")), "over_100_percent"
    )


def test_missing_values_turned_off_still_score_no_data(tmp_path: Path) -> None:
    units = edit("Bản Bo", immunised="")
    card = run(tmp_path, units, _with_quality("  missing_value: off\n"))
    assert not by_code(card, "missing_value")
    assert next(r for r in card.results if r.unit == "Bản Bo" and r.indicator == "epi_pct").status == "no_data"


def test_check_reports_every_quality_problem_with_its_line(tmp_path: Path) -> None:
    text = _with_quality(
        "  outlier_over_time: {change: lots, histroy: 3}\n  over_100_percent: maybe\n"
        "  implausible_sex_ratio: {low: 140}\n",
        indicator="epi_pct",
        settings="{negative_count: off}",
    )
    path = write_plan(tmp_path, text)
    rows = text.splitlines()
    at = {key: next(n for n, row in enumerate(rows, 1) if key in row) for key in ("over_time", "100", "low", "epi")}
    result = runner.invoke(app, ["check", str(path), "--lang", "en"])
    assert result.exit_code == 2
    said = (result.stderr or result.stdout).splitlines()
    assert (
        f"{path}:{at['over_time']}: quality.outlier_over_time.change: expected a percentage such as 33%; got 'lots'"
        in said
    )
    histroy = f"{path}:{at['over_time']}: quality.outlier_over_time.histroy: unknown key; did you mean 'history'?"
    assert any(row.startswith(histroy) for row in said)
    assert f"{path}:{at['100']}: quality.over_100_percent: expected on or off; got 'maybe'" in said
    assert f"{path}:{at['low']}: quality.implausible_sex_ratio: low (140) must be below high (130)" in said
    assert any(
        row.startswith(f"{path}:{at['epi']}: indicators[epi_pct].quality.negative_count: unknown key") for row in said
    )


def test_a_plan_that_extends_another_may_tune_its_checks(tmp_path: Path) -> None:
    base = write_plan(tmp_path, PLAN, name="base.yaml")
    extending = write_plan(
        tmp_path, f"healthkpi: 1\nextends: {base.name}\nquality:\n  negative_count: off\n", "ext.yaml"
    )
    plan = healthkpi.load_plan(extending)
    assert plan.quality is not None
    assert plan.quality.negative_count is False
    path = Form(columns=COLUMNS, units=edit("Bình Lư", children_under_1=-5)).write(tmp_path / "xa.xlsx")
    assert not by_code(healthkpi.score(plan, healthkpi.read_data(path, plan)), "negative_count")
    bad = write_plan(tmp_path, f"healthkpi: 1\nextends: {base.name}\nquality:\n  outlier: sometimes\n", "bad.yaml")
    result = runner.invoke(app, ["check", str(bad), "--lang", "en"])
    assert result.exit_code == 2
    assert f"{bad}:4: quality.outlier: expected on, off or a mapping of the check's thresholds; got 'sometimes'" in (
        result.stderr or result.stdout
    )


# --- the report card: per check and indicator, the units flagged --------------------------------


def test_a_column_missing_from_the_sheet_flags_no_unit_in_the_report_card(
    tmp_path: Path, beds_plan: Plan, beds_plan_path: Path
) -> None:
    """A column the sheet lacks is about the form, not a unit: "0 of 3 units (0.0%)" beside it had read
    as a clean check, under the heading "units flagged"."""
    from tests.forms import BEDS_COLUMNS, beds_form

    path = beds_form(columns=BEDS_COLUMNS[:2]).write(tmp_path / "f.xlsx")  # no doctors column
    args = ["score", str(path), "-t", str(beds_plan_path), "--allow-partial", "--all-issues"]
    card = healthkpi.score(beds_plan, healthkpi.read_data(path, beds_plan, allow_partial=True))
    line = next(c for c in card.quality_card() if c.code == "missing_column")
    assert (line.units, line.of, line.share) == (0, 0, None)
    english = runner.invoke(app, [*args, "--lang", "en"]).stdout
    assert "missing_column · doctors_per_10k: about no unit; issues: 1" in " ".join(english.split())
    assert "0 of 3 units" not in english
    assert "thiếu cột · doctors_per_10k: không gắn với đơn vị nào; số vấn đề: 1" in " ".join(
        runner.invoke(app, args).stdout.split()
    )


def test_a_total_row_that_does_not_add_up_flags_no_unit_in_the_report_card(
    tmp_path: Path, beds_plan: Plan, beds_plan_path: Path
) -> None:
    """The workbook's own total row is no unit: its mismatch is an issue, and no unit is flagged for it
    (nor is it "0 of 3 units (0.0%)", which reads as a clean check)."""
    from tests.forms import beds_form

    form = beds_form(total_values={"population": 635000, "hospital_beds": 2000, "doctors": 770})
    path = form.write(tmp_path / "f.xlsx")
    card = healthkpi.score(beds_plan, healthkpi.read_data(path, beds_plan))
    line = next(c for c in card.quality_card() if c.code == "total_mismatch")
    assert (line.units, line.of, line.share, line.issues) == (0, 0, None, 1)
    said = runner.invoke(app, ["score", str(path), "-t", str(beds_plan_path), "--lang", "en", "--all-issues"]).stdout
    assert "total rows, no unit; issues: 1" in said
    out = tmp_path / "card.xlsx"
    runner.invoke(app, ["score", str(path), "-t", str(beds_plan_path), "-o", str(out), "-q", "--lang", "en"])
    rows = list(load_workbook(out)["Data quality"].iter_rows(values_only=True))
    assert [r[4:] for r in rows if r[1] == "total_mismatch"] == [(None, None, None, 1)]


def test_a_missing_unit_is_counted_among_the_units_expected_not_those_in_the_data(tmp_path: Path) -> None:
    """Two of the plan's ten units sent nothing: 2 of 10 expected, not '2 of the 8 in the data'."""
    card = run(tmp_path, clean_units(), PLAN + "units: [Bản Bo, Sơn Bình, Tà Lèng]\n")
    [line] = [c for c in card.quality_card() if c.code == "missing_unit"]
    assert (line.units, line.of, line.share) == (2, 10, 0.2)
    plan_path = write_plan(tmp_path, PLAN + "units: [Bản Bo, Sơn Bình, Tà Lèng]\n")
    form = Form(columns=COLUMNS, units=clean_units()).write(tmp_path / "f.xlsx")
    said = runner.invoke(app, ["score", str(form), "-t", str(plan_path), "--lang", "en", "--all-issues"]).stdout
    assert "missing_unit · (no one indicator): 2 of 10 units (20.0%); issues: 2" in said


def test_the_report_card_counts_units_flagged_per_check_and_indicator(tmp_path: Path) -> None:
    units = edit("Bình Lư", children_under_1=-5)
    for name, figures in units:
        if name in ("Hồ Thầu", "Khun Há"):
            figures["immunised"] = 300  # more immunised than children: coverage over 100 %, a failed check
    card = run(tmp_path, units)
    lines = {(c.code, c.indicator): c for c in card.quality_card()}
    negative = lines[("negative_count", "epi_pct")]  # a cell of children: the indicator that uses it
    assert (negative.level, negative.units, negative.of, negative.issues) == ("error", 1, 8, 1)
    over = lines[("over_100_percent", "epi_pct")]
    assert (over.units, over.share) == (2, 0.25)
    assert next(c.code for c in card.quality_card()) == "negative_count"  # errors first

    plan_path = write_plan(tmp_path, PLAN)
    form = Form(columns=COLUMNS, units=units).write(tmp_path / "f.xlsx")
    said = runner.invoke(app, ["score", str(form), "-t", str(plan_path), "--lang", "en", "--all-issues"]).stdout
    assert "By check and indicator: units flagged:" in said
    assert "over_100_percent · epi_pct: 2 of 8 units (25.0%); issues: 2" in said
    out = tmp_path / "card.xlsx"
    runner.invoke(app, ["score", str(form), "-t", str(plan_path), "-o", str(out), "-q", "--lang", "en"])
    rows = list(load_workbook(out)["Data quality"].iter_rows(values_only=True))
    assert rows[0] == ("Level", "Check", "Id", "Indicator", "Units flagged", "Units", "Share of units (%)", "Issues")
    assert ("warning", "over_100_percent", "epi_pct", "Tỷ lệ tiêm chủng đầy đủ", 2, 8, 25, 2) in rows
    html = tmp_path / "card.html"
    runner.invoke(app, ["report", str(form), "-t", str(plan_path), "-o", str(html), "-q", "--lang", "en"])
    assert '<td>over_100_percent</td><td>Tỷ lệ tiêm chủng đầy đủ</td><td class="num">2/8</td>' in html.read_text()
