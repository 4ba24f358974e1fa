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

    def as_dict(self) -> dict[str, object]:
        return {"path": self.path, "sheet": self.sheet, "sha256": self.sha256}


@dataclass(frozen=True)
class TotalRow:
    """A workbook's own total row, kept out of the units."""

    input: int
    row: int  # 1-based
    label: str
    period: str | None
    values: dict[str, float]  # variable → value (NaN when empty)
