"""Targets, statuses, totals, subtotals and activities → a Scorecard; and the one pipeline
(plan, inputs, checks, score) every command runs."""
