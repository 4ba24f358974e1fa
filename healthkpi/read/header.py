"""Finding the header of a district form and what each column holds.

Real forms put title rows above the header, split it over two or three rows
with merged group cells ("Nhân lực" over "Bác sỹ | Y sỹ"), break header text
over lines and add units in parentheses. We look at the first rows, give each
column every text that could be its header (its own text, the group above it
plus its own), and take the row where the most plan variables match.
"""

from __future__ import annotations

import difflib
import functools
import re
from dataclasses import dataclass, field

from healthkpi.base.text import HeaderKey, clean, header_keys
from healthkpi.read.cells import cell_text
from healthkpi.read.grid import Grid
from healthkpi.read.rows import total_kind
from healthkpi.read.spec import ReadingSpec

SCAN_ROWS = 60

# Unit-name columns, most specific role first: a sheet with both "Huyện" and
# "Xã" columns lists communes (the district is their parent).
UNIT_HEADERS: tuple[tuple[str, ...], ...] = (
    (
        "Đơn vị",
        "Tên đơn vị",
        "Đơn vị báo cáo",
        "Đơn vị hành chính",
        "Địa phương",
        "Địa bàn",
        "Unit",
        "Name",
        "Unit name",
        "Local authority",
        "Local authority name",
    ),
    (
        "Cơ sở",
        "Tên cơ sở",
        "Cơ sở y tế",
        "Bệnh viện",
        "Tên bệnh viện",
        "Trạm y tế",
        "Facility",
        "Hospital",
    ),
    (
        "Xã",
        "Tên xã",
        "Xã phường",
        "Xã phường thị trấn",
        "Phường xã",
        "Xã thị trấn",
        "Commune",
        "Ward",
    ),
    (
        "Huyện",
        "Tên huyện",
        "Quận huyện",
        "Huyện thị",
        "Huyện thị xã",
        "Huyện thị xã thành phố",
        "Huyện thị thành phố",
        "District",
    ),
    ("Tỉnh", "Tên tỉnh", "Tỉnh thành phố", "Province"),
)
# A parent that is not an administrative level of its own: "Khu vực", "Vùng".
AREA_HEADERS = (
    "Khu vực",
    "Vùng",
    "Cụm",
    "Area",
    "Region",
    "Region name",
    "Parent",
    "Đơn vị cấp trên",
    "Thuộc",
)
PERIOD_HEADERS = (
    "Năm",
    "Năm báo cáo",
    "Kỳ",
    "Kỳ báo cáo",
    "Thời gian",
    "Thời kỳ",
    "Period",
    "Year",
    "Quý",
    "Tháng",
    "Giai đoạn",
)
NUMBER_HEADERS = ("STT", "TT", "Số TT", "Số thứ tự", "No", "N0", "Thứ tự")


def keys_of(text: str) -> tuple[HeaderKey, ...]:
    return header_keys(text) if text else ()


def lookup(index: dict[str, list[tuple[HeaderKey, str]]], text: str) -> str | None:
    """The variable a header text names, preferring an exact (accented) match."""
    found = None
    for key in keys_of(text):
        for alias, variable in index.get(key.loose, ()):
            if key.exact == alias.exact:
                return variable
            if found is None and key.matches(alias):
                found = variable
    return found


