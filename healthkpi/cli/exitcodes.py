"""From what a run did to its exit code (DESIGN §5), in one small tested place.

| code | meaning |
|---|---|
| 0 | scored; no status at or above the `--fail-on` level |
| 1 | scored; a target missed at or above that level, or an input left out |
| 2 | nothing scored: bad call or bad input, or a data issue under `--strict` |
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from healthkpi.base.issues import Issues, Level

if TYPE_CHECKING:  # the scorecard's module loads pandas; `healthkpi --version` must not
    from healthkpi.scoring.scorecard import Scorecard

OK, MISSED, BAD_INPUT = 0, 1, 2
INTERRUPTED = 130  # 128 + SIGINT, as shells report it
BROKEN_PIPE = 141  # 128 + SIGPIPE: the program reading standard output stopped reading (`| head`)


@dataclass(frozen=True)
class Verdict:
    """What a run did, as far as its exit code is concerned."""

    scored: int = 1  # inputs (or runs) scored; 0 when nothing could be
    missed: bool = False  # a result, total or activity at or above the --fail-on level
    left_out: int = 0  # inputs that could not be read or scored
    blocked: bool = False  # bad input, or data issues under --strict: nothing counts as scored


def exit_code(verdict: Verdict, fail_on: str = "fail") -> int:
    """0, 1 or 2. no_data is never a missed target: it is reported as data issues instead.
    With `--fail-on never` a run that scored exits 0, whatever it found or left out."""
    if verdict.blocked or not verdict.scored:
        return BAD_INPUT
    if fail_on == "never":
        return OK
    return MISSED if verdict.missed or verdict.left_out else OK


def verdict_of(card: Scorecard, fail_on: str) -> Verdict:
    """A scorecard's verdict: missed at the --fail-on level; its unreadable inputs left out."""
    return Verdict(missed=card.missed(fail_on), left_out=len(card.data.failed))


def strict_blockers(issues: Issues) -> Issues:
    """Under --strict every data issue stops the run; informational notes do not."""
    return issues.at_levels(Level.ERROR, Level.WARNING)
