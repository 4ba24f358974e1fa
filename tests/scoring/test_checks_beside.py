"""The data-quality checks made on the other core (as on a national run, base/beside.py) give the
very issues, in the very order, and the same completeness, as made in turn — on the bundled examples,
whose deliberate flaws raise every kind of issue the checks make."""

from __future__ import annotations

import os

import pytest

import healthkpi
from healthkpi.scoring import engine
from tests.paths import ROOT

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the checks are forked only where processes fork")


@pytest.mark.parametrize("name", ["thanh-hoa-2021", "tam-duong-2022-2025", "ha-noi-2021-2025", "hcmc-2021"])
def test_the_checks_made_beside_are_the_checks_made_in_turn(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    plan = healthkpi.load_plan(ROOT / "targets" / f"{name}.yaml")
    data = healthkpi.read_data([ROOT / "examples" / f"{name}.xlsx"], plan)
    monkeypatch.setattr(engine, "CHECKS_BESIDE_FROM", 10**12)
    in_turn = engine.score(plan, data, "all")
    forked: list[int] = []
    real_fork = os.fork

    def fork() -> int:
        pid = real_fork()
        if pid:
            forked.append(pid)
        return pid

    monkeypatch.setattr(engine, "CHECKS_BESIDE_FROM", 1)
    monkeypatch.setattr(os, "fork", fork)
    beside = engine.score(plan, data, "all")
    assert forked, "the checks were not made in a child"
    assert [i.as_dict("vi") for i in beside.issues] == [i.as_dict("vi") for i in in_turn.issues]
    assert len(in_turn.issues) > 5
    assert beside.completeness == in_turn.completeness
    assert beside.results_frame.equals(in_turn.results_frame)
