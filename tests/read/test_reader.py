"""Reading district forms: header, rows, numbers, totals, and the problems found on the way."""

from __future__ import annotations

import unicodedata
import zipfile
from pathlib import Path

import numpy as np
import pytest
from openpyxl import Workbook

from healthkpi.base.errors import WorkbookError
from healthkpi.plan.load import load_plan
from healthkpi.plan.schema import Plan
from healthkpi.read.workbook import read_data
from tests.conftest import write_plan
from tests.forms import BEDS_COLUMNS, BEDS_PLAN, Column, beds_form


def values(data, variable: str) -> dict[str, float]:
    return dict(zip(data.frame["unit"], data.frame[variable], strict=True))


def codes(data) -> list[str]:
    return [str(i.code) for i in data.issues]


def test_realistic_form_reads_units_and_keeps_the_total_aside(tmp_path: Path, beds_plan: Plan) -> None:
    form = beds_form(sections={0: "Các huyện đồng bằng", 2: "Các huyện miền núi"})
    data = read_data(form.write(tmp_path / "f.xlsx"), beds_plan)
    assert list(data.frame["unit"]) == ["Thọ Xuân", "Hà Trung", "Mường Lát"]
    assert values(data, "hospital_beds") == {"Thọ Xuân": 1234, "Hà Trung": 730, "Mường Lát": 100}
    info = data.inputs[0]
    assert (info.sheet, info.header_row, info.unit_column) == ("Số liệu", 6, "B")
    assert info.columns == {"hospital_beds": "D", "population": "C", "doctors": "E"}
    assert [(t.label, t.values["population"]) for t in data.totals] == [("Tổng cộng", 635000)]
    assert data.issues == []


def test_single_row_header_without_titles_or_extras(tmp_path: Path, beds_plan: Plan) -> None:
    columns = [
        Column("population", "Dân số"),
        Column("hospital_beds", "Số giường bệnh"),
        Column("doctors", "Bác sĩ"),
    ]
    form = beds_form(
        columns=columns,
        title_rows=False,
        column_numbers=False,
        total=None,
        notes=False,
        signature=False,
        number_column=False,
    )
    data = read_data(form.write(tmp_path / "plain.xlsx"), beds_plan)
    assert len(data.frame) == 3
    assert data.inputs[0].header_row == 1


def test_headers_match_across_forms_breaks_and_invisible_characters(tmp_path: Path, beds_plan: Plan) -> None:
    nfd = unicodedata.normalize("NFD", "Số giường\nbệnh")
    columns = [
        Column("population", "DÂN\u00a0SỐ  trung bình\u200b\n(người)"),
        Column("hospital_beds", nfd + " (giường)"),
        Column("doctors", "Bác sỹ:"),
    ]
    data = read_data(beds_form(columns=columns).write(tmp_path / "quirks.xlsx"), beds_plan)
    assert data.inputs[0].columns == {"population": "C", "hospital_beds": "D", "doctors": "E"}


def test_numbers_typed_as_text_and_text_that_is_not_a_number(tmp_path: Path, beds_plan: Plan) -> None:
    form = beds_form()
    form.units[0][1]["population"] = "395.000"
    form.units[1][1]["hospital_beds"] = " 730 "
    form.units[2][1]["doctors"] = "chưa báo cáo"
    form.total = None
    data = read_data(form.write(tmp_path / "text.xlsx"), beds_plan)
    assert values(data, "population")["Thọ Xuân"] == 395000
    assert values(data, "hospital_beds")["Hà Trung"] == 730
    assert np.isnan(values(data, "doctors")["Mường Lát"])
    issue = next(i for i in data.issues if i.code == "not_a_number")
    assert (issue.where, issue.unit, issue.variable) == ("Số liệu!E10", "Mường Lát", "doctors")
    assert 'Số liệu!E10: Mường Lát: "chưa báo cáo" is not a number (Số bác sỹ)' in issue.message("en")


def test_english_locale_for_number_text(tmp_path: Path, beds_plan: Plan) -> None:
    form = beds_form(total=None)
    form.units[0][1]["population"] = "395,000"
    data = read_data(form.write(tmp_path / "en.xlsx"), beds_plan, locale="en")
    assert values(data, "population")["Thọ Xuân"] == 395000


def test_missing_values_are_issues_with_cell_addresses(tmp_path: Path, beds_plan: Plan) -> None:
    form = beds_form(total=None)
    del form.units[1][1]["doctors"]
    data = read_data(form.write(tmp_path / "gap.xlsx"), beds_plan)
    issue = next(i for i in data.issues if i.code == "missing_value")
    assert (issue.where, issue.unit, issue.variable) == ("Số liệu!E9", "Hà Trung", "doctors")


