"""The form's own total and subtotal rows against the sum of their units, per count.

Only counts add up: a rate, a score or a percentage (`kind: value`) in a total row
is not the sum of the units' and is not compared. A subtotal ("Cộng huyện X",
"North East Total") is compared with the units whose parent is X (the level's word,
"huyện", "khu vực", ignored on both sides). When no unit has that parent (a form of
sections, "I. Huyện A", or a region over the parents), it is compared with its block
of the sheet. Where the sheet's
first subtotal comes after units, sums close their sections: the block runs up from
the subtotal to the heading of its name, else to the subtotal before it of its level
or above (levels told by their word, the lowest met first) — and, for the lowest
level, to any section heading. Else sums head their sections: the block runs down to
the next subtotal of its level or above, the total, or (lowest level) a heading.
The only subtotal of its level, beside a total row and bounded by no heading, is not
guessed at. When the block is empty or unclear, or no unit has the parent named, the
row is said to be left out uncompared.
"""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd

from healthkpi.base.issues import Code, Issue, Level
from healthkpi.base.text import unit_key
from healthkpi.plan.schema import Plan
from healthkpi.read.columns import INPUT, PARENT, PERIOD, ROW
from healthkpi.read.dataset import DataSet
from healthkpi.read.origin import TotalRow

TOLERANCE = 1e-9
_LEVELS = r"huyện|quận|thị xã|thành phố|tp\.?|tx\.?|xã|phường|khu vực|vùng|cụm|tỉnh"
# "Cộng huyện Mường Lát" → "Mường Lát"; "North East Total" → "North East".
_GROUP_PREFIX = re.compile(rf"^(?:cộng|tổng|subtotal)\s*:?\s*(?:(?:{_LEVELS})\s+)?", re.I)
_GROUP_SUFFIX = re.compile(r"\s+(?:sub)?totals?\s*$", re.I)
_LEVEL_WORD = re.compile(rf"^(?:cộng|tổng|subtotal)\s*:?\s*({_LEVELS})\s", re.I)
_LEVEL_PREFIX = re.compile(rf"^(?:{_LEVELS})\s+", re.I)  # "Huyện Tam Đường" is Tam Đường
_NUMBERING = re.compile(r"^\s*(?:[IVXLC]+|[A-Z]|\d{1,2})[.)/:-]?\s+")  # "II. Huyện B" is Huyện B


def total_mismatches(data: DataSet, plan: Plan) -> list[Issue]:
    """A total row that differs from the sum of its units, per count variable."""
    if not data.totals:
        return []
    frame = data.frame
    # The frame's columns as arrays once, not a pandas selection per total row: a batch of
    # district forms checks a few totals in each of hundreds of workbooks.
    counts = {v: data.figures(v) for v in data.variables if plan.variables[v].kind == "count" and v in frame}
    inputs = frame[INPUT].to_numpy()
    periods = frame[PERIOD].to_numpy(dtype=object)
    no_period = pd.isna(periods)
    sheet_rows = frame[ROW].to_numpy()
    parents: list[str | None] | None = None
    marks = _marks(data)
    issues = []
    for total in data.totals:
        mine = inputs == total.input
        mine &= no_period if total.period is None else ~no_period & (periods == total.period)
        rows = np.flatnonzero(mine)
        if total.kind == "subtotal":
            if parents is None:
                parents = [_loose(p) if isinstance(p, str) and p else None for p in frame[PARENT].tolist()]
            issues += _subtotal(data, plan, total, rows, parents, counts, sheet_rows, marks[total.input, total.period])
        else:
            issues += _compare(data, plan, total, rows, counts, template=None)
    return issues


def _subtotal(
    data: DataSet,
    plan: Plan,
    total: TotalRow,
    rows: np.ndarray,
    parents: list[str | None],
    counts: dict[str, np.ndarray],
    sheet_rows: np.ndarray,
    marks: list[TotalRow],
) -> list[Issue]:
    group = _group_of(total.label)
    if any(parents[r] is not None for r in rows.tolist()):  # the units have parents: the subtotal is one's
        key = _loose(group)
        members = np.array([r for r in rows.tolist() if parents[r] == key], dtype=np.int64)
        if len(members):
            return _compare(data, plan, total, members, counts, template="subtotal_mismatch")
    # no parents, or none named so: a level above them ("Tổng khu vực X" over districts), by its block
    block, side = _block(total, marks, rows, sheet_rows)
    if len(block):
        return _compare(data, plan, total, block, counts, template=f"subtotal_block_{side}_mismatch")
    has_parents = any(parents[r] is not None for r in rows.tolist())
    template = (
        "subtotal_not_compared" if has_parents else f"subtotal_block_{'unclear' if side == 'unclear' else 'empty'}"
    )
    return [_not_compared(data, total, template, group)]


