"""The unit column by content, for sheets whose unit column has no header we know.

Official statistics head their unit column "Org Name", "Upper Tier LA Name",
"PCT name"… and put other text columns beside it: a period ("September" on
every row), a region code filled only on each region's first row, an
organisation code. The unit column is the text column that is filled on the
rows that carry figures and is mostly distinct there; between equally good
ones, the one that reads like names (spaces, lower-case letters) rather than
codes. When no column is clearly the units, reading stops and names the
candidates: a guess that repeats its values would score the wrong units.
"""

from __future__ import annotations

from dataclasses import dataclass

from healthkpi.base.messages import Phrase
from healthkpi.base.numbers import is_missing_mark
from healthkpi.base.text import clean, unit_key
from healthkpi.read.cells import column_letter
from healthkpi.read.grid import Grid
from healthkpi.read.header import Layout
from healthkpi.read.rows import is_column_numbers_row, total_kind

SAMPLE_ROWS = 20_000  # enough to judge a column; a national sheet has more rows than that
MIN_FILLED = 0.5  # share of the rows with figures on which the column has text
MIN_DISTINCT = 0.9  # share of those texts that are distinct


@dataclass(frozen=True)
class Candidate:
    column: int
    header: str
    filled: int  # rows with figures where the column has text
    distinct: int  # distinct texts among them (distinct per period, when the sheet has periods)
    rows: int  # rows with figures
    names: float  # share of texts that read like names rather than codes
    different: int  # different names, whatever the period
    examples: tuple[str, ...]

    @property
    def letter(self) -> str:
        return column_letter(self.column)

    @property
    def clear(self) -> bool:
        return self.filled >= MIN_FILLED * self.rows and self.distinct >= MIN_DISTINCT * self.filled

    def described(self) -> Phrase:
        """ "B 'Org Name' (153 different on 153 of 153 rows, e.g. Barnsley, Bolton)", in the message's language."""
        header = f" {self.header!r}" if self.header else ""
        facts = {"letter": self.letter, "header": header, "different": self.different, "filled": self.filled}
        return Phrase("unit_candidate", tuple({**facts, "rows": self.rows, "sample": ", ".join(self.examples)}.items()))


def unit_candidates(grid: Grid, layout: Layout, exclude: set[int], spec_total: str | None = None) -> list[Candidate]:
    """Every text column under the header, best candidate first (total rows left out of the count)."""
    start = layout.header_row + 1
    body = grid.rows[start : start + SAMPLE_ROWS]
    value_columns = sorted(layout.columns.values())
    data = [
        row
        for row in body
        if any(_is_figure(row[c]) for c in value_columns if c < len(row))
        and not _is_total_row(row, spec_total)
        and not is_column_numbers_row(row, value_columns)
    ]
    width = max((len(r) for r in data), default=0)
    found = []
    for c in range(width):
        if c in exclude:
            continue
        texts = [clean(row[c]) for row in data if c < len(row) and _is_name(row[c])]
        if not texts:
            continue
        if layout.period_column is not None:  # one row per unit and period: a unit repeats once a period
            keys = {
                (unit_key(clean(row[c])), str(row[layout.period_column]) if layout.period_column < len(row) else "")
                for row in data
                if c < len(row) and _is_name(row[c])
            }
        else:
            keys = {(unit_key(t), "") for t in texts}
        names = sum(1 for t in texts if " " in t or any(ch.islower() for ch in t)) / len(texts)
        examples = tuple(dict.fromkeys(texts))[:3]
        header = layout.headers.get(c, "")
        different = len({unit_key(t) for t in texts})
        found.append(Candidate(c, header, len(texts), len(keys), len(data), names, different, examples))
    # Names before codes ("Barnsley" before "E08000016"), then the better filled, then the leftmost.
    return sorted(found, key=lambda k: (not k.clear, -round(k.names, 1), -(k.distinct / max(k.rows, 1)), k.column))


def _is_figure(cell: object) -> bool:
    if isinstance(cell, bool):
        return False
    if isinstance(cell, int | float):
        return True
    return isinstance(cell, str) and any(ch.isdigit() for ch in cell) and not _has_letters(cell)


def _is_name(cell: object) -> bool:
    """Text with letters that is not a placeholder ("[z]", "n/a")."""
    return _has_letters(cell) and not is_missing_mark(str(cell))


def _has_letters(text: object) -> bool:
    return isinstance(text, str) and any(ch.isalpha() for ch in text)


def _is_total_row(row: list[object], total_label: str | None) -> bool:
    return any(isinstance(cell, str) and total_kind(clean(cell), total_label) is not None for cell in row[:8])
