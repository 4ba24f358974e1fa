"""A reading child forked as `healthkpi score BOOK.xlsx` starts: it begins parsing at once, is given
the read once the command has its plan, and scores exactly as without it; unused, it is let go."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from healthkpi import __main__ as start
from healthkpi.cli import app
from healthkpi.read import grid, sandbox
from tests.paths import ROOT

EXAMPLES = ROOT / "examples"
BOOK = str(EXAMPLES / "hcmc-2021.xlsx")
runner = CliRunner()


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["score", BOOK], BOOK),
        (["score", BOOK, "-t", "hcmc-2021", "-o", "out.json", "-q"], BOOK),
        (["score", "-t", "hcmc-2021", BOOK, "--lang=en", "--strict"], BOOK),
        (["score", "--", BOOK], BOOK),
        (["report", BOOK, "-o", "r.html"], None),  # only score
        (["score", BOOK, BOOK], None),  # two inputs: read as one table, each in its own child
        (["score", BOOK, "--output-dir", "out"], None),  # a batch
        (["score", BOOK, "--sheet", "Số liệu"], None),  # maybe not the first sheet
        (["score", BOOK, "--no-such-option"], None),  # not understood for sure
        (["score", BOOK, "-t"], None),  # a value missing
        (["score", str(EXAMPLES / "no-such.xlsx")], None),
        (["score", str(EXAMPLES)], None),  # a folder
        (["score", str(ROOT / "README.md")], None),
        ([], None),
    ],
)
def test_the_input_a_child_stands_by_for(argv: list[str], expected: str | None) -> None:
    assert start.standby_input(argv) == expected


def test_the_options_known_at_start_up_are_the_score_command_s_own() -> None:
    """A value-taking option taken for a flag would make its value look like an input."""
    command = typer.main.get_command(app)
    score = command.commands["score"]  # type: ignore[attr-defined]
    takes, flags = set(), set()
    for param in score.params:
        names = [*getattr(param, "opts", ()), *getattr(param, "secondary_opts", ())]
        if param.param_type_name != "option":
            continue
        (flags if param.is_flag else takes).update(n for n in names if n.startswith("-"))
    left_out = {"--sheet", "--output-dir", "--help", "-h"}
    assert takes - left_out == start.TAKING_A_VALUE
    assert flags - left_out == start.FLAGS


@pytest.fixture
def parses_taken(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """A file the reading child writes when its read took the parse it began at start-up
    (patched before the fork, so the child has the patch too)."""
    mark = tmp_path / "taken"
    original = grid._take_begun_parse

    def spy(*args: Any) -> Any:
        found = original(*args)
        if found is not None:
            mark.write_text("taken")
        return found

    monkeypatch.setattr(grid, "_take_begun_parse", spy)
    monkeypatch.setenv("HEALTHKPI_SANDBOX_START", "fork")
    return mark


@pytest.mark.parametrize("plan", [["-t", "hcmc-2021"], []])  # named, or the one the workbook records
def test_the_child_standing_by_is_given_the_read_and_scores_as_without_it(
    plan: list[str], parses_taken: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    book = EXAMPLES / ("hcmc-2021.xlsx" if plan else "hcmc-2023.xlsx")
    command = ["score", str(book), *plan, "-f", "json"]
    sandbox.stand_by_for(book)
    standing = sandbox._standing_by
    assert standing is not None
    early = runner.invoke(app, command)
    assert sandbox._standing_by is None
    assert not standing.process.is_alive()
    assert parses_taken.read_text() == "taken", "the read parsed the workbook again"
    monkeypatch.setattr("healthkpi.cli.early.begin_reading_early", lambda *_args: None)
    plain = runner.invoke(app, command)
    assert early.exit_code == plain.exit_code
    assert json.loads(early.stdout) == json.loads(plain.stdout)


def test_a_child_standing_by_for_a_batch_is_let_go(parses_taken: Path, tmp_path: Path) -> None:
    book = EXAMPLES / "hcmc-2021.xlsx"
    sandbox.stand_by_for(book)
    standing = sandbox._standing_by
    assert standing is not None
    result = runner.invoke(app, ["score", str(book), "-t", "hcmc-2021", "--output-dir", str(tmp_path / "out")])
    assert result.exit_code in (0, 1), result.output
    assert sandbox._standing_by is None
    assert not standing.process.is_alive()
    assert not parses_taken.exists()


def test_a_read_of_another_sheet_parses_that_sheet(parses_taken: Path, tmp_path: Path) -> None:
    """The child began on the first sheet; asked for another, it reads that one (and says nothing of the first)."""
    from openpyxl import load_workbook

    book = tmp_path / "two.xlsx"
    workbook = load_workbook(EXAMPLES / "hcmc-2021.xlsx")
    workbook.create_sheet("Ghi chú", 0).append(["Trang ghi chú, không có số liệu"])
    workbook.save(book)
    grid.begin_parsing(book)
    source = grid.open_source(book, sandbox_format(book))
    assert source.sheet(source.sheet_names[1]).rows  # not the begun one: parsed here
    assert not parses_taken.exists()
    assert not grid._begun_parse


def sandbox_format(path: Path) -> Any:
    from healthkpi.read.formats import sniff

    return sniff(path)


def test_the_command_started_as_a_process_writes_what_the_command_line_writes(tmp_path: Path) -> None:
    command = ["score", str(EXAMPLES / "hcmc-2021.xlsx"), "-t", "hcmc-2021", "-f", "json"]
    done = subprocess.run(
        [sys.executable, "-m", "healthkpi", *command],
        capture_output=True, text=True, check=False, timeout=120, cwd=ROOT,
    )  # fmt: skip
    plain = runner.invoke(app, command)
    assert done.returncode == plain.exit_code
    assert json.loads(done.stdout) == json.loads(plain.stdout)


def test_the_command_waits_for_the_childs_parse_before_importing_the_rest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`wait_for_the_parse` returns once the child given the read has its parsed sheet, not before;
    and at once when the child is gone (killed, crashed), never waiting on a dead child."""
    mark = tmp_path / "parsed"
    original = grid._parse_sheet

    def slow_parse(*args: Any) -> Any:
        found = original(*args)
        time.sleep(0.5)
        mark.write_text("parsed")
        return found

    monkeypatch.setattr(grid, "_parse_sheet", slow_parse)  # before the fork: the child has it too
    monkeypatch.setenv("HEALTHKPI_SANDBOX_START", "fork")
    sandbox.stand_by_for(Path(BOOK))
    assert sandbox._standing_by is not None
    sandbox.begin_isolated(rows_of_the_first_sheet, Path(BOOK), ())
    try:
        sandbox.wait_for_the_parse()
        assert mark.read_text() == "parsed"
        limits = sandbox.Limits.for_file(Path(BOOK))
        assert sandbox.run_isolated(rows_of_the_first_sheet, (Path(BOOK),), limits, BOOK) > 10
    finally:
        sandbox.let_begun_go()
    mark.unlink()
    sandbox.stand_by_for(Path(BOOK))
    standing = sandbox._standing_by
    assert standing is not None
    standing.process.kill()
    standing.process.join(30)
    sandbox.begin_isolated(rows_of_the_first_sheet, Path(BOOK), ())
    try:
        sandbox.wait_for_the_parse(seconds=300)  # returns at once: the pipe closed with the child
        assert not mark.exists()
    finally:
        sandbox.let_begun_go()


