"""--history on the commands that score: the history file checked before any work, and the
follow-up (what changed, the actions on missed targets) added once a run has scored."""

from __future__ import annotations

from pathlib import Path

from healthkpi.base.errors import UsageError
from healthkpi.base.inputs import input_named
from healthkpi.scoring.history import open_history
from healthkpi.scoring.scorecard import Scorecard
from healthkpi.scoring.track import follow_up


def prepare_history(path: Path | None) -> None:
    """Refuse a history file that is one of the inputs, or that cannot be one; create it, or bring an
    older one up to date, now — so that a newer one is refused before anything is read or scored."""
    if path is None:
        return
    read = input_named(path)
    if read is not None and getattr(read, "key", None) != "role_history_file":
        raise UsageError(key="history_is_input", path=path, read=read)
    with open_history(path):
        pass


def with_follow_up(card: Scorecard, history: Path | None, lang: str) -> Scorecard:
    """The scorecard with what changed (recorded in `history`) and its plan's actions, if any."""
    return follow_up(card, history=history, lang=lang)
