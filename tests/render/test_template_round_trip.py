"""Template → fill → score, for every bundled plan: the form a plan hands out scores every
indicator its own example scores (issue 18: a template without the baseline year left every
on-track and "vs 2020" indicator without data)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from openpyxl import load_workbook

from healthkpi.base.text import unit_key
from healthkpi.plan.bundled import bundled_path
from healthkpi.read.columns import PERIOD, UNIT
from healthkpi.render.template import write_template
from healthkpi.scoring.pipeline import RunOptions, load_plan, score_inputs
from tests.paths import EXAMPLES

PLANS = ["thanh-hoa-2021", "tam-duong-2022-2025", "ha-noi-2021-2025", "hcmc-2021"]


def _scored(card) -> dict[tuple[str, str], str]:
    frame = card.results_frame
    return {(unit_key(u), i): s for u, i, s in zip(frame["unit"], frame["indicator"], frame["status"], strict=True)}


@pytest.mark.parametrize("plan_id", PLANS)
def test_the_filled_template_scores_what_the_example_scores(tmp_path: Path, plan_id: str) -> None:
    plan = load_plan(bundled_path(plan_id))
    example = score_inputs([EXAMPLES / f"{plan_id}.xlsx"], plan, RunOptions())
    data = example.data.frame
    names = dict(zip(map(unit_key, data[UNIT]), data[UNIT], strict=True))  # one spelling of each unit
    units = list(names.values())
    form = tmp_path / "mau.xlsx"
    write_template(plan, form, units)

    book = load_workbook(form)
    sheet = book["Số liệu"]
    header = [c.value for c in sheet[5]]  # the row of variable ids under the labels
    has_year = sheet["C4"].value == "Năm"
    values = {
        (names[unit_key(u)], str(p) if has_year else None): row
        for u, p, row in zip(data[UNIT], data[PERIOD], data.to_dict("records"), strict=True)
    }
    filled = 0
    for r in range(6, sheet.max_row + 1):
        unit, year = sheet.cell(r, 2).value, sheet.cell(r, 3).value if has_year else None
        row = values.get((unit, year))
        if row is None:
            continue
        for c, variable in enumerate(header, start=1):
            value = row.get(variable) if variable else None
            if value is not None and np.isfinite(value):
                sheet.cell(r, c).value = float(value)
                filled += 1
    assert filled
    book.save(form)

    round_trip = score_inputs([form], plan, RunOptions())
    expected, found = _scored(example.card), _scored(round_trip.card)
    scored = {key: status for key, status in expected.items() if status != "no_data"}
    assert scored, "the example scores something"
    assert {key: found.get(key) for key in scored} == scored
