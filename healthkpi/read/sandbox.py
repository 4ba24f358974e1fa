"""Run the spreadsheet parser where a hostile file cannot take healthkpi down with it.

python-calamine is fast but native: a crafted .xls can make it abort the
whole process (a failed 16 GiB allocation raises no Python exception), loop
for ever, or eat all memory. So each file is parsed in a child process with a
memory ceiling and a wall-clock timeout; the child sends back the compact
result (NumPy columns and a few records, not the raw cells), and whatever
happens to it becomes a one-line reason for the parent.

The child is forked where the system can (Linux, macOS: it starts at once,
with everything already imported) and spawned elsewhere (Windows): a fresh
interpreter that imports only the reading modules (`read.sheet` needs neither
pandas nor pydantic) and receives the function and its arguments by pickle.
What is protected where:

- everywhere: a crash, an abort or a hang of the parser stops the child only,
  after the time limit at the latest, and becomes a message;
- where `resource` exists (Linux, macOS): memory is capped too (RLIMIT_DATA,
  RLIMIT_AS); on Windows a file that eats memory is stopped by the time limit.

HEALTHKPI_SANDBOX_START=spawn|fork|forkserver chooses the start method (the
tests run the spawn path on Linux); HEALTHKPI_NO_SANDBOX=1 parses in-process.
"""

from __future__ import annotations

import contextlib
import faulthandler
import multiprocessing as mp
import os
import signal
import threading
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar, cast

from healthkpi.base.errors import HealthkpiError, WorkbookError
from healthkpi.base.inputs import register_input

T = TypeVar("T")
MB = 1 << 20


@dataclass(frozen=True)
class Limits:
    """How much one file may cost to read. Generous for real workbooks, small for a trap."""

    memory: int  # bytes of data the parsing child may allocate
    seconds: float  # wall-clock time

    @classmethod
    def for_file(cls, path: Path) -> Limits:
        """1 GiB and 2 minutes, plus 64 bytes of memory and a second per 10 kB of file: a
        national workbook needs more than a district form (a plain-text table becomes ~45
        bytes of Python objects per byte), a small file that needs more is a trap."""
        try:
            size = path.stat().st_size
        except OSError:
            size = 0
        return cls(memory=1024 * MB + 64 * size, seconds=120.0 + size / 10_000)


def isolation_available() -> bool:
    return os.environ.get("HEALTHKPI_NO_SANDBOX") != "1"


def start_method() -> str:
    """fork where the system has it (fast: nothing to import again), else spawn (Windows)."""
    methods = mp.get_all_start_methods()
    wanted = os.environ.get("HEALTHKPI_SANDBOX_START")
    if wanted in methods:
        return wanted
    return "fork" if "fork" in methods else "spawn"


def run_isolated(function: Callable[..., T], args: tuple[Any, ...], limits: Limits, name: str) -> T:
    """`function(*args)` in a child process under `limits`; its HealthkpiError is re-raised here,
    and a crash, a timeout or running out of memory become a WorkbookError naming `name`.
    `function` must be importable by name and its arguments picklable (the spawn start method)."""
    if not isolation_available():
        return function(*args)
    context: Any = mp.get_context(start_method())  # fork or spawn: both have Process and Pipe
    reader, writer = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(writer, function, args, limits), daemon=True)
    try:
        with signals_held():  # Ctrl+C or SIGTERM lands after the fork, where it can be acted on
            process.start()
        writer.close()
        if not reader.poll(limits.seconds):
            process.kill()
            raise WorkbookError(
                f"{name}: reading the workbook took longer than {limits.seconds:.0f} s and was stopped; "
                "it is damaged or built to trap readers (a district form reads in well under a second)"
            )
        try:
            status, payload = reader.recv()
        except (EOFError, OSError):
            process.join(5)
            raise WorkbookError(_crash_message(name, process.exitcode, limits)) from None
    finally:
        writer.close()
        reader.close()
        if process.pid is not None:
            if process.is_alive():
                process.kill()
            process.join(5)
    if status == "ok":
        return cast(T, payload)
    if status == "error":
        raise payload
    if status == "memory":
        raise WorkbookError(_memory_message(name, limits))
    raise RuntimeError(f"reading {name} failed inside the reader process:\n{payload}")


