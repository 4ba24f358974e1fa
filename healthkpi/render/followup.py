"""The follow-up of a scorecard — what changed since the last run, the actions on missed
targets — flattened into lines and rows that every output lays out its own way.

Nothing here when the run had neither --history nor an actions file: every output then
stays as it always was.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from healthkpi.base.display import format_number
from healthkpi.base.messages import ui
from healthkpi.base.text import unit_key
from healthkpi.plan.schema import Plan
from healthkpi.plan.sidefiles import ActionEntry
from healthkpi.render.grid import MARKS
from healthkpi.scoring.followup import Changes, FollowUp, MissedTarget, TrendPoint
from healthkpi.scoring.scorecard import Scorecard

SHOWN = 20  # lines of each kind a human output lists; the JSON and Excel outputs hold them all
SPARKS = "▁▂▃▄▅▆▇█"


@dataclass(frozen=True)
class ChangeLine:
    kind: str  # status, revised, new_issue, resolved_issue
    text: str
    status: str | None = None  # the status now, for a status change (its colour)


@dataclass(frozen=True)
class ActionLine:
    action: str
    owner: str
    due: str
    state: str  # the action's status, as said in the output's language
    overdue: bool


@dataclass(frozen=True)
class MissedRow:
    unit: str
    indicator: str  # its label
    indicator_id: str
    period: str | None
    value: str
    target: str
    status: str
    actions: list[ActionLine]


def follow_up_of(card: Scorecard) -> FollowUp | None:
    return card.follow_up


def changes_heading(changes: Changes, lang: str) -> str:
    if changes.first:
        return ui("changes_first", lang, run=changes.run, history=changes.history)
    return ui("changes_since", lang, run=changes.run, since=changes.since_run, time=changes.since_time)


def change_lines(card: Scorecard, lang: str) -> list[ChangeLine]:
    """Every change, in order: statuses, revised figures, new issues, resolved issues."""
    follow = card.follow_up
    if follow is None or follow.changes is None:
        return []
    changes, plan = follow.changes, card.plan
    lines = []
    for change in changes.statuses:
        decimals = _decimals(plan, change.indicator)
        values = ""
        if change.value_before is not None or change.value_after is not None:
            before = format_number(change.value_before, decimals, lang) or MARKS["no_data"]
            after = format_number(change.value_after, decimals, lang) or MARKS["no_data"]
            values = f" ({before} → {after})"
        where = " · ".join(p for p in (change.unit, _label(plan, change.indicator, lang), change.period) if p)
        text = f"{where}: {MARKS[change.before]} {ui(change.before, lang)} → {MARKS[change.after]} {ui(change.after, lang)}{values}"
        lines.append(ChangeLine("status", text, change.after))
    for revision in changes.revised:
        label = plan.variables[revision.variable].label if revision.variable in plan.variables else revision.variable
        where = " · ".join(p for p in (revision.unit, revision.period, label) if p)
        before = _figure(revision.before, lang)
        after = _figure(revision.after, lang)
        cell = f" ({revision.cell})" if revision.cell else ""
        lines.append(ChangeLine("revised", f"{where}: {before} → {after}{cell}"))
    lines += [ChangeLine("new_issue", issue.message) for issue in changes.new_issues]
    lines += [ChangeLine("resolved_issue", issue.message) for issue in changes.resolved_issues]
    return lines


def change_counts(changes: Changes, lang: str) -> str:
    """ "2 status changes · 1 revised figure · 0 new issues · 1 resolved" """
    parts = [
        ui("n_status_changes", lang, n=len(changes.statuses)),
        ui("n_revised", lang, n=len(changes.revised)),
        ui("n_new_issues", lang, n=len(changes.new_issues)),
        ui("n_resolved_issues", lang, n=len(changes.resolved_issues)),
    ]
    return " · ".join(parts)


def missed_rows(card: Scorecard, lang: str, with_actions: bool = False) -> list[MissedRow]:
    """Each missed target of the latest period with its open actions (none: an empty list), those
    with an overdue action first; `with_actions`: only the targets that have an open action."""
    follow = card.follow_up
    if follow is None or follow.actions is None:
        return []
    plan = card.plan
    rows = [_missed_row(plan, t, follow, lang) for t in follow.missed if t.actions or not with_actions]
    return sorted(rows, key=lambda row: not any(a.overdue for a in row.actions))


def _missed_row(plan: Plan, target: MissedTarget, follow: FollowUp, lang: str) -> MissedRow:
    decimals = _decimals(plan, target.indicator)
    actions = [action_line(a, follow, lang) for a in target.actions]
    return MissedRow(
        target.unit,
        _label(plan, target.indicator, lang),
        target.indicator,
        target.period,
        format_number(target.value, decimals, lang) or MARKS["no_data"],
        target_shown(target.target, lang),
        target.status,
        actions,
    )


def target_shown(target: str, lang: str) -> str:
    """ ">= 36.5" as the scorecards show it: "≥ 36,5" (vi), "≥ 36.5" (en)."""
    text = target.replace(">=", "≥").replace("<=", "≤").replace("==", "=")
    return re.sub(r"(?<=\d)\.(?=\d)", ",", text) if lang != "en" else text


def action_line(action: ActionEntry, follow: FollowUp, lang: str) -> ActionLine:
    return ActionLine(
        action.action,
        action.owner,
        due_text(action.due, lang),
        ui(f"action_{action.status}", lang),
        follow.overdue(action),
    )


def actions_by_cell(card: Scorecard, lang: str) -> dict[tuple[str, str | None, str], list[ActionLine]]:
    """(unit key, period, indicator) → the open actions on that missed cell."""
    follow = card.follow_up
    if follow is None or follow.actions is None:
        return {}
    return {
        (unit_key(t.unit), t.period, t.indicator): [action_line(a, follow, lang) for a in t.actions]
        for t in follow.missed
        if t.actions
    }


def action_text(line: ActionLine, lang: str) -> str:
    """ "Add 40 beds — Nguyễn Văn A, due 31/10/2026 (open) OVERDUE" """
    who = ", ".join(p for p in (line.owner, ui("due_on", lang, due=line.due) if line.due else "") if p)
    overdue = f" {ui('overdue', lang).upper()}" if line.overdue else ""
    return f"{line.action}{' — ' + who if who else ''} ({line.state}){overdue}"


def actions_summary(card: Scorecard, lang: str) -> str | None:
    follow = card.follow_up
    if follow is None or follow.actions is None:
        return None
    without = sum(1 for t in follow.missed if not t.actions)
    return ui(
        "actions_summary",
        lang,
        missed=len(follow.missed),
        without=without,
        actions=sum(1 for a in follow.actions if a.is_open),
        overdue=follow.overdue_count,
    )


def due_text(due: dt.date | None, lang: str) -> str:
    if due is None:
        return ""
    return due.isoformat() if lang == "en" else due.strftime("%d/%m/%Y")


def sparkline(values: list[float | None]) -> str:
    """▁▃▅█ over the values (a gap where one is missing)."""
    known = [v for v in values if v is not None]
    if not known:
        return " " * len(values)
    low, high = min(known), max(known)
    span = high - low
    marks = []
    for value in values:
        if value is None:
            marks.append(" ")
        elif span == 0:
            marks.append(SPARKS[len(SPARKS) // 2])
        else:
            marks.append(SPARKS[min(len(SPARKS) - 1, int((value - low) / span * (len(SPARKS) - 1) + 0.5))])
    return "".join(marks)


def trend_points(card: Scorecard) -> dict[str, list[TrendPoint]]:
    follow = card.follow_up
    if follow is None or follow.changes is None:
        return {}
    return follow.changes.trends


def changes_document(card: Scorecard, lang: str) -> dict[str, Any]:
    """`changes` and `actions` for the JSON scorecard (nothing without a history or actions file)."""
    follow = card.follow_up
    if follow is None:
        return {}
    document: dict[str, Any] = {}
    changes = follow.changes
    if changes is not None:
        document["changes"] = {
            "history": changes.history,
            "run": changes.run,
            "time": changes.time,
            "since": None if changes.first else {"run": changes.since_run, "time": changes.since_time},
            "statuses": [
                {
                    "unit": c.unit, "period": c.period, "indicator": c.indicator, "before": c.before,
                    "after": c.after, "value_before": c.value_before, "value_after": c.value_after, "total": c.total,
                }
                for c in changes.statuses
            ],
            "revised": [
                {
                    "unit": r.unit, "period": r.period, "variable": r.variable, "before": r.before,
                    "after": r.after, "where": r.cell, "where_before": r.cell_before,
                }
                for r in changes.revised
            ],
            "new_issues": [_issue(i) for i in changes.new_issues],
            "resolved_issues": [_issue(i) for i in changes.resolved_issues],
        }  # fmt: skip
    if follow.actions is not None:
        document["actions"] = [
            {
                "unit": a.unit, "indicator": a.indicator, "action": a.action, "owner": a.owner,
                "due": a.due.isoformat() if a.due else None, "status": a.status, "overdue": follow.overdue(a),
                "where": a.where,
            }
            for a in follow.actions
        ]  # fmt: skip
        document["missed_targets"] = [
            {
                "unit": t.unit, "period": t.period, "indicator": t.indicator, "status": t.status, "value": t.value,
                "target": t.target, "total": t.total,
                "actions": [follow.actions.index(a) for a in t.actions],
            }
            for t in follow.missed
        ]  # fmt: skip
    return document


def _issue(issue: Any) -> dict[str, Any]:
    return {
        "level": issue.level,
        "code": issue.code,
        "where": issue.where,
        "unit": issue.unit,
        "variable": issue.variable,
        "period": issue.period,
        "message": issue.message,
    }


def _decimals(plan: Plan, indicator: str) -> int:
    try:
        return plan.indicator(indicator).decimals
    except KeyError:
        return 1


def _label(plan: Plan, indicator: str, lang: str) -> str:
    try:
        return plan.indicator(indicator).label(lang)
    except KeyError:
        return indicator


def _figure(value: float | None, lang: str) -> str:
    if value is None:
        return MARKS["no_data"]
    return format_number(value, 0 if float(value).is_integer() else 2, lang)
