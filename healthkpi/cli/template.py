"""`healthkpi template`."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console

from healthkpi.base.errors import UsageError
from healthkpi.base.text import clean
from healthkpi.cli.files import write_with
from healthkpi.plan.bundled import resolve_plan
from healthkpi.render.template import MAX_UNITS, read_units_file, write_template
from healthkpi.scoring.pipeline import load_plan


def run_template(plan: str, output: Path, units: str | None, units_file: Path | None, stdout: Console) -> None:
    if output.suffix.lower() != ".xlsx":
        raise UsageError(f"{output}: a template is an Excel workbook; name it .xlsx")
    if units is not None and units_file is not None:
        raise UsageError("give the units with --units or with --units-file, not both")
    plan_path = resolve_plan(plan)
    loaded = load_plan(plan_path)
    names: list[str] = []
    if units is not None:
        names = list(dict.fromkeys(clean(u) for u in units.split(";") if clean(u)))
    elif units_file is not None:
        if not units_file.is_file():
            raise UsageError(f"{units_file}: no such file")
        names = read_units_file(units_file)
    if len(names) > MAX_UNITS:
        raise UsageError(f"{len(names):,} units is more than a template holds ({MAX_UNITS:,})")
    if output.exists() and output.resolve() == plan_path.resolve():
        raise UsageError(f"{output}: is the plan itself; choose another name")
    write_with(output, lambda temporary: write_template(loaded, temporary, names))
    rows = f"{len(names)} units" if names else "blank rows to fill in"
    stdout.print(f"{output}: data-entry workbook for {loaded.id}, {rows}", markup=False)
