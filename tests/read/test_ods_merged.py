"""Merged cells of OpenDocument sheets, read from content.xml (calamine gives none for .ods)."""

from __future__ import annotations

import zipfile
from pathlib import Path

from healthkpi.read.grid import ods_merged_ranges

CONTENT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"><office:body><office:spreadsheet>
<table:table table:name="Khác"><table:table-row>
<table:table-cell table:number-columns-spanned="5" table:number-rows-spanned="5"/>
</table:table-row></table:table>
<table:table table:name="Biểu &amp; 01">
<table:table-column table:number-columns-repeated="9"/>
<table:table-row table:number-rows-repeated="2"><table:table-cell table:number-columns-repeated="9"/></table:table-row>
<table:table-header-rows><table:table-row>
<table:table-cell table:number-columns-repeated="2"/>
<table:table-cell table:number-columns-spanned="1" table:number-rows-spanned="2"><text:p>Năm</text:p></table:table-cell>
<table:table-cell table:number-columns-spanned="2" table:number-rows-spanned="1"><text:p>Trạm y tế xã</text:p></table:table-cell>
<table:covered-table-cell/>
<table:table-cell table:formula="of:=IF([.A1]>0;1;2)" table:number-columns-repeated="2"/>
<table:table-cell table:number-columns-spanned="1" table:number-rows-spanned="1"/>
</table:table-row></table:table-header-rows>
<table:table-row><table:table-cell table:number-columns-repeated="2"/><table:covered-table-cell/>
<table:table-cell><table:table table:name="inner"><table:table-row>
<table:table-cell table:number-columns-spanned="3"/></table:table-row></table:table></table:table-cell>
<table:table-cell/></table:table-row>
<table:table-row><table:table-cell table:formula='of:=[.A1]>1' table:number-columns-repeated="3"/>
<table:table-cell table:number-columns-spanned="3" table:number-rows-spanned="1"/></table:table-row>
</table:table>
<table:table table:name="Sau"><table:table-row>
<table:table-cell table:number-columns-spanned="4"/></table:table-row></table:table>
</office:spreadsheet></office:body></office:document-content>"""


def test_merged_ranges_count_repeated_rows_and_cells_and_only_the_named_sheet(tmp_path: Path) -> None:
    path = tmp_path / "form.ods"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", CONTENT)
    # rows 0-1 repeated and empty; the header on row 2 ("Năm" two rows tall, "Trạm y tế xã" two columns
    # wide after two repeated cells); a table inside a cell is not this sheet's; a wide cell on row 4
    # after three repeated cells whose formula holds a ">"
    assert ods_merged_ranges(path, "Biểu & 01") == [((2, 2), (3, 2)), ((2, 3), (2, 4)), ((4, 3), (4, 5))]
    assert ods_merged_ranges(path, "Khác") == [((0, 0), (4, 4))]
    assert ods_merged_ranges(path, "Không có") == []


def test_a_broken_file_gives_no_merged_ranges(tmp_path: Path) -> None:
    path = tmp_path / "broken.ods"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    assert ods_merged_ranges(path, "Biểu 01") == []
