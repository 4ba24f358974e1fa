"""A column of floats (most of a national sheet) reads to the values, kinds and problems its cells
give one by one in a column of mixed cells: NaN, infinities and figures too large are problems."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from healthkpi.read.cells import BAD, NUMBER, convert_column


def _same(a: float, b: float) -> bool:
    return (math.isnan(a) and math.isnan(b)) or a == b


@settings(max_examples=200, deadline=None)
@given(st.lists(st.floats() | st.sampled_from([1e30, -1e26, 0.0, -0.0, 7800.0]), min_size=1, max_size=30))
def test_a_column_of_floats_reads_as_a_mixed_column_does(cells: list[float]) -> None:
    quick = convert_column(cells, "vi")
    mixed = convert_column([*cells, None], "vi")  # a blank cell: read cell by cell
    assert all(_same(a, b) for a, b in zip(quick.values.tolist(), mixed.values[:-1].tolist(), strict=True))
    assert quick.kinds.tolist() == mixed.kinds[:-1].tolist()
    assert quick.problems == mixed.problems
    assert quick.too_large == mixed.too_large
    assert quick.texts == mixed.texts == {}


def test_unusable_floats_in_a_column_of_floats_are_problems() -> None:
    column = convert_column([1.0, float("nan"), 1e30, float("inf"), 2.5], "vi")
    assert column.kinds.tolist() == [NUMBER, BAD, BAD, BAD, NUMBER]
    assert np.isnan(column.values[1:4]).all()
    assert column.values[[0, 4]].tolist() == [1.0, 2.5]
    assert column.problems == {1: "nan", 2: "1e+30", 3: "inf"}
    assert column.too_large == {2}
