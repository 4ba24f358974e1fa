"""The rows below a sheet's header: units, totals, subtotals, and everything that is neither.

Forms and official statistics put many rows under the header that are not
units: a row of column numbers, section titles, the total ("Tổng cộng",
"Toàn tỉnh", "England" when it is the sum of the rest), subtotals ("Cộng
huyện …", "North East Total"), rows whose unit cell holds a placeholder
("[z]", ".."), the header of a second table, notes and signatures. Each row
gets one kind; units become columns, totals and subtotals are kept to check
against the units, and every row left out that carries figures is said so in
an issue — nothing disappears silently.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from decimal import Decimal
from typing import Any

import numpy as np

from healthkpi.base.errors import WorkbookError
from healthkpi.base.issues import Code, Issue, Level
from healthkpi.base.numbers import Locale, is_missing_mark
from healthkpi.base.periods import normalise_period, period_position
from healthkpi.base.spans import period_span
from healthkpi.base.text import clean, unit_key
from healthkpi.read import rows as rowkinds
from healthkpi.read.cells import (
    BAD,
    EMPTY,
    MARKED,
    NUMBER,
    Column,
    address,
    cell_text,
    column_letter,
    convert_column,
    is_formula_error,
)
from healthkpi.read.columns import INPUT, KEY, PARENT, PERIOD, ROW, UNIT
from healthkpi.read.grid import Grid
from healthkpi.read.header import Layout, alias_index, lookup
from healthkpi.read.origin import TotalRow
from healthkpi.read.rows import RowKind
from healthkpi.read.spec import ReadingSpec

Columns = dict[str, "list[Any] | np.ndarray"]  # the table's columns (read.columns): lists of text, arrays of numbers
MANY_ROWS = 10  # rows named in one issue; the rest are counted
NESTED_SPAN = 200  # rows below a unit looked at for being its parts
TOLERANCE = 1e-9
_KINDS = list(RowKind)
_KIND_CODE = {kind: code for code, kind in enumerate(_KINDS)}


class SheetReader:
    """Reads the rows of one sheet below its header."""

    def __init__(self, grid: Grid, layout: Layout, plan: ReadingSpec, locale: Locale, number: int, expected: set[str]):
        self.grid = grid
        self.layout = layout
        self.plan = plan
        self.locale = locale
        self.number = number
        self.expected = expected  # unit keys the plan or the template lists
        self.issues: list[Issue] = []
        self.raw: dict[tuple[int, str], str] = {}
        self.parents: list[str] = []
        self._index = alias_index(plan)
        self._moved_headers: set[int] = set()  # rows of a header whose columns stand in another order

    def read(self) -> tuple[Columns, list[TotalRow]]:
        layout, grid = self.layout, self.grid
        start = layout.header_row + 1
        body = grid.rows[start:]
        table = _as_table(body)
        variables = list(layout.columns)
        columns = {v: convert_column(_column(table, c), self.locale) for v, c in layout.columns.items()}
        for v, column in columns.items():
            if self.plan.kinds.get(v, "count") == "count":
                _refuse_percentages(column)
            elif column.shown_as_percent:
                self._read_as_shown(v, column, start)
        merged = _merged_lookup(grid, {layout.unit_column, layout.period_column, layout.parent_column})
        labels = self._names_in(layout.unit_column, table, start, merged)
        self.parents = self._names_in(layout.parent_column, table, start, merged)
        periods = self._periods(table, start, merged)
        kinds = np.stack([columns[v].kinds for v in variables], axis=1) if variables else np.zeros((len(body), 0))
        has_number = (kinds == NUMBER).any(axis=1)
        has_text = (kinds == BAD).any(axis=1)

        kinds_of_rows = self._classify_rows(body, labels, kinds)
        self._sections_closed_by_cong(kinds_of_rows, body, labels, periods)
        totals: list[TotalRow] = []
        left_out: dict[str, list[int]] = {}  # why → rows (0-based in the body) with figures left out
        ended = np.flatnonzero(kinds_of_rows == _KIND_CODE[RowKind.END])
        stop = int(ended[0]) if len(ended) else len(body)
        stop = self._end_at_another_table(kinds_of_rows, body, labels, periods, has_number | has_text, stop, start)
        unit_rows = np.flatnonzero(kinds_of_rows[:stop] == _KIND_CODE[RowKind.UNIT]).tolist()
        quiet = [_KIND_CODE[k] for k in (RowKind.UNIT, RowKind.BLANK, RowKind.SECTION, RowKind.COLUMN_NUMBERS)]
        for i in np.flatnonzero(~np.isin(kinds_of_rows[:stop], quiet)).tolist():
            kind = _KINDS[kinds_of_rows[i]]
            figures = bool(has_number[i] or has_text[i])
            if kind in (RowKind.TOTAL, RowKind.SUBTOTAL):
                label = labels[i] or _first_text(body[i])
                if kind is RowKind.TOTAL and any(t.period == periods[i] and t.kind == "total" for t in totals):
                    left_out.setdefault("second_total", []).append(i)
                    continue
                values = {v: columns[v].values[i] for v in variables}
                totals.append(TotalRow(self.number, start + i + 1, label, periods[i], values, kind.value))
            elif kind is RowKind.NO_NAME:
                self.issues.append(
                    Issue(
                        Level.WARNING,
                        Code.MISSING_VALUE,
                        address(grid.name, start + i, layout.unit_column or 0),
                        template="no_unit_name",
                        facts={"row": start + i + 1},
                    )
                )
            elif kind is RowKind.PLACEHOLDER and figures:
                left_out.setdefault("placeholder_unit", []).append(i)
            elif kind is RowKind.HEADER:
                left_out.setdefault("repeated_header", []).append(i)
            elif kind is RowKind.OF_WHICH and figures:
                left_out.setdefault("of_which_row", []).append(i)
            elif kind is RowKind.STATISTIC and figures:
                left_out.setdefault("statistic_row", []).append(i)
        for i in np.flatnonzero(kinds_of_rows[:stop] == _KIND_CODE[RowKind.SECTION]).tolist():
            heading = labels[i] or _first_text(body[i])
            if heading and _HEADING.match(heading):  # "I. Huyện A": where a block of units begins (quality/totals.py)
                totals.append(TotalRow(self.number, start + i + 1, heading, periods[i], {}, "section"))
        unit_rows = self._totals_among_units(unit_rows, labels, periods, columns, totals, start)
        self._refuse_nested_levels(unit_rows, labels, periods, columns, start)
        if "placeholder_unit" in left_out:  # a region's or the nation's row, named in another column
            left_out["placeholder_unit"] = self._named_elsewhere(
                left_out["placeholder_unit"], unit_rows, body, periods, columns, totals, start
            )
            if not left_out["placeholder_unit"]:
                del left_out["placeholder_unit"]
        unit_keys = [unit_key(labels[i]) for i in unit_rows]  # once per unit row: names can be a million
        kept_positions = self._drop_duplicates(unit_rows, labels, unit_keys, periods, start)
        keep = [unit_rows[j] for j in kept_positions]
        keys = [unit_keys[j] for j in kept_positions]
        for why, rows in left_out.items():
            self._left_out(why, rows, labels, start)
        self._cell_issues(keep, labels, periods, columns, start)
        kept = set(keep)
        self.raw = {  # what was typed, for explain: numbers typed as text, and text that is not a number
            (start + i + 1, variable): text
            for variable, column in columns.items()
            for texts in (column.texts, column.problems)
            for i, text in texts.items()
            if i in kept and text
        }
        return self._frame(keep, labels, keys, periods, columns, start), totals

    # -- per row --------------------------------------------------------------

    @staticmethod
    def _names_in(
        column: int | None, table: np.ndarray, start: int, merged: dict[tuple[int, int], object]
    ) -> list[str]:
        """The names down one column, a merged cell's text filling its whole range."""
        if column is None:
            return [""] * len(table)
        names = []
        for i, cell in enumerate(_column(table, column)):
            if cell == "" or cell is None:
                cell = merged.get((start + i, column), "")
            names.append(label_text(cell))
        return names

    def _periods(self, table: np.ndarray, start: int, merged: dict[tuple[int, int], object]) -> list[str | None]:
        column = self.layout.period_column
        if column is None:
            return [None] * len(table)
        values = []
        said: dict[tuple[type, object], str | None] = {}  # each distinct cell once: a national sheet has 3 years
        for i, cell in enumerate(_column(table, column)):
            if cell == "" or cell is None:
                cell = merged.get((start + i, column), "")
            key = (type(cell), cell)  # the type too: 2021, 2021.0 and True are equal keys otherwise
            if key not in said:
                said[key] = normalise_period(cell)
            values.append(said[key])
        # A "Năm" column that holds no periods (a column of counts for boys, say) is not one.
        filled = Counter(v for v in values if v)
        if (
            filled
            and sum(n for v, n in filled.items() if period_position(v) is not None or period_span(v) is not None)
            < filled.total() / 2
        ):
            self.layout.period_column = None
            return [None] * len(table)
        return values

    def _classify_rows(self, body: list[list[object]], labels: list[str], kinds: np.ndarray) -> np.ndarray:
        """The kind of every row (codes of _KINDS). Nearly every row of a real table is a unit: a name
        that is neither a placeholder nor a total, and a figure. Those are told apart at once; only the
        rest (blank, header-like, figureless, total-like rows, the first three) go through _classify."""
        n = len(body)
        has_number = (kinds == NUMBER).any(axis=1) if kinds.shape[1] else np.zeros(n, dtype=bool)
        texts = (kinds == BAD).sum(axis=1) if kinds.shape[1] else np.zeros(n, dtype=np.int64)
        has_mark = (kinds == MARKED).any(axis=1) if kinds.shape[1] else np.zeros(n, dtype=bool)
        total_label = self.plan.total_label
        special = {label: is_missing_mark(label) or rowkinds.total_kind(label, total_label) is not None
                   or rowkinds.is_of_which(label) or rowkinds.is_statistic_row(label)
                   for label in dict.fromkeys(labels) if label}  # fmt: skip
        plain_name = np.fromiter((bool(label) and not special[label] for label in labels), dtype=bool, count=n)
        header_like = texts >= max(1, (len(self.layout.columns) + 1) // 2)  # what _header_fit needs at least
        unit = plain_name & has_number & ~header_like
        unit[:3] = False  # the first rows may be the column numbers
        codes = np.full(n, _KIND_CODE[RowKind.UNIT], dtype=np.int8)
        for i in np.flatnonzero(~unit).tolist():
            kind = self._classify(i, body[i], labels[i], bool(has_number[i]), bool(texts[i]), bool(has_mark[i]))
            codes[i] = _KIND_CODE[kind]
        self._headings_with_sums(codes, body, labels)
        return codes

    def _headings_with_sums(self, codes: np.ndarray, body: list[list[object]], labels: list[str]) -> None:
        """A section's heading that carries its sums ("I | Huyện A | 30.000 …" above its communes
        numbered 1, 2, 3) is a subtotal at the head of its section, not a unit beside its own units:
        a row numbered I, II or A, B (in the number column, or "I. Huyện A" in the name) among units
        numbered 1, 2, 3. Only where both kinds of numbering are there: a list of districts numbered
        I to XXVII is a list of units."""
        rows = np.flatnonzero(codes == _KIND_CODE[RowKind.UNIT]).tolist()
        if len(rows) < 3:
            return
        column = self.layout.number_column

        def numbering(i: int) -> str:
            number = cell_text(_at(body[i], column)).strip() if column is not None else ""
            if number:
                return number
            found = _LABEL_NUMBER.match(labels[i])
            return found.group(1) if found else ""

        numbers = {i: numbering(i).rstrip(".)") for i in rows}
        sections = [i for i, n in numbers.items() if _SECTION_NUMBER.fullmatch(n)]
        if not sections or len(sections) >= len(rows) / 2:
            return
        blank = _KIND_CODE[RowKind.BLANK]
        for i in sections:  # only a heading right above units of its own ("I | Bệnh viện tỉnh" may be one)
            below = next((k for k in range(i + 1, len(codes)) if codes[k] != blank), None)
            if below in numbers and numbers[below].isdigit():
                codes[i] = _KIND_CODE[RowKind.SUBTOTAL]

    def _classify(self, i: int, row: list[object], label: str, numbers: bool, texts: bool, marked: bool) -> RowKind:
        layout = self.layout
        figures = numbers or texts
        if not label and not figures and not marked:
            return RowKind.BLANK
        if i < 3 and rowkinds.is_column_numbers_row(row, sorted(layout.columns.values())):
            return RowKind.COLUMN_NUMBERS
        fits = self._header_fit(row)
        if fits is not None:
            if not fits:
                self._moved_headers.add(i)
            return RowKind.HEADER  # the header of a second table, or repeated on every printed page
        if not numbers and rowkinds.is_end_label(label or _first_text(row)):
            return RowKind.END  # notes and signatures: the table is over
        if label and is_missing_mark(label):
            return RowKind.PLACEHOLDER  # "[z]", "..": the row is not a unit (a region's total, often)
        if label and rowkinds.is_of_which(label):
            return RowKind.OF_WHICH
        total = rowkinds.total_kind(label or _first_text(row, skip=layout.columns.values()), self.plan.total_label)
        if total is not None:
            return total
        if label and figures and rowkinds.is_statistic_row(label):
            return RowKind.STATISTIC
        if not label:
            return RowKind.NO_NAME if figures else RowKind.SECTION
        if figures or marked:
            return RowKind.UNIT
        # A name and no figures at all: a section title, unless the row is numbered like a unit
        # (1, 2, 3 rather than I, II, A) or names a unit the plan lists: a unit that sent nothing.
        number = _at(row, layout.number_column) if layout.number_column is not None else ""
        if rowkinds.is_unit_number(number):
            return RowKind.UNIT
        if unit_key(label) in self.expected and not cell_text(number).strip():  # "I", "A": a section's number
            return RowKind.UNIT
        return RowKind.SECTION

    def _header_fit(self, row: list[object]) -> bool | None:
        """Whether the row is a header again: it names half of the header's variables or more. True
        when each stands in the column the header gave it (the header repeated on every printed
        page, or a second table laid out alike); False when one of them stands in another column
        (a second table with its columns in another order, whose figures cannot be read by this
        header); None for a row that is not a header."""
        named: dict[str, int] = {}
        for c, cell in enumerate(row):
            if isinstance(cell, str) and cell.strip():
                variable = lookup(self._index, clean(cell))
                if variable in self.layout.columns:
                    named.setdefault(variable, c)
        if len(named) < max(1, (len(self.layout.columns) + 1) // 2):
            return None
        return all(self.layout.columns[v] == c for v, c in named.items())

    def _end_at_another_table(
        self,
        codes: np.ndarray,
        body: list[list[object]],
        labels: list[str],
        periods: list[str | None],
        figures: np.ndarray,
        stop: int,
        start: int,
    ) -> int:
        """Where the table ends because another one begins below it on the sheet: at a header whose
        columns stand in another order, or at a header again after which the units already read are
        listed again, most of them (last year's table, a table for one area, for comparison). A header
        repeated on every printed page is followed by the next units, and the table goes on. The
        other table is not read, and said so: its rows would be units twice over, or figures read
        under the wrong headers. What the header's own tie-break chose (read/header.py) is the
        sheet's first table that lists units."""
        header, unit, blank = (_KIND_CODE[k] for k in (RowKind.HEADER, RowKind.UNIT, RowKind.BLANK))
        heads = np.flatnonzero(codes[:stop] == header).tolist()
        if not heads:
            return stop
        units = np.flatnonzero(codes[:stop] == unit).tolist()
        seen: set[tuple[str, str | None]] = set()
        for n, h in enumerate(heads):
            following = heads[n + 1] if n + 1 < len(heads) else stop
            seen.update((unit_key(labels[i]), periods[i]) for i in units if (heads[n - 1] if n else -1) < i < h)
            after = [i for i in units if h < i < following]
            again = [i for i in after if (unit_key(labels[i]), periods[i]) in seen]
            moved = h in self._moved_headers and bool(seen)  # not a header's own second line
            # most of its units, and more than half of those above, again: a unit or two typed twice on the next
            # page are duplicates, not another table
            if not moved and (not again or len(again) * 2 < len(after) or len(again) * 2 <= len(seen)):
                continue
            # the other table's title, the row right above its header ("Biểu 2. Số liệu năm 2020")
            above = next((k for k in range(h - 1, -1, -1) if codes[k] != blank or _first_text(body[k])), None)
            titled = above is not None and not figures[above] and codes[above] in (blank, _KIND_CODE[RowKind.SECTION])
            title = (labels[above] or _first_text(body[above])) if titled and above is not None else ""
            if moved:
                why = {"vi": "các cột xếp theo thứ tự khác", "en": "its columns in another order"}
            else:
                name, count = labels[again[0]], len(again)
                why = {
                    "vi": f"liệt kê lại {count} đơn vị đã có ở trên ({name}…)",
                    "en": f"listing again {count} unit{'s' if count > 1 else ''} already read above ({name}…)",
                }
            self.issues.append(
                Issue(
                    Level.WARNING,
                    Code.SHEET_SKIPPED,
                    address(self.grid.name, start + h, self.layout.unit_column or 0),
                    template="another_table",
                    facts={
                        "row": start + h + 1,
                        "header": self.layout.header_row + 1,
                        "title": f' ("{title}")' if title else "",
                        "why": why,
                        "count": int(figures[h + 1 : stop].sum()),
                    },
                )
            )
            return above if titled and above is not None else h
        return stop

    # -- across rows ----------------------------------------------------------

    def _totals_among_units(
        self,
        unit_rows: list[int],
        labels: list[str],
        periods: list[str | None],
        columns: dict[str, Column],
        totals: list[TotalRow],
        start: int,
    ) -> list[int]:
        """A first or last "unit" whose figures are the sums of all the others is the total ("England",
        "Việt Nam"): scored as a unit it would count every unit twice. Every figure it has must be the
        sum (a rate in it is not, so a row with rates is a total only if its counts say so alone)."""
        counts = [v for v in self.layout.columns if self.plan.kinds.get(v, "count") == "count"]
        counts = counts or list(self.layout.columns)  # averages of beds add up too; rates will not match
        if not counts or len(unit_rows) < 3:
            return unit_rows
        by_period: dict[str | None, list[int]] = {}
        for i in unit_rows:
            by_period.setdefault(periods[i], []).append(i)
        moved: set[int] = set()
        for period, rows in by_period.items():
            if len(rows) < 3 or any(t.period == period and t.kind == "total" for t in totals):
                continue
            for candidate in dict.fromkeys((rows[0], rows[-1])):
                others = [r for r in rows if r != candidate]
                if _is_sum_of(candidate, others, [columns[v].values for v in counts]):
                    values = {v: columns[v].values[candidate] for v in self.layout.columns}
                    totals.append(TotalRow(self.number, start + candidate + 1, labels[candidate], period, values))
                    self.issues.append(
                        Issue(
                            Level.INFO,
                            Code.TOTAL_MISMATCH,
                            address(self.grid.name, start + candidate, self.layout.unit_column or 0),
                            unit=labels[candidate],
                            period=period,
                            template="unit_is_total",
                            facts={"row": start + candidate + 1},
                        )
                    )
                    moved.add(candidate)
                    break
        return [i for i in unit_rows if i not in moved]

    def _refuse_nested_levels(
        self, unit_rows: list[int], labels: list[str], periods: list[str | None], columns: dict[str, Column], start: int
    ) -> None:
        """A "unit" whose figures are the sum of the rows right below it (a county above its districts, a
        region above its counties) means the sheet lists units at several levels: one table of all of
        them would count each unit twice or more. Reading stops and says so."""
        counts = [v for v in self.layout.columns if self.plan.kinds.get(v, "count") == "count"]
        if not counts or len(unit_rows) < 4:
            return
        values = np.stack([columns[v].values for v in counts], axis=1)  # rows × count variables
        by_period: dict[str | None, list[int]] = {}
        for i in unit_rows:
            by_period.setdefault(periods[i], []).append(i)
        for rows in by_period.values():
            found = _first_nested(values[rows])
            if found is not None:
                k, size = found
                raise WorkbookError(
                    key="nested_levels",
                    sheet=self.grid.name,
                    unit=labels[rows[k]],
                    row=start + rows[k] + 1,
                    count=size,
                    first=labels[rows[k + 1]],
                    last=labels[rows[k + size]],
                )

    def _named_elsewhere(
        self,
        rows: list[int],
        unit_rows: list[int],
        body: list[list[object]],
        periods: list[str | None],
        columns: dict[str, Column],
        totals: list[TotalRow],
        start: int,
    ) -> list[int]:
        """Rows with a placeholder for a unit name and the name of a parent in another cell are that
        parent's subtotal ("[z] | East Midlands"), compared with its units; the others stay left out."""
        parents = {unit_key(self.parents[i]): self.parents[i] for i in unit_rows if self.parents[i]}
        skip = {self.layout.unit_column, *self.layout.columns.values()}
        left = []
        for i in rows:
            named = next(
                (
                    parents[unit_key(clean(cell))]
                    for k, cell in enumerate(body[i])
                    if k not in skip and isinstance(cell, str) and unit_key(clean(cell)) in parents
                ),
                None,
            )
            if named is None:
                left.append(i)
                continue
            values = {v: columns[v].values[i] for v in self.layout.columns}
            totals.append(TotalRow(self.number, start + i + 1, named, periods[i], values, "subtotal"))
        return left

    def _drop_duplicates(
        self, unit_rows: list[int], labels: list[str], keys: list[str], periods: list[str | None], start: int
    ) -> list[int]:
        """Positions in `unit_rows` to keep: the first row of each (unit, period). One issue per repeated
        name says how many times it appears; copies written differently are a spelling variant too."""
        duplicated = _repeated([(keys[j], periods[i]) for j, i in enumerate(unit_rows)])
        if not duplicated.any():
            return list(range(len(unit_rows)))
        repeated = {(keys[j], periods[unit_rows[j]]) for j in np.flatnonzero(duplicated)}
        groups: dict[tuple[str, str | None], list[int]] = {}
        for j, i in enumerate(unit_rows):
            pair = (keys[j], periods[i])
            if pair in repeated:
                groups.setdefault(pair, []).append(i)
        if 2 * int(duplicated.sum()) > len(unit_rows) and len(unit_rows) >= 4:
            self._repeating_unit_column(groups, len(unit_rows), labels)
        column = self.layout.unit_column or 0
        for (_key, period), rows in groups.items():
            first, copies = rows[0], rows[1:]
            self.issues.append(
                Issue(
                    Level.ERROR,
                    Code.DUPLICATE_UNIT,
                    address(self.grid.name, start + copies[0], column),
                    unit=labels[first],
                    period=period,
                    facts={"count": len(rows), "rows": _rows_text(start, rows), "first_row": start + first + 1},
                )
            )
            spellings = list(dict.fromkeys(labels[i] for i in rows))
            if len(spellings) > 1:
                self.issues.append(
                    Issue(
                        Level.INFO,
                        Code.SPELLING_VARIANT,
                        address(self.grid.name, start + copies[0], column),
                        unit=labels[first],
                        template="spelling_same_unit",
                        facts={"names": " / ".join(spellings), "official": ""},
                    )
                )
        return [j for j in range(len(unit_rows)) if not duplicated[j]]

    def _repeating_unit_column(
        self, groups: dict[tuple[str, str | None], list[int]], rows: int, labels: list[str]
    ) -> None:
        """Most "units" are copies of a few names: this column is not the units (a month, a region)."""
        commonest = max(groups.values(), key=len)
        layout = self.layout
        letter = column_letter(layout.unit_column or 0)
        raise WorkbookError(
            key="unit_column_repeats",
            sheet=self.grid.name,
            column=letter,
            header=layout.headers.get(layout.unit_column or 0, ""),
            name=labels[commonest[0]],
            count=len(commonest),
            rows=rows,
        )

    def _left_out(self, why: str, rows: list[int], labels: list[str], start: int) -> None:
        """Rows with figures that are not units, said once per reason."""
        self.issues.append(
            Issue(
                Level.INFO,
                Code.MISSING_VALUE,
                address(self.grid.name, start + rows[0], self.layout.unit_column or 0),
                unit=labels[rows[0]] or None,
                template=why,
                facts={"rows": _rows_text(start, rows), "count": len(rows)},
            )
        )

    def _read_as_shown(self, variable: str, column: Column, start: int) -> None:
        """A rate (`kind: value`) the workbook shows as a percentage is read as shown: 0.96 formatted
        `0%` is the 96 % its office sees and its target means (`>= 95`). Said once for the column."""
        cells = [i for i in sorted(column.shown_as_percent) if not column.values[i] >= 2]
        # 96 typed into a cell formatted `0%` shows 9600%: a percentage already, under a stray format
        column.counts_shown_as_percent.update(i for i in column.shown_as_percent if column.values[i] >= 2)
        column.shown_as_percent.clear()
        if not cells:
            return
        first = cells[0]
        raw = float(column.values[first])
        for i in cells:
            column.values[i] = shown_percent(column.values[i])
        self.issues.append(
            Issue(
                Level.INFO,
                Code.NOT_A_NUMBER,
                address(self.grid.name, start + first, self.layout.columns[variable]),
                variable=variable,
                template="shown_as_percent" if len(cells) > 1 else "shown_as_percent_one",
                facts={
                    "label": self.plan.variables[variable].label,
                    "n": len(cells),
                    "raw": raw,
                    "shown": float(column.values[first]),
                },
            )
        )

    def _cell_issues(
        self,
        keep: list[int],
        labels: list[str],
        periods: list[str | None],
        columns: dict[str, Column],
        start: int,
    ) -> None:
        sheet = self.grid.name
        kept = np.asarray(keep, dtype=np.int64)
        kept_rows = set(keep)
        for variable, column in columns.items():
            letter_index = self.layout.columns[variable]
            label = self.plan.variables[variable].label
            for i in self._english_thousands(variable, column, kept_rows):
                text = column.texts[i].strip()
                facts = {"text": text, "read": column.values[i]}
                self.issues.append(self._doubted(variable, i, start, labels, periods, "english_thousands", facts))
            for i in sorted(column.counts_shown_as_percent & kept_rows):
                value = float(column.values[i])
                what = _WHAT[self.plan.kinds.get(variable, "count")]
                facts = {"value": value, "shown": shown_percent(value), "what": what}
                self.issues.append(self._doubted(variable, i, start, labels, periods, "count_shown_as_percent", facts))
            for i in kept[column.kinds[kept] != NUMBER]:  # only the cells that are not numbers
                i = int(i)
                kind = column.kinds[i]
                where = address(sheet, start + i, letter_index)
                if kind == BAD:
                    raw = column.problems.get(i, "")
                    self.issues.append(
                        Issue(
                            Level.WARNING,
                            Code.NOT_A_NUMBER,
                            where,
                            labels[i],
                            variable,
                            periods[i],
                            template="formula_error"
                            if is_formula_error(raw)
                            else "too_large"
                            if i in column.too_large
                            else "percent_in_count"
                            if i in column.percentages
                            else None,
                            facts={"text": raw[:80], "label": label},
                        )
                    )
                elif kind in (EMPTY, MARKED):
                    typed = column.texts.get(i, "").strip()
                    self.issues.append(
                        Issue(
                            Level.WARNING,
                            Code.MISSING_VALUE,
                            where,
                            labels[i],
                            variable,
                            periods[i],
                            template="marked_missing" if kind == MARKED else None,
                            facts={"label": label, "text": typed[:20]},
                        )
                    )

    def _sections_closed_by_cong(
        self, kinds_of_rows: np.ndarray, body: list[list[object]], labels: list[str], periods: list[str | None]
    ) -> None:
        """A bare "Cộng" closing each section is that section's subtotal, not a second grand total: where a
        period has more than one total row, its bare "Cộng" rows are subtotals (all but the last, when
        they are the only totals), compared with their sections (quality/totals.py)."""
        code = _KIND_CODE[RowKind.TOTAL]
        rows = np.flatnonzero(kinds_of_rows == code).tolist()
        if len(rows) < 2:
            return
        by_period: dict[str | None, list[int]] = {}
        for i in rows:
            by_period.setdefault(periods[i], []).append(i)
        for found in by_period.values():
            bare = [i for i in found if unit_key(labels[i] or _first_text(body[i])) == _BARE_CONG]
            if len(found) < 2 or not bare:
                continue
            for i in bare if len(bare) < len(found) else bare[:-1]:
                kinds_of_rows[i] = _KIND_CODE[RowKind.SUBTOTAL]

    def _doubted(
        self,
        variable: str,
        i: int,
        start: int,
        labels: list[str],
        periods: list[str | None],
        template: str,
        facts: dict[str, Any],
    ) -> Issue:
        """A number read and kept, and warned of: what was typed may not be what was meant."""
        where = address(self.grid.name, start + i, self.layout.columns[variable])
        label = self.plan.variables[variable].label
        return Issue(Level.WARNING, Code.NOT_A_NUMBER, where, labels[i], variable, periods[i],
                     template=template, facts={"label": label, **facts})  # fmt: skip

    def _english_thousands(self, variable: str, column: Column, kept: set[int]) -> list[int]:
        """The cells of a column typed as English thousands ("200,000"): read the Vietnamese way they are a
        thousandth of that (200), and look clean. In a count, every such cell; in a figure taken as it is
        (a rate may have three decimals), where they are most of its numbers typed as text."""
        if self.locale != "vi":
            return []
        typed = [i for i, text in column.texts.items() if column.kinds[i] == NUMBER]
        english = [i for i in typed if _ENGLISH_THOUSANDS.fullmatch(column.texts[i].strip())]
        if self.plan.kinds.get(variable, "count") == "count":
            # A count has no thousandths: "120,000" read as 120.000 or "1,230" as 1.23 people is never
            # what was meant, so even one such cell is doubted (a two-row CSV had read 1000× too low).
            return [i for i in english if i in kept]
        if len(english) < 3 or len(english) * 2 < len(typed):
            return []
        return [i for i in english if i in kept]

    def _frame(
        self,
        keep: list[int],
        labels: list[str],
        keys: list[str],
        periods: list[str | None],
        columns: dict[str, Column],
        start: int,
    ) -> Columns:
        index = np.asarray(keep, dtype=np.int64)
        data: Columns = {
            UNIT: [labels[i] for i in keep],
            KEY: keys,
            PERIOD: [periods[i] for i in keep],
            PARENT: [self.parents[i] or None for i in keep],
        }
        for variable in self.plan.used_variables:
            data[variable] = columns[variable].values[index] if variable in columns else np.full(len(keep), np.nan)
        data[INPUT] = np.full(len(keep), self.number, dtype=np.int64)
        data[ROW] = index + start + 1
        return data


_ENGLISH_THOUSANDS = re.compile(r"[1-9]\d{0,2}(?:,\d{3})+")  # "200,000", "3,000": not "0,125", not "12,5"


def _is_sum_of(candidate: int, others: list[int], columns: Sequence[np.ndarray]) -> bool:
    """Every count the candidate row has equals the sum of the other rows' (and there is something to sum)."""
    compared = 0
    for values in columns:
        own = values[candidate]
        rest = values[others]
        if not np.isfinite(own) or not np.isfinite(rest).all():
            continue
        summed = float(rest.sum())
        if summed == 0 or abs(summed - own) > TOLERANCE * max(abs(own), abs(summed)):
            return False
        compared += 1
    return compared > 0


def _first_nested(block: np.ndarray, chunk: int = 2048) -> tuple[int, int] | None:
    """The first row of `block` (rows × counts) whose figures are the sum of the 2 to NESTED_SPAN rows
    right below it, and how many rows that is; None when there is none.

    Row k is compared with the running sums of the rows below it: the first running sum equal to
    it (on every count it has, within TOLERANCE) decides — one row alone is a copy, not its parts.
    Rows with a single small count are not compared (equal sums by chance are too likely). Done with
    prefix sums: one count (the row's largest) narrows the candidates, all counts confirm them."""
    m = len(block)
    if m < 3:
        return None
    finite = np.isfinite(block)
    filled = np.where(finite, block, 0.0)
    prefix = np.vstack([np.zeros((1, block.shape[1])), np.cumsum(filled, axis=0)])  # prefix[t]: rows before t
    known = finite & (block != 0)
    counted = known.sum(axis=1)
    largest = np.where(known, np.abs(filled), 0.0).max(axis=1)
    compared = (counted >= 2) | ((counted == 1) & (largest >= 1000))
    compared[m - 2 :] = False
    pivot = np.argmax(np.where(known, np.abs(filled), -1.0), axis=1)  # one count of the row's own
    if (filled >= 0).all():
        candidates: Iterator[tuple[int, int]] = _rising_candidates(prefix, filled, pivot, compared)
    else:
        candidates = _windowed_candidates(prefix, filled, pivot, compared, chunk)
    decided = -1
    for k, length in candidates:  # by row, then by length
        if k == decided:
            continue
        below = prefix[k + 1 + length] - prefix[k + 1]
        mask = known[k]
        if np.all(np.abs(below[mask] - filled[k, mask]) <= TOLERANCE * np.abs(filled[k, mask])):
            decided = k  # the first equal running sum decides for this row
            if length >= 2:
                return k, length
    return None


def _rising_candidates(
    prefix: np.ndarray, filled: np.ndarray, pivot: np.ndarray, compared: np.ndarray
) -> Iterator[tuple[int, int]]:
    """(row, length) pairs whose running sum equals the row on its pivot count, when no figure is
    negative. Then each count's prefix sums never fall, so the lengths that can match are found by a
    binary search (a few a row at most) instead of trying all NESTED_SPAN of them: the search window
    is a little wider than TOLERANCE, for rounding, and the exact test then keeps what
    `_windowed_candidates` would."""
    m = len(filled)
    found_rows, found_ends = [], []
    rows_all = np.flatnonzero(compared)
    for count in np.unique(pivot[rows_all]).tolist():
        rows = rows_all[pivot[rows_all] == count]
        sums = np.ascontiguousarray(prefix[:, count])
        own = filled[rows, count]
        base = sums[rows + 1]
        reach = TOLERANCE * np.abs(own) + 4 * np.finfo(float).eps * (np.abs(base) + np.abs(own))
        lo = np.maximum(np.searchsorted(sums, base + own - reach, "left"), rows + 2)
        hi = np.minimum(np.searchsorted(sums, base + own + reach, "right"), np.minimum(rows + 1 + NESTED_SPAN, m) + 1)
        some = lo < hi
        if not some.any():
            continue
        rows, lo, hi = rows[some], lo[some], hi[some]
        widths = hi - lo
        ends = np.repeat(lo, widths) + np.arange(widths.sum()) - np.repeat(np.cumsum(widths) - widths, widths)
        starts = np.repeat(rows, widths)
        own_each = filled[starts, count]
        exact = np.abs(sums[ends] - sums[starts + 1] - own_each) <= TOLERANCE * np.abs(own_each)
        found_rows.append(starts[exact])
        found_ends.append(ends[exact])
    if not found_rows:
        return
    starts, ends = np.concatenate(found_rows), np.concatenate(found_ends)
    order = np.lexsort((ends, starts))
    for k, end in zip(starts[order].tolist(), ends[order].tolist(), strict=True):
        yield k, end - k - 1


def _windowed_candidates(
    prefix: np.ndarray, filled: np.ndarray, pivot: np.ndarray, compared: np.ndarray, chunk: int
) -> Iterator[tuple[int, int]]:
    """The same pairs by trying every length up to NESTED_SPAN, a chunk of rows at a time: for
    figures that can be negative, whose running sums may fall and rise again."""
    m = len(filled)
    steps = np.arange(1, NESTED_SPAN + 1)
    for first in range(0, m - 2, chunk):
        rows = np.flatnonzero(compared[first : first + chunk]) + first
        if not len(rows):
            continue
        ends = rows[:, None] + 1 + steps[None, :]  # prefix index after 1, 2, … rows below
        inside = ends <= m
        ends = np.minimum(ends, m)
        own = filled[rows, pivot[rows]]
        sums = prefix[ends, pivot[rows][:, None]] - prefix[rows + 1, pivot[rows]][:, None]
        close = inside & (np.abs(sums - own[:, None]) <= TOLERANCE * np.abs(own)[:, None])
        for r, j in zip(*np.nonzero(close), strict=True):
            yield int(rows[r]), int(j) + 1


def _rows_text(start: int, rows: list[int]) -> str:
    """ "12, 30, 31" — or the first ten and how many more."""
    shown = ", ".join(str(start + i + 1) for i in rows[:MANY_ROWS])
    return shown + (f" … (+{len(rows) - MANY_ROWS})" if len(rows) > MANY_ROWS else "")


def _repeated(pairs: list[tuple[str, str | None]]) -> np.ndarray:
    """True for each pair equal to an earlier one. Hashes first (8 bytes a row, where a set of tuples
    costs ~100 at a million rows), then the few rows that share a hash are compared exactly."""
    hashes = np.fromiter(map(hash, pairs), dtype=np.int64, count=len(pairs))
    _, first = np.unique(hashes, return_index=True)
    repeated = np.ones(len(pairs), dtype=bool)
    repeated[first] = False
    if repeated.any():
        seen: set[tuple[str, str | None]] = set()
        for i in np.flatnonzero(np.isin(hashes, hashes[repeated])):
            repeated[i] = pairs[i] in seen
            seen.add(pairs[i])
    return repeated


_BARE_CONG = unit_key("Cộng")
_SECTION_NUMBER = re.compile(r"[IVXLC]{1,6}|[A-Z]")  # "II", "A": a section's number, not a unit's
_LABEL_NUMBER = re.compile(r"^\s*([IVXLC]{1,6})[.)]\s+\S")  # "II. Huyện B"
# A section's heading: numbered ("I. Huyện A", "A Khu vực miền núi", "2) …") or named by its level.
_HEADING = re.compile(
    r"^\s*(?:(?:[IVXLC]+|[A-Z]|\d{1,2})[.)/:-]?\s+\S|(?:huyện|quận|thị xã|thành phố|khu vực|vùng|tỉnh)\s)", re.I
)

# What a figure kept from under a stray percentage format is, said in its warning.
_WHAT = {
    "count": {"vi": "số đếm", "en": "a count"},
    "value": {"vi": "số liệu lấy nguyên giá trị (kind: value)", "en": "a figure taken as it is (kind: value)"},
}


def _refuse_percentages(column: Column) -> None:
    """ "12%" where a count goes — typed so, or a number the workbook shows as 12% — is a rate in the
    wrong column, not 12 people: not a number. But a whole number of 2 or more the workbook shows as a
    percentage (7,800 shown as 780000%) is no rate: a count under a stray format, kept and warned of."""
    for i, typed in column.texts.items():
        if column.kinds[i] == NUMBER and typed.strip().endswith("%"):
            _not_a_count(column, i, typed.strip())
    cells = sorted(column.shown_as_percent)
    values = [float(column.values[i]) for i in cells]
    # a whole number of 2 or more shown as a percentage is a count: then the column's percentage
    # format is a stray one, and its 1s are counts too (else 1, shown 100%, may be a rate)
    stray = any(v >= 2 and v.is_integer() for v in values)
    for i, value in zip(cells, values, strict=True):
        if value == 0:
            continue  # 0 and 0% are one figure
        if value.is_integer() and (value >= 2 or (stray and value == 1)):
            column.counts_shown_as_percent.add(i)
            continue
        shown = shown_percent(value)
        _not_a_count(column, i, f"{int(shown) if shown.is_integer() else shown}%")
    column.shown_as_percent.clear()


def _not_a_count(column: Column, i: int, text: str) -> None:
    column.values[i] = np.nan
    column.kinds[i] = BAD
    column.problems[i] = text
    column.percentages.add(i)


def shown_percent(value: float) -> float:
    """0.57 as the sheet shows it, 57: the decimal point moved, not a multiplication (0.57 × 100 is
    56.99999999999999 in floating point), and to 12 significant digits: a formula's 0.9499999999999999
    (=1-0.05) is the 95 % the sheet shows, not 94.99999999999999."""
    return float(f"{Decimal(repr(float(value))).scaleb(2):.12g}")


def _as_table(body: list[list[object]]) -> np.ndarray:
    """The rows as one 2-D object array (padded with "" where rows are ragged, as CSV lines can be)."""
    if not body:
        return np.empty((0, 0), dtype=object)
    width = max(map(len, body))
    table = np.full((len(body), width), "", dtype=object)
    if all(len(row) == width for row in body):
        table[:] = body  # spreadsheets: every row already has the sheet's width
    else:
        for i, row in enumerate(body):
            table[i, : len(row)] = row
    return table


def _column(table: np.ndarray, column: int) -> np.ndarray:
    if column >= table.shape[1]:
        return np.full(len(table), "", dtype=object)
    return table[:, column]


@functools.lru_cache(maxsize=1 << 16)
def _label_of_text(text: str) -> str:
    return _BULLET.sub("", clean(text), count=1)


# A list mark before a name ("- Xã Hóa Quỳ", "+ Xã Cát Vân", "• Quan Sơn"): not part of it, or the name
# would match no annex, unit list or earlier year. Not "*": "* Số liệu ước tính" is a note ending the table.
_BULLET = re.compile(r"^[-+•–·▪○]\s+(?=\w)")


def label_text(cell: object) -> str:
    """A unit-name cell as shown; the same names recur for every period, so text is cached."""
    return _label_of_text(cell) if isinstance(cell, str) else clean(cell_text(cell))


def _at(row: list[object], column: int | None) -> object:
    if column is None or column >= len(row):
        return ""
    return row[column]


def _first_text(row: list[object], skip: Any = ()) -> str:
    """The row's first text (outside the columns in `skip`): a label written in another column."""
    skipped = set(skip)
    return next((clean(c) for k, c in enumerate(row) if k not in skipped and isinstance(c, str) and c.strip()), "")


def _merged_lookup(grid: Grid, columns: set[int | None]) -> dict[tuple[int, int], object]:
    """Values of merged cells in the label and period columns, for every cell they cover."""
    lookup_: dict[tuple[int, int], object] = {}
    for (top, left), (bottom, right) in grid.merged:
        for column in columns:
            if column is None or not left <= column <= right or top >= len(grid.rows):
                continue
            value = _at(grid.rows[top], left)
            for r in range(top + 1, bottom + 1):
                lookup_[(r, column)] = value
    return lookup_
