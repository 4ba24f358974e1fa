"""Subtotal rows of a form of sections ("I. Huyện A" … "Cộng huyện A"), whose units carry no parent:
each is compared with its block of the sheet — the units above it when the sums stand at the foot of
each section, below it when they head it — so that a subtotal typed wrong is a warning, not an info
saying it could not be compared."""

from __future__ import annotations

from pathlib import Path

import healthkpi
from tests.conftest import write_plan
from tests.forms import doctors_plan, plain_sheet

PLAN = doctors_plan("sections-plan")
HEADER = ["Đơn vị", "Dân số", "Bác sỹ"]
A = [["Xã A1", 10000, 6], ["Xã A2", 20000, 12]]
B = [["Xã B1", 10000, 3], ["Xã B2", 20000, 4]]


def issues_of(
    tmp_path: Path, rows: list[list[object]], header: list[str] = HEADER
) -> list[tuple[str, str | None, str]]:
    plain_sheet(tmp_path / "f.xlsx", [header, *rows])
    plan = healthkpi.load_plan(write_plan(tmp_path, PLAN))
    card = healthkpi.score(plan, healthkpi.read_data([tmp_path / "f.xlsx"], plan))
    return [(i.where or "", i.template, i.message("en")) for i in card.issues if i.code == "total_mismatch"]


def test_sums_at_the_foot_of_each_section_are_compared_with_the_units_above(tmp_path: Path) -> None:
    rows = [["I. Huyện A"], *A, ["Cộng huyện A", 30000, 18], ["II. Huyện B"], *B, ["Cộng huyện B", 30000, 9]]
    found = issues_of(tmp_path, rows)
    assert found == [
        (
            "Biểu 01!C9",
            "subtotal_block_above_mismatch",
            'Biểu 01!C9: the subtotal row "Cộng huyện B" says "Bác sỹ" is 9, but the 2 units above it add up to 7',
        )
    ]


def test_sums_heading_each_section_are_compared_with_the_units_below(tmp_path: Path) -> None:
    rows = [["Cộng huyện A", 30000, 18], *A, ["Cộng huyện B", 31000, 7], *B, ["Tổng cộng", 61000, 25]]
    found = issues_of(tmp_path, rows)
    assert [(where, template) for where, template, _ in found] == [
        ("Biểu 01!B5", "subtotal_block_below_mismatch"),
        ("Biểu 01!B8", None),  # the total row: 61,000 against the units' 60,000
    ]
    assert "the 2 units below it add up to 30,000" in found[0][2]


def test_right_subtotals_say_nothing(tmp_path: Path) -> None:
    rows = [["I. Huyện A"], *A, ["Cộng huyện A", 30000, 18], ["II. Huyện B"], *B, ["Cộng huyện B", 30000, 7]]
    assert issues_of(tmp_path, rows) == []


def test_a_subtotal_with_no_units_in_its_block_is_left_uncompared(tmp_path: Path) -> None:
    rows = [*A, ["Cộng huyện A", 30000, 18], ["Cộng huyện C", 5000, 2]]
    found = issues_of(tmp_path, rows)
    assert [(where, template) for where, template, _ in found] == [("Biểu 01!A5", "subtotal_block_empty")]


C = [["Xã C1", 10000, 5], ["Xã C2", 10000, 5]]
D = [["Xã D1", 10000, 6], ["Xã D2", 10000, 4]]


def test_regions_over_districts_at_the_foot_are_compared_with_all_their_communes(tmp_path: Path) -> None:
    rows = [
        ["A. Khu vực miền núi"],
        ["I. Huyện A"], *A, ["Cộng huyện A", 30000, 18],
        ["II. Huyện B"], *B, ["Cộng huyện B", 30000, 7],
        ["Tổng khu vực miền núi", 60000, 25],
        ["B. Khu vực đồng bằng"],
        ["III. Huyện C"], *C, ["Cộng huyện C", 20000, 10],
        ["IV. Huyện D"], *D, ["Cộng huyện D", 20000, 10],
        ["Tổng khu vực đồng bằng", 40000, 21],  # the communes: 20
        ["Tổng cộng", 100000, 45],
    ]  # fmt: skip
    found = issues_of(tmp_path, rows)
    assert [(where, template) for where, template, _ in found] == [("Biểu 01!C21", "subtotal_block_above_mismatch")]
    assert 'says "Bác sỹ" is 21, but the 4 units above it add up to 20' in found[0][2]


