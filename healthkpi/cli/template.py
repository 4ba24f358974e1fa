"""`healthkpi template`."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console

from healthkpi.base.errors import UsageError, WorkbookError, phrase_of
from healthkpi.base.messages import Sentence, ui
from healthkpi.base.text import clean
from healthkpi.cli.files import check_output, write_with
from healthkpi.plan.bundled import resolve_plan
from healthkpi.read.tables import read_first_column
from healthkpi.render.template import MAX_UNITS, write_template
from healthkpi.scoring.pipeline import load_plan


def run_template(
    plan: str,
    output: Path,
    units: str | None,
    units_file: Path | None,
    stdout: Console,
    lang: str = "vi",
    force: bool = False,
) -> None:
    if output.suffix.lower() != ".xlsx":
        raise UsageError(key="template_is_xlsx", output=output)
    if units is not None and units_file is not None:
        raise UsageError(key="units_or_units_file")
    plan_path = resolve_plan(plan)
    loaded = load_plan(plan_path)
    names: list[str] = []
    if units is not None:
        names = list(dict.fromkeys(clean(u) for u in units.split(";") if clean(u)))
    elif units_file is not None:
        if not units_file.is_file():
            raise UsageError(key="units_file_missing", path=units_file)
        try:  # in the sandbox, like every file healthkpi reads (and registered: never overwritten)
            names = list(dict.fromkeys(read_first_column(units_file, role=Sentence("role_units_file"))))
        except WorkbookError as exc:
            raise UsageError(key="units_file_unreadable", problem=phrase_of(exc)) from None
    if len(names) > MAX_UNITS:
        raise UsageError(key="too_many_units", n=len(names), limit=MAX_UNITS)
    check_output(output, [plan_path])  # nor the plan, a plan it extends, its side files, the units file
    if output.exists() and not force:  # (a link to nothing holds nothing to lose)
        # a template is where a district's figures go: written over, the figures typed into it are gone
        raise UsageError(key="template_over_a_file", output=output, example=_free_name(output))
    write_with(output, lambda temporary: write_template(loaded, temporary, names))
    rows = ui("template_units", lang, n=len(names)) if names else ui("template_blank_rows", lang)
    stdout.print(ui("template_written", lang, output=output, plan=loaded.id, rows=rows), markup=False)


def _free_name(output: Path) -> Path:
    """`form.xlsx` → `form-2.xlsx` (or -3, …): a name beside it that is not taken."""
    n = 2
    while (candidate := output.with_name(f"{output.stem}-{n}{output.suffix}")).exists():
        n += 1
    return candidate
