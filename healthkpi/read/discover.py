"""Which plan a run uses when none is named: the one recorded in the data, else one beside it (DESIGN §5)."""

from __future__ import annotations

from pathlib import Path

from healthkpi.base.errors import WorkbookError
from healthkpi.plan.bundled import discover_plan
from healthkpi.read.formats import DEFAULT_MAX_SIZE
from healthkpi.read.workbook import peek_recorded_plan


def discover_for(paths: list[Path], max_size: int = DEFAULT_MAX_SIZE) -> Path:
    """The plan recorded in the first readable input, else one found next to the data. The inputs
    are looked into in the sandbox, under `max_size`, as when they are read."""
    for path in paths:
        try:
            recorded = peek_recorded_plan(path, max_size)
        except WorkbookError:
            continue
        return discover_plan(path, recorded)
    return discover_plan(paths[0], None)
