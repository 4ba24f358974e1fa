"""The outlier check's median of a district's few dozen values is NumPy's, to the last bit."""

from __future__ import annotations

import numpy as np
import pytest

from healthkpi.quality.outliers import _median


@pytest.mark.parametrize("n", [1, 2, 3, 4, 5, 33, 34, 200, 201, 500])
def test_the_median_is_numpys(n: int) -> None:
    rng = np.random.default_rng(n)
    for scale in (1.0, 1e-300, 1e300):
        for _ in range(50):
            values = rng.normal(0, 1e3, n) * scale
            assert _median(values) == float(np.median(values))