def test_regions_over_districts_at_the_head_are_compared_with_all_their_communes(tmp_path: Path) -> None:
    rows = [
        ["Tổng cộng", 100000, 45],
        ["Tổng khu vực miền núi", 60000, 25],
        ["Cộng huyện A", 30000, 18], *A,
        ["Cộng huyện B", 30000, 7], *B,
        ["Tổng khu vực đồng bằng", 40000, 21],
        ["Cộng huyện C", 20000, 10], *C,
        ["Cộng huyện D", 20000, 10], *D,
    ]  # fmt: skip
    found = issues_of(tmp_path, rows)
    assert [(where, template) for where, template, _ in found] == [("Biểu 01!C10", "subtotal_block_below_mismatch")]


def test_a_section_without_a_subtotal_ends_the_block_of_its_neighbour(tmp_path: Path) -> None:
    foot = [["I. Huyện A"], *A, ["II. Huyện B"], *B, ["Cộng huyện B", 30000, 7]]
    assert issues_of(tmp_path, foot) == []
    head = [["Cộng huyện B", 30000, 7], *B, ["III. Huyện C"], *C]
    assert issues_of(tmp_path, head) == []


def test_parents_named_with_their_level_are_the_subtotals_parents(tmp_path: Path) -> None:
    """A parent column saying "Huyện Tam Đường" belongs to "Cộng huyện Tam Đường": compared with its
    units wherever they stand, not with a block of the sheet."""
    header = ["Tên đơn vị", "Huyện", "Dân số", "Bác sỹ"]
    rows = [
        ["Xã A1", "Huyện Tam Đường", 10000, 6],
        ["Xã A2", "Huyện Tam Đường", 20000, 12],
        ["Xã B1", "Huyện Phong Thổ", 10000, 3],
        ["Cộng huyện Tam Đường", None, 30000, 18],
        ["Xã B2", "Huyện Phong Thổ", 20000, 4],
        ["Cộng huyện Phong Thổ", None, 30000, 9],  # its units: 7
    ]
    found = issues_of(tmp_path, rows, header)
    assert [(where, template) for where, template, _ in found] == [("Biểu 01!D7", "subtotal_mismatch")]
    assert "but its 2 units add up to 7" in found[0][2]


def test_a_block_of_one_unit_is_said_in_the_singular(tmp_path: Path) -> None:
    rows = [["I. Huyện A"], ["Xã A1", 10000, 6], ["Cộng huyện A", 10000, 7], ["II. Huyện B"], ["Xã B1", None, 6]]
    rows += [["Xã B2", 10000, 4], ["Cộng huyện B", 20000, 9]]
    messages = [message for _where, _template, message in issues_of(tmp_path, rows)]
    assert any("but the 1 unit above it adds up to 6" in m for m in messages)
    assert any("but the 2 units above it add up to 10,000 (1 unit has no value)" in m for m in messages)


def test_a_bare_cong_closing_each_section_is_its_subtotal_not_a_second_total(tmp_path: Path) -> None:
    rows = [["I. Huyện A"], *A, ["Cộng", 30000, 18], ["II. Huyện B"], *B, ["Cộng", 30000, 8]]
    rows += [["Tổng cộng", 60000, 25]]
    found = issues_of(tmp_path, rows)
    assert [(where, template) for where, template, _ in found] == [("Biểu 01!C9", "subtotal_block_above_mismatch")]
    assert 'the subtotal row "Cộng" says "Bác sỹ" is 8, but the 2 units above it add up to 7' in found[0][2]


