"""Targets files: what loads, and how every kind of mistake is reported."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from healthkpi.base.errors import PlanError
from healthkpi.plan.targets import Relative
from healthkpi.read.sidefiles import load_plan_and_side_files as load_plan
from tests.conftest import write_plan
from tests.forms import BEDS_PLAN

MINIMAL = """\
healthkpi: 1
plan:
  id: mini
  title: Mini
variables:
  a: {label: A}
  b: {label: B}
indicators:
  - id: ratio
    name: Tỷ lệ
    numerator: a
    denominator: b
    per: 100
    target: ">= 50"
"""


def problems(tmp_path: Path, text: str) -> list[str]:
    with pytest.raises(PlanError) as caught:
        load_plan(write_plan(tmp_path, text))
    return [str(p) for p in caught.value.problems]


def test_minimal_plan_has_documented_defaults(tmp_path: Path) -> None:
    plan = load_plan(write_plan(tmp_path, MINIMAL))
    indicator = plan.indicators[0]
    assert plan.id == "mini"
    assert indicator.decimals == 1
    assert indicator.near is None
    assert plan.used_variables == ["a", "b"]
    assert plan.path.endswith("plan.yaml")


def test_every_schema_form_loads(tmp_path: Path) -> None:
    text = (
        MINIMAL
        + """\
  - id: change
    name: Change
    numerator: a
    target: {vs: 2020, change: "< 0"}
  - id: pct
    name: Pct
    numerator: a
    denominator: b
    target: {vs: "2020", change_pct: ">= 5"}
    near: 0.5
  - id: per_year
    name: Per year
    numerator: a
    target: {vs: "2022", change_pct_per_year: "<= -0.5"}
  - id: on_track
    name: On track
    numerator: a
    denominator: b + k
    per: 100
    target: ">= 70"
    by: 2025
    baseline: 2022
    near: 5%
  - id: range
    name: Range
    numerator: a
    target: between 30 and 40
    total_target: ">= 100"
constants:
  k: 694775
checks:
  - a <= b
"""
    )
    plan = load_plan(write_plan(tmp_path, text))
    assert [i.id for i in plan.indicators] == [
        "ratio",
        "change",
        "pct",
        "per_year",
        "on_track",
        "range",
    ]
    assert isinstance(plan.indicator("per_year").target, Relative)
    assert plan.indicator("on_track").by == "2025"
    assert plan.constants == {"k": 694775}
    assert str(plan.checks[0]) == "a <= b"


def test_a_denominator_without_a_variable_is_refused_with_the_forms_that_total_right(tmp_path: Path) -> None:
    text = MINIMAL.replace("    denominator: b\n", "    denominator: k\n") + "constants:\n  k: 694775\n"
    found = problems(tmp_path, text)
    assert any("indicators[ratio].denominator" in p and "once per unit" in p and "numerator: x / k" in p for p in found)
    one_each = load_plan(write_plan(tmp_path, MINIMAL.replace("    denominator: b\n", '    denominator: "1"\n')))
    assert str(one_each.indicators[0].denominator) == "1"  # one per unit: the total is the mean, and explained


def test_typo_key_names_file_line_key_and_suggests(tmp_path: Path) -> None:
    found = problems(tmp_path, MINIMAL.replace('    target: ">= 50"', '    tagret: ">= 50"'))
    assert any(
        p.startswith(f"{tmp_path / 'plan.yaml'}:14: indicators[ratio].tagret: unknown key; did you mean 'target'?")
        for p in found
    )
    assert any("required key 'target' is missing" in p for p in found)


def test_all_problems_are_reported_at_once(tmp_path: Path) -> None:
    text = """\
healthkpi: 2
plan:
  id: Not_Kebab
  title: X
  colour: blue
variables:
  a: {label: A, alias: [x]}
indicators:
  - id: one
    name: One
    numerator: __import__("os").system("echo hi")
    target: "=> 5"
  - id: one
    name: Again
    numerator: a / missing_name
    target: ">= 1"
    near: -3
    baseline: 2022
