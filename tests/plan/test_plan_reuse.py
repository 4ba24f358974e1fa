"""A plan loaded again in one process (a batch loads it once per workbook) is validated once, yet
always the file's current text, and each load is a plan of its own."""

from __future__ import annotations

from pathlib import Path

import pytest

from healthkpi.base.errors import PlanError
from healthkpi.base.inputs import input_named, tracking_inputs
from healthkpi.plan.load import load_plan
from tests.conftest import write_plan
from tests.forms import BEDS_PLAN


def test_a_plan_changed_on_disk_is_loaded_as_it_now_is(tmp_path: Path) -> None:
    path = write_plan(tmp_path, BEDS_PLAN)
    first = load_plan(path)
    assert ">= 36.5" in BEDS_PLAN
    path.write_text(BEDS_PLAN.replace(">= 36.5", ">= 40"), encoding="utf-8")
    again = load_plan(path)
    assert str(first.indicators[0].target) != str(again.indicators[0].target)
    assert "40" in str(again.indicators[0].target)
    path.write_text(BEDS_PLAN.replace("indicators:", "indicatorz:"), encoding="utf-8")
    with pytest.raises(PlanError):
        load_plan(path)


def test_each_load_has_its_own_side_tables_and_registers_the_plan_as_an_input(tmp_path: Path) -> None:
    path = write_plan(tmp_path, BEDS_PLAN)
    first = load_plan(path)
    first.with_side_tables([], {"xã a": "Huyện A"}, None)
    with tracking_inputs():
        second = load_plan(path)
        assert input_named(path) is not None  # no output may replace the plan, cached or not
    assert second is not first
    assert second.parents == {}
    assert first.parents == {"xã a": "Huyện A"}
