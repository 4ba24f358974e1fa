"""Untrusted input: every file and plan is treated as hostile (the Guarantees section of the README)."""

from __future__ import annotations

import math
import os
import signal
import subprocess
import sys
import textwrap
import time
import unicodedata
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook
from typer.testing import CliRunner

import healthkpi
from healthkpi.base.errors import PlanError
from healthkpi.base.numbers import NotANumber, parse_number
from healthkpi.cli import app
from healthkpi.plan import expr
from healthkpi.plan.targets import parse_band, parse_target
from tests.conftest import write_plan
from tests.forms import BEDS_PLAN, beds_form
from tests.paths import ROOT

runner = CliRunner()
EXAMPLE = ROOT / "examples" / "thanh-hoa-2021.xlsx"
# Text built from the pieces an attack would use: names, calls, dunders, operators, quotes.
TRICKY = st.lists(
    st.sampled_from([*"ab_019.,+-*/()<>=! eE%'\"[]:;\\\n\t\u00a0\u200b", "__import__", "os", "system", "lambda", "**"]),
    max_size=40,
).map("".join)


def score_cli(*args: str):
    return runner.invoke(app, ["score", *args])


def assert_refused(result, fragment: str) -> None:
    assert result.exit_code == 2, result.output
    assert fragment in result.stderr, result.stderr
    assert "Traceback" not in result.output


# --- never executes input: the parsers only ever say "no" ------------------------------


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.text(), TRICKY))
def test_expression_parser_never_crashes_or_runs_code(text: str) -> None:
    try:
        parsed = expr.parse(text, allow_comparison=True)
    except expr.ExpressionError:
        return
    assert set(parsed.names) <= set(text.replace("(", " ").replace(")", " ").split()) | set(parsed.names)
    for name in parsed.names:
        assert name.isidentifier()
        assert name.isascii()


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.text(), st.from_regex(r"[-+ ]?[\d.,  ]{0,20}%?", fullmatch=True)), st.sampled_from(["vi", "en"]))
def test_number_parser_never_crashes_and_never_returns_nan_or_inf(text: str, locale: str) -> None:
    try:
        value = parse_number(text, locale)  # type: ignore[arg-type]
    except NotANumber:
        return
    assert value is None or math.isfinite(value)


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.text(), TRICKY, st.integers(), st.floats(), st.none(), st.dictionaries(st.text(), st.text())))
def test_target_and_band_parsers_only_raise_value_errors(raw: object) -> None:
    for parse in (parse_target, parse_band):
        message = ""
        try:
            parse(raw)
        except ValueError as exc:
            message = str(exc)
        assert len(message) < 400  # a short message, even for a huge input


def test_alias_bomb_in_a_value_that_an_error_message_would_print(tmp_path: Path) -> None:
    lines = ["b0: &b0 [" + ",".join(["lol"] * 40) + "]"]
    for level in (1, 2):
        lines.append(f"b{level}: &b{level} [" + ",".join([f"*b{level - 1}"] * 40) + "]")
    # 64,000 values where a target should be: the message must quote it briefly, and fast.
    text = "\n".join(lines) + "\n" + BEDS_PLAN.replace('    target: ">= 36.5"', "    target: *b2")
    started = time.process_time()
    with pytest.raises(PlanError) as caught:
        healthkpi.load_plan(write_plan(tmp_path, text))
    assert time.process_time() - started < 20
    messages = [str(p) for p in caught.value.problems]
    assert any("indicators[beds_per_10k].target: expected a comparison" in m for m in messages)
    assert all(len(m) < 1000 for m in messages)
    deeper = "\n".join([*lines, "b3: &b3 [" + ",".join(["*b2"] * 40) + "]"]) + "\n" + BEDS_PLAN
    with pytest.raises(PlanError, match="expands to more than"):
        healthkpi.load_plan(write_plan(tmp_path, deeper, name="deeper.yaml"))


