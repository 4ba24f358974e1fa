"""Errors, plan problems, notes and issue names in the command's language (issue 19, item 3):
Vietnamese by default, English with --lang en."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from healthkpi.cli import app
from tests.conftest import write_plan
from tests.forms import BEDS_PLAN, beds_form
from tests.paths import ROOT

EXAMPLE = ROOT / "examples" / "thanh-hoa-2021.xlsx"
runner = CliRunner()

BROKEN_PLAN = """\
healthkpi: 1
plan:
  id: thu
  titel: Kế hoạch thử
variables:
  beds: {label: "Giường bệnh", kind: count}
indicators:
  - id: beds_per_10k
    name: Giường bệnh trên 10.000 dân
    numerator: beds * 10000
    denominator: popu
    target: "=> 25"
"""


def invoke(*args: str):
    return runner.invoke(app, list(args), env={"COLUMNS": "200"})


def failure(result) -> str:
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    return result.stderr


def test_no_such_file(tmp_path: Path) -> None:
    missing = str(tmp_path / "nofile.xlsx")
    assert f"{missing}: không có tệp này" in failure(invoke("score", missing, "-t", "thanh-hoa-2021"))
    assert f"{missing}: no such file" in failure(invoke("score", missing, "-t", "thanh-hoa-2021", "--lang", "en"))


def test_unknown_period() -> None:
    vi = failure(invoke("score", str(EXAMPLE), "--period", "2019"))
    assert "--period 2019: số liệu không có kỳ này; các kỳ có: 2020, 2021" in vi
    en = failure(invoke("score", str(EXAMPLE), "--period", "2019", "--lang", "en"))
    assert "--period 2019: the data has no such period" in en


def test_check_prints_every_problem_of_a_plan_in_the_language(tmp_path: Path) -> None:
    plan = tmp_path / "thu.yaml"
    plan.write_text(BROKEN_PLAN, encoding="utf-8")
    vi = invoke("check", str(plan))
    assert vi.exit_code == 2
    assert f"{plan}:2: plan.title: thiếu khóa bắt buộc 'title'" in vi.stderr
    assert f"{plan}:4: plan.titel: khóa không hợp lệ; có phải 'title'?" in vi.stderr
    assert "tên 'popu' chưa được khai báo" in vi.stderr
    assert "đang ghi '=> 25' — có phải \">= 25\"?" in vi.stderr
    for english in ("unknown key", "did you mean", "required key", "expected a comparison"):
        assert english not in vi.stderr
    en = invoke("check", str(plan), "--lang", "en")
    assert f"{plan}:2: plan.title: required key 'title' is missing" in en.stderr
    assert "unknown key; did you mean 'title'?" in en.stderr
    assert "got '=> 25' — did you mean \">= 25\"?" in en.stderr


def test_score_and_show_say_plan_problems_in_the_language(tmp_path: Path) -> None:
    plan = tmp_path / "thu.yaml"
    plan.write_text(BROKEN_PLAN, encoding="utf-8")
    assert "thiếu khóa bắt buộc 'title'" in failure(invoke("show", str(plan)))
    assert "required key 'title' is missing" in failure(invoke("show", str(plan), "--lang", "en"))
    data = beds_form().write(tmp_path / "data.xlsx")
    assert "thiếu khóa bắt buộc 'title'" in failure(invoke("score", str(data), "-t", str(plan)))


def test_template_errors(tmp_path: Path) -> None:
    out = str(tmp_path / "form.csv")
    assert "biểu nhập số liệu là một tệp Excel" in failure(invoke("template", "thanh-hoa-2021", "-o", out))
    en = failure(invoke("template", "thanh-hoa-2021", "-o", out, "--lang", "en"))
    assert "a template is an Excel workbook; name it .xlsx" in en
    both = ("template", "thanh-hoa-2021", "-o", str(tmp_path / "f.xlsx"), "--units", "A", "--units-file", "u.txt")
    assert "không dùng cả hai" in failure(invoke(*both))
    written = invoke("template", "thanh-hoa-2021", "-o", str(tmp_path / "f.xlsx"))
    assert written.exit_code == 0
    assert "biểu nhập số liệu cho kế hoạch thanh-hoa-2021, các dòng trống để điền" in written.stdout


def test_notes_about_the_inputs(tmp_path: Path) -> None:
    named = tmp_path / "data.csv"
    beds_form().write(named)  # an .xlsx body under a .csv name
    plan = str(write_plan(tmp_path, BEDS_PLAN))
    vi = invoke("score", str(named), "-t", plan, "-q")
    assert "healthkpi: lưu ý: data.csv có đuôi .csv nhưng thực ra là một tệp Excel (.xlsx)" in vi.stderr
    en = invoke("score", str(named), "-t", plan, "-q", "--lang", "en")
    assert "healthkpi: note: data.csv is named .csv but is an Excel workbook (.xlsx)" in en.stderr
    copy = tmp_path / "copy.xlsx"
    copy.write_bytes(named.read_bytes())
    twice = invoke("score", str(named), str(copy), "-t", plan, "-q")
    assert f"lưu ý: đã bỏ qua {copy}: nội dung giống hệt {named}; chỉ đọc một lần" in twice.stderr


def test_output_refusals(tmp_path: Path) -> None:
    data = beds_form().write(tmp_path / "data.xlsx")
    plan = str(write_plan(tmp_path, BEDS_PLAN))
    vi = failure(invoke("score", str(data), "-t", plan, "-o", str(data)))
    assert "healthkpi không bao giờ ghi đè lên tệp đầu vào" in vi
    assert "không biết ghi loại tệp '.pdf'" in failure(invoke("score", str(data), "-t", plan, "-o", "x.pdf"))


def test_issue_names_in_the_terminal_and_in_excel(tmp_path: Path) -> None:
    vi = invoke("score", str(EXAMPLE))
    assert "thiếu số liệu " in vi.stdout  # the issues' summary line: "(thiếu số liệu 1, …)"
    assert "missing_value" not in vi.stdout
    en = invoke("score", str(EXAMPLE), "--lang", "en")
    assert "missing_value" in en.stdout
    out = tmp_path / "card.xlsx"
    invoke("score", str(EXAMPLE), "-o", str(out), "-q")
    book = load_workbook(out)
    issues = book["Vấn đề số liệu"]
    assert issues.cell(1, 2).value == "Loại vấn đề"
    names = {issues.cell(r, 2).value for r in range(2, issues.max_row + 1)}
    assert "thiếu số liệu" in names
    assert not {"missing_value", "not_a_number", "outlier"} & names
    details = book["Chi tiết"]
    status = [c.value for c in details[1]].index("status") + 1
    statuses = {details.cell(r, status).value for r in range(2, details.max_row + 1)}
    assert statuses <= {"Đạt", "Gần đạt", "Không đạt", "Không có số liệu", None}
    # each row says what its value was computed from that is suspect, as the scorecard's marks do
    assert "line" in [c.value for c in details[1]]  # the monitoring line, as in JSON and CSV
    flags = [c.value for c in details[1]].index("flags") + 1
    flagged = {details.cell(r, flags).value for r in range(2, details.max_row + 1)} - {None}
    assert "không phải số" in flagged
    assert not {"not_a_number", "outlier"} & flagged


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX paths in the messages")
def test_a_real_process_speaks_vietnamese_by_default(tmp_path: Path) -> None:
    env = {**os.environ, "COLUMNS": "200"}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "healthkpi", *args]
        return subprocess.run(command, capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120)

    vi = run("score", "nofile.xlsx", "-t", "thanh-hoa-2021")
    assert vi.returncode == 2
    assert vi.stderr.strip() == "healthkpi: nofile.xlsx: không có tệp này; kiểm tra lại tên tệp và thư mục"
    en = run("score", "nofile.xlsx", "-t", "thanh-hoa-2021", "--lang", "en")
    assert en.stderr.strip() == "healthkpi: nofile.xlsx: no such file"
    # Click's own refusals, before --lang is read: an unknown option, a bad choice
    unknown = run("score", "nofile.xlsx", "-p", "thanh-hoa-2021")
    assert unknown.returncode == 2
    assert "Không có tùy chọn -p" in unknown.stderr
    assert "No such option" not in unknown.stderr
    assert "healthkpi score [TÙY_CHỌN]" in unknown.stderr
    assert unknown.stderr.startswith("Cách dùng: ")
    assert "Usage:" not in unknown.stderr
    choice = run("score", "nofile.xlsx", "--format", "pdf")
    assert "'pdf' không phải là một trong" in choice.stderr
    assert "No such option: -p" in run("score", "nofile.xlsx", "-p", "x", "--lang", "en").stderr
    bare = run()  # no command at all: the help, not a traceback
    assert "Traceback" not in bare.stderr
    assert "Cách dùng: " in bare.stdout + bare.stderr


def test_a_device_given_as_the_plan_is_not_called_a_folder() -> None:
    vi = failure(invoke("check", os.devnull))
    assert f"{os.devnull}: không phải tệp thông thường" in vi
    assert "thư mục" not in vi
    assert "is not an ordinary file" in failure(invoke("check", os.devnull, "--lang", "en"))


def test_a_size_limit_is_said_with_a_decimal_comma_and_its_option_even_inside_a_plan_problem() -> None:
    vi = failure(invoke("score", str(EXAMPLE), "--max-size", "20000"))  # the annex of the plan is refused first
    assert "23,2 KB, vượt giới hạn 19,5 KB" in vi
    assert "--max-size 2GB" in vi
    assert "{setting" not in vi
    en = failure(invoke("score", str(EXAMPLE), "--max-size", "20000", "--lang", "en"))
    assert "23.2 KB, more than the limit of 19.5 KB" in en


def test_an_activity_only_plan_counts_its_activities_not_zero_units() -> None:
    hcmc = str(ROOT / "examples" / "hcmc-2023.xlsx")
    vi = invoke("score", hcmc)
    assert "(trang tính Hoạt động, 11 hoạt động)" in vi.stdout
    assert "0 đơn vị" not in vi.stdout
    assert "(sheet Hoạt động, 11 activities)" in invoke("score", hcmc, "--lang", "en").stdout
    assert "(trang tính Biểu 01, 27 đơn vị)" in invoke("score", str(EXAMPLE)).stdout


def test_the_report_and_the_workbook_count_an_activity_sheet_by_its_activities_too(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    hcmc = str(ROOT / "examples" / "hcmc-2023.xlsx")
    html, xlsx = tmp_path / "r.html", tmp_path / "r.xlsx"
    invoke("report", hcmc, "-o", str(html), "-q")
    invoke("score", hcmc, "-o", str(xlsx), "-q")
    assert '<td class="num">11 hoạt động</td>' in html.read_text(encoding="utf-8")
    summary = load_workbook(xlsx, read_only=True).worksheets[0]
    cells = [c for row in summary.iter_rows(values_only=True) for c in row]
    assert "11 hoạt động" in cells
    assert str(ROOT / "examples" / "hcmc-2023.xlsx") in cells or hcmc in cells
    assert "Đơn vị" not in cells  # no ranking of units a plan of activities alone does not have


def test_a_yaml_slip_in_check_names_its_line_in_vietnamese(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text('healthkpi: 1\nplan:\n  id: thu\n  title: "Kế hoạch thử\nindicators: []\n', encoding="utf-8")
    vi = failure(invoke("check", str(plan)))
    assert f"{plan}:4:" in vi
    assert 'dấu nháy " mở ở dòng này không được đóng' in vi
    assert "scanning" not in vi


# --- Click's own words, in the app itself: Typer's test runner speaks as a real process does ---------


def test_clicks_refusals_are_vietnamese_under_the_test_runner_too() -> None:
    unknown = runner.invoke(app, ["score", "nofile.xlsx", "-p", "x"], env={"COLUMNS": "100"})
    assert unknown.exit_code == 2
    assert "Cách dùng: healthkpi score [TÙY_CHỌN]" in unknown.stderr
    assert "Không có tùy chọn -p" in unknown.stderr
    assert "Usage:" not in unknown.stderr
    assert "Lỗi" in unknown.stderr
    command = runner.invoke(app, ["scor"], env={"COLUMNS": "100"})
    assert "Không có lệnh 'scor'. Có phải ý bạn là 'score'?" in command.stderr
    missing = runner.invoke(app, ["score"], env={"COLUMNS": "100"})
    assert "Thiếu đối số" in missing.stderr
    english = runner.invoke(app, ["score", "nofile.xlsx", "-p", "x", "--lang", "en"], env={"COLUMNS": "100"})
    assert "Usage: healthkpi score [OPTIONS]" in english.stderr
    assert "No such option: -p" in english.stderr
    # the language does not stick from one invocation to the next
    assert "Không có tùy chọn -p" in runner.invoke(app, ["score", "x.xlsx", "-p", "x"]).stderr


@pytest.mark.parametrize(
    ("command", "vietnamese", "english"),
    [
        (["score"], "Thiếu đối số SỐ_LIỆU.", "Missing argument DATA."),
        (["check"], "Thiếu đối số KẾ_HOẠCH.", "Missing argument PLAN."),
        (["template"], "Thiếu đối số KẾ_HOẠCH.", "Missing argument PLAN."),
        (["history"], "Thiếu đối số TỆP.", "Missing argument FILE."),
    ],
)
def test_a_missing_argument_is_named_as_the_usage_line_names_it(
    command: list[str], vietnamese: str, english: str
) -> None:
    """Not Click's Python name ('data') nor a usage line with braces ('{PLAN}')."""
    said = runner.invoke(app, command, env={"COLUMNS": "100"}).stderr
    assert vietnamese in said
    assert "{" not in said
    assert "'data'" not in said
    said = runner.invoke(app, [*command, "--lang", "en"], env={"COLUMNS": "100"}).stderr
    assert english in said
    assert "{" not in said


