"""The bundled examples carry deliberate, realistic flaws, one or two of each kind the
data-quality checks look for (issue 5), and every one of them is found.

FLAWS names, for each issue code, where an example shows it: the example, the unit
the issue is about, the cell it points to (None for issues about a whole unit or
period) and the period. EXAMPLES_BY_CODE says exactly which examples raise each code.
"""

from __future__ import annotations

import functools
from collections import Counter

import pytest

import healthkpi
from healthkpi.base.issues import Code, Issue
from tests.paths import ROOT

EXAMPLES = ("thanh-hoa-2021", "tam-duong-2022-2025", "ha-noi-2021-2025", "hcmc-2021", "hcmc-2023", "areas")
# example → (workbook, plan): the plans' own examples, and the one with a sheet per area
WORKBOOKS = {name: (f"{name}.xlsx", name) for name in EXAMPLES[:5]}
WORKBOOKS["areas"] = ("areas/tam-duong-2022-2025-theo-vung.xlsx", "tam-duong-2022-2025")

# (code, level, example, unit, where, period)
FLAWS = [
    # read time: a text in a number cell, a blank cell, a row pasted twice
    ("not_a_number", "warning", "thanh-hoa-2021", "Mường Lát", "Biểu 01!F52", "2021"),
    ("not_a_number", "warning", "hcmc-2021", "Huyện Nhà Bè", "Biểu 01!J33", None),
    ("missing_value", "warning", "tam-duong-2022-2025", "Thèn Sin", "Biểu 01!Z54", "2024"),
    ("missing_value", "warning", "ha-noi-2021-2025", "Ba Vì", "Biểu 01!T40", "2022"),
    ("duplicate_unit", "error", "hcmc-2021", "Huyện Nhà Bè", "Biểu 01!B34", None),
    # completeness: a unit the plan lists that sent nothing; a period a unit lacks
    ("missing_unit", "warning", "hcmc-2021", "Huyện Cần Giờ", None, None),
    ("missing_period", "warning", "tam-duong-2022-2025", "Sơn Bình", None, "2023"),
    # plausibility
    ("zero_denominator", "warning", "thanh-hoa-2021", "Mường Lát", "Biểu 01!BK52", "2021"),
    ("negative_count", "error", "tam-duong-2022-2025", "Tả Lèng", "Biểu 01!AA38", "2023"),
    ("non_integer_count", "warning", "ha-noi-2021-2025", "Thanh Xuân", "Biểu 01!I27", "2021"),
    ("over_100_percent", "warning", "thanh-hoa-2021", "Lang Chánh", "Biểu 01!K50", "2021"),
    ("implausible_sex_ratio", "warning", "thanh-hoa-2021", "Đông Sơn", "Biểu 01!L20", "2020"),
    # the plan's declared checks and the form's own total row
    ("check_failed", "error", "hcmc-2021", "Quận Phú Nhuận", "Biểu 01!M26", None),
    ("total_mismatch", "warning", "thanh-hoa-2021", "Toàn tỉnh", "Biểu 01!D68", "2021"),
    ("total_mismatch", "warning", "tam-duong-2022-2025", "Toàn huyện", "Biểu 01!D57", "2024"),
    # outliers: across units (the sex-ratio typo; the negative count is not used, so not an outlier)
    # and over time
    ("outlier", "warning", "thanh-hoa-2021", "Đông Sơn", "Biểu 01!L20", "2020"),
    # (2021 ten times a 2020 typed without its last digit; a count written as a negative change)
    ("outlier_over_time", "warning", "thanh-hoa-2021", "Hoằng Hóa", "Biểu 01!S27", "2021"),
    ("outlier_over_time", "info", "tam-duong-2022-2025", "Tả Lèng", "Biểu 01!AA38", "2023"),
    # reading: a unit column no header names, and a summary sheet that matches less well than the area sheets
    ("unit_column_guessed", "warning", "areas", None, "Vùng thấp!B8", None),
    ("sheet_skipped", "warning", "areas", None, "Tổng hợp", None),
    # identity: one unit written two ways (info); a look-alike differing by an accent (warning)
    ("spelling_variant", "info", "thanh-hoa-2021", "Thiệu Hóa", "Biểu 01!B35", None),
    ("spelling_variant", "warning", "tam-duong-2022-2025", "Sơn Bình", "Biểu 01!B31", None),
]

TH, TD, HN, HCMC21, HCMC23, AREAS = EXAMPLES
EXAMPLES_BY_CODE: dict[str, set[str]] = {
    "not_a_number": {TH, TD, HN, HCMC21},
    "missing_value": {TH, TD, HN, HCMC21, HCMC23},
    "missing_column": set(),
    "missing_unit": {HCMC21},
    "missing_period": {TD},
    "zero_denominator": {TH},
    "negative_count": {TD},
    "non_integer_count": {HN},
    "over_100_percent": {TH},
    "implausible_sex_ratio": {TH},
    "check_failed": {HCMC21},
    "total_mismatch": {TH, TD, HN, HCMC21},
    "outlier": {TH, HN, HCMC21},  # Tam Đường's negative count is not used, so stands out nowhere
    "outlier_over_time": {TH, TD, HN, AREAS},  # the areas example has Tam Đường's figures
    "duplicate_unit": {HCMC21},
    "spelling_variant": {TH, TD},
    "unit_column_guessed": {AREAS},
    "sheet_skipped": {AREAS},
}

