"""Start reading the one input of `healthkpi score` before the rest of healthkpi is imported.

Scoring needs pandas, pydantic and the renderers: half a second of imports, in which the
reading child (sandbox.py) can already be reading the workbook on the other core. Where a child
forked at start-up parses it (on both cores, a national sheet), the rest of the imports wait
for that parse to end and go on while the child types the cells, on the core it leaves idle. And a
child forked before those imports is smaller, so forking it and its first page faults cost
less. Only the plain case is begun here — one input, where children fork: the plan named with
-t, or found as the run finds it (the plan id the workbook records, looked up in the sandbox
and kept for the run, else a plan beside the data). The run then asks for the same read and
takes the begun child's result. Anything this cannot work out is left to the run, which says
what is wrong in its place. Where a child was forked even earlier for this input, as the command
started (healthkpi/__main__.py), it is given the read; where it was not given it, it is let go."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from healthkpi.cli.options import Common


def begin_reading_early(data: Sequence[str], common: Common, output_dir: Path | None) -> None:
    from healthkpi.read.sandbox import isolation_available, let_the_standby_go, start_method, wait_for_the_parse

    try:
        if output_dir is not None or not isolation_available() or start_method() != "fork":
            return
        from healthkpi.plan.bundled import discover_plan, resolve_plan
        from healthkpi.plan.load import load_plan
        from healthkpi.read.inputs import expand_inputs
        from healthkpi.read.sandbox import answer_early
        from healthkpi.read.sheet import begin_reading, recorded_plan_of

        paths = expand_inputs(list(data))
        if len(paths) != 1:
            return
        if common.plan is not None:
            plan_path = resolve_plan(common.plan)
        else:  # as `discover_for` finds it; a file that cannot be looked into is left to the run
            plan_path = discover_plan(paths[0], answer_early(recorded_plan_of, paths[0], (common.max_bytes,)))
        plan = load_plan(plan_path)
        begin_reading(
            paths[0], plan, common.hints, "en" if common.locale == "en" else "vi", common.encoding, common.max_bytes
        )
    except Exception:  # the run reads it again and reports any problem itself
        return
    finally:  # a child forked at start-up for this input (healthkpi/__main__.py) was given the read, or goes
        let_the_standby_go()
    wait_for_the_parse()  # the rest is imported while the child types the cells, not beside its parse