def test_an_unknown_option_is_offered_only_options_alike_in_name_not_in_dashes() -> None:
    def said(option: str) -> str:
        return runner.invoke(app, ["score", "x.xlsx", option, "--lang", "en"], env={"COLUMNS": "120"}).stderr

    assert "No such option: --nope" in said("--nope")
    assert "Possible" not in said("--nope")
    assert "(Possible options: --output, --output-dir)" in said("--outptu")
    vietnamese = runner.invoke(app, ["score", "x.xlsx", "--plna"], env={"COLUMNS": "120"}).stderr
    assert "Không có tùy chọn --plna (các tùy chọn gần giống: --plan)" in vietnamese


@pytest.mark.parametrize("command", [[], ["score"], ["check"], ["template"], ["plans"]])
def test_help_has_no_english_boilerplate_in_vietnamese(command: list[str]) -> None:
    shown = runner.invoke(app, [*command, "-h"], env={"COLUMNS": "120"}).stdout
    for english in ("Show this message and exit.", "Usage:", "<bool>", "[default:", "[required]", "<str>", "<path>"):
        assert english not in shown, english
    for panel in ("─ Options ", "─ Arguments ", "─ Commands "):
        assert panel not in shown, panel
    assert "Cách dùng: healthkpi" in shown
    assert "─ Tùy chọn " in shown
    english = runner.invoke(app, [*command, "-h", "--lang", "en"], env={"COLUMNS": "120"}).stdout
    assert "<bool>" not in english
    if command:
        assert "Usage: healthkpi" in english


