"""What a data file really is, from its first bytes — not from its name.

Web systems export HTML tables as `.xls`, chat apps rename files, e-mail
truncates attachments. Knowing the real format lets us read a file whose
extension lies and explain, in an analyst's words, why one cannot be read.
"""

from __future__ import annotations

import re
import stat
import zipfile
from dataclasses import dataclass
from pathlib import Path

from healthkpi.base.errors import Invalid, WorkbookError, os_reason
from healthkpi.base.messages import Phrase, Sentence, Size

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = b"PK\x03\x04"
_ENCRYPTED_OOXML = "EncryptionInfo".encode("utf-16-le")
DEFAULT_MAX_SIZE = 300 * (1 << 20)  # bytes a workbook may expand to; --max-size raises it


@dataclass(frozen=True)
class Format:
    """`kind` is how we read it: xlsx, xlsb, ods, xls, html or csv."""

    kind: str
    description: str
    note: str | None = None  # set when the file's name says otherwise


# What each file name promises, to warn when the content is something else: the one list of the
# extensions healthkpi knows.
PROMISED = {
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".xls": "xls",
    ".ods": "ods",
    ".xlsb": "xlsb",
    ".csv": "csv",
    ".tsv": "csv",
    ".txt": "csv",
}
# Taken from a folder given as data (text files other than .csv are only read when named).
DATA_EXTENSIONS = (".xlsx", ".xlsm", ".xlsb", ".xls", ".ods", ".csv")


def promises_a_workbook(path: Path) -> bool:
    """The name says spreadsheet (not a text table)."""
    return PROMISED.get(path.suffix.lower(), "csv") != "csv"


def _with_note(path: Path, fmt: Format) -> Format:
    promised = PROMISED.get(path.suffix.lower())
    if promised is None or promised == fmt.kind:
        return fmt
    note = Sentence("named_but_is", name=path.name, suffix=path.suffix, kind=Phrase(f"format_{fmt.kind}"))
    return Format(fmt.kind, fmt.description, note)


def sniff(path: Path, max_size: int = DEFAULT_MAX_SIZE) -> Format:
    """The file's real format; WorkbookError for what healthkpi cannot read, saying why.

    `max_size` bounds what the file may expand to (a zip's uncompressed parts, or
    the file itself): a workbook that would need more is refused before parsing.
    Only a regular file is opened: a FIFO, a device or a socket would block or never end.
    """
    try:
        status = path.stat()
    except FileNotFoundError:
        raise WorkbookError(key="no_such_file", path=path) from None
    except OSError as exc:
        raise WorkbookError(key="cannot_open", path=path, reason=os_reason(exc)) from None
    if stat.S_ISDIR(status.st_mode):
        raise WorkbookError(key="is_a_folder", path=path)
    if not stat.S_ISREG(status.st_mode):
        raise WorkbookError(key="not_a_regular_file", path=path)
    size = status.st_size
    if size > max_size:
        raise _too_large(path, size, max_size, "too_large")
    try:
        with path.open("rb") as handle:
            head = handle.read(4096)
    except IsADirectoryError:
        raise WorkbookError(key="is_a_folder", path=path) from None
    except FileNotFoundError:
        raise WorkbookError(key="no_such_file", path=path) from None
    except OSError as exc:
        raise WorkbookError(key="cannot_open", path=path, reason=os_reason(exc)) from None
    if not head:
        raise WorkbookError(key="empty_file", path=path)
    if head.startswith((_ZIP, b"PK\x05\x06")):
        return _with_note(path, _sniff_zip(path, max_size))
    if head.startswith(_OLE):
        return _with_note(path, _sniff_ole(path))
    return _with_note(path, _sniff_text(path, head))


