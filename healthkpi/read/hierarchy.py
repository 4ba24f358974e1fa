"""Which parent each unit belongs to (commune → district or area → province) — DESIGN §2.

The parent comes from a parent column in the workbook ("Huyện" beside "Xã",
"Khu vực") or, for units without one, from the plan's `hierarchy:` file
(`unit, parent`). A unit with no parent, or a parent written two ways, is a
data issue naming both.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from healthkpi.base.issues import Code, Issue, Level
from healthkpi.base.text import clean, loose_key, unit_key
from healthkpi.read.columns import KEY, PARENT, UNIT
from healthkpi.read.formats import DEFAULT_MAX_SIZE
from healthkpi.read.tables import read_table

ROLES = {
    "unit": ("đơn vị", "tên đơn vị", "xã", "tên xã", "xã phường", "unit", "commune", "district"),
    "parent": ("đơn vị cấp trên", "huyện", "khu vực", "vùng", "tỉnh", "thuộc", "parent", "area", "region", "province"),
}


def parent_name(value: object) -> str | None:
    """The parent as text, or None — pandas turns a missing object cell into NaN, which is truthy."""
    return value if isinstance(value, str) and value else None


def read_hierarchy(path: Path, plan_name: str, line: int | None, max_size: int = DEFAULT_MAX_SIZE) -> dict[str, str]:
    """unit key → parent, from a `unit, parent` table beside the plan."""
    parents = {}
    for row in read_table(path, ROLES, {"unit", "parent"}, plan_name, line, "hierarchy", max_size):
        unit, parent = row.text("unit"), row.text("parent")
        if unit and parent:
            parents[unit_key(unit)] = parent
    return parents


def fill_parents(frame: pd.DataFrame, hierarchy: dict[str, str]) -> pd.DataFrame:
    """Parents from the plan's file where the workbook gave none."""
    if not hierarchy:
        return frame
    given = frame[PARENT].tolist()
    filled = [parent_name(p) or hierarchy.get(k) for p, k in zip(given, frame[KEY], strict=True)]
    frame = frame.copy()
    frame[PARENT] = pd.array(filled, dtype=object)
    return frame


def parent_issues(frame: pd.DataFrame, unit_cell: object) -> list[Issue]:
    """Units without a parent (when others have one), and parents written two ways."""
    parents = [parent_name(p) for p in frame[PARENT].tolist()]
    if not any(parents):
        return []
    issues = []
    seen: set[str] = set()
    for row, (unit, parent) in enumerate(zip(frame[UNIT], parents, strict=True)):
        if not parent and unit not in seen:
            seen.add(unit)
            where = unit_cell(row) if callable(unit_cell) else None
            issues.append(Issue(Level.WARNING, Code.MISSING_VALUE, where, unit=unit, template="no_parent"))
    spellings: dict[str, dict[str, None]] = {}
    for parent in parents:
        if parent:
            spellings.setdefault(loose_key(parent), {})[clean(parent)] = None
    for names in spellings.values():
        if len(names) > 1:
            issues.append(
                Issue(Level.WARNING, Code.SPELLING_VARIANT, None, unit=next(iter(names)), template="parent_two_ways",
                      facts={"names": " / ".join(names)})
            )  # fmt: skip
    return issues
