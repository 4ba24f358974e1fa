"""A variable's header over several columns, each named underneath ("Năm 2023 | Năm 2024",
"Kế hoạch | Thực hiện"): never the first of them read silently as the variable's column."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook
from typer.testing import CliRunner

from healthkpi.base.errors import WorkbookError
from healthkpi.cli import app
from healthkpi.plan.schema import Plan
from healthkpi.read.workbook import read_data
from tests.conftest import write_plan

runner = CliRunner()
LABELS = ["Dân số trung bình\n(người)", "Giường bệnh", "Bác sỹ"]
# per unit: (population, beds, doctors) under the first sub-column, then under the second
UNITS = [("Thọ Xuân", (390000, 1200, 480), (395000, 1234, 500)), ("Hà Trung", (198000, 700, 220), (200000, 730, 230))]


def comparison_form(path: Path, subs: tuple[str, str], tall: bool = False) -> Path:
    """Title rows; STT and the unit merged over the header rows; each variable over two sub-columns
    (`tall`: its header cell two rows high as well, the sub-columns on a third row)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Biểu 02"
    ws["A1"] = "SỞ Y TẾ TỈNH THANH HÓA"
    ws["A3"] = "BÁO CÁO SO SÁNH"
    sub = 7 if tall else 6
    ws["A5"], ws["B5"] = "STT", "Đơn vị"
    ws.merge_cells(f"A5:A{sub}")
    ws.merge_cells(f"B5:B{sub}")
    for k, label in enumerate(LABELS):
        column = 3 + 2 * k
        ws.cell(5, column, label)
        ws.merge_cells(start_row=5, start_column=column, end_row=sub - 1, end_column=column + 1)
        ws.cell(sub, column, subs[0])
        ws.cell(sub, column + 1, subs[1])
    for n, (name, first, second) in enumerate(UNITS, start=1):
        ws.append([n, name, *(v for pair in zip(first, second, strict=True) for v in pair)])
    wb.save(path)
    return path


@pytest.mark.parametrize("tall", [False, True])
def test_sub_columns_that_name_periods_are_read_as_those_periods(tmp_path: Path, beds_plan: Plan, tall: bool) -> None:
    data = read_data(comparison_form(tmp_path / "years.xlsx", ("Năm 2023", "Năm 2024"), tall), beds_plan)
    rows = zip(data.frame["unit"], data.frame["period"], data.frame["hospital_beds"], strict=True)
    assert sorted(rows) == [("Hà Trung", "2023", 700), ("Hà Trung", "2024", 730), ("Thọ Xuân", "2023", 1200),
                            ("Thọ Xuân", "2024", 1234)]  # fmt: skip
    assert [info.columns["hospital_beds"] for info in data.inputs] == ["E", "F"]
    assert "Đơn vị" not in set(data.frame["unit"])  # the row of sub-headers is the header's, not a unit
    assert not [i for i in data.issues if i.level != "info"]


def test_a_column_without_sub_columns_read_into_each_period_is_said(tmp_path: Path, beds_plan: Plan) -> None:
    """Population given once beside beds and doctors for 2023 and 2024: used for both years, and said so."""
    from openpyxl import load_workbook

    path = comparison_form(tmp_path / "years.xlsx", ("Năm 2023", "Năm 2024"))
    book = load_workbook(path)
    sheet = book.active
    sheet.unmerge_cells("C5:D5")
    sheet["C5"], sheet["C6"], sheet["D6"] = "Dân số trung bình", None, None  # one population column (C); D unused
    sheet["D5"] = "Ghi chú"
    book.save(path)
    data = read_data(path, beds_plan)
    read = list(zip(data.frame["period"], data.frame["unit"], data.frame["population"], strict=True))
    by_year = {year: {u: v for p, u, v in read if p == year} for year in ("2023", "2024")}
    assert by_year["2023"] == by_year["2024"] == {"Thọ Xuân": 390000, "Hà Trung": 198000}  # column C, both years
    (warning,) = [i for i in data.issues if i.level == "warning"]
    assert warning.message("en").startswith("Biểu 02: C (Dân số trung bình) have one column for every period")


def test_the_column_done_is_read_beside_the_plans_own(tmp_path: Path, beds_plan: Plan) -> None:
    data = read_data(comparison_form(tmp_path / "kh-th.xlsx", ("Kế hoạch", "Thực hiện")), beds_plan)
    assert dict(zip(data.frame["unit"], data.frame["hospital_beds"], strict=True)) == {
        "Thọ Xuân": 1234,
        "Hà Trung": 730,
    }
    (note,) = data.issues
    assert note.message("en") == (
        "Biểu 02!D6: the headers of 3 variables span several columns ('Dân số trung bình (người)': C (Kế hoạch), "
        "D (Thực hiện)); the column 'Thực hiện' (figures done) of each is read"
    )


def test_sub_columns_that_cannot_be_told_apart_stop_the_read_with_the_fix(tmp_path: Path, beds_plan_path: Path) -> None:
    book = comparison_form(tmp_path / "sex.xlsx", ("Nam", "Nữ"))
    result = runner.invoke(app, ["score", str(book), "-t", str(beds_plan_path), "--lang", "en"])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert "the header 'Dân số trung bình (người)' (variable population) spans several columns: C (Nam), D (Nữ)" in (
        result.stderr
    )
    assert "aliases:" in result.stderr
    with pytest.raises(WorkbookError):
        read_data(book, healthkpi_plan(beds_plan_path))


def test_the_fix_the_message_gives_reads_the_column_named(tmp_path: Path, beds_plan_path: Path) -> None:
    """Aliases that name each header with its sub-column, and the header row of the sub-columns."""
    text = beds_plan_path.read_text(encoding="utf-8")
    for aliases in ("[Dân số, population", "[Giường bệnh, beds", "[Bác sỹ, Bác sĩ, doctors"):
        header = "Dân số trung bình (người)" if "population" in aliases else aliases[1:].split(",")[0]
        assert aliases in text
        text = text.replace(aliases, f"{aliases}, {header} Nữ", 1)
    text = text.replace("variables:\n", "workbook:\n  header_row: 6\nvariables:\n", 1)
    plan = healthkpi_plan(write_plan(tmp_path, text))
    data = read_data(comparison_form(tmp_path / "sex.xlsx", ("Nam", "Nữ")), plan)
    assert dict(zip(data.frame["unit"], data.frame["doctors"], strict=True)) == {"Thọ Xuân": 500, "Hà Trung": 230}


def healthkpi_plan(path: Path) -> Plan:
    from healthkpi.read.sidefiles import load_plan_and_side_files

    return load_plan_and_side_files(path)
