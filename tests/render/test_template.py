"""Data-entry templates: what they hold, and template → fill → score without -t."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from healthkpi.cli import app
from tests.conftest import write_plan
from tests.forms import BEDS_PLAN

runner = CliRunner()
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")

MULTI_YEAR = BEDS_PLAN.replace('period: "2021"', 'period: "2022-2025"').replace(
    '    target: ">= 36.5"', '    target: ">= 36.5"\n    by: "2025"\n    baseline: "2022"'
)
WITH_ACTIVITIES = (
    BEDS_PLAN
    + """\
activities:
  - {id: A1, group: Nhóm 1, text: Kiện toàn ban chỉ đạo}
  - {id: A2, group: Nhóm 1, text: Tập huấn cán bộ}
"""
)


def make_template(tmp_path: Path, plan_text: str, *args: str) -> tuple[Path, Path]:
    plan_path = write_plan(tmp_path, plan_text, name="healthkpi.yaml")
    out = tmp_path / "mau.xlsx"
    result = runner.invoke(app, ["template", str(plan_path), "-o", str(out), *args])
    assert result.exit_code == 0, result.output
    return plan_path, out


def test_template_sheets_headers_validation_and_protection(tmp_path: Path) -> None:
    _, out = make_template(tmp_path, BEDS_PLAN, "--units", "Mường Lát; Quan Hóa ;Quan Sơn")
    wb = load_workbook(out)
    assert wb.sheetnames == ["Hướng dẫn", "Số liệu", "_healthkpi"]
    assert wb["_healthkpi"].sheet_state == "hidden"
    assert [wb["_healthkpi"]["A1"].value, wb["_healthkpi"]["B1"].value] == ["plan", "test-plan"]
    sheet = wb["Số liệu"]
    assert [c.value for c in sheet[4]] == [
        "STT",
        "Đơn vị",
        "Dân số trung bình",
        "Số giường bệnh",
        "Số bác sỹ",
    ]
    assert [c.value for c in sheet[5]][2:] == ["population", "hospital_beds", "doctors"]
    assert [sheet.cell(r, 2).value for r in (6, 7, 8)] == ["Mường Lát", "Quan Hóa", "Quan Sơn"]
    assert sheet["B9"].value == "Tổng cộng"
    assert sheet["C9"].value == "=SUM(C6:C8)"
    assert sheet.protection.sheet
    assert sheet["C4"].protection.locked
    assert not sheet["C6"].protection.locked
    rules = {str(v.sqref): (v.type, v.operator, v.formula1) for v in sheet.data_validations.dataValidation}
    assert rules["C6:C8"] == ("whole", "greaterThanOrEqual", "0")
    assert sheet.data_validations.dataValidation[0].prompt
    guide = [c.value for row in wb["Hướng dẫn"].iter_rows() for c in row if c.value]
    assert "Số bác sỹ" in guide
    assert "doctors" in guide


def test_multi_year_template_has_a_period_column_and_a_row_per_year(tmp_path: Path) -> None:
    _, out = make_template(tmp_path, MULTI_YEAR, "--units", "A;B")
    sheet = load_workbook(out)["Số liệu"]
    assert sheet["C4"].value == "Năm"
    rows = [(sheet.cell(r, 2).value, sheet.cell(r, 3).value) for r in range(6, 14)]
    assert rows == [("A", y) for y in ("2022", "2023", "2024", "2025")] + [
        ("B", y) for y in ("2022", "2023", "2024", "2025")
    ]
    assert sheet["D14"].value.startswith("=SUMIF($C$6:$C$13,C14,")


def test_activity_sheet_has_a_status_drop_down(tmp_path: Path) -> None:
    _, out = make_template(tmp_path, WITH_ACTIVITIES)
    sheet = load_workbook(out)["Hoạt động"]
    assert [sheet.cell(r, 2).value for r in (4, 5)] == ["A1", "A2"]
    [rule] = sheet.data_validations.dataValidation
    assert rule.type == "list"
    assert "Hoàn thành" in rule.formula1
    assert "Chưa thực hiện" in rule.formula1


def test_units_file_and_blank_rows(tmp_path: Path) -> None:
    units = tmp_path / "units.csv"
    units.write_text("Tên xã\nBản Bo\nBình Lư\nBản Bo\n", encoding="utf-8")
    _, out = make_template(tmp_path, BEDS_PLAN, "--units-file", str(units))
    sheet = load_workbook(out)["Số liệu"]
    assert [sheet.cell(r, 2).value for r in (6, 7)] == ["Bản Bo", "Bình Lư"]  # its header "Tên xã" is not a unit
    out.unlink()  # a template is not written over a file (test below)
    _, blank = make_template(tmp_path, BEDS_PLAN)
    assert load_workbook(blank)["Số liệu"]["B26"].value == "Tổng cộng"  # 20 blank rows to fill in


def fill(template: Path, out: Path) -> Path:
    wb = load_workbook(template)
    sheet = wb["Số liệu"]
    values = {
        "Mường Lát": (40000, 146, 46),
        "Quan Hóa": (50000, 100, 60),
        "Quan Sơn": (40000, "1.000", 50),
    }
    for r in range(6, 9):
        population, beds, doctors = values[sheet.cell(r, 2).value]
        sheet.cell(r, 3, population)
        sheet.cell(r, 4, beds)
        sheet.cell(r, 5, doctors)
    wb.save(out)
    return out


def test_template_fill_score_round_trip_needs_no_plan_flag(tmp_path: Path) -> None:
    _plan_path, template = make_template(tmp_path, BEDS_PLAN, "--units", "Mường Lát;Quan Hóa;Quan Sơn")
    filled = fill(template, tmp_path / "filled.xlsx")
    result = runner.invoke(app, ["score", str(filled), "--format", "json"])
    assert result.exit_code == 1, result.output
    assert '"id": "test-plan"' in result.stdout
    assert '"value": 36.5' in result.stdout  # Mường Lát: 146 / 40,000 × 10,000
    assert '"value": 250' in result.stdout  # Quan Sơn: "1.000" typed as text


def test_a_template_sent_back_unfilled_reads_its_units_with_no_value(tmp_path: Path) -> None:
    """A form with its units but no figure yet: the empty rows under the hidden row of ids borrowed its
    names, were taken for the header, and the run stopped on "no column is clearly the units"."""
    out = tmp_path / "blank.xlsx"
    made = runner.invoke(app, ["template", "thanh-hoa-2021", "-o", str(out), "--units", "Mường Lát;Quan Hóa"])
    assert made.exit_code == 0, made.output
    result = runner.invoke(app, ["score", str(out), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["inputs"][0]["header_row"] == 4
    assert {r["unit"] for r in document["results"]} >= {"Mường Lát", "Quan Hóa"}
    assert {r["status"] for r in document["results"]} == {"no_data"}


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_template_filled_then_saved_by_libreoffice(tmp_path: Path) -> None:
    _plan, template = make_template(tmp_path, BEDS_PLAN, "--units", "Mường Lát;Quan Hóa;Quan Sơn")
    filled = fill(template, tmp_path / "filled.xlsx")
    resaved = tmp_path / "lo"
    resaved.mkdir()
    shutil.copy(tmp_path / "healthkpi.yaml", resaved / "healthkpi.yaml")  # the plan travels with the data
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--convert-to",
            "xlsx:Calc MS Excel 2007 XML",
            "--outdir",
            str(resaved),
            str(filled),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    result = runner.invoke(app, ["score", str(resaved / "filled.xlsx"), "--format", "json"])
    assert result.exit_code == 1, result.output
    assert '"id": "test-plan"' in result.stdout
    # LibreOffice recalculated the SUM row; it skips Quan Sơn's beds typed as text, and healthkpi says so
    assert '"code": "total_mismatch"' in result.stdout
    assert '"where": "Số liệu!D9"' in result.stdout


def test_a_template_is_never_written_over_an_existing_file_without_force(tmp_path: Path) -> None:
    """`-o` naming a form already filled in: the figures it holds would be lost. Exit 2, the file
    named, a free name suggested, the file left as it was; --force replaces it."""
    plan_path = write_plan(tmp_path, BEDS_PLAN, name="healthkpi.yaml")
    filled = tmp_path / "mau.xlsx"
    shutil.copy(Path(__file__).resolve().parents[2] / "examples" / "thanh-hoa-2021.xlsx", filled)
    before = filled.read_bytes()
    for lang, words in (("vi", "tệp này đã có"), ("en", "this file exists already")):
        result = runner.invoke(app, ["template", str(plan_path), "-o", str(filled), "--lang", lang])
        assert result.exit_code == 2, result.output
        assert words in result.output
        assert "mau-2.xlsx" in result.output
        assert "--force" in result.output
        assert "Traceback" not in result.output
    assert filled.read_bytes() == before
    assert not (tmp_path / "mau-2.xlsx").exists()
    result = runner.invoke(app, ["template", str(plan_path), "-o", str(filled), "--force"])
    assert result.exit_code == 0, result.output
    assert load_workbook(filled).sheetnames == ["Hướng dẫn", "Số liệu", "_healthkpi"]


def test_the_refusal_as_a_real_command(tmp_path: Path) -> None:
    import sys

    plan_path = write_plan(tmp_path, BEDS_PLAN, name="healthkpi.yaml")
    out = tmp_path / "mau.xlsx"
    command = [sys.executable, "-m", "healthkpi", "template", str(plan_path), "-o", str(out)]
    assert subprocess.run(command, capture_output=True, check=False).returncode == 0
    again = subprocess.run(command, capture_output=True, text=True, check=False)
    assert again.returncode == 2
    assert "mau.xlsx" in again.stderr
    assert "--force" in again.stderr
    assert "Traceback" not in again.stderr
