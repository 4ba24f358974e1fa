"""`healthkpi explain` in the terminal: a panel per indicator, saying how each number was reached."""

from __future__ import annotations

import re
from typing import Any

from rich.cells import cell_len
from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from healthkpi.base.display import format_number, short_number
from healthkpi.base.messages import ui
from healthkpi.render.explain import Explanation, IndicatorExplanation
from healthkpi.render.grid import STATUS_STYLES


def render_explanation(explanation: Explanation, console: Console, lang: str) -> None:
    console.print(Text(f"{explanation.unit}  ({explanation.plan})", style="bold"))
    for item in explanation.indicators:
        title = f"{item.name} — {item.indicator}"
        if cell_len(title) + 6 <= console.width:
            console.print(Panel(_body(item, lang), title=title, title_align="left"))
        else:  # a panel title is cut at the border: above the panel, the id wraps whole to its own line
            heading = Text(item.name, style="bold")
            heading.append(f" — {item.indicator}", style="dim")
            console.print(heading)
            console.print(Panel(_body(item, lang)))


def _parts(parts: list[dict[str, Any]], lang: str) -> str:
    return ", ".join(
        str(p["unit"]) + ("" if p["share"] == 1 else f" × {short_number(float(p['share']), lang)}") for p in parts
    )


def _body(item: IndicatorExplanation, lang: str) -> Group:
    lines: list[Text | Table] = []
    if item.cells:
        table = Table(title=ui("cells_read", lang), title_justify="left", show_header=False, box=None, pad_edge=False)
        for cell in item.cells:
            typed = f' "{cell.text}"' if cell.text is not None else ""
            value = format_number(cell.value, 6, lang).rstrip("0").rstrip(",.") if cell.value is not None else "–"
            table.add_row(cell.where or "", f"{cell.label} ({cell.variable})", f"{value}{typed}")
        lines.append(table)
    if item.made_of:
        lines.append(Text(ui("made_of_value", lang, units=_parts(item.made_of, lang)), style="dim"))
    lines.append(Text(f"{ui('formula', lang)}: {item.formula}"))
    lines.append(Text(f"  = {item.with_numbers}"))
    if item.per_unit:
        lines.append(Text(f"  {item.per_unit}", style="dim"))
    if item.exact is not None:
        lines.append(Text(f"{ui('exact', lang)}: {item.exact}   {ui('shown', lang)}: {item.shown}"))
    if item.baseline:
        base = item.baseline
        shown = format_number(base["value"], 6, lang).rstrip("0").rstrip(",.") if base["value"] is not None else "–"
        text = ui("baseline_line", lang, period=base["period"], value=shown)
        if base.get("line") is not None:
            text += "; " + ui("line_value", lang, line=short_number(base["line"], lang))
        lines.append(Text(text))
        if base.get("old_units"):
            lines.append(Text("  " + ui("made_of", lang, units=_parts(base["old_units"], lang)), style="dim"))
    source = f" ({target_source_said(item.target_source, lang)})" if item.target_source != "indicator" else ""
    lines.append(Text(f"{ui('applied_target', lang)}: {item.target_shown}{source}"))
    if item.clause:
        lines.append(Text(f"{ui('source', lang)}: {item.clause}", style="dim"))
    if item.band:
        lines.append(Text(f"{ui('near_band', lang)}: {item.band}", style="dim"))
    if item.units_counted or item.units_left_out:
        lines.append(
            Text(
                f"{ui('units_counted', lang, n=len(item.units_counted))}: {', '.join(item.units_counted[:12])}"
                + (" …" if len(item.units_counted) > 12 else "")
            )
        )
        if item.units_left_out:
            left = "; ".join(f"{u['unit']} ({u['why']})" for u in item.units_left_out[:12])
            lines.append(Text(f"{ui('units_left_out', lang, n=len(item.units_left_out))}: {left}"))
    status = Text(f"{ui('status', lang)}: ", style="bold")
    status.append(f"{ui(item.status, lang)} — {item.reason}", style=STATUS_STYLES.get(item.status, ""))
    lines.append(status)
    return Group(*lines)


_ANNEX_SOURCE = re.compile(r"annex: (?P<file>.+) row (?P<row>\d+)")
_OVERRIDE_SOURCE = re.compile(r"override: (?P<label>.+)")


def target_source_said(source: str, lang: str) -> str:
    """A result's `target_source` (kept in English in JSON, where it is a field) as the reader's
    language says it: "annex: a.xlsx row 9" is "phụ lục: a.xlsx dòng 9" in Vietnamese."""
    if annex := _ANNEX_SOURCE.fullmatch(source):
        return ui("source_annex", lang, file=annex["file"], row=annex["row"])
    if override := _OVERRIDE_SOURCE.fullmatch(source):
        return ui("source_override", lang, label=override["label"])
    return source
