"""Raw cell grids from workbooks and text tables — the only module that parses files.

Spreadsheets go through python-calamine (the engine behind pandas'
`read_excel(engine="calamine")`): we need the raw grid with cell positions,
merged ranges and cached formula values, which is exactly what it gives.
Text tables are decoded and split here.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import cast

from healthkpi.base.errors import WorkbookError
from healthkpi.read.formats import Format

Cell = object  # float | int | str | bool | date | datetime | time | timedelta
Merged = tuple[tuple[int, int], tuple[int, int]]


@dataclass
class Grid:
    """One sheet: rows of raw cell values ('' for empty), 0-based, plus merged ranges."""

    name: str
    rows: list[list[Cell]]
    merged: list[Merged] = field(default_factory=list)


class Source:
    """An opened data file: its sheet names and a way to read each one."""

    def __init__(
        self,
        path: Path,
        fmt: Format,
        names: list[str],
        hidden: list[str],
        read: Callable[[str], Grid],
    ):
        self.path = path
        self.format = fmt
        self.sheet_names = names  # visible sheets, in workbook order
        self.hidden_sheets = hidden
        self._read = read
        self._cache: dict[str, Grid] = {}

    def sheet(self, name: str) -> Grid:
        if name not in self._cache:
            self._cache[name] = self._read(name)
        return self._cache[name]


def open_source(path: Path, fmt: Format, encoding: str | None = None) -> Source:
    if fmt.kind == "csv":
        return _open_text(path, encoding)
    if fmt.kind == "html":
        return _open_html(path, encoding)
    return _open_calamine(path, fmt)


# --- spreadsheets -----------------------------------------------------------


def _open_calamine(path: Path, fmt: Format) -> Source:
    import python_calamine as calamine

    try:
        if fmt.note is None:
            workbook = calamine.CalamineWorkbook.from_path(str(path))
        else:
            # The name lies (an .xlsx saved as .xls): from_path picks the parser by the
            # extension, while a file-like object is parsed by what its bytes are.
            with path.open("rb") as handle:
                workbook = calamine.CalamineWorkbook.from_filelike(handle)
        metadata = workbook.sheets_metadata
    except BaseException as exc:
        _reraise_control(exc)
        raise WorkbookError(_explain_calamine(path, fmt, exc)) from None
    visible = [
        m.name
        for m in metadata
        if m.visible == calamine.SheetVisibleEnum.Visible and m.typ == calamine.SheetTypeEnum.WorkSheet
    ]
    hidden = [m.name for m in metadata if m.name not in visible]

    def read(name: str) -> Grid:
        try:
            sheet = workbook.get_sheet_by_name(name)
            rows = cast(list[list[Cell]], sheet.to_python(skip_empty_area=False))
            try:
                merged = list(sheet.merged_cell_ranges or [])
            except BaseException:
                merged = []
        except BaseException as exc:
            _reraise_control(exc)
            raise WorkbookError(_explain_calamine(path, fmt, exc, sheet=name)) from None
        return Grid(name, rows, merged)

    return Source(path, fmt, visible, hidden, read)


def _reraise_control(exc: BaseException) -> None:
    if isinstance(exc, KeyboardInterrupt | SystemExit | GeneratorExit):
        raise exc


def _explain_calamine(path: Path, fmt: Format, exc: BaseException, sheet: str | None = None) -> str:
    detail = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else type(exc).__name__
    where = f" (sheet {sheet!r})" if sheet else ""
    lowered = detail.lower()
    if "password" in lowered or "encrypt" in lowered:
        return f"{path}: the workbook is protected with a password; remove the password in Excel and save it again"
    return (
        f"{path}{where}: {fmt.description} that cannot be read — it is damaged or was saved by a "
        f"program that wrote it incorrectly; open it in Excel or LibreOffice and save it again "
        f"(reader said: {detail})"
    )


# --- text tables -------------------------------------------------------------

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
MAX_TEXT_BYTES = 200_000_000


def decode_text(raw: bytes, encoding: str | None = None) -> tuple[str, str]:
    """(text, encoding used). Given encoding first; else BOM, UTF-8, UTF-16, Windows-1258."""
    if encoding:
        try:
            return raw.decode(encoding), encoding
        except LookupError:
            raise WorkbookError(f"unknown encoding {encoding!r}; try utf-8, utf-16 or cp1258") from None
        except UnicodeDecodeError as exc:
            raise WorkbookError(f"the file is not valid {encoding} (byte {exc.start})") from None
    for bom, name in _BOMS:
        if raw.startswith(bom):
            return raw[len(bom) :].decode(name, errors="replace"), name
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    sample = raw[:4096]
    if len(sample) > 1 and sample[1::2].count(0) > len(sample) // 4:
        return raw.decode("utf-16-le", errors="replace"), "utf-16-le"
    if len(sample) > 1 and sample[0::2].count(0) > len(sample) // 4:
        return raw.decode("utf-16-be", errors="replace"), "utf-16-be"
    # Vietnamese Windows (Excel "CSV" on a Vietnamese system) writes cp1258,
    # which decodes tone marks as combining characters; text is NFC'd later.
    return raw.decode("cp1258", errors="replace"), "cp1258"


def _open_text(path: Path, encoding: str | None) -> Source:
    try:
        if path.stat().st_size > MAX_TEXT_BYTES:
            raise WorkbookError(f"{path}: the text file is larger than {MAX_TEXT_BYTES:,} bytes")
        raw = path.read_bytes()
    except OSError as exc:
        raise WorkbookError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    try:
        text, _used = decode_text(raw, encoding)
    except WorkbookError as exc:
        raise WorkbookError(f"{path}: {exc}") from None
    name = path.stem
    rows = split_table(text)

    def read(_name: str) -> Grid:
        return Grid(name, rows)

    return Source(path, Format("csv", "a text table"), [name], [], read)


def split_table(text: str) -> list[list[Cell]]:
    """Rows of a delimited text table; the delimiter is the one that splits most consistently."""
    sample = text[:20000]
    lines = [line for line in sample.splitlines() if line.strip()][:50]
    best, best_score = ",", -1.0
    for delimiter in (",", ";", "\t", "|"):
        counts = [len(next(csv.reader([line], delimiter=delimiter))) for line in lines]
        if not counts:
            continue
        widest = max(counts)
        if widest < 2:
            continue
        # favour delimiters that give many columns on many lines
        score = sum(1 for c in counts if c == widest) * widest
        if score > best_score:
            best, best_score = delimiter, score
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=best)
    try:
        return [list(row) for row in reader]
    except csv.Error as exc:
        raise WorkbookError(f"the text table cannot be split into cells ({exc})") from None


# --- HTML tables (web exports saved as .xls) --------------------------------------

MAX_HTML_CELLS = 5_000_000


class _TableParser(HTMLParser):
    """The tables of a web page as grids; colspan/rowspan become merged ranges."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[Grid] = []
        self._rows: list[list[Cell]] | None = None
        self._merged: list[Merged] = []
        self._cell: list[str] | None = None
        self._span = (1, 1)
        self._pending: dict[tuple[int, int], str] = {}  # cells covered by a rowspan from above
        self._cells = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table" and self._rows is None:
            self._rows, self._merged, self._pending = [], [], {}
        elif tag == "tr" and self._rows is not None:
            self._rows.append([])
            self._fill_pending()
        elif tag in ("td", "th") and self._rows is not None and self._rows:
            values = dict(attrs)
            self._span = (_span(values.get("rowspan")), _span(values.get("colspan")))
            self._cell = []
        elif tag == "br" and self._cell is not None:
            self._cell.append("\n")

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None and self._rows:
            row = self._rows[-1]
            r, c = len(self._rows) - 1, len(row)
            rows, cols = self._span
            row.append("".join(self._cell).strip())
            row.extend([""] * (cols - 1))
            for k in range(1, rows):
                for j in range(cols):
                    self._pending[(r + k, c + j)] = ""
            if rows > 1 or cols > 1:
                self._merged.append(((r, c), (r + rows - 1, c + cols - 1)))
            self._cell = None
            self._cells += cols
            if self._cells > MAX_HTML_CELLS:
                raise WorkbookError(f"the web page holds more than {MAX_HTML_CELLS:,} table cells")
            self._fill_pending()
        elif tag == "table" and self._rows is not None:
            self.tables.append(Grid(f"Table {len(self.tables) + 1}", self._rows, self._merged))
            self._rows = None

    def _fill_pending(self) -> None:
        assert self._rows is not None
        r = len(self._rows) - 1
        row = self._rows[r]
        while (r, len(row)) in self._pending:
            row.append(self._pending.pop((r, len(row))))


def _span(value: str | None) -> int:
    try:
        return max(1, min(int(value or 1), 1000))
    except ValueError:
        return 1


def _open_html(path: Path, encoding: str | None) -> Source:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise WorkbookError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    text, _ = decode_text(raw, encoding)
    parser = _TableParser()
    try:
        parser.feed(text)
        parser.close()
    except WorkbookError as exc:
        raise WorkbookError(f"{path}: {exc}") from None
    if not parser.tables:
        raise WorkbookError(f"{path}: is a web page (HTML) with no table in it, not a spreadsheet")
    grids = {grid.name: grid for grid in parser.tables}
    return Source(path, Format("html", "a web page (HTML table)"), list(grids), [], grids.__getitem__)
