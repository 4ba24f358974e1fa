"""healthkpi — score Vietnamese health-plan targets against district workbooks.

The library comes first; the `healthkpi` command is a thin layer on top:

    import healthkpi
    plan = healthkpi.load_plan("thanh-hoa-2021")       # a bundled id or a YAML path
    data = healthkpi.read_data("district.xlsx", plan)
    card = healthkpi.score(plan, data)
    card.summary()    # {"pass": 12, "near": 3, "fail": 5, "no_data": 1}

Heavy modules (pandas, NumPy, pydantic) load on first use, so that
`healthkpi --version` and `healthkpi plans` start fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from healthkpi.base.version import __version__

if TYPE_CHECKING:
    from pathlib import Path

    from healthkpi.base.errors import HealthkpiError, PlanError, UsageError, WorkbookError
    from healthkpi.plan.schema import Plan
    from healthkpi.read.dataset import DataSet
    from healthkpi.scoring.scorecard import Scorecard


def load_plan(plan: str | Path) -> Plan:
    """A targets file by path, or a bundled plan by id."""
    from healthkpi.plan.bundled import resolve_plan
    from healthkpi.read.sidefiles import load_plan_and_side_files

    return load_plan_and_side_files(resolve_plan(str(plan)))


def read_data(paths: Any, plan: Plan, **options: Any) -> DataSet:
    """Read workbooks or CSV files for `plan`.

    Options: sheet, locale ("vi" or "en"), encoding, skip_unreadable, max_size, unit_map."""
    from healthkpi.read.workbook import read_data as _read

    return _read(paths, plan, **options)


def score(plan: Plan, data: DataSet, period: str | None = None, level: str = "unit") -> Scorecard:
    """Score `data` against `plan`: the latest period, a named one, or "all"; each unit
    (with subtotals per parent), or with level="parent" each parent."""
    from healthkpi.scoring.engine import score as _score

    return _score(plan, data, period, level)


_LAZY = {
    "follow_up": "scoring.track",  # follow_up(card, history=Path("history.sqlite")): changes and actions
    "open_history": "scoring.history",
    "DataSet": "read.workbook",
    "Plan": "plan.schema",
    "Scorecard": "scoring.scorecard",
    "Status": "base.status",
    # the errors too: `python -m healthkpi` imports this package before the command can catch a
    # Ctrl+C, and their module loads every message
    "HealthkpiError": "base.errors",
    "PlanError": "base.errors",
    "UsageError": "base.errors",
    "WorkbookError": "base.errors",
}


def __getattr__(name: str) -> Any:
    # The data classes live in modules that import pandas; load them on first use.
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module 'healthkpi' has no attribute {name!r}")


__all__ = [
    "DataSet",
    "HealthkpiError",
    "Plan",
    "PlanError",
    "Scorecard",
    "Status",
    "UsageError",
    "WorkbookError",
    "__version__",
    "follow_up",
    "load_plan",
    "open_history",
    "read_data",
    "score",
]
