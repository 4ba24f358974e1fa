"""The terminal scorecard that fits (issue 19): an overview for wide plans, the matrix and filters on options."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from healthkpi.cli import app
from healthkpi.render.grid import score_grids
from healthkpi.render.view import View, narrow, parse_statuses
from healthkpi.scoring.pipeline import RunOptions, gather, score_inputs
from tests.paths import EXAMPLES

runner = CliRunner()
THANH_HOA = EXAMPLES / "thanh-hoa-2021.xlsx"


def score(*args: str, width: int = 80):
    return runner.invoke(app, ["score", *args], env={"COLUMNS": str(width)})


@pytest.fixture(scope="module")
def card():
    inputs = gather([str(THANH_HOA)], None)
    return score_inputs(inputs.paths, inputs.plan_path, RunOptions()).card


def test_a_wide_plan_fits_in_150_lines_at_80_columns_and_names_every_unit_and_indicator(card) -> None:
    result = score(str(THANH_HOA))
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert len(lines) <= 150
    assert all(len(line) <= 80 for line in lines)
    (grid,) = score_grids(card, "vi")
    for row in grid.rows:
        assert any(line.startswith(row.label + " ") for line in lines), row.label  # the per-unit line
    for indicator in grid.indicators:
        start = indicator.label("vi")[:18]
        assert any(line.startswith("  " + start) for line in lines), indicator.id  # the per-indicator line
    assert "Xa mục tiêu nhất" not in result.stdout or "Vĩnh Lộc 27,1" in result.stdout
    assert "--matrix" in result.stdout  # it says how to get the full grid


def test_the_furthest_heading_wraps_at_80_columns_instead_of_being_cut() -> None:
    lines = score(str(THANH_HOA)).stdout.splitlines()
    heading = next(n for n, line in enumerate(lines) if line.startswith("Chỉ tiêu "))
    assert lines[heading - 1].rstrip().endswith("Xa mục tiêu")
    assert lines[heading].rstrip().endswith("nhất")
    assert not any("Xa mục tiêu n…" in line for line in lines)
    assert len(lines) <= 150  # the wrap costs one line


def test_the_overview_counts_are_the_grid_counted(card) -> None:
    result = score(str(THANH_HOA), width=200)
    line = next(line for line in result.stdout.splitlines() if line.startswith("  Số giường bệnh/vạn dân "))
    (grid,) = score_grids(card, "vi")
    column = [ind.id for ind in grid.indicators].index("beds_per_10k")
    statuses = [row.cells[column].status for row in grid.rows]
    expected = [str(statuses.count(s) or "·") for s in ("pass", "near", "fail", "no_data")]
    assert "35,4 ~!" in line  # the province total, flagged: the form's own total row says otherwise
    assert line.split("35,4 ~!")[1].split()[:4] == expected
    assert line.rstrip().endswith("Vĩnh Lộc 27,1")  # the lowest beds per 10,000 people


def test_a_plan_that_fits_prints_the_matrix(tmp_path: Path) -> None:
    result = score(str(EXAMPLES / "hcmc-2021.xlsx"), width=250)
    assert "┃" in result.stdout
    assert "Xa mục tiêu nhất" not in result.stdout


def test_matrix_prints_the_full_grid_with_the_met_column_whole() -> None:
    result = score(str(THANH_HOA), "--matrix", width=80)
    assert result.stdout.count("Kỳ 2021") > 10  # split into tables across the width
    assert "31/55" in result.stdout


def test_filters_cut_the_grid_to_what_they_name(card) -> None:
    result = score(str(THANH_HOA), "-i", "beds_per_10k", "--status", "không-đạt")
    rows = [line for line in result.stdout.splitlines() if line.startswith("│ ")]
    units = [r for r in rows if "✗" in r]
    (grid,) = score_grids(card, "vi")
    column = [ind.id for ind in grid.indicators].index("beds_per_10k")
    failing = [row.label for row in grid.rows if row.cells[column].status == "fail"]
    assert [r.split("│")[1].strip() for r in units] == failing
    assert all("✓" not in r and "~" not in r for r in rows)
    assert all(r.rstrip(" │").endswith("/55") for r in units)  # targets met of the whole plan


def test_unit_and_group_filters(card) -> None:
    result = score(str(THANH_HOA), "-u", "tho xuan", "-g", "Chỉ tiêu cơ bản", width=200)
    assert result.exit_code == 1  # the exit code is the whole plan's
    rows = [line.split("│")[1].strip() for line in result.stdout.splitlines() if line.startswith("│ ")]
    assert rows == ["Chỉ tiêu", "Thọ Xuân", "Toàn tỉnh"]
    header = result.stdout.split("┡")[0]
    assert "Số giường" in header
    assert "Tỷ lệ nhiễm HIV" not in header


def test_several_units_and_indicators_in_one_option_as_the_readme_writes_them() -> None:
    """`-u "A;B"` as `--sheet "A;B"`: it had been looked up as one unit named "Thọ Xuân;Mường Lát" (exit 2)."""
    together = score(str(THANH_HOA), "-u", "Thọ Xuân; Mường Lát", "-i", "beds_per_10k;doctors_per_10k", width=200)
    repeated = score(
        str(THANH_HOA), "-u", "Thọ Xuân", "-u", "Mường Lát", "-i", "beds_per_10k", "-i", "doctors_per_10k", width=200
    )
    assert together.exit_code == repeated.exit_code == 1
    assert together.stdout == repeated.stdout
    rows = [line.split("│")[1].strip() for line in together.stdout.splitlines() if line.startswith("│ ")]
    assert rows == ["Chỉ tiêu", "Thọ Xuân", "Mường Lát", "Toàn tỉnh"]  # in the order of the data
    assert "Số bác sỹ/vạn dân" in together.stdout.split("┡")[0]


def test_bad_filters_are_refused_in_the_users_language() -> None:
    unknown = score(str(THANH_HOA), "-u", "Thọ Xuânn")
    assert unknown.exit_code == 2
    assert "không có đơn vị này trong số liệu; gần nhất: Thọ Xuân" in unknown.stderr
    status = score(str(THANH_HOA), "--status", "tốt")
    assert status.exit_code == 2
    assert "không phải kết quả nào" in status.stderr
    group = score(str(THANH_HOA), "-g", "Không có", "--lang", "en")
    assert group.exit_code == 2
    assert "its groups: Chỉ tiêu cơ bản" in group.stderr
    machine = score(str(THANH_HOA), "-i", "beds_per_10k", "-f", "json")
    assert machine.exit_code == 2
    assert "mọi kết quả" in machine.stderr
    assert machine.stdout == ""


def test_an_indicator_filter_naming_nothing_lists_the_ids_and_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "card.xlsx"
    result = score(str(THANH_HOA), "-i", "xyz", "-o", str(out), "--lang", "en")
    assert result.exit_code == 2
    assert "--indicator xyz: not in plan thanh-hoa-2021; its indicators: beds_per_10k, doctors_per_10k," in " ".join(
        result.stderr.split()
    )
    assert "(+43)" in result.stderr
    assert result.stdout == ""  # not even the heading
    assert not out.exists()


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        (["fail"], ("fail",)),
        (["không đạt,gần-đạt"], ("fail", "near")),
        (["khong-dat", "✓"], ("fail", "pass")),
        (["no_data"], ("no_data",)),
        (["fail;near"], ("fail", "near")),  # as -i, -g and -u take "A;B"
    ],
)
def test_status_words(given: list[str], expected: tuple[str, ...]) -> None:
    assert parse_statuses(given) == expected


def test_narrow_blanks_the_cells_of_other_statuses_and_keeps_the_plan_count(card) -> None:
    (grid,) = score_grids(card, "vi")
    narrowed = narrow(grid, View(statuses=("no_data",)), card.plan.id)
    assert narrowed.rows
    assert all(any(c.status == "no_data" and not c.hidden for c in r.cells) for r in narrowed.rows)
    assert all(c.hidden for r in narrowed.rows for c in r.cells if c.status != "no_data")
    assert narrowed.rows[0].met_text.endswith("/55")


def test_a_real_terminal_of_80_columns_piped(tmp_path: Path) -> None:
    env = {**os.environ, "COLUMNS": "80"}
    done = subprocess.run(
        [sys.executable, "-m", "healthkpi", "score", str(THANH_HOA)],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        check=False,
    )
    assert done.returncode == 1
    assert len(done.stdout.splitlines()) <= 150


def test_writing_a_file_says_which(tmp_path: Path) -> None:
    out = tmp_path / "bang-diem.xlsx"
    result = score(str(THANH_HOA), "-o", str(out))
    assert f"Đã ghi {out}" in result.stderr
    assert out.exists()
    quiet = score(str(THANH_HOA), "-o", str(tmp_path / "b.xlsx"), "-q")
    assert "Đã ghi" not in quiet.stderr


def test_the_furthest_units_value_is_never_cut_only_its_name() -> None:
    """ "Quảng Xương 8…" reads as 8: at 80 columns the unit's name is cut, the value stays whole."""
    lines = score(str(THANH_HOA)).stdout.splitlines()
    rows = [line.rstrip() for line in lines if line.startswith("  ") and (" ✓" in line or " ✗" in line or " ~" in line)]
    assert len(rows) >= 50
    assert not [row for row in rows if row.endswith("…")]
    assert any("Quảng X" in row and "… 78,6" in row for row in rows)  # the name cut, its 78,6 whole
