"""Measure healthkpi against the floor, side by side in one run, and print ratios.

    python benchmarks/generate.py && python benchmarks/run.py [--runs 3]

Every figure is a whole process (start-up included) timed from outside, the
median of --runs runs, and every comparison is made on the same files in the
same run, so the ratios hold on a shared, noisy machine where absolute times
do not. Output: a Markdown table (pasted into the README's Performance section).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
PYTHON = sys.executable
HEALTHKPI = [PYTHON, "-m", "healthkpi"]

BARE_PARSE = """
import sys, python_calamine as pc
wb = pc.CalamineWorkbook.from_path(sys.argv[1])
for name in wb.sheet_names:
    wb.get_sheet_by_name(name).to_python()
"""
OPENPYXL_READ = """
import sys, pandas as pd
pd.read_excel(sys.argv[1], engine="openpyxl", header=None, sheet_name=None)
"""
EXPORT_FLOOR = """
import sys, xlsxwriter
from openpyxl import load_workbook
cells = sum(ws.max_row * ws.max_column for ws in load_workbook(sys.argv[1], read_only=True))
wb = xlsxwriter.Workbook(sys.argv[2], {"constant_memory": True})
ws = wb.add_worksheet()
width = 24
for n in range(cells):
    r, c = divmod(n, width)
    if c == 0:
        ws.write_string(r, c, f"Xã {r:05d}")
    else:
        ws.write_number(r, c, n * 0.5)
