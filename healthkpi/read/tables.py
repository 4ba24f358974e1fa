"""Side tables beside a plan — the annex of targets, the hierarchy, the unit map — read like data.

Each is a CSV or workbook whose header is found under title rows by role
("Đơn vị", "Đơn vị cũ", "Tỷ lệ", …), matched as every header is (case,
accents typed or not, NFC/NFD, line breaks). Rows are handed back with the
place they came from, for messages ("map.xlsx row 7").

A side table is as untrusted as a data workbook (it often arrives in the same
e-mail), so it is read the same way: in the sandbox's child process, under the
same `max_size` and the same memory and time limits (`sandbox.read_isolated`).
The child sends back only the cells of the columns found.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from healthkpi.base.errors import PlanError, Problem, WorkbookError
from healthkpi.base.text import clean
from healthkpi.read.cells import address, cell_text
from healthkpi.read.formats import DEFAULT_MAX_SIZE, sniff
from healthkpi.read.grid import Grid, open_source
from healthkpi.read.header import UNIT_HEADERS, keys_of
from healthkpi.read.sandbox import read_isolated

HEADER_ROWS = 30  # rows searched for a side table's header


@dataclass(frozen=True)
class TableRow:
    number: int  # 1-based row in the sheet
    values: dict[str, object]  # role → raw cell value ("" when empty)
    sheet: str
    columns: dict[str, int]

    def text(self, role: str) -> str:
        return clean(cell_text(self.values.get(role, "")))

    def where(self, role: str) -> str:
        return address(self.sheet, self.number - 1, self.columns[role])

    def place(self, path: Path) -> str:
        return f"{path.name} row {self.number}"


@dataclass(frozen=True)
class _Table:
    """What the child sends back: the sheet, the columns found and the rows under the header."""

    sheet: str
    columns: dict[str, int] | None  # None: no header with the required columns
    rows: list[tuple[int, dict[str, object]]]


def read_table(
    path: Path,
    roles: dict[str, tuple[str, ...]],
    required: set[str],
    plan_name: str,
    line: int | None,
    key: str,
    max_size: int = DEFAULT_MAX_SIZE,
) -> list[TableRow]:
    """The rows of the side table at `path` (PlanError naming the plan's line when unusable)."""

    def problem(message: str) -> PlanError:
        return PlanError([Problem(plan_name, line, key, message)])

    try:
        table = read_isolated(_read_in_child, path, (roles, required, max_size), role=_role(key, plan_name))
    except WorkbookError as exc:
        raise problem(f"{path.name} cannot be read: {exc}") from None
    if table.columns is None:
        names = ", ".join(f"{role} ({roles[role][0]!r})" for role in roles)
        raise problem(f"{path.name}: no header with the columns {names}")
    return [TableRow(number, values, table.sheet, table.columns) for number, values in table.rows]


def _role(key: str, plan_name: str) -> str:
    """What a side table is, for messages: "the unit_targets of plan.yaml", "the --unit-map file"."""
    if plan_name.startswith("--"):  # given on the command line: "--unit-map map.xlsx"
        return f"the {plan_name.split()[0]} file"
    return f"the {key} of {plan_name}"


def _first_grid(path: Path, max_size: int, encoding: str | None = None) -> Grid:
    source = open_source(path, sniff(path, max_size), encoding)
    if not source.sheet_names:
        raise WorkbookError(f"{path}: the workbook has no visible sheet")
    return source.sheet(source.sheet_names[0])


def _read_in_child(path: Path, roles: dict[str, tuple[str, ...]], required: set[str], max_size: int) -> _Table:
    grid = _first_grid(path, max_size)
    header, columns = _header(grid.rows, roles, required)
    if header is None:
        return _Table(grid.name, None, [])
    rows = []
    for r in range(header + 1, len(grid.rows)):
        row = grid.rows[r]
        values = {role: row[c] if c < len(row) else "" for role, c in columns.items()}
        if any(clean(cell_text(v)) for v in values.values()):
            rows.append((r + 1, values))
    return _Table(grid.name, columns, rows)


def read_first_column(path: Path, max_size: int = DEFAULT_MAX_SIZE, role: str = "a list") -> list[str]:
    """The texts down the first column of a text file, CSV or workbook (a list of units, say),
    read in the sandbox like any input; WorkbookError when it cannot be read."""
    return read_isolated(_first_column_in_child, path, (max_size,), role=role)


def _first_column_in_child(path: Path, max_size: int) -> list[str]:
    grid = _first_grid(path, max_size)
    texts = [text for row in grid.rows if row and (text := clean(cell_text(row[0])))]
    # A list saved from a sheet (a hierarchy CSV, say) starts with its header: "Đơn vị" is not a unit.
    if texts and _is_unit_header(texts[0]):
        texts = texts[1:]
    return texts


def _is_unit_header(text: str) -> bool:
    names = [*(name for role in UNIT_HEADERS for name in role), "xã", "huyện", "commune", "district"]
    wanted = [key for name in names for key in keys_of(name)]
    return any(k.matches(w) for k in keys_of(text) for w in wanted)


def _header(
    rows: list[list[object]], roles: dict[str, tuple[str, ...]], required: set[str]
) -> tuple[int | None, dict[str, int]]:
    wanted = {role: [k for text in names for k in keys_of(text)] for role, names in roles.items()}
    for r, row in enumerate(rows[:HEADER_ROWS]):
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
