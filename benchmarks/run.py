"""Measure healthkpi against its yardsticks, side by side in one run, and print the ratios.

    python benchmarks/generate.py && python benchmarks/run.py [--runs 5] [--quick]

Every figure is a whole process (start-up included) timed from outside. Each
comparison is made pair by pair: the command and its yardstick run in turn
(A B A B …), the ratio is taken for each pair and the median ratio reported,
so a machine that speeds up or slows down during the run moves both sides of a
pair alike. Peak memory is the largest resident set of any one process a run
waited for (the reading child included). Output: a Markdown table (pasted into
the README's Performance section) headed by the date and the machine.

healthkpi is measured as installed: its bytecode compiled first, as `pip install .` does. A
checkout installed with `pip install -e .` compiles each module on first import and keeps it,
unless PYTHONDONTWRITEBYTECODE is set (some machines set it): then every run would pay for
compiling the package again (about 0.1 s), which no installed copy does.
"""

from __future__ import annotations

import argparse
import compileall
import datetime as dt
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
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


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_kb: int


@dataclass(frozen=True)
class Pair:
    a: float  # median seconds of A
    b: float  # median seconds of B
    ratio: float  # median of A/B taken pair by pair
    a_peak: int  # KB, the largest of A's runs
    b_peak: int


def once(command: list[str], env: dict[str, str] | None = None) -> Run:
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _pid, _status, usage = os.wait4(process.pid, 0)  # this run's own peak, its children included
    process.returncode = 0
    return Run(time.perf_counter() - started, usage.ru_maxrss)


def paired(a: list[str], b: list[str], runs: int, env_a: dict[str, str] | None = None) -> Pair:
    """A and B in turn, after one warm-up each; medians and the median of the pairwise ratios."""
    once(a, env_a)
    once(b)
    a_runs, b_runs = [], []
    for _ in range(runs):
        a_runs.append(once(a, env_a))
        b_runs.append(once(b))
    return Pair(
        statistics.median(r.seconds for r in a_runs),
        statistics.median(r.seconds for r in b_runs),
        statistics.median(x.seconds / y.seconds for x, y in zip(a_runs, b_runs, strict=True)),
        max(r.peak_kb for r in a_runs),
        max(r.peak_kb for r in b_runs),
    )


def alone(command: list[str], runs: int, env: dict[str, str] | None = None) -> Run:
    once(command, env)
    done = [once(command, env) for _ in range(runs)]
    return Run(statistics.median(r.seconds for r in done), max(r.peak_kb for r in done))


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


