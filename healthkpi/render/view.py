"""Which part of the scorecard the terminal shows: the layout, and the filters that narrow it.

"Which districts miss which targets?" is a question about a few rows and columns
of the matrix. `View` names them — indicators (by id, name or group), units and
statuses — and `narrow` cuts a `ScoreGrid` down to them: the columns and rows
left are those holding a cell that passes every filter, and the other cells of
those rows are blanked, so what is shown is exactly what was asked for. Filters
change what is printed only: the scores, the files written and the exit code
are those of the whole plan.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, replace

from healthkpi.base.errors import UsageError
from healthkpi.base.status import Status
from healthkpi.base.text import loose_key, unit_key
from healthkpi.render.grid import Cell, Row, ScoreGrid, score_grids
from healthkpi.scoring.scorecard import Scorecard

AUTO, OVERVIEW, MATRIX = "auto", "overview", "matrix"

# What an analyst may type for a status: the JSON word, the Vietnamese words (with or without
# accents, with spaces or hyphens), or the mark.
STATUS_WORDS: dict[str, str] = {
    "pass": Status.PASS,
    "met": Status.PASS,
    "dat": Status.PASS,
    "✓": Status.PASS,
    "near": Status.NEAR,
    "gan dat": Status.NEAR,
    "~": Status.NEAR,
    "fail": Status.FAIL,
    "missed": Status.FAIL,
    "khong dat": Status.FAIL,
    "chua dat": Status.FAIL,
    "✗": Status.FAIL,
    "x": Status.FAIL,
    "no_data": Status.NO_DATA,
    "no data": Status.NO_DATA,
    "khong co so lieu": Status.NO_DATA,
    "–": Status.NO_DATA,
    "-": Status.NO_DATA,
}


@dataclass(frozen=True)
class View:
    layout: str = AUTO  # auto: the matrix when it fits in one table, else the overview
    indicators: tuple[str, ...] = ()  # ids or names
    groups: tuple[str, ...] = ()
    units: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()  # Status values

    @property
    def filtered(self) -> bool:
        return bool(self.indicators or self.groups or self.units or self.statuses)


def parse_statuses(given: list[str]) -> tuple[str, ...]:
    """ "fail,near", "fail;near" (as -i, -g and -u take "A;B"), "không đạt", "✗" → the statuses; an
    unknown word is a usage error."""
    found: list[str] = []
    for part in (p.strip() for text in given for p in text.replace(";", ",").split(",")):
        if not part:
            continue
        key = loose_key(part).replace("-", " ").replace("_", " ")
        status = STATUS_WORDS.get(part) or STATUS_WORDS.get(key) or STATUS_WORDS.get(key.replace(" ", "_"))
        if status is None:
            raise UsageError(key="unknown_status_filter", status=part)
        found.append(status)
    return tuple(dict.fromkeys(found))


def check_view(card: Scorecard, view: View) -> None:
    """Raise the UsageError a filter of `view` would raise when the scorecard is printed: before anything
    is printed or written (an -i naming no indicator must leave no file behind)."""
    if view.filtered:
        for grid in score_grids(card, "en"):
            narrow(grid, view, card.plan.id)


def narrow(grid: ScoreGrid, view: View, plan_id: str) -> ScoreGrid:
    """The grid cut down to the indicators, units and statuses `view` asks for."""
    columns = _columns(grid, view, plan_id)
    wanted_units = _units(grid, view.units)

    def shown(cell: Cell) -> bool:
        return not view.statuses or cell.status in view.statuses

    rows = [row for row in grid.rows if wanted_units is None or unit_key(row.label) in wanted_units]
    if view.statuses:
        rows = [row for row in rows if any(shown(row.cells[i]) for i in columns)]
        columns = [i for i in columns if any(shown(row.cells[i]) for row in [*rows, grid.total])]

    def cut(row: Row) -> Row:
        cells = [row.cells[i] if shown(row.cells[i]) else replace(row.cells[i], hidden=True) for i in columns]
        return replace(row, cells=cells, of=len(row.cells))

    return replace(
        grid,
        indicators=[grid.indicators[i] for i in columns],
        targets=[grid.targets[i] for i in columns],
        rows=[cut(row) for row in rows],
        total=cut(grid.total),
    )


def _columns(grid: ScoreGrid, view: View, plan_id: str) -> list[int]:
    columns = list(range(len(grid.indicators)))
    if view.indicators:
        chosen: set[int] = set()
        for wanted in view.indicators:
            matches = [
                i
                for i, ind in enumerate(grid.indicators)
                if ind.id == wanted
                or loose_key(ind.name) == loose_key(wanted)
                or loose_key(ind.label("en")) == loose_key(wanted)
            ]
            if not matches:
                close = difflib.get_close_matches(wanted, [ind.id for ind in grid.indicators], n=3)
                if close:
                    raise UsageError(
                        key="unknown_indicator_close", indicator=wanted, plan=plan_id, closest=", ".join(close)
                    )
                raise UsageError(
                    key="unknown_indicator",
                    indicator=wanted,
                    plan=plan_id,
                    ids=_listed([ind.id for ind in grid.indicators]),
                )
            chosen.update(matches)
        columns = [i for i in columns if i in chosen]
    if view.groups:
        names = {loose_key(ind.group): ind.group for ind in grid.indicators if ind.group}
        keys = set()
        for wanted in view.groups:
            if loose_key(wanted) not in names:
                raise UsageError(key="unknown_group", group=wanted, groups=", ".join(dict.fromkeys(names.values())))
            keys.add(loose_key(wanted))
        columns = [i for i in columns if grid.indicators[i].group and loose_key(grid.indicators[i].group) in keys]
    return columns


def _units(grid: ScoreGrid, wanted: tuple[str, ...]) -> set[str] | None:
    """The unit keys asked for (None: every unit); a parent asks for its subtotal row."""
    if not wanted:
        return None
    labels = [row.label for row in grid.rows]
    by_key = {unit_key(label): label for label in labels}
    by_loose = {loose_key(label): label for label in labels}
    found = set()
    for name in wanted:
        if loose_key(name) in {"total", "tong cong", loose_key(grid.total.label)}:
            continue  # the total row is always shown
        label = by_key.get(unit_key(name)) or by_loose.get(loose_key(name))
        if label is None:
            bare = [lbl for key, lbl in by_loose.items() if key.endswith(" " + loose_key(name))]
            label = bare[0] if len(bare) == 1 else None
        if label is None:
            close = difflib.get_close_matches(loose_key(name), list(by_loose), n=5, cutoff=0.5)
            if close:
                raise UsageError(key="unknown_unit_close", unit=name, closest=", ".join(by_loose[c] for c in close))
            raise UsageError(key="unknown_unit", unit=name)
        found.add(unit_key(label))
    return found


def _listed(ids: list[str], shown: int = 12) -> str:
    """The first ids, and how many more: a plan can have 80 indicators."""
    more = f" … (+{len(ids) - shown})" if len(ids) > shown else ""
    return ", ".join(ids[:shown]) + more
