"""Actions: the plan's actions file read (Vietnamese or English), shown beside each missed target
in every output with overdue ones flagged, and `healthkpi actions` round trip."""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from healthkpi.base.errors import PlanError
from healthkpi.cli import app
from healthkpi.read.actions import parse_due
from healthkpi.read.sidefiles import load_plan_and_side_files
from tests.forms import BEDS_PLAN

runner = CliRunner()
DATA = "Đơn vị,Dân số,Giường bệnh,Bác sỹ\nMường Lát,100000,300,120\nQuan Hóa,200000,600,200\nQuan Sơn,150000,600,180\n"
ACTIONS_VI = (
    "Đơn vị,Chỉ tiêu,Hành động,Người phụ trách,Hạn,Trạng thái\n"
    "Mường Lát,beds_per_10k,Mở thêm 40 giường,Nguyễn Văn A,30/06/2021,Đang thực hiện\n"
    "Mường Lát,beds_per_10k,Xin kinh phí tỉnh,Trần Thị B,2099-12-31,\n"
    "Quan Hóa,Số bác sỹ/vạn dân,Tuyển bác sĩ,Lê C,01/01/2021,hoàn thành\n"
)


def invoke(*args: str):
    return runner.invoke(app, list(args), env={"COLUMNS": "120"})


def setup(tmp_path: Path, actions: str | None = ACTIONS_VI, name: str = "actions.csv") -> tuple[Path, Path]:
    plan = tmp_path / "plan.yaml"
    text = BEDS_PLAN + (f"actions: {name}\n" if actions is not None else "")
    plan.write_text(text, encoding="utf-8")
    if actions is not None:
        (tmp_path / name).write_text(actions, encoding="utf-8")
    data = tmp_path / "data.csv"
    data.write_text(DATA, encoding="utf-8")
    return plan, data


def test_the_actions_file_is_read_in_vietnamese(tmp_path: Path) -> None:
    plan, _data = setup(tmp_path)
    actions = load_plan_and_side_files(plan).action_entries
    assert actions is not None
    assert [(a.unit, a.indicator, a.owner, a.due, a.status) for a in actions] == [
        ("Mường Lát", "beds_per_10k", "Nguyễn Văn A", dt.date(2021, 6, 30), "in_progress"),
        ("Mường Lát", "beds_per_10k", "Trần Thị B", dt.date(2099, 12, 31), "open"),
        ("Quan Hóa", "doctors_per_10k", "Lê C", dt.date(2021, 1, 1), "done"),  # named by the indicator's name
    ]


def test_the_actions_file_is_read_in_english(tmp_path: Path) -> None:
    english = "Unit,Indicator,Action,Owner,Due,Status\nQuan Hóa,beds_per_10k,Add beds,Ms D,2021-03-01,in progress\n"
    plan, _data = setup(tmp_path, english)
    actions = load_plan_and_side_files(plan).action_entries
    assert actions is not None
    assert [(a.action, a.status, a.due) for a in actions] == [("Add beds", "in_progress", dt.date(2021, 3, 1))]


def test_every_bad_row_of_the_actions_file_is_reported_at_once(tmp_path: Path) -> None:
    bad = (
        "Đơn vị,Chỉ tiêu,Hành động,Hạn,Trạng thái\n"
        "Mường Lát,beds_per_10kk,Mở giường,,\n"
        "Mường Lát,beds_per_10k,Mở giường,31/02/2021,\n"
        "Mường Lát,beds_per_10k,Mở giường,,sắp làm\n"
    )
    plan, _data = setup(tmp_path, bad)
    with pytest.raises(PlanError) as raised:
        load_plan_and_side_files(plan)
    text = str(raised.value)
    assert "no indicator 'beds_per_10kk' in the plan; did you mean 'beds_per_10k'?" in text
    assert "'31/02/2021' is not a date" in text
    assert "unknown status 'sắp làm'" in text
    result = invoke("check", str(plan))
    assert result.exit_code == 2
    assert "beds_per_10kk" in result.output


def test_due_dates_in_every_form() -> None:
    assert parse_due("31/10/2026") == dt.date(2026, 10, 31)
    assert parse_due("2026-10-31") == dt.date(2026, 10, 31)
    assert parse_due(dt.datetime(2026, 10, 31, 0, 0)) == dt.date(2026, 10, 31)
    assert parse_due(46326) == dt.date(2026, 10, 31)  # an Excel day number
    assert parse_due("") is None


def test_an_overdue_action_appears_beside_its_missed_target_in_the_terminal(tmp_path: Path) -> None:
    plan, data = setup(tmp_path)
    result = invoke("score", str(data), "-t", str(plan))
    assert result.exit_code == 1, result.output  # exit codes as without actions
    out = result.stdout
    assert "Chỉ tiêu chưa đạt và hành động" in out
    assert "✗ Mường Lát · Số giường bệnh/vạn dân: 30,0 (≥ 36,5)" in out
    assert "→ Mở thêm 40 giường — Nguyễn Văn A, hạn 30/06/2021 (đang thực hiện) QUÁ HẠN" in out
    assert "→ Xin kinh phí tỉnh — Trần Thị B, hạn 31/12/2099 (chưa thực hiện)\n" in out
    assert "Tuyển bác sĩ" not in out  # done: not an open action
    english = invoke("score", str(data), "-t", str(plan), "--lang", "en").stdout
    assert "→ Mở thêm 40 giường — Nguyễn Văn A, due 2021-06-30 (in progress) OVERDUE" in english