def machine() -> str:
    model = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        memory = f", {os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GiB"
    except (ValueError, OSError, AttributeError):
        memory = ""
    return f"{os.cpu_count()} cores ({model}){memory}, Python {platform.python_version()}, {platform.system()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="pairs per comparison (default 5)")
    parser.add_argument("--quick", action="store_true", help="only the goals, not the extra rows")
    options = parser.parse_args()
    national, noisy, plan = DATA / "national.xlsx", DATA / "national-noisy.xlsx", DATA / "national.yaml"
    districts = sorted((DATA / "districts").glob("*.xlsx"))
    if not national.exists() or not noisy.exists() or not districts:
        sys.exit("run `python benchmarks/generate.py` first")
    runs = options.runs
    compileall.compile_dir(str(HERE.parent / "healthkpi"), quiet=1)  # as installed (see above)
    out = Path(tempfile.mkdtemp(prefix="healthkpi-bench-"))
    goals: list[tuple[str, str, str, str]] = []  # what, measured, goal, met
    rows: list[tuple[str, str, str]] = []

    def score(data: Path, output: str, *extra: str) -> list[str]:
        return [*HEALTHKPI, "score", str(data), "-t", str(plan), "-o", str(out / output), "-q", *extra]

    clean = paired(score(national, "n.json"), [PYTHON, "-c", BARE_PARSE, str(national)], runs)
    goals.append(
        ("clean national → JSON, against the bare parse", f"{clean.ratio:.2f} ×", "≤ 1.5 ×", _met(clean.ratio <= 1.5))
    )
    rows.append(("bare python-calamine parse of the national workbook (the floor)", f"{clean.b:.2f} s", ""))
    rows.append(("healthkpi score national → JSON", f"{clean.a:.2f} s", f"{clean.ratio:.2f} × the parse"))
    memory = clean.a_peak / clean.b_peak
    goals.append(
        (
            "peak memory of the clean national run, against the bare parse's",
            f"{memory:.2f} ×",
            "≤ 2 ×",
            _met(memory <= 2),
        )
    )
    rows.append(
        (
            "peak memory: bare parse / healthkpi national → JSON",
            f"{clean.b_peak / 1024:.0f} MB / {clean.a_peak / 1024:.0f} MB",
            f"{memory:.2f} ×",
        )
    )

    loud = paired(score(noisy, "noisy.json"), [PYTHON, "-c", BARE_PARSE, str(noisy)], runs)
    goals.append(
        ("noisy national → JSON, against the bare parse", f"{loud.ratio:.2f} ×", "≤ 3 ×", _met(loud.ratio <= 3))
    )
    rows.append(
        ("healthkpi score noisy national → JSON", f"{loud.a:.2f} s", f"{loud.ratio:.2f} × its parse ({loud.b:.2f} s)")
    )
    issues = _issue_count(out / "noisy.json")
    rows.append(
        (
            "  … data issues in it / size of the JSON",
            f"{issues:,}",
            f"{(out / 'noisy.json').stat().st_size / 1e6:.0f} MB",
        )
    )

    openpyxl = paired([PYTHON, "-c", OPENPYXL_READ, str(national)], score(national, "n2.json"), max(1, runs // 2))
    goals.append(
        (
            "pandas + openpyxl read alone, against healthkpi's whole run",
            f"{openpyxl.ratio:.1f} ×",
            "≥ 5 ×",
            _met(openpyxl.ratio >= 5),
        )
    )
    rows.append(
        (
            "pandas.read_excel(engine=openpyxl), read only",
            f"{openpyxl.a:.2f} s",
            f"{openpyxl.ratio:.1f} × healthkpi's run",
        )
    )

    one_district = districts[0]
    batch = [
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
    one = [*HEALTHKPI, "score", str(one_district), "-t", str(plan), "-o", str(out / "d.json"), "-q"]
    batched = paired([*batch, "-j", "2"], one, runs)
    goals.append(
        (
            f"{len(districts)} district workbooks in one call, against one",
            f"{batched.ratio:.1f} ×",
            "≤ 5 ×",
            _met(batched.ratio <= 5),
        )
    )
    rows.append(("one district workbook → JSON", f"{batched.b:.2f} s", ""))
    rows.append(
        (
            f"{len(districts)} district workbooks, one call, 2 workers",
            f"{batched.a:.2f} s",
            f"{batched.ratio:.1f} × one workbook",
        )
    )

    if not options.quick:
        no_sandbox = {**os.environ, "HEALTHKPI_NO_SANDBOX": "1"}
        raw = paired(score(national, "u.json"), score(national, "n3.json"), runs, no_sandbox)
        rows.append(("  … without the reader sandbox", f"{raw.a:.2f} s", f"the sandbox costs {1 / raw.ratio:.2f} ×"))
        excel = alone(score(national, "n.xlsx"), max(1, runs // 2))
        rows.append(
            (
                "healthkpi score national → Excel scorecard",
                f"{excel.seconds:.2f} s",
                f"{excel.seconds / clean.a:.1f} × the JSON run",
            )
        )
        floor = alone([PYTHON, "-c", EXPORT_FLOOR, str(out / "n.xlsx"), str(out / "floor.xlsx")], max(1, runs // 2))
        rows.append(
            (
                "xlsxwriter writing as many cells (export floor)",
                f"{floor.seconds:.2f} s",
                f"scorecard {(excel.seconds - clean.a) / floor.seconds:.2f} × floor*",
            )
        )
        report = alone(
            [*HEALTHKPI, "report", str(national), "-t", str(plan), "-o", str(out / "n.html"), "-q"], max(1, runs // 2)
        )
        rows.append(
            (
                "healthkpi report national → HTML",
                f"{report.seconds:.2f} s",
                f"{report.seconds / clean.a:.1f} × the JSON run",
            )
        )
        single = alone([*batch, "-j", "1"], max(1, runs // 2))
        rows.append(
            (
                f"{len(districts)} district workbooks, one call, 1 worker",
                f"{single.seconds:.2f} s",
                f"2 workers are {single.seconds / batched.a:.2f} × faster",
            )
        )
        typer_import = alone([PYTHON, "-c", "import typer"], runs * 2)
        for args in (["--version"], ["--help"], ["plans"]):
            seconds = alone([*HEALTHKPI, *args], runs * 2).seconds
            rows.append(
                (
                    f"healthkpi {' '.join(args)}",
                    f"{seconds:.2f} s",
                    f"{seconds / typer_import.seconds:.2f} × `import typer`",
                )
            )
        for factor, seconds in scoring_curve():
            rows.append(
                (
                    f"scoring alone, {factor} × national ({10_600 * factor:,} units × 20 indicators)",
                    f"{seconds:.2f} s",
                    "",
                )
            )

    print(f"{dt.date.today().isoformat()}, {machine()}; medians of {runs} pairs\n")
    print("| goal | measured | target | met? |")
    print("|---|---:|---:|---|")
    for what, measured, goal, met in goals:
        print(f"| {what} | {measured} | {goal} | {met} |")
    print("\n| measurement | median | ratio |")
    print("|---|---:|---|")
    for name, value, note in rows:
        print(f"| {name} | {value} | {note} |")
    if not options.quick:
        print("\n*the Excel scorecard's own cost (its run minus the JSON run) against the floor")


def _met(ok: bool) -> str:
    return "yes" if ok else "no"


def _issue_count(path: Path) -> int:
    import orjson

    return len(orjson.loads(path.read_bytes())["issues"])


if __name__ == "__main__":
    main()
