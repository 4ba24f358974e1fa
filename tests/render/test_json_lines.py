"""A national run's results and issues are encoded a column at a time, yet each line is the very
bytes orjson writes for its record alone — whatever the texts hold, whatever types the values have."""

from __future__ import annotations

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from healthkpi.render.jsonlines import json_lines
from healthkpi.render.records import plain_numbers

# Texts that could cut a line or a column wrongly: a record's boundary, a text ending as a
# column's cut does (`",`), quotes, backslashes, a percent sign (the lines' pattern is %-formatted).
HOSTILE = [
    ",",
    '},{"unit":',
    '"},{"unit":"',
    '",',
    'x",',
    '","',
    "\\",
    '\\"',
    "\n",
    "%",
    "%b",
    "%%s",
    "Xã \u0110ông",
    "",
]
FIELDS = ("unit", "value", "note", "flags", "status")


def one_by_one(fields: tuple[str, ...], columns: list[list[object]]) -> list[bytes]:
    return [orjson.dumps(dict(zip(fields, row, strict=True))) for row in zip(*columns, strict=True)]


texts = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=12))
numbers = st.one_of(
    st.none(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.integers(-(10**15), 10**15),
    st.sampled_from([0.0, -0.0, 1, 1.0]),
)
anything = st.one_of(
    texts, numbers, st.booleans(), st.lists(texts, max_size=3).map(tuple), st.lists(numbers, max_size=2)
)


def columns_of(rows: int) -> st.SearchStrategy[list[list[object]]]:
    def column(values: st.SearchStrategy[object]) -> st.SearchStrategy[list[object]]:
        # a column the same throughout (as an indicator's target is), or of a few values, or of any
        same = values.map(lambda v: [v] * rows)
        few = st.lists(values, min_size=1, max_size=3).flatmap(
            lambda pool: st.lists(st.sampled_from(pool), min_size=rows, max_size=rows)
        )
        return st.one_of(same, few, st.lists(values, min_size=rows, max_size=rows))

    return st.tuples(
        column(texts), column(numbers), column(st.one_of(st.none(), texts)), column(anything), column(anything)
    ).map(list)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])  # CI shares its cores
@given(st.integers(1, 8).flatmap(columns_of))
def test_lines_made_a_column_at_a_time_are_each_record_encoded_alone(columns: list[list[object]]) -> None:
    # however the caller describes the columns: numbers, texts that seldom recur, or nothing said
    for numbers_named, distinct in [((), ()), (("value",), ("unit",)), (("value", "note"), ("unit", "note", "flags"))]:
        made = json_lines(FIELDS, columns, numbers=numbers_named, distinct=distinct)
        assert made == one_by_one(FIELDS, columns)


def test_equal_values_of_other_types_keep_their_own_encodings() -> None:
    """1, 1.0 and True are equal (one dict key), and three encodings; so are 0.0 and -0.0."""
    columns: list[list[object]] = [[1, 1.0, True, 0.0, -0.0, 1], [True, 1, 1, 1, 1, 1]]
    assert json_lines(("a", "b"), columns) == one_by_one(("a", "b"), columns)
    assert json_lines(("a", "b"), columns, numbers=("a", "b")) == one_by_one(("a", "b"), columns)


def test_a_text_ending_as_the_cut_between_texts_does_stays_whole() -> None:
    columns: list[list[object]] = [['a",', "b", '",', ""]]
    assert json_lines(("m",), columns, distinct=("m",)) == [
        b'{"m":"a\\","}',
        b'{"m":"b"}',
        b'{"m":"\\","}',
        b'{"m":""}',
    ]


def test_a_column_the_same_throughout_is_written_into_every_line() -> None:
    columns: list[list[object]] = [["A", "B"], ["100%", "100%"], [None, None]]
    assert json_lines(("unit", "target", "note"), columns) == [
        b'{"unit":"A","target":"100%","note":null}',
        b'{"unit":"B","target":"100%","note":null}',
    ]


def test_no_rows_make_no_lines() -> None:
    assert json_lines(("unit",), [[]]) == []


@pytest.mark.parametrize("value", [[1, 2], {"k": 1}])
def test_unhashable_values_are_encoded_as_they_are(value: object) -> None:
    columns: list[list[object]] = [[value, value, "x"]]
    assert json_lines(("v",), columns) == one_by_one(("v",), columns)


def test_plain_numbers_are_whole_numbers_as_integers_and_missing_as_null() -> None:
    import numpy as np

    found = plain_numbers(np.array([1.0, 2.5, np.nan, np.inf, -3.0, 2.0**60, -0.0]))
    assert found == [1, 2.5, None, None, -3, 2.0**60, 0]
    assert [type(x) for x in found] == [int, float, type(None), type(None), int, float, int]