def _helps() -> list[str]:
    import typer.main

    found: list[str] = []

    def walk(command) -> None:
        found.extend(p.help for p in command.params if getattr(p, "help", None))
        found.extend([command.help] if command.help else [])
        for sub in getattr(command, "commands", {}).values():
            walk(sub)

    walk(typer.main.get_command(app))
    return found


def test_every_option_and_command_help_has_vietnamese_words() -> None:
    from healthkpi.cli.usage_words import help_in_vietnamese
    from tests.base.test_catalogue import TELLTALE, _without_quoted

    for english in _helps():
        vietnamese = help_in_vietnamese(english)
        assert vietnamese != english, english
        assert not TELLTALE.findall(_without_quoted(vietnamese)), vietnamese


def test_help_is_said_in_vietnamese_and_stays_english_under_lang_en() -> None:
    vi = runner.invoke(app, ["score", "-h"], env={"COLUMNS": "120"}).stdout
    assert "Chấm điểm các tệp số liệu theo một kế hoạch và in bảng điểm." in vi
    assert "Ghi bảng điểm ra tệp" in vi
    assert "Write the scorecard" not in vi
    en = runner.invoke(app, ["score", "-h", "--lang", "en"], env={"COLUMNS": "120"}).stdout
    assert "Write the scorecard to a file" in en
    assert "Show this message and exit." in en
    assert "score [OPTIONS] DATA..." in en  # not Typer's own "{data}..." nor "<list[str]>"
    assert "{data}" not in en
    assert "list[" not in en
    assert "<str>..." in en


