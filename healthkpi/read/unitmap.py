"""Units that change: rolling data reported in old units into the new ones (DESIGN §2).

On 1 July 2025 Vietnam merged ~10,000 communes into 3,321 and ended the
district level, so baselines (2020, 2022) sit in old units and recent data
in new ones. A unit map (`old_unit, new_unit`, optional `share` for an old
unit split between several new ones, optional `from_period`) rolls the old
rows into new units before scoring — counts summed, shares applied to counts
— so relative targets, on-track lines and trends compare like with like.
Missing stays missing: a new unit is missing a variable when any old unit
inside it is.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import numpy as np
import pandas as pd

from healthkpi.base.errors import PlanError, Problem
from healthkpi.base.issues import Code, Issue, Level
from healthkpi.base.numbers import NotANumber, parse_number
from healthkpi.base.periods import normalise_period, period_order
from healthkpi.base.text import clean, unit_key
from healthkpi.plan.sidefiles import MapEntry, UnitMap
from healthkpi.read.columns import INPUT, KEY, PARENT, PERIOD, ROW, UNIT
from healthkpi.read.formats import DEFAULT_MAX_SIZE
from healthkpi.read.hierarchy import parent_name
from healthkpi.read.tables import read_table

ROLES = {
    "old": ("đơn vị cũ", "xã cũ", "tên cũ", "đơn vị trước sắp xếp", "trước sắp xếp", "old unit", "old_unit", "old"),
    "new": ("đơn vị mới", "xã mới", "tên mới", "đơn vị sau sắp xếp", "sau sắp xếp", "new unit", "new_unit", "new"),
    "share": ("tỷ lệ", "tỷ trọng", "phần", "tỷ lệ phân bổ", "share"),
    "from": ("từ kỳ", "từ năm", "áp dụng từ", "from period", "from_period", "from"),
}
TOLERANCE = Fraction(1, 10**6)


def read_unit_map(path: Path, plan_name: str, line: int | None = None, max_size: int = DEFAULT_MAX_SIZE) -> UnitMap:
    entries, problems = [], []
    rows = read_table(path, ROLES, {"old", "new"}, plan_name, line, "unit_map", max_size)
    for row in rows:
        old, new = row.text("old"), row.text("new")
        if not old or not new:
            continue  # notes, signatures
        share = Fraction(1)
        raw = row.values.get("share", "")
        if raw not in ("", None):
            try:
                number = (
                    float(raw) if isinstance(raw, int | float) and not isinstance(raw, bool) else parse_number(str(raw))
                )
            except NotANumber:
                number = None
            if number is None or not 0 < number <= 100:
                problems.append(
                    Problem(
                        str(path),
                        row.number,
                        "share",
                        f"{row.where('share')}: {raw!r} is not a share (0–1 or a percentage)",
                    )
                )
                continue
            # "40%" and 40 are percentages; 0.4 is a share ("1%" is a hundredth, not all of it)
            percent = isinstance(raw, str) and raw.strip().endswith("%")
            share = Fraction(repr(number)) / (100 if percent or number > 1 else 1)
        period = normalise_period(row.values.get("from", "")) or None
        entries.append(MapEntry(old, new, share, period, row.place(path)))
    totals: dict[str, list[MapEntry]] = {}
    for entry in entries:
        totals.setdefault(unit_key(entry.old), []).append(entry)
    for group in totals.values():
        total = sum((e.share for e in group), Fraction(0))
        if abs(total - 1) > TOLERANCE:
            places = ", ".join(e.where for e in group)
            problems.append(
                Problem(
                    str(path),
                    None,
                    "share",
                    f"the shares of {group[0].old!r} add up to {float(total):g}, not 1 ({places})",
                )
            )
    if problems:
        raise PlanError(problems)
    return UnitMap(entries, str(path))


def apply_unit_map(
    frame: pd.DataFrame, variables: list[str], unit_map: UnitMap
) -> tuple[pd.DataFrame, dict, list[Issue]]:
    """Old rows rolled into new units. Returns the new frame, what each new (unit, period) holds
    (`[(old unit, share)]`), and issues for units the map does not know."""
    issues: list[Issue] = []
    names = {unit_key(e.new): clean(e.new) for e in unit_map.entries}
    contributions: dict[tuple[str, str | None], list[tuple[int, Fraction, str]]] = {}
    unknown: dict[str, str] = {}
    late: dict[str, tuple[str, str | None, MapEntry]] = {}
    keys, periods, units = frame[KEY].tolist(), frame[PERIOD].tolist(), frame[UNIT].tolist()
    for row, (key, period, unit) in enumerate(zip(keys, periods, units, strict=True)):
        entries = unit_map.by_old.get(key)
        if entries:
            if _on_or_after(period, entries[0].from_period) and key not in late:
                late[key] = (unit, period, entries[0])  # an old name after the change: rolled in all the same
            for entry in entries:
                contributions.setdefault((unit_key(entry.new), period), []).append((row, entry.share, unit))
        elif key in unit_map.new_keys:
            contributions.setdefault((key, period), []).append((row, Fraction(1), unit))
            names.setdefault(key, unit)
        else:
            unknown.setdefault(key, unit)
            contributions.setdefault((key, period), []).append((row, Fraction(1), unit))
            names.setdefault(key, unit)
    for unit in unknown.values():
        issues.append(Issue(Level.WARNING, Code.MISSING_UNIT, unit_map.path, unit=unit, template="not_in_unit_map"))
    for unit, period, entry in late.values():
        issues.append(
            Issue(Level.INFO, Code.SPELLING_VARIANT, entry.where, unit=unit, period=period, template="old_name_after_map",
                  facts={"start": entry.from_period, "new": entry.new})
        )  # fmt: skip

    values = {v: frame[v].to_numpy(dtype=float) for v in variables}
    parents = [parent_name(p) for p in frame[PARENT].tolist()] if PARENT in frame else [None] * len(frame)
    records: dict[str, list[object]] = {
        c: [] for c in (UNIT, KEY, PERIOD, PARENT, *variables, INPUT, ROW, "_apportioned")
    }
    composition: dict[tuple[str, str | None], list[tuple[str, float]]] = {}
    for (key, period), parts in contributions.items():
        records[UNIT].append(names[key])
        records[KEY].append(key)
        records[PERIOD].append(period)
        records[PARENT].append(next((parents[r] for r, _s, _u in parts if parents[r]), None))
        for variable in variables:
            column = values[variable]
            shares = [(column[r], float(s)) for r, s, _u in parts]
            records[variable].append(
                np.nan if any(np.isnan(v) for v, _ in shares) else float(sum(v * s for v, s in shares))
            )
        single = len(parts) == 1 and parts[0][1] == 1
        records[INPUT].append(int(frame[INPUT].iat[parts[0][0]]))
        records[ROW].append(int(frame[ROW].iat[parts[0][0]]) if single else -1)  # several rows: no one cell
        records["_apportioned"].append(any(s != 1 for _r, s, _u in parts))
        if not single or parts[0][2] != names[key]:
            composition[(key, period)] = [(u, float(s)) for _r, s, u in parts]
    rolled = pd.DataFrame(records)
    rolled[PERIOD] = pd.array(rolled[PERIOD].tolist(), dtype=object)
    rolled[PARENT] = pd.array(rolled[PARENT].tolist(), dtype=object)
    order = sorted(
        range(len(rolled)), key=lambda i: (period_order(rolled[PERIOD].iat[i]) if rolled[PERIOD].iat[i] else (0,), i)
    )
    return rolled.iloc[order].reset_index(drop=True), composition, issues


def _on_or_after(period: str | None, start: str | None) -> bool:
    if period is None or start is None:
        return False
    return period_order(period) >= period_order(start)