def test_total_row_that_disagrees_with_its_units(tmp_path: Path, beds_plan: Plan) -> None:
    from healthkpi.scoring.engine import score

    form = beds_form(
        total="Toàn tỉnh",
        total_values={"population": 635000, "hospital_beds": 2000, "doctors": 770},
    )
    data = read_data(form.write(tmp_path / "total.xlsx"), beds_plan)
    card = score(beds_plan, data)
    mismatch = [i for i in card.issues if i.code == "total_mismatch"]
    assert len(mismatch) == 1
    assert (mismatch[0].where, mismatch[0].variable) == ("Số liệu!D11", "hospital_beds")
    assert "is 2,000, but the units add up to 2,064" in mismatch[0].message("en")
    assert "là 2.000, nhưng cộng các đơn vị được 2.064" in mismatch[0].message("vi")


@pytest.mark.parametrize("label", ["Tổng cộng", "TỔNG CỘNG:", "Cộng", "Toàn tỉnh", "Tong cong", "Tổng số (3 huyện)"])
def test_total_row_labels(tmp_path: Path, beds_plan: Plan, label: str) -> None:
    data = read_data(beds_form(total=label).write(tmp_path / "t.xlsx"), beds_plan)
    assert len(data.frame) == 3
    assert len(data.totals) == 1


def test_a_commune_called_cong_is_not_a_total(tmp_path: Path, beds_plan: Plan) -> None:
    form = beds_form()
    form.units.append(("Công Liêm", {"population": 9000, "hospital_beds": 10, "doctors": 3}))
    data = read_data(form.write(tmp_path / "cong.xlsx"), beds_plan)
    assert "Công Liêm" in set(data.frame["unit"])


def test_section_rows_and_a_numbered_unit_that_sent_nothing(tmp_path: Path, beds_plan: Plan) -> None:
    form = beds_form(sections={0: "I. Các huyện đồng bằng", 1: "Khối miền núi"})
    form.units.append(("Quan Sơn", {}))  # numbered like a unit, no figures
    data = read_data(form.write(tmp_path / "s.xlsx"), beds_plan)
    assert list(data.frame["unit"]) == ["Thọ Xuân", "Hà Trung", "Mường Lát", "Quan Sơn"]
    assert np.isnan(values(data, "population")["Quan Sơn"])
    assert codes(data).count("missing_value") == 3


def test_subtotal_rows_are_not_units(tmp_path: Path, beds_plan: Plan) -> None:
    form = beds_form(total="Tổng cộng")
    form.units.insert(2, ("Cộng huyện đồng bằng", {"population": 595000, "hospital_beds": 1964, "doctors": 730}))
    data = read_data(form.write(tmp_path / "sub.xlsx"), beds_plan)
    assert list(data.frame["unit"]) == ["Thọ Xuân", "Hà Trung", "Mường Lát"]


def test_row_with_figures_but_no_name(tmp_path: Path, beds_plan: Plan) -> None:
    form = beds_form(total=None, number_column=False)
    form.units.insert(1, ("", {"population": 5, "hospital_beds": 1, "doctors": 1}))
    data = read_data(form.write(tmp_path / "noname.xlsx"), beds_plan)
    assert len(data.frame) == 3
    assert any(i.code == "missing_value" and "no unit name" in i.message("en") for i in data.issues)


def test_duplicate_unit_keeps_the_first_and_says_so(tmp_path: Path, beds_plan: Plan) -> None:
    form = beds_form(total=None)
    form.units.append(("HÀ TRUNG", {"population": 1, "hospital_beds": 1, "doctors": 1}))
    data = read_data(form.write(tmp_path / "dup.xlsx"), beds_plan)
    assert values(data, "population")["Hà Trung"] == 200000
    issue = next(i for i in data.issues if i.code == "duplicate_unit")
    assert issue.unit == "Hà Trung"
    assert "appears 2 times (rows 9, 11); only row 9 is used" in issue.message("en")
    variant = next(i for i in data.issues if i.code == "spelling_variant")  # written two ways, too
    assert "Hà Trung / HÀ TRUNG" in variant.message("en")


def test_missing_column_suggests_the_closest_header(tmp_path: Path, beds_plan: Plan) -> None:
    columns = [*BEDS_COLUMNS[:2], Column("doctors", "Số bác sỹ làm việc")]
    data = read_data(beds_form(columns=columns).write(tmp_path / "m.xlsx"), beds_plan)
    issue = next(i for i in data.issues if i.code == "missing_column")
    assert (issue.level, issue.variable) == ("error", "doctors")
    assert 'did you mean "Số bác sỹ làm việc"' in issue.message("en")
    assert data.missing_variables == ["doctors"]


def test_no_column_of_the_plan_is_an_error_naming_the_file(tmp_path: Path, beds_plan: Plan) -> None:
    columns = [
        Column("population", "Số hộ gia đình"),
        Column("hospital_beds", "Số xe cứu thương"),
        Column("doctors", "Số nhà"),
    ]
    path = beds_form(columns=columns).write(tmp_path / "other.xlsx")
    with pytest.raises(
        WorkbookError,
        match=r"other\.xlsx: no sheet has a column for any variable of plan 'test-plan'",
    ):
        read_data(path, beds_plan)


