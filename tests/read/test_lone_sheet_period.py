"""A lone sheet named for a year other than the plan's period: its name is not taken as its period (a
copied template keeps its old name), but the scorecard is the plan's year's, so a note says so."""

from __future__ import annotations

from pathlib import Path

import healthkpi
from tests.conftest import write_plan
from tests.forms import doctors_plan, plain_sheet

PLAN = doctors_plan("named-plan")


def notes_for(tmp_path: Path, sheet_name: str) -> list[str]:
    plain_sheet(
        tmp_path / "f.xlsx", [["Đơn vị", "Dân số", "Bác sỹ"], ["Xã A", 10000, 6], ["Xã B", 20000, 9]], sheet_name
    )
    plan = healthkpi.load_plan(write_plan(tmp_path, PLAN))
    card = healthkpi.score(plan, healthkpi.read_data([tmp_path / "f.xlsx"], plan))
    assert [str(p) for p in card.periods] == ["None"]  # no period in the data: the plan's is scored
    return [i.message("en") for i in card.issues if i.template == "sheet_named_for_another_period"]


def test_a_sheet_named_2020_scored_for_2021_is_said(tmp_path: Path) -> None:
    assert notes_for(tmp_path, "2020") == [
        "2020: the sheet is named 2020 but is scored for the plan's period 2021 (a lone sheet's name is not taken "
        "as its period); if the figures are 2020's, add a year column holding 2020"
    ]


def test_a_sheet_named_for_the_plans_year_or_for_nothing_says_nothing(tmp_path: Path) -> None:
    assert notes_for(tmp_path, "2021") == []
    assert notes_for(tmp_path, "Biểu 01") == []
