"""Every output of every bundled example is what tests/golden.sha256 says (see tests/golden.py)."""

from __future__ import annotations

from tests.golden import digests, outputs, read_manifest


def test_every_output_of_every_example_is_unchanged() -> None:
    expected = read_manifest()
    found = digests(outputs())
    changed = sorted(name for name in expected.keys() & found.keys() if expected[name] != found[name])
    assert not changed, f"{len(changed)} outputs changed (python -m tests.golden write DIR to see them): {changed[:20]}"
    assert sorted(found.keys() - expected.keys()) == [], "new outputs: record them with python -m tests.golden update"
    assert sorted(expected.keys() - found.keys()) == [], "outputs no longer made"
