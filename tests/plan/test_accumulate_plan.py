"""`accumulate:` in a targets file (issue 21): where `check` refuses it, and a plan that extends
another with an accumulating indicator."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

import healthkpi
from healthkpi.base.errors import PlanError
from healthkpi.cli import app
from tests.conftest import write_plan

runner = CliRunner()

HEAD = """healthkpi: 1
plan: {id: epi, title: Tiêm chủng}
variables:
  infants: {label: Số trẻ dưới 1 tuổi}
  immunised: {label: Số trẻ tiêm chủng đầy đủ}
indicators:
"""


@pytest.mark.parametrize(
    ("indicator", "line", "key", "why"),
    [
        (
            "  - {id: a, name: A, numerator: immunised, target: '>= 95', accumulate: year}\n",
            7,
            "indicators[a].accumulate",
            "this indicator has no denominator",
        ),
        (
            "  - id: a\n    name: A\n    numerator: immunised\n    denominator: infants\n"
            "    accumulate: year\n    target: between 90 and 100\n",
            12,
            "indicators[a].target",
            "a range has no single edge",
        ),
        (
            "  - id: a\n    name: A\n    numerator: immunised\n    denominator: infants\n"
            "    accumulate: quarter\n    target: {vs: '2023', change: '> 0'}\n",
            12,
            "indicators[a].target",
            "a relative target (vs)",
        ),
        (
            "  - id: a\n    name: A\n    numerator: immunised\n    denominator: infants\n"
            "    accumulate: year\n    target: '>= 95'\n    by: '2025'\n",
            13,
            "indicators[a].by",
            "by/baseline draw a line across years",
        ),
    ],
)
def test_check_refuses_accumulate_where_it_means_nothing(
    tmp_path: Path, indicator: str, line: int, key: str, why: str
) -> None:
    path = write_plan(tmp_path, HEAD + indicator)
    result = runner.invoke(app, ["check", str(path), "--lang", "en"])
    assert result.exit_code == 2
    assert f"{path}:{line}: {key}: " in result.stderr
    assert why in result.stderr
    assert "Traceback" not in result.output


def test_accumulate_takes_year_or_quarter_only(tmp_path: Path) -> None:
    path = write_plan(
        tmp_path,
        HEAD + "  - {id: a, name: A, numerator: immunised, denominator: infants, target: '>= 95', accumulate: month}\n",
    )
    with pytest.raises(PlanError) as raised:
        healthkpi.load_plan(path)
    assert "accumulate" in str(raised.value)


def test_a_plan_extends_another_with_an_accumulating_indicator(tmp_path: Path) -> None:
    path = write_plan(
        tmp_path,
        "healthkpi: 1\nextends: tam-duong-2022-2025\nindicators:\n"
        "  - {id: full_immunisation_under_1_pct, accumulate: year, by: null, baseline: null}\n",
    )
    plan = healthkpi.load_plan(path)
    base = healthkpi.load_plan("tam-duong-2022-2025").indicator("full_immunisation_under_1_pct")
    [indicator] = plan.indicators
    assert indicator.accumulate == "year"
    assert (indicator.by, indicator.baseline) == (None, None)
    assert (indicator.numerator, indicator.target, indicator.source) == (base.numerator, base.target, base.source)
    # only the checks over the variables it uses stay
    assert [str(c) for c in plan.checks] == ["children_under_1_fully_immunised <= children_under_1"]


def test_an_extension_that_keeps_by_is_refused_with_its_line(tmp_path: Path) -> None:
    path = write_plan(
        tmp_path,
        "healthkpi: 1\nextends: tam-duong-2022-2025\nindicators:\n"
        "  - id: full_immunisation_under_1_pct\n    accumulate: year\n",
    )
    result = runner.invoke(app, ["check", str(path), "--lang", "en"])
    assert result.exit_code == 2
    assert f"{path}:4: indicators[full_immunisation_under_1_pct].by: by/baseline draw a line" in result.stderr