def test_lang_before_the_command_speaks_english_in_the_help_and_the_command() -> None:
    top = runner.invoke(app, ["--lang", "en", "--help"], env={"COLUMNS": "120"})
    assert top.exit_code == 0
    assert "Score health-plan targets against district and commune workbooks." in top.stdout
    assert "Chấm điểm" not in top.stdout
    scored = runner.invoke(app, ["--lang", "en", "score", str(EXAMPLE)], env={"COLUMNS": "200"})
    assert scored.exit_code == 1
    assert "targets met" in scored.stdout
    assert "Đạt" not in scored.stdout
    own = runner.invoke(app, ["--lang", "en", "score", str(EXAMPLE), "--lang", "vi"], env={"COLUMNS": "200"})
    assert "✓ Đạt" in own.stdout  # the command's own --lang wins


def test_strict_in_a_batch_says_its_stop_in_vietnamese(tmp_path: Path) -> None:
    result = invoke("score", str(EXAMPLE), "--output-dir", str(tmp_path / "out"), "--strict", "-j", "1")
    assert result.exit_code == 2
    assert "--strict: 28 vấn đề về số liệu, vấn đề đầu tiên: " in result.stderr
    assert "data issue(s)" not in result.stderr


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["--jobs", "0"], "cần lớn hơn hoặc bằng 1"),
        (["--header-row", "0"], "cần lớn hơn hoặc bằng 1"),
        (["--header-row", "x"], "cần một số nguyên"),
        (["--lang", "fr"], "'fr' không phải là một trong 'vi', 'en'."),
    ],
)
def test_typers_value_refusals_in_vietnamese(args: list[str], said: str) -> None:
    result = runner.invoke(app, ["score", str(EXAMPLE), *args], env={"COLUMNS": "200"})
    assert result.exit_code == 2
    assert said in result.stderr
    assert "Input should" not in result.stderr


