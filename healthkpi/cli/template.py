"""`healthkpi template`."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console

from healthkpi.base.errors import UsageError, WorkbookError
from healthkpi.base.text import clean
from healthkpi.cli.files import check_output, write_with
from healthkpi.plan.bundled import resolve_plan
from healthkpi.read.tables import read_first_column
from healthkpi.render.template import MAX_UNITS, write_template
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
        try:  # in the sandbox, like every file healthkpi reads (and registered: never overwritten)
            names = list(dict.fromkeys(read_first_column(units_file, role="the --units-file list")))
        except WorkbookError as exc:
            raise UsageError(f"--units-file {exc}") from None
    if len(names) > MAX_UNITS:
        raise UsageError(f"{len(names):,} units is more than a template holds ({MAX_UNITS:,})")
    check_output(output, [plan_path])  # nor the plan, a plan it extends, its side files, the units file
    write_with(output, lambda temporary: write_template(loaded, temporary, names))
    rows = f"{len(names)} units" if names else "blank rows to fill in"
    stdout.print(f"{output}: data-entry workbook for {loaded.id}, {rows}", markup=False)
