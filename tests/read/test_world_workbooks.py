"""Workbooks as the world writes them (issue 16): no unit header we know, placeholders, subtotals,
a summary table above the main one, a sheet per area — and the slips analysts make.

Every case is a form written here with openpyxl; the published statistics themselves are
tested in test_outside_data.py.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from typer.testing import CliRunner

import healthkpi
from healthkpi.base.errors import PlanError, WorkbookError
from healthkpi.cli import app
from healthkpi.plan.load import load_plan as load_plan_file
from tests.conftest import write_plan
from tests.forms import BEDS_PLAN, beds_form
from tests.paths import ROOT

runner = CliRunner()


def _sheet(path: Path, rows: list[list[object]], title: str = "Data") -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = title
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


# A trust-level table as NHS England publishes it: the unit column is headed "Org Name", and other text
# columns stand beside it — a month on every row, a region code only on each region's first row, codes.
HEADER = ["Year", "Period End", "Region Code", "Org Code", "Org Name", "Dân số", "Số giường bệnh", "Số bác sỹ"]
TRUSTS = [
    ["2021", "September", "Y56", "R1H", "Barts Health", 400000, 1600, 500],
    ["2021", "September", "", "RAL", "Royal Free London", 300000, 1100, 400],
    ["2021", "September", "", "RJ1", "Guy's and St Thomas'", 350000, 1300, 450],
    ["2021", "September", "Y58", "RTH", "Oxford University Hospitals", 250000, 900, 300],
    ["2021", "September", "", "RHM", "University Hospital Southampton", 200000, 800, 250],
]


def test_the_unit_column_is_found_by_its_content_and_said(tmp_path: Path, beds_plan: healthkpi.Plan) -> None:
    path = _sheet(tmp_path / "trusts.xlsx", [["Bed availability, July to September 2021"], [], HEADER, *TRUSTS])
    data = healthkpi.read_data(path, beds_plan)
    assert sorted(data.frame["unit"]) == sorted(row[4] for row in TRUSTS)
    info = data.inputs[0]
    assert (info.unit_column, info.unit_header, info.unit_column_guessed) == ("E", "Org Name", True)
    guessed = [i for i in data.issues if i.code == "unit_column_guessed"]
    assert len(guessed) == 1
    assert "column E 'Org Name' was chosen by its content" in guessed[0].message("en")


def test_a_column_that_repeats_is_never_the_units(tmp_path: Path, beds_plan: healthkpi.Plan) -> None:
    """Only repeating text columns beside the figures: refused, naming the candidates and the flag."""
    rows = [["Period End", "Region Code", "Dân số", "Số giường bệnh"]]
    rows += [["September", "Y56" if i % 4 == 0 else "", 1000 + i, 10 + i] for i in range(12)]
    path = _sheet(tmp_path / "no-names.xlsx", rows)
    result = runner.invoke(app, ["score", str(path), "-t", str(write_plan(tmp_path, BEDS_PLAN)), "--lang", "en"])
    assert result.exit_code == 2
    assert "no text column is clearly the units" in result.stderr
    assert "A 'Period End' (1 different on 12 of 12 rows" in result.stderr
    assert "--unit-column" in result.stderr
    assert "Traceback" not in result.stderr
    vietnamese = runner.invoke(app, ["score", str(path), "-t", str(write_plan(tmp_path, BEDS_PLAN))]).stderr
    assert "(các cột ứng viên: A 'Period End' (1 tên khác nhau trên 12 trong 12 dòng, ví dụ September); B" in (
        " ".join(vietnamese.split())
    )


@pytest.mark.parametrize("hint", ["Org Name", "org name", "E"])
def test_the_unit_column_named_by_header_or_letter(tmp_path: Path, hint: str) -> None:
    path = _sheet(tmp_path / "trusts.xlsx", [HEADER, *TRUSTS])
    plan = write_plan(tmp_path, BEDS_PLAN)
    result = runner.invoke(app, ["score", str(path), "-t", str(plan), "--unit-column", hint, "-f", "json"])
    document = json.loads(result.stdout)
    assert {r["unit"] for r in document["results"]} == {row[4] for row in TRUSTS}
    assert document["inputs"][0]["unit_column"] == {"letter": "E", "header": "Org Name", "guessed": False}
    assert not [i for i in document["issues"] if i["code"] == "unit_column_guessed"]


def test_a_unit_column_that_is_not_there_is_refused(tmp_path: Path) -> None:
    path = _sheet(tmp_path / "trusts.xlsx", [HEADER, *TRUSTS])
    plan = write_plan(tmp_path, BEDS_PLAN)
    result = runner.invoke(app, ["score", str(path), "-t", str(plan), "--unit-column", "Trust", "--lang", "en"])
    assert result.exit_code == 2
    assert "has no column 'Trust' (asked for as the unit column)" in result.stderr
    assert "E 'Org Name'" in result.stderr


def test_the_plan_names_the_unit_column_and_the_header_row(tmp_path: Path) -> None:
    path = _sheet(tmp_path / "trusts.xlsx", [["Title"], ["Notes"], HEADER, *TRUSTS])
    text = BEDS_PLAN + "workbook:\n  header_row: 3\n  unit_column: Org Name\n  sheet: Data\n"
    plan = healthkpi.load_plan(write_plan(tmp_path, text))
    data = healthkpi.read_data(path, plan)
    assert data.inputs[0].header_row == 3
    assert data.inputs[0].unit_column == "E"
    assert len(data.frame) == len(TRUSTS)


def test_check_validates_the_reading_hints(tmp_path: Path) -> None:
    text = BEDS_PLAN + "workbook:\n  header_row: 0\n  unit_colum: B\n"
    with pytest.raises(PlanError) as caught:
        load_plan_file(write_plan(tmp_path, text))
    message = str(caught.value)
    assert "workbook.header_row" in message
    assert "did you mean 'unit_column'" in message
    assert ":42:" in message or "plan.yaml:" in message  # every problem names its line


def test_placeholders_and_subtotals_are_not_units(tmp_path: Path, beds_plan: healthkpi.Plan) -> None:
    """Region rows with [z] in the unit cell and the region in another column; '… Total' rows; 'n/a' figures."""
    rows = [
        ["Code", "Đơn vị", "Region name", "Dân số", "Số giường bệnh", "Số bác sỹ"],
        ["E92", "[z]", "England", 1_000_000, 4000, 1400],
        ["E12a", "[z]", "North", 600_000, 2400, 800],
        ["E06a", "Hartlepool", "North", 200_000, 800, 300],
        ["E06b", "Middlesbrough", "North", 400_000, 1600, 500],
        ["E12b", "[z]", "South", 400_000, 1600, 600],
        ["E06c", "Brighton", "South", 400_000, 1600, 600],
        ["", "", "South Total", 400_000, 1600, 600],
        ["E06d", "Suppressed Town", "South", "n/a", "n/a", "n/a"],
    ]
    path = _sheet(tmp_path / "regions.xlsx", rows)
    data = healthkpi.read_data(path, beds_plan)
    assert list(data.frame["unit"]) == ["Hartlepool", "Middlesbrough", "Brighton", "Suppressed Town"]
    card = healthkpi.score(beds_plan, data)
    beds = next(t for t in card.totals if t.indicator == "beds_per_10k")
    assert (beds.numerator, beds.denominator, beds.units_covered, beds.units_total) == (4000, 1_000_000, 3, 4)
    suppressed = [r for r in card.results if r.unit == "Suppressed Town"]
    assert {r.status for r in suppressed} == {"no_data"}
    marked = [i for i in data.issues if i.code == "missing_value" and i.unit == "Suppressed Town"]
    assert len(marked) == 3
    assert 'is marked "n/a"' in marked[0].message("en")
    messages = [i.message("en") for i in card.issues]
    assert not any("no unit name" in m for m in messages)
    # England (a placeholder, named in another column, not a parent) is said to be left out …
    assert any("placeholder for a unit name (rows 2)" in m for m in messages), messages
    # … the regions' rows are their subtotals, compared with their units; "South Total" too
    assert not [i for i in card.issues if i.code == "total_mismatch" and i.level == "warning"]


def test_a_subtotal_that_disagrees_with_its_units_is_said(tmp_path: Path, beds_plan: healthkpi.Plan) -> None:
    rows = [
        ["Huyện", "Xã", "Dân số", "Số giường bệnh", "Số bác sỹ"],
        ["Mường Lát", "Xã A", 1000, 10, 3],
        ["Mường Lát", "Xã B", 2000, 20, 4],
        ["", "Cộng huyện Mường Lát", 3500, 30, 7],
        ["Quan Hóa", "Xã C", 1500, 15, 2],
        ["Quan Hóa", "Cộng Hòa", 1200, 12, 2],  # a commune whose name starts like a subtotal
    ]
    data = healthkpi.read_data(_sheet(tmp_path / "communes.xlsx", rows), beds_plan)
    assert "Cộng Hòa" in set(data.frame["unit"])
    card = healthkpi.score(beds_plan, data)
    mismatch = [i for i in card.issues if i.code == "total_mismatch"]
    assert len(mismatch) == 1
    assert mismatch[0].message("en").startswith('Data!C4: the subtotal row "Cộng huyện Mường Lát"')
    assert "is 3,500, but its 2 units add up to 3,000" in mismatch[0].message("en")


def test_a_summary_table_above_the_main_one_does_not_win(tmp_path: Path, beds_plan: healthkpi.Plan) -> None:
    rows = [
        ["Tóm tắt", "Dân số", "Số giường bệnh", "Số bác sỹ"],
        ["Toàn tỉnh", 635000, 2064, 770],
        [],
        ["STT", "Đơn vị", "Dân số", "Số giường bệnh", "Số bác sỹ"],
        [1, "Thọ Xuân", 395000, 1234, 500],
        [2, "Hà Trung", 200000, 730, 230],
        [3, "Mường Lát", 40000, 100, 40],
    ]
    data = healthkpi.read_data(_sheet(tmp_path / "two-tables.xlsx", rows), beds_plan)
    assert data.inputs[0].header_row == 4
    assert list(data.frame["unit"]) == ["Thọ Xuân", "Hà Trung", "Mường Lát"]


_TABLE_HEADER = ["STT", "Đơn vị", "Dân số", "Số giường bệnh", "Số bác sỹ"]
_THIS_YEAR = [[1, "Thọ Xuân", 395000, 1234, 500], [2, "Hà Trung", 200000, 730, 230], [3, "Mường Lát", 40000, 100, 40]]
# last year's table below this year's, for comparison: longer (a unit since merged away) and with more figures
_LAST_YEAR = [
    ["BIỂU 2. SỐ LIỆU NĂM 2023 (để so sánh)"],
    _TABLE_HEADER,
    [1, "Thọ Xuân", 390000, 1100, 480],
    [2, "Hà Trung", 198000, 700, 220],
    [3, "Mường Lát", 39000, 90, 35],
    [4, "Thọ Lập", 10000, 10, 5],
    [None, "Tổng cộng", 637000, 1900, 740],
]


def test_a_second_table_below_the_first_is_said_not_read(tmp_path: Path, beds_plan: healthkpi.Plan) -> None:
    rows = [["BIỂU 1. SỐ LIỆU NĂM 2024"], _TABLE_HEADER, *_THIS_YEAR, [None, "Tổng cộng", 635000, 2064, 770], []]
    path = _sheet(tmp_path / "two-years.xlsx", rows + _LAST_YEAR)
    data = healthkpi.read_data(path, beds_plan)
    card = healthkpi.score(beds_plan, data)
    assert data.inputs[0].header_row == 2  # the sheet's first table, though the one below holds more figures
    assert list(data.frame["unit"]) == ["Thọ Xuân", "Hà Trung", "Mường Lát"]
    assert list(data.frame["hospital_beds"]) == [1234, 730, 100]
    assert not [i for i in card.issues if i.code in ("duplicate_unit", "total_mismatch")]
    [skipped] = [i for i in card.issues if i.code == "sheet_skipped"]
    assert skipped.level == "warning"
    assert skipped.where == "Data!B9"
    assert skipped.message("en") == (
        'Data!B9: row 9 begins another table ("BIỂU 2. SỐ LIỆU NĂM 2023 (để so sánh)"), listing again 3 units '
        "already read above (Thọ Xuân…); its 5 rows of figures are not read. Only the first table (header at "
        "row 2) is scored; to score the other one, give --header-row 9"
    )
    assert "dòng 9 mở đầu một bảng khác" in skipped.message("vi")
    other = healthkpi.read_data(path, beds_plan, hints=healthkpi_hints(header_row=9))
    assert list(other.frame["unit"]) == ["Thọ Xuân", "Hà Trung", "Mường Lát", "Thọ Lập"]
    assert list(other.frame["hospital_beds"]) == [1100, 700, 90, 10]


def test_a_second_table_with_its_columns_in_another_order_is_not_read_under_the_first_header(
    tmp_path: Path, beds_plan: healthkpi.Plan
) -> None:
    rows = [
        _TABLE_HEADER,
        *_THIS_YEAR,
        [],
        ["Phụ biểu: tuyến tỉnh"],
        ["STT", "Đơn vị", "Số giường bệnh", "Dân số"],
        [1, "BVĐK tỉnh", 800, 0],
        [2, "BV Nhi", 300, 0],
    ]
    data = healthkpi.read_data(_sheet(tmp_path / "annex-table.xlsx", rows), beds_plan)
    card = healthkpi.score(beds_plan, data)
    assert list(data.frame["unit"]) == ["Thọ Xuân", "Hà Trung", "Mường Lát"]
    assert not [i for i in card.issues if i.code == "not_a_number"]  # the other header was not read as a unit
    [skipped] = [i for i in card.issues if i.code == "sheet_skipped"]
    assert skipped.message("en").startswith(
        'Data!B7: row 7 begins another table ("Phụ biểu: tuyến tỉnh"), its columns in another order; its 2 rows'
    )


def test_a_header_repeated_on_each_printed_page_goes_on_with_the_next_units(
    tmp_path: Path, beds_plan: healthkpi.Plan
) -> None:
    rows = [_TABLE_HEADER, *_THIS_YEAR[:2], _TABLE_HEADER, _THIS_YEAR[2], [4, "Nga Sơn", 150000, 410, 160]]
    data = healthkpi.read_data(_sheet(tmp_path / "pages.xlsx", rows), beds_plan)
    assert list(data.frame["unit"]) == ["Thọ Xuân", "Hà Trung", "Mường Lát", "Nga Sơn"]
    assert [i.template for i in data.issues if i.code != "missing_value"] == []
    assert [i.template for i in data.issues] == ["repeated_header"]
    # one unit typed again on the next page is a duplicate, not a second table
    rows = [
        _TABLE_HEADER,
        *_THIS_YEAR[:2],
        _TABLE_HEADER,
        _THIS_YEAR[1],
        _THIS_YEAR[2],
        [4, "Nga Sơn", 150000, 410, 160],
    ]
    data = healthkpi.read_data(_sheet(tmp_path / "pages-again.xlsx", rows), beds_plan)
    assert list(data.frame["unit"]) == ["Thọ Xuân", "Hà Trung", "Mường Lát", "Nga Sơn"]
    assert sorted(i.code for i in data.issues) == ["duplicate_unit", "missing_value"]
    # two of five typed again at the page break, then the last unit: still one table, with duplicates
    five = [*_THIS_YEAR, [4, "Nga Sơn", 150000, 410, 160], [5, "Quan Sơn", 40000, 90, 30]]
    rows = [_TABLE_HEADER, *five[:4], _TABLE_HEADER, *five[2:]]
    data = healthkpi.read_data(_sheet(tmp_path / "pages-two-again.xlsx", rows), beds_plan)
    assert list(data.frame["unit"]) == ["Thọ Xuân", "Hà Trung", "Mường Lát", "Nga Sơn", "Quan Sơn"]
    assert [i.code for i in data.issues].count("duplicate_unit") == 2
    assert "sheet_skipped" not in [i.code for i in data.issues]


_TWIN_HEADER = ["STT", "Đơn vị", "Dân số", "Dân số", "Số giường bệnh", "Số bác sỹ"]
_TWIN_ROWS = [[1, "Thọ Xuân", 390000, 395000, 1234, 500], [2, "Hà Trung", 198000, 200000, 730, 230]]


def test_a_hidden_column_headed_like_a_visible_one_gives_way_to_it(tmp_path: Path, beds_plan: healthkpi.Plan) -> None:
    path = tmp_path / "hidden-twin.xlsx"
    _sheet(path, [_TWIN_HEADER, *_TWIN_ROWS])
    wb = load_workbook(path)
    wb.active.column_dimensions["C"].hidden = True  # last year's population, kept and hidden
    wb.save(path)
    data = healthkpi.read_data(path, beds_plan)
    assert list(data.frame["population"]) == [395000, 200000]
    assert data.inputs[0].columns["population"] == "D"
    [note] = [i for i in data.issues if i.template == "hidden_twin_column"]
    assert note.level == "info"
    assert note.code == "sheet_skipped"
    assert (
        note.message("en")
        == 'Data!C1: column C is hidden and headed "Dân số" like column D; only column D (the one shown) is read'
    )


def test_two_visible_columns_headed_alike_with_different_figures_stop_the_run(
    tmp_path: Path, beds_plan: healthkpi.Plan, beds_plan_path: Path
) -> None:
    path = _sheet(tmp_path / "twins.xlsx", [_TWIN_HEADER, *_TWIN_ROWS])
    with pytest.raises(WorkbookError) as caught:
        healthkpi.read_data(path, beds_plan)
    assert caught.value.key == "twin_columns"
    said = caught.value.render("en")
    assert said.removeprefix(str(tmp_path) + "/").startswith(
        'twins.xlsx: sheet \'Data\': columns C, D are both headed "Dân số" ("Dân số trung bình") but hold different figures'
    )
    assert "(row 2: 390000 and 395000)" in said
    assert "Rename the header of the one not to read" in said
    before = path.read_bytes()
    result = CliRunner().invoke(app, ["score", str(path), "-t", str(beds_plan_path)])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert "hai cột C, D cùng tiêu đề" in result.output
    assert path.read_bytes() == before
    # the fix the message gives: the other column renamed
    wb = load_workbook(path)
    wb.active["C1"] = "Dân số năm trước"
    wb.save(path)
    assert list(healthkpi.read_data(path, beds_plan).frame["population"]) == [395000, 200000]


def test_a_header_merged_over_two_columns_named_alike_is_two_columns_headed_alike(
    tmp_path: Path, beds_plan: healthkpi.Plan
) -> None:
    path = tmp_path / "merged-twins.xlsx"
    rows = [["STT", "Đơn vị", "Dân số", None, "Số giường bệnh", "Số bác sỹ"], [None, None, "Tổng số", "Tổng số"]]
    _sheet(path, rows + _TWIN_ROWS)
    wb = load_workbook(path)
    wb.active.merge_cells("C1:D1")
    wb.save(path)
    with pytest.raises(WorkbookError) as caught:  # not the first of them, read silently
        healthkpi.read_data(path, beds_plan)
    assert caught.value.key == "twin_columns"
    wb = load_workbook(path)
    for row in (3, 4):
        wb.active.cell(row, 4).value = wb.active.cell(row, 3).value
    wb.save(path)
    data = healthkpi.read_data(path, beds_plan)
    assert list(data.frame["unit"]) == ["Thọ Xuân", "Hà Trung"]  # the row of "Tổng số" is no unit
    assert data.inputs[0].header_row == 2


def test_a_column_copied_with_the_same_figures_is_one_column(tmp_path: Path, beds_plan: healthkpi.Plan) -> None:
    rows = [_TWIN_HEADER, *([*row[:2], row[3], *row[3:]] for row in _TWIN_ROWS)]
    data = healthkpi.read_data(_sheet(tmp_path / "copied.xlsx", rows), beds_plan)
    assert list(data.frame["population"]) == [395000, 200000]
    assert not data.issues


def test_a_formula_saved_without_its_value_says_to_open_and_save_the_file(
    tmp_path: Path, beds_plan: healthkpi.Plan
) -> None:
    rows = [_TABLE_HEADER, _THIS_YEAR[0], [2, "Hà Trung", 200000, "=700+30", 230], _THIS_YEAR[2]]
    data = healthkpi.read_data(_sheet(tmp_path / "script.xlsx", rows), beds_plan)  # openpyxl saves no values
    [issue] = [i for i in data.issues if i.code == "missing_value"]
    assert issue.template == "formula_not_saved"
    assert issue.message("en") == (
        'Data!D3: Hà Trung: "Số giường bệnh" is a formula with no saved value (the file was written by a program '
        "and never saved in Excel); treated as missing. Open the file in Excel or LibreOffice, save it, and run again"
    )
    rows[2][3] = None  # a cell left empty is only missing
    data = healthkpi.read_data(_sheet(tmp_path / "empty.xlsx", rows), beds_plan)
    assert [i.template for i in data.issues if i.code == "missing_value"] == [None]


def test_a_national_row_that_is_the_sum_of_the_rest_is_the_total(tmp_path: Path, beds_plan: healthkpi.Plan) -> None:
    rows = [
        ["Area", "Dân số", "Số giường bệnh", "Số bác sỹ"],
        ["Cả vùng mẫu", 635000, 2064, 770],
        ["Thọ Xuân", 395000, 1234, 500],
        ["Hà Trung", 200000, 730, 230],
        ["Mường Lát", 40000, 100, 40],
    ]
    data = healthkpi.read_data(_sheet(tmp_path / "national.xlsx", rows), beds_plan, hints=None)
    assert list(data.frame["unit"]) == ["Thọ Xuân", "Hà Trung", "Mường Lát"]
    assert [t.label for t in data.totals] == ["Cả vùng mẫu"]
    assert any(i.template == "unit_is_total" for i in data.issues)


def test_a_sheet_listing_several_levels_is_refused(tmp_path: Path, beds_plan: healthkpi.Plan) -> None:
    rows = [
        ["Đơn vị", "Dân số", "Số giường bệnh", "Số bác sỹ"],
        ["Miền núi", 435000, 1334, 540],  # a group, the sum of the two rows below it
        ["Thọ Xuân", 395000, 1234, 500],
        ["Mường Lát", 40000, 100, 40],
        ["Hà Trung", 200000, 730, 230],
        ["Nga Sơn", 150000, 410, 160],
    ]
    with pytest.raises(WorkbookError) as caught:
        healthkpi.read_data(_sheet(tmp_path / "levels.xlsx", rows), beds_plan)
    assert "row 2 (Miền núi) is the sum of the 2 rows right below it" in str(caught.value)


def test_every_sheet_that_matches_is_read_with_its_own_total(tmp_path: Path, beds_plan: healthkpi.Plan) -> None:
    wb = Workbook()
    wb.remove(wb.active)
    for name, units in (
        ("Vùng thấp", [("Thọ Xuân", 395000, 1234, 500), ("Hà Trung", 200000, 730, 230)]),
        ("Vùng cao", [("Mường Lát", 40000, 100, 40), ("Quan Sơn", 36000, 90, 30)]),
    ):
        ws = wb.create_sheet(name)
        ws.append(["Đơn vị", "Dân số", "Số giường bệnh", "Số bác sỹ"])
        for unit in units:
            ws.append(list(unit))
        ws.append(["Tổng cộng", sum(u[1] for u in units) + (1 if name == "Vùng cao" else 0), 0, 0])
    summary = wb.create_sheet("Tổng hợp")
    summary.append(["Đơn vị", "Dân số"])
    summary.append(["Toàn tỉnh", 671000])
    path = tmp_path / "areas.xlsx"
    wb.save(path)
    data = healthkpi.read_data(path, beds_plan)
    assert [i.sheet for i in data.inputs] == ["Vùng thấp", "Vùng cao"]
    assert sorted(data.frame["unit"]) == ["Hà Trung", "Mường Lát", "Quan Sơn", "Thọ Xuân"]
    card = healthkpi.score(beds_plan, data)
    assert next(t for t in card.totals if t.indicator == "beds_per_10k").units_covered == 4
    mismatch = [i for i in card.issues if i.code == "total_mismatch" and i.variable == "population"]
    assert [i.where for i in mismatch] == ["Vùng cao!B4"]  # each sheet's total against its own units
    skipped = [i for i in card.issues if i.code == "sheet_skipped"]
    assert [i.where for i in skipped] == ["Tổng hợp"]
    only = healthkpi.read_data(path, beds_plan, hints=healthkpi_hints(sheets=("Vùng cao",)))
    assert sorted(only.frame["unit"]) == ["Mường Lát", "Quan Sơn"]


def healthkpi_hints(**given: object) -> object:
    from healthkpi.read.spec import ReadingHints

    return ReadingHints(**given)  # type: ignore[arg-type]


def test_rate_columns_are_not_added_up_in_the_total_check(tmp_path: Path) -> None:
    text = BEDS_PLAN.replace("  doctors:\n", "  doctors:\n    kind: value\n", 1)
    plan = healthkpi.load_plan(write_plan(tmp_path, text))
    form = beds_form(total_values={"population": 635000, "hospital_beds": 2064, "doctors": 93})
    data = healthkpi.read_data(form.write(tmp_path / "rates.xlsx"), plan)
    card = healthkpi.score(plan, data)
    assert not [i for i in card.issues if i.code == "total_mismatch"]


# --- an analyst's slips -----------------------------------------------------------------------


def test_another_plan_named_by_mistake_is_refused_and_the_right_one_named() -> None:
    result = runner.invoke(app, ["score", "examples/thanh-hoa-2021.xlsx", "-t", "ha-noi-2021-2025", "--lang", "en"])
    assert result.exit_code == 2
    assert "holds only 1 of the 20 variables plan 'ha-noi-2021-2025' needs" in result.stderr
    assert "It fits plan thanh-hoa-2021 better" in result.stderr
    assert "--allow-partial" in result.stderr
    partial = runner.invoke(
        app, ["score", "examples/thanh-hoa-2021.xlsx", "-t", "ha-noi-2021-2025", "--allow-partial", "-q"]
    )
    assert partial.exit_code in (0, 1)


def test_a_folder_of_several_plans_read_as_one_table_is_refused() -> None:
    result = runner.invoke(app, ["score", "examples/", "--lang", "en"])
    assert result.exit_code == 2
    assert "the inputs were made for different plans" in result.stderr
    assert "hcmc-2021.xlsx → hcmc-2021" in result.stderr
    assert "thanh-hoa-2021.xlsx → examples/healthkpi.yaml" in result.stderr


def test_a_batch_scores_each_input_with_its_own_plan_and_never_stops_for_one(tmp_path: Path) -> None:
    incoming = tmp_path / "incoming"
    incoming.mkdir()
    for name in ("hcmc-2021.xlsx", "tam-duong-2022-2025.xlsx"):
        (incoming / name).write_bytes((ROOT / "examples" / name).read_bytes())
    (incoming / "aaa-broken.xlsx").write_text("not a workbook")  # first, alphabetically
    done = subprocess.run(
        [sys.executable, "-m", "healthkpi", "score", str(incoming), "--output-dir", str(tmp_path / "out"), "-f",
         "json", "-j", "1", "--lang", "en"],
        capture_output=True, text=True, check=False, cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    assert "aaa-broken.xlsx: no plan given and none found" in done.stderr
    written = {p.name: json.loads(p.read_text()) for p in (tmp_path / "out").iterdir()}
    assert sorted(written) == ["hcmc-2021.json", "tam-duong-2022-2025.json"]
    assert written["hcmc-2021.json"]["plan"]["id"] == "hcmc-2021"
    assert written["tam-duong-2022-2025.json"]["plan"]["id"] == "tam-duong-2022-2025"


def test_the_example_with_a_sheet_per_area_is_one_table_of_fourteen_communes() -> None:
    result = runner.invoke(app, ["score", "examples/areas/tam-duong-2022-2025-theo-vung.xlsx", "-f", "json"])
    document = json.loads(result.stdout)
    assert [i["sheet"] for i in document["inputs"]] == ["Vùng thấp", "Vùng cao"]
    assert {t["units_covered"] for t in document["totals"]} <= {14}
    assert len({r["unit"] for r in document["results"]}) == 14
