"""--history and `healthkpi history`: runs recorded, what changed between them, the file's safety.

Small CSV workbooks in tmp_path; the command line through Typer's runner and as real
processes (two at once; one killed with SIGKILL while it writes)."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

from typer.testing import CliRunner

from healthkpi.cli import app
from healthkpi.scoring.history import SCHEMA_VERSION
from tests.forms import BEDS_PLAN
from tests.paths import ROOT

runner = CliRunner()
HEADER = "Đơn vị,Dân số,Giường bệnh,Bác sỹ\n"
ROWS = {"Mường Lát": (100000, 400, 120), "Quan Hóa": (200000, 600, 240), "Quan Sơn": (150000, 560, 180)}


def write_data(path: Path, **changed: tuple[int, int, int]) -> Path:
    rows = {**ROWS, **changed}
    path.write_text(HEADER + "".join(f"{u},{p},{b},{d}\n" for u, (p, b, d) in rows.items()), encoding="utf-8")
    return path


def setup(tmp_path: Path) -> tuple[Path, Path]:
    plan = tmp_path / "plan.yaml"
    plan.write_text(BEDS_PLAN, encoding="utf-8")
    return plan, write_data(tmp_path / "data.csv")


def invoke(*args: str, env: dict[str, str] | None = None):
    return runner.invoke(app, list(args), env={"COLUMNS": "100", **(env or {})})


def runs_in(db: Path) -> list[int]:
    with sqlite3.connect(db) as connection:
        return [row[0] for row in connection.execute("SELECT id FROM runs ORDER BY id")]


def test_two_runs_with_a_corrected_figure_show_exactly_that_change(tmp_path: Path) -> None:
    plan, data = setup(tmp_path)
    db = tmp_path / "history.sqlite"
    first = invoke("score", str(data), "-t", str(plan), "--history", str(db), "-f", "json")
    assert first.exit_code == 1, first.output
    document = json.loads(first.stdout)
    assert document["changes"]["since"] is None
    assert document["changes"]["run"] == 1

    write_data(data, **{"Quan Hóa": (200000, 800, 240)})  # the district resubmits: 600 beds were 800
    second = invoke("score", str(data), "-t", str(plan), "--history", str(db), "-f", "json")
    assert second.exit_code == 0, second.output  # exit codes as without --history: every target met now
    changes = json.loads(second.stdout)["changes"]
    assert changes["since"]["run"] == 1
    assert changes["revised"] == [
        {
            "unit": "Quan Hóa", "period": None, "variable": "hospital_beds", "before": 600.0, "after": 800.0,
            "where": "data!C3", "where_before": "data!C3",
        }
    ]  # fmt: skip
    assert [(c["unit"], c["indicator"], c["before"], c["after"]) for c in changes["statuses"]] == [
        ("Quan Hóa", "beds_per_10k", "fail", "pass"),
        ("Toàn tỉnh", "beds_per_10k", "fail", "pass"),
    ]
    assert changes["new_issues"] == []
    assert changes["resolved_issues"] == []
    assert runs_in(db) == [1, 2]

    listed = invoke("history", str(db), "--lang", "en")
    assert listed.exit_code == 0, listed.output
    assert "2 runs in" in listed.stdout
    assert "test-plan" in listed.stdout
    runs = json.loads(invoke("history", str(db), "-f", "json").stdout)["runs"]
    assert [(r["id"], r["plan"]["id"], r["inputs"][0]["sha256"] is not None) for r in runs] == [
        (1, "test-plan", True),
        (2, "test-plan", True),
    ]
    assert runs[0]["inputs"][0]["sha256"] != runs[1]["inputs"][0]["sha256"]


def test_the_change_is_shown_in_the_terminal_and_in_markdown(tmp_path: Path) -> None:
    plan, data = setup(tmp_path)
    db = tmp_path / "h.sqlite"
    invoke("score", str(data), "-t", str(plan), "--history", str(db))
    write_data(data, **{"Quan Hóa": (200000, 800, 240)})
    terminal = invoke("score", str(data), "-t", str(plan), "--history", str(db), "--lang", "en")
    assert "Changes since the last run" in terminal.stdout
    assert "Run #2, against run #1" in terminal.stdout
    assert "Figure revised: Quan Hóa · Số giường bệnh: 600 → 800 (data!C3)" in terminal.stdout
    assert "Quan Hóa · Beds per 10,000: ✗ Missed → ✓ Met (30.0 → 40.0)" in terminal.stdout
    markdown = invoke("score", str(data), "-t", str(plan), "--history", str(db), "-f", "markdown")
    assert "## Thay đổi so với lần chạy trước" in markdown.stdout
    assert "Không có gì thay đổi." in markdown.stdout  # the third run: nothing changed since the second


def test_the_environment_names_the_history_file(tmp_path: Path) -> None:
    plan, data = setup(tmp_path)
    db = tmp_path / "from-env.sqlite"
    result = invoke("score", str(data), "-t", str(plan), "-q", env={"HEALTHKPI_HISTORY": str(db)})
    assert result.exit_code == 1, result.output
    assert runs_in(db) == [1]


def test_without_history_the_json_has_no_changes(tmp_path: Path) -> None:
    plan, data = setup(tmp_path)
    document = json.loads(invoke("score", str(data), "-t", str(plan), "-f", "json").stdout)
    assert "changes" not in document
    assert "actions" not in document


def test_an_output_over_the_history_file_is_refused(tmp_path: Path) -> None:
    plan, data = setup(tmp_path)
    db = tmp_path / "out.json"
    result = invoke("score", str(data), "-t", str(plan), "--history", str(db), "-o", str(db))
    assert result.exit_code == 2
    assert "là một trong các tệp đầu vào (tệp lịch sử)" in result.stderr
    result = invoke("score", str(data), "-t", str(plan), "--history", str(data))
    assert result.exit_code == 2
    assert "tệp lịch sử phải là một tệp riêng" in result.stderr
    assert data.read_text(encoding="utf-8").startswith(HEADER)


def test_a_newer_history_file_is_refused_in_the_users_language(tmp_path: Path) -> None:
    plan, data = setup(tmp_path)
    db = tmp_path / "h.sqlite"
    invoke("score", str(data), "-t", str(plan), "--history", str(db), "-q")
    with sqlite3.connect(db) as connection:
        connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    before = db.read_bytes()
    result = invoke("score", str(data), "-t", str(plan), "--history", str(db))
    assert result.exit_code == 2
    assert "tệp lịch sử này do phiên bản healthkpi mới hơn tạo ra" in result.stderr
    assert "Traceback" not in result.output
    english = invoke(
        "report", str(data), "-t", str(plan), "--history", str(db), "-o", str(tmp_path / "r.html"), "--lang", "en"
    )
    assert english.exit_code == 2
    assert "this history file was made by a newer healthkpi" in english.stderr
    assert not (tmp_path / "r.html").exists()
    assert db.read_bytes() == before
    assert invoke("history", str(db)).exit_code == 2


def test_a_file_that_is_not_a_history_is_refused(tmp_path: Path) -> None:
    plan, data = setup(tmp_path)
    other = tmp_path / "notes.txt"
    other.write_text("not a database", encoding="utf-8")
    result = invoke("score", str(data), "-t", str(plan), "--history", str(other), "--lang", "en")
    assert result.exit_code == 2
    assert "is not a healthkpi history file" in result.stderr
    foreign = tmp_path / "app.sqlite"
    with sqlite3.connect(foreign) as connection:
        connection.execute("CREATE TABLE t (x)")
    result = invoke("score", str(data), "-t", str(plan), "--history", str(foreign), "--lang", "en")
    assert result.exit_code == 2
    assert "another program" in result.stderr


def test_migration_from_the_first_schema(tmp_path: Path) -> None:
    """A history written by the first schema (no figures table) is brought up to date and its runs
    are kept, listed and compared with."""
    plan, data = setup(tmp_path)
    db = tmp_path / "h.sqlite"
    invoke("score", str(data), "-t", str(plan), "--history", str(db), "-q")
    with sqlite3.connect(db) as connection:  # as the first schema left it
        connection.execute("DROP TABLE figures")
        connection.execute("PRAGMA user_version = 1")
    write_data(data, **{"Quan Hóa": (200000, 800, 240)})
    result = invoke("score", str(data), "-t", str(plan), "--history", str(db), "-f", "json")
    assert result.exit_code == 0, result.output
    changes = json.loads(result.stdout)["changes"]
    assert changes["since"]["run"] == 1
    assert ("Quan Hóa", "fail", "pass") in [(c["unit"], c["before"], c["after"]) for c in changes["statuses"]]
    assert changes["revised"] == []  # the first schema kept no figures to compare with
    with sqlite3.connect(db) as connection:
        assert connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert connection.execute("SELECT count(*) FROM figures WHERE run_id = 2").fetchone()[0] == 9
    assert runs_in(db) == [1, 2]
    write_data(data, **{"Quan Hóa": (200000, 900, 240)})
    third = json.loads(invoke("score", str(data), "-t", str(plan), "--history", str(db), "-f", "json").stdout)
    assert [(r["before"], r["after"]) for r in third["changes"]["revised"]] == [(800.0, 900.0)]


def test_history_trend_of_a_unit_and_an_indicator(tmp_path: Path) -> None:
    plan, data = setup(tmp_path)
    db = tmp_path / "h.sqlite"
    for beds in (600, 700, 800):
        write_data(data, **{"Quan Hóa": (200000, beds, 240)})
        invoke("score", str(data), "-t", str(plan), "--history", str(db), "-q")
    result = invoke("history", str(db), "--unit", "Quan Hóa", "--indicator", "beds_per_10k", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "▁▅█" in result.stdout
    assert "30.00 ✗" in result.stdout
    assert "40.00 ✓" in result.stdout
    trends = json.loads(invoke("history", str(db), "-i", "beds_per_10k", "-f", "json").stdout)["trends"]
    quan_hoa = next(t for t in trends if t["unit"] == "Quan Hóa")
    assert [p["value"] for p in quan_hoa["points"]] == [30.0, 35.0, 40.0]
    assert any(t["total"] for t in trends)
    missing = invoke("history", str(db), "--unit", "Nowhere", "--lang", "en")
    assert missing.exit_code == 2
    assert "no recorded run has a result for Nowhere" in missing.stderr


def test_the_report_carries_the_changes_and_a_chart_across_runs(tmp_path: Path) -> None:
    plan, data = setup(tmp_path)
    db = tmp_path / "h.sqlite"
    for beds, code in ((600, 1), (800, 0)):
        write_data(data, **{"Quan Hóa": (200000, beds, 240)})
        result = invoke("report", str(data), "-t", str(plan), "--history", str(db), "-o", str(tmp_path / "r.html"))
        assert result.exit_code == code, result.output
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert 'id="follow_up"' in html
    assert "Số liệu được sửa" in html
    assert "<polyline" in html  # the total across the two runs


def run_process(*args: str, cwd: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "NO_COLOR": "1", "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, *args], cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def test_two_runs_writing_at_once_both_succeed(tmp_path: Path) -> None:
    plan, data = setup(tmp_path)
    other = write_data(tmp_path / "other.csv", **{"Quan Hóa": (200000, 800, 240)})
    db = tmp_path / "h.sqlite"
    started = [
        run_process("-m", "healthkpi", "score", str(path), "-t", str(plan), "--history", str(db), "-q", cwd=tmp_path)
        for path in (data, other)
    ]
    for process, code in zip(started, (1, 0), strict=True):  # `other` meets every target
        _out, err = process.communicate(timeout=300)
        assert process.returncode == code, err
    assert runs_in(db) == [1, 2]
    with sqlite3.connect(db) as connection:
        counts = connection.execute("SELECT run_id, count(*) FROM results GROUP BY run_id").fetchall()
        assert counts == [(1, 8), (2, 8)]  # 3 units and the total, 2 indicators: each run whole


def test_a_batch_records_each_input_from_its_workers(tmp_path: Path) -> None:
    plan, _data = setup(tmp_path)
    folder = tmp_path / "in"
    folder.mkdir()
    write_data(folder / "a.csv")
    write_data(folder / "b.csv", **{"Quan Hóa": (200000, 800, 240)})
    db = tmp_path / "h.sqlite"
    result = invoke(
        "score", str(folder), "-t", str(plan), "--output-dir", str(tmp_path / "out"), "-j", "2", "--history", str(db)
    )
    assert result.exit_code == 1, result.output
    assert runs_in(db) == [1, 2]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["a.xlsx", "b.xlsx"]


KILLED_WRITER = """
import sys, time
from pathlib import Path
from healthkpi.scoring import history
from healthkpi.scoring.pipeline import RunOptions, load_plan, score_inputs