def test_a_region_over_the_parents_is_compared_with_its_block(tmp_path: Path) -> None:
    """Units with a parent column (their district); "Tổng khu vực …" names no parent: its block."""
    header = ["Tên đơn vị", "Huyện", "Dân số", "Bác sỹ"]
    rows = [
        ["A. Khu vực miền núi"],
        ["Xã A1", "Huyện A", 10000, 6], ["Xã A2", "Huyện A", 20000, 12], ["Cộng huyện A", None, 30000, 18],
        ["Tổng khu vực miền núi", None, 30000, 18],
        ["B. Khu vực đồng bằng"],
        ["Xã B1", "Huyện B", 10000, 3], ["Xã B2", "Huyện B", 20000, 4], ["Cộng huyện B", None, 30000, 7],
        ["Tổng khu vực đồng bằng", None, 30000, 8],
    ]  # fmt: skip
    found = issues_of(tmp_path, rows, header)
    assert [(where, template) for where, template, _ in found] == [("Biểu 01!D11", "subtotal_block_above_mismatch")]


def test_a_heading_numbered_i_that_carries_its_sums_is_a_subtotal_at_the_head(tmp_path: Path) -> None:
    header = ["STT", "Tên đơn vị", "Dân số", "Bác sỹ"]
    rows = [
        ["I", "Huyện A", 30000, 18], [1, "Xã A1", 10000, 6], [2, "Xã A2", 20000, 12],
        ["II", "Huyện B", 30000, 8], [3, "Xã B1", 10000, 3], [4, "Xã B2", 20000, 4],
    ]  # fmt: skip
    found = issues_of(tmp_path, rows, header)
    assert [(where, template) for where, template, _ in found] == [("Biểu 01!D5", "subtotal_block_below_mismatch")]
    plan = healthkpi.load_plan(tmp_path / "plan.yaml")
    data = healthkpi.read_data([tmp_path / "f.xlsx"], plan)
    assert list(data.frame["unit"]) == ["Xã A1", "Xã A2", "Xã B1", "Xã B2"]


def test_units_numbered_i_ii_iii_alone_stay_units(tmp_path: Path) -> None:
    """Districts numbered I to IV are the units; a provincial hospital numbered I above a section
    heading (no units of its own under it) stays a unit too."""
    header = ["STT", "Tên đơn vị", "Dân số", "Bác sỹ"]
    districts = [["I", "Huyện A", 30000, 18], ["II", "Huyện B", 30000, 8], ["III", "Huyện C", 20000, 10]]
    districts += [["IV", "Huyện D", 20000, 9]]
    issues_of(tmp_path, districts, header)
    plan = healthkpi.load_plan(tmp_path / "plan.yaml")
    assert len(healthkpi.read_data([tmp_path / "f.xlsx"], plan).frame) == 4
    mixed = [["I", "Bệnh viện tỉnh", 5000, 40], ["II", "Huyện A"], [1, "Xã A1", 10000, 6], [2, "Xã A2", 20000, 12]]
    issues_of(tmp_path, mixed, header)
    assert list(healthkpi.read_data([tmp_path / "f.xlsx"], plan).frame["unit"]) == ["Bệnh viện tỉnh", "Xã A1", "Xã A2"]


def test_a_lone_subtotal_beside_a_total_with_no_heading_is_not_guessed(tmp_path: Path) -> None:
    """Huyện A's communes, then huyện B's and "Cộng huyện B", then "Tổng cộng": which units "Cộng huyện B"
    adds up is not clear (all four? the last two?), so it is said so, not compared with a guess."""
    found = issues_of(tmp_path, [*A, *B, ["Cộng huyện B", 30000, 7], ["Tổng cộng", 60000, 25]])
    assert [(where, template) for where, template, _ in found] == [("Biểu 01!A6", "subtotal_block_unclear")]
    alone = issues_of(tmp_path, [*B, ["Cộng huyện B", 30000, 8]])  # a district's own form: its units
    assert [(where, template) for where, template, _ in alone] == [("Biểu 01!C4", "subtotal_block_above_mismatch")]
