"""The JSON scorecard (DESIGN §6). Field names are a contract: add, never rename."""

from __future__ import annotations

import json
from typing import Any

from .. import __version__
from ..scorecard import Scorecard
from .grid import period_label
from .quality import completeness_document
from .records import result_records, total_records

SCHEMA_VERSION = 1
READABLE_RESULTS = 5000


def scorecard_document(card: Scorecard, lang: str = "vi") -> dict[str, Any]:
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
        "results": result_records(card, lang),
        "totals": total_records(card, lang),
        "summary": card.summary(),
        "completeness": completeness_document(card.completeness),
        **_activities(card),
        "issues": [issue.as_dict(lang) for issue in card.issues],
        "failed_inputs": [{"path": path, "error": why} for path, why in card.data.failed],
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
    """No timestamps and a fixed order: the same inputs give the same bytes.

    Indented while small enough to read; a national run (hundreds of thousands
    of results) is written compactly, one record per line. orjson does the
    encoding when installed (about ten times faster than the standard library)."""
    document = scorecard_document(card, lang)
    readable = len(document["results"]) <= READABLE_RESULTS
    try:
        import orjson
    except ImportError:  # pragma: no cover — orjson is a dependency; the standard library still works
        if readable:
            return json.dumps(document, ensure_ascii=False, indent=2, allow_nan=False) + "\n"
        return _compact(document, json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode)
    if readable:
        return orjson.dumps(document, option=orjson.OPT_INDENT_2).decode("utf-8") + "\n"
    return _compact(document, lambda value: orjson.dumps(value).decode("utf-8"))


def _compact(document: dict[str, Any], encode: Any) -> str:
    parts = ["{"]
    for n, (key, value) in enumerate(document.items()):
        parts.append(("," if n else "") + "\n" + encode(key) + ":")
        if isinstance(value, list) and value:
            parts.append("[\n" + ",\n".join(map(encode, value)) + "\n]")
        else:
            parts.append(encode(value))
    parts.append("\n}\n")
    return "".join(parts)
