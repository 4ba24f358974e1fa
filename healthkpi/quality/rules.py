"""The plan's declared consistency rules (`checks:`), evaluated per unit with both sides' values.

A plan holds at most MAX_CHECKS checks (schema), and at most MAX_CHECK_ISSUES failures are listed
one by one: past that, one issue says how many more there are, per check — a plan or a table built
to make millions of issues costs a bounded amount, and nothing is dropped without a word.
"""

from __future__ import annotations

import numpy as np

from healthkpi.base.issues import Code, Issue, Level
from healthkpi.plan.expr import Binary
from healthkpi.plan.schema import Plan
from healthkpi.read.columns import PERIOD, UNIT
from healthkpi.read.dataset import DataSet

MAX_CHECK_ISSUES = 100_000


def failed_checks(plan: Plan, data: DataSet) -> list[Issue]:
    frame = data.frame
    env: dict[str, float | np.ndarray] = {k: float(v) for k, v in plan.constants.items()}
    env.update({v: data.figures(v) for v in data.variables if v in frame})
    issues: list[Issue] = []
    unlisted: dict[str, int] = {}  # check → failures past MAX_CHECK_ISSUES
    for check in plan.checks:
        root = check.root
        assert isinstance(root, Binary)
        names = [n for n in check.names if n in data.variables]
        with np.errstate(all="ignore"):
            left = np.broadcast_to(np.asarray(root.left.evaluate(env, float), dtype=float), (len(frame),))
            right = np.broadcast_to(np.asarray(root.right.evaluate(env, float), dtype=float), (len(frame),))
            holds = np.asarray(check.evaluate(env), dtype=bool)
        known = np.isfinite(left) & np.isfinite(right)
        failing = np.flatnonzero(known & ~np.broadcast_to(holds, (len(frame),)))
        room = max(0, MAX_CHECK_ISSUES - len(issues))
        if len(failing) > room:
            unlisted[str(check)] = unlisted.get(str(check), 0) + len(failing) - room
            failing = failing[:room]
        for row in failing:
            where = next((data.cell(int(frame.index[row]), n) for n in names), None)
            issues.append(
                Issue(
                    Level.ERROR,
                    Code.CHECK_FAILED,
                    where,
                    unit=frame[UNIT].iat[row],
                    period=frame[PERIOD].iat[row],
                    variable=names[0] if len(names) == 1 else None,
                    facts={
                        "check": str(check),
                        "variables": tuple(names),
                        "left": str(root.left),
                        "right": str(root.right),
                        "left_value": float(left[row]),
                        "right_value": float(right[row]),
                    },
                )
            )
    for text, count in unlisted.items():
        issues.append(
            Issue(
                Level.ERROR,
                Code.CHECK_FAILED,
                None,
                template="check_failed_unlisted",
                facts={"check": text, "count": count},
            )
        )
    return issues
