"""Closing an XlsxWriter workbook: where it writes the file, and where the disk can say no."""

from __future__ import annotations

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
