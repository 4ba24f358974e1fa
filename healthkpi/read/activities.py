"""Focus activities ("hoạt động trọng tâm"): their status as an activity sheet gives it.

A plan may list activities `{id, group, text}`; a workbook's activity sheet
gives a status per activity id, in the words districts use ("Hoàn thành",
"Đang thực hiện", "Chưa thực hiện"), in English, as a tick, or as 1/0 or a
percentage. Each activity becomes done / in progress / not started / no data;
scoring (`healthkpi.scoring.activities`) turns that into completion per group.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from healthkpi.base.text import clean, loose_key
from healthkpi.read.cells import address, cell_text
from healthkpi.read.grid import Grid
from healthkpi.read.header import keys_of


class State(StrEnum):
    DONE = "done"
    IN_PROGRESS = "in_progress"
    NOT_STARTED = "not_started"
    NO_DATA = "no_data"


_WORDS = {
    State.DONE: (
        "hoan thanh",
        "da hoan thanh",
        "hoan thanh 100",
        "xong",
        "da xong",
        "da thuc hien",
        "dat",
        "done",
        "completed",
        "complete",
        "finished",
        "yes",
        "co",
        "x",
        "v",
        "✓",
        "✔",
        "☑",
        "true",
    ),
    State.IN_PROGRESS: (
        "dang thuc hien",
        "dang trien khai",
        "dang lam",
        "dang tien hanh",
        "chua hoan thanh",
        "hoan thanh mot phan",
        "mot phan",
        "in progress",
        "ongoing",
        "started",
        "partly done",
        "partial",
    ),
    State.NOT_STARTED: (
        "chua thuc hien",
        "chua trien khai",
        "chua lam",
        "chua bat dau",
        "khong thuc hien",
        "chua",
        "not started",
        "not done",
        "no",
        "khong",
        "false",
        "✗",
        "☐",
    ),
}
_LOOKUP = {word: state for state, words in _WORDS.items() for word in words}
_PERCENT = re.compile(r"^(\d+(?:[.,]\d+)?)\s*%$")

ID_HEADERS = frozenset(
    {
        "ma hoat dong",
        "ma",
        "ma so",
        "ma hd",
        "id",
        "activity id",
        "activity",
        "hoat dong so",
        "so hoat dong",
    }
)
STATUS_HEADERS = frozenset(
    {
        "trang thai",
        "tinh trang",
        "tien do",
        "ket qua",
        "ket qua thuc hien",
        "muc do hoan thanh",
        "tinh hinh thuc hien",
        "trang thai thuc hien",
        "status",
        "progress",
        "state",
    }
)


def parse_state(cell: object) -> State | None:
    """The state a status cell says; None for text we do not recognise. Empty is NO_DATA."""
    if cell is None or (isinstance(cell, str) and not cell.strip()):
        return State.NO_DATA
    if isinstance(cell, bool):
        return State.DONE if cell else State.NOT_STARTED
    if isinstance(cell, int | float):
        return _state_of_share(float(cell) if cell <= 1 else float(cell) / 100)
    text = clean(cell_text(cell))
    if match := _PERCENT.match(text):
        return _state_of_share(float(match.group(1).replace(",", ".")) / 100)
    key = loose_key(text).strip(" .!:;")
    return _LOOKUP.get(key) or _LOOKUP.get(re.sub(r"[^\w✓✔☑✗☐ ]+", " ", key).strip())


def _state_of_share(share: float) -> State | None:
    if share >= 1:
        return State.DONE if share <= 1.0000001 else None
    if share <= 0:
        return State.NOT_STARTED if share == 0 else None
    return State.IN_PROGRESS


def activity_id(cell: object) -> str:
    return clean(cell_text(cell))


@dataclass(frozen=True)
class Reported:
    """What an activity sheet says of one activity."""

    id: str
    raw: str
    state: State | None  # None: the text is not a status we know
    where: str


def find_activity_sheet(grids: list[Grid]) -> tuple[Grid, int, int, int] | None:
    """The first sheet with an activity-id column and a status column: (grid, header row, id col, status col)."""
    for grid in grids:
        for r, row in enumerate(grid.rows[:30]):
            id_column = status_column = None
            for c, cell in enumerate(row):
                keys = [k.loose for k in keys_of(cell_text(cell))] if isinstance(cell, str) else []
                if id_column is None and any(k in ID_HEADERS for k in keys):
                    id_column = c
                elif status_column is None and any(k in STATUS_HEADERS for k in keys):
                    status_column = c
            if id_column is not None and status_column is not None:
                return grid, r, id_column, status_column
    return None


def read_reported(grid: Grid, header_row: int, id_column: int, status_column: int) -> list[Reported]:
    reported = []
    for r in range(header_row + 1, len(grid.rows)):
        row = grid.rows[r]
        ident = activity_id(row[id_column]) if id_column < len(row) else ""
        if not ident:
            continue
        cell = row[status_column] if status_column < len(row) else ""
        reported.append(
            Reported(
                ident,
                clean(cell_text(cell)),
                parse_state(cell),
                address(grid.name, r, status_column),
            )
        )
    return reported