def _sniff_zip(path: Path, max_size: int) -> Format:
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            names = {info.filename for info in infos}
            # A zip bomb expands from kilobytes to gigabytes: refuse it before any parser sees it.
            expanded = sum(info.file_size for info in infos)
            if expanded > max_size:
                raise _too_large(path, expanded, max_size, "expands_too_large")
            mimetype = archive.read("mimetype")[:100] if "mimetype" in names and _small(archive, "mimetype") else b""
            # Windows tools may write "xl\\workbook.xml", and a package may keep its parts anywhere the
            # content types say ("workbook.xml" at the root): the spreadsheet readers follow both
            names |= {name.replace("\\", "/") for name in names}
            declared = _content_types(archive, names)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        raise WorkbookError(key="damaged_zip", path=path) from None
    if "xl/workbook.xml" in names or _SHEET_MAIN in declared or _MACRO_MAIN in declared:
        return Format("xlsx", "an Excel workbook (.xlsx)")
    if "xl/workbook.bin" in names or _BINARY_MAIN in declared:
        return Format("xlsb", "an Excel binary workbook (.xlsb)")
    if b"opendocument.spreadsheet" in mimetype or ("content.xml" in names and not mimetype):
        return Format("ods", "an OpenDocument spreadsheet (.ods)")
    if "word/document.xml" in names:
        kind = "kind_word"
    elif b"opendocument.text" in mimetype:
        kind = "kind_odt"
    elif "ppt/presentation.xml" in names:
        kind = "kind_pptx"
    else:
        kind = "kind_zip"
    raise WorkbookError(key="not_a_spreadsheet_kind", path=path, kind=Phrase(kind))


_SHEET_MAIN = b"spreadsheetml.sheet.main+xml"
_MACRO_MAIN = b"ms-excel.sheet.macroEnabled.main+xml"
_BINARY_MAIN = b"ms-excel.sheet.binary.macroEnabled.main"


def _content_types(archive: zipfile.ZipFile, names: set[str]) -> bytes:
    """The package's list of content types (its first 64 KB), or nothing."""
    if "[Content_Types].xml" not in names or archive.getinfo("[Content_Types].xml").file_size > 1 << 20:
        return b""
    with archive.open("[Content_Types].xml") as stream:
        return stream.read(1 << 16)


def _small(archive: zipfile.ZipFile, name: str) -> bool:
    return archive.getinfo(name).file_size < 1024


def _too_large(path: Path, size: int, limit: int, key: str) -> WorkbookError:
    return WorkbookError(key=key, path=path, size=human_size(size), limit=human_size(limit))


def human_size(size: float) -> Size:
    """A size for a message, said with the reader's decimal mark when the message is."""
    return Size(size)


def parse_size(text: str) -> int:
    """ "300MB", "2GB", "500000" → bytes."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kmgt]?i?b?)?\s*", text, re.I)
    if not match:
        raise Invalid("not_a_size", given=text)  # the caller words it with the option's name
    number = float(match.group(1))
    unit = (match.group(2) or "").lower().rstrip("b").rstrip("i")
    factor = {"": 1, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30, "t": 1 << 40}[unit]
    return int(number * factor)


def _sniff_ole(path: Path) -> Format:
    # An encrypted .xlsx is an OLE container holding an "EncryptionInfo" stream.
    with path.open("rb") as handle:
        head = handle.read(1 << 20)
    if _ENCRYPTED_OOXML in head:
        raise WorkbookError(key="encrypted", path=path)
    return Format("xls", "an Excel 97–2003 workbook (.xls)")


def _sniff_text(path: Path, head: bytes) -> Format:
    if (
        head[:1] == b"\x09"
        and head[1:2] in (b"\x00", b"\x02", b"\x04", b"\x08")
        and head[2:3] in (b"\x04", b"\x06", b"\x08")
    ):
        raise WorkbookError(key="excel_before_1995", path=path)
    text = _peek_text(head).lstrip().lower()
    if text.startswith(("<!doctype html", "<html", "<table", "<meta", "<head", "<body")) or (
        "<table" in text[:4000] and text[:1] == "<"
    ):
        # Web systems export tables as HTML under a .xls name; the table inside is read.
        return Format("html", "a web page (an HTML table, as web systems export under a .xls name)")
    if text.startswith("<"):
        if "office:document" in text or "opendocument" in text:
            raise WorkbookError(key="flat_opendocument", path=path)
        if "urn:schemas-microsoft-com:office:spreadsheet" in text:
            raise WorkbookError(key="excel_2003_xml", path=path)
        raise WorkbookError(key="xml_document", path=path)
    if b"\x00" in head and not _looks_utf16(head):
        raise WorkbookError(key="binary_unknown", path=path)
    return Format("csv", "a text table (CSV)")


def _looks_utf16(head: bytes) -> bool:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    zeros_even = head[0::2].count(0)
    zeros_odd = head[1::2].count(0)
    return max(zeros_even, zeros_odd) > len(head) // 4


def _peek_text(head: bytes) -> str:
    for encoding in ("utf-8-sig", "utf-16"):
        try:
            return head.decode(encoding)
        except UnicodeDecodeError:
            continue
    return head.decode("latin-1")
