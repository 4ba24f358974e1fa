"""Giving memory back to the system as soon as a national run is done with it.

glibc's malloc keeps a freed block of a few megabytes for reuse unless it was
mapped on its own, and it raises the size from which it maps blocks on their
own each time one is freed. A national run builds and frees many arrays of a
few megabytes (one per indicator, then the joined results, then JSON chunks),
so its resident memory grows with what it has ever held, not with what it holds
(about 20 MB more on the benchmark's national workbook). A fixed threshold keeps
every block over 128 KiB mapped on its own and unmapped when freed. Only the
command line asks for it: a program using healthkpi as a library keeps its own
settings, and a command that reads no data (`--version`, `plans`) does not load ctypes for it.
"""

from __future__ import annotations

import contextlib
import gc
import sys
from collections.abc import Iterator

M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3  # mallopt's parameter numbers (malloc.h)
THRESHOLD = 128 * 1024  # glibc's own starting value, kept fixed
REUSED_FROM = 32 << 20  # the largest mmap threshold glibc takes on a 64-bit system
KEPT_UP_TO = 256 << 20  # free memory at the top of the heap kept, not given back


def give_back_freed_memory() -> None:
    """Fix glibc's mmap threshold (Linux); nothing elsewhere, or where libc cannot be found."""
    _mallopt((M_MMAP_THRESHOLD, THRESHOLD))


@contextlib.contextmanager
def reusing_freed_memory() -> Iterator[None]:
    """Within: freed blocks are kept for the next ones: for a long document (a national JSON)
    written a chunk at a time, by this process and a forked one (cli/twohalves.py).

    Each chunk makes and frees blocks of a few megabytes. Mapped on their own and unmapped when
    freed, or given back from the top of the heap, they are mapped again for the next chunk,
    and every page of them is faulted in and zeroed by the system once more: on the noisy
    national benchmark 180,000 page faults in each writer, a third of its time. Kept, the next
    chunk reuses them (25,000 faults). The peak does not move: a chunk is freed before the next
    is made, and the scoring, which holds more, is done by then. Afterwards glibc's settings are
    put back and the free memory given back (a batch worker goes on to the next input), unless
    the process ends with the command."""
    _mallopt((M_MMAP_THRESHOLD, REUSED_FROM), (M_TRIM_THRESHOLD, KEPT_UP_TO))
    try:
        yield
    finally:
        if not _ending:
            _mallopt((M_MMAP_THRESHOLD, THRESHOLD), (M_TRIM_THRESHOLD, THRESHOLD))
            _malloc_trim()


def _malloc_trim() -> None:
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(OSError, AttributeError):
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)


def _mallopt(*settings: tuple[int, int]) -> None:
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        libc = ctypes.CDLL("libc.so.6")
        for parameter, value in settings:
            libc.mallopt(parameter, value)
    except (OSError, AttributeError):  # musl and others: their malloc behaves otherwise anyway
        pass


@contextlib.contextmanager
def cycles_collected_afterwards() -> Iterator[None]:
    """One run's work without Python's cycle collector, which is turned back on after.

    A national run makes millions of objects that live until it ends (cells, results, issues)
    and as many short-lived ones; the collector, woken by the allocations, walks the long-lived
    ones again and again for garbage they are not: 0.15 to 0.2 s of a two- to four-second run.
    Freed memory does not wait for it — reference counting frees nearly everything — so the peak
    stays what it was. Used for one run of one input; a batch worker keeps the collector on.

    Where the process ends with the command (`healthkpi` run from a shell, `process_ends_with_the_command`),
    the collector stays off: turned on again, its first pass would walk the millions of objects made
    meanwhile (0.02 s on a national run), for a process about to end."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on and not _ending:
            gc.enable()


_ending: list[bool] = []


@contextlib.contextmanager
def process_ends_with_the_command() -> Iterator[None]:
    """Within: the process ends with the command (cli/app.py, `main`, the entry point), nothing runs after it."""
    _ending.append(True)
    try:
        yield
    finally:
        _ending.pop()


_kept: list[object] = []


def kept_until_exit(*values: object) -> None:
    """Hold `values` (a run, its scorecard) until the process ends, or until the next run asks.

    Freed object by object as the command returns, a national run's data and scorecard take 0.02 s
    (clean) to 0.05 s (noisy) — after every output is written. The command line then ends without
    the interpreter's teardown (cli/app.py, `_leave_at_once`), so held here they are never freed
    one by one at all. Only the last run's are held: tests run many commands in one process."""
    _kept[:] = values
