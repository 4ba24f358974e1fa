"""Raw cell grids from workbooks and text tables — the only module that parses files.

Spreadsheets go through python-calamine (the engine behind pandas'
`read_excel(engine="calamine")`): we need the raw grid with cell positions,
merged ranges and cached formula values, which is exactly what it gives.
A large .xlsx sheet is handed to calamine as two halves parsed at once
(read/halves.py). Text tables are decoded and split here.
"""

from __future__ import annotations

import codecs
import csv
import html
import io
import re
import signal
import zipfile
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, cast

from healthkpi.base.errors import WorkbookError, os_reason
from healthkpi.base.messages import Phrase
from healthkpi.read.formats import Format
from healthkpi.read.halves import parse_in_halves
from healthkpi.read.percentcells import percent_cells, shown_as_percentages, xls_percent_cells
from healthkpi.read.xmlparts import column_index, sheet_part, whole_tags, xml_attributes

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
        raise _explain_calamine(path, fmt, exc) from None
    visible = _visible_worksheets(metadata)
    hidden = [m.name for m in metadata if m.name not in visible]

    def read(name: str) -> Grid:
        begun = _take_begun_parse(path, fmt, name)
        rows, merged = begun.result() if begun is not None else _parse_sheet(workbook, path, fmt, name)
        if fmt.kind == "ods":  # calamine gives no merged ranges and no number formats for OpenDocument
            merged = merged or ods_merged_ranges(path, name)
            shown_as_percentages(rows, ods_percent_cells(path, name))
        elif fmt.kind == "xls":  # nor for .xls: xlrd reads them (.xlsb formats stay unread)
            shown_as_percentages(rows, xls_percent_cells(path, name))
        return Grid(name, rows, merged)

    return Source(path, fmt, visible, hidden, read)


def _visible_worksheets(metadata: Any) -> list[str]:
    import python_calamine as calamine

    return [
        m.name
        for m in metadata
        if m.visible == calamine.SheetVisibleEnum.Visible and m.typ == calamine.SheetTypeEnum.WorkSheet
    ]


def _parse_sheet(workbook: Any, path: Path, fmt: Format, name: str) -> tuple[list[list[Cell]], list[Merged]]:
    """One sheet's cells (formula errors put back) and merged ranges, as calamine reads them."""
    if fmt.kind == "xlsx":
        halves = parse_in_halves(path, name)  # a large sheet, on both cores (read/halves.py)
        if halves is not None:
            if halves.errors_possible:
                _put_formula_errors(halves.rows, xlsx_formula_errors(path, name))
            shown_as_percentages(halves.rows, percent_cells(path, name))
            return halves.rows, halves.merged
    with ThreadPoolExecutor(max_workers=1) as beside:
        # calamine lets go of the interpreter while it parses: the formula errors are looked
        # for in the sheet's XML meanwhile, on the other core
        errors = beside.submit(xlsx_formula_errors, path, name) if fmt.kind == "xlsx" else None
        try:
            sheet = workbook.get_sheet_by_name(name)
            rows = cast(list[list[Cell]], sheet.to_python(skip_empty_area=False))
            try:
                merged = list(sheet.merged_cell_ranges or [])
            except BaseException:
                merged = []
        except BaseException as exc:
            _reraise_control(exc)
            raise _explain_calamine(path, fmt, exc, sheet=name) from None
        if errors is not None:
            _put_formula_errors(rows, errors.result())
    if fmt.kind == "xlsx":
        shown_as_percentages(rows, percent_cells(path, name))
    return rows, merged


# --- a parse begun before it is asked for -------------------------------------------------
#
# The command line's reading child for a lone .xlsx input is forked as the command starts, before the
# rest of healthkpi is imported and the plan is read (read/sandbox.py, "standing by"). It begins
# parsing the workbook's first visible sheet at once, on a thread of its own (calamine lets go
# of the interpreter while it parses); the read it is then given takes that parse if it asks for
# that sheet of that very file (the same format, the file unchanged since), else parses as usual.


@dataclass
class _BegunParse:
    key: tuple[str, Format, str, tuple[int, ...]]  # path, format, sheet, the file's identity
    done: Future[tuple[list[list[Cell]], list[Merged]]]


_begun_parse: list[_BegunParse] = []


