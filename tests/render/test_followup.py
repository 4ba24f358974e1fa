"""Small pieces of the follow-up shown in every output."""

from __future__ import annotations

from healthkpi.render.followup import sparkline, target_shown


def test_sparkline_spans_the_values_and_leaves_gaps() -> None:
    assert sparkline([1.0, 2.0, 3.0]) == "▁▅█"
    assert sparkline([5.0, None, 5.0]) == "▅ ▅"
    assert sparkline([None, None]) == "  "


def test_targets_are_shown_as_the_scorecards_show_them() -> None:
    assert target_shown(">= 36.5", "vi") == "≥ 36,5"
    assert target_shown("<= 0.12", "en") == "≤ 0.12"
    assert target_shown("== 100", "vi") == "= 100"
