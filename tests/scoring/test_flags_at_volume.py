"""Flags from batches of issues: read from the rows a check names, they are what looking each unit up gives."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pandas as pd

import healthkpi
from healthkpi.base.issues import IssueBatch, Issues
from healthkpi.read.dataset import DataSet
from healthkpi.scoring.flags import flagged_rows

PLAN = """healthkpi: 1
plan: {id: flags-volume, title: Cờ, period: '2021-2023'}
variables:
  births: {label: Trẻ đẻ ra sống}
  vaccinated: {label: Trẻ tiêm đủ}
indicators:
  - {id: cover, name: Tiêm chủng đầy đủ, numerator: vaccinated, denominator: births, per: 100, target: '>= 90'}
  - {id: births, name: Số trẻ đẻ, numerator: births, target: '>= 10'}
"""


def test_flags_from_the_rows_a_batch_names_are_those_found_by_unit_and_period(tmp_path: Path) -> None:
    (tmp_path / "plan.yaml").write_text(PLAN, encoding="utf-8")
    plan = healthkpi.load_plan(tmp_path / "plan.yaml")
    rng = np.random.default_rng(3)
    units = [f"Xã {n:03d}" for n in range(300)]
    rows = []
    for year in ("2021", "2022", "2023"):
        births = rng.integers(50, 400, len(units)).astype(float)  # drawn afresh: jumps flagged
        rows += [
            {"unit": u, "year": year, "births": b, "vaccinated": np.floor(b * rng.uniform(0.8, 1))}
            for u, b in zip(units, births, strict=True)
        ]
    frame = pd.DataFrame(rows).sample(frac=1, random_state=4).reset_index(drop=True)  # rows in no order
    data = DataSet.from_frame(frame, plan, period="year")
    card = healthkpi.score(plan, data, "all")
    batches = [p for p in card.issues.parts if isinstance(p, IssueBatch) and p.rows is not None]
    assert sum(len(b) for b in batches) > 100
    looked_up = Issues(
        [dataclasses.replace(p, rows=None) if isinstance(p, IssueBatch) else p for p in card.issues.parts]
    )
    by_rows = flagged_rows(plan, card.issues, data)
    assert {i: f.as_dict() for i, f in by_rows.items()} == {
        i: f.as_dict() for i, f in flagged_rows(plan, looked_up, data).items()
    }
    assert sum(len(r) for r in by_rows.values()) > 100
    flagged = card.results_frame[card.results_frame["flags"].map(len) > 0]
    assert len(flagged) > 100
    assert set(flagged["indicator"]) == {"cover", "births"}


def test_a_total_carries_the_flags_of_the_units_it_adds_up_and_how_many(tmp_path: Path) -> None:
    (tmp_path / "plan.yaml").write_text(PLAN, encoding="utf-8")
    plan = healthkpi.load_plan(tmp_path / "plan.yaml")
    rng = np.random.default_rng(5)
    # 300 communes in 6 districts: a country's total adds up many rows, a district's a few
    units = [(f"Xã {n:03d}", f"Huyện {n % 6}") for n in range(300)]
    rows = []
    for year in ("2021", "2022", "2023"):
        births = rng.integers(50, 400, len(units)).astype(float)
        rows += [
            {"unit": u, "district": d, "year": year, "births": b, "vaccinated": np.floor(b * rng.uniform(0.8, 1))}
            for (u, d), b in zip(units, births, strict=True)
        ]
    data = DataSet.from_frame(pd.DataFrame(rows), plan, period="year", parent="district")
    card = healthkpi.score(plan, data, "all")
    results = card.results_frame
    district_of = dict(units)
    for table, per_district in ((card.totals_frame, False), (card.subtotals_frame, True)):
        assert table is not None
        assert len(table)
        checked = 0
        for _, total in table.iterrows():
            mine = results[(results["indicator"] == total["indicator"]) & (results["period"] == total["period"])]
            if per_district:  # a district's subtotal: its 50 communes
                mine = mine[mine["unit"].map(district_of) == total["unit"]]
            flagged = mine[mine["flags"].map(len) > 0]
            assert total["flagged_units"] == len(flagged)
            assert total["flags"] == tuple(sorted({c for f in flagged["flags"] for c in f}))
            checked += total["flagged_units"] > 0
        assert checked > 3


def test_a_total_the_forms_own_total_row_disagrees_with_is_flagged(tmp_path: Path) -> None:
    from tests.conftest import write_plan
    from tests.forms import BEDS_PLAN, beds_form

    plan = healthkpi.load_plan(write_plan(tmp_path, BEDS_PLAN))
    sums = beds_form()._sums()
    form = beds_form(total_values={**sums, "population": sums["population"] + 50000})  # a unit the data lacks?
    card = healthkpi.score(plan, healthkpi.read_data(form.write(tmp_path / "f.xlsx"), plan))
    flags = dict(zip(card.totals_frame["indicator"], card.totals_frame["flags"], strict=True))
    assert flags == {"beds_per_10k": ("total_mismatch",), "doctors_per_10k": ("total_mismatch",)}  # both use it
    assert list(card.totals_frame["flagged_units"]) == [0, 0]  # no unit is suspect: the total is
    assert all(f == () for f in card.results_frame["flags"])
    form = beds_form(total_values={**sums, "doctors": sums["doctors"] + 7})
    card = healthkpi.score(plan, healthkpi.read_data(form.write(tmp_path / "g.xlsx"), plan))
    flags = dict(zip(card.totals_frame["indicator"], card.totals_frame["flags"], strict=True))
    assert flags == {"beds_per_10k": (), "doctors_per_10k": ("total_mismatch",)}
    from openpyxl import load_workbook

    from healthkpi.render.excel import write_excel

    write_excel(card, tmp_path / "card.xlsx", "en")
    sheet = load_workbook(tmp_path / "card.xlsx")["Scorecard"]
    comments = [c.comment.text for row in sheet.iter_rows() for c in row if c.comment]
    assert "the form's own total row says otherwise (total_mismatch; see the data issues)" in comments
