"""A percentage given as it is (`kind: value`, unit "%") whose whole column lies between 0 and 1 while
its target is ≥ 95: the form holds fractions (0.96 for 96 %). Scored as they are, every unit misses
and nothing looks wrong; so each such cell is a warning, and the results on it are flagged. The cases
met in the field: a CSV exported with fractions, an .xlsb (whose number formats are not read), an .xls
whose formats xlrd cannot read."""

from __future__ import annotations

from pathlib import Path

import pytest

import healthkpi
from tests.conftest import write_plan
from tests.forms import plain_sheet

PLAN = """\
healthkpi: 1
plan: {{id: fraction-plan, title: Kế hoạch thử, period: "2021"}}
variables:
  population: {{label: Dân số}}
  doctors: {{label: Bác sỹ}}
  immunised: {{label: Tỷ lệ tiêm chủng, kind: value}}
indicators:
  - {{id: doctors_per_10k, name: Bác sỹ/vạn dân, numerator: doctors, denominator: population, per: 10000, target: ">= 5"}}
  - {{id: immunised_pct, name: Tỷ lệ tiêm chủng đầy đủ, numerator: immunised, unit: "%", target: "{target}"}}
"""
ROWS = (("A", 200000, 120, 0.96), ("B", 150000, 90, 0.57), ("C", 100000, 130, 0.935))


def workbook(path: Path, rows: tuple[tuple[object, ...], ...] = ROWS, percent_format: bool = False) -> Path:
    formats = {f"D{n + 2}": "0.0%" for n in range(len(rows))} if percent_format else {}
    return plain_sheet(path, (("Đơn vị", "Dân số", "Bác sỹ", "Tỷ lệ tiêm chủng"), *rows), formats=formats)


def plan(tmp_path: Path, target: str = ">= 95") -> healthkpi.Plan:
    return healthkpi.load_plan(write_plan(tmp_path, PLAN.format(target=target)))


def fractions_said(the_plan: healthkpi.Plan, data: healthkpi.DataSet) -> list[tuple[str | None, str | None, str]]:
    """What the checks scoring runs say of fractions (reading says nothing of them)."""
    card = healthkpi.score(the_plan, data)
    return [
        (i.unit, i.where, str(i.level)) for i in card.issues if (i.template or "").startswith("percent_as_fraction")
    ]


def test_a_column_of_fractions_under_a_target_of_95_is_a_warning_on_each_cell(tmp_path: Path) -> None:
    the_plan = plan(tmp_path)
    data = healthkpi.read_data([workbook(tmp_path / "f.xlsx")], the_plan)
    assert fractions_said(the_plan, data) == [
        ("A", "Biểu 01!D2", "warning"),
        ("B", "Biểu 01!D3", "warning"),
        ("C", "Biểu 01!D4", "warning"),
    ]
    card = healthkpi.score(the_plan, data)
    message = next(i for i in card.issues if i.unit == "C" and i.template == "percent_as_fraction").message("en")
    assert message == (
        'Biểu 01!D4: C: "Tỷ lệ tiêm chủng" is 0.935, and every figure of this column (in the sheet, for the period) '
        'lies between 0 and 1 while the target of "Tỷ lệ tiêm chủng đầy đủ" is ≥ 95: they look like percentages '
        "written as fractions (a cell formatted as %, 0.935 shown as 93.5%). Enter the percentage itself (93.5), "
        "not the fraction"
    )
    results = card.results_frame.set_index(["indicator", "unit"])
    for unit in "ABC":  # the misses are flagged: never a clean-looking fail
        assert "not_a_number" in results.loc[("immunised_pct", unit), "flags"]
        assert not results.loc[("doctors_per_10k", unit), "flags"]


def test_the_same_cells_shown_as_percentages_in_an_xlsx_are_read_as_shown_and_not_doubted(tmp_path: Path) -> None:
    the_plan = plan(tmp_path)
    data = healthkpi.read_data([workbook(tmp_path / "f.xlsx", percent_format=True)], the_plan)
    assert fractions_said(the_plan, data) == []
    assert sorted(data.frame["immunised"]) == [57, 93.5, 96]


@pytest.mark.parametrize(
    ("rows", "target"),
    [
        ((("A", 200000, 120, 6), ("B", 150000, 90, 0.8)), ">= 5"),  # 0.8 % among 6 %: a unit far behind, maybe
        (ROWS, "< 0.5"),  # a target below 1 %: small values are what is asked for
        ((("A", 200000, 120, 0.5), ("B", 150000, 90, 0.8)), "< 5"),  # a ceiling: low rates are what it asks for
        ((("A", 200000, 120, 0), ("B", 150000, 90, 0)), ">= 95"),  # zeros are zero either way
        ((("A", 200000, 120, 0.5), ("B", 150000, 90, -0.2)), ">= 95"),  # a negative figure: not a fraction column
    ],
)
def test_no_doubt_where_the_column_is_not_fractions_of_the_target(
    tmp_path: Path, rows: tuple[tuple[object, ...], ...], target: str
) -> None:
    the_plan = plan(tmp_path, target)
    data = healthkpi.read_data([workbook(tmp_path / "f.xlsx", rows)], the_plan)
    assert fractions_said(the_plan, data) == []


