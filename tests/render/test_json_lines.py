"""A national run's results are encoded a chunk at a time, yet the bytes are those of each record
encoded alone, one a line — whatever the texts hold."""

from __future__ import annotations

import orjson
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from healthkpi.render.jsondoc import _one_per_line
from healthkpi.render.records import plain_numbers

HOSTILE = ['},{"unit":', '"},{"unit":"', "\\", '\\"', "\n", "{", "}", "Xã \u0110ông", ""]


def one_by_one(chunk: list[dict]) -> bytes:
    return b",\n".join(orjson.dumps(record) for record in chunk)


texts = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=12))
records = st.lists(
    st.fixed_dictionaries(
        {
            "unit": texts,
            "value": st.one_of(
                st.none(), st.floats(allow_nan=False, allow_infinity=False), st.integers(-(10**15), 10**15)
            ),
            "note": st.one_of(st.none(), texts),
            "flags": st.lists(texts, max_size=3).map(tuple),
        }
    ).map(lambda r: {k: r[k] for k in ("unit", "value", "note", "flags")}),  # one key order, as results have
    max_size=8,
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])  # CI shares its cores
@given(records)
def test_records_one_a_line_are_each_record_encoded_alone(chunk: list[dict]) -> None:
    assert _one_per_line(chunk) == one_by_one(chunk)


def test_a_unit_named_like_a_record_boundary_stays_on_its_line() -> None:
    chunk = [{"unit": '},{"unit":', "value": 1}, {"unit": "B", "value": None}]
    assert _one_per_line(chunk).decode().splitlines() == [
        '{"unit":"},{\\"unit\\":","value":1},',
        '{"unit":"B","value":null}',
    ]


def test_plain_numbers_are_whole_numbers_as_integers_and_missing_as_null() -> None:
    import numpy as np

    found = plain_numbers(np.array([1.0, 2.5, np.nan, np.inf, -3.0, 2.0**60, -0.0]))
    assert found == [1, 2.5, None, None, -3, 2.0**60, 0]
    assert [type(x) for x in found] == [int, float, type(None), type(None), int, float, int]
