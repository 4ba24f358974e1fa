from __future__ import annotations

from pathlib import Path

import pytest

from healthkpi.plan.schema import Plan
from healthkpi.read.sidefiles import load_plan_and_side_files as load_plan
from tests.forms import BEDS_PLAN


def write_plan(folder: Path, text: str, name: str = "plan.yaml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def beds_plan_path(tmp_path: Path) -> Path:
    return write_plan(tmp_path, BEDS_PLAN)


@pytest.fixture
def beds_plan(beds_plan_path: Path) -> Plan:
    return load_plan(beds_plan_path)
