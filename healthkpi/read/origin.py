"""Where a table of units came from: each input read (file, sheet, header, columns) and the
workbooks' own total rows. Plain records: the reading child builds them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, kw_only=True)
class InputInfo:
    path: str
    sheet: str
    sha256: str
    format: str
    header_row: int  # 1-based, as Excel shows it
    unit_column: str | None
    period_column: str | None
    columns: dict[str, str]  # variable → column letter
    units: int
    recorded_plan: str | None = None
    note: str | None = None  # e.g. the file's name says .ods but it is an .xlsx
    unit_header: str | None = None  # the unit column's header text
    unit_column_guessed: bool = False  # no header named it: chosen by its content
    parent_column: str | None = None
    period_header: str | None = None

    def as_dict(self) -> dict[str, object]:
        """What the JSON says of an input: the file, and where in it the table was read."""
        return {
            "path": self.path,
            "sheet": self.sheet,
            "sha256": self.sha256,
            "format": self.format,
            "header_row": self.header_row,
            "unit_column": {"letter": self.unit_column, "header": self.unit_header, "guessed": self.unit_column_guessed}
            if self.unit_column
            else None,
            "period_column": {"letter": self.period_column, "header": self.period_header}
            if self.period_column
            else None,
            "parent_column": self.parent_column,
            "columns": self.columns,
            "units": self.units,
        }


@dataclass(frozen=True)
class TotalRow:
    """A workbook's own total (or subtotal) row, kept out of the units."""

    input: int
    row: int  # 1-based
    label: str
    period: str | None
    values: dict[str, float]  # variable → value (NaN when empty)
    kind: str = "total"  # or "subtotal": "Cộng huyện X", "North East Total"; or "section": its heading, no figures
