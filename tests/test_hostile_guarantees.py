"""The README's guarantees under attack (issue #17): one test per break a hostile review found.

Each test names the break it reproduces (#1 … #15). Every command here must end with exit 0, 1 or 2
(130 when stopped, 141 when its reader stopped reading) — never a traceback, never exit 3 — and no
input file may change. Process-level behaviour (signals, broken pipes, native aborts) runs the CLI
as a real process; the rest goes through Typer's CliRunner.
"""

from __future__ import annotations

import errno
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
import xlsxwriter
from markdown_it import MarkdownIt
from openpyxl import Workbook, load_workbook
from typer.testing import CliRunner

from healthkpi.cli import app
from tests.conftest import write_plan
from tests.forms import BEDS_PLAN, beds_form
from tests.paths import EXAMPLES, ROOT

runner = CliRunner()
HOSTILE = ROOT / "tests" / "data" / "hostile"
HEADER = "Đơn vị,Dân số,Giường bệnh,Bác sỹ\n"


def cli(*args: str | Path):
    return runner.invoke(app, [str(a) for a in args])


def run(*args: str | Path, timeout: float = 120, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "healthkpi", *map(str, args)],
        capture_output=True, text=True, timeout=timeout, check=False, cwd=cwd,
    )  # fmt: skip


def assert_clean(result, code: int, *fragments: str) -> None:
    """Exit `code`, each fragment in the messages, no traceback."""
    output = result.stdout + result.stderr
    assert result.exit_code == code, output
    for fragment in fragments:
        assert fragment in result.stderr, result.stderr
    assert "Traceback" not in output
    assert "internal error" not in output


def csv_data(path: Path, rows: list[str]) -> Path:
    path.write_text(HEADER + "".join(f"{row}\n" for row in rows), encoding="utf-8")
    return path


def good_csv(path: Path) -> Path:
    return csv_data(path, ["Thọ Xuân,395000,1234,500", "Hà Trung,200000,730,230", "Mường Lát,40000,100,40"])


@pytest.fixture
def examples(tmp_path: Path) -> Path:
    """A copy of the examples folder: the commands below try to destroy it."""
    return Path(shutil.copytree(EXAMPLES, tmp_path / "examples"))


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    return write_plan(tmp_path, BEDS_PLAN)


# --- #1 no output over any file healthkpi reads -------------------------------------------------


@pytest.mark.parametrize(
    ("data", "output", "extra"),
    [
        ("thanh-hoa-2021.xlsx", "annex/thanh-hoa-2021-annex.xlsx", []),  # the plan's unit_targets
        ("thanh-hoa-2021.xlsx", "annex/../annex/thanh-hoa-2021-annex.xlsx", []),  # spelt another way
        ("reorganisation/tam-duong-2022-2025-sap-xep.xlsx", "reorganisation/hierarchy.csv", []),
        ("reorganisation/tam-duong-2022-2025-sap-xep.xlsx", "reorganisation/unit-map.xlsx", []),
        ("reorganisation/tam-duong-2022-2025-sap-xep.xlsx", "map.xlsx", ["--unit-map", "map.xlsx"]),
    ],
)
def test_1_an_output_over_a_side_file_is_refused_and_the_file_unchanged(
    examples: Path, data: str, output: str, extra: list[str]
) -> None:
    shutil.copy(examples / "reorganisation" / "unit-map.xlsx", examples / "map.xlsx")
    target = examples / output
    before = target.read_bytes()
    extra = [str(examples / e) if e.endswith(".xlsx") else e for e in extra]
    result = cli("score", examples / data, "-o", target, "-q", *extra, "--lang", "en")
    assert_clean(result, 2, "is one of the inputs")
    assert target.read_bytes() == before
    assert healthy_example(examples)


def healthy_example(examples: Path) -> bool:
    """The Thanh Hóa example still scores with its annex (exit 1: some districts miss)."""
    return cli("score", examples / "thanh-hoa-2021.xlsx", "-q").exit_code == 1


