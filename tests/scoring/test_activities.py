"""Focus activities: status words, the activity sheet, completion per group, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import Workbook
from typer.testing import CliRunner

import healthkpi
from healthkpi.cli import app
from healthkpi.read.activities import State, parse_state
from tests.conftest import write_plan
from tests.forms import BEDS_PLAN, beds_form

ACTIVITIES = """\
activities:
  - {id: 1, group: "Nhóm 1: Phòng chống dịch", text: Đúc kết bài học kinh nghiệm, source: Nhóm 1 hoạt động 1}
  - {id: 2, group: "Nhóm 1: Phòng chống dịch", text: Hoàn thiện hệ thống thông tin, source: Nhóm 1 hoạt động 2}
  - {id: 3, group: "Nhóm 2: Hồ sơ sức khỏe", text: Thu thập dữ liệu sức khỏe ban đầu, source: Nhóm 2 hoạt động 3}
  - {id: 4, group: "Nhóm 2: Hồ sơ sức khỏe", text: Triển khai phần mềm trạm y tế, source: Nhóm 2 hoạt động 4}
  - {id: 5, group: "Nhóm 2: Hồ sơ sức khỏe", text: Kết nối liên thông, source: Nhóm 2 hoạt động 5}
"""


@pytest.mark.parametrize(
    ("cell", "state"),
    [
        ("Hoàn thành", State.DONE),
        ("ĐÃ HOÀN THÀNH", State.DONE),
        ("done", State.DONE),
        ("✓", State.DONE),
        ("x", State.DONE),
        (1, State.DONE),
        ("100%", State.DONE),
        (True, State.DONE),
        ("Đang thực hiện", State.IN_PROGRESS),
        ("đang triển khai", State.IN_PROGRESS),
        ("Chưa hoàn thành", State.IN_PROGRESS),
        ("in progress", State.IN_PROGRESS),
        (0.5, State.IN_PROGRESS),
        ("60%", State.IN_PROGRESS),
        ("Chưa thực hiện", State.NOT_STARTED),
        ("not started", State.NOT_STARTED),
        (0, State.NOT_STARTED),
        ("", State.NO_DATA),
        (None, State.NO_DATA),
        ("sắp xong rồi", None),
        (250, None),
    ],
)
def test_status_words(cell: object, state: State | None) -> None:
    assert parse_state(cell) == state


def activity_workbook(path: Path, statuses: dict[str, object], with_data: bool = True) -> Path:
    if with_data:
        beds_form(extra_sheets=[]).write(path)
        from openpyxl import load_workbook

        wb = load_workbook(path)
    else:
        wb = Workbook()
        wb.remove(wb.active)
    ws = wb.create_sheet("Hoạt động")
    ws.append(["TIẾN ĐỘ THỰC HIỆN CÁC HOẠT ĐỘNG TRỌNG TÂM NĂM 2021"])
    ws.append([])
    ws.append(["STT", "Mã hoạt động", "Nội dung", "Trạng thái", "Ghi chú"])
    for i, (ident, status) in enumerate(statuses.items(), start=1):
        ws.append([i, ident, f"Hoạt động {ident}", status, ""])
    wb.save(path)
    return path


def test_completion_per_group_and_overall(tmp_path: Path) -> None:
    plan = healthkpi.load_plan(write_plan(tmp_path, BEDS_PLAN + ACTIVITIES))
    path = activity_workbook(
        tmp_path / "a.xlsx",
        {"1": "Hoàn thành", "2": "Đang thực hiện", "3": "done", "4": "Chưa thực hiện", "5": ""},
    )
    card = healthkpi.score(plan, healthkpi.read_data(path, plan))
    report = card.activities
    assert [(r.id, r.state) for r in report.results] == [
        ("1", "done"),
        ("2", "in_progress"),
        ("3", "done"),
        ("4", "not_started"),
        ("5", "no_data"),
    ]
    first, second = report.groups
    assert (first.done, first.in_progress, first.total, first.completion_pct) == (1, 1, 2, 50)
    assert (second.done, second.not_started, second.no_data, second.completion_pct) == (1, 1, 1, 50)
    assert (report.overall.done, report.overall.total) == (2, 5)
    assert report.missed
    blank = [i for i in card.issues if i.template == "activity_blank"]
    assert blank[0].where == "Hoạt động!D8"


def test_activities_only_plan_and_unknown_words(tmp_path: Path) -> None:
    text = "healthkpi: 1\nplan: {id: hcm, title: HCM}\n" + ACTIVITIES
    plan = healthkpi.load_plan(write_plan(tmp_path, text))
    path = activity_workbook(tmp_path / "only.xlsx", {"1": "Hoàn thành", "2": "xong rồi mà", "3": 1}, with_data=False)
    card = healthkpi.score(plan, healthkpi.read_data(path, plan))
    states = {r.id: r.state for r in card.activities.results}
    assert states == {"1": "done", "2": "no_data", "3": "done", "4": "no_data", "5": "no_data"}
    messages = [i.message("en") for i in card.issues]
    assert any('status "xong rồi mà" is not one we know' in m for m in messages)
    assert any("activity 4 is not listed" in m for m in messages)
    assert not card.missed("fail")  # nothing known to be not done


def test_cli_exit_code_and_outputs(tmp_path: Path) -> None:
    plan_path = write_plan(
        tmp_path,
        BEDS_PLAN.replace('">= 36.5"', '">= 1"').replace('">= 11.5"', '">= 1"') + ACTIVITIES,
    )
    done = activity_workbook(tmp_path / "done.xlsx", dict.fromkeys("12345", "Hoàn thành"))
    runner = CliRunner()
    assert runner.invoke(app, ["score", str(done), "-t", str(plan_path)]).exit_code == 0
    partly = activity_workbook(tmp_path / "partly.xlsx", {**dict.fromkeys("1234", "Hoàn thành"), "5": "Đang thực hiện"})
    result = runner.invoke(app, ["score", str(partly), "-t", str(plan_path)], env={"COLUMNS": "200"})
    assert result.exit_code == 1  # an activity not done is a missed target
    assert "Hoạt động trọng tâm" in result.stdout
    assert "80%" in result.stdout  # 4 of 5 done overall
    assert runner.invoke(app, ["score", str(partly), "-t", str(plan_path), "--fail-on", "never"]).exit_code == 0
    document = json.loads(runner.invoke(app, ["score", str(partly), "-t", str(plan_path), "--format", "json"]).stdout)
    assert document["activities"][4] == {
        **document["activities"][4],
        "id": "5",
        "state": "in_progress",
        "status": "near",
    }
    assert document["activity_summary"]["overall"]["completion_pct"] == 80


def test_an_activities_only_excel_has_no_results_to_show(tmp_path: Path) -> None:
    """Its summary sheet shows no boxes of results met / near / missed (its boxes count activities), and
    there is no scorecard, details, targets or charts sheet (HTML shows none either): four zeros and a
    0/0 table would read as a verdict on a plan that has no indicators."""
    from openpyxl import load_workbook

    plan = write_plan(tmp_path, "healthkpi: 1\nplan: {id: hcm, title: HCM}\n" + ACTIVITIES)
    path = activity_workbook(tmp_path / "only.xlsx", {"1": "Hoàn thành", "2": "Đang thực hiện"}, with_data=False)
    out = tmp_path / "card.xlsx"
    result = CliRunner().invoke(app, ["score", str(path), "-t", str(plan), "-o", str(out), "-q"])
    assert result.exit_code in (0, 1), result.output
    book = load_workbook(out, read_only=True)
    summary = [c for row in book.worksheets[0].iter_rows(values_only=True) for c in row if isinstance(c, str)]
    assert "HCM" in summary
    assert not [c for c in summary if c.endswith(("Đạt", "Gần đạt", "Không đạt"))]
    assert book.sheetnames == ["Tổng hợp", "Chất lượng số liệu", "Vấn đề số liệu", "Hoạt động"]  # no empty ones


def test_an_activitys_missing_status_is_no_unit_flagged_in_the_report_card(tmp_path: Path) -> None:
    """The report card counts units flagged per check; an activity's status is about no unit (it
    read "1 of 0 units"). The issue itself is still listed."""
    plan = healthkpi.load_plan(write_plan(tmp_path, "healthkpi: 1\nplan: {id: hcm, title: HCM}\n" + ACTIVITIES))
    path = activity_workbook(tmp_path / "only.xlsx", {"1": "Hoàn thành", "2": "xong rồi mà"}, with_data=False)
    card = healthkpi.score(plan, healthkpi.read_data(path, plan))
    assert any("activity 4 is not listed" in i.message("en") for i in card.issues)
    assert card.quality_card() == []


def test_an_activities_only_excel_summary_counts_the_activities_by_state(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    plan = write_plan(tmp_path, "healthkpi: 1\nplan: {id: hcm, title: HCM}\n" + ACTIVITIES)
    path = activity_workbook(
        tmp_path / "only.xlsx", {"1": "Hoàn thành", "2": "Đang thực hiện", "3": 1}, with_data=False
    )
    out = tmp_path / "card.xlsx"
    assert CliRunner().invoke(app, ["score", str(path), "-t", str(plan), "-o", str(out), "-q"]).exit_code == 1
    book = load_workbook(out, read_only=True)
    rows = list(book["Tổng hợp"].iter_rows(values_only=True))
    boxes = rows.index(("✓ Hoàn thành", "~ Đang thực hiện", "✗ Chưa thực hiện", "– Không có số liệu"))
    assert rows[boxes + 1] == (2, 1, 0, 2)  # two done, one under way, two not listed
    assert ("Tệp số liệu", "trang tính", "Số hoạt động", "SHA-256") in rows
    assert next(book["Hoạt động"].iter_rows(values_only=True))[4] == "Ghi trong tệp"


def test_a_sheet_of_mostly_other_activities_is_refused_but_a_partial_report_is_scored(tmp_path: Path) -> None:
    plan = write_plan(tmp_path, "healthkpi: 1\nplan: {id: hcm, title: HCM}\n" + ACTIVITIES)
    other = activity_workbook(tmp_path / "other.xlsx", {"1": "xong", "N2": "xong", "N3": "", "N4": ""}, with_data=False)
    result = CliRunner().invoke(app, ["score", str(other), "-t", str(plan), "--lang", "en"])
    assert result.exit_code == 2
    assert "holds only 1 of the 5 activities of plan 'hcm'" in result.output
    partial = activity_workbook(tmp_path / "partial.xlsx", {"1": "Hoàn thành", "2": ""}, with_data=False)
    assert CliRunner().invoke(app, ["score", str(partial), "-t", str(plan)]).exit_code in (0, 1)
