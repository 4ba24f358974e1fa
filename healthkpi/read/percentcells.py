"""Numbers a workbook shows as percentages: 0.96 in a cell formatted `0%` is what the sheet shows as 96%.

calamine gives a cell's value, never its number format, so a rate typed as 0.96 and formatted as a
percentage — as Excel users type rates — would be read as 0.96 against a target of `>= 95`: a
confident fail for a unit at 96 %. The formats are read here from the workbook's XML: styles.xml says
which cell styles show a percentage (the built-in formats 9 and 10, or a format code with `%` outside
quotes), and the sheet's XML which cells use one of them. A workbook with no such style costs the
reading of styles.xml only. An .xls keeps its formats in binary records, read by xlrd (the
workbook's format and cell-style records first, the sheet's cells only when a cell style shows a
percentage). What the reader then does with them depends on the variable (read/body.py): a
`kind: value` figure is read as shown, a count's cell is a rate in the wrong place.
"""

from __future__ import annotations

import contextlib
import os
import re
import zipfile
from typing import Any

from healthkpi.read.xmlparts import column_index, sheet_part, whole_tags, xml_attributes

Cell = object
_PERCENT_BUILT_IN = {9, 10}  # "0%", "0.00%" (ECMA-376, 18.8.30)
_NUM_FMT = re.compile(rb"<(?:[\w.-]+:)?numFmt\b([^>]*)>")
_CELL_XFS = re.compile(rb"<(?:[\w.-]+:)?cellXfs\b[^>]*>(.*?)</(?:[\w.-]+:)?cellXfs>", re.S)
_XF = re.compile(rb"<(?:[\w.-]+:)?xf\b([^>]*)>")
_CELL_TAG = re.compile(rb"<(?:[\w.-]+:)?c\b([^>]*?)/?>")
_REFERENCE = re.compile(r"([A-Z]{1,3})([0-9]{1,7})")
_NOT_SHOWN = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')  # quoted text, an escaped character, [colour] or [<=9]
MAX_CELLS = 1_000_000


class PercentCell(float):
    """A number its workbook shows as a percentage (0.96 formatted `0%`, shown 96%)."""

    __slots__ = ()


def percent_cells(path: Any, sheet: str) -> set[tuple[int, int]]:
    """(row, column), 0-based, of each cell of `sheet` whose style shows its number as a percentage;
    empty where there is none, or the XML cannot be looked into (calamine read it: it stays as read)."""
    try:
        with zipfile.ZipFile(path) as archive:
            styles = _percent_styles(archive)
            if not styles:
                return set()
            part = sheet_part(archive, sheet)
            if part is None:
                return set()
            with archive.open(part) as stream:
                return _cells_styled(stream, styles)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError, EOFError, RuntimeError):
        return set()


def xls_percent_cells(path: Any, sheet: str) -> set[tuple[int, int]]:
    """`percent_cells` of an .xls (BIFF) workbook; empty where there is none, or xlrd cannot read it
    (calamine did: its numbers stay as read, and the scoring's checks doubt a column of fractions)."""
    try:
        import xlrd

        with open(os.devnull, "w") as quiet:  # xlrd writes its warnings to a log (else standard output)
            book = xlrd.open_workbook(str(path), formatting_info=True, on_demand=True, logfile=quiet)
            try:
                styles = {
                    n
                    for n, xf in enumerate(book.xf_list)
                    if not xf.is_style
                    and is_percent_format(getattr(book.format_map.get(xf.format_key), "format_str", ""))
                }
                if not styles:
                    return set()  # nearly always: the cells need not be looked at
                cells = book.sheet_by_name(sheet)
                number = xlrd.XL_CELL_NUMBER
                return {
                    (r, c)
                    for r in range(cells.nrows)
                    for c, kind in enumerate(cells.row_types(r))
                    if kind == number and cells.cell_xf_index(r, c) in styles
                }
            finally:
                with contextlib.suppress(Exception):
                    book.release_resources()
    except Exception:  # xlrd's own errors are of many kinds; a file it cannot read has no formats here
        return set()


def is_percent_format(code: str) -> bool:
    """A number format that shows its number times a hundred: a `%` outside quotes and escapes."""
    return "%" in _NOT_SHOWN.sub("", code)


def shown_as_percentages(rows: list[list[Cell]], cells: set[tuple[int, int]]) -> None:
    """Each number of `cells` made a PercentCell, where calamine gave a number."""
    for r, c in cells:
        if r < len(rows) and c < len(rows[r]) and type(rows[r][c]) in (float, int):
            rows[r][c] = PercentCell(rows[r][c])  # type: ignore[arg-type]  # a float or an int


def _percent_styles(archive: zipfile.ZipFile) -> set[bytes]:
    """The indices (as written in a cell's `s`) of the cell styles that show a percentage."""
    try:
        styles = archive.read("xl/styles.xml")
    except KeyError:
        return set()
    percent_formats = set(_PERCENT_BUILT_IN)
    for tag in _NUM_FMT.findall(styles):
        found = xml_attributes(tag)
        if is_percent_format(found.get("formatCode", "")) and found.get("numFmtId", "").isdigit():
            percent_formats.add(int(found["numFmtId"]))
    cell_styles = _CELL_XFS.search(styles)
    if cell_styles is None:
        return set()
    chosen = set()
    for index, tag in enumerate(_XF.findall(cell_styles.group(1))):
        number_format = xml_attributes(tag).get("numFmtId", "0")
        if number_format.isdigit() and int(number_format) in percent_formats:
            chosen.add(str(index).encode())
    return chosen


def _cells_styled(stream: Any, styles: set[bytes]) -> set[tuple[int, int]]:
    marks = [b"s=" + quote + style + quote for style in styles for quote in (b'"', b"'")]
    found: set[tuple[int, int]] = set()
    for done in whole_tags(stream):
        if not any(mark in done for mark in marks):
            continue  # nearly always: no cell of those styles in this stretch of the sheet
        for tag in _CELL_TAG.findall(done):
            attributes = xml_attributes(tag)
            if attributes.get("s", "").encode() not in styles or attributes.get("t", "n") != "n":
                continue
            reference = _REFERENCE.fullmatch(attributes.get("r", ""))
            if reference is not None:
                found.add((int(reference.group(2)) - 1, column_index(reference.group(1))))
                if len(found) >= MAX_CELLS:
                    return found
    return found
