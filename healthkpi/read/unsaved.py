"""Formulas a workbook holds without their values: a file written by a program, never saved in Excel.

calamine gives the value Excel saved beside each formula; a workbook made by a script (openpyxl,
a web system's export) often saves the formula alone, and its cells read as empty. Said as a
missing value, the analyst looks for a figure nobody forgot to type. The sheet's XML tells which
empty cells hold a formula, and the issue then says what to do: open the file and save it. Read
only when a sheet of an .xlsx has cells with no value, so a filled form costs nothing.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from healthkpi.read.xmlparts import sheet_part, xml_attributes

_CELL = re.compile(rb"<(?:[\w.-]+:)?c\b([^>]*?)(?<!/)>(.*?)</(?:[\w.-]+:)?c>", re.S)
_FORMULA = re.compile(rb"<(?:[\w.-]+:)?f\b")
_VALUE = re.compile(rb"<(?:[\w.-]+:)?v>[^<]")  # a value saved, not an empty <v></v>


def unsaved_formulas(path: Path, sheet: str) -> set[str]:
    """References ("C7") of the sheet's cells that hold a formula and no saved value; empty when
    there are none, or the XML cannot be looked into."""
    try:
        with zipfile.ZipFile(path) as archive:
            part = sheet_part(archive, sheet)
            if part is None:
                return set()
            xml = archive.read(part)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError, EOFError, RuntimeError):
        return set()
    found = set()
    for attributes, content in _CELL.findall(xml):
        if _FORMULA.search(content) and not _VALUE.search(content):
            reference = xml_attributes(attributes).get("r")
            if reference:
                found.add(reference)
    return found
