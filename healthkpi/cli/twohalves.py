"""Write a long document (a national scorecard's JSON) on both cores: its second half by a child.

Making a national JSON is Python work a line at a time — 200,000 results, 400,000 issues
on noisy data — and the machine has another core. The document's pieces (`json_pieces`)
are made only when called, so a forked child makes the second half into a file of its own
while this process makes the first into the output, and the child's file is then put after
it: the bytes are those of writing every piece in turn. Should the child fail in any way,
its half is made here instead. Small documents, and systems without fork, are written in turn.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

from healthkpi.cli.memory import reusing_freed_memory
from healthkpi.render.jsondoc import Piece

SPLIT_FROM = 400_000  # the cost (jsondoc.Piece: 100,000 results' lines) below which one process is quicker


def write_pieces(path: Path, pieces: Iterable[Piece]) -> None:
    """Every piece, in order, into `path` (a temporary file the caller puts in place)."""
    pieces = list(pieces)
    cost = sum(n for n, _make in pieces)
    if cost < SPLIT_FROM or not hasattr(os, "fork") or os.environ.get("HEALTHKPI_ONE_WRITER") == "1":
        _write(path, pieces, "w")
        return
    with reusing_freed_memory():  # both writers make and free chunk after chunk (cli/memory.py)
        _write_in_halves(path, pieces, cost)


def _write_in_halves(path: Path, pieces: list[Piece], cost: int) -> None:
    split = _middle(pieces, cost)
    handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    os.close(handle)
    second = Path(name)
    pid = os.fork()
    if pid == 0:  # the child: its half into its own file, then gone without running any cleanup
        code = 1
        try:
            if signal.getsignal(signal.SIGINT) is not signal.SIG_IGN:  # a background job keeps ignoring it
                signal.signal(signal.SIGINT, signal.SIG_DFL)
            _write(second, pieces[split:], "w")
            code = 0
        finally:
            os._exit(code)
    try:
        _write(path, pieces[:split], "w")
        _, status = os.waitpid(pid, 0)
        pid = 0
        if os.waitstatus_to_exitcode(status) == 0:
            _append(path, second)
        else:  # the child failed (out of memory, killed): its half made here
            _write(path, pieces[split:], "a")
    finally:
        if pid:  # this process stopped first (Ctrl+C, an error): so does the child
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
        second.unlink(missing_ok=True)


def _append(path: Path, half: Path) -> None:
    """`half` put after `path`'s bytes: copied by the system where it can (`copy_file_range`, a
    tenth of the time of reading and writing through here: 65 ms against 0.5 s for 200 MB)."""
    with path.open("r+b") as out, half.open("rb") as source:  # not "ab": copy_file_range refuses O_APPEND
        out.seek(0, os.SEEK_END)
        size, done = os.fstat(source.fileno()).st_size, 0
        with contextlib.suppress(OSError, AttributeError):  # not on this system or file system: copied here
            while done < size:
                copied = os.copy_file_range(source.fileno(), out.fileno(), size - done)
                if copied == 0:
                    break
                done += copied
        source.seek(done)
        out.seek(0, os.SEEK_END)
        shutil.copyfileobj(source, out, 1 << 20)  # what is left, if anything


def _middle(pieces: Sequence[Piece], cost: int) -> int:
    """The first piece of the second half: where half of the cost has been made."""
    done = 0
    for n, (each, _make) in enumerate(pieces):
        if done >= cost / 2:
            return n
        done += each
    return len(pieces)


def _write(path: Path, pieces: Sequence[Piece], mode: str) -> None:
    with path.open(mode + "b") as out:  # results come as bytes (orjson's), the rest as text
        for _rows, make in pieces:
            made = make()
            out.write(made if isinstance(made, bytes) else made.encode("utf-8"))
