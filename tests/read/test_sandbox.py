"""The reading sandbox on every start method: `spawn` (what Windows has) is run here on Linux."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pandas as pd
import pytest

import healthkpi
from healthkpi.base.errors import WorkbookError
from healthkpi.read.sandbox import Limits, run_isolated, start_method
from healthkpi.read.spec import ReadingSpec
from tests import sandbox_probe
from tests.paths import ROOT

EXAMPLES = ["thanh-hoa-2021.xlsx", "tam-duong-2022-2025.xlsx", "hcmc-2021.xlsx", "hcmc-2023.xlsx"]


@pytest.fixture
def spawn(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HEALTHKPI_SANDBOX_START", "spawn")
    assert start_method() == "spawn"


@pytest.mark.parametrize("name", EXAMPLES)
def test_spawned_reader_reads_what_the_forked_one_reads(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    path = ROOT / "examples" / name
    plan = healthkpi.load_plan(str(ROOT / "examples" / "healthkpi.yaml") if "thanh" in name else _plan_of(name))
    monkeypatch.setenv("HEALTHKPI_SANDBOX_START", "fork")
    forked = healthkpi.read_data(path, plan)
    monkeypatch.setenv("HEALTHKPI_SANDBOX_START", "spawn")
    spawned = healthkpi.read_data(path, plan)
    pd.testing.assert_frame_equal(forked.frame, spawned.frame)
    assert [i.as_dict() for i in forked.issues] == [i.as_dict() for i in spawned.issues]
    assert forked.inputs == spawned.inputs
    assert forked.activities == spawned.activities


def _plan_of(name: str) -> str:
    return name.removesuffix(".xlsx")


@pytest.mark.usefixtures("spawn")
def test_the_spawned_child_imports_neither_pandas_nor_pydantic() -> None:
    plan = healthkpi.load_plan("thanh-hoa-2021")
    path = ROOT / "examples" / "thanh-hoa-2021.xlsx"
    loaded = run_isolated(sandbox_probe.modules_after_reading, (path, ReadingSpec.of(plan)), Limits(1 << 30, 60), "x")
    assert "python_calamine" in loaded
    assert not {"pandas", "pydantic", "yaml", "typer", "rich"} & set(loaded)


@pytest.mark.usefixtures("spawn")
def test_a_spawned_child_that_aborts_is_a_message_not_a_crash() -> None:
    with pytest.raises(WorkbookError, match="SIGABRT"):
        run_isolated(sandbox_probe.abort, (), Limits(1 << 30, 60), "damaged.xls")


@pytest.mark.usefixtures("spawn")
def test_a_spawned_child_that_hangs_is_stopped() -> None:
    with pytest.raises(WorkbookError, match="longer than 3 s"):
        run_isolated(sandbox_probe.sleep, (), Limits(1 << 30, 3), "trap.xlsx")


def test_the_command_line_scores_the_same_under_spawn() -> None:
    command = [sys.executable, "-m", "healthkpi", "score", "examples/thanh-hoa-2021.xlsx", "-f", "json"]
    outputs = []
    for method in ("fork", "spawn"):
        env = {**os.environ, "HEALTHKPI_SANDBOX_START": method}
        done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, check=False, timeout=120)
        assert done.returncode == 1, done.stderr
        outputs.append(json.loads(done.stdout))
    assert outputs[0] == outputs[1]
