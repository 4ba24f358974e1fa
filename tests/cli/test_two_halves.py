"""A long JSON written on both cores is byte for byte the JSON written in turn, whatever the child does."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import healthkpi
from healthkpi.cli import twohalves
from healthkpi.render.jsondoc import Piece, json_pieces, render_json
from tests.paths import ROOT


@pytest.fixture(scope="module")
def card() -> healthkpi.Scorecard:
    plan = healthkpi.load_plan(str(ROOT / "examples" / "healthkpi.yaml"))
    return healthkpi.score(plan, healthkpi.read_data(ROOT / "examples" / "thanh-hoa-2021.xlsx", plan), "all")


def test_two_halves_write_the_bytes_of_one(
    card: healthkpi.Scorecard, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(twohalves, "SPLIT_FROM", 1)
    pieces: list[Piece] = [(1, lambda n=n: f"[{n}]") for n in range(50)]
    twohalves.write_pieces(tmp_path / "x.json", pieces)
    assert (tmp_path / "x.json").read_text() == "".join(f"[{n}]" for n in range(50))
    monkeypatch.setattr("healthkpi.render.jsondoc.READABLE_RESULTS", 10)  # the streamed form: results
    monkeypatch.setattr("healthkpi.render.jsondoc.CHUNK", 7)  # and issues in many pieces
    pieces = list(json_pieces(card, "vi"))
    assert sum(1 for rows, _make in pieces if rows) > 10
    twohalves.write_pieces(tmp_path / "card.json", pieces)
    assert (tmp_path / "card.json").read_text(encoding="utf-8") == render_json(card, "vi")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["card.json", "x.json"]  # no half left behind


def test_a_child_that_fails_has_its_half_written_here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(twohalves, "SPLIT_FROM", 1)
    parent = os.getpid()

    def last() -> str:
        if os.getpid() != parent:
            os._exit(9)  # the child dies mid-way: killed, out of memory
        return "end"

    pieces: list[Piece] = [(1, lambda: "a"), (1, lambda: "b"), (1, lambda: "c"), (1, last)]
    twohalves.write_pieces(tmp_path / "x.json", pieces)
    assert (tmp_path / "x.json").read_text() == "abcend"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.json"]  # no half left behind


@pytest.mark.parametrize("system_copy", ["works", "refused", "stops_half_way"])
def test_the_childs_half_is_put_after_whether_or_not_the_system_copies_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, system_copy: str
) -> None:
    real = os.copy_file_range

    def copy(source: int, out: int, count: int) -> int:
        if system_copy == "refused":
            raise OSError(18, "Invalid cross-device link")
        if system_copy == "stops_half_way":
            if os.lseek(source, 0, os.SEEK_CUR):
                raise OSError(95, "Operation not supported")
            return real(source, out, count // 2)
        return real(source, out, count)

    monkeypatch.setattr(os, "copy_file_range", copy)
    first, second = tmp_path / "first", tmp_path / "second"
    first.write_bytes(b"head:" * 1000)
    second.write_bytes(bytes(range(256)) * 4000)
    twohalves._append(first, second)
    assert first.read_bytes() == b"head:" * 1000 + bytes(range(256)) * 4000


@pytest.mark.parametrize("ending", [False, True])
def test_freed_memory_is_kept_while_writing_and_given_back_after_unless_the_process_ends(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ending: bool
) -> None:
    """glibc keeps freed blocks while the two writers make chunk after chunk; a batch worker, which
    goes on to the next input, then has its settings back and its free memory given back."""
    from healthkpi.cli import memory

    calls: list[object] = []
    monkeypatch.setattr(memory, "_mallopt", lambda *settings: calls.append(settings))
    monkeypatch.setattr(memory, "_malloc_trim", lambda: calls.append("trim"))
    monkeypatch.setattr(twohalves, "SPLIT_FROM", 1)
    pieces: list[Piece] = [(1, lambda n=n: f"[{n}]") for n in range(6)]
    if ending:
        with memory.process_ends_with_the_command():
            twohalves.write_pieces(tmp_path / "x.json", pieces)
    else:
        twohalves.write_pieces(tmp_path / "x.json", pieces)
    kept = ((memory.M_MMAP_THRESHOLD, memory.REUSED_FROM), (memory.M_TRIM_THRESHOLD, memory.KEPT_UP_TO))
    back = ((memory.M_MMAP_THRESHOLD, memory.THRESHOLD), (memory.M_TRIM_THRESHOLD, memory.THRESHOLD))
    assert calls == ([kept] if ending else [kept, back, "trim"])
    assert (tmp_path / "x.json").read_text() == "".join(f"[{n}]" for n in range(6))
    calls.clear()
    twohalves.write_pieces(tmp_path / "y.json", [(0, lambda: "small")])  # a short document, written in turn
    assert calls == []
