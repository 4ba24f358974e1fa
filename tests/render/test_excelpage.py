"""How the Excel sheets print (healthkpi.render.excelpage), read back from the written workbook.

The PDF of the same sheets, through LibreOffice, is checked in test_print.py.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
from typer.testing import CliRunner

from healthkpi.base.messages import sheet_name
from healthkpi.cli import app
from healthkpi.render.excelpage import column_breaks, header_text, row_height, wrapped_lines
from tests.paths import EXAMPLES

runner = CliRunner()


def test_a_narrow_sheet_fits_the_page_width_and_a_wide_one_breaks_between_columns() -> None:
    assert column_breaks([28, *[14] * 8, 8], repeated=1) == []  # fits one page at a readable scale
    breaks = column_breaks([28, *[14] * 55, 8], repeated=1)
    assert breaks == [11, 21, 31, 41, 51]  # ten indicators to a page after the repeated unit column
    assert column_breaks([28, 10, *[14] * 55, 8], repeated=2)[:2] == [12, 22]  # beside unit and period


def test_wrapped_lines_counts_every_line_of_a_label() -> None:
    assert wrapped_lines("", 14) == 1
    assert wrapped_lines("≥ 36,5", 14) == 1
    assert wrapped_lines("thay đổi < 0 so với 2020", 14) == 2
    assert wrapped_lines("x" * 30, 14) == 3  # a word longer than the column breaks anywhere
    assert 15 <= row_height(["a"], 14) < 20
    assert row_height(["a b c d e f g h i j k l m n o p"], 14, least=60) == 60
    assert row_height(["a " * 50], 14) > 80


def test_the_header_escapes_ampersands_and_stays_within_excels_limit() -> None:
    assert header_text("Sở Y tế & Ban") == '&C&"Arial,Bold"Sở Y tế && Ban'
    assert len(header_text("x" * 1000)) <= 255


def test_the_wide_scorecard_prints_across_pages_with_the_units_and_header_on_each(tmp_path: Path) -> None:
    out = tmp_path / "thanh-hoa.xlsx"
    runner.invoke(app, ["score", str(EXAMPLES / "thanh-hoa-2021.xlsx"), "-o", str(out), "-q"])
    book = openpyxl.load_workbook(out)
    sheet = book[sheet_name("scorecard", "vi")]
    setup = sheet.page_setup
    assert (setup.orientation, setup.paperSize) == ("landscape", 9)  # A4 landscape
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert setup.fitToWidth == 6  # 55 indicators, ten to a page
    assert setup.fitToHeight in (None, 1)  # 27 units: one page tall (1 is the default, left out)
    assert sheet.print_title_cols == "$A:$A"
    assert sheet.print_title_rows == "$4:$5"  # the indicators' names and their targets
    assert "Thanh Hóa" in sheet.oddHeader.center.text
    assert sheet.oddFooter.right.text == "&P / &N"
    # the longest name and target show whole: their rows are as tall as their lines
    assert sheet.row_dimensions[4].height > 100
    assert sheet.row_dimensions[5].height > 15
    assert sheet["B5"].alignment.wrap_text
    narrow = book[sheet_name("summary", "vi")]
    assert narrow.page_setup.fitToWidth in (None, 1)  # (1 is the default, left out)
    assert narrow.page_setup.fitToHeight == 0  # as many pages down as needed
