"""Every spreadsheet of ../shared/peer-workbooks — other projects' test files, crashers and bombs included.

Each must end with exit 0, 1 or 2 and, for 2, one paragraph naming the file
and saying what is wrong; never a traceback, a signal or a hang. One batch
over all of them and a good workbook must score the good one and name every
unreadable file. The corpus is read in place, never copied into the repo.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from healthkpi.cli import app
from tests.paths import ROOT

CORPUS = ROOT.parent / "shared" / "peer-workbooks"
EXAMPLE = ROOT / "examples" / "thanh-hoa-2021.xlsx"
pytestmark = pytest.mark.skipif(not (CORPUS / "MANIFEST.tsv").is_file(), reason="../shared/peer-workbooks is not here")


def corpus() -> list[str]:
    if not (CORPUS / "MANIFEST.tsv").is_file():
        return []
    lines = (CORPUS / "MANIFEST.tsv").read_text(encoding="utf-8").splitlines()[1:]
    return [line.split("\t")[0] for line in lines if line.strip()]


FILES = corpus()
runner = CliRunner()


@pytest.mark.parametrize("name", FILES)
def test_each_file_ends_with_0_1_or_2_and_a_clear_message(name: str) -> None:
    path = CORPUS / name
    result = runner.invoke(app, ["score", str(path), "-t", "thanh-hoa-2021", "-q", "--lang", "en"])
    assert result.exit_code in (0, 1, 2), (name, result.exit_code, result.output[-500:])
    assert "Traceback" not in result.output
    assert "internal error" not in result.output
    if result.exit_code == 2:
        message = result.stderr.strip()
        assert message.startswith(f"healthkpi: {path}"), message[:300]
        assert "\n" not in message  # one paragraph


# Runs a command and writes its peak resident memory (its own children included) to argv[1].
# A small go-between: a child forked from this test process inherits its high-water mark,
# which after the million-row test is far above anything healthkpi uses.
MEASURE_PEAK = """
import os, subprocess, sys
from tests.paths import ROOT
child = subprocess.Popen(sys.argv[2:])
_pid, status, usage = os.wait4(child.pid, 0)
open(sys.argv[1], "w").write(str(usage.ru_maxrss))
sys.exit(os.waitstatus_to_exitcode(status))
"""


def test_one_batch_over_the_whole_corpus_and_a_good_workbook(tmp_path: Path) -> None:
    good = tmp_path / "good-district.xlsx"
    shutil.copy(EXAMPLE, good)
    out = tmp_path / "cards"
    files = [str(CORPUS / name) for name in FILES]
    env = {**os.environ, "COLUMNS": "250"}
    command = [sys.executable, "-m", "healthkpi", "score", *files, str(good), "-t", "thanh-hoa-2021",
               "--output-dir", str(out), "-j", "2", "--lang", "en", "-q"]  # fmt: skip
    peak_file = tmp_path / "peak"
    result = subprocess.run(
        [sys.executable, "-c", MEASURE_PEAK, str(peak_file), *command],
        capture_output=True, text=True, timeout=900, env=env, check=False,
    )  # fmt: skip
    peak_kb = int(peak_file.read_text())
    assert result.returncode == 1, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    assert "internal error" not in result.stderr
    assert (out / "good-district.xlsx").is_file()
    reasons = [line for line in result.stderr.splitlines() if not line.startswith("healthkpi: note:")]
    named = {name for name in FILES if any(str(CORPUS / name) in line for line in reasons)}
    written = {p.stem for p in out.iterdir()}
    scored = {name for name in FILES if re.sub(r"\.[^.]+$", "", Path(name).name) in written}
    handled = named | scored
    assert handled == set(FILES), sorted(set(FILES) - handled)[:10]
    print(f"\n{len(handled)}/{len(FILES)} handled: {len(scored)} scored, {len(named)} refused with a reason")
    assert peak_kb < 1024 * 1024, f"a reader process used {peak_kb // 1024} MB"
