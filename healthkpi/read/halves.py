"""A large .xlsx sheet parsed as two halves at once, one on each core.

calamine parses a sheet on one core, and lets go of the interpreter while it does; on a
national workbook that parse is most of a run. Here the sheet's XML is cut at a row near its
middle into two stand-in workbooks, each holding one half of the rows and everything else the
sheet is read with (the list of sheets, the styles that make a number a date, the shared
strings). They are written uncompressed to memory files (Linux `memfd`: nothing is left on disk,
whatever stops the process), calamine parses the first while the second is still being
written and then both at once, and the two halves' rows are put together where the whole
sheet has them.

The cut is made only where it cannot change a cell: the sheet's XML has unprefixed
`<worksheet>`/`<sheetData>` tags, and the row cut at carries its number (`r="…"`), so the
second half's rows keep theirs. After both parses, the second half must begin below the last
row of the first (rows written in order). Anything else — a small sheet, another layout, an
unexpected error — gives None, and the caller parses the sheet whole, as before. The merged
ranges come from the second half, which keeps the part of the XML after the rows.
"""

from __future__ import annotations

import contextlib
import os
import posixpath
import re
import signal
import threading
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from healthkpi.read.xmlparts import sheet_part

MB = 1 << 20
CUT_FROM = 8 * MB  # the sheet's XML, uncompressed; below this the cut costs more than it saves
CUT_UP_TO = 256 * MB  # the halves are held in memory, outside the reading child's memory cap
COPIED_UP_TO = 32 * MB  # the other parts copied into each half (shared strings above all)
_CHUNK = 1 << 20
# Parts calamine does not read for a sheet's values: other sheets, pictures, printer settings.
_LEFT_OUT = ("xl/worksheets/", "xl/chartsheets/", "xl/media/", "xl/embeddings/", "xl/printerSettings/")
_ROOT = re.compile(rb"<worksheet[\s>]")
_ROWS_START = re.compile(rb"<sheetData(?:\s[^>]*)?>")
_ROW = b"<row "
_ROW_NUMBER = re.compile(rb"""\sr\s*=\s*["']\d+["']""")
# a cell whose cached value is a formula error (a search for "t=" and what follows: a third of the
# time of looking for each mark in turn, which a 40 MB sheet's XML made 0.04 s of its serial part)
_ERROR_MARK = re.compile(rb"""t=(?:"e"|'e')""")
_ROWS_END = b"</sheetData></worksheet>"  # closes the first half after its last row

Cell = object
Merged = tuple[tuple[int, int], tuple[int, int]]


@dataclass
class Halves:
    rows: list[list[Cell]]
    merged: list[Merged]
    errors_possible: bool  # the XML has a formula-error cell: the caller puts the errors back


def parse_in_halves(path: Path, sheet: str) -> Halves | None:
    """The sheet `sheet` of the .xlsx at `path`, parsed in two halves at once; None when it is
    not worth it or not sure to give what the whole parse gives (the caller parses it whole)."""
    if not hasattr(os, "memfd_create"):
        return None
    try:
        with zipfile.ZipFile(path) as archive:
            part = sheet_part(archive, sheet)
            if part is None:
                return None
            info = archive.getinfo(part)
            if not CUT_FROM <= info.file_size <= CUT_UP_TO:
                return None
            copied = _parts_copied(archive, part)
            if copied is None:
                return None
            return _cut_and_parse(archive, info, copied, sheet)
    except Exception:
        return None  # the whole parse then reads the file, and says in its own words what is wrong


def _parts_copied(archive: zipfile.ZipFile, part: str) -> list[tuple[str, bytes]] | None:
    """Every part a half needs beside its rows (the sheet's own relationships included)."""
    own_relationships = posixpath.join(posixpath.dirname(part), "_rels", posixpath.basename(part) + ".rels")
    copied, size = [], 0
    for info in archive.infolist():
        name = info.filename
        if name == part or info.is_dir() or (name.startswith(_LEFT_OUT) and name != own_relationships):
            continue
        size += info.file_size
        if size > COPIED_UP_TO:
            return None
        copied.append((name, archive.read(info)))
    return copied


class _Half:
    """One stand-in workbook in a memory file: the copied parts, and the sheet written into it."""

    def __init__(self, copied: list[tuple[str, bytes]], part: str) -> None:
        self.fd = os.memfd_create("healthkpi-half", os.MFD_CLOEXEC)
        try:
            self._file = open(self.fd, "wb", closefd=False)  # noqa: SIM115 - closed in finish()
            self._zip = zipfile.ZipFile(self._file, "w", zipfile.ZIP_STORED)
            for name, data in copied:
                self._zip.writestr(name, data)
            self._sheet = self._zip.open(part, "w")
        except BaseException:
            os.close(self.fd)  # never made: nobody else will close it
            raise
        self.sheet: Any = None  # calamine's parsed sheet
        self.rows: list[list[Cell]] | None = None

    def write(self, data: bytes) -> None:
        self._sheet.write(data)

    def finish(self) -> None:
        if not self._file.closed:
            self._sheet.close()
            self._zip.close()
            self._file.close()

    def parse(self, sheet: str) -> None:
        """calamine's parse of the half's XML; `sheet` stays None if it fails."""
        import python_calamine as calamine

        with contextlib.suppress(Exception):
            self.sheet = calamine.CalamineWorkbook.from_path(f"/proc/self/fd/{self.fd}").get_sheet_by_name(sheet)

    def take_rows(self, from_a1: bool) -> None:
        """The half's cells as Python values: the first half from A1, as the whole sheet is read,
        the second from its first cell."""
        with contextlib.suppress(Exception):
            self.rows = cast(list[list[Cell]], self.sheet.to_python(skip_empty_area=not from_a1))

    def parse_from_a1(self, sheet: str) -> None:
        self.parse(sheet)
        if self.sheet is not None:
            self.take_rows(from_a1=True)

    def close(self) -> None:
        try:
            self.finish()  # a half given up on midway: its zip closed too (else it writes when collected)
        finally:
            os.close(self.fd)