def begin_parsing(path: Path) -> Future[tuple[list[list[Cell]], list[Merged]]] | None:
    """Start parsing the first visible sheet of the .xlsx at `path` on a thread (its future is
    returned); nothing if it is not one, or cannot be opened (the read then says why, in its own words)."""
    from healthkpi.read.formats import sniff

    try:
        fmt = sniff(path)
        if fmt.kind != "xlsx" or fmt.note is not None:
            return None
        import python_calamine as calamine

        workbook = calamine.CalamineWorkbook.from_path(str(path))
        visible = _visible_worksheets(workbook.sheets_metadata)
        identity = _identity(path)
    except Exception:
        return None
    if not visible:
        return None
    parsing = ThreadPoolExecutor(max_workers=1, thread_name_prefix="healthkpi-parse")
    # The thread is made with Ctrl+C and SIGTERM held (it keeps the mask it is born with): a signal
    # must reach the main thread, which waits for its read; taken by this thread, it would leave that
    # wait unbroken, and the child deaf to the command that stops it.
    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        done = parsing.submit(_parse_sheet, workbook, path, fmt, visible[0])
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)
    parsing.shutdown(wait=False)
    _begun_parse.append(_BegunParse((str(path.resolve()), fmt, visible[0], identity), done))
    return done


def _take_begun_parse(path: Path, fmt: Format, name: str) -> Future[tuple[list[list[Cell]], list[Merged]]] | None:
    if not _begun_parse:
        return None
    begun = _begun_parse.pop()
    try:
        same = begun.key == (str(path.resolve()), fmt, name, _identity(path))
    except OSError:
        same = False
    return begun.done if same else None


def _identity(path: Path) -> tuple[int, ...]:
    status = path.stat()
    return (status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns)


# --- formula errors ---------------------------------------------------------------------
#
# A formula whose cached value is an error (#REF!, #DIV/0!, #N/A) comes out of calamine as an
# empty cell: a unit whose figures are all errors would look like a section title and vanish, and
# one error would read as "no value" instead of a cell that is not a number. For .xlsx and .xlsm
# the error cells are found in the sheet's XML (`t="e"`) and put back as the error text, which
# the reader reports as not_a_number ("the formula gives the error #REF!").

_CELL = re.compile(rb"<(?:[\w.-]+:)?c\b([^>]*?)(?<!/)>(.*?)</(?:[\w.-]+:)?c>", re.S)
_VALUE = re.compile(rb"<(?:[\w.-]+:)?v\b[^>]*>([^<]*)<")
_REFERENCE = re.compile(r"([A-Z]{1,3})([0-9]{1,7})")
_ERROR_TYPE = (b't="e"', b"t='e'")
_CHUNK = 1 << 20
MAX_ERROR_CELLS = 1_000_000


def xlsx_formula_errors(path: Path, sheet: str) -> dict[tuple[int, int], str]:
    """(row, column) → the error text of each cell of `sheet` whose cached value is a formula error."""
    try:
        with zipfile.ZipFile(path) as archive:
            part = sheet_part(archive, sheet)
            if part is None:
                return {}
            with archive.open(part) as stream:
                return _error_cells(stream)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError, EOFError, RuntimeError):
        return {}  # calamine read the sheet; what cannot be looked into again stays as calamine gave it


def _error_cells(stream: Any) -> dict[tuple[int, int], str]:
    found: dict[tuple[int, int], str] = {}
    rest = b""
    while chunk := stream.read(_CHUNK):
        data = rest + chunk
        end = max(data.rfind(b"</c>"), data.rfind(b":c>"))
        if end < 0:
            rest = data[-_CHUNK:]  # no cell ends here: keep the unfinished end only
            continue
        end = data.index(b">", end) + 1
        done, rest = data[:end], data[end:]
        if not any(mark in done for mark in _ERROR_TYPE):
            continue  # nearly always: no error in this stretch of the sheet
        for tag, inner in _CELL.findall(done):
            attributes = xml_attributes(tag)
            if attributes.get("t") != "e":
                continue
            reference = _REFERENCE.fullmatch(attributes.get("r", ""))
            if reference is None:
                continue
            value = _VALUE.search(inner)
            text = html.unescape(value.group(1).decode("utf-8", "replace")).strip() if value else ""
            found[(int(reference.group(2)) - 1, column_index(reference.group(1)))] = text or "#N/A"
            if len(found) >= MAX_ERROR_CELLS:
                return found
    return found


# --- merged cells of OpenDocument sheets -------------------------------------------------
#
# calamine reads no merged ranges from .ods: a two-level header saved by LibreOffice ("Trạm y tế
# xã" over "Tổng số" and "Có bác sỹ") would lose its upper level, and its columns their names.
# They are read here from content.xml: a cell spanning columns or rows carries
# table:number-columns-spanned / table:number-rows-spanned; repeated rows and cells are counted.
# (A quoted attribute may hold a ">": a formula's comparison.)

_ODS_TAG = re.compile(
    rb"<(/?)table:(table|table-row|table-cell|covered-table-cell)(?=[\s/>])((?:[^>\"']|\"[^\"]*\"|'[^']*')*?)(/?)>",
)
MAX_MERGED = 100_000


