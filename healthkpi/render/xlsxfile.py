"""Closing an XlsxWriter workbook: where it writes the file, and where the disk can say no."""

from __future__ import annotations

import re
from typing import Any

from xlsxwriter.exceptions import FileCreateError


def close_workbook(workbook: Any) -> None:
    """Write and close `workbook`. A full disk or a read-only folder comes out as the OSError it is
    (XlsxWriter wraps it in FileCreateError), which the CLI reports as an output problem."""
    try:
        workbook.close()
    except FileCreateError as exc:
        cause = exc.args[0] if exc.args and isinstance(exc.args[0], OSError) else OSError(str(exc))
        raise cause from None


# How XlsxWriter tells a chart name that is a cell reference ("Sheet1!$A$1") from one that is text.
_LOOKS_LIKE_A_REFERENCE = re.compile(r"^=?[^!]+!\$?[A-Z]+\$?\d+")
_WORD_JOINER = "\u2060"  # invisible, and not a letter of a cell reference


def chart_text(text: str) -> str:
    """A chart title or series name, always as literal text. XlsxWriter takes a name that looks like
    a cell reference — an indicator named `Tổng hợp!A1`, or `'C:\\…\\[book.xlsx]Sheet1'!$A$1` — for a
    formula pointing at that cell (or at another workbook); an invisible word joiner after the
    first "!" keeps such a name text, shown as written."""
    if _LOOKS_LIKE_A_REFERENCE.match(text):
        head, _, tail = text.partition("!")
        return f"{head}!{_WORD_JOINER}{tail}"
    return text
