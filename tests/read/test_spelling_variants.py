"""Both standard spellings of a final i/y (sĩ/sỹ, kĩ/kỹ, lí/lý, mĩ/mỹ, quí/quý) in headers and
unit names, and the "did you mean" of a missing column (issue 19, item 5)."""

from __future__ import annotations

from pathlib import Path

from healthkpi.plan.load import load_plan
from healthkpi.read.workbook import read_data
from tests.conftest import write_plan
from tests.forms import BEDS_COLUMNS, Column, Form, beds_form

PLAN = """\
healthkpi: 1
plan:
  id: spelling
  title: Kế hoạch thử
  period: "2021"
variables:
  population:
    label: Dân số
  doctors:
    label: {doctors}
  technicians:
    label: Số kĩ thuật viên
indicators:
  - id: doctors_per_10k
    name: Bác sĩ/vạn dân
    numerator: doctors
    denominator: population
    per: 10000
    target: ">= 11.5"
  - id: technicians_per_10k
    name: Kĩ thuật viên/vạn dân
    numerator: technicians
    denominator: population
    per: 10000
    target: ">= 5"
"""
UNITS = [
    ("Mỹ Đức", {"population": 200000, "doctors": 230, "technicians": 120}),
    ("Kỳ Sơn", {"population": 40000, "doctors": 40, "technicians": 10}),
]


def test_a_plan_written_si_reads_a_header_written_sy_and_the_other_way(tmp_path: Path) -> None:
    for label, header in (("Số bác sĩ", "Số bác sỹ"), ("Số bác sỹ", "Số bác sĩ")):
        plan = load_plan(write_plan(tmp_path, PLAN.format(doctors=label), name=f"{label}.yaml"))
        columns = [Column("population", "Dân số"), Column("doctors", header), Column("technicians", "Số kỹ thuật viên")]
        data = read_data(Form(columns=columns, units=UNITS).write(tmp_path / f"{header}.xlsx"), plan)
        assert data.missing_variables == []
        assert not [i for i in data.issues if i.code == "missing_column"]
        assert dict(zip(data.frame["unit"], data.frame["doctors"], strict=True)) == {"Mỹ Đức": 230, "Kỳ Sơn": 40}


def test_a_unit_written_mi_and_my_is_one_unit(tmp_path: Path, beds_plan_path: Path) -> None:
    form = beds_form(total=None)
    form.units.append(("Mường Lát", {"population": 1, "hospital_beds": 1, "doctors": 1}))
    form.units[2] = ("Mĩ Đức", form.units[2][1])
    form.units[3] = ("Mỹ Đức", form.units[3][1])
    data = read_data(form.write(tmp_path / "dup.xlsx"), load_plan(beds_plan_path))
    duplicate = next(i for i in data.issues if i.code == "duplicate_unit")
    assert duplicate.unit == "Mĩ Đức"  # the first spelling; its figures are kept
    assert list(data.frame["unit"]) == ["Thọ Xuân", "Hà Trung", "Mĩ Đức"]


SUGGEST_PLAN = """\
healthkpi: 1
plan:
  id: suggest
  title: Kế hoạch thử
  period: "2021"
variables:
  population:
    label: Dân số
  doctors:
    label: Số bác sỹ
  doctors_trained:
    label: Số bác sỹ được đào tạo
  units_reporting:
    label: Số đơn vị báo cáo
indicators:
  - id: doctors_per_10k
    name: Bác sỹ/vạn dân
    numerator: doctors
    denominator: population
    per: 10000
    target: ">= 11.5"
  - id: trained_pct
    name: Tỷ lệ bác sỹ được đào tạo
    numerator: doctors_trained
    denominator: doctors
    per: 100
    target: ">= 50"
  - id: reporting
    name: Số đơn vị báo cáo
    numerator: units_reporting
    target: ">= 1"
"""


