"""What a data file really is, from its first bytes — not from its name.

Web systems export HTML tables as `.xls`, chat apps rename files, e-mail
truncates attachments. Knowing the real format lets us read a file whose
extension lies and explain, in an analyst's words, why one cannot be read.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

from .errors import WorkbookError

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = b"PK\x03\x04"
_ENCRYPTED_OOXML = "EncryptionInfo".encode("utf-16-le")
SPREADSHEET_EXTENSIONS = {".xlsx", ".xlsm", ".xls", ".ods", ".csv", ".tsv", ".txt", ".xlsb"}


@dataclass(frozen=True)
class Format:
    """`kind` is how we read it: xlsx, xlsb, ods, xls or csv."""

    kind: str
    description: str


def sniff(path: Path) -> Format:
    """The file's real format; WorkbookError for what healthkpi cannot read, saying why."""
    try:
        with path.open("rb") as handle:
            head = handle.read(4096)
    except IsADirectoryError:
        raise WorkbookError(f"{path}: is a folder, not a workbook") from None
    except FileNotFoundError:
        raise WorkbookError(f"{path}: no such file") from None
    except OSError as exc:
        raise WorkbookError(f"{path}: cannot be opened ({exc.strerror or exc})") from None
    if not head:
        raise WorkbookError(f"{path}: the file is empty (0 bytes); ask for it to be sent again")
    if head.startswith((_ZIP, b"PK\x05\x06")):
        return _sniff_zip(path)
    if head.startswith(_OLE):
        return _sniff_ole(path)
    return _sniff_text(path, head)


def _sniff_zip(path: Path) -> Format:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            mimetype = archive.read("mimetype")[:100] if "mimetype" in names else b""
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        raise WorkbookError(
            f"{path}: the workbook is damaged or incomplete (its zip container cannot be "
            "opened — often a download or e-mail attachment cut short); ask for it to be sent again"
        ) from None
    if "xl/workbook.xml" in names:
        return Format("xlsx", "an Excel workbook (.xlsx)")
    if "xl/workbook.bin" in names:
        return Format("xlsb", "an Excel binary workbook (.xlsb)")
    if b"opendocument.spreadsheet" in mimetype or ("content.xml" in names and not mimetype):
        return Format("ods", "an OpenDocument spreadsheet (.ods)")
    if "word/document.xml" in names:
        kind = "a Word document"
    elif b"opendocument.text" in mimetype:
        kind = "an OpenDocument text document"
    elif "ppt/presentation.xml" in names:
        kind = "a PowerPoint presentation"
    else:
        kind = "a zip archive"
    raise WorkbookError(f"{path}: is {kind}, not a spreadsheet")


def _sniff_ole(path: Path) -> Format:
    # An encrypted .xlsx is an OLE container holding an "EncryptionInfo" stream.
    with path.open("rb") as handle:
        head = handle.read(1 << 20)
    if _ENCRYPTED_OOXML in head:
        raise WorkbookError(
            f"{path}: the workbook is protected with a password (encrypted); open it in Excel, "
            "remove the password (File › Info › Protect Workbook) and save it again"
        )
    return Format("xls", "an Excel 97–2003 workbook (.xls)")


def _sniff_text(path: Path, head: bytes) -> Format:
    text = _peek_text(head).lstrip().lower()
    if text.startswith(("<!doctype html", "<html", "<table", "<meta", "<head", "<body")) or (
        "<table" in text[:2000] and text[:1] == "<"
    ):
        raise WorkbookError(
            f"{path}: is a web page (HTML), not a real spreadsheet — web systems often export "
            "tables this way under a .xls name; open it in Excel or LibreOffice and save it as .xlsx"
        )
    if text.startswith("<"):
        if "office:document" in text or "opendocument" in text:
            raise WorkbookError(
                f"{path}: is a flat OpenDocument file (.fods); open it in LibreOffice and save it as .ods or .xlsx"
            )
        if "urn:schemas-microsoft-com:office:spreadsheet" in text:
            raise WorkbookError(f"{path}: is an Excel 2003 XML spreadsheet; open it in Excel and save it as .xlsx")
        raise WorkbookError(f"{path}: is an XML document, not a spreadsheet")
    if b"\x00" in head and not _looks_utf16(head):
        raise WorkbookError(f"{path}: is not a spreadsheet or a text table (it is binary data of an unknown kind)")
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
