import pytest

from healthkpi.base.display import format_number, honest_decimals


@pytest.mark.parametrize(
    ("value", "decimals", "lang", "text"),
    [
        (1234567.891, 1, "vi", "1.234.567,9"),
        (1234567.891, 1, "en", "1,234,567.9"),
        (36.45, 1, "vi", "36,5"),  # half-up on the decimal as typed, not banker's rounding
        (2.675, 2, "en", "2.68"),  # 2.675 is 2.67499… in binary; shown as typed
        (-0.0, 1, "en", "0.0"),
        (-0.04, 1, "en", "0.0"),  # no "-0.0"
        (None, 1, "vi", ""),
        (float("nan"), 1, "vi", ""),
        (1e20, 0, "en", "100,000,000,000,000,000,000"),
    ],
)
def test_format_number(value: float | None, decimals: int, lang: str, text: str) -> None:
    assert format_number(value, decimals, lang) == text


@pytest.mark.parametrize(
    ("value", "status", "edges", "decimals"),
    [
        (36.46, "fail", [(">=", 36.5)], 2),  # "36.5" would look met
        (36.5, "pass", [(">=", 36.5)], 1),
        (95.04, "pass", [(">", 95.0)], 2),  # "95.0" would look missed
        (14.21, "near", [("<=", 14.2)], 2),
        (0.12, "fail", [("<", 0.12)], 2),
        (40.0, "pass", [(">=", 36.5)], 1),  # far from the edge: as the plan says
        (99.96, "fail", [("==", 100.0)], 2),
        (29.99, "fail", [(">=", 30.0), ("<=", 40.0)], 2),
    ],
)
def test_rounding_never_makes_a_result_look_otherwise(value: float, status: str, edges: list, decimals: int) -> None:
    assert honest_decimals(value, 1, status, edges) == decimals