def test_a_range_target_is_compared_by_its_low_edge_and_said_as_written(tmp_path: Path) -> None:
    the_plan = plan(tmp_path, "between 90 and 100")
    data = healthkpi.read_data([workbook(tmp_path / "f.xlsx")], the_plan)
    assert len(fractions_said(the_plan, data)) == 3
    card = healthkpi.score(the_plan, data)
    said = next(i for i in card.issues if i.template == "percent_as_fraction")
    assert 'the target of "Tỷ lệ tiêm chủng đầy đủ" is 90–100:' in said.message("en")


def test_one_fraction_among_percentages_under_a_high_floor_is_doubted(tmp_path: Path) -> None:
    the_plan = plan(tmp_path)
    rows = (("A", 200000, 120, 96), ("B", 150000, 90, 97), ("C", 100000, 130, 0.97))
    data = healthkpi.read_data([workbook(tmp_path / "f.xlsx", rows)], the_plan)
    assert fractions_said(the_plan, data) == [("C", "Biểu 01!D4", "warning")]
    card = healthkpi.score(the_plan, data)
    said = next(i for i in card.issues if i.template == "percent_as_fraction_among")
    assert said.message("en") == (
        'Biểu 01!D4: C: "Tỷ lệ tiêm chủng" is 0.97, while the column\'s other figures are percentages (median 96) '
        'and the target of "Tỷ lệ tiêm chủng đầy đủ" is ≥ 95: it looks like a percentage written as a fraction '
        "(97%). Enter the percentage itself (97), not the fraction"
    )


def test_each_period_and_each_file_is_looked_at_on_its_own(tmp_path: Path) -> None:
    """2020 in percentages, 2021 in fractions (a new clerk); one file of each, scored together."""
    the_plan = healthkpi.load_plan(write_plan(tmp_path, PLAN.format(target=">= 95")))
    (tmp_path / "years.csv").write_text(
        "Đơn vị,Năm,Dân số,Bác sỹ,Tỷ lệ tiêm chủng\nA,2020,200000,120,93\nB,2020,150000,90,92\n"
        "A,2021,200000,120,0.96\nB,2021,150000,90,0.94\n",
        encoding="utf-8",
    )
    data = healthkpi.read_data([tmp_path / "years.csv"], the_plan)
    card = healthkpi.score(the_plan, data)
    doubted = [(i.unit, i.period) for i in card.issues if i.template == "percent_as_fraction"]
    assert doubted == [("A", "2021"), ("B", "2021")]
    (tmp_path / "one.csv").write_text("Đơn vị,Dân số,Bác sỹ,Tỷ lệ tiêm chủng\nA,200000,120,96\nB,150000,90,97\n")
    (tmp_path / "two.csv").write_text("Đơn vị,Dân số,Bác sỹ,Tỷ lệ tiêm chủng\nC,100000,70,0.96\nD,50000,20,0.97\n")
    data = healthkpi.read_data([tmp_path / "one.csv", tmp_path / "two.csv"], the_plan)
    assert [unit for unit, _where, _level in fractions_said(the_plan, data)] == ["C", "D"]


def test_the_excel_scorecard_marks_the_doubted_results_on_screen_and_on_paper(tmp_path: Path) -> None:
    """The flag mark is part of the number format (printed too, not only a cell comment), and the
    legend says what it means."""
    from openpyxl import load_workbook

    from healthkpi.render.excel import write_excel

    the_plan = plan(tmp_path)
    card = healthkpi.score(the_plan, healthkpi.read_data([workbook(tmp_path / "f.xlsx")], the_plan))
    write_excel(card, tmp_path / "card.xlsx", "en")
    sheet = load_workbook(tmp_path / "card.xlsx")["Scorecard"]
    cells = {row[0].value: row for row in sheet.iter_rows(min_row=1, max_row=sheet.max_row)}
    assert cells["A"][2].value == 0.96
    assert cells["A"][2].number_format.endswith('" ✗!"')  # shown "1.0 ✗!"
    assert not cells["A"][1].number_format.endswith('!"')  # doctors per 10,000: clean
    notes = [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str) and c.value.startswith("! ")]
    assert notes == ["! computed from data with issues (warnings or errors; see the data issues); on a total: it "
                     "includes such units, or the form's own total row says otherwise"]  # fmt: skip