original = history.History._insert_rows

def slow(self, run, card, results):
    original(self, run, card, results)  # the run's rows are written, not committed
    print("WRITING", flush=True)
    time.sleep(600)

history.History._insert_rows = slow
card = score_inputs([Path(sys.argv[1])], load_plan(Path(sys.argv[2])), RunOptions()).card
with history.open_history(Path(sys.argv[3])) as store:
    store.record(card)
"""


def test_a_run_killed_while_writing_leaves_the_history_readable_and_the_run_absent(tmp_path: Path) -> None:
    plan, data = setup(tmp_path)
    db = tmp_path / "h.sqlite"
    assert invoke("score", str(data), "-t", str(plan), "--history", str(db), "-q").exit_code == 1
    script = tmp_path / "writer.py"
    script.write_text(textwrap.dedent(KILLED_WRITER), encoding="utf-8")
    write_data(data, **{"Quan Hóa": (200000, 800, 240)})
    writer = run_process(str(script), str(data), str(plan), str(db), cwd=tmp_path)
    assert writer.stdout is not None
    assert writer.stdout.readline().strip() == "WRITING"  # inside the transaction, rows written
    os.kill(writer.pid, signal.SIGKILL)
    writer.wait(timeout=60)
    assert writer.returncode == -signal.SIGKILL

    with sqlite3.connect(db) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert connection.execute("SELECT id FROM runs").fetchall() == [(1,)]
        for table in ("inputs", "results", "issues", "figures"):
            orphans = connection.execute(f"SELECT count(*) FROM {table} WHERE run_id != 1").fetchone()[0]  # noqa: S608
            assert orphans == 0, table
    listed = invoke("history", str(db), "-f", "json")
    assert [r["id"] for r in json.loads(listed.stdout)["runs"]] == [1]
    after = invoke("score", str(data), "-t", str(plan), "--history", str(db), "-f", "json")
    changes = json.loads(after.stdout)["changes"]
    assert changes["since"]["run"] == 1  # the killed run is absent: the next one compares with the last whole one
    assert [(r["before"], r["after"]) for r in changes["revised"]] == [(600.0, 800.0)]