wb.close()
"""
BASELINE = "import healthkpi.scoring.engine"


def timed(command: list[str], runs: int, env: dict[str, str] | None = None) -> tuple[float, int]:
    """Median wall seconds over `runs` and the largest peak RSS (KB) of any process it waited for."""
    times = []
    peak = 0
    for _ in range(runs):
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        _pid, _status, usage = os.wait4(process.pid, 0)  # this run's own peak, its children included
        times.append(time.perf_counter() - started)
        process.returncode = 0
        peak = max(peak, usage.ru_maxrss)
    return statistics.median(times), peak


def scoring_curve() -> list[tuple[int, float]]:
    """Scoring alone (given the data as a DataFrame) at 1×, 4× and 16× the national size."""
    import numpy as np
    import pandas as pd

    import healthkpi
    from healthkpi.read.dataset import DataSet

    plan = healthkpi.load_plan(DATA / "national.yaml")
    rng = np.random.default_rng(7)
    points = []
    for factor in (1, 4, 16):
        units = 10_600 * factor
        wholes = {f"v{v:02d}": rng.integers(800, 12_000, units).astype(float) for v in range(2, 41, 2)}
        parts = {
            f"v{v - 1:02d}": np.floor(whole * rng.uniform(0.82, 1.0, units))
            for v, whole in ((int(k[1:]), w) for k, w in wholes.items())
        }  # a part never exceeds its whole
        frame = pd.DataFrame({**parts, **wholes})
        frame["unit"] = [f"Xã {n:06d}" for n in range(units)]
        data = DataSet.from_frame(frame, plan)
        started = time.perf_counter()
        healthkpi.score(plan, data)
        points.append((factor, time.perf_counter() - started))
    return points


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()
    national, plan = DATA / "national.xlsx", DATA / "national.yaml"
    districts = sorted((DATA / "districts").glob("*.xlsx"))
    if not national.exists() or not districts:
        sys.exit("run `python benchmarks/generate.py` first")
    runs = options.runs
    out = Path(tempfile.mkdtemp(prefix="healthkpi-bench-"))
    rows: list[tuple[str, str, str]] = []

    def row(name: str, seconds: float, note: str = "") -> None:
        rows.append((name, f"{seconds:.2f} s", note))

    bare, _bare_peak = timed([PYTHON, "-c", BARE_PARSE, str(national)], runs)
    score_json, json_peak = timed(
        [*HEALTHKPI, "score", str(national), "-t", str(plan), "-o", str(out / "n.json"), "-q"], runs
    )
    score_xlsx, _ = timed([*HEALTHKPI, "score", str(national), "-t", str(plan), "-o", str(out / "n.xlsx"), "-q"], runs)
    report_html, _ = timed(
        [*HEALTHKPI, "report", str(national), "-t", str(plan), "-o", str(out / "n.html"), "-q"], runs
    )
    unsandboxed, _ = timed(
        [*HEALTHKPI, "score", str(national), "-t", str(plan), "-o", str(out / "u.json"), "-q"],
        runs,
        env={**os.environ, "HEALTHKPI_NO_SANDBOX": "1"},
    )
    openpyxl, _ = timed([PYTHON, "-c", OPENPYXL_READ, str(national)], 1)
    export_floor, _ = timed([PYTHON, "-c", EXPORT_FLOOR, str(out / "n.xlsx"), str(out / "floor.xlsx")], runs)
    row("bare python-calamine parse of the national workbook (the floor)", bare)
    row("healthkpi score national → JSON", score_json, f"{score_json / bare:.2f} × floor")
    row("  … without the reader sandbox", unsandboxed, f"sandbox costs {score_json / unsandboxed:.2f} ×")
    row("pandas.read_excel(engine=openpyxl), read only", openpyxl, f"healthkpi is {openpyxl / score_json:.1f} × faster")
    row("healthkpi score national → Excel scorecard", score_xlsx)
    row("healthkpi report national → HTML", report_html, f"{report_html / score_json:.2f} × the JSON run")
    row(
        "xlsxwriter writing as many cells (export floor)",
        export_floor,
        f"scorecard {(score_xlsx - score_json) / export_floor:.2f} × floor*",
    )

    one_district = districts[0]
    single, _ = timed([*HEALTHKPI, "score", str(one_district), "-t", str(plan), "-o", str(out / "d.json"), "-q"], runs)
    single_raw, _ = timed(
        [*HEALTHKPI, "score", str(one_district), "-t", str(plan), "-o", str(out / "d2.json"), "-q"],
        runs,
        env={**os.environ, "HEALTHKPI_NO_SANDBOX": "1"},
    )
    batch_args = [
        *HEALTHKPI,
        "score",
        *map(str, districts),
        "-t",
        str(plan),
        "--output-dir",
        str(out / "b"),
        "-f",
        "json",
        "-q",
    ]
    batch_two, _ = timed([*batch_args, "-j", "2"], runs)
    batch_one, _ = timed([*batch_args, "-j", "1"], runs)
    row("one district workbook → JSON", single)
    row("  … without the reader sandbox", single_raw, f"sandbox costs {single / single_raw:.2f} ×")
    row(
        f"{len(districts)} district workbooks, one call, 2 workers",
        batch_two,
        f"{batch_two / single:.1f} × one workbook",
    )
    row(
        f"{len(districts)} district workbooks, one call, 1 worker",
        batch_one,
        f"2 workers are {batch_one / batch_two:.2f} × faster",
    )

    typer_import, _ = timed([PYTHON, "-c", "import typer"], runs * 2)
    for args in (["--version"], ["--help"], ["plans"]):
        seconds, _ = timed([*HEALTHKPI, *args], runs * 2)
        row(f"healthkpi {' '.join(args)}", seconds, f"{seconds / typer_import:.2f} × `import typer`")

    _baseline, baseline_peak = timed([PYTHON, "-c", BASELINE], runs)
    cells = 10_600 * 3 * 43
    above = json_peak - baseline_peak
    budget = 4 * cells * 16 / 1024
    rows.append(
        (
            "peak memory above the interpreter with healthkpi imported",
            f"{above / 1024:.0f} MB",
            f"goal ≤ {budget / 1024:.0f} MB (4 × cells × 16 B)",
        )
    )

    for factor, seconds in scoring_curve():
        rows.append(
            (f"scoring alone, {factor} × national ({10_600 * factor:,} units × 20 indicators)", f"{seconds:.2f} s", "")
        )

    print("| measurement | median | ratio |")
    print("|---|---:|---|")
    for name, value, note in rows:
        print(f"| {name} | {value} | {note} |")
    print("\n*the Excel scorecard's own cost (its run minus the JSON run) against the floor")


if __name__ == "__main__":
    main()
