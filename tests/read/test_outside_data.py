"""Real published statistics that nobody on the project wrote, read as published (issue 16).

The workbooks and where they come from (publisher, licence, layout, the figures
checked here) are described in tests/data/outside/SOURCES.md: NHS England's bed
availability by trust (KH03, .xlsx), UKHSA's and PHE's childhood vaccination
coverage by local authority (COVER, .ods and .xls), and ONS birth
characteristics (.xlsx). Each test names the unit column only where the file
gives no way to find it; otherwise the reader must find it, or refuse.
"""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

import healthkpi
from healthkpi.base.errors import WorkbookError
from healthkpi.cli import app
from tests.conftest import write_plan
from tests.paths import ROOT

OUTSIDE = ROOT / "tests" / "data" / "outside"
runner = CliRunner()

KH03 = """\
healthkpi: 1
plan: {id: nhs-beds, title: Overnight beds by NHS trust, title_en: Overnight beds by NHS trust}
variables:
  available: {label: Available / Total, kind: value}   # averages of beds a day: not whole numbers
  occupied: {label: Occupied / Total, kind: value}
indicators:
  - {id: occupancy, name: Bed occupancy (%), numerator: occupied, denominator: available, per: 100, target: "<= 85"}
"""

COVER_2025 = """\
healthkpi: 1
plan: {id: cover-12m, title: Coverage at 12 months}
variables:
  children: {label: Number of children who reached 12 months in reporting quarter}
  dtap: {label: Coverage at 12 months DTaP/IPV/Hib/HepB (%), kind: value}
indicators:
  - {id: children, name: Children aged 12 months, numerator: children, decimals: 0, target: ">= 0"}
  - {id: dtap, name: DTaP/IPV/Hib/HepB at 12 months (%), numerator: dtap, target: ">= 95"}
"""

COVER_2014 = """\
healthkpi: 1
plan: {id: cover-12m-2014, title: "Coverage at 12 months, 2013/14"}
variables:
  children: {label: No. Children}
  dtap: {label: 12m_DTaP/IPV/Hib%, kind: value}
indicators:
  - {id: children, name: Children aged 12 months, numerator: children, decimals: 0, target: ">= 0"}
  - {id: dtap, name: DTaP/IPV/Hib at 12 months (%), numerator: dtap, target: ">= 95"}
"""

ONS = """\
healthkpi: 1
plan: {id: ons-births, title: Live births 2021}
variables:
  births: {label: Number of live births / Total}
  male: {label: Number of live births / Male}
  female: {label: Number of live births / Female}
indicators:
  - {id: births, name: Live births, numerator: births, decimals: 0, target: ">= 0"}
"""


def _plan(tmp_path, text: str, extra: str = "") -> healthkpi.Plan:
    return healthkpi.load_plan(write_plan(tmp_path, text + extra))


def _by_unit(card: healthkpi.Scorecard, indicator: str) -> dict[str, healthkpi.scoring.scorecard.Result]:  # type: ignore[name-defined]
    return {r.unit: r for r in card.results if r.indicator == indicator}


# --- NHS England KH03: beds by trust ------------------------------------------------------------


def test_kh03_trusts_as_published(tmp_path) -> None:
    plan = _plan(tmp_path, KH03, "workbook: {sheet: NHS Trust by Sector}\n")
    data = healthkpi.read_data(OUTSIDE / "kh03-beds-2020-21-q2.xlsx", plan)
    info = data.inputs[0]
    assert (info.header_row, info.unit_column, info.unit_header, info.unit_column_guessed) == (
        15,
        "F",
        "Org Name",
        True,
    )
    assert info.columns == {"available": "G", "occupied": "M"}  # "Total " under "Available" and "Occupied"
    assert len(data.frame) == 195  # the trusts; England, the sum of them all, is the total
    assert [t.label for t in data.totals] == ["England"]
    card = healthkpi.score(plan, data)
    barts = _by_unit(card, "occupancy")["BARTS HEALTH NHS TRUST"]
    assert (barts.numerator, barts.denominator) == (1425.2608695652175, 1654.9673913043478)  # M18, G18
    assert barts.value == pytest.approx(100 * 0.8612017838260311, rel=1e-12)  # S18
    leeds = _by_unit(card, "occupancy")["LEEDS TEACHING HOSPITALS NHS TRUST"]
    assert leeds.denominator == 1836.2717391304348  # G196
    total = card.totals[0]
    assert total.numerator == pytest.approx(93090.61956521729, rel=1e-12)  # M16, England
    assert total.denominator == pytest.approx(120828.44565217395, rel=1e-12)  # G16
    assert total.value == pytest.approx(100 * 0.7704362914110069, rel=1e-12)  # S16: 77.0 %
    assert total.units_covered == 195


def test_kh03_without_a_sheet_is_refused_not_counted_twice(tmp_path) -> None:
    """The trust sheet and the region sheet add up to the same England: one whole at two levels."""
    plan = write_plan(tmp_path, KH03)
    result = runner.invoke(app, ["score", str(OUTSIDE / "kh03-beds-2020-21-q2.xlsx"), "-t", str(plan), "--lang", "en"])
    assert result.exit_code == 2
    assert "(NHS Trust by Sector, 195 units)" in result.stderr
    assert "(Region by Sector, 7 units) add up to the same figures" in result.stderr
    assert "--sheet" in result.stderr