def test_data_sheet_found_after_an_instructions_sheet(tmp_path: Path, beds_plan: Plan) -> None:
    path = beds_form(extra_sheets=["Hướng dẫn"]).write(tmp_path / "two.xlsx")
    assert read_data(path, beds_plan).inputs[0].sheet == "Số liệu"
    with pytest.raises(WorkbookError, match="has no sheet 'Data'; its sheets are: Hướng dẫn, Số liệu"):
        read_data(path, beds_plan, sheet="Data")
    assert read_data(path, beds_plan, sheet="số liệu").inputs[0].sheet == "Số liệu"


@pytest.mark.parametrize("label", ["Trong đó: các huyện miền núi", "- Trong đó xã vùng III", "Of which: rural"])
def test_an_of_which_row_is_left_out_not_counted_as_a_unit(tmp_path: Path, beds_plan: Plan, label: str) -> None:
    """ "Trong đó …" holds figures for some units already counted: as a unit, the total would count
    them twice (and blame the workbook's own correct total row for it)."""
    form = beds_form()
    form.units.append((label, {"population": 240000, "hospital_beds": 830, "doctors": 270}))
    form.total_values = {"population": 635000, "hospital_beds": 2064, "doctors": 770}
    data = read_data(form.write(tmp_path / "of-which.xlsx"), beds_plan)
    assert list(data.frame["unit"]) == ["Thọ Xuân", "Hà Trung", "Mường Lát"]
    assert codes(data) == ["missing_value"]
    assert (
        data.issues[0]
        .message("en")
        .endswith('1 "of which" rows (rows 11) are part of the units already counted, not units; left out')
    )


def _yearly_sheets(path: Path, sheets: list[tuple[str, str, int]]) -> Path:
    """A workbook of one sheet per year, each (name, its title, the beds of district A that year)."""
    wb = Workbook()
    wb.remove(wb.active)
    for name, title, beds in sheets:
        ws = wb.create_sheet(name)
        ws.append(["SỞ Y TẾ TỈNH X"])
        ws.append([title])
        ws.append([])
        ws.append(["Đơn vị", "Dân số", "Giường bệnh", "Bác sỹ"])
        ws.append(["Huyện A", 100_000, beds, 100])
        ws.append(["Huyện B", 50_000, 200, 60])
    wb.save(path)
    return path


def test_sheets_that_say_their_year_only_in_their_titles_are_those_years(tmp_path: Path, beds_plan: Plan) -> None:
    """Sheet1 and Sheet2, no period column, titles "… NĂM 2023" and "… NĂM 2024": two periods. Read as
    one, last year's rows stood for this year's and this year's were left out as duplicates."""
    sheets = [("Sheet1", "BÁO CÁO SỐ LIỆU Y TẾ NĂM 2023", 300), ("Sheet2", "BÁO CÁO SỐ LIỆU Y TẾ NĂM 2024", 365)]
    data = read_data(_yearly_sheets(tmp_path / "years.xlsx", sheets), beds_plan)
    beds = {
        (u, p): b for u, p, b in zip(data.frame["unit"], data.frame["period"], data.frame["hospital_beds"], strict=True)
    }
    assert beds == {
        ("Huyện A", "2023"): 300,
        ("Huyện B", "2023"): 200,
        ("Huyện A", "2024"): 365,
        ("Huyện B", "2024"): 200,
    }
    assert [i.message("en") for i in data.issues] == [
        "Sheet1: no period column, and the sheet's name is no period; its title gives the period 2023",
        "Sheet2: no period column, and the sheet's name is no period; its title gives the period 2024",
    ]


def test_sheets_of_one_year_read_as_one_table_name_the_sheet_a_unit_first_came_from(
    tmp_path: Path, beds_plan: Plan
) -> None:
    """Titles of the same year (or none): nothing tells the sheets apart, so a unit on both is a
    duplicate, kept from the first sheet, and the error names that sheet, not the one left out."""
    sheets = [("Sheet1", "BÁO CÁO NĂM 2024", 300), ("Sheet2", "BÁO CÁO NĂM 2024", 365)]
    data = read_data(_yearly_sheets(tmp_path / "same.xlsx", sheets), beds_plan)
    assert values(data, "hospital_beds") == {"Huyện A": 300, "Huyện B": 200}
    assert set(data.frame["period"].fillna("-")) == {"-"}
    left_out = [i.message("en") for i in data.issues if i.code == "duplicate_unit"]
    assert left_out[0].startswith("Sheet2!A5: Huyện A already came from ")
    assert left_out[0].split(" already came from ")[1].startswith(f"{tmp_path / 'same.xlsx'} (Sheet1);")