def test_alias_bomb_beside_a_workbook_that_records_its_plan(tmp_path: Path) -> None:
    """Finding the plan beside the data reads an untrusted file: it goes through the bounded reader."""
    lines = ["b0: &b0 [" + ",".join(["lol"] * 40) + "]"]
    lines += [f"b{n}: &b{n} [" + ",".join([f"*b{n - 1}"] * 40) + "]" for n in range(1, 8)]  # 40^8 values
    (tmp_path / "healthkpi.yaml").write_text("\n".join(lines) + "\nplan: {id: thanh-hoa-2021}\n", encoding="utf-8")
    data = tmp_path / "huyen.xlsx"
    data.write_bytes((ROOT / "examples" / "thanh-hoa-2021.xlsx").read_bytes())
    done = subprocess.run(
        [sys.executable, "-m", "healthkpi", "score", str(data), "-q"],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 1, done.stderr  # the bomb is passed over; the bundled plan scores the workbook


# --- bounded resources -------------------------------------------------------------------


def zip_bomb(path: Path, megabytes: int) -> Path:
    """A workbook-shaped zip whose shared strings expand to `megabytes` of one letter."""
    good = beds_form().write(path.with_suffix(".good.xlsx"))
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename != "xl/sharedStrings.xml":
                target.writestr(info, source.read(info))
        with target.open("xl/sharedStrings.xml", "w", force_zip64=True) as stream:
            chunk = b"a" * (1 << 20)
            for _ in range(megabytes):
                stream.write(chunk)
    return path


def test_zip_bomb_is_refused_before_parsing_with_an_override(tmp_path: Path) -> None:
    bomb = zip_bomb(tmp_path / "bomb.xlsx", 600)
    assert bomb.stat().st_size < 2_000_000  # a small file…
    result = score_cli(str(bomb), "-t", "thanh-hoa-2021", "--lang", "en")
    assert_refused(result, "bomb.xlsx: the workbook would expand to 600.0 MB, more than the limit of 300.0 MB")
    assert "--max-size" in result.stderr
    small = zip_bomb(tmp_path / "small.xlsx", 20)
    assert_refused(
        score_cli(str(small), "-t", "thanh-hoa-2021", "--max-size", "10MB", "--lang", "en"), "limit of 10.0 MB"
    )
    raised = score_cli(str(small), "-t", "thanh-hoa-2021", "--max-size", "1GB")
    assert "would expand" not in raised.stderr  # the override lets it through to the reader


def test_xml_entity_expansion_does_not_happen(tmp_path: Path) -> None:
    path = beds_form().write(tmp_path / "entities.xlsx")
    laughs = (
        '<!DOCTYPE lolz [<!ENTITY a "lololololololololololol">'
        + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9))
        + "]>"
    )
    with zipfile.ZipFile(path) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    parts["xl/worksheets/sheet1.xml"] = (
        sheet.replace("?>", "?>" + laughs, 1).replace("<v>1</v>", "<v>&j;</v>", 1).encode()
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, body in parts.items():
            target.writestr(name, body)
    result = score_cli(str(path), "-t", write_plan(tmp_path, BEDS_PLAN).as_posix())
    assert result.exit_code in (1, 2)
    assert "Traceback" not in result.output


def test_ten_thousand_columns(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append([f"Cột {i}" for i in range(10_000)])
    ws.append(list(range(10_000)))
    wb.save(tmp_path / "wide.xlsx")
    result = score_cli(str(tmp_path / "wide.xlsx"), "-t", "thanh-hoa-2021", "--lang", "en")
    assert_refused(result, "no sheet has a column for any variable")


def test_a_million_rows(tmp_path: Path) -> None:
    path = tmp_path / "tall.csv"
    with path.open("w", encoding="utf-8") as out:
        out.write("Đơn vị,Dân số,Giường bệnh,Bác sỹ\n")
        for n in range(1_000_000):
            out.write(f"Xã {n},{1000 + n % 7},{3 + n % 5},{1 + n % 3}\n")
    plan = healthkpi.load_plan(write_plan(tmp_path, BEDS_PLAN))
    card = healthkpi.score(plan, healthkpi.read_data(path, plan))
    assert card.totals[0].units_covered == 1_000_000


# --- broken files -------------------------------------------------------------------------


def test_password_protected_workbook(tmp_path: Path) -> None:
    # An encrypted .xlsx is an OLE container with an EncryptionInfo stream.
    fake = tmp_path / "khoa.xlsx"
    fake.write_bytes(
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + "EncryptionInfo".encode("utf-16-le") + b"\0" * 2000
    )
    assert_refused(score_cli(str(fake), "-t", "thanh-hoa-2021"), "khoa.xlsx: the workbook is protected with a password")


@pytest.mark.parametrize(
    ("units", "total", "fragment"),
    [
        ([], None, "has the plan's header (row 6) but no unit rows under it"),
        ([], "Tổng cộng", "but only a total row under it"),
    ],
)
def test_only_a_header_or_only_a_total(tmp_path: Path, units: list, total: str | None, fragment: str) -> None:
    form = beds_form(total=total, total_values={"population": 1, "hospital_beds": 1, "doctors": 1} if total else None)
    form.units = units
    path = form.write(tmp_path / "blank.xlsx")
    assert_refused(score_cli(str(path), "-t", str(write_plan(tmp_path, BEDS_PLAN))), fragment)


# --- text quirks and numbers -------------------------------------------------------------------


def test_nfd_names_long_names_and_invisible_characters_come_out_nfc(tmp_path: Path) -> None:
    long_name = "Xã " + "Thạch " * 800
    form = beds_form(total=None)
    form.units = [
        (unicodedata.normalize("NFD", "Thọ Xuân"), form.units[0][1]),
        ("Hà\u200bTrung\u00a0", form.units[1][1]),
        (long_name, form.units[2][1]),
    ]
    plan = healthkpi.load_plan(write_plan(tmp_path, BEDS_PLAN))
    card = healthkpi.score(plan, healthkpi.read_data(form.write(tmp_path / "nfd.xlsx"), plan))
    names = list(dict.fromkeys(r.unit for r in card.results))
    assert names[:2] == ["Thọ Xuân", "HàTrung"]
    assert all(unicodedata.is_normalized("NFC", n) for n in names)
    assert names[2] == long_name.strip()


def test_huge_nan_and_negative_zero_numbers_never_reach_an_output(tmp_path: Path) -> None:
    form = beds_form(total=None)
    # The largest figure a cell may hold (10^15; beyond it a cell is not a number) still overflows
    # once divided: 1e15 × 10,000 / 1e-300.
    form.units[0][1].update(population=1e-300, hospital_beds=1e15)
    form.units[1][1].update(doctors=-0.0)
    form.units[2][1].update(population="nan", doctors="inf")
    plan = healthkpi.load_plan(write_plan(tmp_path, BEDS_PLAN))
    card = healthkpi.score(plan, healthkpi.read_data(form.write(tmp_path / "n.xlsx"), plan))
    from healthkpi.render.jsondoc import render_json

    text = render_json(card, "en")
    assert "NaN" not in text
    assert "Infinity" not in text
    assert '"value": -0' not in text
    overflow = [i for i in card.issues if i.template == "not_finite"]
    assert [(i.unit, i.facts["indicator"]) for i in overflow] == [("Thọ Xuân", "beds_per_10k")]
    assert {i.where for i in card.issues if i.code == "not_a_number" and i.unit == "Mường Lát"} == {
        "Số liệu!C10",
        "Số liệu!E10",
    }


# --- nothing lost ---------------------------------------------------------------------------------

INTERRUPTED_WRITER = """
import signal, sys, time
from pathlib import Path
from healthkpi.cli.app import _terminated
from healthkpi.cli.files import write_with
signal.signal(signal.SIGTERM, _terminated)
target, marker = Path(sys.argv[1]), Path(sys.argv[2])
def slow(temporary):
    temporary.write_bytes(b"half a scorecard")
    marker.write_text("writing")
    time.sleep(60)
try:
    write_with(target, slow)
except KeyboardInterrupt:
    sys.exit(130)
"""


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_interrupted_write_leaves_the_earlier_file_and_no_partial_one(tmp_path: Path, signum: int) -> None:
    target, marker = tmp_path / "card.xlsx", tmp_path / "marker"
    target.write_bytes(b"the earlier scorecard")
    process = subprocess.Popen([sys.executable, "-c", textwrap.dedent(INTERRUPTED_WRITER), str(target), str(marker)])
    deadline = time.monotonic() + 60
    while not marker.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    process.send_signal(signum)
    assert process.wait(timeout=60) == 130
    assert target.read_bytes() == b"the earlier scorecard"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["card.xlsx", "marker"]


def test_inputs_are_never_modified_and_outputs_repeat_exactly(tmp_path: Path) -> None:
    data = tmp_path / "district.xlsx"
    data.write_bytes(EXAMPLE.read_bytes())
    before = (data.read_bytes(), data.stat().st_mtime_ns)
    for n in (1, 2):
        runner.invoke(app, ["score", str(data), "-o", str(tmp_path / f"card{n}.xlsx"), "-q"])
        runner.invoke(app, ["score", str(data), "-o", str(tmp_path / f"card{n}.csv"), "-q"])
    assert (data.read_bytes(), data.stat().st_mtime_ns) == before
    assert (tmp_path / "card1.csv").read_bytes() == (tmp_path / "card2.csv").read_bytes()
    first, second = (load_workbook(tmp_path / f"card{n}.xlsx") for n in (1, 2))
    for a, b in zip(first, second, strict=True):
        assert [[c.value for c in row] for row in a.iter_rows()] == [[c.value for c in row] for row in b.iter_rows()]


def test_sandbox_survives_a_reader_that_aborts(tmp_path: Path) -> None:
    from healthkpi.base.errors import WorkbookError
    from healthkpi.read.sandbox import Limits, run_isolated

    if sys.platform == "win32":
        pytest.skip("no fork on Windows")
    with pytest.raises(WorkbookError, match="SIGABRT"):
        run_isolated(os.abort, (), Limits(memory=1 << 30, seconds=30), "crash.xls")
    with pytest.raises(WorkbookError, match="took longer than 1 s"):
        run_isolated(time.sleep, (30,), Limits(memory=1 << 30, seconds=1), "slow.xls")
    with pytest.raises(WorkbookError, match="needs more than 256 MB of memory"):
        run_isolated(bytearray, (1 << 34,), Limits(memory=256 << 20, seconds=30), "greedy.xls")
