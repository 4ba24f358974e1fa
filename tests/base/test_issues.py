"""Issues at volume: a batch of issues reads like the single issues it stands for, and costs little."""

from __future__ import annotations

import numpy as np
import orjson
from hypothesis import given, settings
from hypothesis import strategies as st

from healthkpi.base.issues import FIELDS, Code, Issue, IssueBatch, Issues, Level


def _batch(n: int) -> IssueBatch:
    history = np.empty(n, dtype=object)
    history[:] = [("2020",) if i % 2 else ("2019", "2020", "2021") for i in range(n)]
    return IssueBatch(
        Level.WARNING,
        Code.OUTLIER_OVER_TIME,
        "over_time_chance",
        [f"Biểu 01!D{i + 7}" for i in range(n)],
        [f"Xã {i}" for i in range(n)],
        ["2022"] * n,
        "births",
        {
            "label": "Số trẻ đẻ ra sống",
            "value": np.arange(n, dtype=float) * 1000.5,
            "reference": np.full(n, 205 + 1 / 3),
            "ratio": np.linspace(0.1, 9, n),
            "p": np.geomspace(1e-9, 0.009, n),
            "history": history,
            "change": 0.33,
        },
    )


def test_a_batch_says_what_each_of_its_issues_says_alone() -> None:
    batch = _batch(40)
    for lang in ("vi", "en"):
        assert batch.messages(lang) == [issue.message(lang) for issue in batch]
    first = batch.issue(1)
    assert first.message("en") == (
        'Biểu 01!D8: Xã 1: "Số trẻ đẻ ra sống" in 2022 is 1,000.5, 0.33 times 2020 (205.33); a change beyond ±33% '
        "that chance alone would give with probability below 0.0001"
    )
    assert (
        batch.issue(0)
        .message("vi")
        .startswith(
            'Biểu 01!D7: Xã 0: "Số trẻ đẻ ra sống" kỳ 2022 là 0, bằng 0,1 lần trung bình các kỳ 2019, 2020 và 2021 (205,33)'
        )
    )


def test_a_batch_with_repeated_missing_and_odd_figures_says_what_each_issue_says_alone() -> None:
    """Figures are written once per distinct value: repeats, NaN, -0.0, tiny and huge values and
    places left empty (a sentence that must not begin with ": ") read as each issue alone reads."""
    odd = [7.0, 7.0, float("nan"), -0.0, 0.0, 0.004, -1234.5, 2.0**60, 1234567.891, 7.0, float("nan"), 0.25]
    n = len(odd)
    batch = _batch(n)
    batch = IssueBatch(
        batch.level, batch.code, batch.template, [None if i % 3 == 0 else w for i, w in enumerate(batch.where)],
        [None if i % 4 == 0 else u for i, u in enumerate(batch.unit)], [None, *batch.period[1:]], batch.variable,
        {**batch.facts, "value": np.array(odd), "ratio": np.array(odd[::-1]), "p": np.array([*odd[:6], *odd[:6]])},
    )  # fmt: skip
    for lang in ("vi", "en"):
        assert batch.messages(lang) == [issue.message(lang) for issue in batch]


def test_issues_read_as_a_list_and_count_without_making_records() -> None:
    single = Issue(
        Level.ERROR, Code.NEGATIVE_COUNT, "Biểu 01!C9", "Xã A", "births", "2022", facts={"value": -3.0, "label": "x"}
    )
    issues = Issues([_batch(3), single]) + [single]  # noqa: RUF005 — Issues + list is what is tested
    assert len(issues) == 5
    assert issues.levels() == {"warning": 3, "error": 2}
    assert issues.codes() == {"outlier_over_time": 3, "negative_count": 2}
    assert [i.level for i in issues.most_important(3)] == ["error", "error", "warning"]
    assert issues[3] == single
    assert issues == list(issues)
    assert [i.code for i in issues.at_levels(Level.ERROR)] == ["negative_count", "negative_count"]
    assert issues.first(1)[0].unit == "Xã 0"


def test_columns_and_chunks_hold_every_field_of_every_issue_in_order() -> None:
    single = Issue(Level.INFO, Code.MISSING_UNIT, None, "Xã B", facts={"source": "plan"})
    issues = Issues([single, _batch(7), single])
    columns = issues.columns("en")
    assert [dict(zip(FIELDS, row, strict=True)) for row in zip(*(columns[f] for f in FIELDS), strict=True)] == [
        issue.as_dict("en") for issue in issues
    ]
    chunked = list(issues.chunks("en", size=3))
    assert [len(c["unit"]) for c in chunked] == [1, 3, 3, 1, 1]
    assert [m for c in chunked for m in c["message"]] == columns["message"]


