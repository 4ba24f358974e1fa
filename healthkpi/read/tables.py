"""Side tables beside a plan — the annex of targets, the hierarchy, the unit map — read like data.

Each is a CSV or workbook whose header is found under title rows by role
("Đơn vị", "Đơn vị cũ", "Tỷ lệ", …), matched as every header is (case,
accents typed or not, NFC/NFD, line breaks). Rows are handed back with the
place they came from, for messages ("map.xlsx row 7").
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from healthkpi.base.errors import PlanError, Problem, WorkbookError
from healthkpi.base.text import clean
from healthkpi.read.cells import address, cell_text
from healthkpi.read.formats import sniff
from healthkpi.read.grid import Grid, open_source
from healthkpi.read.header import keys_of


@dataclass(frozen=True)
class TableRow:
    number: int  # 1-based row in the sheet
    values: dict[str, object]  # role → raw cell value ("" when empty)
    grid: Grid
    columns: dict[str, int]

    def text(self, role: str) -> str:
        return clean(cell_text(self.values.get(role, "")))

    def where(self, role: str) -> str:
        return address(self.grid.name, self.number - 1, self.columns[role])

    def place(self, path: Path) -> str:
        return f"{path.name} row {self.number}"


def read_table(
    path: Path, roles: dict[str, tuple[str, ...]], required: set[str], plan_name: str, line: int | None, key: str
) -> Iterator[TableRow]:
    """The rows of the side table at `path` (PlanError naming the plan's line when unusable)."""

    def problem(message: str) -> PlanError:
        return PlanError([Problem(plan_name, line, key, message)])

    try:
        source = open_source(path, sniff(path))
        grid = source.sheet(source.sheet_names[0])
    except WorkbookError as exc:
        raise problem(f"{path.name} cannot be read: {exc}") from None
    header, columns = _header(grid.rows, roles, required)
    if header is None:
        names = ", ".join(f"{role} ({roles[role][0]!r})" for role in roles)
        raise problem(f"{path.name}: no header with the columns {names}")
    for r in range(header + 1, len(grid.rows)):
        row = grid.rows[r]
        values = {role: row[c] if c < len(row) else "" for role, c in columns.items()}
        if any(clean(cell_text(v)) for v in values.values()):
            yield TableRow(r + 1, values, grid, columns)


def _header(
    rows: list[list[object]], roles: dict[str, tuple[str, ...]], required: set[str]
) -> tuple[int | None, dict[str, int]]:
    wanted = {role: [k for text in names for k in keys_of(text)] for role, names in roles.items()}
    for r, row in enumerate(rows[:30]):
        found: dict[str, int] = {}
        for c, value in enumerate(row):
            keys = keys_of(clean(cell_text(value)))
            for role, role_keys in wanted.items():
                if role not in found and c not in found.values() and any(k.matches(w) for k in keys for w in role_keys):
                    found[role] = c
                    break
        if required <= set(found):
            return r, found
    return None, {}
