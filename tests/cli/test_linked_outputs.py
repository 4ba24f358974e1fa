"""An output named through a symbolic link: written to the file it points to, the link kept; a link to
(or a name of) a device, a pipe or a socket is refused, nothing written or replaced."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.test_cli import EXAMPLE, assert_clean_failure, invoke
from tests.paths import ROOT


def test_a_linked_output_is_written_where_the_link_points_and_the_link_stays(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "card.json").write_text("old", encoding="utf-8")
    link = tmp_path / "card.json"
    link.symlink_to(shared / "card.json")
    assert invoke("score", str(EXAMPLE), "-o", str(link), "-q").exit_code == 1
    assert link.is_symlink()
    assert json.loads((shared / "card.json").read_text(encoding="utf-8"))["plan"]["id"] == "thanh-hoa-2021"
    assert sorted(p.name for p in shared.iterdir()) == ["card.json"]  # no temporary left beside it


def test_a_dangling_link_gets_its_file(tmp_path: Path) -> None:
    (tmp_path / "later").mkdir()
    link = tmp_path / "report.html"
    link.symlink_to(tmp_path / "later" / "report.html")
    assert invoke("report", str(EXAMPLE), "-o", str(link), "-q").exit_code == 1
    assert link.is_symlink()
    assert "<html" in (tmp_path / "later" / "report.html").read_text(encoding="utf-8")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_pipe_or_a_link_to_a_device_is_refused_and_left_as_it_is(tmp_path: Path) -> None:
    to_null = tmp_path / "null.json"
    to_null.symlink_to(os.devnull)
    result = invoke("score", str(EXAMPLE), "-o", str(to_null), "--lang", "en")
    assert_clean_failure(result, f"null.json → {os.devnull}: is not an ordinary file")
    assert "scorecard.json" in result.stderr  # a file name to use instead, of the same type
    assert to_null.is_symlink()
    pipe = tmp_path / "pipe.xlsx"
    os.mkfifo(pipe)
    assert_clean_failure(invoke("score", str(EXAMPLE), "-o", str(pipe)), "không phải một tệp thường")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["null.json", "pipe.xlsx"]


def test_a_link_to_a_device_is_refused_by_the_real_command(tmp_path: Path) -> None:
    to_null = tmp_path / "null.xlsx"
    to_null.symlink_to(os.devnull)
    done = subprocess.run(
        [sys.executable, "-m", "healthkpi", "score", str(EXAMPLE), "-o", str(to_null)],
        capture_output=True, text=True, cwd=ROOT, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 2
    assert "không phải một tệp thường" in done.stderr
    assert "Traceback" not in done.stderr
    assert to_null.is_symlink()
