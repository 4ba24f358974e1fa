"""The `healthkpi` command's start (and `python -m healthkpi`): then the command line, cli/app.py.

`healthkpi score national.xlsx …` spends its first quarter of a second importing Typer, pydantic
and the rest, and reading the plan, before it can ask for its one workbook. So the reading child
for a lone .xlsx input is forked here first, and begins parsing the workbook's first sheet while
all that happens on the other core (read/sandbox.py, "standing by"); the command then gives it the
read it wants, or lets it go. Only an argument list understood for sure is acted on — `score`, one
existing .xlsx or .xlsm, and options known here — anything else is left to the command line alone.
"""

from __future__ import annotations

import sys

# `healthkpi score`'s options, by whether they take a value (tests/cli/test_standby.py holds these
# to the command's own); --sheet, --output-dir and --help are left out: no child stands by for them.
TAKING_A_VALUE = frozenset(
    [
        "-t",
        "--plan",
        "--targets",
        "-f",
        "--format",
        "-o",
        "--output",
        "--period",
        "--header-row",
        "--unit-column",
        "--parent-column",
        "--period-column",
        "--fail-on",
        "--lang",
        "--locale",
        "--encoding",
        "-j",
        "--jobs",
        "--max-size",
        "--history",
        "--unit-map",
        "--level",
        "-i",
        "--indicator",
        "-g",
        "--group",
        "-u",
        "--unit",
        "-s",
        "--status",
    ]
)
FLAGS = frozenset(["--allow-partial", "--strict", "-q", "--quiet", "--all-issues", "--matrix"])
WORKBOOKS = (".xlsx", ".xlsm")


def standby_input(argv: list[str]) -> str | None:
    """The one workbook `healthkpi score` is asked to read, when the arguments say so for sure."""
    if not argv or argv[0] != "score":
        return None
    given: list[str] = []
    words = iter(argv[1:])
    for word in words:
        if word == "--":
            given += list(words)
        elif word.startswith("-") and word != "-":
            name = word.split("=", 1)[0] if word.startswith("--") else word
            if name in TAKING_A_VALUE:
                if "=" not in word and next(words, None) is None:
                    return None
            elif name not in FLAGS or "=" in word:
                return None
        else:
            given.append(word)
    if len(given) != 1 or not given[0].lower().endswith(WORKBOOKS):
        return None
    import os

    return given[0] if os.path.isfile(given[0]) else None


def main() -> None:
    import signal

    signal.signal(signal.SIGTERM, _terminated)  # from the first moment, as the command line does
    try:
        workbook = standby_input(sys.argv[1:])
        if workbook is not None:
            from pathlib import Path

            from healthkpi.read.sandbox import stand_by_for

            stand_by_for(Path(workbook), _import_the_reader)
        from healthkpi.cli.app import main as command_line
    except KeyboardInterrupt:  # Ctrl+C (or SIGTERM) while starting up: nothing written yet, no traceback
        _say_interrupted(sys.argv[1:])
        sys.exit(INTERRUPTED)
    command_line()


def _import_the_reader() -> None:
    """Run in the standing-by child while it parses: the modules of the read it will be given
    (NumPy and read/*, a tenth of a second or more), which unpickling the job would import later."""
    import healthkpi.read.sheet  # noqa: F401


INTERRUPTED = 130  # cli/exitcodes.py's, not imported: the point is to answer before the imports


def _terminated(_signum: int, _frame: object) -> None:
    raise KeyboardInterrupt


def _say_interrupted(argv: list[str]) -> None:
    """The command line's own words for it, in the language asked for (said in full, or not at all).
    `--lang en` is looked for as cli/usage_words.py's `speaks_english` does, not imported from there:
    importing anything in cli/ loads Typer, which is what a Ctrl+C here may have interrupted."""
    import contextlib
    import itertools

    said = "vi"  # the last --lang given: a command's own comes after the group's
    for a, b in itertools.pairwise([*argv, ""]):
        if a == "--":
            break
        if a == "--lang" or a.startswith("--lang="):
            said = b if a == "--lang" else a.removeprefix("--lang=")
    english = said == "en"
    with contextlib.suppress(BaseException):  # a second Ctrl+C, a closed stderr: the exit code says it
        from healthkpi.base.messages import ui

        sys.stderr.write(f"healthkpi: {ui('interrupted', 'en' if english else 'vi')}\n")


if __name__ == "__main__":  # a spawned child process imports this module again: it must not run
    main()