def test_a_suggested_header_is_never_a_column_already_taken_nor_offered_twice(tmp_path: Path) -> None:
    plan = load_plan(write_plan(tmp_path, SUGGEST_PLAN))
    units = [
        ("Hà Trung", {"population": 200000, "doctors_free": 230}),
        ("Nga Sơn", {"population": 1, "doctors_free": 1}),
    ]
    columns = [Column("population", "Dân số"), Column("doctors_free", "Số bác sỹ làm việc")]
    form = Form(columns=columns, units=units, title_rows=False)
    data = read_data(form.write(tmp_path / "m.xlsx"), plan, allow_partial=True)
    missing = {i.variable: i.message("en") for i in data.issues if i.code == "missing_column"}
    assert set(missing) == {"doctors", "doctors_trained", "units_reporting"}
    assert 'did you mean "Số bác sỹ làm việc"' in missing["doctors"]  # the closer of the two
    assert "did you mean" not in missing["doctors_trained"]  # not the same column a second time
    assert "did you mean" not in missing["units_reporting"]  # nor the unit column ("Đơn vị")
    assert "Dân số" not in " ".join(missing.values())  # nor population's


def test_beds_form_is_unchanged_by_the_spelling_fold(tmp_path: Path, beds_plan_path: Path) -> None:
    data = read_data(beds_form(columns=BEDS_COLUMNS).write(tmp_path / "b.xlsx"), load_plan(beds_plan_path))
    assert data.missing_variables == []


def test_one_name_with_and_without_its_administrative_word_is_asked_about(tmp_path: Path) -> None:
    """ "Quan Sơn" and "Huyện Quan Sơn", "TP. Thanh Hóa" and "Thành phố Thanh Hóa": one place
    counted twice, asked; "Xã Tân Phú" and "Thị trấn Tân Phú" are two places; "Quan Hóa" is no "Quận"."""
    import healthkpi
    from tests.conftest import write_plan as plan_file
    from tests.forms import BEDS_PLAN

    units = ["Huyện Quan Sơn", "Quan Sơn", "Thành phố Thanh Hóa", "TP. Thanh Hóa", "Xã Tân Phú", "Thị trấn Tân Phú",
             "Quan Hóa", "Hóa"]  # fmt: skip
    form = beds_form(
        units=[(u, {"population": 1000 + n, "hospital_beds": 3, "doctors": 1}) for n, u in enumerate(units)]
    )
    plan = healthkpi.load_plan(str(plan_file(tmp_path, BEDS_PLAN)))
    card = healthkpi.score(plan, healthkpi.read_data(form.write(tmp_path / "f.xlsx"), plan))
    asked = [i.facts["names"] for i in card.issues if i.template == "spelling_prefix"]
    assert asked == ["Huyện Quan Sơn / Quan Sơn", "Thành phố Thanh Hóa / TP. Thanh Hóa"]
    assert all(i.level == "warning" for i in card.issues if i.template == "spelling_prefix")


def test_a_unit_the_list_spells_with_other_accents_is_said_with_the_listed_spelling(tmp_path: Path) -> None:
    """A new user's trial: the plan lists "Xã Bình Minh", the data writes "Xã Binh Minh" and nowhere
    the listed spelling. Two communes may differ by a tone, so they stay apart (the listed one is a
    missing unit), and a warning names both spellings, the listed one as the list writes it."""
    import healthkpi

    listed = PLAN.format(doctors="Số bác sĩ") + "units: [Mỹ Đức, Kỳ Sơn]\n"
    plan = load_plan(write_plan(tmp_path, listed))
    units = [("Mỹ Đức", UNITS[0][1]), ("Kỳ Sơn", UNITS[1][1])]
    columns = [
        Column("population", "Dân số"),
        Column("doctors", "Số bác sĩ"),
        Column("technicians", "Số kĩ thuật viên"),
    ]
    clean = healthkpi.score(plan, read_data(Form(columns=columns, units=units).write(tmp_path / "a.xlsx"), plan))
    assert not [i for i in clean.issues if i.code == "spelling_variant"]
    units[1] = ("Ky Sơn", UNITS[1][1])
    card = healthkpi.score(plan, read_data(Form(columns=columns, units=units).write(tmp_path / "b.xlsx"), plan))
    said = [i for i in card.issues if i.code == "spelling_variant"]
    assert [i.level for i in said] == ["warning"]
    assert said[0].unit == "Ky Sơn"
    assert (
        said[0]
        .message("en")
        .endswith("unit names that differ only by accents: Ky Sơn / Kỳ Sơn; the list of units spells it Kỳ Sơn")
    )
    assert [i.unit for i in card.issues if i.code == "missing_unit"] == ["Kỳ Sơn"]