def test_a_hidden_sheet_that_matches_the_plan_is_said_not_read(tmp_path: Path, beds_plan: Plan) -> None:
    """Hidden sheets are not read (last year's copy, a lookup list), but one with the plan's columns
    is never dropped unsaid; the hidden sheet healthkpi records its plan in is nothing to say."""
    from openpyxl import load_workbook

    path = beds_form(record_plan="thanh-hoa-2021").write(tmp_path / "hidden.xlsx")
    book = load_workbook(path)
    old = book.copy_worksheet(book["Số liệu"])
    old.title, old.sheet_state = "Năm trước", "hidden"
    lookup = book.create_sheet("Danh mục")
    lookup.append(["Mã", "Tên"])
    lookup.sheet_state = "hidden"
    book.save(path)
    data = read_data(path, beds_plan)
    assert data.inputs[0].sheet == "Số liệu"
    assert [i.message("en") for i in data.issues] == [
        "the hidden sheet 'Năm trước' has 3 of the plan's columns but was not read, being hidden; to read it, "
        "name it with --sheet 'Năm trước' (or unhide it)"
    ]


def test_a_workbook_zipped_with_windows_separators_reads_as_written(tmp_path: Path, beds_plan: Plan) -> None:
    """Some Windows tools write its parts as "xl\\workbook.xml": still an .xlsx, read the same."""
    plain = beds_form().write(tmp_path / "plain.xlsx")
    windows = tmp_path / "windows.xlsx"
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(windows, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            out.writestr(info.filename.replace("/", "\\"), source.read(info))
    assert values(read_data(windows, beds_plan), "hospital_beds") == values(
        read_data(plain, beds_plan), "hospital_beds"
    )


def test_english_thousands_in_a_vietnamese_read_are_flagged_with_the_fix(tmp_path: Path, beds_plan: Plan) -> None:
    """ "200,000" read the Vietnamese way is 200: whole, plausible, silently wrong. Where most of a
    column's typed numbers are written so, each is flagged and the message gives --locale en."""
    path = tmp_path / "en.csv"
    path.write_text(
        'Đơn vị,Dân số,Giường bệnh,Bác sỹ\nA,"200,000",730,"1,230"\nB,"150,000",410,"12,5"\nC,"100,000",400,"1.234"\n',
        encoding="utf-8",
    )
    data = read_data(path, beds_plan)
    english = [i for i in data.issues if i.template == "english_thousands"]
    assert sorted((i.unit, i.variable) for i in english) == [
        ("A", "doctors"),  # 1.23 doctors: a count has no thousandths, so even one such cell is doubted
        ("A", "population"),
        ("B", "population"),
        ("C", "population"),
    ]
    assert (
        english[0]
        .message("en")
        .endswith(
            "read the Vietnamese way it is 200, but this column writes its numbers the English way (a comma between "
            "thousands); if they are thousands, run again with --locale en"
        )
    )
    assert values(read_data(path, beds_plan), "doctors") == {"A": 1.23, "B": 12.5, "C": 1234}  # read, and doubted
    in_english = read_data(path, beds_plan, locale="en")
    assert values(in_english, "population") == {"A": 200000, "B": 150000, "C": 100000}
    assert not [i for i in in_english.issues if i.template == "english_thousands"]


def test_a_two_row_csv_of_english_thousands_is_doubted_not_read_silently_a_thousandth(
    tmp_path: Path, beds_plan: Plan
) -> None:
    """Two communes, their counts typed "120,000": too few for a column's majority, yet 120 beds read
    the Vietnamese way scored as a clean figure, a thousand times too low."""
    path = tmp_path / "two.csv"
    path.write_text('Đơn vị,Dân số,Giường bệnh\nA,"120,000",730\nB,"95,500",410\n', encoding="utf-8")
    data = read_data(path, beds_plan)
    assert values(data, "population") == {"A": 120, "B": 95.5}
    english = [i for i in data.issues if i.template == "english_thousands"]
    assert [(i.unit, i.variable, i.level.name) for i in english] == [
        ("A", "population", "WARNING"),
        ("B", "population", "WARNING"),
    ]
    assert "--locale en" in english[0].message("vi")
    assert values(read_data(path, beds_plan, locale="en"), "population") == {"A": 120000, "B": 95500}


def test_a_count_under_a_group_header_naming_a_level_is_not_taken_for_the_parent(
    tmp_path: Path, beds_plan: Plan
) -> None:
    """ "Xã, phường, thị trấn" over "Tổng số | Đạt chuẩn" (a district's communes, counted): the group
    names a level below the unit's, but its cells are counts, not parents' names. Taken as the parent
    column, each district had become a subtotal of its own, "Σ 12"."""
    units = [
        (name, {**figures, "x_total": 8 + i, "x_std": 5 + i}) for i, (name, figures) in enumerate(beds_form().units)
    ]
    communes = [
        Column("x_total", "Tổng số", group="Xã, phường, thị trấn"),
        Column("x_std", "Đạt chuẩn", group="Xã, phường, thị trấn"),
    ]
    data = read_data(beds_form(columns=[*communes, *BEDS_COLUMNS], units=units).write(tmp_path / "f.xlsx"), beds_plan)
    assert list(data.frame["unit"]) == ["Thọ Xuân", "Hà Trung", "Mường Lát"]
    assert data.frame["parent"].isna().all()
    assert values(data, "hospital_beds") == {"Thọ Xuân": 1234, "Hà Trung": 730, "Mường Lát": 100}


def test_a_row_of_column_numbers_out_of_order_is_not_a_unit(tmp_path: Path, beds_plan: Plan) -> None:
    """Columns moved after the form was numbered: "1 | 2 | 3 | 5 | 4" under the header had been read as
    a unit named "2" (16,666.7 beds per 10,000, a pass) and added to the total."""
    wb = Workbook()
    sheet = wb.active
    sheet.append(["STT", "Đơn vị", "Dân số trung bình", "Giường bệnh", "Bác sỹ"])
    sheet.append([1, 2, 3, 5, 4])
    sheet.append([1, "Thọ Xuân", 395000, 1234, 500])
    sheet.append([2, "A", 10, 12, 11])  # a unit of small counts is still a unit
    path = tmp_path / "moved.xlsx"
    wb.save(path)
    data = read_data(path, beds_plan)
    assert list(data.frame["unit"]) == ["Thọ Xuân", "A"]


@pytest.mark.parametrize("label", ["Cả tỉnh", "Tổng hợp", "T.Cộng", "Cả huyện"])
def test_more_words_for_the_total_row(tmp_path: Path, beds_plan: Plan, label: str) -> None:
    """ "Cả tỉnh" (the whole province) typed one off from the sum had been a fourth unit, doubling the total."""
    form = beds_form(total=label, total_values={"population": 635001, "hospital_beds": 2064, "doctors": 770})
    data = read_data(form.write(tmp_path / "f.xlsx"), beds_plan)
    assert list(data.frame["unit"]) == ["Thọ Xuân", "Hà Trung", "Mường Lát"]
    assert [t.label for t in data.totals if t.kind == "total"] == [label]


@pytest.mark.parametrize("label", ["Bình quân", "So với cùng kỳ (%)", "Năm 2020", "So sánh 2021/2020"])
def test_an_average_a_comparison_or_another_period_under_the_total_is_not_a_unit(
    tmp_path: Path, beds_plan: Plan, label: str
) -> None:
    """Read as a unit, "Bình quân" (the average) had passed its targets and entered the total."""
    form = beds_form()
    form.units = [*form.units, (label, {"population": 211667, "hospital_beds": 688, "doctors": 257})]
    data = read_data(form.write(tmp_path / "f.xlsx"), beds_plan)
    assert list(data.frame["unit"]) == ["Thọ Xuân", "Hà Trung", "Mường Lát"]
    (left,) = [i for i in data.issues if i.template == "statistic_row"]
    assert "are not units; left out" in left.message("en")


def test_a_commune_named_like_a_statistic_word_is_still_a_unit(tmp_path: Path, beds_plan: Plan) -> None:
    """Trung Bình (Sóc Trăng) and Năm Căn (Cà Mau) are places."""
    form = beds_form()
    names = ["Trung Bình", "Năm Căn", "Bình Lư"]
    form.units = [(name, figures) for name, (_, figures) in zip(names, form.units, strict=True)]
    data = read_data(form.write(tmp_path / "f.xlsx"), beds_plan)
    assert list(data.frame["unit"]) == ["Trung Bình", "Năm Căn", "Bình Lư"]


def test_a_list_mark_before_a_unit_name_is_not_part_of_it(tmp_path: Path, beds_plan: Plan) -> None:
    form = beds_form()
    form.units = [
        ("- " + form.units[0][0], form.units[0][1]),
        ("+ " + form.units[1][0], form.units[1][1]),
        form.units[2],
    ]
    data = read_data(form.write(tmp_path / "marks.xlsx"), beds_plan)
    assert list(data.frame["unit"]) == ["Thọ Xuân", "Hà Trung", "Mường Lát"]


def test_a_workbook_read_with_a_plan_it_has_nothing_of_names_the_plan_it_records() -> None:
    import healthkpi
    from tests.paths import ROOT

    with pytest.raises(WorkbookError) as refused:
        read_data(ROOT / "examples" / "ha-noi-2021-2025.xlsx", healthkpi.load_plan("thanh-hoa-2021"))
    assert refused.value.render("en").endswith(
        "the workbook records that it was made for plan 'ha-noi-2021-2025': score it with -t ha-noi-2021-2025"
    )


def test_a_sheet_copied_beside_itself_is_refused_as_a_copy(tmp_path: Path, beds_plan: Plan) -> None:
    """Excel's "Số liệu (2)": the same units and figures twice, said as a copy, not as two levels."""
    from openpyxl import load_workbook

    path = beds_form().write(tmp_path / "copied.xlsx")
    book = load_workbook(path)
    book.copy_worksheet(book["Số liệu"]).title = "Số liệu (2)"
    book.save(path)
    with pytest.raises(WorkbookError) as refused:
        read_data(path, beds_plan)
    assert "hold the same units adding up to the same figures: the same data twice" in refused.value.render("en")


def test_unit_column_without_a_known_header_is_guessed(tmp_path: Path, beds_plan: Plan) -> None:
    data = read_data(beds_form(unit_header="Tên").write(tmp_path / "g.xlsx"), beds_plan)
    assert list(data.frame["unit"]) == ["Thọ Xuân", "Hà Trung", "Mường Lát"]


def test_one_year_written_two_ways_in_the_period_column_is_one_period(tmp_path: Path, beds_plan: Plan) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(["Năm", "Đơn vị", "Dân số", "Giường bệnh", "Bác sỹ"])
    for year, unit in [(2023, "A"), ("Năm 2023", "B"), ("NA\u0306M 2024", "A"), ("năm 2024", "B"), (2024.0, "C")]:
        ws.append([year, unit, 1000, 3, 1])
    wb.save(tmp_path / "years.xlsx")
    data = read_data(tmp_path / "years.xlsx", beds_plan)
    assert list(data.frame["period"]) == ["2023", "2023", "2024", "2024", "2024"]


def test_multi_period_form_with_merged_period_cells(tmp_path: Path, beds_plan: Plan) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(["BÁO CÁO 2020–2021"])
    ws.append(["Năm", "Đơn vị", "Dân số", "Giường bệnh", "Bác sỹ"])
    ws.append([2020, "A", 1000, 3, 1])
    ws.append([None, "B", 2000, 8, 2])
    ws.append([2021, "A", 1000, 4, 1])
    ws.append([None, "B", 2000, 7, 2])
    ws.merge_cells("A3:A4")
    ws.merge_cells("A5:A6")
    path = tmp_path / "years.xlsx"
    wb.save(path)
    data = read_data(path, beds_plan)
    assert data.periods == ["2020", "2021"]
    assert list(zip(data.frame["unit"], data.frame["period"], strict=True)) == [
        ("A", "2020"),
        ("B", "2020"),
        ("A", "2021"),
        ("B", "2021"),
    ]


def test_several_inputs_are_one_table_and_a_unit_in_two_files_counts_once(tmp_path: Path, beds_plan: Plan) -> None:
    first = beds_form(total=None).write(tmp_path / "a.xlsx")
    other = beds_form(total=None)
    other.units = [
        ("Hà Trung", {"population": 1, "hospital_beds": 1, "doctors": 1}),
        ("Nga Sơn", {"population": 100, "hospital_beds": 1, "doctors": 1}),
    ]
    second = other.write(tmp_path / "b.xlsx")
    data = read_data([first, second], beds_plan)
    assert list(data.frame["unit"]) == ["Thọ Xuân", "Hà Trung", "Mường Lát", "Nga Sơn"]
    assert values(data, "population")["Hà Trung"] == 200000
    assert [i.code for i in data.issues] == ["duplicate_unit"]


# --- text tables -----------------------------------------------------------

TONES = "\u0300\u0301\u0303\u0309\u0323"


def windows_1258_form(text: str) -> str:
    """Vietnamese as Windows-1258 holds it: precomposed vowels, tones as combining marks."""
    out = []
    for char in text:
        parts = unicodedata.normalize("NFD", char)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONES))
        out.append(base + "".join(c for c in parts if c in TONES))
    return "".join(out)


