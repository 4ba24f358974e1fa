"""The command ends without the interpreter's teardown once all is written: the exit code, what
it printed and its exit handlers are as they would be, and it waits where something still runs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

import healthkpi.cli.app  # noqa: F401  (the module; `healthkpi.cli.app` the name is the Typer app)
from tests.paths import ROOT

EXAMPLE = ROOT / "examples" / "thanh-hoa-2021.xlsx"
MAIN = "import sys; from healthkpi.cli.app import main; sys.argv[0] = 'healthkpi'; main()"


def _healthkpi(*args: str, before: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", before + MAIN, *args],
        capture_output=True, text=True, check=False, timeout=120, cwd=ROOT,
    )  # fmt: skip


def test_everything_printed_on_a_pipe_arrives_and_the_exit_code_is_the_run_s() -> None:
    done = _healthkpi("score", str(EXAMPLE), "-f", "json")
    document = json.loads(done.stdout)  # the whole document: nothing left in a buffer
    assert document["results"]
    failing = any(r["status"] == "fail" for r in document["results"])
    assert done.returncode == (1 if failing else 0)


def test_bad_input_still_ends_with_exit_2_and_its_message() -> None:
    done = _healthkpi("score", "no-such-workbook.xlsx")
    assert done.returncode == 2
    assert "no-such-workbook.xlsx" in done.stderr


def test_exit_handlers_run_before_the_process_ends(tmp_path: Path) -> None:
    mark = tmp_path / "ran"
    before = f"import atexit; atexit.register(lambda: open({str(mark)!r}, 'w').write('ran')); "
    done = _healthkpi("--version", before=before)
    assert done.returncode == 0
    assert done.stdout.strip()
    assert mark.read_text() == "ran"


def test_it_does_not_leave_at_once_while_a_thread_still_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_exit(code: int) -> None:
        raise AssertionError(f"left at once with {code} while a thread ran")

    monkeypatch.setattr(os, "_exit", no_exit)
    stop = threading.Event()
    worker = threading.Thread(target=stop.wait)
    worker.start()
    try:
        sys.modules["healthkpi.cli.app"]._leave_at_once(0)  # returns: the usual exit will wait for the thread
    finally:
        stop.set()
        worker.join()


def test_exit_130_that_typer_makes_of_a_ctrl_c_says_so(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Typer turns a Ctrl+C while it parses the options into exit 130 and says nothing: main says it."""
    module = sys.modules["healthkpi.cli.app"]

    def typer_interrupted() -> None:
        raise SystemExit(130)

    monkeypatch.setattr(module, "app", typer_interrupted)
    monkeypatch.setattr(module, "_leave_at_once", lambda code: None)
    monkeypatch.setattr(module, "_interruption_said", [])
    monkeypatch.setattr(sys, "argv", ["healthkpi", "score", "x.xlsx", "--lang", "en"])
    with pytest.raises(SystemExit) as stopped:
        module.main()
    assert stopped.value.code == 130
    assert capsys.readouterr().err == "healthkpi: interrupted; no output was written\n"
    monkeypatch.setattr(module, "_interruption_said", [True])  # the command said it already: once is enough
    with pytest.raises(SystemExit):
        module.main()
    assert capsys.readouterr().err == ""
