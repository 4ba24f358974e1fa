"""The one mapping from what a run did to its exit code (DESIGN §5), and errors worded per reader."""

from __future__ import annotations

import pickle

import pytest

from healthkpi.base.errors import UsageError, WorkbookError
from healthkpi.cli.exitcodes import BAD_INPUT, MISSED, OK, Verdict, exit_code
from healthkpi.cli.options import FLAGS


@pytest.mark.parametrize(
    ("verdict", "fail_on", "code"),
    [
        (Verdict(), "fail", OK),
        (Verdict(missed=True), "fail", MISSED),
        (Verdict(missed=True), "never", OK),
        (Verdict(left_out=1), "fail", MISSED),  # an input that could not be read counts as a miss
        (Verdict(left_out=1), "never", OK),
        (Verdict(scored=0, left_out=3), "fail", BAD_INPUT),  # nothing scored
        (Verdict(scored=0), "never", BAD_INPUT),
        (Verdict(blocked=True), "never", BAD_INPUT),  # --strict, or an invalid plan for check
        (Verdict(scored=4, missed=False, left_out=0), "near", OK),
    ],
)
def test_exit_code(verdict: Verdict, fail_on: str, code: int) -> None:
    assert exit_code(verdict, fail_on) == code


def test_the_core_names_settings_and_the_command_line_names_flags() -> None:
    error = UsageError(key="unknown_period", period="2019", found="2020, 2021")
    assert str(error) == "period 2019: the data has no such period; periods found: 2020, 2021"
    assert error.render("en", FLAGS) == "--period 2019: the data has no such period; periods found: 2020, 2021"
    assert error.render("vi", FLAGS).startswith("--period 2019: số liệu không có kỳ này")


def test_a_keyed_error_keeps_its_facts_across_processes() -> None:
    error = WorkbookError(key="too_large", path="a.xlsx", size="2 GB", limit="300 MB")
    copy = pickle.loads(pickle.dumps(error))  # noqa: S301 — our own bytes, as multiprocessing sends them
    assert type(copy) is WorkbookError
    assert copy.render("en", FLAGS) == error.render("en", FLAGS)
    assert "--max-size 2GB" in copy.render("en", FLAGS)
