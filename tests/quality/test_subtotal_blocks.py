"""Subtotal rows of a form of sections ("I. Huyện A" … "Cộng huyện A"), whose units carry no parent:
each is compared with its block of the sheet — the units above it when the sums stand at the foot of
each section, below it when they head it — so that a subtotal typed wrong is a warning, not an info
saying it could not be compared."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

import healthkpi
from tests.conftest import write_plan

PLAN = """\
healthkpi: 1
plan: {id: sections-plan, title: Kế hoạch thử, period: "2021"}
variables:
  population: {label: Dân số}
  doctors: {label: Bác sỹ}
indicators:
  - {id: doctors_per_10k, name: Bác sỹ/vạn dân, numerator: doctors, denominator: population, per: 10000, target: ">= 5"}
"""
HEADER = ["Đơn vị", "Dân số", "Bác sỹ"]
A = [["Xã A1", 10000, 6], ["Xã A2", 20000, 12]]
B = [["Xã B1", 10000, 3], ["Xã B2", 20000, 4]]


def issues_of(tmp_path: Path, rows: list[list[object]]) -> list[tuple[str, str | None, str]]:
    wb = Workbook()
    sheet = wb.active
    sheet.title = "Biểu 01"
    for row in [HEADER, *rows]:
        sheet.append(row)
    wb.save(tmp_path / "f.xlsx")
    plan = healthkpi.load_plan(write_plan(tmp_path, PLAN))
    card = healthkpi.score(plan, healthkpi.read_data([tmp_path / "f.xlsx"], plan))
    return [(i.where or "", i.template, i.message("en")) for i in card.issues if i.code == "total_mismatch"]


def test_sums_at_the_foot_of_each_section_are_compared_with_the_units_above(tmp_path: Path) -> None:
    rows = [["I. Huyện A"], *A, ["Cộng huyện A", 30000, 18], ["II. Huyện B"], *B, ["Cộng huyện B", 30000, 9]]
    found = issues_of(tmp_path, rows)
    assert found == [
        (
            "Biểu 01!C9",
            "subtotal_block_above_mismatch",
            'Biểu 01!C9: the subtotal row "Cộng huyện B" says "Bác sỹ" is 9, but the 2 units above it add up to 7',
        )
    ]


def test_sums_heading_each_section_are_compared_with_the_units_below(tmp_path: Path) -> None:
    rows = [["Cộng huyện A", 30000, 18], *A, ["Cộng huyện B", 31000, 7], *B, ["Tổng cộng", 61000, 25]]
    found = issues_of(tmp_path, rows)
    assert [(where, template) for where, template, _ in found] == [
        ("Biểu 01!B5", "subtotal_block_below_mismatch"),
        ("Biểu 01!B8", None),  # the total row: 61,000 against the units' 60,000
    ]
    assert "the 2 units below it add up to 30,000" in found[0][2]


def test_right_subtotals_say_nothing(tmp_path: Path) -> None:
    rows = [["I. Huyện A"], *A, ["Cộng huyện A", 30000, 18], ["II. Huyện B"], *B, ["Cộng huyện B", 30000, 7]]
    assert issues_of(tmp_path, rows) == []


def test_a_subtotal_with_no_units_in_its_block_is_left_uncompared(tmp_path: Path) -> None:
    rows = [*A, ["Cộng huyện A", 30000, 18], ["Cộng huyện C", 5000, 2]]
    found = issues_of(tmp_path, rows)
    assert [(where, template) for where, template, _ in found] == [("Biểu 01!A5", "subtotal_not_compared")]