def test_clicks_path_refusals_in_vietnamese() -> None:
    from healthkpi.cli.usage_words import in_vietnamese

    assert in_vietnamese("Invalid value for '-o': File 'a' is a directory.") == (
        "Giá trị không hợp lệ cho '-o': Tệp 'a' là một thư mục."
    )
    assert in_vietnamese("Invalid value for '-o': Path 'a' is not writable.").endswith("'a' không ghi được.")


def test_the_commands_own_lang_wins_for_clicks_words_too_and_english_says_no_pydantic_words() -> None:
    """A new user's trial: `--lang en score --lang vi --nope` was refused in English, though the run
    itself speaks Vietnamese; `--lang en … --format bogus` showed pydantic's "Value error,"; a bare
    `healthkpi --lang vi` said "Missing command." in English."""
    env = {"COLUMNS": "200"}
    own_vi = runner.invoke(app, ["--lang", "en", "score", "x.xlsx", "--lang", "vi", "--nope"], env=env)
    assert own_vi.exit_code == 2
    assert "Không có tùy chọn --nope" in own_vi.output
    own_en = runner.invoke(app, ["--lang", "vi", "score", "x.xlsx", "--lang", "en", "--nope"], env=env)
    assert "No such option: --nope" in own_en.output
    bogus = runner.invoke(app, ["--lang", "en", "score", "x.xlsx", "--format", "bogus"], env=env)
    assert "'bogus' is not one of" in bogus.output
    assert "Value error" not in bogus.output
    jobs = runner.invoke(app, ["--lang", "en", "score", "x.xlsx", "-j", "abc"], env=env)
    assert "a whole number is needed" in jobs.output
    assert "unable to parse" not in jobs.output
    bare = runner.invoke(app, ["--lang", "vi"], env=env)
    assert "Thiếu lệnh." in bare.output
    assert "Missing command" not in bare.output


def test_english_help_is_wrapped_by_the_terminal_not_cut_where_the_source_breaks_its_lines() -> None:
    en = runner.invoke(app, ["--lang", "en", "score", "--help"], env={"COLUMNS": "100"}).stdout
    assert "a wider one as an overview" in " ".join(en.split())
    assert not any(line.rstrip().endswith("and a wider") for line in en.splitlines())  # cut where the source breaks
    top = runner.invoke(app, ["--lang", "en", "--help"], env={"COLUMNS": "100"}).stdout
    assert not any(line.rstrip(" │").endswith("due dates at the") for line in top.splitlines())
