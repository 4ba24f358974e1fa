from fractions import Fraction

import numpy as np
import pytest

from healthkpi.plan import expr


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("hospital_beds", ("hospital_beds",)),
        ("a + b * 2", ("a", "b")),
        ("(a + b) / (c - 1.5)", ("a", "b", "c")),
        ("-a + +b", ("a", "b")),
        ("a/b/c", ("a", "b", "c")),
        ("1e3 * a", ("a",)),
    ],
)
def test_parses_whitelisted_arithmetic(text: str, names: tuple[str, ...]) -> None:
    assert expr.parse(text).names == names


def test_evaluates_with_precedence_and_left_associativity() -> None:
    parsed = expr.parse("a - b - c * 2 / 4")
    assert parsed.evaluate({"a": 10.0, "b": 3.0, "c": 4.0}) == 5.0


def test_evaluates_whole_columns() -> None:
    parsed = expr.parse("(a + b) / 2")
    result = parsed.evaluate({"a": np.array([1.0, 3.0]), "b": np.array([3.0, 5.0])})
    assert result.tolist() == [2.0, 4.0]


def test_evaluates_exactly_with_fractions() -> None:
    parsed = expr.parse("a * 0.1 * 3")
    assert parsed.evaluate({"a": Fraction(1)}, Fraction) == Fraction(3, 10)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ('__import__("os")', "function calls are not allowed"),
        ("open('/etc/passwd')", "function calls are not allowed"),
        ("a(1)", "function calls are not allowed"),
        ("os.system", "unexpected '.'"),
        ("a.__class__", "unexpected '.'"),
        ("a[0]", "unexpected '['"),
        ("lambda: 1", "unexpected ':'"),
        ("a ** 2", "unexpected '*'"),
        ("a b", "unexpected name 'b'"),
        ("(a + b", "missing ')'"),
        ("a +", "ends too early"),
        ("", "ends too early"),
        ("1e999", "too large"),
        ("a <= b", "unexpected '<='"),
        ("'text'", "unexpected"),
        ("a if b else c", "unexpected name"),
    ],
)
def test_rejects_everything_else(text: str, fragment: str) -> None:
    with pytest.raises(expr.ExpressionError) as caught:
        expr.parse(text)
    assert fragment in str(caught.value)


def test_comparisons_only_where_allowed() -> None:
    check = expr.parse("vaccinated <= children", allow_comparison=True)
    assert check.is_comparison
    assert check.evaluate({"vaccinated": 5.0, "children": 4.0}) is False
    with pytest.raises(expr.ExpressionError, match="chained"):
        expr.parse("a < b < c", allow_comparison=True)


def test_depth_and_length_are_bounded() -> None:
    with pytest.raises(expr.ExpressionError, match="nested"):
        expr.parse("(" * 200 + "a" + ")" * 200)
    with pytest.raises(expr.ExpressionError, match="longer"):
        expr.parse("a + " * 400 + "a")


def test_non_text_is_rejected() -> None:
    with pytest.raises(expr.ExpressionError, match="as text"):
        expr.parse(42)  # type: ignore[arg-type]