def ods_merged_ranges(path: Path, sheet: str) -> list[Merged]:
    """The merged ranges of `sheet` in an OpenDocument spreadsheet (0-based, inclusive)."""
    merged: list[Merged] = []
    try:
        for row, column, name, found in _ods_cells(path, sheet):
            across = _count(found.get("number-columns-spanned"))
            down = _count(found.get("number-rows-spanned"))
            if name == b"table-cell" and (across > 1 or down > 1):
                merged.append(((row, column), (row + down - 1, column + across - 1)))
                if len(merged) >= MAX_MERGED:
                    break
    except _UNREADABLE:
        return []  # calamine read the sheet; without its merges it stays as calamine gave it
    return merged


def ods_percent_cells(path: Path, sheet: str) -> set[tuple[int, int]]:
    """(row, column) of each cell of `sheet` in an OpenDocument spreadsheet holding a percentage
    (`office:value-type="percentage"`: 0.96 shown as 96 %), as read/percentcells.py finds them in an .xlsx."""
    found_cells: set[tuple[int, int]] = set()
    try:
        for row, column, name, found in _ods_cells(path, sheet, b"percentage"):
            if name == b"table-cell" and found.get("value-type") == "percentage":
                repeated = min(_count(found.get("number-columns-repeated")), MAX_MERGED)
                found_cells.update((row, column + k) for k in range(repeated))
                if len(found_cells) >= MAX_MERGED:
                    break
    except _UNREADABLE:
        return set()  # the numbers stay as calamine gave them
    return found_cells


def _ods_cells(path: Path, sheet: str, wanted: bytes = b"") -> Iterator[tuple[int, int, bytes, dict[str, str]]]:
    """Each cell of `sheet` in the .ods at `path`: its row, column (0-based), tag name and attributes;
    only the stretches of content.xml that hold `wanted` have their cells' attributes read."""
    with zipfile.ZipFile(path) as archive, archive.open("content.xml") as stream:
        yield from _ods_walk(stream, sheet, wanted)


_UNREADABLE = (zipfile.BadZipFile, OSError, KeyError, ValueError, EOFError, RuntimeError)


def _ods_walk(stream: Any, sheet: str, wanted: bytes) -> Iterator[tuple[int, int, bytes, dict[str, str]]]:
    inside = False  # within the wanted sheet's table:table
    depth = 0  # tables opened within it (a table in a cell)
    row = column = 0
    repeated = 1
    for done in whole_tags(stream):
        looked_into = not wanted or wanted in done
        for closing, name, attributes, empty in _ODS_TAG.findall(done):
            if name == b"table":
                if not inside:
                    inside = not closing and xml_attributes(attributes).get("name") == sheet
                    continue
                depth += -1 if closing else 0 if empty else 1
                if depth < 0:
                    return  # the end of the wanted sheet
                continue
            if not inside or depth:
                continue
            if name == b"table-row":
                if not closing:  # the row's repeat count, to add at its end
                    repeated = _count(xml_attributes(attributes).get("number-rows-repeated"))
                if closing or empty:
                    row, column = row + repeated, 0
                continue
            if closing:
                continue
            if not looked_into and b"number-columns-repeated" not in attributes:
                column += 1  # a stretch without what is wanted: only the columns are counted
                continue
            found = xml_attributes(attributes)
            yield row, column, name, found
            column += _count(found.get("number-columns-repeated"))


def _count(value: str | None) -> int:
    return int(value) if value and value.isdigit() and 0 < int(value) < 1 << 24 else 1


def _put_formula_errors(rows: list[list[Cell]], errors: dict[tuple[int, int], str]) -> None:
    """Each error's text where calamine left the cell empty."""
    for (r, c), text in errors.items():
        if r < len(rows) and c < len(rows[r]) and rows[r][c] in ("", None):
            rows[r][c] = text


def _reraise_control(exc: BaseException) -> None:
    if isinstance(exc, KeyboardInterrupt | SystemExit | GeneratorExit):
        raise exc


# What the spreadsheet reader's (English) words say went wrong, tried in order on its exception's
# name and message: each a sentence in the catalogue (base/messages_read.py).
_READER_CAUSES: tuple[tuple[tuple[str, ...], str], ...] = (
    (("zip",), "cause_zip"),
    (("cannot find", "missing", "no such"), "cause_part_missing"),
    (("xml",), "cause_xml"),
    (("eof", "end of input", "unexpected end", "end of stream", "truncated", "too short"), "cause_cut_short"),
    (("biff",), "cause_old_version"),
    (("not an office document", "unrecognized", "unsupported", "unknown file", "invalid file"), "cause_not_workbook"),
    (("cfb", "invalid ole", "sector", "fat "), "cause_container"),
    (("codepage", "encoding", "utf-8", "utf8", "utf-16"), "cause_text_encoding"),
    (("overflow", "out of range", "too large", "too big"), "cause_out_of_range"),
)