def read_isolated(
    function: Callable[..., T], path: Path, args: tuple[Any, ...], role: str, name: str | None = None
) -> T:
    """`function(path, *args)` in the sandbox, for a file healthkpi reads: the one way every data
    and side file (annex, hierarchy, unit map, units list) is opened. The file is registered as
    an input of the command (no output may be written over it) and read under its limits."""
    register_input(path, role)
    return run_isolated(function, (path, *args), Limits.for_file(path), name or str(path))


_HELD = frozenset({signal.SIGINT, signal.SIGTERM})


@contextlib.contextmanager
def signals_held() -> Iterator[None]:
    """Hold back Ctrl+C and SIGTERM while a process is started. Their handler raises
    KeyboardInterrupt; raised inside the fork's own callbacks (logging releases its locks there)
    it would only be printed and lost. Held, the signal arrives just after, in ordinary code.
    The child starts with them held too: `release_signals` lets them through again."""
    if not hasattr(signal, "pthread_sigmask") or threading.current_thread() is not threading.main_thread():
        yield
        return
    before = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)


def release_signals() -> None:
    """In a child started under `signals_held`: take Ctrl+C and SIGTERM again."""
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _HELD)


def _child(writer: Any, function: Callable[..., Any], args: tuple[Any, ...], limits: Limits) -> None:
    release_signals()
    # A native reader that aborts prints its own backtrace on stderr, and a faulthandler
    # inherited from the parent would add Python's: keep both off the user's screen.
    faulthandler.disable()
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    _limit_memory(limits.memory)
    try:
        result: tuple[str, Any] = ("ok", function(*args))
    except HealthkpiError as exc:
        result = ("error", exc)
    except MemoryError:
        result = ("memory", None)
    except BaseException:  # reported to the parent as a bug, with its traceback
        result = ("bug", traceback.format_exc())
    try:
        writer.send(result)
    except MemoryError:
        writer.send(("memory", None))
    finally:
        writer.close()
        os._exit(0)


def _limit_memory(limit: int) -> None:
    try:
        import resource

        # RLIMIT_DATA bounds what the parser allocates; RLIMIT_AS, where DATA is not
        # enforced, also counts libraries and thread stacks, so it gets some room more.
        for kind, ceiling in (("RLIMIT_DATA", limit), ("RLIMIT_AS", limit + 2048 * MB)):
            which = getattr(resource, kind, None)
            if which is None:
                continue
            _soft, hard = resource.getrlimit(which)
            if hard != resource.RLIM_INFINITY:
                ceiling = min(ceiling, hard)
            resource.setrlimit(which, (ceiling, hard))
    except (ImportError, ValueError, OSError):
        pass  # no limits on this system: the timeout still applies


def _crash_message(name: str, exitcode: int | None, limits: Limits) -> str:
    if exitcode is not None and exitcode < 0:
        try:
            signame = signal.Signals(-exitcode).name
        except ValueError:
            signame = f"signal {-exitcode}"
        if signame in ("SIGABRT", "SIGKILL", "SIGSEGV", "SIGBUS"):
            return (
                f"{name}: the workbook is damaged in a way that makes the spreadsheet reader fail ({signame}; "
                f"for example it asks for more than {limits.memory // MB:,} MB of memory or its internal "
                "structure loops); open it in Excel or LibreOffice and save it again"
            )
    return f"{name}: the spreadsheet reader stopped unexpectedly (exit {exitcode}); the workbook is probably damaged"


def _memory_message(name: str, limits: Limits) -> str:
    return (
        f"{name}: reading this workbook needs more than {limits.memory // MB:,} MB of memory, far more "
        "than its size justifies; it is damaged or built to exhaust memory"
    )
