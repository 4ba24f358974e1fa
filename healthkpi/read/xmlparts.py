"""Where a sheet lives inside an .xlsx, and the attributes of an XML tag — for the few things
read from a workbook's XML beside calamine (formula errors, the cut of a large sheet)."""

from __future__ import annotations

import html
import posixpath
import re
import zipfile
from collections.abc import Iterator
from typing import Any

_SHEET_TAG = re.compile(rb"<(?:[\w.-]+:)?sheet\b([^>]*)>")
_RELATIONSHIP = re.compile(rb"<(?:[\w.-]+:)?Relationship\b([^>]*)>")
_ATTRIBUTE = re.compile(rb'([\w.:-]+)\s*=\s*(?:"([^"]*)"|\'([^\']*)\')')
_CHUNK = 1 << 20


def whole_tags(stream: Any) -> Iterator[bytes]:
    """A part's XML a megabyte at a time, each piece ending where a tag ends: no tag is cut in two."""
    rest = b""
    while chunk := stream.read(_CHUNK):
        data = rest + chunk
        end = data.rfind(b">") + 1
        done, rest = data[:end], data[end:]
        if len(rest) > _CHUNK:
            rest = rest[-_CHUNK:]  # no tag ends in a whole chunk: keep the unfinished end only
        yield done


def column_index(letters: str) -> int:
    """`A` → 0, `AA` → 26: a cell reference's column, 0-based."""
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - 64
    return index - 1


def xml_attributes(tag: bytes) -> dict[str, str]:
    """A tag's attributes by local name (a namespace prefix dropped), entities decoded."""
    found = {}
    for name, double, single in _ATTRIBUTE.findall(tag):
        found[name.decode("utf-8", "replace").rsplit(":", 1)[-1]] = html.unescape(
            (double or single).decode("utf-8", "replace")
        )
    return found


def sheet_part(archive: zipfile.ZipFile, sheet: str) -> str | None:
    """The archive member holding the sheet named `sheet`, found through workbook.xml and its
    relationships; None if there is none (or the workbook is not laid out as Excel lays it)."""
    names = set(archive.namelist())
    if "xl/workbook.xml" not in names or "xl/_rels/workbook.xml.rels" not in names:
        return None
    relation = None
    for tag in _SHEET_TAG.findall(archive.read("xl/workbook.xml")):
        attributes = xml_attributes(tag)
        if attributes.get("name") == sheet:
            relation = attributes.get("id")
            break
    if relation is None:
        return None
    for tag in _RELATIONSHIP.findall(archive.read("xl/_rels/workbook.xml.rels")):
        attributes = xml_attributes(tag)
        if attributes.get("Id") == relation:
            target = attributes.get("Target", "")
            part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(f"xl/{target}")
            return part if part in names else None
    return None