def test_1_an_output_over_a_plan_that_is_extended_is_refused(tmp_path: Path) -> None:
    base = tmp_path / "base.json"  # a plan may be named anything, and -o picks the format by name
    base.write_text(BEDS_PLAN, encoding="utf-8")
    child = write_plan(tmp_path, "healthkpi: 1\nextends: base.json\n", name="child.yaml")
    data = good_csv(tmp_path / "d.csv")
    result = cli("score", data, "-t", child, "-o", base, "--lang", "en")
    assert_clean(result, 2, "is one of the inputs (a plan)")
    assert base.read_text(encoding="utf-8") == BEDS_PLAN


def test_1_template_never_overwrites_its_units_file(tmp_path: Path) -> None:
    units = tmp_path / "units.xlsx"
    wb = Workbook()
    for name in ("Mường Lát", "Quan Hóa"):
        wb.active.append([name])
    wb.save(units)
    before = units.read_bytes()
    result = cli("template", "thanh-hoa-2021", "-o", units, "--units-file", units, "--lang", "en")
    assert_clean(result, 2, "is one of the inputs (the --units-file list)")
    assert units.read_bytes() == before
    written = cli("template", "thanh-hoa-2021", "-o", tmp_path / "t.xlsx", "--units-file", units, "--lang", "en")
    assert written.exit_code == 0, written.output
    sheet = load_workbook(tmp_path / "t.xlsx")["Số liệu"]
    names = [sheet.cell(r, 2).value for r in range(6, sheet.max_row - 3)]  # above the total and signatures
    assert list(dict.fromkeys(n for n in names if n)) == ["Mường Lát", "Quan Hóa"]  # a workbook's first column


# --- #2 side files read in the sandbox, under --max-size -----------------------------------------


@pytest.mark.parametrize(
    ("crasher", "key"),
    [
        ("oleloop.xls", "hierarchy"),  # aborts the reader (or eats memory until killed)
        ("oleloop.xls", "unit_targets"),
        ("oleloop.xls", "--unit-map"),
        ("panic.xls", "hierarchy"),  # a Rust panic: a 175-line backtrace on standard error
    ],
)
def test_2_a_side_file_that_crashes_the_reader_is_one_plan_error(tmp_path: Path, crasher: str, key: str) -> None:
    shutil.copy(HOSTILE / crasher, tmp_path / crasher)
    data = good_csv(tmp_path / "d.csv")
    extra: list[str | Path] = []
    if key == "--unit-map":
        plan = write_plan(tmp_path, BEDS_PLAN)
        extra = ["--unit-map", tmp_path / crasher]
    else:
        plan = write_plan(tmp_path, f"{BEDS_PLAN}{key}: {crasher}\n")
    done = run("score", data, "-t", plan, *extra, "--lang", "en")
    assert done.returncode == 2, done.stderr
    assert f"{crasher} cannot be read" in done.stderr
    assert len(done.stderr.splitlines()) == 1  # no Rust backtrace, no Python traceback


def test_2_max_size_applies_to_side_files(tmp_path: Path) -> None:
    annex = tmp_path / "annex.csv"
    annex.write_text("unit,indicator,target\n" + "Mường Lát,beds_per_10k,22\n" * 1000, encoding="utf-8")
    plan = write_plan(tmp_path, f"{BEDS_PLAN}unit_targets: annex.csv\n")
    data = good_csv(tmp_path / "d.csv")
    result = cli("score", data, "-t", plan, "--max-size", "4KB", "-q", "--lang", "en")
    assert_clean(result, 2, "annex.csv cannot be read", "more than the limit of 4.0 KB")
    assert cli("score", data, "-t", plan, "--max-size", "1MB", "-q", "--lang", "en").exit_code == 1


# --- #3 a huge cell is not a number, in every output ----------------------------------------------


