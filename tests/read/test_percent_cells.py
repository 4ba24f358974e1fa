"""Numbers an .xlsx shows as percentages (0.96 formatted `0%`, shown 96%): a rate is read as shown,
with a note; a count's cell is a rate in the wrong column. calamine gives no number formats: they
are read from the workbook's XML (read/percentcells.py)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

import healthkpi
from healthkpi.read.percentcells import percent_cells
from tests.conftest import write_plan
from tests.forms import plain_sheet
from tests.paths import ROOT

PLAN = """\
healthkpi: 1
plan: {id: pct-plan, title: Kế hoạch thử, period: "2021"}
variables:
  population: {label: Dân số}
  doctors: {label: Bác sỹ}
  immunised: {label: Tỷ lệ tiêm chủng, kind: value}
indicators:
  - {id: doctors_per_10k, name: Bác sỹ/vạn dân, numerator: doctors, denominator: population, per: 10000, target: ">= 5"}
  - {id: immunised_pct, name: Tỷ lệ tiêm chủng đầy đủ, numerator: immunised, unit: "%", target: ">= 95"}
"""


HEADER = ("Đơn vị", "Dân số", "Bác sỹ", "Tỷ lệ tiêm chủng")


def workbook(path: Path, formats: dict[str, str]) -> Path:
    rows = (HEADER, ("A", 200000, 120, 0.96), ("B", 150000, 0.12, 0.57), ("C", 100000, 130, 0.935))
    return plain_sheet(path, rows, formats=formats)


@pytest.fixture
def plan(tmp_path: Path) -> healthkpi.Plan:
    return healthkpi.load_plan(write_plan(tmp_path, PLAN))


def test_a_rate_shown_as_a_percentage_is_read_as_shown_and_said_once(tmp_path: Path, plan: healthkpi.Plan) -> None:
    path = workbook(tmp_path / "f.xlsx", {"D2": "0%", "D3": "0%", "D4": "0.0%"})
    data = healthkpi.read_data([path], plan)
    assert dict(zip(data.frame["unit"], data.frame["immunised"], strict=True)) == {"A": 96, "B": 57, "C": 93.5}
    notes = [i for i in data.issues if i.template == "shown_as_percent"]
    assert len(notes) == 1
    assert notes[0].level == "info"
    assert notes[0].where == "Biểu 01!D2"
    assert notes[0].message("en") == (
        'Biểu 01!D2: "Tỷ lệ tiêm chủng": 3 cells formatted as percentages in the workbook (for example 0.96, shown as '
        "96%) are read as shown (96)"
    )
    card = healthkpi.score(plan, data)
    statuses = card.results_frame.set_index(["indicator", "unit"])["status"]
    assert [str(statuses["immunised_pct", u]) for u in "ABC"] == ["pass", "fail", "fail"]


def test_a_count_shown_as_a_percentage_is_not_a_number(tmp_path: Path, plan: healthkpi.Plan) -> None:
    data = healthkpi.read_data([workbook(tmp_path / "f.xlsx", {"C3": "0%"})], plan)
    doctors = dict(zip(data.frame["unit"], data.frame["doctors"], strict=True))
    assert np.isnan(doctors["B"])
    assert (doctors["A"], doctors["C"]) == (120, 130)
    refused = [i for i in data.issues if i.template == "percent_in_count"]
    assert [(i.unit, i.where, i.level) for i in refused] == [("B", "Biểu 01!C3", "warning")]
    assert "the cell holds 12% — a percentage" in refused[0].message("en")


def test_without_percentage_formats_the_numbers_are_read_as_they_are(tmp_path: Path, plan: healthkpi.Plan) -> None:
    # a literal percent sign (quoted, or escaped) does not scale the number: not a percentage format
    path = workbook(tmp_path / "f.xlsx", {"D2": '0"%"', "D3": "0\\%", "D4": "#,##0.00"})
    assert percent_cells(path, "Biểu 01") == set()
    data = healthkpi.read_data([path], plan)
    assert dict(zip(data.frame["unit"], data.frame["immunised"], strict=True)) == {"A": 0.96, "B": 0.57, "C": 0.935}
    assert not [i for i in data.issues if i.template in ("shown_as_percent", "percent_in_count")]


def test_percentage_cells_are_found_by_their_style(tmp_path: Path) -> None:
    path = workbook(tmp_path / "f.xlsx", {"D2": "0%", "D3": "0.00%", "C4": "[Red]0.0%"})
    assert percent_cells(path, "Biểu 01") == {(1, 3), (2, 3), (3, 2)}
    assert percent_cells(path, "No such sheet") == set()
    assert percent_cells(tmp_path / "missing.xlsx", "Biểu 01") == set()


ODS_CONTENT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"><office:body><office:spreadsheet>
<table:table table:name="Khác"><table:table-row>
<table:table-cell office:value-type="percentage" office:value="0.5"/></table:table-row></table:table>
<table:table table:name="Biểu 01">
<table:table-row table:number-rows-repeated="2"><table:table-cell table:number-columns-repeated="4"/></table:table-row>
<table:table-row><table:table-cell/><table:table-cell office:value-type="float" office:value="7"/>
<table:table-cell table:number-columns-repeated="2" office:value-type="percentage" office:value="0.96"/>
</table:table-row>
<table:table-row><table:table-cell table:number-columns-repeated="3"/>
<table:table-cell office:value-type="percentage" office:value="0.5"/></table:table-row>
</table:table></office:spreadsheet></office:body></office:document-content>"""


