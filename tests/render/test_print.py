"""Printouts an analyst can read (issue 19): the Thanh Hóa example (55 indicators, 27 units) printed
on A4 landscape — the Excel scorecard through LibreOffice, the HTML report through Chromium — and
read back from the PDF page by page.

Each printed scorecard page must name every unit and carry the header (the unit column's heading
and the target row), the total is never the first row of a page, every word of every target is
printed, and the page count stays within a bound. Skipped (with the reason) where LibreOffice or
Chromium is not installed; CI installs both.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pypdf
import pytest
from typer.testing import CliRunner

from healthkpi.base.messages import sheet_name, ui
from healthkpi.cli import app
from healthkpi.read.sidefiles import load_plan_and_side_files as load_plan
from healthkpi.read.workbook import read_data
from healthkpi.render.grid import score_grids
from healthkpi.scoring.engine import score
from tests.paths import EXAMPLES

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
CHROMIUM = shutil.which("chromium")
WORKBOOK = EXAMPLES / "thanh-hoa-2021.xlsx"
runner = CliRunner()


@dataclass(frozen=True)
class Example:
    title: str
    units: list[str]
    total: str
    targets: list[str]  # as the scorecard prints them


@pytest.fixture(scope="module")
def example() -> Example:
    plan = load_plan(EXAMPLES / "healthkpi.yaml")
    (grid,) = score_grids(score(plan, read_data(WORKBOOK, plan)), "vi")
    return Example(plan.title("vi"), [r.label for r in grid.rows], grid.total.label, list(grid.targets))


def pages(pdf: Path) -> list[str]:
    return [page.extract_text() or "" for page in pypdf.PdfReader(pdf).pages]


def words(text: str) -> Counter[str]:
    return Counter(re.findall(r"\S+", text))


MARKS = "0123456789✓~✗–-"  # what a row's first cell after its label starts with


def row_labels(text: str, example: Example) -> list[str]:
    """The labels of the scorecard rows on a page, top to bottom: units and the total."""
    labels = sorted([*example.units, example.total], key=len, reverse=True)  # the longest name that fits
    found = []
    for line in text.splitlines():
        line = line.strip()
        label = next(
            (x for x in labels if line == x or (line.startswith(x + " ") and line[len(x) + 1 : len(x) + 2] in MARKS)),
            None,
        )  # (LibreOffice writes the repeated unit column apart from the values: a name on its own line)
        if label:
            found.append(label)
    return found


def has_target_row(text: str) -> bool:
    """Whether the page shows the header's target row (its label on a line of its own, or before
    the targets: wrapped targets may come on lines of their own)."""
    row = ui("target_row", "vi")
    return any(line == row or line.startswith(row + " ") for line in text.splitlines())


def starts_with_total(text: str, example: Example) -> bool:
    """Whether the first scorecard row on the page is the total (alone at the page's top)."""
    return row_labels(text, example)[:1] == [example.total]


def cut_target_words(printed: list[str], example: Example) -> dict[str, int]:
    """Words of the targets printed fewer times than the targets hold them: a target text cut off."""
    needed = words(" ".join(example.targets))
    found = words(" ".join(printed))
    return {w: n for w, n in needed.items() if found[w] < n}


def run(command: list[str], timeout: int) -> None:
    done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
    assert done.returncode == 0, done.stderr[-2000:]


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_excel_scorecard_prints_in_readable_column_groups(tmp_path: Path, example: Example) -> None:
    whole = tmp_path / "whole.xlsx"
    result = runner.invoke(app, ["score", str(WORKBOOK), "-o", str(whole), "-q"])
    assert whole.exists(), result.output
    # LibreOffice lays out every sheet, the 55 native charts slowest of all: only the scorecard
    # sheet is kept for it (openpyxl keeps its page setup), so that the test takes seconds, not a minute
    book = openpyxl.load_workbook(whole)
    for name in book.sheetnames:
        if name != sheet_name("scorecard", "vi"):
            del book[name]
    xlsx = tmp_path / "scorecard.xlsx"
    book.save(xlsx)
    profile = f"-env:UserInstallation=file://{tmp_path / 'profile'}"
    run([SOFFICE, profile, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(xlsx)], 300)  # type: ignore[list-item]
    printed = pages(tmp_path / "scorecard.pdf")
    assert all(text.startswith(example.title) for text in printed), "the plan's title heads every page"
    # the footer, below the header line: the sheet's name and the page number
    assert all(text.splitlines()[1].startswith(sheet_name("scorecard", "vi")) for text in printed)
    scorecard = printed
    # 55 indicators about ten to a page, not 57 columns on one page wide (the text a fifth of its size)
    assert 5 <= len(scorecard) <= 8, [text[:120] for text in printed]
    for number, text in enumerate(scorecard, start=1):
        assert ui("unit", "vi") in text, f"scorecard page {number} has no unit column heading"
        assert has_target_row(text), f"scorecard page {number} has no target row"
        # the rows fit one page tall: each page, every unit and then the total
        assert row_labels(text, example) == [*example.units, example.total], f"scorecard page {number}"
    assert not cut_target_words(scorecard, example)


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (Debian: apt-get install chromium)")
def test_html_report_prints_whole_tables_and_targets(tmp_path: Path, example: Example) -> None:
    report = tmp_path / "report.html"
    result = runner.invoke(app, ["report", str(WORKBOOK), "-o", str(report), "-q"])
    assert report.exists(), result.output
    pdf = tmp_path / "report.pdf"
    chromium = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]
    quiet = ["--disable-background-networking", "--disable-component-update", "--disable-sync"]
    profile = f"--user-data-dir={tmp_path / 'profile'}"
    run([*chromium, *quiet, profile, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", report.as_uri()], 180)  # type: ignore[list-item]
    printed = pages(pdf)
    # the scorecard, 55 charts two to a page, the trends, the data's quality, the targets and sources
    assert len(printed) <= 52
    start = next(i for i, text in enumerate(printed) if row_labels(text, example))
    end = next(i for i, text in enumerate(printed) if text.lstrip().startswith(ui("charts", "vi")))
    scorecard = printed[start:end]
    # six tables of ten indicators, each on a page of its own unless it is taller than one
    assert 6 <= len(scorecard) <= 9, [text[:120] for text in scorecard]
    for number, text in enumerate(scorecard, start=start + 1):
        assert ui("unit", "vi") in text, f"page {number} has no header row"
        assert has_target_row(text), f"page {number} has no target row"
        assert not starts_with_total(text, example), f"page {number} starts with the total"
    rows = [label for text in scorecard for label in row_labels(text, example)]
    assert rows == [*example.units, example.total] * 6  # six tables, every unit and the total in each
    assert not cut_target_words(scorecard, example)
