"""A district form saved by LibreOffice — as .xlsx, .xls and .ods — scores as computed by hand.

LibreOffice is a second, independent writer of workbooks: it recalculates
formulas and stores their cached values, writes its own header merges and
its own shared strings. Skipped (with the reason) where it is not installed.
"""

from __future__ import annotations

import shutil
import subprocess
from fractions import Fraction
from pathlib import Path

import pytest

import healthkpi
from healthkpi.read.grid import ods_merged_ranges
from tests.conftest import write_plan
from tests.forms import BEDS_PLAN, beds_form
from tests.paths import EXAMPLES

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")

FORMATS = {"xlsx": "xlsx:Calc MS Excel 2007 XML", "xls": "xls:MS Excel 97", "ods": "ods"}


@pytest.fixture(scope="module")
def saved_by_libreoffice(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("lo")
    form = beds_form(sections={0: "I. Đồng bằng", 2: "II. Miền núi"}, total="Tổng cộng")
    form.units[0][1]["population"] = "395.000"  # typed as text
    form.units[1][1]["doctors"] = "=200+30"  # a formula: LibreOffice stores its value
    # rows 8–12 hold the sections and units; the total row sums them as a district would
    form.total_values = {
        "population": "=SUM(C8:C12)",
        "hospital_beds": "=SUM(D8:D12)",
        "doctors": "=SUM(E8:E12)",
    }
    (folder / "source").mkdir()
    source = form.write(folder / "source" / "district.xlsx")
    profile = folder / "profile"
    out: dict[str, Path] = {}
    for extension, filter_name in FORMATS.items():
        target = folder / extension
        target.mkdir()
        subprocess.run(
            [
                SOFFICE,
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                filter_name,
                "--outdir",
                str(target),
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
        out[extension] = target / f"district.{extension}"
        assert out[extension].exists()
    return out


def hand(numerator: int, denominator: int, per: int = 10000) -> Fraction:
    return Fraction(numerator * per, denominator)


@pytest.mark.parametrize("extension", list(FORMATS))
def test_libreoffice_saved_workbook_scores_as_by_hand(
    saved_by_libreoffice: dict[str, Path], tmp_path: Path, extension: str
) -> None:
    plan = healthkpi.load_plan(write_plan(tmp_path, BEDS_PLAN))
    data = healthkpi.read_data(saved_by_libreoffice[extension], plan)
    assert list(data.frame["unit"]) == ["Thọ Xuân", "Hà Trung", "Mường Lát"]
    assert [t.values["doctors"] for t in data.totals] == [770]  # the cached value of =SUM(…)
    card = healthkpi.score(plan, data)
    # Excel's and LibreOffice's SUM skip a number typed as text, so the form's own
    # total misses Thọ Xuân's 395,000 people — exactly what healthkpi must point out.
    [mismatch] = card.issues
    assert (mismatch.code, mismatch.where, mismatch.variable) == (
        "total_mismatch",
        "Số liệu!C13",
        "population",
    )
    assert (mismatch.facts["total"], mismatch.facts["sum"]) == (240000, 635000)
    results = {(r.unit, r.indicator): r for r in card.results}
    expected = {
        ("Thọ Xuân", "beds_per_10k"): (hand(1234, 395000), "fail"),
        ("Hà Trung", "beds_per_10k"): (hand(730, 200000), "pass"),  # 36.5 exactly
        ("Mường Lát", "beds_per_10k"): (hand(100, 40000), "fail"),
        ("Thọ Xuân", "doctors_per_10k"): (hand(500, 395000), "pass"),
        ("Hà Trung", "doctors_per_10k"): (
            hand(230, 200000),
            "pass",
        ),  # 11.5 exactly, from a formula
        ("Mường Lát", "doctors_per_10k"): (hand(40, 40000), "fail"),
    }
    for key, (value, status) in expected.items():
        assert results[key].value == pytest.approx(float(value), rel=1e-12), key
        assert results[key].status == status, key
    totals = {t.indicator: t for t in card.totals}
    assert totals["beds_per_10k"].value == pytest.approx(float(hand(2064, 635000)), rel=1e-12)
    assert totals["beds_per_10k"].status == "fail"
    assert totals["doctors_per_10k"].value == pytest.approx(float(hand(770, 635000)), rel=1e-12)
    assert totals["doctors_per_10k"].status == "pass"
    assert totals["beds_per_10k"].units_covered == 3


def test_the_thanh_hoa_form_saved_as_ods_reads_its_merged_two_level_header_like_the_xlsx(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """calamine gives no merged ranges for .ods: without them the upper level of the header
    ("Số trẻ sinh ra" over "Nam" and "Nữ") was lost, and with it 49 columns (missing_column)."""
    folder = tmp_path_factory.mktemp("ods")
    source = EXAMPLES / "thanh-hoa-2021.xlsx"
    subprocess.run(
        [
            SOFFICE,  # type: ignore[list-item]
            f"-env:UserInstallation=file://{folder / 'profile'}",
            "--headless",
            "--convert-to",
            "ods",
            "--outdir",
            str(folder),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    ods = folder / "thanh-hoa-2021.ods"
    assert sorted(ods_merged_ranges(ods, "Biểu 01")) == sorted(tuple(map(tuple, m)) for m in _xlsx_merged(source))
    plan = healthkpi.load_plan(EXAMPLES / "healthkpi.yaml")
    cards = [healthkpi.score(plan, healthkpi.read_data(path, plan)) for path in (source, ods)]
    [(ods_columns, ods_issues, ods_results), (xlsx_columns, xlsx_issues, xlsx_results)] = [
        (
            card.data.inputs[0].columns,
            [(i.code, i.variable, i.unit) for i in card.issues],
            [(r.unit, r.indicator, r.status, r.value) for r in card.results],
        )
        for card in reversed(cards)
    ]
    assert not [i for i in ods_issues if i[0] == "missing_column"]
    assert (ods_columns, ods_issues, ods_results) == (xlsx_columns, xlsx_issues, xlsx_results)


def _xlsx_merged(path: Path) -> list[object]:
    import python_calamine

    return list(python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Biểu 01").merged_cell_ranges)
