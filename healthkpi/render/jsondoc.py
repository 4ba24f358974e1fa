"""The JSON scorecard (DESIGN §6). Field names are a contract: add, never rename."""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np
import orjson
import pandas as pd

from healthkpi.base.issues import FIELDS, Issues
from healthkpi.base.messages import Sentences
from healthkpi.base.version import __version__
from healthkpi.render.followup import changes_document
from healthkpi.render.grid import period_label
from healthkpi.render.jsonlines import json_joined
from healthkpi.render.quality import completeness_document
from healthkpi.render.records import (
    NUMBER_FIELDS,
    record_columns,
    result_fields,
    result_records,
    subtotal_records,
    total_records,
)
from healthkpi.scoring.scorecard import Scorecard

SCHEMA_VERSION = 1
READABLE_RESULTS = 5000
CHUNK = 10_000


def scorecard_document(card: Scorecard, lang: str = "vi", results: bool = True) -> dict[str, Any]:
    """The whole document; `results=False` leaves the results and issues lists empty (to be streamed)."""
    plan = card.plan
    return {
        "healthkpi": SCHEMA_VERSION,
        "version": __version__,
        "plan": {
            "id": plan.id,
            "title": plan.title(lang),
            "path": plan.path,
            "document": plan.plan.document,
            "issuer": plan.plan.issuer,
        },
        "inputs": [
            {
                **info.as_dict(),
                "format": info.format,
                "header_row": info.header_row,
                "units": info.units,
                "note": info.note,
            }
            for info in card.data.inputs
        ],
        "periods": [period_label(card, p) for p in card.periods],
        "results": result_records(card, lang) if results else [],
        "subtotals": subtotal_records(card, lang),
        "totals": total_records(card, lang),
        "level": card.level,
        "summary": card.summary(),
        "completeness": completeness_document(card.completeness),
        **_activities(card),
        "issues": issue_records(card.issues, lang) if results else [],
        "failed_inputs": [{"path": path, "error": why} for path, why in card.data.failed_in(lang)],
        **changes_document(card, lang),  # with --history or an actions file only
    }


def _activities(card: Scorecard) -> dict[str, Any]:
    report = card.activities
    if report is None:
        return {}

    def completion(group: Any) -> dict[str, Any]:
        return {
            "group": group.group or None,
            "done": group.done,
            "in_progress": group.in_progress,
            "not_started": group.not_started,
            "no_data": group.no_data,
            "total": group.total,
            "completion_pct": group.completion_pct,
        }

    return {
        "activities": [
            {
                "id": r.id,
                "group": r.group,
                "text": r.text,
                "state": str(r.state),
                "status": r.status,
                "raw": r.raw,
                "where": r.where,
            }
            for r in report.results
        ],
        "activity_summary": {
            "groups": [completion(g) for g in report.groups],
            "overall": completion(report.overall),
        },
    }


def render_json(card: Scorecard, lang: str = "vi") -> str:
    return "".join(json_chunks(card, lang))


def json_chunks(card: Scorecard, lang: str = "vi") -> Iterator[str]:
    """The JSON document in pieces. No timestamps and a fixed order: the same inputs give the same bytes.

    Indented while small enough to read. A national run (hundreds of thousands of
    results) is written compactly, one result per line, and streamed: results are
    built and encoded 10,000 at a time, so memory stays flat. orjson does the
    encoding (about ten times faster than the standard library)."""
    return (_as_text(make()) for _cost, make in json_pieces(card, lang))


def _as_text(made: str | bytes) -> str:
    return made.decode("utf-8") if isinstance(made, bytes) else made


# What a piece costs to make, and what makes it. The cost is counted in fifths of an issue's line:
# made with its message, an issue's line takes 2.1 µs on the noisy national benchmark, a result's
# 1.7 µs (four fifths), so that the two writers of cli/twohalves.py, given half of it each, finish together.
Piece = tuple[int, Callable[[], str | bytes]]
RESULT_COST, ISSUE_COST = 4, 5


