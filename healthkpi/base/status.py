"""The four statuses of a result (DESIGN §2): exactly one per unit, indicator and period."""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    PASS = "pass"  # noqa: S105 — a status, not a password
    NEAR = "near"
    FAIL = "fail"
    NO_DATA = "no_data"  # a needed value is missing, unreadable, or a denominator is zero


STATUS_ORDER = (Status.PASS, Status.NEAR, Status.FAIL, Status.NO_DATA)
SCORED = (Status.PASS, Status.NEAR, Status.FAIL)  # statuses that are a verdict