def test_3_a_cell_too_large_to_be_a_figure_is_not_a_number_everywhere(tmp_path: Path, plan: Path) -> None:
    data = csv_data(
        tmp_path / "huge.csv", ["Thọ Xuân,395000,1e26,500", "Hà Trung,-1e30,730,230", "Mường Lát,40000,100,40"]
    )
    document = json.loads(cli("score", data, "-t", plan, "-f", "json", "--lang", "en").stdout)
    bad = {(i["where"], i["code"]) for i in document["issues"] if i["code"] == "not_a_number"}
    assert bad == {("huge!C2", "not_a_number"), ("huge!B3", "not_a_number")}
    assert any("too large to be a figure" in i["message"] for i in document["issues"])
    for args in (
        ["score", data, "-t", plan],
        ["score", data, "-t", plan, "-f", "markdown"],
        ["score", data, "-t", plan, "-o", tmp_path / "card.xlsx"],
        ["report", data, "-t", plan, "-o", tmp_path / "r.html"],
        ["explain", data, "-t", plan, "-u", "Thọ Xuân"],
        ["explain", data, "-t", plan, "-u", "total"],
    ):
        result = cli(*args)
        assert result.exit_code in (0, 1), result.output
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(data, folder / "a.csv")
    good_csv(folder / "b.csv")
    batch = cli("report", folder, "-t", plan, "--output-dir", tmp_path / "reports", "--lang", "en")
    assert batch.exit_code == 1, batch.output
    assert sorted(p.name for p in (tmp_path / "reports").iterdir()) == ["a.html", "b.html"]


# --- #4 plans that crash the reader ---------------------------------------------------------------

DEEP = "[" * 600 + "]" * 600
PLANS_THAT_CRASHED = {
    "itself": "healthkpi: 1\nextends: bad.yaml\n",
    "cycle": "healthkpi: 1\nextends: other.yaml\n",
    "deep": BEDS_PLAN.replace("  title: Kế hoạch thử\n", f"  title: {DEEP}\n"),
    "huge_integer": BEDS_PLAN + "constants:\n  huge: " + "9" * 5000 + "\n",
}
EXPECTED = {
    "itself": "bad.yaml:2: extends: the plan extends itself",
    "cycle": "makes a circle of plans",
    "deep": "nested more than 50 levels deep",
    "huge_integer": "a number of 5,000 characters",
}


@pytest.mark.parametrize("kind", list(PLANS_THAT_CRASHED))
def test_4_plans_that_crashed_the_reader_are_plan_errors(tmp_path: Path, kind: str) -> None:
    bad = write_plan(tmp_path, PLANS_THAT_CRASHED[kind], name="bad.yaml")
    write_plan(tmp_path, "healthkpi: 1\nextends: bad.yaml\n", name="other.yaml")
    assert_clean(cli("check", bad, "--lang", "en"), 2, EXPECTED[kind])
    assert_clean(cli("score", good_csv(tmp_path / "d.csv"), "-t", bad, "--lang", "en"), 2, EXPECTED[kind])


@pytest.mark.parametrize("kind", ["deep", "huge_integer"])
def test_4_such_a_plan_beside_the_data_is_passed_over(tmp_path: Path, kind: str) -> None:
    (tmp_path / "healthkpi.yaml").write_text(PLANS_THAT_CRASHED[kind], encoding="utf-8")
    data = tmp_path / "huyen.xlsx"
    shutil.copy(EXAMPLES / "thanh-hoa-2021.xlsx", data)  # records thanh-hoa-2021: the bundled plan scores it
    result = cli("score", data, "-q")
    assert result.exit_code == 1, result.output


