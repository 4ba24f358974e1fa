"""The monthly monitoring example (issue 21): Tam Đường's communes, one sheet per month of 2024.

The figures are read a second way (openpyxl, by sheet and column letter) and the year to date
computed here with fractions; the command line must agree, scoring from a fresh clone with no flag.
"""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from fractions import Fraction
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from healthkpi.cli import app
from tests.paths import ROOT

WORKBOOK = ROOT / "examples" / "monitoring" / "tam-duong-tiem-chung-2024.xlsx"
INDICATOR = "full_immunisation_under_1_pct"
runner = CliRunner()


def months() -> dict[int, dict[str, tuple[int, int]]]:
    """month → commune → (infants of the year, fully immunised in the month), read by column letter."""
    book = load_workbook(WORKBOOK, data_only=True)
    out: dict[int, dict[str, tuple[int, int]]] = {}
    for m in range(1, 10):
        rows = {}
        for row in book[f"Tháng {m}"].iter_rows():
            name, infants, done = row[1].value, row[2].value, row[3].value
            if isinstance(infants, int) and isinstance(name, str) and name != "Cộng":
                rows[name] = (infants, done)
        out[m] = rows
    return out


@pytest.fixture(scope="module")
def scored() -> dict:
    result = runner.invoke(app, ["score", str(WORKBOOK), "--period", "all", "-f", "json"])
    assert result.exit_code == 1, result.output  # some communes are behind the line
    return json.loads(result.stdout)


def test_year_to_date_per_commune_and_total_equal_the_figures(scored: dict) -> None:
    figures = months()
    results = {(r["unit"], r["period"]): r for r in scored["results"] if r["indicator"] == INDICATOR}
    totals = {r["period"]: r for r in scored["totals"] if r["indicator"] == INDICATOR}
    for m in range(1, 10):
        line = Fraction(952, 10) * m / 12
        sums = [Fraction(0), Fraction(0)]
        for commune in figures[1]:
            reports = [figures[k].get(commune) for k in range(1, m + 1)]
            if figures[m].get(commune) is None:
                assert (commune, f"{m}/2024") not in results
                continue
            result = results[(commune, f"{m}/2024")]
            assert result["line"] == pytest.approx(float(line), rel=1e-12)
            if any(r is None for r in reports):
                assert result["status"] == "no_data"
                assert result["value"] is None
                continue
            numerator = sum(Fraction(r[1]) for r in reports if r)
            denominator = Fraction(figures[m][commune][0])
            value = numerator * 100 / denominator
            assert result["value"] == pytest.approx(float(value), rel=1e-12)
            assert result["status"] == (
                "pass" if value >= line else "near" if value >= line - 2 * Fraction(m, 12) else "fail"
            )
            sums[0] += numerator
            sums[1] += denominator
        total = totals[f"{m}/2024"]
        assert total["value"] == pytest.approx(float(sums[0] * 100 / sums[1]), rel=1e-12)
    # Hồ Thầu sent no June report: from June on it has no year to date, and the total covers 13 communes
    assert results[("Hồ Thầu", "5/2024")]["status"] != "no_data"
    assert results[("Hồ Thầu", "9/2024")]["status"] == "no_data"
    assert (totals["9/2024"]["units_covered"], totals["9/2024"]["units_total"]) == (13, 14)


def test_scores_with_no_flag_from_a_fresh_clone_as_a_process(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "healthkpi", "score", str(WORKBOOK), "--lang", "en"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={"COLUMNS": "120", "NO_COLOR": "1", "PATH": "/usr/bin:/bin"},
        timeout=300,
    )
    assert done.returncode == 1, done.stderr
    assert "Period 9/2024" in done.stdout
    # the target row: the year's target, the share of the year and the line (wrapped in its cell)
    words = done.stdout.replace("│", " ").split()
    assert "year to date 9/12: ≥ 71.4" in " ".join(w for w in words if w not in ("┃",))
    assert "examples/monitoring/healthkpi.yaml" in done.stdout.replace("\\", "/")
    assert "Traceback" not in done.stderr


def test_the_monitoring_chart_is_in_the_report_and_the_scorecard(tmp_path: Path) -> None:
    html, xlsx = tmp_path / "r.html", tmp_path / "s.xlsx"
    assert runner.invoke(app, ["report", str(WORKBOOK), "-o", str(html)]).exit_code == 1
    page = html.read_text(encoding="utf-8")
    assert 'id="monitoring"' in page
    assert page.count('class="ml"') >= 15  # the line on the total's chart and on each commune's
    assert "Hồ Thầu · 7/2024: –" in page  # no year to date after its missing June, said in the tooltip
    assert runner.invoke(app, ["score", str(WORKBOOK), "-q", "-o", str(xlsx)]).exit_code == 1
    book = load_workbook(xlsx)
    assert "Giám sát lũy kế" in book.sheetnames
    with zipfile.ZipFile(xlsx) as archive:
        charts = [n for n in archive.namelist() if n.startswith("xl/charts/chart")]
        monitoring = [n for n in charts if "đường giám sát".encode() in archive.read(n)]
    assert len(monitoring) == 15  # the total and 14 communes, each with its monitoring line