# How many issues the flaws added for these checks raise, per example: a few, on purpose.
DELIBERATE_COUNTS = {
    "missing_unit": {HCMC21: 1},
    "missing_period": {TD: 3},  # Sơn Bình lacks 2023; "Sơn Binh" lacks 2022 and 2024
    "negative_count": {TD: 1},
    "non_integer_count": {HN: 1},
    "over_100_percent": {TH: 2},  # one cell, two indicators (BHYT now and on track to 2025)
    "implausible_sex_ratio": {TH: 1},
    "check_failed": {HCMC21: 1},
    "duplicate_unit": {HCMC21: 1},
    "spelling_variant": {TH: 1, TD: 1},
    "unit_column_guessed": {AREAS: 2},  # one per area sheet
    "sheet_skipped": {AREAS: 1},
}


@functools.cache
def issues_of(example: str) -> tuple[Issue, ...]:
    workbook, plan_id = WORKBOOKS[example]
    plan = healthkpi.load_plan(plan_id)
    data = healthkpi.read_data(ROOT / "examples" / workbook, plan)
    return tuple(healthkpi.score(plan, data, "all").issues)


def test_the_table_covers_every_code() -> None:
    assert set(EXAMPLES_BY_CODE) == {str(code) for code in Code}
    shown = {code for code, *_ in FLAWS}
    assert shown == {str(code) for code in Code} - {"missing_column"}
    assert {level for code, level, *_ in FLAWS if code == "spelling_variant"} == {"info", "warning"}


@pytest.mark.parametrize(
    ("code", "level", "example", "unit", "where", "period"),
    FLAWS,
    ids=[f"{code}-{example}-{unit}" for code, _, example, unit, *_ in FLAWS],
)
def test_each_flaw_is_found_where_it_is(
    code: str, level: str, example: str, unit: str | None, where: str | None, period: str | None
) -> None:
    found = [i for i in issues_of(example) if i.code == code and i.unit == unit and i.where == where]
    assert found, [(i.unit, i.where) for i in issues_of(example) if i.code == code]
    issue = found[0]
    assert (issue.level, issue.period) == (level, period)
    for lang in ("vi", "en"):
        message = issue.message(lang)
        if where is not None:
            assert where in message, message
        if unit is not None:
            assert unit in message, message


@pytest.mark.parametrize("code", sorted(EXAMPLES_BY_CODE))
def test_which_examples_raise_each_code(code: str) -> None:
    raised = {example for example in EXAMPLES if any(i.code == code for i in issues_of(example))}
    assert raised == EXAMPLES_BY_CODE[code]


@pytest.mark.parametrize("code", sorted(DELIBERATE_COUNTS))
def test_the_added_flaws_are_few(code: str) -> None:
    counts = {example: Counter(i.code for i in issues_of(example))[code] for example in EXAMPLES}
    assert {example: n for example, n in counts.items() if n} == DELIBERATE_COUNTS[code]


def test_spelling_variants_say_both_names_and_the_listed_spelling() -> None:
    same = next(i for i in issues_of(TH) if i.code == "spelling_variant")
    assert same.message("en") == "Biểu 01!B35: one unit written several ways: Thiệu Hóa / Thiệu Hoá; treated as one"
    look_alike = next(i for i in issues_of(TD) if i.code == "spelling_variant")
    assert look_alike.message("en") == (
        "Biểu 01!B31: unit names that differ only by accents: Sơn Bình / Sơn Binh; the list of units spells it Sơn Bình"
    )


def test_flaws_in_unscored_years_leave_the_scorecards_alone() -> None:
    """The look-alike, the negative count and the pasted row do not add or drop a scored unit."""
    plan = healthkpi.load_plan(TD)
    card = healthkpi.score(plan, healthkpi.read_data(ROOT / "examples" / f"{TD}.xlsx", plan))
    assert {r.unit for r in card.results} == set(plan.units)  # 2024: "Sơn Binh" wrote only 2023
    plan = healthkpi.load_plan(HCMC21)
    card = healthkpi.score(plan, healthkpi.read_data(ROOT / "examples" / f"{HCMC21}.xlsx", plan))
    assert sum(r.unit == "Huyện Nhà Bè" for r in card.results) == len(plan.indicators)  # the pasted row is dropped


def test_over_time_only_the_typing_error_of_thanh_hoa_is_flagged() -> None:
    """Thanh Hóa's 2020 counts are its 2021 ones up to 8 % lower: only the count typed without its last
    digit is far from its history. A hospital losing its one clinical pharmacist (1 → 0) is a change
    chance explains, no longer flagged; the other examples' counts grow with real programmes (electronic
    health records, 1.3 to 3.7 times a year), which the check is right to point at."""
    [typo] = [i for i in issues_of(TH) if i.code == "outlier_over_time"]
    assert (typo.unit, typo.variable, typo.level) == ("Hoằng Hóa", "hiv_living", "warning")
    assert "in 2021 is 308, 10.62 times 2020 (29)" in typo.message("en")
    grown = Counter(i.variable for i in issues_of(TD) if i.code == "outlier_over_time")
    assert grown.most_common(1) == [("people_ehr", 25)]
