"""Follow-up across runs, added to a scorecard once it is scored (DESIGN §5).

    card = follow_up(run.card, history=Path("history.sqlite"))

records the run in the history file and sets `card.follow_up`: what changed since the
last run of the same plan on the same units, and — when the plan names an actions file —
each missed target of the latest period scored with the open actions agreed for it.
Without a history file or an actions file the scorecard is left as it is.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from healthkpi.scoring.followup import FollowUp, missed_targets
from healthkpi.scoring.history import open_history
from healthkpi.scoring.scorecard import Scorecard


def follow_up(
    card: Scorecard,
    *,
    history: Path | None = None,
    lang: str = "vi",
    today: dt.date | None = None,
    now: dt.datetime | None = None,
) -> Scorecard:
    """`card` with its follow-up: the run recorded in `history` (when given) and the plan's actions."""
    actions = card.plan.action_entries
    if history is None and actions is None:
        return card
    changes = None
    if history is not None:
        with open_history(history) as store:
            changes = store.record(card, lang=lang, now=now)
    missed = []
    if actions is not None and card.periods:
        rows = [
            (r.unit, r.period, r.indicator, str(r.status), r.value, r.target, total)
            for total, records in ((False, card.results), (True, card.totals))
            for r in records
        ]
        missed = missed_targets(rows, actions, card.periods[-1])
    card.follow_up = FollowUp(changes, actions, missed, today or dt.date.today())
    return card