def reader_cause(exc: BaseException) -> Phrase:
    """The reader's refusal in the reader's language; one worded otherwise as "the reader's own error"."""
    words = f"{type(exc).__name__} {exc}".lower()
    for needles, key in _READER_CAUSES:
        if any(needle in words for needle in needles):
            return Phrase(key)
    return Phrase("cause_other")


def _explain_calamine(path: Path, fmt: Format, exc: BaseException, sheet: str | None = None) -> WorkbookError:
    detail = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else type(exc).__name__
    where = Phrase("in_sheet", (("sheet", sheet),)) if sheet else ""
    lowered = f"{type(exc).__name__} {detail}".lower()
    if "password" in lowered or "encrypt" in lowered:
        return WorkbookError(key="workbook_password", path=path)
    if "zip" in lowered:  # a zip container calamine cannot open: a download or attachment cut short
        return WorkbookError(key="damaged_zip", path=path)
    # The reader's own words (detail) are English: said in English only, its cause in either language.
    kind = Phrase(f"format_{fmt.kind}")
    cause = reader_cause(exc)
    return WorkbookError(key="workbook_unreadable", path=path, in_sheet=where, kind=kind, cause=cause, detail=detail)


def _in_file(error: WorkbookError, path: Path) -> WorkbookError:
    """An error found in a file's text, with the file named (its sentence starts with `{path}`)."""
    facts: dict[str, Any] = {**error.facts, "path": path}
    return WorkbookError(key=error.key, **facts)


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
            raise WorkbookError(key="unknown_encoding", encoding=encoding) from None  # the file: added above
        except UnicodeDecodeError as exc:
            raise WorkbookError(key="not_in_encoding", encoding=encoding, byte=exc.start) from None
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
            raise WorkbookError(key="text_too_large", path=path, limit=MAX_TEXT_BYTES)
        raw = path.read_bytes()
    except OSError as exc:
        raise WorkbookError(key="cannot_read_file", path=path, reason=os_reason(exc)) from None
    try:
        text, _used = decode_text(raw, encoding)
    except WorkbookError as exc:
        raise _in_file(exc, path) from None
    name = path.stem
    try:
        rows = split_table(text)
    except WorkbookError as exc:  # the table's problems name their line; the file is named here
        raise _in_file(exc, path) from None

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
    quoted = '"' in text  # only then can a cell span lines (nearly every form: no quote at all)
    rows: list[list[Cell]] = []
    starts: list[int] = []  # the line each row starts on, when a quoted cell may span lines
    previous = 0
    try:
        if not quoted:
            rows = [list(row) for row in reader]
        for row in reader if quoted else ():
            starts.append(previous + 1)
            previous = reader.line_num
            rows.append(list(row))
    except csv.Error as exc:
        line = max(reader.line_num, 1)
        if "field limit" in str(exc):
            raise WorkbookError(key="cell_too_long", line=line, limit=csv.field_size_limit()) from None
        raise WorkbookError(key="cannot_split", line=line, detail=str(exc)) from None
    if quoted:
        _refuse_stray_quotes(rows, starts, best)
    return rows


def _refuse_stray_quotes(rows: list[list[Cell]], starts: list[int], delimiter: str) -> None:
    """A double quote that opens a cell and is never closed where it should be swallows the rows
    after it into that cell: units lost without a word. A cell whose text runs over lines that look
    like rows of the table (they hold the delimiter), or to the very end of the file, is that."""
    for k, row in enumerate(rows):
        for cell in row:
            if not isinstance(cell, str) or ("\n" not in cell and "\r" not in cell):
                continue
            lines = cell.splitlines()
            swallowed = sum(1 for line in lines[1:] if delimiter in line)
            at_the_end = k == len(rows) - 1 and cell.endswith(("\n", "\r"))
            if swallowed or at_the_end:
                after = len(lines) - 1
                what = Phrase("stray_lines", (("n", after),)) if swallowed else Phrase("stray_rest")
                raise WorkbookError(key="stray_quote", line=starts[k], what=what)


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
                raise WorkbookError(key="html_too_many_cells", limit=MAX_HTML_CELLS)
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
        raise WorkbookError(key="cannot_read_file", path=path, reason=os_reason(exc)) from None
    parser = _TableParser()
    try:
        text, _ = decode_text(raw, encoding)
        parser.feed(text)
        parser.close()
    except WorkbookError as exc:
        raise _in_file(exc, path) from None
    if not parser.tables:
        raise WorkbookError(key="html_no_table", path=path)
    grids = {grid.name: grid for grid in parser.tables}
    return Source(path, Format("html", "a web page (HTML table)"), list(grids), [], grids.__getitem__)
