"""The over-time check on counts that change only by chance, and on counts that really shift (issue 20).

Commune counts are drawn as Poisson counts around a fixed mean — from 2 to 400 events a year, the
sizes of a commune's births, deaths or new cases — so every change between periods is chance. The
check may flag at most 1 % of these unit-variable-periods at warning level and 5 % at any level; a
count that triples (a mean of 60 or more) must be flagged every time. Yearly data, and monthly data
with a strong season (compared month with the same month of earlier years).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import healthkpi
from healthkpi.read.dataset import DataSet
from tests.conftest import write_plan

PLAN = """\
healthkpi: 1
plan: {id: chance, title: Số liệu thay đổi ngẫu nhiên}
variables:
  births: {label: Số trẻ đẻ ra sống}
  deaths: {label: Số người tử vong}
  population: {label: Dân số}
indicators:
  - {id: births, name: Số trẻ đẻ ra sống, numerator: births, target: ">= 0"}
  - {id: crude_death_rate, name: Tỷ suất chết thô, numerator: deaths, denominator: population, per: 1000, target: "<= 7"}
"""
COUNTS = ("births", "deaths")
CHANCE_UNITS, SHIFTED_UNITS = 4000, 400


def _means(rng: np.random.Generator, n: int, low: float, high: float) -> np.ndarray:
    return np.exp(rng.uniform(np.log(low), np.log(high), n))  # as many small communes as large ones


def _frame(periods: list[str], counts: dict[str, np.ndarray], names: list[str]) -> pd.DataFrame:
    """Units × periods of counts (one array per variable) as a table: a row per unit and period."""
    rows = len(names) * len(periods)
    frame = pd.DataFrame({"unit": np.repeat(names, len(periods)), "period": periods * len(names)})
    for variable, values in counts.items():
        frame[variable] = values.reshape(rows).astype(float)
    frame["population"] = 20_000.0
    return frame


def _score(tmp_path: Path, frame: pd.DataFrame):
    plan = healthkpi.load_plan(write_plan(tmp_path, PLAN))
    return healthkpi.score(plan, DataSet.from_frame(frame, plan, unit="unit", period="period"))  # checks: every period


def _flags(card, units: list[str]) -> dict[tuple[str, str, str], str]:
    """(unit, variable, period) → the level of the over-time issue on it."""
    wanted = set(units)
    return {
        (i.unit, i.variable, i.period): str(i.level)
        for i in card.issues
        if i.code == "outlier_over_time" and i.unit in wanted
    }


def _rates(flags: dict[tuple[str, str, str], str], tested: int) -> tuple[float, float]:
    warnings = sum(level == "warning" for level in flags.values())
    return warnings / tested, len(flags) / tested


@pytest.mark.parametrize("kind", ["yearly", "monthly"])
def test_chance_is_seldom_flagged_and_every_real_shift_is(tmp_path: Path, kind: str) -> None:
    rng = np.random.default_rng(20 if kind == "yearly" else 21)
    if kind == "yearly":
        periods = [str(year) for year in range(2019, 2025)]  # 5 periods with history (1 to 3 earlier ones)
        season = np.ones(len(periods))
        tested_periods = periods[1:]
    else:  # three years of months; a strong season (a winter peak three times the summer low)
        periods = [f"{year}-{month:02d}" for year in (2022, 2023, 2024) for month in range(1, 13)]
        season = np.array([1 + 0.5 * np.cos(2 * np.pi * (int(p[-2:]) - 1) / 12) for p in periods])
        tested_periods = periods[12:]  # the same month of an earlier year exists from the second year
    units = CHANCE_UNITS if kind == "yearly" else CHANCE_UNITS // 4  # a month is a period: as many tests
    chance = [f"Xã {n:05d}" for n in range(units)]
    shifted = [f"Phường {n:04d}" for n in range(SHIFTED_UNITS)]
    counts = {}
    for variable in COUNTS:
        means = np.concatenate([_means(rng, units, 2, 400), rng.uniform(60, 400, SHIFTED_UNITS)])
        expected = means[:, None] * season[None, :]
        expected[units:, -1] *= 3  # the real shift: the latest period triples
        counts[variable] = rng.poisson(expected)
    card = _score(tmp_path, _frame(periods, counts, chance + shifted))

    found = _flags(card, chance)
    warning, any_level = _rates(found, len(chance) * len(COUNTS) * len(tested_periods))
    print(f"{kind}: chance flagged {warning:.3%} as warnings, {any_level:.3%} at any level")
    assert warning <= 0.01, f"{warning:.2%} of chance changes flagged as warnings"
    assert any_level <= 0.05, f"{any_level:.2%} of chance changes flagged"
    detected = _flags(card, shifted)
    missed = [(unit, v) for unit in shifted for v in COUNTS if (unit, v, periods[-1]) not in detected]
    assert missed == [], f"{len(missed)} of {len(shifted) * len(COUNTS)} real shifts not flagged"
    assert {detected[(unit, v, periods[-1])] for unit in shifted for v in COUNTS} == {"warning"}


def test_the_chance_test_is_the_binomial_one() -> None:
    """Exact two-sided p-values (twice the smaller tail) for small counts; for large ones within a few
    percent where p matters (above 1e-6), and tiny where it is tiny."""
    import math

    from healthkpi.quality.chance import EXACT_UP_TO, two_sided_p

    def exact(x: int, n: int, q: float) -> float:
        log = [math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1) for k in range(n + 1)]
        terms = [math.exp(c + k * math.log(q) + (n - k) * math.log1p(-q)) for k, c in enumerate(log)]
        return min(1.0, 2 * min(sum(terms[: x + 1]), sum(terms[x:])))

    rng = np.random.default_rng(5)
    cases = []
    for n, q in zip(rng.integers(0, 2000, 300).tolist(), rng.uniform(0.1, 0.9, 300).tolist(), strict=True):
        cases.append((int(rng.binomial(n, min(0.95, q * rng.uniform(0.8, 1.25)))), n, q))
    cases += [(6, 9, 0.5), (0, 1, 0.5), (60, 90, 0.5), (180, 240, 0.5), (0, 0, 0.25)]
    x, n, q = (np.array(c, dtype=float) for c in zip(*cases, strict=True))
    found = two_sided_p(x, n, q)
    for (xi, ni, qi), p in zip(cases, found.tolist(), strict=True):
        truth = exact(xi, ni, qi)
        if (xi if xi <= ni * qi else ni - xi) <= EXACT_UP_TO:  # the observed tail is short: summed exactly
            assert p == pytest.approx(truth, rel=1e-9, abs=1e-300), (xi, ni, qi)
        elif truth > 1e-6:
            assert p == pytest.approx(truth, rel=0.06), (xi, ni, qi)
        else:
            assert p < 1e-5, (xi, ni, qi)
    assert found[-5] == pytest.approx(0.5078125)  # 3 → 6: p ≈ 0.51, nothing to see