# --- #5 literals too large or too fine for exact arithmetic -------------------------------------


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("numerator: hospital_beds", "numerator: hospital_beds + 1e-5000"), "too small to compute with"),
        (("numerator: hospital_beds", "numerator: hospital_beds + 1e-999999999"), "too small to compute with"),
        (('target: ">= 36.5"', 'target: ">= 36.' + "5" * 5000 + '"'), "characters; a number in a plan has at most"),
        (('target: ">= 36.5"', 'target: ">= 36.' + "0" * 20 + '5"'), "has 21 decimals"),
    ],
)
def test_5_hostile_literals_are_plan_errors_with_their_line(
    tmp_path: Path, change: tuple[str, str], expected: str
) -> None:
    bad = write_plan(tmp_path, BEDS_PLAN.replace(*change, 1), name="bad.yaml")
    assert_clean(cli("check", bad, "--lang", "en"), 2, "bad.yaml:", expected)  # check said valid: checked first
    assert_clean(cli("score", good_csv(tmp_path / "d.csv"), "-t", bad, "--lang", "en"), 2, expected)


def test_5_an_annex_target_with_five_thousand_decimals_is_a_plan_error(tmp_path: Path) -> None:
    annex = f"unit,indicator,target\nMường Lát,beds_per_10k,>= 2{'.' + '5' * 5000}\n"
    (tmp_path / "annex.csv").write_text(annex, encoding="utf-8")
    plan = write_plan(tmp_path, f"{BEDS_PLAN}unit_targets: annex.csv\n")
    assert_clean(cli("check", plan, "--lang", "en"), 2, "annex.csv:2: target:", "a number in a plan has at most")
    assert_clean(
        cli("explain", good_csv(tmp_path / "d.csv"), "-t", plan, "-u", "Mường Lát", "--lang", "en"), 2, "annex.csv"
    )


# --- #6 chart titles are text, never a reference -------------------------------------------------


def test_6_an_indicator_name_that_looks_like_a_reference_stays_the_chart_title(tmp_path: Path) -> None:
    names = ["Tổng hợp!A1", "'C:\\\\x\\\\[book.xlsx]Sheet1'!$A$1"]
    text = BEDS_PLAN.replace("name: Số giường bệnh/vạn dân", f'name: "{names[0]}"').replace(
        "name: Số bác sỹ/vạn dân", f'name: "{names[1]}"'
    )
    plan = write_plan(tmp_path, text)
    out = tmp_path / "card.xlsx"
    assert cli("score", good_csv(tmp_path / "d.csv"), "-t", plan, "-o", out, "-q").exit_code == 1
    with zipfile.ZipFile(out) as book:
        charts = [book.read(n).decode() for n in sorted(book.namelist()) if n.startswith("xl/charts/chart")]
    titles = [chart.split("<c:title>")[1].split("</c:title>")[0] for chart in charts]
    assert len(titles) == 2
    for title, name in zip(titles, ["Tổng hợp!", "[book.xlsx]Sheet1"], strict=True):
        assert "<c:strRef>" not in title  # a literal, not a formula
        assert name in title.replace("\u2060", "")


# --- #7 nothing silently lost: formula errors, a stray quote -------------------------------------


def test_7_cached_formula_errors_are_not_a_number_and_the_unit_stays(tmp_path: Path, plan: Path) -> None:
    path = tmp_path / "errors.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("Số liệu")
    sheet.write_row(0, 0, ["Đơn vị", "Dân số", "Giường bệnh", "Bác sỹ"])
    sheet.write_row(1, 0, ["Thọ Xuân", 395000, 1234, 500])
    sheet.write_string(2, 0, "Hà Trung")  # every figure an error: not a section title
    for col, error in ((1, "#REF!"), (2, "#DIV/0!"), (3, "#N/A")):
        sheet.write_formula(2, col, "=1/0", None, error)
    sheet.write_row(3, 0, ["Mường Lát", 40000])
    sheet.write_formula(3, 2, "=1/0", None, "#DIV/0!")  # one error
    sheet.write_number(3, 3, 40)
    book.close()
    document = json.loads(cli("score", path, "-t", plan, "-f", "json").stdout)
    units = {r["unit"] for r in document["results"]}
    assert units == {"Thọ Xuân", "Hà Trung", "Mường Lát"}
    assert {r["status"] for r in document["results"] if r["unit"] == "Hà Trung"} == {"no_data"}
    errors = {(i["where"], i["code"]) for i in document["issues"] if "#" in i["message"]}
    assert errors == {
        ("Số liệu!B3", "not_a_number"),
        ("Số liệu!C3", "not_a_number"),
        ("Số liệu!D3", "not_a_number"),
        ("Số liệu!C4", "not_a_number"),
    }
    assert document["totals"][0]["units_total"] == 3