"""
    found = "\n".join(problems(tmp_path, text))
    for fragment in (
        ":1: healthkpi: expected 1",
        ":3: plan.id: expected kebab-case",
        ":5: plan.colour: unknown key",
        ":7: variables.a.alias: unknown key; did you mean 'aliases'?",
        ":11: indicators[one].numerator: function calls are not allowed",
        ':12: indicators[one].target: expected a comparison such as ">= 36.5"',
        ":13: indicators[one].id: indicator id 'one' is used twice",
        ":15: indicators[one].numerator: unknown name 'missing_name'",
        ":17: indicators[one].near: expected a band",
        ":18: indicators[one].baseline: baseline needs by",
    ):
        assert fragment in found, fragment


def test_duplicate_keys_are_errors(tmp_path: Path) -> None:
    found = problems(tmp_path, MINIMAL + "healthkpi: 1\n")
    assert any(":15: healthkpi: duplicate key" in p for p in found)


def test_yaml_syntax_error_names_the_line(tmp_path: Path) -> None:
    found = problems(tmp_path, MINIMAL.replace("  title: Mini", "  title: [Mini"))
    assert found[0].startswith(f"{tmp_path / 'plan.yaml'}:4:")
    assert "the [ opened on this line is not closed" in found[0]


@pytest.mark.parametrize(
    "payload",
    [
        "x: !!python/object/apply:os.system ['echo pwned']",
        "x: !!python/name:os.system",
        "x: !!python/object:subprocess.Popen {args: [ls]}",
    ],
)
def test_python_tags_are_refused_not_run(tmp_path: Path, payload: str) -> None:
    found = problems(tmp_path, payload + "\n")
    assert "not allowed" in found[0] or "not a plain value" in found[0]


def test_alias_bomb_is_refused_quickly(tmp_path: Path) -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    previous = "a"
    for name in "bcdefghijk":
        lines.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
        previous = name
    started = time.process_time()
    found = problems(tmp_path, "\n".join(lines) + "\n")
    assert "expands to more than" in found[0]
    assert time.process_time() - started < 30  # bounded work, not a timing benchmark


def test_not_a_mapping(tmp_path: Path) -> None:
    assert "expected a targets file" in problems(tmp_path, "- just\n- a list\n")[0]


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_bytes("title: Kế hoạch".encode("utf-16"))
    with pytest.raises(PlanError, match="not UTF-8"):
        load_plan(path)


def test_check_expression_must_compare(tmp_path: Path) -> None:
    found = problems(tmp_path, MINIMAL + "checks:\n  - a + b\n")
    assert any("a check must compare two sides" in p for p in found)


def test_bundled_style_plan_loads(beds_plan_path: Path) -> None:
    plan = load_plan(beds_plan_path)
    assert [i.id for i in plan.indicators] == ["beds_per_10k", "doctors_per_10k"]
    assert BEDS_PLAN.count("source:") == 2


def test_the_readme_plan_that_says_everything_loads(tmp_path: Path) -> None:
    """The README's one-example targets file is valid as printed (its side files left out here)."""
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## The targets file") :]
    start = section.index("```yaml\n") + len("```yaml\n")
    text = section[start : section.index("```\n", start)]
    text = "\n".join(
        line for line in text.splitlines() if not line.startswith(("unit_targets:", "hierarchy:", "unit_map:"))
    )
    plan = load_plan(write_plan(tmp_path, text))
    assert plan.indicator("midwife_stations_pct").valid is not None


@pytest.mark.parametrize("written", ["10.000", '"10.000"'])
def test_per_written_with_a_vietnamese_thousands_dot_is_refused_not_read_as_ten(tmp_path: Path, written: str) -> None:
    """`per: 10.000` is 10 to YAML: beds per 10 people, every unit a fail. Refused, with the fix."""
    assert "per: 10000" in BEDS_PLAN
    found = problems(tmp_path, BEDS_PLAN.replace("per: 10000", f"per: {written}", 1))
    assert len(found) == 1
    assert "plan.yaml:24: indicators[beds_per_10k].per: 10.000 is not read as 10000" in found[0]
    assert found[0].endswith("write per: 10000")


def test_a_per_with_a_decimal_fraction_is_still_a_number(tmp_path: Path) -> None:
    plan = load_plan(write_plan(tmp_path, BEDS_PLAN.replace("per: 10000", "per: 2.5", 1)))
    assert plan.indicators[0].per == 2.5
