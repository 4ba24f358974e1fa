"""Every output of every bundled example is what tests/golden.sha256 says (see tests/golden.py).

One test per example (and one for the other commands), so that they can run side by side."""

from __future__ import annotations

import pytest

from tests.golden import GROUPS, digests, group_of, outputs, read_manifest


@pytest.mark.parametrize("group", GROUPS)
def test_every_output_of_every_example_is_unchanged(group: str) -> None:
    expected = {name: digest for name, digest in read_manifest().items() if group_of(name) == group}
    found = digests(outputs([group]))
    changed = sorted(name for name in expected.keys() & found.keys() if expected[name] != found[name])
    assert not changed, f"{len(changed)} outputs changed (python -m tests.golden write DIR to see them): {changed[:20]}"
    assert sorted(found.keys() - expected.keys()) == [], "new outputs: record them with python -m tests.golden update"
    assert sorted(expected.keys() - found.keys()) == [], "outputs no longer made"
