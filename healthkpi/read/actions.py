"""The actions file: what a review meeting agreed for each missed target (DESIGN §5).

A CSV or workbook beside the plan (`actions:` in the plan) with the columns
`unit, indicator, action, owner, due, status`, found like any side table's —
under title rows, in Vietnamese ("Đơn vị", "Chỉ tiêu", "Hành động", "Người phụ
trách", "Hạn", "Trạng thái") or English. `healthkpi actions` writes such a sheet
pre-filled with the targets missed now; rows left without an action are skipped
when it is read back. A status may be written in either language ("đang thực
hiện", "in progress"); an empty one is open. A due date may be a date cell, an
ISO date (2026-10-31) or a Vietnamese one (31/10/2026).
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from pathlib import Path

from healthkpi.base.errors import PlanError, Problem
from healthkpi.base.text import clean, loose_key
from healthkpi.plan.schema import Indicator, Plan
from healthkpi.plan.sidefiles import ActionEntry
from healthkpi.read.formats import DEFAULT_MAX_SIZE
from healthkpi.read.tables import read_table

ROLES = {
    "unit": ("đơn vị", "tên đơn vị", "huyện", "xã", "xã phường", "địa phương", "unit", "district", "commune"),
    "indicator": ("mã chỉ tiêu", "chỉ tiêu", "tên chỉ tiêu", "indicator", "indicator id", "mã"),
    "action": ("hành động", "giải pháp", "biện pháp", "việc cần làm", "nội dung", "action", "actions"),
    "owner": ("người phụ trách", "phụ trách", "đơn vị phụ trách", "người thực hiện", "cán bộ phụ trách", "owner"),
    "due": ("hạn", "hạn hoàn thành", "thời hạn", "hạn chót", "ngày hết hạn", "due", "due date", "deadline"),
    "status": ("trạng thái", "tình trạng", "tiến độ", "status", "state"),
}
REQUIRED = {"unit", "indicator", "action"}

# Each status as people write it, in Vietnamese (with or without accents) or English.
STATES = {
    "open": ("", "open", "chưa thực hiện", "chưa làm", "chưa bắt đầu", "mới", "not started", "to do", "todo"),
    "in_progress": (
        "in progress",
        "in_progress",
        "đang thực hiện",
        "đang làm",
        "đang triển khai",
        "ongoing",
        "started",
    ),
    "done": ("done", "hoàn thành", "đã hoàn thành", "đã xong", "xong", "đã thực hiện", "completed", "closed"),
    "cancelled": ("cancelled", "canceled", "hủy", "huỷ", "đã hủy", "đã huỷ", "bỏ", "dropped"),
}
_STATE_OF = {loose_key(text): state for state, texts in STATES.items() for text in texts}
_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_EXCEL_EPOCH = dt.date(1899, 12, 30)


def read_actions(
    path: Path, plan: Plan, plan_name: str, line: int | None, max_size: int = DEFAULT_MAX_SIZE
) -> list[ActionEntry]:
    """The actions agreed, each tied to an indicator of `plan` (PlanError listing every bad row)."""
    by_id = {i.id: i for i in plan.indicators}
    by_key: dict[str, Indicator] = {loose_key(i.id): i for i in plan.indicators}
    for each in plan.indicators:
        for name in (each.name, each.name_en):
            if name:
                by_key.setdefault(loose_key(name), each)
    entries: list[ActionEntry] = []
    problems: list[Problem] = []
    for row in read_table(path, ROLES, REQUIRED, plan_name, line, "actions", max_size):
        unit, named, action = row.text("unit"), row.text("indicator"), row.text("action")
        if not action:
            continue  # a target pre-filled by `healthkpi actions` that nobody took up, or a note
        where = row.place(path)
        indicator: Indicator | None = by_id.get(named) or by_key.get(loose_key(named))
        if indicator is None:
            close = difflib.get_close_matches(named, list(by_id), n=1)
            what = "action_unknown_indicator_close" if close else "action_unknown_indicator"
            facts = {"where": where, "named": named, "close": close[0] if close else ""}
            problems.append(Problem(str(path), row.number, "indicator", what=what, facts=facts))
            continue
        if not unit:
            problems.append(Problem(str(path), row.number, "unit", what="action_no_unit", facts={"where": where}))
            continue
        status = _STATE_OF.get(loose_key(row.text("status")))
        if status is None:
            allowed = "; ".join(f"{state}: {', '.join(repr(t) for t in texts if t)}" for state, texts in STATES.items())
            facts = {"where": row.where("status"), "text": row.text("status"), "allowed": allowed}
            problems.append(Problem(str(path), row.number, "status", what="action_unknown_status", facts=facts))
            continue
        try:
            due = parse_due(row.values.get("due", ""))
        except NotADate as exc:
            facts = {"where": row.where("due"), "text": exc.text}
            problems.append(Problem(str(path), row.number, "due", what="action_bad_due", facts=facts))
            continue
        owner = row.text("owner")
        entries.append(ActionEntry(unit, indicator.id, action, owner, due, status, where))
    if problems:
        raise PlanError(problems)
    return entries


class NotADate(ValueError):
    """A due date that is not one; the reader names the cell and says how to write it."""

    def __init__(self, text: str):
        super().__init__(text)
        self.text = text


def parse_due(value: object) -> dt.date | None:
    """A due date from a cell: a date, an Excel day number, 2026-10-31 or 31/10/2026; None when empty."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 1 <= value < 2958466:  # Excel's day numbers, 1900-01-01 to 9999-12-31
            return _EXCEL_EPOCH + dt.timedelta(days=int(value))
        raise NotADate(repr(value))
    text = clean(str(value or ""))
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        pass
    match = _DMY.match(text)
    if match:
        day, month, year = (int(g) for g in match.groups())
        try:
            return dt.date(year, month, day)
        except ValueError:
            pass
    raise NotADate(repr(text))
