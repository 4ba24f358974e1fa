"""The reorganisation example: Tam Đường's 14 old communes (2022-2024) merged into 6 new ones (2025)."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import pytest
from openpyxl import load_workbook

import healthkpi
from healthkpi.scoring.scorecard import Scorecard
from tests.paths import ROOT

FOLDER = ROOT / "examples" / "reorganisation"
WORKBOOK = FOLDER / "tam-duong-2022-2025-sap-xep.xlsx"
NEW = ["Xã Tam Đường", "Xã Bình Lư", "Xã Bản Bo", "Xã Khun Há", "Xã Nùng Nàng", "Xã Tả Lèng"]


def rows_of(year: int) -> dict[str, dict[str, object]]:
    """The example's rows for one year, read with openpyxl by column letter: a second reader of the form."""
    sheet = load_workbook(WORKBOOK, data_only=True)["Biểu 01"]
    out = {}
    for row in sheet.iter_rows(min_row=1):
        name, period = row[1].value, row[2].value
        if period == year and isinstance(name, str) and not name.startswith("Toàn"):
            out[name] = {cell.column_letter: cell.value for cell in row}
    return out


@pytest.fixture(scope="module")
def card() -> Scorecard:
    plan = healthkpi.load_plan(FOLDER / "healthkpi.yaml")
    return healthkpi.score(plan, healthkpi.read_data(WORKBOOK, plan))


def test_scored_in_the_new_units_with_area_subtotals(card: Scorecard) -> None:
    assert list(dict.fromkeys(r.unit for r in card.results)) == NEW
    assert {s.unit for s in card.subtotals} == {"Khu vực trung tâm", "Khu vực vùng cao"}
    codes = {i.code for i in card.issues}
    # The plan lists the 14 old communes; each is held by a new one, and apportioned shares are not typos.
    assert not codes & {"missing_unit", "non_integer_count", "missing_period"}


def test_baseline_rolled_up_from_the_old_communes_with_the_split(card: Scorecard) -> None:
    old = rows_of(2022)
    # techniques performed (S) over techniques in the list (R); Bản Hon is split 0.6 / 0.4
    parts = {"Xã Tam Đường": [("Thị trấn Tam Đường", 1), ("Bản Giang", 1), ("Bản Hon", Fraction(3, 5))],
             "Xã Bình Lư": [("Bình Lư", 1), ("Nà Tăm", 1), ("Bản Hon", Fraction(2, 5))]}  # fmt: skip
    for new, members in parts.items():
        done = sum(old[name]["S"] * share for name, share in members)
        listed = sum(old[name]["R"] * share for name, share in members)
        result = next(r for r in card.results if r.unit == new and r.indicator == "commune_techniques_growth")
        assert Fraction(result.baseline_value).limit_denominator(10**7) == Fraction(done) / listed * 100
        latest = rows_of(2025)[new]
        value = Fraction(latest["S"], latest["R"]) * 100
        assert Fraction(result.value).limit_denominator(10**7) == value
    assert card.data.composition[(healthkpi.base.text.unit_key("Xã Bình Lư"), "2022")] == [
        ("Bình Lư", 1.0),
        ("Bản Hon", 0.4),
        ("Nà Tăm", 1.0),
    ]  # in the order the form lists them


def test_cli_finds_the_plan_beside_the_workbook_and_explains_the_baseline(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "healthkpi", "score", str(WORKBOOK), "--format", "json", "--lang", "en"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    document = json.loads(done.stdout)
    assert document["plan"]["path"].endswith("reorganisation/healthkpi.yaml")
    assert [s["unit"] for s in document["subtotals"]][:2] == ["Khu vực trung tâm", "Khu vực vùng cao"]
    explained = subprocess.run(
        [sys.executable, "-m", "healthkpi", "explain", str(WORKBOOK), "--unit", "binh lu",
         "--indicator", "commune_techniques_growth", "--lang", "en"],
        capture_output=True, text=True, check=False, env={"COLUMNS": "200", "PATH": ""},
    )  # fmt: skip
    assert "rolled up from the old units: Bình Lư, Bản Hon × 0.4, Nà Tăm" in explained.stdout, explained.stderr


def test_the_builder_reproduces_the_example(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "examples"))
    try:
        module = importlib.import_module("example_reorganisation")
    finally:
        sys.path.remove(str(ROOT / "examples"))
    built = module.build(tmp_path)
    for name in ("healthkpi.yaml", "hierarchy.csv"):
        assert (tmp_path / "reorganisation" / name).read_text(encoding="utf-8") == (FOLDER / name).read_text(
            encoding="utf-8"
        )
    fresh = load_workbook(built)["Biểu 01"]
    shipped = load_workbook(WORKBOOK)["Biểu 01"]
    assert [[c.value for c in row] for row in fresh.iter_rows()] == [
        [c.value for c in row] for row in shipped.iter_rows()
    ]


def test_a_folder_with_the_side_files_scores_only_the_data(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "healthkpi", "score", str(FOLDER), "-f", "json", "--lang", "en"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    assert [i["path"] for i in json.loads(done.stdout)["inputs"]] == [str(WORKBOOK)]
    assert f"{FOLDER / 'unit-map.xlsx'} was skipped: it is a side file of the plan, not data" in done.stderr
    assert "left out" not in done.stderr
    batch = subprocess.run(
        [sys.executable, "-m", "healthkpi", "score", str(FOLDER), "--output-dir", str(tmp_path), "-q"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert batch.returncode == 1, batch.stderr
    assert [p.name for p in tmp_path.iterdir()] == [WORKBOOK.name]