@dataclass
class Layout:
    """Where things are in a sheet (0-based rows and columns)."""

    header_row: int
    columns: dict[str, int]  # variable → column
    headers: dict[int, str]  # column → header text as shown
    unit_column: int | None
    period_column: int | None
    number_column: int | None
    unmatched: list[str] = field(default_factory=list)  # used variables with no column
    parent_column: int | None = None  # "Huyện" beside "Xã", "Khu vực": the unit's parent
    # variable → (column, text) of each column under its header, where that header is a cell merged over
    # several with a text of their own ("Dân số" over "Năm 2023 | Năm 2024"): read/subcolumns.py
    sub_columns: dict[str, list[tuple[int, str]]] = field(default_factory=dict)
    sub_row: int | None = None  # the row naming those columns: the header's true last row
    period_label: str | None = None  # the period its columns hold, one of several the sub-columns name
    # variable → the other columns headed exactly as its own ("Dân số" twice): read/twins.py settles them
    twins: dict[str, list[int]] = field(default_factory=dict)

    def closest_headers(self, plan: ReadingSpec) -> dict[str, str]:
        """Missing variable → the free header that most resembles its names ("did you mean").

        Free: no variable's column, nor the unit's, period's, parent's or row number's. Each
        header is offered to one missing variable at most, the one it resembles best, so two
        missing variables are never pointed at the same column."""
        used = {*self.columns.values(), self.unit_column, self.period_column, self.number_column, self.parent_column}
        candidates = [
            (column, text, key.loose)
            for column, text in self.headers.items()
            if column not in used
            for part in (text, *text.split(" / "))
            for key in keys_of(part)
        ]
        scored = []
        for variable in self.unmatched:
            spec = plan.variables[variable]
            for want in {key.loose for text in (spec.label, *spec.aliases, variable) for key in keys_of(text)}:
                for column, _, key in candidates:
                    ratio = difflib.SequenceMatcher(None, want, key).ratio()
                    if want in key or key in want:
                        ratio = max(ratio, 0.8)  # "Số bác sỹ làm việc" for "Số bác sỹ"
                    if ratio >= 0.6:
                        scored.append((ratio, variable, column))
        order = {variable: k for k, variable in enumerate(self.unmatched)}
        scored.sort(key=lambda found: (-found[0], order[found[1]], found[2]))  # best first, then plan order
        chosen: dict[str, str] = {}
        offered: set[int] = set()
        for _, variable, column in scored:
            if variable not in chosen and column not in offered:
                chosen[variable] = self.headers[column]
                offered.add(column)
        return chosen


def alias_index(plan: ReadingSpec) -> dict[str, list[tuple[HeaderKey, str]]]:
    """Loose header key → (alias key, variable), over every name a used variable answers to."""
    index: dict[str, list[tuple[HeaderKey, str]]] = {}
    for name in plan.used_variables:
        spec = plan.variables[name]
        for text in (spec.label, spec.label_en, *spec.aliases, name, name.replace("_", " ")):
            for key in keys_of(text or ""):
                index.setdefault(key.loose, []).append((key, name))
    return index


def filled_header_rows(grid: Grid, header_row: int | None = None) -> list[list[str]]:
    """The first rows as text (down to `header_row` when it is given below them), with merged
    cells' text copied over their whole range."""
    height = min(len(grid.rows), max(SCAN_ROWS, (header_row or 0) + 1))
    width = max((len(r) for r in grid.rows[:height]), default=0)
    rows = [[clean(cell_text(c)) for c in row] + [""] * (width - len(row)) for row in grid.rows[:height]]
    for (top, left), (bottom, right) in grid.merged:
        if top >= height or top >= len(rows) or left >= width:
            continue
        text = rows[top][left]
        for r in range(top, min(bottom, height - 1) + 1):
            for c in range(left, min(right, width - 1) + 1):
                if not rows[r][c]:
                    rows[r][c] = text
    return rows


