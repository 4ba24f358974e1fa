"""The command line, through Typer's runner and as a real process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import healthkpi
from healthkpi.cli import app
from tests.conftest import write_plan
from tests.forms import BEDS_PLAN, beds_form
from tests.paths import EXAMPLES, ROOT

EXAMPLE = ROOT / "examples" / "thanh-hoa-2021.xlsx"
# The plan `score EXAMPLE` finds beside it: the bundled thanh-hoa-2021 plus the example's annex.
EXAMPLE_PLAN = ROOT / "examples" / "healthkpi.yaml"
runner = CliRunner()


def invoke(*args: str, cwd: Path | None = None, width: int = 80):
    env = {"COLUMNS": str(width)}
    if cwd is None:
        return runner.invoke(app, list(args), env=env)
    old = Path.cwd()
    os.chdir(cwd)
    try:
        return runner.invoke(app, list(args), env=env)
    finally:
        os.chdir(old)


def assert_clean_failure(result, fragment: str) -> None:
    assert result.exit_code == 2, result.output
    assert fragment in result.stderr
    assert "Traceback" not in result.output


# --- score --------------------------------------------------------------------


def test_example_scores_with_no_flags(tmp_path: Path) -> None:
    result = invoke("score", str(EXAMPLE), cwd=tmp_path)
    assert result.exit_code == 1  # the example misses some targets on purpose
    out = result.stdout
    assert "Kế hoạch hành động ngành Y tế Thanh Hóa năm 2021" in out
    assert "Hà Trung" in out
    assert "Toàn tỉnh" in out
    matrix = invoke("score", str(EXAMPLE), "--matrix", cwd=tmp_path, width=250).stdout
    assert "36,5 ✓" in matrix  # Hà Trung: 438 / 120,000 × 10,000 = 36.5 exactly


def test_json_follows_the_contract_and_equals_the_library(tmp_path: Path) -> None:
    result = invoke("score", str(EXAMPLE), "--format", "json")
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    assert set(document) >= {
        "healthkpi",
        "plan",
        "inputs",
        "results",
        "totals",
        "summary",
        "issues",
    }
    assert document["healthkpi"] == 1
    assert document["plan"]["id"] == "thanh-hoa-2021"
    assert document["plan"]["path"] == str(EXAMPLE_PLAN)
    assert document["inputs"][0]["sheet"] == "Biểu 01"
    assert len(document["inputs"][0]["sha256"]) == 64
    first = document["results"][0]
    assert set(first) >= {
        "unit",
        "period",
        "indicator",
        "value",
        "numerator",
        "denominator",
        "target",
        "status",
        "gap",
    }
    assert {i["code"] for i in document["issues"]} >= {"not_a_number", "missing_value"}
    assert all(set(i) >= {"level", "code", "where", "message", "unit", "variable"} for i in document["issues"])

    plan = healthkpi.load_plan(EXAMPLE_PLAN)
    card = healthkpi.score(plan, healthkpi.read_data(EXAMPLE, plan))
    assert document["summary"] == card.summary()
    library = {(r.unit, r.indicator): (r.status, r.value) for r in card.results}
    from_json = {(r["unit"], r["indicator"]): (r["status"], r["value"]) for r in document["results"]}
    assert from_json == library
    ha_trung = next(r for r in document["results"] if r["unit"] == "Hà Trung" and r["indicator"] == "beds_per_10k")
    assert ha_trung == {
        **ha_trung,
        "value": 36.5,
        "numerator": 438,
        "denominator": 120000,
        "status": "pass",
        "period": "2021",
    }
    total = next(t for t in document["totals"] if t["indicator"] == "doctors_per_10k")
    assert (total["unit"], total["units_covered"], total["units_total"]) == ("Toàn tỉnh", 26, 27)


def test_same_inputs_give_byte_identical_json_and_csv(tmp_path: Path) -> None:
    for fmt in ("json", "csv"):
        first = invoke("score", str(EXAMPLE), "--format", fmt).stdout
        second = invoke("score", str(EXAMPLE), "--format", fmt).stdout
        assert first == second


def test_csv_has_one_row_per_result_and_total(tmp_path: Path) -> None:
    result = invoke("score", str(EXAMPLE), "--format", "csv")
    lines = result.stdout.splitlines()
    assert lines[0].startswith("unit,period,indicator,value,numerator,denominator,target,status,gap")
    indicators = len(healthkpi.load_plan("thanh-hoa-2021").indicators)
    assert len(lines) == 1 + 27 * indicators + indicators  # a row per unit and indicator, then the totals


def test_output_files_by_extension(tmp_path: Path) -> None:
    for name in ("card.json", "card.csv", "card.md"):
        result = invoke("score", str(EXAMPLE), "-o", str(tmp_path / name), "-q")
        assert result.exit_code == 1
        assert result.stdout == ""
    document = json.loads((tmp_path / "card.json").read_text(encoding="utf-8"))
    assert document["plan"]["id"] == "thanh-hoa-2021"
    assert "| Hà Trung | 36,5 ✓ |" in (tmp_path / "card.md").read_text(encoding="utf-8")
    assert not list(tmp_path.glob(".*.tmp"))  # no temporary files left behind


def test_output_over_an_input_is_refused_and_the_input_untouched(tmp_path: Path) -> None:
    data = beds_form().write(tmp_path / "data.csv")  # an .xlsx body named .csv on purpose
    before = data.read_bytes()
    result = invoke("score", str(data), "-t", str(write_plan(tmp_path, BEDS_PLAN)), "-o", str(data), "--lang", "en")
    assert_clean_failure(result, "is one of the inputs")
    assert data.read_bytes() == before


def test_unknown_output_type(tmp_path: Path) -> None:
    assert_clean_failure(
        invoke("score", str(EXAMPLE), "-o", str(tmp_path / "x.pdf"), "--lang", "en"), "unknown output type '.pdf'"
    )
    html = invoke("score", str(EXAMPLE), "-o", str(tmp_path / "x.html"), "--lang", "en")
    assert_clean_failure(html, "healthkpi report DATA -o report.html")  # the command that writes one
    assert not (tmp_path / "x.html").exists()


def test_fail_on_levels_change_the_exit_code() -> None:
    assert invoke("score", str(EXAMPLE), "--fail-on", "never", "-q").exit_code == 0
    assert invoke("score", str(EXAMPLE), "--fail-on", "near", "-q").exit_code == 1


def test_exit_zero_when_every_target_is_met(tmp_path: Path) -> None:
    plan = write_plan(tmp_path, BEDS_PLAN.replace('">= 36.5"', '">= 1"').replace('">= 11.5"', '">= 1"'))
    data = beds_form().write(tmp_path / "ok.xlsx")
    result = invoke("score", str(data), "-t", str(plan))
    assert result.exit_code == 0, result.output


def test_strict_stops_on_data_issues(tmp_path: Path) -> None:
    plan = healthkpi.load_plan(EXAMPLE_PLAN)
    card = healthkpi.score(plan, healthkpi.read_data(EXAMPLE, plan))
    blocking = [i for i in card.issues if i.level in ("error", "warning")]
    result = invoke("score", str(EXAMPLE), "--strict")
    assert_clean_failure(result, f"--strict: {len(blocking)} vấn đề về số liệu; không chấm điểm")
    assert "chưa báo cáo" in result.stderr
    assert result.stdout == ""


def test_english_labels(tmp_path: Path) -> None:
    out = invoke("score", str(EXAMPLE), "--lang", "en", "--matrix", width=250).stdout
    plan = healthkpi.load_plan(EXAMPLE_PLAN)
    card = healthkpi.score(plan, healthkpi.read_data(EXAMPLE, plan))
    met = sum(t.status == "pass" for t in card.totals)
    assert "Thanh Hoa health sector action plan 2021" in out
    assert "36.5 ✓" in out
    assert "beds per" in out
    assert f"✓ Met {card.summary()['pass']}" in out
    assert f"Toàn tỉnh: {met} of {len(plan.indicators)} targets met" in out


def test_period_that_is_not_in_the_data() -> None:
    assert_clean_failure(
        invoke("score", str(EXAMPLE), "--period", "2019", "--lang", "en"),
        "--period 2019: the data has no such period",
    )


# --- bad input: always exit 2, a message naming the place, never a traceback ---


def test_plan_with_a_typo_key(tmp_path: Path) -> None:
    text = BEDS_PLAN.replace('    target: ">= 36.5"', '    tagret: ">= 36.5"')
    line = text.splitlines().index('    tagret: ">= 36.5"') + 1
    result = invoke("score", str(EXAMPLE), "-t", str(write_plan(tmp_path, text)), "--lang", "en")
    assert_clean_failure(
        result,
        f"plan.yaml:{line}: indicators[beds_per_10k].tagret: unknown key; did you mean 'target'?",
    )


def test_plan_with_code_in_an_expression(tmp_path: Path) -> None:
    plan = write_plan(
        tmp_path,
        BEDS_PLAN.replace("numerator: hospital_beds", 'numerator: __import__("os").system("touch pwned")'),
    )
    result = invoke("score", str(EXAMPLE), "-t", str(plan), "--lang", "en", cwd=tmp_path)
    assert_clean_failure(result, "indicators[beds_per_10k].numerator: function calls are not allowed")
    assert not (tmp_path / "pwned").exists()


def test_missing_data_file(tmp_path: Path) -> None:
    assert_clean_failure(
        invoke("score", str(tmp_path / "none.xlsx"), "-t", "thanh-hoa-2021", "--lang", "en"),
        "none.xlsx: no such file",
    )


def test_truncated_workbook(tmp_path: Path) -> None:
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(EXAMPLE.read_bytes()[:5000])
    assert_clean_failure(
        invoke("score", str(cut), "-t", "thanh-hoa-2021", "--lang", "en"),
        "cut.xlsx: the workbook is damaged or incomplete",
    )


def test_text_file_named_xlsx(tmp_path: Path) -> None:
    fake = tmp_path / "fake.xlsx"
    fake.write_text("this is not a workbook\n", encoding="utf-8")
    assert_clean_failure(
        invoke("score", str(fake), "-t", "thanh-hoa-2021", "--lang", "en"),
        "fake.xlsx: is a plain text file, not a workbook",
    )


def test_no_plan_given_or_found_lists_bundled_plans(tmp_path: Path) -> None:
    data = beds_form().write(tmp_path / "district.xlsx")
    result = invoke("score", str(data), "--lang", "en", cwd=tmp_path)
    assert_clean_failure(result, "district.xlsx: no plan given and none found")
    assert "thanh-hoa-2021" in result.stderr


def test_plan_found_next_to_the_data(tmp_path: Path) -> None:
    folder = tmp_path / "incoming"
    folder.mkdir()
    write_plan(folder, BEDS_PLAN, name="healthkpi.yaml")
    data = beds_form().write(folder / "district.xlsx")
    result = invoke("score", str(data), "--format", "json", cwd=tmp_path)
    assert result.exit_code == 1
    assert json.loads(result.stdout)["plan"]["id"] == "test-plan"


def test_unknown_plan_id() -> None:
    assert_clean_failure(
        invoke("score", str(EXAMPLE), "-t", "no-such-plan", "--lang", "en"),
        "no such targets file and no bundled plan",
    )


def test_usage_errors_exit_2() -> None:
    assert invoke("score").exit_code == 2
    assert invoke("score", str(EXAMPLE), "--format", "xml").exit_code == 2
    assert invoke("score", str(EXAMPLE), "--fail-on", "sometimes").exit_code == 2


# --- check, show, plans, version -----------------------------------------------


def test_check_valid_and_invalid_plans(tmp_path: Path) -> None:
    good = invoke("check", str(ROOT / "targets" / "thanh-hoa-2021.yaml"), "thanh-hoa-2021")
    assert good.exit_code == 0
    count = len(healthkpi.load_plan("thanh-hoa-2021").indicators)
    assert f"hợp lệ: thanh-hoa-2021, {count} chỉ tiêu" in good.stdout
    bad = write_plan(tmp_path, "healthkpi: 1\nplan: {id: x}\nindicators: []\nextra: 1\n")
    result = invoke("check", str(bad), "--lang", "en")
    assert result.exit_code == 2
    for fragment in (
        "plan.title: required key 'title' is missing",
        "extra: unknown key",
        "indicators: a plan needs at least one indicator",
    ):
        assert fragment in result.stderr


def test_check_says_one_indicator_in_the_singular(tmp_path: Path) -> None:
    one = write_plan(
        tmp_path,
        "healthkpi: 1\nplan: {id: one, title: Một chỉ tiêu}\nvariables: {beds: {label: Giường}}\n"
        "indicators:\n  - {id: beds, name: Giường, numerator: beds, target: '>= 1'}\n",
    )
    said = " ".join(invoke("check", str(one), "--lang", "en").stdout.split())  # the path may wrap the line
    assert said.endswith("valid: one, 1 indicator")
    assert "hợp lệ: one, 1 chỉ tiêu" in " ".join(invoke("check", str(one)).stdout.split())


def test_show_prints_formulas_targets_and_sources() -> None:
    out = invoke("show", "thanh-hoa-2021", width=250).stdout
    assert "hospital_beds / population × 10000" in out
    assert "≥ 36,5" in out
    assert "Mục II.3" in out


def test_plans_lists_bundled_plans() -> None:
    out = invoke("plans").stdout
    assert "thanh-hoa-2021" in out


def test_version() -> None:
    result = invoke("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"healthkpi {healthkpi.__version__}"


def test_every_command_has_help_text() -> None:
    for command in app.registered_commands:
        assert command.callback.__doc__, command.name
        result = invoke(command.name or command.callback.__name__, "--help")
        assert result.exit_code == 0


# --- as a real process ------------------------------------------------------------


def run_process(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "healthkpi", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=120,
        check=False,
    )


def test_subprocess_scores_the_example(tmp_path: Path) -> None:
    result = run_process("score", str(EXAMPLE), "--format", "json", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert json.loads(result.stdout)["summary"]["pass"] > 0


def test_subprocess_bad_input_has_no_traceback(tmp_path: Path) -> None:
    (tmp_path / "broken.xlsx").write_bytes(b"PK\x03\x04 not really a zip")
    result = run_process("score", "broken.xlsx", "-t", "thanh-hoa-2021", "--lang", "en", cwd=tmp_path)
    assert result.returncode == 2
    assert "broken.xlsx: the workbook is damaged or incomplete" in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def test_console_script_is_installed(tmp_path: Path) -> None:
    script = Path(sys.executable).parent / "healthkpi"
    if not script.exists():
        pytest.skip("the healthkpi console script is not installed in this environment")
    result = subprocess.run([str(script), "--version"], capture_output=True, text=True, check=False, timeout=60)
    assert result.returncode == 0
    assert result.stdout.startswith("healthkpi ")


def test_a_header_row_below_the_sheet_says_how_many_rows_it_has(tmp_path: Path) -> None:
    """--header-row 79 on a sheet of 78 rows: a message and exit 2, not an internal error."""
    workbook = ROOT / "examples" / "thanh-hoa-2021.xlsx"
    result = invoke("score", str(workbook), "--header-row", "200", "--lang", "en", width=200)
    assert_clean_failure(result, "sheet 'Biểu 01' has only 78 rows, no row 200; check --header-row")
    done = subprocess.run(
        [sys.executable, "-m", "healthkpi", "score", str(workbook), "--header-row", "79"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert "chỉ có 78 dòng, không có dòng 79" in done.stderr
    assert "Traceback" not in done.stderr


def test_subprocess_another_years_activity_sheet_is_refused_naming_its_plan(tmp_path: Path) -> None:
    # HCMC's 2021 activities (1.1 … 10.5) scored against the 2023 plan (N1 … N11) had printed
    # every activity as no data and exited 0
    out = tmp_path / "card.xlsx"
    args = ("score", str(EXAMPLES / "hcmc-2021.xlsx"), "-t", "hcmc-2023", "-o", str(out), "--lang", "en")
    result = run_process(*args, cwd=tmp_path)
    assert result.returncode == 2
    assert "the activity sheet holds only 0 of the 11 activities of plan 'hcmc-2023'" in result.stderr
    assert "It fits plan hcmc-2021 better" in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists()


def test_a_workbook_of_activities_scored_with_a_plan_of_indicators_names_its_own_plan() -> None:
    result = CliRunner().invoke(app, ["score", str(EXAMPLES / "hcmc-2023.xlsx"), "-t", "hcmc-2021"])
    assert result.exit_code == 2
    assert "kế hoạch 'hcmc-2021'" in result.output
    assert "Tệp khớp với kế hoạch hcmc-2023 hơn (11/11 hoạt động)" in result.output


def test_explain_names_a_unit_the_total_lacks_because_the_data_lacks_it() -> None:
    args = ["explain", str(EXAMPLES / "hcmc-2021.xlsx"), "-u", "total", "-i", "stations_v20_pct", "--lang", "en"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "Units left out (1): Huyện Cần Giờ (not in the data)" in result.output


def test_an_option_given_where_a_value_goes_is_named_as_the_slip_it_is(tmp_path: Path) -> None:
    """`-o --lang en`: --output took "--lang" and "en" was looked for as a data file ('en: no such file');
    `--lang en -o --quiet` wrote nothing and spoke of an output type ''. Both name the slip, write nothing."""
    data = tmp_path / "hcmc.xlsx"
    data.write_bytes((EXAMPLES / "hcmc-2021.xlsx").read_bytes())
    process = run_process("score", str(data), "-o", "--lang", "en", cwd=tmp_path)
    assert process.returncode == 2
    assert process.stderr.strip() == (
        "healthkpi: --output: nhận được --lang, là tên một tùy chọn, chứ không phải giá trị của --output; ghi giá "
        "trị ngay sau --output, rồi mới đến tùy chọn khác (ví dụ: -o bang-diem.xlsx --lang en)"
    )
    english = invoke("score", str(data), "--lang", "en", "-o", "--quiet", cwd=tmp_path)
    assert_clean_failure(english, "--output: given --quiet, which is an option's name, not a value for --output")
    unit = invoke("score", str(data), "-u", "-i", "x", cwd=tmp_path)
    assert_clean_failure(unit, "--unit: nhận được -i, là tên một tùy chọn")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["hcmc.xlsx"]


def test_a_form_that_records_another_plan_than_the_one_it_is_scored_with_says_so(tmp_path: Path) -> None:
    """A blank form written by `template` for one plan, filled in, scored with -t naming another plan
    that its columns also fit: scored as asked, with a note naming the plan the form records."""
    plan = write_plan(tmp_path, BEDS_PLAN)
    data = beds_form(record_plan="thanh-hoa-2021").write(tmp_path / "form.xlsx")
    result = invoke("score", str(data), "-t", str(plan), "--lang", "en", cwd=tmp_path)
    assert result.exit_code == 1
    assert (
        f"healthkpi: note: {data} records that it is a form of plan 'thanh-hoa-2021', but is scored against plan "
        "'test-plan'; if that is the wrong plan, run again with -t thanh-hoa-2021"
    ) in " ".join(result.stderr.split())
    process = run_process("validate", str(data), "-t", str(plan), cwd=tmp_path)
    assert "lập cho kế hoạch 'thanh-hoa-2021', nhưng được chấm theo kế hoạch 'test-plan'" in process.stderr
    same = beds_form(record_plan="test-plan").write(tmp_path / "same.xlsx")
    assert "lưu ý" not in invoke("score", str(same), "-t", str(plan), cwd=tmp_path).stderr
