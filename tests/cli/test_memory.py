"""The cycle collector is off for one run of one table and back on after it, however it ends."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest
from typer.testing import CliRunner

from healthkpi.cli import memory
from healthkpi.cli.app import app

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def test_the_collector_is_off_within_and_on_after_even_after_an_error() -> None:
    assert gc.isenabled()
    with memory.cycles_collected_afterwards():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(ValueError, match="stop"), memory.cycles_collected_afterwards():
        raise ValueError("stop")
    assert gc.isenabled()


def test_a_collector_turned_off_before_stays_off() -> None:
    gc.disable()
    try:
        with memory.cycles_collected_afterwards():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_score_run_turns_the_collector_off_and_back_on(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    seen: list[bool] = []
    from healthkpi.cli import score as score_command

    real = score_command.score_inputs

    def watched(*args: object, **kwargs: object) -> object:
        seen.append(gc.isenabled())
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(score_command, "score_inputs", watched)
    result = CliRunner().invoke(app, ["score", str(EXAMPLES / "thanh-hoa-2021.xlsx"), "-o", str(tmp_path / "s.json")])
    assert result.exit_code in (0, 1), result.output
    assert seen == [False]
    assert gc.isenabled()
    assert (tmp_path / "s.json").stat().st_size > 0


def test_where_the_process_ends_with_the_command_the_collector_is_left_off(monkeypatch: pytest.MonkeyPatch) -> None:
    """`healthkpi` run from a shell: turned on again, the collector's first pass would walk every
    object the run made, for a process about to end."""
    monkeypatch.setattr(memory, "_ending", [True])
    try:
        with memory.cycles_collected_afterwards():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_score_run_holds_only_its_own_run_and_scorecard(tmp_path: Path) -> None:
    """Held until the process ends (not freed object by object as the command returns); a second
    run in the same process lets the first one's go."""
    for name in ("a.json", "b.json"):
        result = CliRunner().invoke(app, ["score", str(EXAMPLES / "thanh-hoa-2021.xlsx"), "-o", str(tmp_path / name)])
        assert result.exit_code in (0, 1), result.output
    run, card = memory._kept
    assert card.data is run.data
    assert len(memory._kept) == 2
