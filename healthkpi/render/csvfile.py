"""The CSV scorecard: one row per result (units, then totals), the fields of the JSON results.

Cells of text that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`,
tab, carriage return at the start) are prefixed with an apostrophe, so a unit
named `=HYPERLINK(…)` stays text when the file is opened in Excel.
"""

from __future__ import annotations

import csv
import io

from healthkpi.render.records import result_records, subtotal_records, total_records
from healthkpi.scoring.scorecard import TOTAL_FIELDS, Scorecard

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def escape_cell(value: object) -> object:
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def render_csv(card: Scorecard, lang: str = "vi") -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=[*TOTAL_FIELDS, "row_kind"], lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    kind = "parent" if card.level == "parent" else "unit"
    for rows, row_kind in (
        (result_records(card, lang), kind),
        (subtotal_records(card, lang), "subtotal"),
        (total_records(card, lang), "total"),
    ):
        for record in rows:
            record["flags"] = ";".join(record.get("flags") or ())  # one cell: codes separated by ";"
            writer.writerow({**{key: escape_cell(value) for key, value in record.items()}, "row_kind": row_kind})
    return buffer.getvalue()