# --- UKHSA COVER 2024-25 Q4 (.ods): local authorities, regions, England -------------------------


def test_cover_2025_local_authorities_as_published(tmp_path) -> None:
    plan = _plan(tmp_path, COVER_2025)
    data = healthkpi.read_data(OUTSIDE / "cover-2024-25-q4.ods", plan)
    info = data.inputs[0]
    assert (info.sheet, info.header_row, info.unit_column, info.unit_header) == ("Table_5", 5, "B", "Local authority")
    assert info.parent_column == "C"  # "Region name"
    assert len(data.frame) == 151  # England and the nine regions ("[z]" as the unit name) are not units
    card = healthkpi.score(plan, data)
    children = _by_unit(card, "children")
    assert children["Lincolnshire"].value == 1544  # F8
    assert children["Hackney"].value == 923  # F33
    assert _by_unit(card, "dtap")["Hackney"].value == 61.3  # G33
    assert children["Isles of Scilly"].status == "no_data"  # F128 "[c]", suppressed
    total = next(t for t in card.totals if t.indicator == "children")
    assert (total.value, total.units_covered, total.units_total) == (141662, 150, 151)  # England says 141,666
    assert next(t for t in card.totals if t.indicator == "dtap").status == "no_data"  # rates do not add up
    messages = [i.message("en") for i in card.issues]
    assert any(m.startswith("Table_5!B6: 1 rows have figures but a placeholder") for m in messages)
    # each region's row is its subtotal: East Midlands (F7 = 11,295) agrees with its authorities, South
    # West does not, by the suppressed Isles of Scilly — and says so
    subtotals = [i for i in card.issues if i.template == "subtotal_mismatch"]
    assert [i.unit for i in subtotals] == ["South West"]
    assert "is 12,130, but its 15 units add up to 12,126 (1 unit has no value)" in subtotals[0].message("en")


# --- PHE COVER 2013-14 Q4 (.xls): fifteen sheets at three levels --------------------------------


def test_cover_2014_needs_its_sheet_and_then_reads_as_published(tmp_path) -> None:
    plan = _plan(tmp_path, COVER_2014)
    with pytest.raises(WorkbookError) as caught:
        healthkpi.read_data(OUTSIDE / "cover-2013-14-q4.xls", plan)
    # the PCT sheets: the same 151 PCTs with the same figures, grouped by SHA and by Area Team
    assert "(PCT-AT-12m, 151 units) hold the same units adding up to the same figures: the same data twice" in str(
        caught.value
    )
    plan = _plan(tmp_path, COVER_2014, "workbook: {sheet: LA-12m}\n")
    data = healthkpi.read_data(OUTSIDE / "cover-2013-14-q4.xls", plan)
    info = data.inputs[0]
    assert (info.header_row, info.unit_column, info.unit_header) == (9, "D", "ONS Upper Tier LA Name")
    assert len(data.frame) == 152
    card = healthkpi.score(plan, data)
    children = _by_unit(card, "children")
    assert (children["Barnsley"].value, children["Birmingham"].value, children["County Durham"].value) == (
        760,
        4303,
        1316,
    )  # H45, H69, H10
    assert _by_unit(card, "dtap")["Barnsley"].value == 97.36842105263158  # I45
    assert children["Surrey"].status == "no_data"  # H141 "N.A."
    marked = [i for i in card.issues if i.unit == "Surrey" and i.variable == "children"]
    assert 'is marked "N.A."' in marked[0].message("en")
    total = next(t for t in card.totals if t.indicator == "children")
    assert (total.value, total.units_covered) == (131263, 123)  # the authorities without N.A.


def test_cover_2014_unit_column_by_hint(tmp_path) -> None:
    plan = write_plan(tmp_path, COVER_2014)
    result = runner.invoke(
        app,
        ["score", str(OUTSIDE / "cover-2013-14-q4.xls"), "-t", str(plan), "--sheet", "LA-12m",
         "--unit-column", "ONS Upper Tier LA Name", "-f", "json"],
    )  # fmt: skip
    assert result.exit_code in (0, 1), result.stderr
    assert '"guessed": false' in result.stdout
    assert '"unit": "Barnsley"' in result.stdout


# --- ONS birth characteristics: a country, its regions, counties and districts on one sheet -----


def test_ons_births_at_several_levels_are_refused(tmp_path) -> None:
    plan = write_plan(tmp_path, ONS)
    result = runner.invoke(
        app, ["score", str(OUTSIDE / "ons-birth-characteristics-2021.xlsx"), "-t", str(plan), "--sheet", "1"]
    )
    assert result.exit_code == 2
    assert "trang tính '1'" in result.stderr  # the default language: Vietnamese
    assert "(NORTH EAST)" in result.stderr
    assert "Traceback" not in result.stderr
