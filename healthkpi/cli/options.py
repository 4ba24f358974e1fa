"""Options shared by several commands: declared once here, handed on as one keyword-only object."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from healthkpi.base.errors import UsageError
from healthkpi.read.spec import ReadingHints

# How the command line names each setting an error may mention (base.errors.SETTINGS).
FLAGS = {
    "plan": "-t",
    "period": "--period",
    "sheet": "--sheet",
    "level": "--level",
    "unit": "--unit",
    "indicator": "--indicator",
    "group": "--group",
    "status": "--status",
    "max_size": "--max-size",
    "unit_map": "--unit-map",
    "header_row": "--header-row",
    "unit_column": "--unit-column",
    "parent_column": "--parent-column",
    "period_column": "--period-column",
    "allow_partial": "--allow-partial",
}


class OutputFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


class ReportFormat(StrEnum):
    table = "table"
    json = "json"


class Level(StrEnum):
    unit = "unit"
    parent = "parent"


class FailOn(StrEnum):
    fail = "fail"
    near = "near"
    never = "never"


class Lang(StrEnum):
    vi = "vi"
    en = "en"


PlanOption = Annotated[
    str | None,
    typer.Option("-t", "--plan", "--targets", help="Targets file (YAML) or bundled plan id.", metavar="PLAN"),
]
LangOption = Annotated[Lang, typer.Option("--lang", help="Language of labels and messages.")]
LocaleOption = Annotated[
    Lang,
    typer.Option("--locale", help="How numbers typed as text are written: vi = 1.234,5; en = 1,234.5."),
]
SheetOption = Annotated[
    list[str] | None,
    typer.Option(
        "--sheet",
        help='Sheet(s) to read: a name (repeat the option, or "A;B", for several) or "*" for every sheet whose '
        "header matches (default: every sheet that matches as well as the best one).",
    ),
]
HeaderRowOption = Annotated[
    int | None, typer.Option("--header-row", min=1, help="Row of the header (its last line, 1-based).")
]
UnitColumnOption = Annotated[
    str | None, typer.Option("--unit-column", help="Column of the unit names: its header text or its letter (C).")
]
ParentColumnOption = Annotated[
    str | None, typer.Option("--parent-column", help="Column of each unit's parent: header text or letter.")
]
PeriodColumnOption = Annotated[
    str | None, typer.Option("--period-column", help="Column of the periods: header text or letter.")
]
# Typer shows a flag's type as "<bool>", which reads as "takes a value": `--strict true` then takes
# "true" for a data file. An empty metavar shows a flag as what it is.
FLAG = ""
AllowPartialOption = Annotated[
    bool,
    typer.Option(
        "--allow-partial", help="Score a workbook that holds fewer than half of the plan's variables.", metavar=FLAG
    ),
]
AllIssuesOption = Annotated[
    bool, typer.Option("--all-issues", help="List every data issue, not only the first few.", metavar=FLAG)
]
UnitMapOption = Annotated[
    Path | None,
    typer.Option("--unit-map", help="old_unit, new_unit[, share][, from_period]: roll old units into new ones."),
]
LevelOption = Annotated[
    Level, typer.Option("--level", help="unit: score each unit (with subtotals per parent); parent: score the parents.")
]
MaxSizeOption = Annotated[
    str | None,
    typer.Option(
        "--max-size",
        help="Largest size a workbook may expand to when read (default 300MB; e.g. 2GB for a genuine giant).",
    ),
]
ReportFormatOption = Annotated[
    ReportFormat, typer.Option("--format", "-f", help="table for people, json for programs.")
]
DataArgument = Annotated[
    list[str], typer.Argument(help="Workbooks (.xlsx .xlsm .xlsb .xls .ods .csv), folders or globs.")
]
EncodingOption = Annotated[str | None, typer.Option("--encoding", help="Encoding of CSV files (default: detected).")]
FailOnOption = Annotated[FailOn, typer.Option("--fail-on", help="Exit 1 when a result is at or above this level.")]
QuietOption = Annotated[
    bool, typer.Option("--quiet", "-q", help="Print nothing but errors; use the exit code.", metavar=FLAG)
]


@dataclass(frozen=True, kw_only=True)
class Common:
    """What every command that reads data is told: which plan, and how to read and speak."""

    plan: str | None = None
    lang: str = "vi"
    locale: str = "vi"
    encoding: str | None = None
    sheet: list[str] | None = None  # as given: names, "A;B", or "*"
    header_row: int | None = None
    unit_column: str | None = None
    parent_column: str | None = None
    period_column: str | None = None
    allow_partial: bool = False
    max_size: str | None = None  # as typed ("2GB"); None: the default
    unit_map: Path | None = None

    @property
    def hints(self) -> ReadingHints:
        sheets = tuple(name.strip() for given in self.sheet or () for name in given.split(";") if name.strip())
        return ReadingHints(sheets, self.header_row, self.unit_column, self.parent_column, self.period_column)

    @property
    def max_bytes(self) -> int:
        from healthkpi.read.formats import DEFAULT_MAX_SIZE, parse_size

        if self.max_size is None:
            return DEFAULT_MAX_SIZE
        try:
            size = parse_size(self.max_size)
        except ValueError:
            raise UsageError(key="not_a_size", given=self.max_size) from None
        if size < 1:  # not "no limit", not the default: a limit nothing fits under is a slip
            raise UsageError(key="size_not_positive", given=self.max_size)
        return size