def test_percentage_cells_of_an_opendocument_sheet_are_found_by_their_value_type(tmp_path: Path) -> None:
    """LibreOffice writes a percentage's type on the cell itself; repeated rows and cells are counted."""
    import zipfile

    from healthkpi.read.grid import ods_percent_cells

    path = tmp_path / "form.ods"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", ODS_CONTENT)
    assert ods_percent_cells(path, "Biểu 01") == {(2, 2), (2, 3), (3, 3)}
    assert ods_percent_cells(path, "Khác") == {(0, 0)}
    assert ods_percent_cells(tmp_path / "missing.ods", "Biểu 01") == set()


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_an_xls_saved_by_libreoffice_has_its_percentage_cells_read_as_shown(
    tmp_path: Path, plan: healthkpi.Plan
) -> None:
    """The .xls formats are binary records, read by xlrd: the same cells as in the .xlsx it was saved from."""
    from healthkpi.read.percentcells import xls_percent_cells

    source = workbook(tmp_path / "f.xlsx", {"D2": "0%", "D3": "0%", "D4": "0.0%", "C3": "0%"})
    subprocess.run(
        [
            str(SOFFICE),
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--convert-to",
            "xls:MS Excel 97",
            "--outdir",
            str(tmp_path / "xls"),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    xls = tmp_path / "xls" / "f.xls"
    assert xls_percent_cells(xls, "Biểu 01") == {(1, 3), (2, 3), (3, 3), (2, 2)}
    assert xls_percent_cells(xls, "No such sheet") == set()
    assert xls_percent_cells(source, "Biểu 01") == set()  # not an .xls: xlrd refuses it, nothing is doubted
    data = healthkpi.read_data([xls], plan)
    assert dict(zip(data.frame["unit"], data.frame["immunised"], strict=True)) == {"A": 96, "B": 57, "C": 93.5}
    assert sorted(i.template for i in data.issues if i.code == "not_a_number") == [
        "percent_in_count",
        "shown_as_percent",
    ]
    card = healthkpi.score(plan, data)
    assert not [i for i in card.issues if i.template == "percent_as_fraction"]


def stray_formats(path: Path, rows: tuple[tuple[object, ...], ...], cells: tuple[str, ...]) -> Path:
    return plain_sheet(path, (HEADER, *rows), formats=dict.fromkeys(cells, "0%"))


def test_a_whole_count_under_a_stray_percentage_format_is_kept_and_warned_of(
    tmp_path: Path, plan: healthkpi.Plan
) -> None:
    """7,800 doctors formatted `0%` (shown 780,000%) is no rate: the count is kept, the cell warned of;
    and so the column's format is a stray one, its 1 (shown 100%) a count too; 0 is 0 either way."""
    rows = (("A", 200000, 7800, 96), ("B", 150000, 1, 57), ("C", 100000, 0, 90))
    data = healthkpi.read_data([stray_formats(tmp_path / "f.xlsx", rows, ("C2", "C3", "C4"))], plan)
    doctors = dict(zip(data.frame["unit"], data.frame["doctors"], strict=True))
    assert doctors == {"A": 7800, "B": 1, "C": 0}
    said = {i.unit: i for i in data.issues if i.code == "not_a_number"}
    assert sorted(said) == ["A", "B"]
    assert (said["A"].template, said["A"].level, said["A"].where) == ("count_shown_as_percent", "warning", "Biểu 01!C2")
    assert said["A"].message("en") == (
        "Biểu 01!C2: A: the cell is formatted as a percentage (shown as 780,000%) but holds 7,800, "
        'and "Bác sỹ" is a count: read as 7,800. Check the cell and remove the percentage format'
    )
    assert said["B"].template == "count_shown_as_percent"
    card = healthkpi.score(plan, data)
    flags = card.results_frame.set_index(["indicator", "unit"])["flags"]
    assert "not_a_number" in flags["doctors_per_10k", "A"]


def test_a_lone_1_shown_as_100_percent_in_a_count_column_may_be_a_rate_and_is_not_used(
    tmp_path: Path, plan: healthkpi.Plan
) -> None:
    rows = (("A", 200000, 120, 96), ("B", 150000, 1, 57))
    data = healthkpi.read_data([stray_formats(tmp_path / "f.xlsx", rows, ("C3",))], plan)
    assert np.isnan(dict(zip(data.frame["unit"], data.frame["doctors"], strict=True))["B"])
    assert [i.template for i in data.issues if i.code == "not_a_number"] == ["percent_in_count"]


def test_a_percentage_typed_into_a_percentage_cell_is_read_as_stored(tmp_path: Path, plan: healthkpi.Plan) -> None:
    """96 typed into a cell formatted `0%` shows 9600%: already a percentage, read as 96 and warned of;
    a formula's 0.9499999999999999 is the 95 % the sheet shows (said once, for one cell)."""
    rows = (("A", 200000, 120, 96), ("B", 150000, 90, 0.9499999999999999))
    data = healthkpi.read_data([stray_formats(tmp_path / "f.xlsx", rows, ("D2", "D3"))], plan)
    assert dict(zip(data.frame["unit"], data.frame["immunised"], strict=True)) == {"A": 96, "B": 95}
    said = {i.template: i for i in data.issues if i.code == "not_a_number"}
    assert said["count_shown_as_percent"].message("en") == (
        "Biểu 01!D2: A: the cell is formatted as a percentage (shown as 9,600%) but holds 96, and "
        '"Tỷ lệ tiêm chủng" is a figure taken as it is (kind: value): read as 96. Check the cell and remove the '
        "percentage format"
    )
    assert said["shown_as_percent_one"].message("en") == (
        'Biểu 01!D3: "Tỷ lệ tiêm chủng": a cell formatted as a percentage in the workbook (0.95, shown as 95%) is '
        "read as shown (95)"
    )


PEERS = ROOT.parent / "shared" / "peer-workbooks"


@pytest.mark.skipif(not (PEERS / "MANIFEST.tsv").is_file(), reason="../shared/peer-workbooks is not here")
@pytest.mark.parametrize(
    ("name", "sheet", "cell", "value"),
    [
        # ExcelDataReader's test files (MIT), written by other programs than ours: BIFF5 and BIFF8
        ("ExcelDataReader+ExcelDataReader/src__TestData__as3xls_BIFF5.xls", "Sheet1", (4, 2), 0.33),
        (
            "ExcelDataReader+ExcelDataReader/src__TestData__Test_git_issue_111_NoRowRecords.xls",
            "Sheet1",
            (2, 1),
            -0.0118,
        ),
    ],
)
def test_percentage_cells_of_other_projects_xls_files_are_found_where_calamine_reads_their_numbers(
    name: str, sheet: str, cell: tuple[int, int], value: float
) -> None:
    import python_calamine

    from healthkpi.read.percentcells import xls_percent_cells

    path = PEERS / name
    found = xls_percent_cells(path, sheet)
    assert cell in found
    rows = (
        python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python(skip_empty_area=False)
    )
    assert rows[cell[0]][cell[1]] == value
    assert all(isinstance(rows[r][c], float | int) for r, c in found)  # every one a number where calamine reads it