def json_pieces(card: Scorecard, lang: str = "vi") -> Iterator[Piece]:
    """`json_chunks` not yet made, in order: the document can be written in parts, by more than one
    process (a piece is made only when called; its cost is said with it)."""
    if len(card.results_frame) <= READABLE_RESULTS:
        yield 0, lambda: _encode_indented(scorecard_document(card, lang))
        return
    document = scorecard_document(card, lang, results=False)
    yield _text("{")
    for n, (key, value) in enumerate(document.items()):
        yield _text(("," if n else "") + "\n" + _encode(key) + ":")
        if key == "results":
            yield _text("[")
            frame = card.results_frame
            for start, end in _result_chunks(frame):
                yield (end - start) * RESULT_COST, functools.partial(_result_lines, card, frame, start, end, lang)
            yield _text("\n]")
        elif key == "issues":
            yield from _issue_pieces(card.issues, lang)
        elif isinstance(value, list) and value:
            yield _text("[\n" + ",\n".join(map(_encode, value)) + "\n]")
        else:
            yield _text(_encode(value))
    yield _text("\n}\n")


def _text(text: str) -> Piece:
    return 0, lambda: text


def _result_chunks(frame: Any) -> Iterator[tuple[int, int]]:
    """The results a chunk at a time (at most CHUNK rows), cut where the indicator or the period
    changes too: within a chunk, what an indicator's results share (its target, its threshold) is
    then the same on every line, and written once (render/jsonlines.py)."""
    if not len(frame):
        return
    indicator, period = (pd.factorize(frame[name])[0] for name in ("indicator", "period"))  # missing: one code
    cuts = np.flatnonzero((indicator[1:] != indicator[:-1]) | (period[1:] != period[:-1])) + 1
    for start, end in itertools.pairwise([0, *cuts.tolist(), len(frame)]):
        pieces = -(-(end - start) // CHUNK)  # as few as can be, of one size: 10,600 rows as 2 × 5,300
        bounds = [start + (end - start) * n // pieces for n in range(pieces + 1)]
        yield from itertools.pairwise(bounds)


def _result_lines(card: Scorecard, frame: Any, start: int, end: int, lang: str) -> bytes:
    fields, columns = record_columns(card, frame.iloc[start:end], result_fields(card), lang)
    lines = json_joined(fields, columns, b",\n", numbers=NUMBER_FIELDS, distinct=("unit",))  # a unit once in a chunk
    return (b"," if start else b"") + b"\n" + lines  # bytes as orjson makes them: no decoding


def issue_records(issues: Issues, lang: str) -> list[dict[str, Any]]:
    columns = issues.columns(lang)
    return [dict(zip(FIELDS, row, strict=True)) for row in zip(*(columns[f] for f in FIELDS), strict=True)]


def _issue_pieces(issues: Issues, lang: str) -> Iterator[Piece]:
    """The issues list, one issue a line, encoded a column at a time: a text that recurs (a level, a
    code, a unit, a period) is encoded once, and each line is the encoded fields put together."""
    if not issues:
        yield _text("[]")
        return
    yield _text("[")
    for n, (rows, make) in enumerate(issues.chunk_makers(lang, sentences=True)):
        yield rows * ISSUE_COST, functools.partial(_issue_chunk, make, "\n" if n == 0 else ",\n")
    yield _text("\n]")


def _issue_chunk(make: Callable[[], dict[str, Any]], before: str) -> bytes:
    """The issues of a chunk, one a line, each a flat record (its message built here: a batch's
    written from its pieces, never made as a text)."""
    chunk = make()
    message = chunk["message"]
    composed = {"message": message.pieces} if isinstance(message, Sentences) else None
    columns = [chunk[f] for f in FIELDS]
    lines = json_joined(FIELDS, columns, b",\n", distinct=("where", "unit", "message"), composed=composed)
    return before.encode("utf-8") + lines


def _encode(value: Any) -> str:
    return orjson.dumps(value).decode("utf-8")


def _encode_indented(document: dict[str, Any]) -> str:
    return orjson.dumps(document, option=orjson.OPT_INDENT_2).decode("utf-8") + "\n"
