"""`healthkpi check` says where a valid plan may be off by a hundred times, and only there."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from healthkpi.cli import app
from healthkpi.plan.bundled import bundled_plans
from tests.conftest import write_plan

runner = CliRunner()
PLAN = """\
healthkpi: 1
plan: {{id: t, title: T}}
variables:
  a: {{label: A}}
  b: {{label: B}}
indicators:
  - {{id: x, name: X, numerator: a, denominator: b, {rest}}}
"""


@pytest.mark.parametrize(
    ("rest", "said"),
    [
        ('unit: "%", target: ">= 95"', 'its unit is "%" but it has no per: 100'),
        ('unit: "%", per: 100, target: ">= 0.95"', "the target 0.95 on a percentage (per: 100) means 0.95%; if 95%"),
        ('unit: "%", per: 100, target: ">= 95"', None),
        ('unit: "%", per: 100, target: "< 0.12"', None),  # HIV prevalence: a small percentage on purpose
        ('per: 10000, target: ">= 0.8"', None),  # not a percentage
    ],
)
def test_check_says_a_percentage_off_by_a_hundred_times(tmp_path: Path, rest: str, said: str | None) -> None:
    result = runner.invoke(app, ["check", str(write_plan(tmp_path, PLAN.format(rest=rest))), "--lang", "en"])
    assert result.exit_code == 0, result.output
    if said is None:
        assert "check this" not in result.stdout
    else:
        assert f"check this: indicator x: {said}" in " ".join(result.stdout.split())


def test_no_bundled_plan_is_doubted() -> None:
    result = runner.invoke(app, ["check", *(p.id for p in bundled_plans())])
    assert result.exit_code == 0
    assert "cần xem lại" not in result.stdout
