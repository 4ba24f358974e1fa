"""Monthly monitoring (issue 21): year to date against the monitoring line, from either layout.

The same figures are written twice — one sheet per month ("Tháng 1" …, the year in the title
rows) and one sheet with a month column ("1/2024" …) — and scored with `accumulate: year`.
Both must give the same results, and those results must equal what is computed here
independently, with fractions, from the figures themselves: the year-to-date sum over the
year's figure, against 95 × months / 12, the unit that missed March no data from March on.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest
from openpyxl import Workbook

import healthkpi

MONTHS = range(1, 7)
UNITS = ["Bình Lư", "Bản Bo", "Sơn Bình"]
# (unit, month) → (infants of the year, fully immunised that month); None: not reported
FIGURES: dict[tuple[str, int], tuple[int | None, int] | None] = {}
for m in MONTHS:
    FIGURES[("Bình Lư", m)] = (240, 19 + m)  # on the line from spring on
    FIGURES[("Bản Bo", m)] = (131 if m < 5 else 137, 9 + (m % 3))  # the year's figure revised in May
    FIGURES[("Sơn Bình", m)] = None if m == 3 else (None if m == 6 else 88, 7)  # missed March; June without infants
PLAN = """
healthkpi: 1
plan: {id: epi-test, title: Tiêm chủng hằng tháng, period: "2024", total_label: Toàn huyện}
variables:
  children_under_1: {label: Số trẻ dưới 1 tuổi}
  children_under_1_fully_immunised: {label: Số trẻ được tiêm chủng đầy đủ}
indicators:
  - id: full_immunisation_pct
    name: Tỷ lệ tiêm chủng đầy đủ
    numerator: children_under_1_fully_immunised
    denominator: children_under_1
    per: 100
    target: ">= 95"
    near: 5%
    accumulate: year
