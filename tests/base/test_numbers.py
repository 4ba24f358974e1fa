import pytest

from healthkpi.base.numbers import NotANumber, parse_number


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1.234.567", 1234567),
        ("36,5", 36.5),
        ("1.234,5", 1234.5),
        ("1 234 567", 1234567),
        ("1\u00a0234", 1234),  # no-break space, as Excel writes thousands
        ("1\u202f234,75", 1234.75),  # narrow no-break space
        ("12%", 12),
        ("12,5 %", 12.5),
        ("  42 ", 42),
        ('"1.500"', 1500),
        ("'250", 250),  # Excel's text prefix
        ("\u201c36,5\u201d", 36.5),
        ("-3", -3),
        ("\u22123,5", -3.5),  # the minus sign web forms use
        ("+7", 7),
        ("36.5", 36.5),  # a lone dot that cannot group thousands is a decimal mark
        ("1e3", 1000),
        ("0,12", 0.12),
        ("0.955", 0.955),  # a fraction written the English way: no number begins its thousands with 0
        ("-0.125", -0.125),
        ("020.000", 20000),  # a stray leading zero: still thousands
        ("1.000", 1000),
        ("12\u200b345", 12345),  # zero-width space
    ],
)
def test_vietnamese_numbers(text: str, value: float) -> None:
    assert parse_number(text, "vi") == value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1,234,567", 1234567),
        ("36.5", 36.5),
        ("1,234.5", 1234.5),
        ("1 234 567", 1234567),
        ("36,5", 36.5),
        ("1,000", 1000),
        ("0.12", 0.12),
        ("0,955", 0.955),
        ("95%", 95),
    ],
)
def test_english_numbers(text: str, value: float) -> None:
    assert parse_number(text, "en") == value


@pytest.mark.parametrize("text", ["", "-", "—", "–", "x", "X", "...", "…", "  ", "n/a"])
def test_missing_marks_are_missing_not_zero(text: str) -> None:
    assert parse_number(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "chưa báo cáo",
        "12 giường",
        "1.2.3,4,5",
        "1,234.5",
        "abc",
        "1e999",
        "nan",
        "inf",
        "--5",
        "1..2",
        "12,34,5",
    ],
)
def test_text_that_is_not_a_number(text: str) -> None:
    with pytest.raises(NotANumber):
        parse_number(text, "vi")


def test_english_rejects_vietnamese_grouping() -> None:
    with pytest.raises(NotANumber):
        parse_number("1.234.567,5", "en")