CSV = "Đơn vị;Dân số;Giường bệnh;Bác sỹ\nThọ Xuân;395.000;1.234;500\nHà Trung;200.000;730;230\nTổng cộng;595.000;1.964;730\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1258"])
def test_csv_in_the_encodings_offices_produce(tmp_path: Path, beds_plan: Plan, encoding: str) -> None:
    path = tmp_path / "data.csv"
    text = CSV if encoding != "cp1258" else windows_1258_form(CSV)
    path.write_bytes(text.encode(encoding))
    data = read_data(path, beds_plan)
    assert list(data.frame["unit"]) == ["Thọ Xuân", "Hà Trung"]
    assert values(data, "population") == {"Thọ Xuân": 395000, "Hà Trung": 200000}
    assert all(unicodedata.is_normalized("NFC", u) for u in data.frame["unit"])


def test_csv_with_commas_and_given_encoding(tmp_path: Path, beds_plan: Plan) -> None:
    path = tmp_path / "data.csv"
    path.write_bytes('unit,population,beds,doctors\nA,"1,000",4,1\n'.encode("utf-16-le"))
    data = read_data(path, beds_plan, encoding="utf-16-le", locale="en")
    assert values(data, "population") == {"A": 1000}


# --- files that are not what they claim ----------------------------------------


