"""The reading sandbox on every start method: `spawn` (what Windows has) is run here on Linux."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import healthkpi
from healthkpi.base.errors import WorkbookError
from healthkpi.read.sandbox import Limits, keeping_a_reader, run_isolated, start_method
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


def test_a_kept_reader_reads_file_after_file_in_one_child() -> None:
    with keeping_a_reader():
        first = run_isolated(sandbox_probe.pid, (), Limits(1 << 30, 60), "a.xlsx")
        assert run_isolated(sandbox_probe.pid, (), Limits(1 << 30, 60), "b.xlsx") == first != os.getpid()
        with pytest.raises(WorkbookError):  # an error about the file: the child stays
            run_isolated(sandbox_probe.refuse, ("c.xlsx",), Limits(1 << 30, 60), "c.xlsx")
        assert run_isolated(sandbox_probe.pid, (), Limits(1 << 30, 60), "d.xlsx") == first
    assert run_isolated(sandbox_probe.pid, (), Limits(1 << 30, 60), "e.xlsx") != first  # outside: a child each


@pytest.mark.parametrize(
    ("trap", "args", "seconds", "said"),
    [
        (sandbox_probe.abort, (), 60, "SIGABRT"),
        (sandbox_probe.sleep, (), 2, "longer than 2 s"),
        (sandbox_probe.allocate, (3 << 30,), 60, "memory"),
    ],
)
def test_a_kept_reader_that_crashes_hangs_or_runs_out_is_replaced(
    trap: Any, args: tuple[Any, ...], seconds: float, said: str
) -> None:
    """A file that kills, hangs or fills the kept child is a message; the next file gets a fresh child,
    under its own limits (a smaller file is not read under what a larger one was given)."""
    with keeping_a_reader():
        first = run_isolated(sandbox_probe.pid, (), Limits(1 << 30, 60), "a.xlsx")
        with pytest.raises(WorkbookError, match=said):
            run_isolated(trap, args, Limits(1 << 30, seconds), "trap.xls")
        after = run_isolated(sandbox_probe.pid, (), Limits(1 << 30, 60), "b.xlsx")
        assert after != first
        assert run_isolated(sandbox_probe.allocate, (100 << 20,), Limits(1 << 30, 60), "c.xlsx") == 100 << 20


def test_a_batch_reads_every_file_as_one_at_a_time_does(tmp_path: Path) -> None:
    """Kept readers (two workers, and -j 1) give every scorecard byte for byte as a lone run."""
    paths = [ROOT / "examples" / name for name in ("thanh-hoa-2021.xlsx", "tam-duong-2022-2025.xlsx", "hcmc-2021.xlsx")]
    alone = {}
    for path in paths:
        out = tmp_path / "alone" / f"{path.stem}.json"
        out.parent.mkdir(exist_ok=True)
        subprocess.run(
            [sys.executable, "-m", "healthkpi", "score", str(path), "-o", str(out), "-q"], cwd=ROOT, check=False
        )
        alone[out.name] = out.read_bytes()
    for jobs in ("1", "2"):
        folder = tmp_path / f"j{jobs}"
        command = [sys.executable, "-m", "healthkpi", "score", *map(str, paths), "--output-dir", str(folder)]
        subprocess.run([*command, "-f", "json", "-q", "-j", jobs], cwd=ROOT, check=False, timeout=300)
        assert {p.name: p.read_bytes() for p in folder.glob("*.json")} == alone


def test_ctrl_c_in_the_reading_child_is_an_interruption_not_a_bug() -> None:
    """Ctrl+C reaches the child too (an early read is parsing while the parent imports): the parent
    must stop as interrupted (exit 130), not report the child's KeyboardInterrupt as an internal error."""
    with pytest.raises(KeyboardInterrupt):
        run_isolated(sandbox_probe.interrupted, (), Limits(1 << 30, 60), "x.xlsx")