def _cut_and_parse(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, copied: list[tuple[str, bytes]], sheet: str
) -> Halves | None:
    first = _Half(copied, info.filename)
    second: _Half | None = None
    parsing_first: threading.Thread | None = None
    try:
        with archive.open(info) as stream:
            reader = _Reader(stream)
            head, pending = _head(reader)
            if head is None:
                return None
            first.write(head)
            # a little past the middle: the first half's parse begins while the second is written
            written, middle = len(head), info.file_size * 11 // 20
            while pending:
                if second is None and written + len(pending) >= middle:
                    cut = _row_cut(pending, max(0, middle - written))
                    if cut is None:  # no whole row tag from the middle on yet: look further
                        more = reader.read()
                        if not more or len(pending) > 64 * MB:
                            return None  # the rows end before the middle: nothing to cut
                        pending += more
                        continue
                    if cut < 0:
                        return None  # the row cut at has no number: its half could not place it
                    first.write(pending[:cut] + _ROWS_END)
                    first.finish()
                    parsing_first = _parse_beside(first, sheet)
                    second = _Half(copied, info.filename)
                    second.write(head)
                    pending = pending[cut:]
                (first if second is None else second).write(pending)
                written += len(pending)
                pending = reader.read()
        if second is None or parsing_first is None:
            return None
        second.finish()
        second.parse(sheet)
        parsing_first.join()
        # The second half's cells are taken only once the first half has given its own: a sheet
        # whose first half calamine refuses is parsed whole, and fails there as it always did,
        # before the second half's cells (a million copies of one huge shared string, say) are made.
        if first.rows is None or second.sheet is None:
            return None
        second.take_rows(from_a1=False)
        if second.rows is None:
            return None
        rows = _put_together(first.rows, second.rows, second.sheet)
        if rows is None:
            return None
        return Halves(rows, list(second.sheet.merged_cell_ranges or []), reader.error_seen)
    finally:
        if parsing_first is not None:
            parsing_first.join()  # never leave a parse running behind the whole one
        first.close()
        if second is not None:
            second.close()


class _Reader:
    """The sheet's XML chunk by chunk, noting on the way whether a formula-error cell is in it."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream
        self._end = b""  # the last bytes read, for a mark split between two chunks
        self.error_seen = False

    def read(self) -> bytes:
        data: bytes = self._stream.read(_CHUNK)
        if not self.error_seen:
            seam = self._end + data[:8]
            self.error_seen = _ERROR_MARK.search(data) is not None or _ERROR_MARK.search(seam) is not None
        self._end = data[-8:]
        return data


def _head(reader: _Reader) -> tuple[bytes | None, bytes]:
    """What comes before the rows (up to and with `<sheetData>`), and what was read after it."""
    data = b""
    while len(data) < 8 * MB and (more := reader.read()):
        data += more
        found = _ROWS_START.search(data)
        if found is not None:
            head = data[: found.end()]
            if head.endswith(b"/>") or _ROOT.search(head) is None:
                return None, b""  # no rows, or tags with a namespace prefix
            return head, data[found.end() :]
    return None, b""


def _row_cut(data: bytes, start: int) -> int | None:
    """Where the first row tag from `start` on begins; -1 if it has no row number; None if no
    whole row tag is there."""
    at = data.find(_ROW, start)
    if at < 0:
        return None
    end = data.find(b">", at)
    if end < 0:
        return None
    return at if _ROW_NUMBER.search(data, at, end) else -1


def _parse_beside(half: _Half, sheet: str) -> threading.Thread:
    """The half's parse on a thread of its own, born with Ctrl+C and SIGTERM held, so that a
    signal reaches the thread that waits, never this one (read/grid.py, begin_parsing)."""
    parsing = threading.Thread(target=half.parse_from_a1, args=(sheet,), name="healthkpi-half", daemon=True)
    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        parsing.start()
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)
    return parsing


def _put_together(first: list[list[Cell]], second: list[list[Cell]], second_sheet: Any) -> list[list[Cell]] | None:
    """The whole sheet's rows from A1: the first half's, empty rows down to the second half's
    first, and the second half's, each row as wide as the widest."""
    start, end = second_sheet.start, second_sheet.end
    if start is None or end is None or not second:
        return first
    top, left = start
    if top < len(first):
        return None  # rows out of order: a row of the second half belongs among the first's
    width = max(len(first[0]) if first else 0, end[1] + 1)
    rows = first if not first or len(first[0]) == width else [row + [""] * (width - len(row)) for row in first]
    rows.extend([""] * width for _ in range(top - len(rows)))
    before, after = [""] * left, [""] * (width - end[1] - 1)
    if left or after:
        rows.extend(before + row + after for row in second)
    else:
        rows.extend(second)
    return rows
