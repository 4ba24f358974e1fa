from fractions import Fraction

import pytest

from healthkpi.plan.targets import Between, Comparison, Relative, parse_band, parse_target


@pytest.mark.parametrize(
    ("raw", "op", "number"),
    [
        (">= 36.5", ">=", "36.5"),
        ("> 95", ">", "95"),
        ("<= 14.2", "<=", "14.2"),
        ("< 0.12", "<", "0.12"),
        ("== 100", "==", "100"),
        ("= 100", "==", "100"),
        ("≥ 91", ">=", "91"),
        ("≤14.2%", "<=", "14.2"),
        (">=+5", ">=", "5"),
        ("<= -0.5", "<=", "-0.5"),
    ],
)
def test_comparisons(raw: str, op: str, number: str) -> None:
    target = parse_target(raw)
    assert isinstance(target, Comparison)
    assert (target.op, target.text) == (op, number)
    assert target.number == Fraction(number)


def test_between_is_inclusive_range() -> None:
    target = parse_target("between 30 and 40")
    assert isinstance(target, Between)
    assert (target.low, target.high) == ("30", "40")
    assert isinstance(parse_target("từ 30 đến 40"), Between)


@pytest.mark.parametrize(
    ("raw", "kind", "vs", "op"),
    [
        ({"vs": "2020", "change": "< 0"}, "change", "2020", "<"),
        ({"vs": 2020, "change_pct": ">= 5"}, "change_pct", "2020", ">="),
        ({"vs": "2022", "change_pct_per_year": "<= -0.5"}, "change_pct_per_year", "2022", "<="),
    ],
)
def test_relative_targets(raw: dict, kind: str, vs: str, op: str) -> None:
    target = parse_target(raw)
    assert isinstance(target, Relative)
    assert (target.kind, target.vs, target.comparison.op) == (kind, vs, op)


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        ("=> 36.5", 'did you mean ">= 36.5"'),
        ("36.5", "expected a comparison"),
        (36.5, "bare number"),
        (">= 36,5", 'use "." as the decimal mark'),
        ("between 40 and 30", "lower bound above"),
        (">= abc", "expected a comparison"),
        (None, "expected a comparison"),
        ({"change_pct": ">= 5"}, 'needs "vs"'),
        ({"vs": "2020"}, "exactly one of"),
        ({"vs": "2020", "change": "< 0", "change_pct": "> 1"}, "exactly one of"),
        ({"vs": "2020", "chnage": "< 0"}, "unknown key 'chnage'"),
        ({"vs": "2020", "change": "between 1 and 2"}, "not a range"),
    ],
)
def test_bad_targets_say_what_was_expected(raw: object, fragment: str) -> None:
    with pytest.raises(ValueError) as caught:  # noqa: PT011 — the message is checked below
        parse_target(raw)
    assert fragment in str(caught.value)


def test_bands() -> None:
    relative = parse_band("5%")
    assert relative.relative
    assert relative.amount == 5
    assert relative.width(Fraction(40)) == 2
    absolute = parse_band(0.5)
    assert not absolute.relative
    assert absolute.width(10.0) == 0.5
    for bad in ("-5%", "five", True, None):
        with pytest.raises(ValueError, match="band"):
            parse_band(bad)
