"""The package's structure (DESIGN §7): no import circles, function-level imports counted.

The layers themselves are checked by import-linter (`lint-imports`, configured in
pyproject.toml); this test adds what a layers contract cannot see: a circle between
two modules of the same layer.
"""

from __future__ import annotations

import grimp


def _circles(graph: grimp.ImportGraph, modules: set[str]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for imported in sorted(graph.find_modules_directly_imported_by(module) & modules):
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for module in sorted(modules):
        if module not in index:
            visit(module)
    return found


def test_no_module_imports_itself_through_others() -> None:
    graph = grimp.build_graph("healthkpi")
    # The package's own __init__ is the public facade: it imports every layer lazily, and no
    # module of healthkpi imports it.
    modules = {m for m in graph.modules if m != "healthkpi"}
    assert _circles(graph, modules) == []


def test_nothing_inside_imports_the_public_facade() -> None:
    graph = grimp.build_graph("healthkpi")
    importers = graph.find_modules_that_directly_import("healthkpi")
    assert sorted(importers) == []