"""
HEADER = ["STT", "Đơn vị", "Số trẻ dưới 1 tuổi", "Số trẻ được tiêm chủng đầy đủ"]


def _rows(month: int) -> list[list[object]]:
    rows = []
    for k, unit in enumerate(UNITS, start=1):
        figures = FIGURES[(unit, month)]
        if figures is not None:
            rows.append([k, unit, figures[0], figures[1]])
    return rows


def one_sheet_per_month(path: Path) -> Path:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for month in MONTHS:
        sheet = workbook.create_sheet(f"Tháng {month}")
        sheet.append(["TRUNG TÂM Y TẾ HUYỆN TAM ĐƯỜNG"])
        sheet.append([f"BÁO CÁO KẾT QUẢ TIÊM CHỦNG MỞ RỘNG THÁNG {month} NĂM 2024"])
        sheet.append([])
        sheet.append(HEADER)
        for row in _rows(month):
            sheet.append(row)
    workbook.save(path)
    return path


def month_column(path: Path, written: str = "{m}/2024") -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Số liệu"
    sheet.append(["BÁO CÁO KẾT QUẢ TIÊM CHỦNG MỞ RỘNG"])
    sheet.append([])
    sheet.append([HEADER[0], "Tháng", *HEADER[1:]])
    for month in MONTHS:
        for row in _rows(month):
            sheet.append([row[0], written.format(m=month), *row[1:]])
    workbook.save(path)
    return path


def expected() -> dict[tuple[str, str], tuple[Fraction | None, Fraction, str]]:
    """(unit or total, period) → (year-to-date value, line, status), computed from FIGURES alone."""
    out: dict[tuple[str, str], tuple[Fraction | None, Fraction, str]] = {}
    for month in MONTHS:
        line = Fraction(95) * month / 12
        sums = [Fraction(0), Fraction(0)]
        for unit in UNITS:
            reports = [FIGURES[(unit, m)] for m in range(1, month + 1)]
            if FIGURES[(unit, month)] is None:
                continue  # no row this month: no result
            if any(r is None for r in reports):
                out[(unit, f"{month}/2024")] = (None, line, "no_data")
                continue
            numerator = sum(Fraction(r[1]) for r in reports if r)
            denominator = next(Fraction(r[0]) for r in reversed(reports) if r and r[0] is not None)
            value = numerator * 100 / denominator
            out[(unit, f"{month}/2024")] = (value, line, _status(value, line))
            sums[0] += numerator
            sums[1] += denominator
        total = sums[0] * 100 / sums[1]
        out[("Toàn huyện", f"{month}/2024")] = (total, line, _status(total, line))
    return out


def _status(value: Fraction, line: Fraction) -> str:
    if value >= line:
        return "pass"
    return "near" if value >= line - line * Fraction(5, 100) else "fail"


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    path = tmp_path / "healthkpi.yaml"
    path.write_text(PLAN, encoding="utf-8")
    return path


def _results(plan_path: Path, data: Path) -> dict[tuple[str, str], tuple[float | None, float | None, str]]:
    plan = healthkpi.load_plan(plan_path)
    card = healthkpi.score(plan, healthkpi.read_data(data, plan), period="all")
    return {(r.unit, str(r.period)): (r.value, r.line, str(r.status)) for r in [*card.results, *card.totals]}


def test_one_sheet_per_month_and_a_month_column_give_the_exact_year_to_date(plan: Path, tmp_path: Path) -> None:
    by_sheet = _results(plan, one_sheet_per_month(tmp_path / "theo-thang.xlsx"))
    by_column = _results(plan, month_column(tmp_path / "cot-thang.xlsx"))
    assert by_sheet == by_column
    want = expected()
    assert set(by_sheet) == set(want)
    for key, (value, line, status) in want.items():
        got_value, got_line, got_status = by_sheet[key]
        assert got_status == status, key
        assert got_line == pytest.approx(float(line), rel=1e-12), key
        if value is None:
            assert got_value is None, key
        else:
            assert got_value == pytest.approx(float(value), rel=1e-12), key
    # the unit that missed March: no data from March on, with the month named; back in February it counts
    assert by_sheet[("Sơn Bình", "4/2024")][2] == "no_data"
    assert by_sheet[("Sơn Bình", "2/2024")][0] == pytest.approx(14 * 100 / 88)
    # the statuses are not all alike: the line is what decides
    assert {s for _v, _l, s in want.values()} >= {"pass", "fail", "no_data"}


def test_the_missing_month_is_named_in_an_issue_and_a_note(plan: Path, tmp_path: Path) -> None:
    loaded = healthkpi.load_plan(plan)
    card = healthkpi.score(
        loaded, healthkpi.read_data(one_sheet_per_month(tmp_path / "t.xlsx"), loaded), period="5/2024"
    )
    result = next(r for r in card.results if r.unit == "Sơn Bình")
    assert result.status == "no_data"
    assert result.note is not None
    assert dict(result.note.facts)["period"] == "3/2024"
    missing = [i for i in card.issues if i.code == "missing_period" and i.unit == "Sơn Bình"]
    assert [(i.period, i.level) for i in missing] == [("3/2024", "warning")]
    total = card.totals[0]
    assert (total.units_covered, total.units_total) == (2, 3)


def test_months_written_without_a_year_take_the_plans_year_with_a_note(plan: Path, tmp_path: Path) -> None:
    loaded = healthkpi.load_plan(plan)
    data = healthkpi.read_data(month_column(tmp_path / "t.xlsx", written="Tháng {m}"), loaded)
    assert data.periods == [f"{m}/2024" for m in MONTHS]
    notes = [i for i in data.issues if i.template == "period_year_from_plan"]
    assert len(notes) == 1
    assert notes[0].level == "info"


def test_year_end_is_held_to_the_whole_target(tmp_path: Path, plan: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Đơn vị", "Quý", "Số trẻ dưới 1 tuổi", "Số trẻ được tiêm chủng đầy đủ"])
    for quarter, done in (("Quý I/2024", 23), ("Quý II/2024", 25), ("Quý III/2024", 22), ("Quý IV/2024", 24)):
        sheet.append(["Bình Lư", quarter, 100, done])
    workbook.save(tmp_path / "q.xlsx")
    loaded = healthkpi.load_plan(plan)
    card = healthkpi.score(loaded, healthkpi.read_data(tmp_path / "q.xlsx", loaded), period="all")
    got = {r.period: (r.value, r.line, r.status) for r in card.results}
    assert got["Quý I/2024"] == (pytest.approx(23), pytest.approx(23.75), "near")
    assert got["Quý II/2024"] == (pytest.approx(48), pytest.approx(47.5), "pass")
    assert got["Quý III/2024"] == (pytest.approx(70), pytest.approx(71.25), "near")
    # 94 of 100 at year end: the whole target, 95, not met
    assert got["Quý IV/2024"] == (pytest.approx(94), pytest.approx(95), "near")


def test_a_half_year_report_then_months_adds_up_since_january(tmp_path: Path, plan: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Đơn vị", "Kỳ báo cáo", "Số trẻ dưới 1 tuổi", "Số trẻ được tiêm chủng đầy đủ"])
    for period, done in (("6 tháng đầu năm 2024", 50), ("7/2024", 9), ("T8/2024", 8), ("Tháng 9/2024", 7)):
        sheet.append(["Bản Bo", period, 96, done])
    workbook.save(tmp_path / "h.xlsx")
    loaded = healthkpi.load_plan(plan)
    data = healthkpi.read_data(tmp_path / "h.xlsx", loaded)
    card = healthkpi.score(loaded, data, period="Tháng 9/2024")  # found by its months
    [result] = card.results
    assert result.period == "Tháng 9/2024"
    assert result.numerator == 74  # 50 + 9 + 8 + 7
    assert result.value == pytest.approx(float(Fraction(74 * 100, 96)))
    assert result.line == pytest.approx(95 * 9 / 12)


def test_one_sheet_per_quarter_without_a_year_takes_the_plans(tmp_path: Path, plan: Path) -> None:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for quarter, done in (("Quý I", 30), ("Quý II", 20)):
        sheet = workbook.create_sheet(quarter)
        sheet.append(["Đơn vị", "Số trẻ dưới 1 tuổi", "Số trẻ được tiêm chủng đầy đủ"])
        sheet.append(["Bản Bo", 100, done])
    workbook.save(tmp_path / "q.xlsx")
    loaded = healthkpi.load_plan(plan)
    data = healthkpi.read_data(tmp_path / "q.xlsx", loaded)
    assert data.periods == ["Quý I/2024", "Quý II/2024"]
    [note] = [i for i in data.issues if (i.template or "").startswith("period_year_from_")]
    assert note.template == "period_year_from_plan"
    assert note.where == "Quý I … Quý II"
    [result] = healthkpi.score(loaded, data).results
    assert (result.period, result.value, result.status) == ("Quý II/2024", pytest.approx(50), "pass")  # line 47.5


def test_a_flagged_earlier_month_flags_the_year_to_date_after_it(tmp_path: Path, plan: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Đơn vị", "Tháng", "Số trẻ dưới 1 tuổi", "Số trẻ được tiêm chủng đầy đủ"])
    for month, done in ((1, 8), (2, "8,5"), (3, 9)):  # February's count is not a whole number
        sheet.append(["Bản Bo", f"{month}/2024", 96, done])
    workbook.save(tmp_path / "f.xlsx")
    loaded = healthkpi.load_plan(plan)
    card = healthkpi.score(loaded, healthkpi.read_data(tmp_path / "f.xlsx", loaded), period="all")
    flags = {r.period: r.flags for r in card.results}
    assert flags["1/2024"] == ()
    assert "non_integer_count" in flags["2/2024"]
    assert "non_integer_count" in flags["3/2024"]  # March's year to date adds February's figure
    assert "non_integer_count" in card.totals[-1].flags
