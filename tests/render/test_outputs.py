"""Excel, CSV and Markdown scorecards; safety of outputs; batch runs."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

import healthkpi
from healthkpi.cli import app
from healthkpi.cli.files import write_with
from healthkpi.render.csvfile import render_csv
from tests.conftest import write_plan
from tests.forms import BEDS_PLAN, beds_form

runner = CliRunner()
ODD_NAMES = ['=HYPERLINK("http://evil.example","bấm vào đây")', "+1+1", "-2+3", "@SUM(A1:A9)"]


def scorecard_of(tmp_path: Path, names: list[str] | None = None):
    form = beds_form()
    if names:
        form.units = [(name, values) for name, (_old, values) in zip(names, form.units, strict=False)]
    data = form.write(tmp_path / "district.xlsx")
    plan_path = write_plan(tmp_path, BEDS_PLAN)
    return data, plan_path


def test_excel_scorecard_sheets_fills_formats_and_panes(tmp_path: Path) -> None:
    data, plan_path = scorecard_of(tmp_path)
    out = tmp_path / "card.xlsx"
    result = runner.invoke(app, ["score", str(data), "-t", str(plan_path), "-o", str(out), "-q"])
    assert result.exit_code == 1, result.output
    wb = load_workbook(out)
    assert wb.sheetnames == [
        "Tổng hợp",
        "Bảng điểm",
        "Chi tiết",
        "Chỉ tiêu",
        "Biểu đồ",
        "Chất lượng số liệu",
        "Vấn đề số liệu",
    ]
    sheet = wb["Bảng điểm"]
    assert sheet["A1"].value == "Kế hoạch thử"
    assert [c.value for c in sheet[4]][:4] == [
        "Đơn vị",
        "Số giường bệnh/vạn dân",
        "Số bác sỹ/vạn dân",
        "Đạt",
    ]
    assert [c.value for c in sheet[5]][:3] == [
        "Chỉ tiêu",
        "≥ 36,5",
        "≥ 11,5",
    ]  # the target row on top
    assert sheet.freeze_panes == "B6"
    assert sheet.auto_filter.ref == "A4:D9"
    rows = {sheet.cell(r, 1).value: r for r in range(6, 10)}
    ha_trung = sheet.cell(rows["Hà Trung"], 2)
    assert ha_trung.value == pytest.approx(36.5)  # the number itself, unrounded
    assert ha_trung.number_format == '#,##0.0" ✓"'  # the mark beside the colour
    assert ha_trung.fill.fgColor.rgb.endswith("A9D18E")
    tho_xuan = sheet.cell(rows["Thọ Xuân"], 2)
    assert tho_xuan.number_format == '#,##0.0" ✗"'
    assert tho_xuan.fill.fgColor.rgb.endswith("E46C6C")
    total = sheet.cell(rows["Toàn tỉnh"], 2)
    assert total.font.bold
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    summary = wb["Tổng hợp"]
    texts = [c.value for row in summary.iter_rows() for c in row if c.value is not None]
    assert "Kế hoạch thử" in texts
    assert str(data) in texts
    details = wb["Chi tiết"]
    assert [c.value for c in details[1]][:4] == ["unit", "period", "indicator", "value"]
    assert details.max_row == 1 + 3 * 2 + 2  # results and totals


def test_excel_in_english(tmp_path: Path) -> None:
    data, plan_path = scorecard_of(tmp_path)
    out = tmp_path / "card.xlsx"
    runner.invoke(app, ["score", str(data), "-t", str(plan_path), "-o", str(out), "--lang", "en", "-q"])
    wb = load_workbook(out)
    assert wb.sheetnames == ["Summary", "Scorecard", "Details", "Targets", "Charts", "Data quality", "Data issues"]
    assert wb["Scorecard"]["B5"].value == "≥ 36.5"


def test_text_from_inputs_never_becomes_a_formula(tmp_path: Path) -> None:
    data, plan_path = scorecard_of(tmp_path, ODD_NAMES[:3])
    out = tmp_path / "card.xlsx"
    runner.invoke(app, ["score", str(data), "-t", str(plan_path), "-o", str(out), "-q"])
    wb = load_workbook(out)
    for sheet in wb:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
    names = [c.value for c in wb["Bảng điểm"]["A"]]
    assert all(name in names for name in ODD_NAMES[:3])


def test_csv_escapes_cells_a_spreadsheet_would_run(tmp_path: Path) -> None:
    data, plan_path = scorecard_of(tmp_path, [ODD_NAMES[0], ODD_NAMES[3], "Mường Lát"])
    plan = healthkpi.load_plan(plan_path)
    text = render_csv(healthkpi.score(plan, healthkpi.read_data(data, plan)))
    assert "'=HYPERLINK" in text
    assert "'@SUM(A1:A9)" in text
    for line in text.splitlines()[1:]:
        assert not line.startswith(("=", "+", "@", '"=', '"+', '"@'))
    assert re.search(r",fail,-\d", text)  # negative gaps are numbers, not escaped text
    assert "Mường Lát" in text


def test_atomic_write_keeps_the_old_file_when_writing_fails(tmp_path: Path) -> None:
    target = tmp_path / "card.xlsx"
    target.write_bytes(b"the earlier scorecard")

    def broken(temporary: Path) -> None:
        temporary.write_bytes(b"half a workbook")
        raise KeyboardInterrupt  # as if the user pressed Ctrl+C mid-write

    with pytest.raises(KeyboardInterrupt):
        write_with(target, broken)
    assert target.read_bytes() == b"the earlier scorecard"
    assert list(tmp_path.iterdir()) == [target]


def test_markdown_format(tmp_path: Path) -> None:
    data, plan_path = scorecard_of(tmp_path)
    out = runner.invoke(app, ["score", str(data), "-t", str(plan_path), "--format", "markdown"]).stdout
    assert out.startswith("# Kế hoạch thử")
    assert "| Hà Trung | 36,5 ✓ | 11,5 ✓ | 2/2 |" in out
    assert "| *Chỉ tiêu* | *≥ 36,5* | *≥ 11,5* |  |" in out


# --- batch --------------------------------------------------------------------


def make_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "incoming"
    folder.mkdir()
    beds_form().write(folder / "huyen-a.xlsx")
    other = beds_form()
    other.units = [("Nga Sơn", {"population": 100000, "hospital_beds": 400, "doctors": 120})]
    other.write(folder / "huyen-b.xlsx")
    whole = (folder / "huyen-a.xlsx").read_bytes()
    (folder / "huyen-c.xlsx").write_bytes(whole[: len(whole) // 3])  # truncated in transit
    return folder


def test_batch_scores_the_others_names_the_bad_one_and_exits_1(tmp_path: Path) -> None:
    folder = make_folder(tmp_path)
    plan_path = write_plan(tmp_path, BEDS_PLAN)
    out = tmp_path / "cards"
    result = runner.invoke(
        app,
        ["score", str(folder), "-t", str(plan_path), "--output-dir", str(out), "--lang", "en"],
        env={"COLUMNS": "200"},
    )
    assert result.exit_code == 1
    assert "huyen-c.xlsx: the workbook is damaged or incomplete" in result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["huyen-a.xlsx", "huyen-b.xlsx"]
    assert "huyen-a.xlsx" in result.stdout
    assert "huyen-c.xlsx" in result.stdout


def test_batch_in_json_on_two_workers(tmp_path: Path) -> None:
    folder = make_folder(tmp_path)
    (folder / "huyen-c.xlsx").unlink()
    plan_path = write_plan(tmp_path, BEDS_PLAN.replace('">= 36.5"', '">= 1"').replace('">= 11.5"', '">= 1"'))
    out = tmp_path / "cards"
    result = runner.invoke(
        app,
        [
            "score",
            str(folder),
            "-t",
            str(plan_path),
            "--output-dir",
            str(out),
            "--format",
            "json",
            "-j",
            "2",
            "-q",
        ],
    )
    assert result.exit_code == 0, result.output
    documents = {p.name: json.loads(p.read_text(encoding="utf-8")) for p in out.iterdir()}
    assert sorted(documents) == ["huyen-a.json", "huyen-b.json"]
    assert [r["unit"] for r in documents["huyen-b.json"]["results"]] == ["Nga Sơn", "Nga Sơn"]


def test_batch_where_nothing_can_be_read_exits_2(tmp_path: Path) -> None:
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "a.xlsx").write_bytes(b"")
    result = runner.invoke(
        app,
        [
            "score",
            str(folder),
            "-t",
            str(write_plan(tmp_path, BEDS_PLAN)),
            "--output-dir",
            str(tmp_path / "o"),
        ],
    )
    assert result.exit_code == 2


def test_combined_run_leaves_out_an_unreadable_input_and_says_so(tmp_path: Path) -> None:
    folder = make_folder(tmp_path)
    result = runner.invoke(
        app, ["score", str(folder), "-t", str(write_plan(tmp_path, BEDS_PLAN)), "--format", "json", "--lang", "en"]
    )
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    assert [Path(f["path"]).name for f in document["failed_inputs"]] == ["huyen-c.xlsx"]
    assert {r["unit"] for r in document["results"]} == {
        "Thọ Xuân",
        "Hà Trung",
        "Mường Lát",
        "Nga Sơn",
    }
    assert "left out" in result.stderr


def test_output_and_output_dir_together_is_a_usage_error(tmp_path: Path) -> None:
    folder = make_folder(tmp_path)
    result = runner.invoke(
        app,
        [
            "score",
            str(folder),
            "-t",
            "thanh-hoa-2021",
            "-o",
            str(tmp_path / "x.xlsx"),
            "--output-dir",
            str(tmp_path / "o"),
            "--lang",
            "en",
        ],
    )
    assert result.exit_code == 2
    assert "not both" in result.stderr


def test_an_unreadable_input_is_said_in_the_reports_language_in_json_and_html(tmp_path: Path) -> None:
    folder = make_folder(tmp_path)
    plan = str(write_plan(tmp_path, BEDS_PLAN))
    result = runner.invoke(app, ["score", str(folder), "-t", plan, "--format", "json"])
    (failed,) = json.loads(result.stdout)["failed_inputs"]
    english = json.loads(runner.invoke(app, ["score", str(folder), "-t", plan, "-f", "json", "--lang", "en"]).stdout)
    assert failed["error"] != english["failed_inputs"][0]["error"]
    assert "tệp" in failed["error"]
    report = tmp_path / "r.html"
    runner.invoke(app, ["report", str(folder), "-t", plan, "-o", str(report)])
    assert failed["error"].split(":")[-1].strip()[:20] in report.read_text(encoding="utf-8")