def test_the_streamed_issue_list_is_the_json_of_the_records() -> None:
    from healthkpi.render.jsondoc import _as_text, _issue_pieces, issue_records

    issues = Issues([_batch(5), Issue(Level.WARNING, Code.MISSING_UNIT, None, 'Xã "C"\n', facts={"source": "plan"})])
    streamed = orjson.loads("".join(_as_text(make()) for _rows, make in _issue_pieces(issues, "vi")))
    assert streamed == issue_records(issues, "vi") == orjson.loads(orjson.dumps([i.as_dict("vi") for i in issues]))


def test_figures_written_in_bulk_are_those_written_one_by_one() -> None:
    """`_numbers` takes most values to hundredths with NumPy; it must write what `format` writes for
    each value alone: halfway cases (0.125, 1.005, 2.675), values near them, tiny, negative and large
    ones, -0.0, whole numbers beyond 2**53."""
    from healthkpi.base.messages import _number, _numbers

    rng = np.random.default_rng(5)
    halves = (rng.integers(-(10**6), 10**6, 20_000) + 0.5) / 100  # x.xx5 as near as floats get
    values = np.concatenate(
        [
            halves,
            np.nextafter(halves, np.inf),
            np.nextafter(halves, -np.inf),
            rng.uniform(-20, 20, 20_000),
            rng.uniform(-1e9, 1e9, 5_000),
            rng.uniform(-0.01, 0.01, 5_000),
            rng.integers(0, 10**5, 5_000) / 10,
            rng.integers(-1500, 1500, 5_000).astype(float),  # whole, either side of ±999
            [
                999.0,
                -999.0,
                1000.0,
                -1000.0,
                999.5,
                0.0,
                -0.0,
                0.005,
                -0.005,
                0.0049999,
                2.0**53 + 2,
                1e12 + 0.5,
                1e20,
                -1e9 + 0.015,
                np.nan,
                np.inf,
            ],
        ]
    )
    for lang in ("vi", "en", "vi"):  # the last from the texts kept by the first (`_whole_numbers`)
        assert _numbers(values, lang) == [_number(v, lang) for v in values.tolist()]


_PLAIN = st.sampled_from('ab ",\\:Xã😀\u2028')  # what messages hold: quotes, commas, a backslash, Vietnamese
_ANY = st.one_of(_PLAIN, st.characters(exclude_categories=["Cs"]))  # control characters, "\n" too
_TEXTS = st.one_of(*(st.lists(st.one_of(st.none(), st.text(alphabet=a, max_size=12))) for a in (_PLAIN, _ANY)))


@settings(max_examples=300, deadline=None)
@given(_TEXTS)
def test_a_chunk_of_issues_encoded_at_once_is_each_issue_encoded_alone(texts: list[str | None]) -> None:
    """Quotes, backslashes, control characters, "\\n", emoji, Vietnamese, None, and a message that holds
    what parts two records (`},{"level":`): one issue a line, the very bytes orjson writes for each."""
    from healthkpi.base.issues import FIELDS
    from healthkpi.render.jsondoc import _encode, _issue_chunk

    texts = [*texts, '},{"level":"x"}', '"},{"level":']
    chunk = {field: [t if n % 2 else f"{field} {t}" for t in texts] for n, field in enumerate(FIELDS)}
    made = _issue_chunk(lambda: chunk, ",\n")
    each = [_encode(dict(zip(FIELDS, row, strict=True))) for row in zip(*(chunk[f] for f in FIELDS), strict=True)]
    assert made.decode("utf-8") == ",\n" + ",\n".join(each)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(_TEXTS.map(lambda t: t[0] if t else None), st.text(_ANY, max_size=8)), min_size=1))
def test_a_batch_written_from_its_sentence_pieces_is_each_issue_encoded_alone(
    places: list[tuple[str | None, str]],
) -> None:
    """A batch's lines are made from its sentences' pieces, never from its texts (render/jsonlines.py,
    `composed`): with any cell, unit and label — quotes, backslashes, %, control characters, \0 —
    each line is still the very bytes orjson writes for the issue alone."""
    from healthkpi.render.jsondoc import _as_text, _issue_pieces

    n = len(places)
    batch = _batch(n)
    for label in ("%b %s 50%", 'a "b" \\ \0 \x01'):
        hostile = IssueBatch(
            batch.level, batch.code, batch.template, [w for w, _u in places], [u for _w, u in places],
            batch.period, batch.variable, {**batch.facts, "label": label},
        )  # fmt: skip
        for lang in ("vi", "en"):
            streamed = "".join(_as_text(make()) for _rows, make in _issue_pieces(Issues([hostile]), lang))
            each = ",\n".join(orjson.dumps(issue.as_dict(lang)).decode("utf-8") for issue in hostile)
            assert streamed == "[\n" + each + "\n]"