def _not_compared(data: DataSet, total: TotalRow, template: str, group: str) -> Issue:
    info = data.inputs[total.input]
    where = f"{info.sheet}!{info.unit_column or 'A'}{total.row}"
    return Issue(Level.INFO, Code.TOTAL_MISMATCH, where, unit=total.label, period=total.period,
                 template=template, facts={"group": group})  # fmt: skip


def _marks(data: DataSet) -> dict[tuple[int, str | None], list[TotalRow]]:
    """The total, subtotal and heading rows of each sheet and period (a heading: of every period of its
    sheet), sorted out once: a national form holds hundreds of each."""
    by: dict[tuple[int, str | None], list[TotalRow]] = {}
    for t in data.totals:
        by.setdefault((t.input, t.period), []).append(t)
    for heading in data.sections:
        for (number, _period), found in by.items():
            if number == heading.input:
                found.append(heading)
    return by


def _block(total: TotalRow, same: list[TotalRow], rows: np.ndarray, sheet_rows: np.ndarray) -> tuple[np.ndarray, str]:
    """The units of `rows` (one sheet's, one period's) in the subtotal's block, and on which side of
    it the block lies ("above", "below"): see the module's docstring. `same`: that sheet's and period's
    totals, subtotals and headings."""
    subtotals = sorted((t for t in same if t.kind == "subtotal"), key=lambda t: t.row)
    headings = [t.row for t in same if t.kind == "section"]
    grand = [t.row for t in same if t.kind == "total"]
    at = sheet_rows[rows]
    foot = bool((at < subtotals[0].row).any())  # units before the first subtotal: sums close their sections
    words = list(dict.fromkeys(_level_word(t.label) for t in subtotals))  # the levels, in the order met
    rank = {word: n if foot else len(words) - 1 - n for n, word in enumerate(words)}  # 0: the lowest
    mine = rank[_level_word(total.label)]
    peers = [t.row for t in subtotals if rank[_level_word(t.label)] >= mine]
    bounds = [*peers, *grand, *(headings if mine == 0 else [])]
    # The only subtotal of its level, with no heading to bound it, beside a total row: its section
    # could be any run of the units ("Cộng huyện B" under huyện A's communes and its own, then
    # "Tổng cộng"), so it is not guessed. Without a total row it closes a form of its own units.
    lone = bool(grand) and sum(rank[_level_word(t.label)] == mine for t in subtotals) == 1
    if foot:
        key = _loose(_group_of(total.label))
        named = [t.row for t in same if t.kind == "section" and t.row < total.row and _heading_key(t.label) == key]
        begin = max(named) if named else max((r for r in bounds if r < total.row), default=0)
        if lone and not named and not any(begin <= r < total.row for r in headings):
            return rows[:0], "unclear"
        return rows[(at > begin) & (at < total.row)], "above"
    end = min((r for r in bounds if r > total.row), default=math.inf)
    if lone and not any(total.row < r <= end for r in headings) and end not in headings:
        return rows[:0], "unclear"
    return rows[(at > total.row) & (at < end)], "below"


def _level_word(label: str) -> str:
    """The level a subtotal names ("huyện" of "Cộng huyện A"), lower-cased; "" when it names none."""
    found = _LEVEL_WORD.match(label.strip())
    return found.group(1).lower() if found else ""


def _loose(name: str) -> str:
    """A parent's or a group's name for matching, without the word of its level."""
    return unit_key(_LEVEL_PREFIX.sub("", name.strip()))


def _heading_key(label: str) -> str:
    return _loose(_NUMBERING.sub("", label))


def _compare(
    data: DataSet, plan: Plan, total: TotalRow, rows: np.ndarray, counts: dict[str, np.ndarray], template: str | None
) -> list[Issue]:
    info = data.inputs[total.input]
    issues = []
    for variable, stated in total.values.items():
        if variable not in counts or not np.isfinite(stated):
            continue
        column = counts[variable][rows]
        summed = float(np.nansum(column))
        if abs(summed - stated) <= TOLERANCE * max(abs(stated), abs(summed), 1.0):
            continue
        issues.append(
            Issue(
                Level.WARNING,
                Code.TOTAL_MISMATCH,
                f"{info.sheet}!{info.columns[variable]}{total.row}",
                unit=total.label,
                variable=variable,
                period=total.period,
                template=template,
                facts={
                    "label": plan.variables[variable].label,
                    "total": float(stated),
                    "sum": summed,
                    "missing": int(np.isnan(column).sum()),
                    "count": len(rows),
                },
            )
        )
    return issues


def _group_of(label: str) -> str:
    """What a subtotal adds up: its label without "Cộng huyện" or "Total"."""
    return _GROUP_SUFFIX.sub("", _GROUP_PREFIX.sub("", label.strip())).strip() or label