def detect_layout(
    grid: Grid,
    plan: ReadingSpec,
    index: dict[str, list[tuple[HeaderKey, str]]] | None = None,
    header_row: int | None = None,
) -> Layout | None:
    """The header row and column roles, or None when no plan variable is found.

    `header_row` (0-based) is where the plan or the user says the header ends; else the
    row where the most variables match, and between rows that match as many (a summary
    table above the main one), the one with the most figures under it."""
    rows = filled_header_rows(grid, header_row)
    if header_row is not None and header_row >= len(rows):
        return None  # a header row below the sheet's last: the caller says how many rows it has
    index = alias_index(plan) if index is None else index
    candidates = [
        (r, _match_row(rows, r, index)) for r in ([header_row] if header_row is not None else range(len(rows)))
    ]
    candidates = [(r, found) for r, found in candidates if found]
    if not candidates:
        return None
    most = max(len(found) for _, found in candidates)
    tied = [(r, found) for r, found in candidates if len(found) == most]
    header_row, columns = tied[0] if len(tied) == 1 else max(tied, key=lambda c: _rank(grid, rows, c, tied, plan))
    top = max(0, header_row - 2)
    grouped = {  # cells under a group header merged across several columns ("Nhân lực" over two)
        (r, c)
        for (r0, c0), (r1, c1) in grid.merged
        if c1 > c0 and r0 <= header_row
        for r in range(r0, r1 + 1)
        for c in range(c0, c1 + 1)
    }
    headers = {}
    for c in range(len(rows[header_row])):
        # the rows above that are part of the header (group cells), not a title, a note or a metadata line
        parts = [
            rows[r][c]
            for r in range(top, header_row + 1)
            if rows[r][c] and (r == header_row or (r, c) in grouped or _wide(rows[r], rows[header_row]))
        ]
        headers[c] = " / ".join(dict.fromkeys(parts))
    taken: set[int | None] = set(columns.values())
    unit_role = _role_match(rows, top, header_row, UNIT_HEADERS, exclude=taken)
    unit_column, role = unit_role if unit_role else (None, len(UNIT_HEADERS))
    parent_column = _names_column(
        grid, rows, top, header_row, (*UNIT_HEADERS[role + 1 :], AREA_HEADERS), exclude=taken | {unit_column}
    )
    period_column = _role_column(rows, top, header_row, (PERIOD_HEADERS,), exclude=taken)
    number_column = _role_column(rows, top, header_row, (NUMBER_HEADERS,), exclude=taken)
    sub_columns, sub_row = _sub_columns(grid, rows, header_row, columns)
    others = taken | {unit_column, parent_column, period_column}
    twins, twins_row = _twins(grid, rows, header_row, columns, headers, others, sub_columns)
    if twins_row is not None:  # "Dân số" merged over "Tổng số | Tổng số": the header ends on that row
        header_row = twins_row
    return Layout(
        header_row=header_row,
        columns=columns,
        headers=headers,
        unit_column=unit_column,
        period_column=period_column,
        number_column=number_column,
        unmatched=[v for v in plan.used_variables if v not in columns],
        parent_column=parent_column if parent_column != unit_column else None,
        sub_columns=sub_columns,
        sub_row=sub_row,
        twins=twins,
    )


def _twins(
    grid: Grid,
    rows: list[list[str]],
    header_row: int,
    columns: dict[str, int],
    headers: dict[int, str],
    taken: set[int | None],
    sub_columns: dict[str, list[tuple[int, str]]],
) -> tuple[dict[str, list[int]], int | None]:
    """Variable → the other columns whose header reads exactly as its column's: a column copied
    (last year's figures kept beside this year's, or hidden). The parts of one merged cell are
    sub-columns (read/subcolumns.py), unless each part is named alike underneath ("Dân số" over
    "Tổng số | Tổng số"): twins too, and the row naming them is the header's last (returned)."""
    found: dict[str, list[int]] = {}
    below = header_row + 1 if header_row + 1 < len(rows) else None
    named_below = None
    for variable, column in columns.items():
        text = headers.get(column, "")
        if not text or variable in sub_columns:
            continue
        same = []
        for c, other in headers.items():
            if other != text or c == column or c in taken:
                continue
            if not _one_merged_cell(grid, header_row, column, c):
                same.append(c)
            elif below is not None and _named_alike(rows[below][column], rows[below][c]):
                same.append(c)
                named_below = below
        if same:
            found[variable] = same
    return found, named_below


def _named_alike(first: str, second: str) -> bool:
    return bool(first) and first == second and not _NUMBER_TEXT.match(first)


def _one_merged_cell(grid: Grid, row: int, first: int, second: int) -> bool:
    return any(
        r0 <= row <= r1 and c0 <= min(first, second) and max(first, second) <= c1 for (r0, c0), (r1, c1) in grid.merged
    )


def _sub_columns(
    grid: Grid, rows: list[list[str]], header_row: int, columns: dict[str, int]
) -> tuple[dict[str, list[tuple[int, str]]], int | None]:
    """Variable → its sub-columns, where its header is a cell of the header row merged across several
    columns, each with a text of its own just under it ("Năm 2023 | Năm 2024", "Kế hoạch | Thực hiện"):
    the first of them is no more the variable's column than the others. And the row naming them."""
    found = {}
    sub_row = None
    for variable, c in columns.items():
        merged = next(
            (
                (r1, c0, c1)
                for (r0, c0), (r1, c1) in grid.merged
                if r0 <= header_row <= r1 and c0 <= c <= c1 < len(rows[0]) and c1 > c0
            ),
            None,
        )
        if merged is None or merged[0] + 1 >= len(rows):
            continue
        below, first, last = merged
        texts = [rows[below + 1][k] for k in range(first, last + 1)]
        if all(t and not _NUMBER_TEXT.match(t) for t in texts) and len(set(texts)) == len(texts):
            found[variable] = [(first + k, text) for k, text in enumerate(texts)]
            sub_row = max(sub_row or 0, below + 1)
    return found, sub_row