def test_7_a_stray_quote_in_a_csv_is_refused_with_its_line(tmp_path: Path, plan: Path) -> None:
    data = csv_data(
        tmp_path / "quote.csv",
        ['"Thọ Xuân,395000,1234,500', "Hà Trung,200000,730,230", "A,1,1,1", "B,2,2,2", "Mường Lát,40000,100,40"],
    )
    assert_clean(cli("score", data, "-t", plan, "--lang", "en"), 2, "quote.csv: line 2: a double quote")


# --- #8 a signal stops a batch at once ------------------------------------------------------------


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_8_sigterm_stops_a_batch_and_says_what_was_written(tmp_path: Path, plan: Path, jobs: str) -> None:
    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    for n in range(40):
        good_csv(folder / f"d{n:02}.csv")
    process = subprocess.Popen(
        [sys.executable, "-m", "healthkpi", "score", str(folder), "-t", str(plan), "--output-dir", str(out),
         "-f", "json", "-j", jobs, "--lang", "en"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ, "COLUMNS": "400"},
    )  # fmt: skip
    deadline = time.monotonic() + 120
    while not list(out.glob("*.json")) and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
    process.send_signal(signal.SIGTERM)
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    written = sorted(out.glob("*.json"))
    assert 1 <= len(written) < 40  # the queue was cancelled, not worked through
    for card in written:
        assert json.loads(card.read_text(encoding="utf-8"))["healthkpi"] == 1  # each one complete
    assert sorted(p.name for p in out.iterdir()) == [p.name for p in written]  # no temporary file left
    assert f"interrupted; {len(written)} of 40 scorecards were written in full" in stderr
    assert "no output was written" not in stderr  # said once, truly: not also the lone run's words
    for card in written:
        assert str(card) in stdout  # the summary names each file written
    assert "Traceback" not in stderr


# --- #9 output paths: usage errors, not bugs ---------------------------------------------------------


def test_9_an_output_that_is_a_folder_or_in_a_missing_folder(tmp_path: Path, plan: Path) -> None:
    data = good_csv(tmp_path / "d.csv")
    (tmp_path / "card.json").mkdir()
    assert_clean(
        cli("score", data, "-t", plan, "-o", tmp_path / "card.json", "--lang", "en"), 2, "card.json: is a folder"
    )
    assert_clean(cli("score", data, "-t", plan, "-o", tmp_path / "no" / "c.json", "--lang", "en"), 2, "does not exist")
    (tmp_path / "afile").write_text("x")
    assert_clean(
        cli("score", data, "-t", plan, "--output-dir", tmp_path / "afile" / "sub", "--lang", "en"),
        2,
        "cannot be created",
    )