def rows_of_the_first_sheet(path: Path) -> int:
    """A read that takes the parse begun for `path` (run in the child: importable by name)."""
    source = grid.open_source(path, sandbox_format(path))
    return len(source.sheet(source.sheet_names[0]).rows)


def test_the_parsing_thread_leaves_ctrl_c_and_sigterm_to_the_main_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    """Taken by the parsing thread, a signal would leave the child's main thread waiting for its read
    for ever (and the command, stopping, waiting for the child): the thread is born with them held."""
    import signal

    masks: list[set[int]] = []
    original = grid._parse_sheet

    def parse(*args: Any) -> Any:
        masks.append(set(signal.pthread_sigmask(signal.SIG_BLOCK, [])))
        return original(*args)

    monkeypatch.setattr(grid, "_parse_sheet", parse)
    before = signal.pthread_sigmask(signal.SIG_BLOCK, [])
    grid.begin_parsing(Path(BOOK))
    assert signal.pthread_sigmask(signal.SIG_BLOCK, []) == before  # this thread's own mask as it was
    begun = grid._begun_parse.pop()
    assert begun.done.result(timeout=30)[0]
    assert masks
    assert {signal.SIGINT, signal.SIGTERM} <= masks[0]


def test_a_ctrl_c_while_starting_up_is_said_in_the_command_line_s_words(capsys: pytest.CaptureFixture[str]) -> None:
    from healthkpi.base.messages import ui
    from healthkpi.cli.exitcodes import INTERRUPTED

    assert start.INTERRUPTED == INTERRUPTED
    start._say_interrupted(["score", BOOK])
    start._say_interrupted(["score", BOOK, "--lang", "en"])
    assert capsys.readouterr().err.splitlines() == [
        f"healthkpi: {ui('interrupted', 'vi')}",
        f"healthkpi: {ui('interrupted', 'en')}",
    ]
