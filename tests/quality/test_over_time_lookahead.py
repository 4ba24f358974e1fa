"""The over-time check looks at every variable at once before it looks at one (a district form has
40 variables and few changes): that look-ahead may only spare work, never an issue."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import healthkpi
from healthkpi.quality import overtime
from healthkpi.read.dataset import DataSet
from tests.conftest import write_plan

PLAN = """\
healthkpi: 1
plan: {id: lookahead, title: Nhìn trước}
variables:
  births: {label: Số trẻ đẻ ra sống}
  cases: {label: Số ca bệnh}
  score: {label: Điểm chất lượng, kind: value}
indicators:
  - {id: births, name: Số trẻ đẻ ra sống, numerator: births, target: ">= 0"}
  - {id: cases, name: Số ca bệnh, numerator: cases, target: ">= 0"}
  - {id: score, name: Điểm chất lượng, numerator: score, target: ">= 0"}
"""


def _data(tmp_path: Path, seed: int) -> tuple[healthkpi.Plan, DataSet]:
    rng = np.random.default_rng(seed)
    units, periods = 300, ["2020", "2021", "2022", "2023"]
    frame = pd.DataFrame({"unit": np.repeat([f"Xã {n}" for n in range(units)], 4), "period": periods * units})
    n = len(frame)
    births = rng.poisson(rng.uniform(0.5, 80, n)).astype(float)
    births[rng.random(n) < 0.05] = 0.0  # from nothing, to nothing
    births[rng.random(n) < 0.03] *= 3  # real shifts
    births[rng.random(n) < 0.02] = np.nan  # not reported
    births[rng.random(n) < 0.01] = -4.0  # impossible: left out of later history
    cases = np.round(rng.uniform(0, 10, n)) * rng.choice([1.0, 1.33, 0.67, 1.34, 0.66], n)  # on the ±33 % edge
    frame["births"], frame["cases"] = births, cases
    frame["score"] = rng.normal(50, 20, n)  # not a count: may be negative
    plan = healthkpi.load_plan(write_plan(tmp_path, PLAN))
    return plan, DataSet.from_frame(frame, plan, unit="unit", period="period")


def _said(batches: list) -> list[tuple]:
    return [(b.template, str(b.level), b.variable, tuple(b.unit), tuple(b.period), tuple(b.where)) for b in batches]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_look_ahead_spares_no_issue(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: int) -> None:
    plan, data = _data(tmp_path, seed)
    found = overtime.outliers_over_time(plan, data)
    assert found, "the data must give the check something to say"
    everything = lambda checked, _spread, history: {(v, k) for v, _, _ in checked for k in range(len(history))}  # noqa: E731
    monkeypatch.setattr(overtime, "_candidates", everything)
    assert _said(found) == _said(overtime.outliers_over_time(plan, data))


def test_a_change_just_beyond_the_threshold_is_still_looked_at(tmp_path: Path) -> None:
    """One unit, one period, a ratio of 1.34 against the ±33 % rule: the only change in the data."""
    frame = pd.DataFrame(
        {"unit": np.repeat([f"Xã {n}" for n in range(6)], 4), "period": ["2020", "2021", "2022", "2023"] * 6}
    )
    frame["births"] = 100.0
    frame.loc[3, "births"] = 134.0  # Xã 0 in 2023
    frame["cases"], frame["score"] = 10.0, 50.0
    plan = healthkpi.load_plan(write_plan(tmp_path, PLAN))
    found = overtime.outliers_over_time(plan, DataSet.from_frame(frame, plan, unit="unit", period="period"))
    assert [(b.variable, list(b.unit), list(b.period)) for b in found] == [("births", ["Xã 0"], ["2023"])]