def test_9_a_read_only_folder(tmp_path: Path, plan: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = good_csv(tmp_path / "d.csv")
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    # root writes anywhere: then the folder refuses as it would for anyone else
    if getattr(os, "geteuid", lambda: 1)() == 0:

        def refused(*_args: object, **_kwargs: object) -> tuple[int, str]:
            raise PermissionError(errno.EACCES, "Permission denied")

        monkeypatch.setattr("tempfile.mkstemp", refused)
    result = cli("score", data, "-t", plan, "-o", folder / "c.json", "--lang", "en")
    folder.chmod(0o755)
    assert_clean(result, 2, "c.json: cannot write in the folder", "permission denied")


@pytest.mark.parametrize("name", ["c.json", "c.xlsx"])
def test_9_a_full_disk(tmp_path: Path, plan: Path, monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    def full(*_args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    if name.endswith(".xlsx"):  # XlsxWriter's own error for it
        monkeypatch.setattr("xlsxwriter.workbook.Workbook._store_workbook", full)
    else:
        monkeypatch.setattr("os.fsync", full)
    result = cli("score", good_csv(tmp_path / "d.csv"), "-t", plan, "-o", tmp_path / name, "--lang", "en")
    assert_clean(result, 2, f"{name}: cannot be written (the disk is full)")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d.csv", "plan.yaml"]  # no temporary file left


def test_9_a_long_legal_name_is_written(tmp_path: Path, plan: Path) -> None:
    name = "a" * 245 + ".json"  # 250 bytes: legal, though a temporary name built from it would not be
    result = cli("score", good_csv(tmp_path / "d.csv"), "-t", plan, "-o", tmp_path / name, "-q", "--lang", "en")
    assert result.exit_code == 1, result.output
    assert json.loads((tmp_path / name).read_text(encoding="utf-8"))["healthkpi"] == 1
    assert_clean(
        cli("score", tmp_path / "d.csv", "-t", plan, "-o", tmp_path / ("a" * 300 + ".json"), "--lang", "en"),
        2,
        "longer than 255",
    )


def test_9_a_batch_output_that_cannot_be_written_is_named_not_a_bug(
    tmp_path: Path, plan: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    good_csv(folder / "a.csv")
    good_csv(folder / "b.csv")
    (out / "a.json").mkdir(parents=True)  # in the way of a's scorecard: refused before any work
    assert_clean(
        cli("score", folder, "-t", plan, "--output-dir", out, "-f", "json", "--lang", "en"), 2, "a.json: is a folder"
    )
    (out / "a.json").rmdir()

    def full(*_args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("os.fsync", full)  # the disk fills up during the batch (-j 1: in this process)
    result = cli("score", folder, "-t", plan, "--output-dir", out, "-f", "json", "-j", "1", "--lang", "en")
    assert_clean(result, 2, "a.json: cannot be written (the disk is full)", "b.json: cannot be written")
    assert "please report" not in result.output
    assert list(out.iterdir()) == []


@pytest.mark.parametrize("output_format", ["json", "table"])
def test_9_a_closed_pipe_ends_quietly(tmp_path: Path, plan: Path, output_format: str) -> None:
    reader, writer = os.pipe()
    os.close(reader)  # the reading end is gone before anything is written (`| head -0`)
    process = subprocess.Popen(
        [sys.executable, "-m", "healthkpi", "score", str(good_csv(tmp_path / "d.csv")), "-t", str(plan),
         "-f", output_format],
        stdout=writer, stderr=subprocess.PIPE, cwd=tmp_path,
    )  # fmt: skip
    os.close(writer)
    assert process.stderr is not None
    stderr = process.stderr.read().decode()
    assert process.wait(timeout=120) == 141, stderr  # 128 + SIGPIPE, as a shell reports it
    assert stderr == ""


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full here")
@pytest.mark.parametrize(("output_format", "lang", "words"), [
    ("table", "vi", "không ghi được ra đầu ra chuẩn (ổ đĩa đã đầy)"),
    ("json", "en", "standard output cannot be written (the disk is full)"),
    ("csv", "en", "standard output cannot be written (the disk is full)"),
])  # fmt: skip
def test_9_a_full_disk_under_standard_output_is_said_not_a_traceback(
    tmp_path: Path, plan: Path, output_format: str, lang: str, words: str
) -> None:
    with open("/dev/full", "w") as full:  # `healthkpi score … > /dev/full`: every write fails with ENOSPC
        result = subprocess.run(
            [sys.executable, "-m", "healthkpi", "score", str(good_csv(tmp_path / "d.csv")), "-t", str(plan),
             "-f", output_format, "--lang", lang],
            stdout=full, stderr=subprocess.PIPE, text=True, cwd=tmp_path, timeout=120, check=False,
        )  # fmt: skip
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith(f"healthkpi: {words}"), result.stderr
    assert result.stderr.count("\n") == 1  # one paragraph: no traceback, no "Exception ignored" at exit
    assert "-o" in result.stderr


def test_9_max_size_zero_is_refused(tmp_path: Path, plan: Path) -> None:
    result = cli("score", good_csv(tmp_path / "d.csv"), "-t", plan, "--max-size", "0", "--lang", "en")
    assert_clean(result, 2, "--max-size 0: the limit must be more than 0 bytes")


# --- #10 no control codes from inputs reach the terminal -----------------------------------------


def test_10_escape_sequences_in_cells_and_names_never_reach_the_terminal(tmp_path: Path, plan: Path) -> None:
    data = csv_data(
        tmp_path / "esc.csv",
        [
            "\x1b[1A\x1b[2KThọ Xuân,395000,1234,500",
            "\x1b]0;pwned\x07Hà Trung,200000,730,230",
            "Mường Lát,40000,x\x9b2J,40",
        ],
    )
    for args in (["score"], ["score", "--all-issues", "--lang", "en"], ["validate"], ["explain", "-u", "Mường Lát"]):
        result = cli(args[0], data, "-t", plan, *args[1:])
        assert result.exit_code in (0, 1), result.output
        for control in ("\x1b", "\x07", "\x9b"):
            assert control not in result.stdout + result.stderr
    assert "Thọ Xuân" in cli("score", data, "-t", plan).stdout  # shown, without what was around it
    odd = tmp_path / "bad\x1b[2Kname.xlsx"
    odd.write_bytes(b"\x00\x01\x02 not a workbook")
    refused = cli("score", odd, "-t", plan)
    assert refused.exit_code == 2
    assert "\x1b" not in refused.stderr
    assert "bad[2Kname.xlsx" in refused.stderr


# --- #11 a huge CSV field names its file ------------------------------------------------------------


def test_11_a_csv_field_over_the_field_limit_names_the_file_and_line(tmp_path: Path, plan: Path) -> None:
    data = csv_data(tmp_path / "wide.csv", ["Thọ Xuân,395000,1234,500", "Hà Trung," + "9" * 200_000 + ",730,230"])
    assert_clean(
        cli("score", data, "-t", plan, "--lang", "en"), 2, "wide.csv: line 3: a cell holds more than 131,072 characters"
    )


# --- #12 the cost of checks: bounded, and nothing dropped silently -----------------------------------


def test_12_a_plan_with_fifty_thousand_identical_checks_is_refused(tmp_path: Path) -> None:
    checks = "checks:\n" + "  - doctors <= population\n" * 50_000
    plan = write_plan(tmp_path, BEDS_PLAN + checks)
    assert_clean(cli("check", plan, "--lang", "en"), 2, "is listed 50,000 times; list it once")
    many = "checks:\n" + "".join(f"  - doctors <= population + {n}\n" for n in range(600))
    assert_clean(
        cli("check", write_plan(tmp_path, BEDS_PLAN + many, name="many.yaml"), "--lang", "en"), 2, "at most 500 items"
    )


def test_12_check_failures_past_the_limit_are_counted_not_listed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import healthkpi
    from healthkpi.quality import rules

    monkeypatch.setattr(rules, "MAX_CHECK_ISSUES", 5)
    rows = [f"Xã {n},1000,10,2000" for n in range(20)]  # 20 units where doctors > population
    data = csv_data(tmp_path / "many.csv", rows)
    plan = healthkpi.load_plan(write_plan(tmp_path, BEDS_PLAN + "checks:\n  - doctors <= population\n"))
    issues = [i for i in healthkpi.score(plan, healthkpi.read_data(data, plan)).issues if i.code == "check_failed"]
    assert len(issues) == 6
    assert "fails on 15 more rows, not listed one by one" in issues[-1].message("en")


def test_12_the_issues_sheet_says_what_does_not_fit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from healthkpi.render import excel

    monkeypatch.setattr(excel, "EXCEL_ROWS", 8)
    data = csv_data(tmp_path / "gaps.csv", [f"Xã {n},1000,," for n in range(10)])  # 20 missing values
    plan = write_plan(tmp_path, BEDS_PLAN)
    issues = len(json.loads(cli("score", data, "-t", plan, "-f", "json", "--lang", "en").stdout)["issues"])
    assert issues >= 20
    assert cli("score", data, "-t", plan, "-o", tmp_path / "c.xlsx", "-q", "--lang", "en").exit_code in (0, 1)
    sheet = load_workbook(tmp_path / "c.xlsx")["Data issues"]
    column = [row[0] for row in sheet.iter_rows(values_only=True)]
    assert len(column) == 8  # the header, six issues and the note, in a sheet of eight rows
    assert str(column[-1]).startswith(f"… and {issues - 6} more rows that do not fit on this sheet")


# --- #13 a plan id recorded in a workbook names a bundled plan only -----------------------------------


def test_13_a_recorded_plan_id_that_is_a_path_loads_nothing(tmp_path: Path) -> None:
    from healthkpi.plan.bundled import bundled_dir

    outside = tmp_path / "outside"
    outside.mkdir()
    write_plan(outside, BEDS_PLAN.replace("id: test-plan", "id: evil-plan"), name="evil.yaml")
    recorded = os.path.relpath(outside / "evil", bundled_dir())  # ../../…/outside/evil
    incoming = tmp_path / "incoming"
    incoming.mkdir()
    data = beds_form(record_plan=recorded).write(incoming / "huyen.xlsx")
    result = cli("score", data, "-f", "json", "--lang", "en")
    assert_clean(result, 2, "neither bundled nor next to the file")
    assert "evil-plan" not in result.stdout


# --- #14 plan discovery under the same limits -------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_14_a_fifo_given_as_data_is_refused_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "huyen.xlsx"
    os.mkfifo(fifo)
    done = run("score", fifo, "--lang", "en", timeout=60, cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert "is not an ordinary file" in done.stderr


def test_14_discovery_looks_into_the_data_under_max_size(tmp_path: Path) -> None:
    from healthkpi.base.errors import WorkbookError
    from healthkpi.read.workbook import peek_recorded_plan

    data = tmp_path / "huyen.xlsx"
    shutil.copy(EXAMPLES / "thanh-hoa-2021.xlsx", data)
    assert peek_recorded_plan(data, 300 << 20) == "thanh-hoa-2021"
    with pytest.raises(WorkbookError, match=r"more than the limit of 1\.0 KB"):
        peek_recorded_plan(data, 1024)


# --- #15 Markdown: names stay text ------------------------------------------------------------------


def test_15_file_and_unit_names_cannot_inject_markdown_or_html(tmp_path: Path) -> None:
    folder = tmp_path / "x\n# Injected heading\n<img src=x onerror=alert(1)>`code`"
    folder.mkdir()
    data = csv_data(
        folder / "d`s\n## sub.csv",
        [
            "<script>alert(1)</script>,395000,1234,500",
            "**bold** [link](http://x) &amp;,200000,730,230",
            "Mường Lát,40000,100,40",
        ],
    )
    title = "Plan <b>bold</b> # and `tick`"
    plan = write_plan(tmp_path, BEDS_PLAN.replace("title: Kế hoạch thử", f'title: "{title}"'))
    result = cli("score", data, "-t", plan, "-f", "markdown")
    assert result.exit_code == 1, result.output
    html = MarkdownIt("commonmark").enable("table").render(result.stdout)
    for injected in ("<img", "<script", "<b>", "<strong>bold</strong>", "<a href", "<code>code"):
        assert injected not in html
    assert "&amp;amp;" in html  # the entity stays the text it was
    assert re.findall(r"<h(\d)>", html) == ["1", "2"]  # the title and "Kỳ 2021": none from the inputs
    assert "Injected heading" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