_NUMBER_TEXT = re.compile(r"^[\d\s.,%()+\-–]*$")


def _match_row(rows: list[list[str]], r: int, index: dict[str, list[tuple[HeaderKey, str]]]) -> dict[str, int]:
    """Variables matched by the header candidates of row `r` → their column."""
    found: dict[str, int] = {}
    for c, own in enumerate(rows[r]):
        if own and _NUMBER_TEXT.match(own):
            continue  # a figure (a data row scanned as a candidate header): never a variable's name
        if not own:
            # A header cell merged over two rows, read without merge information,
            # leaves its lower part empty: borrow the text just above.
            above = next((rows[r - k][c] for k in (1, 2) if r - k >= 0 and rows[r - k][c]), "")
            if above and not _NUMBER_TEXT.match(above):
                variable = lookup(index, above)
                if variable and variable not in found and c not in found.values():
                    found[variable] = c
            continue
        candidates = [own]
        for up in (1, 2):
            if r - up >= 0:
                group = rows[r - up][c]
                if group and group != own and not _NUMBER_TEXT.match(group):
                    # "Trạm y tế xã" over "Tổng số" reads both ways round
                    candidates += [f"{group} {own}", f"{own} {group}"]
        for text in candidates:
            variable = lookup(index, text)
            if variable and variable not in found and c not in found.values():
                found[variable] = c
                break
    return found


def _role_column(
    rows: list[list[str]],
    top: int,
    header_row: int,
    groups: tuple[tuple[str, ...], ...],
    exclude: set[int | None],
) -> int | None:
    """The leftmost column whose header falls in the first group that has any match."""
    found = _role_match(rows, top, header_row, groups, exclude)
    return found[0] if found else None


def _names_column(
    grid: Grid,
    rows: list[list[str]],
    top: int,
    header_row: int,
    groups: tuple[tuple[str, ...], ...],
    exclude: set[int | None],
) -> int | None:
    """As `_role_column`, for a column of names: one whose cells are mostly figures is not one, though a
    group header over it names a level ("Xã, phường, thị trấn" over "Tổng số", a count of communes),
    and its counts, taken as parents, had made every unit a subtotal of its own ("Σ 12")."""
    exclude = set(exclude)
    while (found := _role_column(rows, top, header_row, groups, exclude)) is not None:
        if not _holds_figures(grid, header_row, found):
            return found
        exclude.add(found)
    return None


def _holds_figures(grid: Grid, header_row: int, column: int) -> bool:
    """Most of the filled cells under the header, in the first rows, are numbers."""
    filled = figures = 0
    for cells in grid.rows[header_row + 1 : header_row + 1 + SCAN_ROWS]:
        value = cells[column] if column < len(cells) else None
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        filled += 1
        figures += _is_figure(value)
    return figures * 2 > filled


def _is_figure(value: object) -> bool:
    if isinstance(value, str):
        return any(ch.isdigit() for ch in value) and bool(_NUMBER_TEXT.match(value.strip()))
    return isinstance(value, int | float) and not isinstance(value, bool)


def _role_match(
    rows: list[list[str]],
    top: int,
    header_row: int,
    groups: tuple[tuple[str, ...], ...],
    exclude: set[int | None],
) -> tuple[int, int] | None:
    """(column, index of the group) of the first group with a matching header."""
    for index, group in enumerate(groups):
        roles = _role_keys(group)
        for c in range(len(rows[header_row])):
            if c in exclude:
                continue
            for r in range(top, header_row + 1):
                if any(_names_role(key, roles) for key in keys_of(rows[r][c])):
                    return c, index
    return None


# Words that may follow a role word in a unit header: "Huyện/thị xã/thành phố".
_ADMIN_WORDS = frozenset(
    [
        "xa",
        "phuong",
        "thi",
        "tran",
        "huyen",
        "quan",
        "thanh",
        "pho",
        "tinh",
        "tp",
        "tx",
        "ten",
        "don",
        "vi",
        "hanh",
        "chinh",
    ]
)


