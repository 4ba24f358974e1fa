"""From a scorecard to the exit code (DESIGN §5), in one small tested place."""

from __future__ import annotations

from collections.abc import Iterable

from healthkpi.base.issues import Issue, Level
from healthkpi.scoring.scorecard import Scorecard

OK, MISSED, BAD_INPUT = 0, 1, 2


def strict_blockers(issues: Iterable[Issue]) -> list[Issue]:
    """Under --strict every data issue stops the run; informational notes do not."""
    return [issue for issue in issues if issue.level in (Level.ERROR, Level.WARNING)]


def exit_code(card: Scorecard, fail_on: str = "fail") -> int:
    """0 when no status reaches the --fail-on level, 1 when one does.

    no_data is never a missed target: it is reported as data issues instead.
    """
    return MISSED if card.missed(fail_on) else OK
