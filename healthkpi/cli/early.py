"""Start reading the one input of `healthkpi score` before the rest of healthkpi is imported.

Scoring needs pandas, pydantic and the renderers: half a second of imports, in which the
reading child (sandbox.py) can already be parsing the workbook on the other core. And a
child forked before those imports is smaller, so forking it and its first page faults cost
less. Only the plain case is begun here — one input, the plan named with -t, where children
fork: the run itself then asks for the same read and takes the begun child's result. Anything
this cannot work out is left to the run, which says what is wrong in its place."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from healthkpi.cli.options import Common


def begin_reading_early(data: Sequence[str], common: Common, output_dir: Path | None) -> None:
    from healthkpi.read.sandbox import isolation_available, start_method

    if output_dir is not None or common.plan is None or not isolation_available() or start_method() != "fork":
        return
    try:
        from healthkpi.plan.bundled import resolve_plan
        from healthkpi.plan.load import load_plan
        from healthkpi.read.inputs import expand_inputs
        from healthkpi.read.sheet import begin_reading

        paths = expand_inputs(list(data))
        if len(paths) != 1:
            return
        plan = load_plan(resolve_plan(common.plan))
        begin_reading(
            paths[0], plan, common.hints, "en" if common.locale == "en" else "vi", common.encoding, common.max_bytes
        )
    except Exception:  # the run reads it again and reports any problem itself
        return