@functools.lru_cache(maxsize=16)
def _role_keys(group: tuple[str, ...]) -> list[HeaderKey]:
    return [key for text in group for key in keys_of(text)]


def _names_role(key: HeaderKey, roles: list[HeaderKey]) -> bool:
    """The header is a role word ("Huyện"), or one followed by more admin words ("Huyện/thị xã")."""
    if any(key.matches(role) for role in roles):
        return True
    first_exact, _, _ = key.exact.partition(" ")
    first_loose, _, rest = key.loose.partition(" ")
    first = HeaderKey(first_exact, first_loose)
    return bool(rest) and set(rest.split()) <= _ADMIN_WORDS and any(first.matches(HeaderKey(*_first(r))) for r in roles)


def _first(key: HeaderKey) -> tuple[str, str]:
    return key.exact.partition(" ")[0], key.loose.partition(" ")[0]


def _wide(row: list[str], header: list[str]) -> bool:
    """A row with texts over at least half of the header's columns: the header's upper line."""
    filled = sum(1 for text in header if text)
    words = sum(1 for c, text in enumerate(row) if c < len(header) and header[c] and any(ch.isalpha() for ch in text))
    return words * 2 >= max(filled, 2)


def _rank(
    grid: Grid,
    rows: list[list[str]],
    candidate: tuple[int, dict[str, int]],
    tied: list[tuple[int, dict[str, int]]],
    plan: ReadingSpec,
) -> tuple[int, bool, int, int]:
    """How good a header is among rows that match as many variables. First, one that names its
    columns itself before one that borrows every name from the row above (an empty row under the
    header, or a blank form's empty rows under its row of ids). Then the first table that lists
    units: a sheet's first table is its own, and one below it (last year's, for comparison) is
    said to be left out when the rows are read (read/body.py). A table of totals alone (a summary
    above the main one) lists none; between such tables, the one with the most figures under it."""
    units = _units_below(grid, candidate, tied, plan.total_label)
    lists_units = units >= 2
    return (
        _named_here(rows, candidate),
        lists_units,
        0 if lists_units else _figures_below(grid, candidate, tied),
        -candidate[0],
    )


def _units_below(
    grid: Grid, candidate: tuple[int, dict[str, int]], tied: list[tuple[int, dict[str, int]]], total_label: str | None
) -> int:
    """How many rows under a candidate header (down to the next candidate) look like units: a name
    that is not a total's, and a figure in the header's columns."""
    row, columns = candidate
    end = min((r for r, _ in tied if r > row), default=len(grid.rows))
    found = 0
    for cells in grid.rows[row + 1 : end]:
        if not any(c < len(cells) and _is_figure(cells[c]) for c in columns.values()):
            continue
        skip = set(columns.values())
        label = next((clean(v) for k, v in enumerate(cells) if k not in skip and isinstance(v, str) and v.strip()), "")
        if label and total_kind(label, total_label) is None:
            found += 1
    return found


def _named_here(rows: list[list[str]], candidate: tuple[int, dict[str, int]]) -> int:
    """How many of a candidate header's matched columns have a text in the row itself."""
    row, columns = candidate
    return sum(1 for c in columns.values() if rows[row][c])


def _figures_below(grid: Grid, candidate: tuple[int, dict[str, int]], tied: list[tuple[int, dict[str, int]]]) -> int:
    """How many figures stand under a candidate header's columns, down to the next candidate."""
    row, columns = candidate
    below = [r for r, _ in tied if r > row]
    end = min(below) if below else len(grid.rows)
    count = 0
    for cells in grid.rows[row + 1 : end]:
        for c in columns.values():
            if c < len(cells) and isinstance(cells[c], int | float) and not isinstance(cells[c], bool):
                count += 1
    return count


def column_of(hint: str, layout: Layout, width: int) -> int | None:
    """The column a hint names: a letter ("C") or a header text, matched like any header."""
    hint = hint.strip()
    if re.fullmatch(r"[A-Z]{1,3}", hint):
        index = 0
        for ch in hint:
            index = index * 26 + ord(ch) - 64
        return index - 1 if index - 1 < max(width, 1) else None
    wanted = keys_of(clean(hint))
    for column, text in sorted(layout.headers.items()):
        parts = [text, *text.split(" / ")]
        if any(key.matches(w) or w.matches(key) for part in parts for key in keys_of(part) for w in wanted):
            return column
    return None