def test_missing_file(tmp_path: Path, beds_plan: Plan) -> None:
    with pytest.raises(WorkbookError, match=r"nope\.xlsx: no such file"):
        read_data(tmp_path / "nope.xlsx", beds_plan)


def test_empty_file(tmp_path: Path, beds_plan: Plan) -> None:
    (tmp_path / "empty.xlsx").write_bytes(b"")
    with pytest.raises(WorkbookError, match="empty"):
        read_data(tmp_path / "empty.xlsx", beds_plan)


def test_truncated_workbook(tmp_path: Path, beds_plan: Plan) -> None:
    whole = beds_form().write(tmp_path / "whole.xlsx").read_bytes()
    (tmp_path / "cut.xlsx").write_bytes(whole[: len(whole) // 2])
    with pytest.raises(WorkbookError, match="damaged or incomplete"):
        read_data(tmp_path / "cut.xlsx", beds_plan)


def test_text_file_named_xlsx(tmp_path: Path, beds_plan: Plan) -> None:
    (tmp_path / "notes.xlsx").write_text("Báo cáo tháng 1: chưa có số liệu.\n", encoding="utf-8")
    with pytest.raises(WorkbookError, match=r"notes\.xlsx: is a plain text file, not a workbook"):
        read_data(tmp_path / "notes.xlsx", beds_plan)


WEB_EXPORT = """<html><head><meta charset="utf-8"></head><body><p>BÁO CÁO</p>
<table border=1>
<tr><td rowspan=2>STT</td><td rowspan=2>Đơn vị</td><td rowspan=2>Dân số</td><td colspan=2>Nhân lực</td></tr>
<tr><td>Giường bệnh</td><td>Bác sỹ</td></tr>
<tr><td>1</td><td>Thọ Xuân</td><td>395.000</td><td>1.234</td><td>500</td></tr>
<tr><td>2</td><td>Hà&nbsp;Trung</td><td>200.000</td><td>730</td><td>230</td></tr>
<tr><td></td><td>Tổng cộng</td><td>595.000</td><td>1.964</td><td>730</td></tr>
</table></body></html>"""


def test_html_table_named_xls_is_read_with_a_note(tmp_path: Path, beds_plan: Plan) -> None:
    (tmp_path / "export.xls").write_text(WEB_EXPORT, encoding="utf-8")
    data = read_data(tmp_path / "export.xls", beds_plan)
    assert values(data, "population") == {"Thọ Xuân": 395000, "Hà Trung": 200000}
    assert values(data, "doctors") == {"Thọ Xuân": 500, "Hà Trung": 230}
    assert data.inputs[0].format == "html"
    assert "export.xls is named .xls but is a web page" in (data.inputs[0].note or "")


@pytest.mark.parametrize("name", ["renamed.xls", "renamed.ods", "renamed.xlsb"])
def test_workbook_with_another_spreadsheet_extension_is_read_by_its_content(
    tmp_path: Path, beds_plan: Plan, name: str
) -> None:
    form = beds_form()
    form.write(tmp_path / "real.xlsx").rename(tmp_path / name)
    data = read_data(tmp_path / name, beds_plan)
    assert values(data, "hospital_beds") == values(
        read_data(form.write(tmp_path / "again.xlsx"), beds_plan), "hospital_beds"
    )
    assert data.inputs[0].format == "xlsx"
    assert f"{name} is named {Path(name).suffix} but is an Excel workbook (.xlsx)" in (data.inputs[0].note or "")


def test_web_page_without_a_table(tmp_path: Path, beds_plan: Plan) -> None:
    (tmp_path / "export.xls").write_text("<html><body><p>Lỗi máy chủ</p></body></html>", encoding="utf-8")
    with pytest.raises(WorkbookError, match=r"export\.xls: is a web page \(HTML\) with no table in it"):
        read_data(tmp_path / "export.xls", beds_plan)


def test_word_document_named_xlsx(tmp_path: Path, beds_plan: Plan) -> None:
    with zipfile.ZipFile(tmp_path / "report.xlsx", "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    with pytest.raises(WorkbookError, match="is a Word document, not a spreadsheet"):
        read_data(tmp_path / "report.xlsx", beds_plan)


def test_folder_given_as_file(tmp_path: Path, beds_plan: Plan) -> None:
    with pytest.raises(WorkbookError, match="is a folder"):
        read_data(tmp_path, beds_plan)


def test_the_same_file_twice_is_read_once(tmp_path: Path, beds_plan: Plan) -> None:
    path = beds_form().write(tmp_path / "huyen.xlsx")
    copy = tmp_path / "huyen (1).xlsx"
    copy.write_bytes(path.read_bytes())
    once = read_data(path, beds_plan)
    twice = read_data([path, copy], beds_plan)
    assert len(twice.inputs) == 1
    assert twice.skipped == [(str(copy), f"it has the same content as {path}; read once")]
    assert [i.code for i in twice.issues] == [i.code for i in once.issues]  # no duplicate units, no false totals


def _nested_by_hand(block: np.ndarray) -> tuple[int, int] | None:
    """The nested-levels rule said plainly: each row against the running sums of the rows below it."""
    from healthkpi.read.body import NESTED_SPAN, TOLERANCE

    for k in range(len(block) - 2):
        own = block[k]
        known = np.isfinite(own) & (own != 0)
        if not known.any() or (known.sum() < 2 and np.abs(own[known]).max() < 1000):
            continue
        rows = block[k + 1 : k + 1 + NESTED_SPAN]
        below = np.cumsum(np.where(np.isfinite(rows), rows, 0), axis=0)
        close = np.all(np.abs(below[:, known] - own[known]) <= TOLERANCE * np.abs(own[known]), axis=1)
        hits = np.flatnonzero(close)
        if len(hits) and hits[0] >= 1:
            return k, int(hits[0]) + 1
    return None


def test_nested_levels_found_at_once_as_row_by_row() -> None:
    """The vectorised search for a unit that is the sum of the rows below it agrees with the plain rule."""
    from healthkpi.read.body import _first_nested

    rng = np.random.default_rng(20)
    for _ in range(2000):
        m, width = int(rng.integers(0, 30)), int(rng.integers(1, 4))
        block = rng.integers(0, 4, (m, width)).astype(float)
        block[rng.random((m, width)) < 0.2] = np.nan
        if m > 4 and rng.random() < 0.5:  # a parent above its parts
            k = int(rng.integers(0, m - 3))
            block[k] = np.nansum(block[k + 1 : k + 1 + int(rng.integers(2, min(5, m - k)))], axis=0)
        block *= 500 if rng.random() < 0.3 else 1
        if rng.random() < 0.25:  # figures that can fall (a balance, a change): the other search
            block -= 1
        assert _first_nested(block, chunk=int(rng.integers(1, 8))) == _nested_by_hand(block)


def test_the_binary_search_for_parts_finds_what_trying_every_length_finds() -> None:
    """Without negative figures the candidates are found by a binary search over the running sums;
    it must give the very pairs (row, length) that trying every length up to NESTED_SPAN gives,
    over spans longer than NESTED_SPAN, with zeros (flat sums), gaps and fractions."""
    from healthkpi.read import body

    rng = np.random.default_rng(21)
    for _ in range(300):
        m, width = int(rng.integers(3, 500)), int(rng.integers(1, 4))
        block = rng.integers(0, 6, (m, width)).astype(float) * float(rng.choice([1, 0.1, 997]))
        block[rng.random((m, width)) < 0.2] = np.nan
        block[rng.random((m, width)) < 0.2] = 0.0
        for _ in range(int(rng.integers(0, 4))):  # parents above their parts
            k = int(rng.integers(0, m - 2))
            block[k] = np.nansum(block[k + 1 : k + 1 + int(rng.integers(1, 30))], axis=0)
        finite = np.isfinite(block)
        filled = np.where(finite, block, 0.0)
        prefix = np.vstack([np.zeros((1, width)), np.cumsum(filled, axis=0)])
        known = finite & (block != 0)
        compared = known.sum(axis=1) >= 1
        compared[m - 2 :] = False
        pivot = np.argmax(np.where(known, np.abs(filled), -1.0), axis=1)
        rising = list(body._rising_candidates(prefix, filled, pivot, compared))
        assert rising == list(body._windowed_candidates(prefix, filled, pivot, compared, 64))


def test_a_percentage_typed_where_a_count_goes_is_not_read_as_the_count(tmp_path: Path, beds_plan: Plan) -> None:
    """ "12%" in the doctors' column is a rate typed in the wrong place, not 12 doctors: read as 12 it
    gave a plausible, wrong value. Not a number there, with a message that says so; a figure of
    `kind: value` (a rate) may carry its "%"."""
    path = tmp_path / "pct.csv"
    path.write_text(
        'Đơn vị,Dân số,Giường bệnh,Bác sỹ\nA,200000,730,12%\nB,150000,410,"96,5 %"\nC,100000,400,123\n',
        encoding="utf-8",
    )
    data = read_data(path, beds_plan)
    doctors = values(data, "doctors")
    assert np.isnan(doctors["A"])
    assert np.isnan(doctors["B"])
    assert doctors["C"] == 123
    flagged = [i for i in data.issues if i.template == "percent_in_count"]
    assert [(i.unit, i.variable, i.where) for i in flagged] == [("A", "doctors", "pct!D2"), ("B", "doctors", "pct!D3")]
    assert (
        flagged[0]
        .message("en")
        .endswith(
            'the cell holds 12% — a percentage, but "Số bác sỹ" is a count; the cell is not used (treated as missing). '
            "Enter the count, not the rate"
        )
    )
    assert "là số đếm" in flagged[1].message("vi")
    as_rates = read_data(path, load_plan(write_plan(tmp_path, BEDS_PLAN.replace(
        "    label: Số bác sỹ\n", "    label: Số bác sỹ\n    kind: value\n"
    ))))  # fmt: skip
    assert values(as_rates, "doctors") == {"A": 12, "B": 96.5, "C": 123}
    assert not [i for i in as_rates.issues if i.template == "percent_in_count"]
