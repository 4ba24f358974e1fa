"""A unit the plan lists (in `units:`, an override, the annex) against the data's name for it, with
or without its administrative word: "Quan Hóa" listed, "Huyện Quan Hóa" written."""

from __future__ import annotations

from pathlib import Path

import healthkpi
from tests.conftest import write_plan
from tests.forms import BEDS_PLAN, beds_form

OVERRIDES = """\
    overrides:
      - {unit: Quan Hóa, target: ">= 45", source: "Phụ lục 1"}
      - {unit: "TP. Thanh Hóa", target: ">= 45", source: "Phụ lục 1"}
      - {unit: Kỳ Anh, target: ">= 45", source: "Phụ lục 1"}
"""
PLAN = BEDS_PLAN.replace("    source: Mục II.3\n", "    source: Mục II.3\n" + OVERRIDES, 1) + (
    'units: [Quan Hóa, "TP. Thanh Hóa", Kỳ Anh, Xã Tân Phú]\n'
)
UNITS = [  # 38 beds per 10,000 each: a pass of the plan's ">= 36.5", a fail of the own ">= 45"
    "Huyện Quan Hóa",
    "Thành phố Thanh Hoá",
    "Thị xã Kỳ Anh",  # Hà Tĩnh has both: "Kỳ Anh" could be either
    "Huyện Kỳ Anh",
    "Thị trấn Tân Phú",  # another word: another place than the listed "Xã Tân Phú"
]


def _scored(tmp_path: Path) -> healthkpi.Scorecard:
    plan = healthkpi.load_plan(write_plan(tmp_path, PLAN))
    form = beds_form(
        total=None, units=[(u, {"population": 100000, "hospital_beds": 380, "doctors": 120}) for u in UNITS]
    )
    return healthkpi.score(plan, healthkpi.read_data(form.write(tmp_path / "f.xlsx"), plan))


def test_a_listed_unit_written_with_its_administrative_word_gets_its_own_target(tmp_path: Path) -> None:
    card = _scored(tmp_path)
    frame = card.results_frame
    beds = frame[frame["indicator"] == "beds_per_10k"].set_index("unit")
    assert beds.loc["Huyện Quan Hóa", "status"] == "fail"  # its own ">= 45", not the plan's ">= 36.5"
    assert beds.loc["Huyện Quan Hóa", "target_source"] == "override: Phụ lục 1"
    assert beds.loc["Thành phố Thanh Hoá", "status"] == "fail"  # "TP." is "Thành phố"
    assert beds.loc["Thị xã Kỳ Anh", "status"] == "pass"  # two units could be meant: neither is taken
    assert beds.loc["Thị trấn Tân Phú", "status"] == "pass"
    noted = {i.unit: i.message("en") for i in card.issues if i.template == "spelling_listed_prefix"}
    assert set(noted) == {"Huyện Quan Hóa", "Thành phố Thanh Hoá"}
    assert noted["Huyện Quan Hóa"].endswith(
        'the plan lists "Quan Hóa", the data writes "Huyện Quan Hóa" (they differ only by the administrative '
        "word); taken as the same unit, with its own target where it has one"
    )


def test_only_the_units_no_data_unit_answers_to_are_missing(tmp_path: Path) -> None:
    card = _scored(tmp_path)
    missing = sorted(i.unit for i in card.issues if i.code == "missing_unit" and i.template != "missing_unit_target")
    assert missing == ["Kỳ Anh", "Xã Tân Phú"]
    targets = sorted(i.unit for i in card.issues if i.template == "missing_unit_target")
    assert targets == ["Kỳ Anh"]
    assert card.completeness.by_unit["Huyện Quan Hóa"] == (3, 3)
    assert "Quan Hóa" not in card.completeness.by_unit


def test_the_short_forms_of_the_administrative_words_are_those_words() -> None:
    from healthkpi.quality.listed import split_prefix

    assert split_prefix("H. Quan Hóa") == ("h", "huyện", "quan hóa")
    assert split_prefix("Tp.Thanh Hóa") == ("tp", "thành phố", "thanh hóa")
    assert split_prefix("TT Nga Sơn") == ("tt", "thị trấn", "nga sơn")
    for name in ("Hà Trung", "Quan Hóa", "Hưng Hà", "Xuân Hòa", "Tân Phú"):  # a name, not a word before it
        assert split_prefix(name) == ("", None, name.casefold())
