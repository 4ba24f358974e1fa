"""How the Excel sheets print: A4 landscape, readable, every page labelled.

A sheet that fits the page width at `MIN_FIT_SCALE` or more is fitted to it
(one page wide, as many down as needed). A wider one — the scorecard of a
55-indicator plan has 57 columns — would print at a fifth of its size that
way, so it is fitted to as many pages wide as it takes at `PRINT_SCALE`,
the unit column(s) and header rows repeated on every page: Excel and
LibreOffice then break it between columns, never inside one, and print it
down then across — every unit for the first group of indicators, then every
unit for the next. When its rows fit one page tall at a readable scale they
are kept on one (so the total row is never alone at the top of a page).

Fitting, not a fixed scale with manual breaks, because column widths are
measured in the default font's digits: the same file is wider in a
LibreOffice that lacks Calibri than in Excel, and a fixed scale cut for one
prints stray half-empty pages in the other (Excel also ignores manual breaks
on a fitted sheet).

Each page carries the plan's title above and the sheet's name and page number
below.
"""

from __future__ import annotations

from collections.abc import Sequence

from xlsxwriter.worksheet import Worksheet

A4 = 9  # the paper size code of A4 in Excel's page setup
MARGIN_SIDE = 0.4  # inches
MARGIN_TOP = 0.7  # inches: room for the header line
MARGIN_BOTTOM = 0.6
PAGE_WIDTH = (11.69 - 2 * MARGIN_SIDE) * 96  # pixels of an A4 landscape page inside the margins
PAGE_HEIGHT = (8.27 - MARGIN_TOP - MARGIN_BOTTOM) * 72  # points
PRINT_SCALE = 80  # percent: Arial 10 prints at 8 points, the smallest an analyst reads with ease
MIN_FIT_SCALE = 65  # percent: a sheet that fits the page width at this scale or more is simply fitted
MAX_HEADER = 250  # characters: Excel refuses a header or footer longer than 255
FOOTER = "&L&A&R&P / &N"  # the sheet's name, left; the page number of the number of pages, right


def column_pixels(width: float) -> int:
    """The width on screen of a column `width` characters wide (Excel's default font: 7-pixel digits)."""
    return int(width * 7 + 5)


def column_breaks(widths: Sequence[float], repeated: int = 0, scale: int = PRINT_SCALE) -> list[int]:
    """The columns a new page starts at when the first `repeated` columns print on every page.

    Greedy, left to right: a column goes on the current page while it fits, else it opens the next.
    Empty when the sheet fits one page width at `MIN_FIT_SCALE` or more."""
    if sum(column_pixels(w) for w in widths) * MIN_FIT_SCALE <= PAGE_WIDTH * 100:
        return []
    room = PAGE_WIDTH * 100 / scale - sum(column_pixels(w) for w in widths[:repeated])
    breaks: list[int] = []
    used = 0
    for col in range(repeated, len(widths)):
        width = column_pixels(widths[col])
        if used and used + width > room:
            breaks.append(col)
            used = 0
        used += width
    return breaks


def wrapped_lines(text: str, width: float) -> int:
    """How many lines `text` takes wrapped at word boundaries in a column `width` characters wide:
    an estimate, one letter a digit wide, which errs on the tall side for Arial."""
    per_line = max(int(width), 1)
    lines, used = 1, 0
    for word in text.split():
        for start in range(0, len(word), per_line):  # a word longer than the column breaks anywhere
            chunk = len(word[start : start + per_line])
            if used and used + 1 + chunk > per_line:
                lines, used = lines + 1, chunk
            else:
                used += chunk + (1 if used else 0)
    return lines


def row_height(texts: Sequence[str], width: float, least: float = 15) -> float:
    """Points of a row whose cells wrap `texts` in columns `width` characters wide: every line shown."""
    line = 12.75  # points of a line of Arial 10
    return max(least, max((wrapped_lines(t, width) for t in texts), default=1) * line + 3)


def header_text(title: str) -> str:
    """The plan's title as a page header: centred, bold, its ampersands doubled (Excel's escape)."""
    text = " ".join(title.split())
    if len(text) > MAX_HEADER - 20:
        text = text[: MAX_HEADER - 21] + "…"
    return '&C&"Arial,Bold"' + text.replace("&", "&&")


def print_setup(
    sheet: Worksheet,
    title: str,
    widths: Sequence[float] = (),
    heights: Sequence[float] = (),
    repeat_rows: tuple[int, int] | None = None,
    repeat_columns: int = 0,
) -> None:
    """A4 landscape with margins, header and footer; one page wide if that is readable, else
    fitted to as many pages wide as `PRINT_SCALE` needs, with the first `repeat_columns` on each.
    `widths` are the printed columns' widths in characters, left to right; `heights` the printed
    rows' heights in points, top to bottom (when given: one page tall if that is readable)."""
    sheet.set_landscape()
    sheet.set_paper(A4)
    sheet.set_margins(left=MARGIN_SIDE, right=MARGIN_SIDE, top=MARGIN_TOP, bottom=MARGIN_BOTTOM)
    sheet.set_header(header_text(title), {"margin": 0.3})
    sheet.set_footer(FOOTER, {"margin": 0.3})
    if repeat_rows:
        sheet.repeat_rows(*repeat_rows)
    breaks = column_breaks(widths, repeat_columns)
    if not breaks:
        sheet.fit_to_pages(1, 0)  # fits the page width at a readable scale: as many pages down as needed
        return
    if repeat_columns:
        sheet.repeat_columns(0, repeat_columns - 1)
    tall = 1 if heights and sum(heights) * MIN_FIT_SCALE <= PAGE_HEIGHT * 100 else 0  # 0: as many as needed
    sheet.fit_to_pages(len(breaks) + 1, tall)
