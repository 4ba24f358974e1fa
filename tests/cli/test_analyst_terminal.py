"""What an analyst copies, reads and prints (issue 19): ids whole at 80 columns, the activity
headline readable, every unfinished activity on request, plain hints for YAML slips, and the
small things (a CSV Excel opens in Vietnamese, flags that look like flags, a units list's header)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from healthkpi.cli import app
from healthkpi.plan.bundled import bundled_plans, resolve_plan
from healthkpi.scoring.pipeline import load_plan
from tests.paths import EXAMPLES

runner = CliRunner()


def run(*args: str, width: int = 80):
    return runner.invoke(app, list(args), env={"COLUMNS": str(width)})


def words(text: str) -> set[str]:
    """Every run of id characters in a terminal print: a folded id shows up as two pieces."""
    return set(re.findall(r"[A-Za-z0-9_][A-Za-z0-9_.-]*[A-Za-z0-9_]", text))


@pytest.mark.parametrize("width", [80, 200])
def test_plans_prints_every_id_whole(width: int) -> None:
    result = run("plans", width=width)
    assert result.exit_code == 0
    found = words(result.stdout)
    for plan in bundled_plans():
        assert plan.id in found, plan.id
    assert "huyện" in result.stdout  # the level in the user's language, not "district"
    assert "district" not in result.stdout


@pytest.mark.parametrize("plan_id", ["thanh-hoa-2021", "ha-noi-2021-2025", "tam-duong-2022-2025"])
def test_show_prints_every_indicator_and_variable_id_whole_at_80_columns(plan_id: str) -> None:
    plan = load_plan(resolve_plan(plan_id))
    result = run("show", plan_id)
    assert result.exit_code == 0
    found = words(result.stdout)
    missing = [i.id for i in plan.indicators if i.id not in found] + [v for v in plan.variables if v not in found]
    assert not missing
    for indicator in plan.indicators:  # the formula's names whole too
        assert all(token in found for token in re.findall(r"[a-z_][a-z0-9_]*", indicator.formula)), indicator.id


def test_show_as_a_subprocess_piped_keeps_ids_whole() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "healthkpi", "show", "thanh-hoa-2021"],
        capture_output=True,
        text=True,
        env={"COLUMNS": "80", "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "communes_national_standard_pct" in result.stdout
    assert max(len(line) for line in result.stdout.splitlines()) <= 80


def test_explain_names_the_indicator_id_whole_above_a_narrow_panel() -> None:
    result = run(
        "explain", str(EXAMPLES / "thanh-hoa-2021.xlsx"), "-u", "Mường Lát", "-i", "communes_national_standard_pct"
    )
    assert result.exit_code in (0, 1)
    assert "communes_national_standard_pct" in words(result.stdout)


def test_activity_completion_is_readable_at_80_columns_and_every_unfinished_one_listed_on_request() -> None:
    result = run("score", str(EXAMPLES / "hcmc-2023.xlsx"))
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    header = "\n".join(lines[:12])
    assert "Tỷ lệ hoàn" in header
    assert "thành" in header
    assert any(line.rstrip().endswith("40% │") for line in lines)  # the overall completion, not cropped
    listed = run("score", str(EXAMPLES / "hcmc-2023.xlsx"), "--all-issues", width=200)
    ids = re.findall(r"^\s+[~✗–]\s+(\S+)\.", listed.stdout, re.M)
    assert ids == ["N1", "N2", "N4", "N6", "N7", "N9"]
    assert "…" not in listed.stdout.split("Chưa hoàn thành")[1].split("Vấn đề")[0]  # texts whole


def test_strict_with_all_issues_lists_every_blocker(tmp_path: Path) -> None:
    data = tmp_path / "d.csv"
    rows = ["Đơn vị,Số giường bệnh,Dân số"] + [f"Xã {k},abc,1000" for k in range(30)]
    data.write_text("\n".join(rows) + "\n", encoding="utf-8")
    plan = tmp_path / "p.yaml"
    plan.write_text(
        "healthkpi: 1\nplan: {id: p, title: P}\nvariables:\n  beds: {label: Số giường bệnh}\n"
        "  population: {label: Dân số}\nindicators:\n  - id: beds_per_1k\n    name: Giường/1000 dân\n"
        "    numerator: beds\n    denominator: population\n    per: 1000\n    target: '>= 1'\n",
        encoding="utf-8",
    )
    few = run("score", str(data), "-t", str(plan), "--strict")
    assert few.exit_code == 2
    assert "--all-issues" in few.stderr
    every = run("score", str(data), "-t", str(plan), "--strict", "--all-issues")
    assert every.exit_code == 2
    assert all(f"Xã {k}" in every.stderr for k in range(30))


def test_a_csv_written_with_o_opens_in_excel_with_vietnamese_intact(tmp_path: Path) -> None:
    out = tmp_path / "s.csv"
    result = run("score", str(EXAMPLES / "thanh-hoa-2021.xlsx"), "-o", str(out))
    assert result.exit_code == 1
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the byte-order mark Excel needs to read UTF-8
    assert "Mường Lát" in raw.decode("utf-8-sig")
    assert f"Đã ghi {out}" in result.stderr
    piped = run("score", str(EXAMPLES / "thanh-hoa-2021.xlsx"), "-f", "csv")
    assert not piped.stdout.startswith("\ufeff")  # standard output is for pipes: no mark


def test_help_shows_flags_as_flags() -> None:
    result = run("score", "--help", width=120)
    flags = [line for line in result.stdout.splitlines() if re.match(r"│ --(strict|quiet|all-issues|matrix)\b", line)]
    assert len(flags) == 4
    assert not any("<bool>" in line for line in flags)


def test_template_units_file_skips_its_header_row(tmp_path: Path) -> None:
    units = tmp_path / "hierarchy.csv"
    units.write_text("Đơn vị,Cấp trên\nMường Lát,Thanh Hóa\nQuan Hóa,Thanh Hóa\n", encoding="utf-8")
    out = tmp_path / "t.xlsx"
    result = run("template", "thanh-hoa-2021", "-o", str(out), "--units-file", str(units))
    assert result.exit_code == 0, result.output
    given = tmp_path / "given.xlsx"
    assert run("template", "thanh-hoa-2021", "-o", str(given), "--units", "Mường Lát; Quan Hóa").exit_code == 0

    def column(path: Path) -> list[object]:
        sheet = load_workbook(path)["Số liệu"]
        return [sheet.cell(r, 2).value for r in range(1, sheet.max_row + 1)]

    assert column(out) == column(given)  # the same units, no "Đơn vị" unit
    assert "Quan Hóa" in column(out)


def test_html_report_says_the_near_band_with_a_comma_and_names_the_city_total(tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    result = run("report", str(EXAMPLES / "hcmc-2021.xlsx"), "-o", str(out))
    assert result.exit_code in (0, 1), result.output
    page = out.read_text(encoding="utf-8")
    assert "Mục tiêu toàn thành phố ≥ 48" in page
    assert "toàn tỉnh" not in page
    assert "hcmc-2021.yaml (kế hoạch có sẵn trong healthkpi" in page
    assert "target_source" not in page


def test_the_near_band_is_said_with_a_decimal_comma(tmp_path: Path) -> None:
    plan = tmp_path / "p.yaml"
    plan.write_text(
        "healthkpi: 1\nplan: {id: p, title: P}\nvariables:\n  hiv: {label: Số nhiễm}\n  people: {label: Dân số}\n"
        "indicators:\n  - id: hiv_pct\n    name: Tỷ lệ nhiễm HIV\n    numerator: hiv\n    denominator: people\n"
        "    per: 100\n"
        "    target: '< 0.12'\n    near: 0.1\n",
        encoding="utf-8",
    )
    data = tmp_path / "d.csv"
    data.write_text("Đơn vị,Số nhiễm,Dân số\nXã A,1,1000\n", encoding="utf-8")
    out = tmp_path / "r.html"
    assert run("report", str(data), "-t", str(plan), "-o", str(out)).exit_code in (0, 1)
    page = out.read_text(encoding="utf-8")
    assert "Gần đạt 0,1" in page
    assert "Gần đạt 0.1" not in page


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("    target: >= 90\n", 9, 'target: ">= 90"'),
        ("    target: > 95\n", 9, 'target: "> 95"'),
        ("   target: '>= 90'\n", 9, "has an indent of 3, in line with no block"),
        (" target: '>= 90'\n", 9, "has an indent of 1, in line with no block"),  # not "1 spaces"
    ],
)
def test_yaml_slips_get_plain_words_on_the_line_of_the_slip(
    tmp_path: Path, text: str, line: int, fragment: str
) -> None:
    plan = tmp_path / "p.yaml"
    plan.write_text(
        "healthkpi: 1\nplan: {id: p, title: P}\nvariables:\n  a: {label: A}\n  b: {label: B}\n"
        "indicators:\n  - id: x\n    name: X\n" + text + "    numerator: a\n    denominator: b\n",
        encoding="utf-8",
    )
    result = run("check", str(plan), "--lang", "en")
    assert result.exit_code == 2
    assert f"{plan}:{line}:" in result.stderr
    assert fragment in result.stderr
    assert "block scalar" not in result.stderr
    assert "<block end>" not in result.stderr


def test_yaml_slips_are_explained_in_vietnamese_by_default(tmp_path: Path) -> None:
    plan = tmp_path / "p.yaml"
    plan.write_text(
        "healthkpi: 1\nplan: {id: p, title: P}\nvariables:\n  a: {label: A}\n  b: {label: B}\n"
        "indicators:\n  - id: x\n    name: X\n    target: >= 90\n    numerator: a\n    denominator: b\n",
        encoding="utf-8",
    )
    result = run("check", str(plan))
    assert result.exit_code == 2
    assert f"{plan}:9:" in result.stderr
    assert 'hãy đặt mục tiêu trong dấu nháy kép: target: ">= 90"' in result.stderr