def test_p_values_written_in_bulk_are_those_written_one_by_one() -> None:
    """Below 0.0001 they share one text, given at once; the rest are written value by value."""
    from healthkpi.base.messages import _p_value, _p_values

    rng = np.random.default_rng(7)
    values = np.concatenate(
        [
            rng.uniform(0, 1, 2_000),
            10.0 ** rng.uniform(-9, 0, 2_000),
            [0.0, -0.0, -0.5, 0.0001, np.nextafter(0.0001, 0), 1e-300, 1.0, np.nan, np.inf, -np.inf],
        ]
    )
    for lang in ("vi", "en"):
        assert _p_values(values, lang) == [_p_value(v, lang) for v in values.tolist()]


def test_counts_by_level_say_the_plural_in_english_and_group_thousands() -> None:
    from healthkpi.render.quality import counts_by_level

    one = Issue(Level.INFO, Code.MISSING_UNIT, None, "Xã B", facts={"source": "plan"})
    issues = Issues([_batch(1234), one, Issue(Level.ERROR, Code.MISSING_UNIT, None, "Xã C", facts={"source": "plan"})])
    assert counts_by_level(issues, "en") == "1 error, 1,234 warnings, 1 info"
    assert counts_by_level(issues, "vi") == "1 lỗi, 1.234 cảnh báo, 1 thông tin"
    assert counts_by_level(Issues([one, one]), "en") == "2 info"
    assert counts_by_level(Issues([_batch(1)]), "en") == "1 warning"


def test_a_deferred_column_is_made_once_when_first_read_and_pickled_as_its_list() -> None:
    import pickle

    import pytest

    from healthkpi.base.issues import Deferred

    made: list[int] = []
    cells = ["Biểu 01!D7", "Biểu 01!D8", None]

    def make() -> list[str | None]:
        made.append(1)
        return list(cells)

    column = Deferred(3, make)
    assert len(column) == 3
    assert not made  # its length is known without making it
    assert column[0] == "Biểu 01!D7"
    assert list(column) == cells
    assert column[1:] == cells[1:]
    assert made == [1]
    assert pickle.loads(pickle.dumps(column)) == cells  # noqa: S301 - our own bytes
    with pytest.raises(ValueError, match="3 entries for 2"):
        list(Deferred(2, make))


def test_a_batch_with_deferred_columns_reads_and_writes_as_with_lists() -> None:
    from healthkpi.base.issues import Deferred
    from healthkpi.render.jsondoc import _issue_pieces

    plain = _batch(7)
    deferred = IssueBatch(
        plain.level, plain.code, plain.template, Deferred(7, lambda: list(plain.where)),
        Deferred(7, lambda: list(plain.unit)), plain.period, plain.variable, plain.facts,
    )  # fmt: skip
    assert list(deferred) == list(plain)
    assert list(deferred.take(np.array([1, 5]))) == list(plain.take(np.array([1, 5])))
    for lang in ("vi", "en"):
        assert deferred.messages(lang) == plain.messages(lang)
        assert [make() for _n, make in _issue_pieces(Issues([deferred]), lang)] == [
            make() for _n, make in _issue_pieces(Issues([plain]), lang)
        ]
        assert Issues([deferred]).columns(lang) == Issues([plain]).columns(lang)


def test_a_message_begins_with_its_cell_as_written_even_on_a_sheet_named_with_a_space() -> None:
    """A sheet may be named " S": the message keeps the address its `where` holds, single or batched."""
    from healthkpi.base.messages import trimmed

    facts = {"count": 2, "rows": "11, 12", "first_row": 11}
    single = Issue(Level.ERROR, Code.DUPLICATE_UNIT, " S!A11", "Xã A", None, "2024", "duplicate_unit", facts)
    assert single.message("vi").startswith(" S!A11: ")
    batch = _batch(3)
    spaced = IssueBatch(
        batch.level, batch.code, batch.template, [" S!D7", "", None], batch.unit, batch.period, batch.variable,
        batch.facts,
    )  # fmt: skip
    for lang in ("vi", "en"):
        said = spaced.messages(lang)
        assert said[0].startswith(" S!D7: Xã 0: ")
        assert said[1].startswith("Xã 1: ")  # no cell: its empty place is not left as ": "
        assert said == [issue.message(lang) for issue in spaced]
    assert trimmed(": Xã A: 3 ", "") == "Xã A: 3"
    assert trimmed(" S!A1: Xã A ", " S!A1") == " S!A1: Xã A"
