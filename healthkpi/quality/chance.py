"""How likely a change in a count is by chance alone: the conditional test of two Poisson counts.

A commune reporting x events this period and X in its earlier periods, with
exposures e and E (the indicator's denominators, or 1 per period for a plain
count), has an unchanged rate exactly when, given n = x + X, x is binomial with
n trials and probability q = e / (e + E) (Przyborowski and Wileński, 1940; the
exact "conditional" or "C-test" for comparing Poisson rates). The p-value here
is two-sided: twice the smaller tail, at most 1.

Exact when the observed tail has at most EXACT_UP_TO terms (summed term by
term, in logs, for all rows at once) — every small count, however large its
history; beyond, both tails hold hundreds of expected events and the signed
root of the likelihood-ratio statistic, with a continuity correction, is
accurate to a few percent of p. NumPy only: no SciPy.
"""

from __future__ import annotations

import math

import numpy as np

EXACT_UP_TO = 300  # terms in the observed tail; beyond, the normal approximation of the deviance


def two_sided_p(x: np.ndarray, n: np.ndarray, q: np.ndarray) -> np.ndarray:
    """P-values of x successes in n trials of probability q (arrays of one shape; x, n whole, 0 < q < 1)."""
    x = np.asarray(x, dtype=float)
    n = np.asarray(n, dtype=float)
    q = np.broadcast_to(np.asarray(q, dtype=float), x.shape).astype(float)
    p = np.ones(x.shape)
    exact = np.where(x <= n * q, x, n - x) <= EXACT_UP_TO
    if exact.any():
        p[exact] = _exact(x[exact], n[exact], q[exact])
    if (~exact).any():
        p[~exact] = _approximate(x[~exact], n[~exact], q[~exact])
    return np.minimum(p, 1.0)


def _exact(x: np.ndarray, n: np.ndarray, q: np.ndarray) -> np.ndarray:
    """Twice the smaller tail: P(0) + … + P(x) when x is at or below the mean n·q, else P(x) + … + P(n)."""
    lower = x <= n * q
    tail = np.empty(len(x))
    tail[lower] = _lower_tail(x[lower], n[lower], q[lower])
    # The upper tail of x successes is the lower tail of n - x failures, of probability 1 - q.
    tail[~lower] = _lower_tail(n[~lower] - x[~lower], n[~lower], 1.0 - q[~lower])
    return np.minimum(1.0, 2.0 * tail)


def _lower_tail(x: np.ndarray, n: np.ndarray, q: np.ndarray) -> np.ndarray:
    """P(X ≤ x) for X binomial (n, q), term by term from P(0), in logs; rows taken in order of x, so
    each step works only on the rows still summing."""
    order = np.argsort(x, kind="stable")
    x, n, q = x[order], n[order], q[order]
    odds = np.log(q) - np.log1p(-q)
    log_term = n * np.log1p(-q)  # log P(0)
    total = np.exp(log_term)
    for k in range(int(x[-1]) if len(x) else 0):  # P(k+1) = P(k) · (n-k)/(k+1) · q/(1-q)
        a = int(np.searchsorted(x, k + 1, side="left"))  # rows [a:] sum P(k+1) too
        log_term[a:] += np.log(n[a:] - k) - math.log(k + 1) + odds[a:]
        total[a:] += np.exp(log_term[a:])
    tail = np.empty(len(order))
    tail[order] = total
    return tail


def _approximate(x: np.ndarray, n: np.ndarray, q: np.ndarray) -> np.ndarray:
    """The signed root deviance r, with x moved half a count towards the mean; p = 2 Φ(-|r|)."""
    mean = n * q
    corrected = np.where(x > mean, np.maximum(x - 0.5, mean), np.minimum(x + 0.5, mean))
    with np.errstate(divide="ignore", invalid="ignore"):
        a = np.where(corrected > 0, corrected * np.log(corrected / mean), 0.0)
        b = np.where(n - corrected > 0, (n - corrected) * np.log((n - corrected) / (n - mean)), 0.0)
    deviance = np.maximum(2.0 * (a + b), 0.0)
    return np.minimum(1.0, _erfc(np.sqrt(deviance / 2.0)))  # 2 Φ(-r) = erfc(r / √2)


_ERFC = (
    0.17087277, -0.82215223, 1.48851587, -1.13520398, 0.27886807, -0.18628806, 0.09678418, 0.37409196, 1.00002368,
    -1.26551223,
)  # fmt: skip


def _erfc(z: np.ndarray) -> np.ndarray:
    """The complementary error function for z ≥ 0 (Numerical Recipes' erfcc: relative error < 1.2e-7)."""
    t = 1.0 / (1.0 + 0.5 * z)
    poly = np.zeros_like(z)
    for c in _ERFC:
        poly = poly * t + c
    return t * np.exp(-z * z + poly)
