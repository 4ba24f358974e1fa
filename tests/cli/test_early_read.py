"""`healthkpi score FILE -t PLAN` starts reading FILE before importing the rest; the run takes that read."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from healthkpi.cli import app
from healthkpi.read import sandbox
from tests.paths import ROOT

EXAMPLES = ROOT / "examples"
runner = CliRunner()


@pytest.fixture
def taken(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Whether each read the run asked for was one begun early."""
    seen: list[bool] = []
    original = sandbox._take_begun

    def spy(function: Any, args: tuple[Any, ...]) -> Any:
        found = original(function, args)
        seen.append(found is not None)
        return found

    monkeypatch.setattr(sandbox, "_take_begun", spy)
    monkeypatch.setenv("HEALTHKPI_SANDBOX_START", "fork")
    return seen


@pytest.mark.parametrize(
    ("data", "plan"),
    [
        ("thanh-hoa-2021.xlsx", "examples/healthkpi.yaml"),
        ("hcmc-2021.xlsx", "hcmc-2021"),
        ("tam-duong-2022-2025.xlsx", "tam-duong-2022-2025"),
        ("thanh-hoa-2021.xlsx", None),  # the plan beside the data
        ("hcmc-2023.xlsx", None),  # the plan the workbook records
    ],
)
def test_the_run_takes_the_read_begun_early_and_scores_as_without_it(
    data: str, plan: str | None, taken: list[bool], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    command = ["score", f"examples/{data}", *(["-t", plan] if plan else []), "-f", "json"]
    early = runner.invoke(app, command)
    assert True in taken, "the data file was read again instead of taking the early read"  # side files: False
    if plan is None:  # the plan id the workbook records was looked up once, early, and the data read too
        assert taken.count(True) == 2
    assert not sandbox._begun
    monkeypatch.setattr("healthkpi.cli.early.begin_reading_early", lambda *_args: None)
    plain = runner.invoke(app, command)
    assert early.exit_code == plain.exit_code
    assert json.loads(early.stdout) == json.loads(plain.stdout)


def test_an_early_read_the_run_never_asks_for_is_stopped(taken: list[bool], tmp_path: Path) -> None:
    """-o over the input itself is refused before reading: the begun child must not outlive the command."""
    copy = tmp_path / "huyen.xlsx"
    copy.write_bytes((EXAMPLES / "hcmc-2021.xlsx").read_bytes())
    result = runner.invoke(app, ["score", str(copy), "-t", "hcmc-2021", "-o", str(copy)])
    assert result.exit_code == 2
    assert not taken  # never asked
    assert not sandbox._begun
    assert copy.read_bytes() == (EXAMPLES / "hcmc-2021.xlsx").read_bytes()


def test_a_bad_plan_is_reported_by_the_run_as_without_the_early_read(tmp_path: Path) -> None:
    bad = tmp_path / "plan.yaml"
    bad.write_text("healthkpi: 1\nplan: {id: x\n", encoding="utf-8")
    command = [sys.executable, "-m", "healthkpi", "score", str(EXAMPLES / "hcmc-2021.xlsx"), "-t", str(bad)]
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=False, timeout=120)
    assert done.returncode == 2
    assert "plan.yaml" in done.stderr
    assert "Traceback" not in done.stderr