def test_actions_in_json_markdown_excel_and_html(tmp_path: Path) -> None:
    plan, data = setup(tmp_path)
    document = json.loads(invoke("score", str(data), "-t", str(plan), "-f", "json").stdout)
    assert [(a["action"], a["overdue"]) for a in document["actions"]] == [
        ("Mở thêm 40 giường", True),
        ("Xin kinh phí tỉnh", False),
        ("Tuyển bác sĩ", False),
    ]
    missed = [t for t in document["missed_targets"] if t["unit"] == "Mường Lát"]
    assert [(t["indicator"], t["actions"]) for t in missed] == [("beds_per_10k", [0, 1])]

    markdown = invoke("score", str(data), "-t", str(plan), "-f", "markdown").stdout
    assert "**Mở thêm 40 giường — Nguyễn Văn A, hạn 30/06/2021 (đang thực hiện) QUÁ HẠN**" in markdown

    excel = tmp_path / "card.xlsx"
    assert invoke("score", str(data), "-t", str(plan), "-o", str(excel)).exit_code == 1
    book = openpyxl.load_workbook(excel)
    assert "Theo dõi" in book.sheetnames
    rows = [[c.value for c in row] for row in book["Theo dõi"].iter_rows()]
    overdue = next(r for r in rows if r[6] == "Mở thêm 40 giường")
    assert overdue[:2] == ["Mường Lát", "Số giường bệnh/vạn dân"]
    assert overdue[10] == "QUÁ HẠN"
    with zipfile.ZipFile(excel) as archive:  # and in the comment of the missed cell on the scorecard
        comments = "".join(archive.read(n).decode("utf-8") for n in archive.namelist() if "comments" in n)
    assert "Mở thêm 40 giường" in comments

    html = tmp_path / "r.html"
    assert invoke("report", str(data), "-t", str(plan), "-o", str(html)).exit_code == 1
    text = html.read_text(encoding="utf-8")
    assert "Mở thêm 40 giường — Nguyễn Văn A, hạn 30/06/2021 (đang thực hiện) QUÁ HẠN" in text
    assert 'style="color:#990000;font-weight:700;background:#F4CCCC">Mở thêm 40 giường' in text


def test_actions_round_trip(tmp_path: Path) -> None:
    """`healthkpi actions` writes the targets missed now; filled in and named in the plan, the
    next run shows each action beside its target."""
    plan, data = setup(tmp_path, actions=None)
    sheet = tmp_path / "actions.xlsx"
    result = invoke("actions", str(data), "-t", str(plan), "-o", str(sheet))
    assert result.exit_code == 0, result.output
    assert "5 chỉ tiêu chưa đạt, 0 hành động mang sang" in result.stdout
    book = openpyxl.load_workbook(sheet)
    rows = [[c.value for c in row] for row in book.active.iter_rows(min_row=2)]
    assert rows[0][:2] == ["Đơn vị", "Mã chỉ tiêu"]
    assert [(r[0], r[1], r[4], r[5], r[6], r[10]) for r in rows[1:]] == [
        ("Mường Lát", "beds_per_10k", 30, "≥ 36,5", "✗ Không đạt", "chưa thực hiện"),
        ("Quan Hóa", "beds_per_10k", 30, "≥ 36,5", "✗ Không đạt", "chưa thực hiện"),
        ("Quan Hóa", "doctors_per_10k", 10, "≥ 11,5", "✗ Không đạt", "chưa thực hiện"),
        ("Toàn tỉnh", "beds_per_10k", 33.333, "≥ 36,5", "✗ Không đạt", "chưa thực hiện"),
        ("Toàn tỉnh", "doctors_per_10k", 11.111, "≥ 11,5", "✗ Không đạt", "chưa thực hiện"),
    ]
    book.active.cell(3, 8).value = "Mở thêm 40 giường"
    book.active.cell(3, 9).value = "Nguyễn Văn A"
    book.active.cell(3, 10).value = dt.datetime(2021, 6, 30)
    filled = tmp_path / "actions-agreed.xlsx"
    book.save(filled)
    plan.write_text(BEDS_PLAN + "actions: actions-agreed.xlsx\n", encoding="utf-8")

    out = invoke("score", str(data), "-t", str(plan), "--lang", "en").stdout
    assert "→ Mở thêm 40 giường — Nguyễn Văn A, due 2021-06-30 (open) OVERDUE" in out
    assert "5 missed targets, 4 of them without an action" in out

    again = tmp_path / "actions-next.xlsx"  # the next review's sheet carries the action over
    assert invoke("actions", str(data), "-t", str(plan), "-o", str(again), "--lang", "en").exit_code == 0
    rows = [[c.value for c in row] for row in openpyxl.load_workbook(again).active.iter_rows(min_row=3)]
    assert [(r[0], r[1], r[7], r[8], r[9], r[10]) for r in rows] == [
        ("Mường Lát", "beds_per_10k", "Mở thêm 40 giường", "Nguyễn Văn A", dt.datetime(2021, 6, 30), "open"),
        ("Quan Hóa", "beds_per_10k", None, None, None, "open"),
        ("Quan Hóa", "doctors_per_10k", None, None, None, "open"),
        ("Toàn tỉnh", "beds_per_10k", None, None, None, "open"),
        ("Toàn tỉnh", "doctors_per_10k", None, None, None, "open"),
    ]
    refused = invoke("actions", str(data), "-t", str(plan), "-o", str(filled))
    assert refused.exit_code == 2
    assert "là một trong các tệp đầu vào" in refused.stderr
    assert openpyxl.load_workbook(filled).active.cell(3, 8).value == "Mở thêm 40 giường"
