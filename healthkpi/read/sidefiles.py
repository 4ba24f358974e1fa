"""Reading the side files a plan names — the annex, the hierarchy, the unit map — into the plan.

They are CSV files or workbooks beside the plan, read like data (same tolerant
header matching, same sandbox, same size limit); a problem in one is a plan
problem naming the plan's line.
"""

from __future__ import annotations

from pathlib import Path

from healthkpi.plan.load import load_plan
from healthkpi.plan.schema import Plan
from healthkpi.plan.sidefiles import AnnexEntry, UnitMap
from healthkpi.read.annex import read_annex
from healthkpi.read.formats import DEFAULT_MAX_SIZE
from healthkpi.read.hierarchy import read_hierarchy
from healthkpi.read.unitmap import read_unit_map


def read_side_files(plan: Plan, max_size: int = DEFAULT_MAX_SIZE) -> Plan:
    """`plan` with what its annex, hierarchy and unit map hold (each read once, in that order),
    each in the sandbox under `max_size`, like a data file."""
    annex: list[AnnexEntry] = []
    parents: dict[str, str] = {}
    unit_map: UnitMap | None = None
    for side in plan.side_files:
        if side.key == "unit_targets":
            annex = read_annex(side.path, plan, side.plan, side.line, max_size)
        elif side.key == "hierarchy":
            parents = read_hierarchy(side.path, side.plan, side.line, max_size)
        else:
            unit_map = read_unit_map(side.path, side.plan, side.line, max_size)
    return plan.with_side_tables(annex, parents, unit_map)


def load_plan_and_side_files(path: str | Path, max_size: int = DEFAULT_MAX_SIZE) -> Plan:
    """A targets file with its side files read: what scoring needs."""
    return read_side_files(load_plan(path), max_size)
