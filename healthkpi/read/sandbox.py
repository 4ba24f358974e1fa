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

A batch reads many small files in each worker: there a forked child is kept
and given one file after another (`keeping_a_reader`), which spares a fork and
the child's first-run page faults per file — two thirds of what a district form
costs to read. A kept child is let go, and the next file gets a fresh one,
after anything but a clean result or an error about the file itself (a crash,
a timeout, memory, a bug, a signal), and after a file large enough to leave it
holding much memory.

A read can also be begun before it is asked for (`begin_isolated`: the command
line forks the child for its one input before importing pandas and the rest,
cli/early.py). The `run_isolated` call that asks for the same function and
arguments takes that child's result; a begun read nobody asks for is stopped
when the command ends (`let_begun_go`). Earlier still, as `healthkpi score BOOK.xlsx` starts
(healthkpi/__main__.py), a child can be forked to stand by for BOOK (`stand_by_for`): under
BOOK's limits it begins parsing the first sheet, and is given the read when it is begun.

HEALTHKPI_SANDBOX_START=spawn|fork|forkserver chooses the start method (the
tests run the spawn path on Linux); HEALTHKPI_NO_SANDBOX=1 parses in-process.
"""

from __future__ import annotations

import contextlib
import faulthandler
import gc
import multiprocessing as mp
import os
import select
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
    begun = _take_begun(function, args)
    if begun is not None:
        return cast(T, begun.result(name))
    if _keeping and start_method() == "fork":
        return _kept_reader().run(function, args, limits, name)
    return cast(T, _Child(function, args, limits).result(name))


class _Child:
    """One child process running `function(*args)` under `limits`, started at once."""

    def __init__(self, function: Callable[..., Any], args: tuple[Any, ...], limits: Limits) -> None:
        self.function, self.args, self.limits = function, args, limits
        context: Any = mp.get_context(start_method())  # fork or spawn: both have Process and Pipe
        self.reader, writer = context.Pipe(duplex=False)
        self.process = context.Process(target=_child, args=(writer, function, args, limits), daemon=True)
        try:
            with signals_held():  # Ctrl+C or SIGTERM lands after the fork, where it can be acted on
                self.process.start()
        finally:
            writer.close()

    @classmethod
    def taking_over(
        cls, function: Callable[..., Any], args: tuple[Any, ...], limits: Limits, process: Any, reader: Any
    ) -> _Child:
        """A child already started (standing by, then given `function(*args)`), answering on `reader`."""
        child = cls.__new__(cls)
        child.function, child.args, child.limits, child.process, child.reader = function, args, limits, process, reader
        return child

    def result(self, name: str) -> Any:
        """Its result (or its error raised), waiting for it; the child is gone afterwards."""
        process, reader, limits = self.process, self.reader, self.limits
        try:
            if not reader.poll(limits.seconds):
                process.kill()
                raise WorkbookError(key="read_timeout", path=name, seconds=limits.seconds)
            try:
                status, payload = reader.recv()
            except (EOFError, OSError):
                process.join(5)
                raise _crash_error(name, process.exitcode, limits) from None
        finally:
            self.stop()
        return _returned(status, payload, name, limits)

    def stop(self) -> None:
        self.reader.close()
        if self.process.pid is not None:
            if self.process.is_alive():
                self.process.kill()
            self.process.join(5)


# Reads begun before they are asked for: the command line starts reading its one input while it
# imports what scoring needs (pandas and the rest), on the other core. The read that asks for the
# same function and arguments takes the begun child's result; one that does not is never used.
_begun: list[_Child | _Answered] = []


def begin_isolated(function: Callable[..., Any], path: Path, args: tuple[Any, ...]) -> None:
    """Start `function(path, *args)` in its child now, for a `read_isolated` with the same
    arguments later. Only where children fork (a spawned one would import as much again).
    A child standing by for `path` is given the read; any other standing by is let go."""
    global _standing_by
    standing = _standing_by  # left in its place until it is begun, so that a Ctrl+C meanwhile still stops it
    if isolation_available() and start_method() == "fork":
        limits = Limits.for_file(path)
        if standing is not None and standing.path.resolve() == path.resolve() and standing.limits == limits:
            _begun.append(standing.given(function, (path, *args)))
            _standing_by = None
            return
        _begun.append(_Child(function, (path, *args), limits))
    let_the_standby_go()


class _StandingBy:
    """A child forked as the command starts, for the one workbook it will read: under that
    file's limits it begins parsing the workbook's first sheet (read/grid.py, `begin_parsing`) and
    waits for the read itself, which the command sends once it has imported what it needs and read
    the plan — a fifth of a second later, in which the parse has gone on, on the other core."""

    def __init__(self, path: Path, prepare: Callable[[], object]) -> None:
        self.path, self.limits = path, Limits.for_file(path)
        context: Any = mp.get_context("fork")
        self.connection, child_end = context.Pipe(duplex=True)
        # closed by the child once its parse is over (or it is gone): `wait_for_the_parse`
        self.parsed, parsed_end = os.pipe()
        self.process = context.Process(
            target=_stand_by, args=(child_end, path, self.limits, prepare, parsed_end), daemon=True
        )
        try:
            with signals_held():
                self.process.start()
        finally:
            child_end.close()
            os.close(parsed_end)

    def given(self, function: Callable[..., Any], args: tuple[Any, ...]) -> _Child:
        """This child, given `function(*args)`: from here on a begun read like any other."""
        with contextlib.suppress(OSError):  # gone already: its result says so (a crash), as a child's would
            self.connection.send((function, args))
        _parsing.append(self.parsed)
        return _Child.taking_over(function, args, self.limits, self.process, self.connection)

    def stop(self) -> None:
        os.close(self.parsed)
        self.connection.close()
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)


_standing_by: _StandingBy | None = None
_parsing: list[int] = []  # of the child given its read: the pipe its parse closes


def wait_for_the_parse(seconds: float = 60.0) -> None:
    """Wait (at most `seconds`) until the child given the read has parsed its sheet, or is gone.

    Parsing a national sheet takes both cores (read/halves.py); what this process would import
    meanwhile (pandas, the renderers: 0.4 s) slows that parse down by as much, then idles while
    the child types the cells on one core. Imported after this wait, it fills that idle core."""
    while _parsing:
        parsed = _parsing.pop()
        try:
            select.select([parsed], [], [], seconds)
        finally:
            os.close(parsed)


def stand_by_for(path: Path, prepare: Callable[[], object] = lambda: None) -> None:
    """Fork the reading child for `path` now (command-line start-up, before the big imports).
    While it parses, the child calls `prepare`: the caller imports there what the read it will be
    given needs (unpickling the read would import it only once the job has come)."""
    global _standing_by
    if _standing_by is None and isolation_available() and start_method() == "fork":
        _standing_by = _StandingBy(path, prepare)


def let_the_standby_go() -> None:
    """Stop a child standing by that no read was given (the command went another way)."""
    global _standing_by
    if _standing_by is not None:
        _standing_by.stop()
        _standing_by = None


def _stand_by(connection: Any, path: Path, limits: Limits, prepare: Callable[[], object], parsed: int) -> None:
    gc.disable()  # one read, then gone: as `_child`
    _quiet()  # before the signals are let through: a Ctrl+C from here on is silent
    _limit_memory(limits.memory)  # before the parse begins: a trap is caught as in any child
    try:
        release_signals()
        from healthkpi.read.grid import begin_parsing

        parsing = begin_parsing(path)
        if parsing is None:
            os.close(parsed)
        else:  # closed by the parsing thread as it ends, whichever way
            parsing.add_done_callback(lambda _done: os.close(parsed))
        prepare()

        try:
            function, args = connection.recv()
        except (EOFError, OSError):  # let go
            return
        _send(connection, _outcome(function, args))
    except KeyboardInterrupt:  # stopped with the command (Ctrl+C, SIGTERM), before its read began
        return
    finally:
        connection.close()
        os._exit(0)


class _Answered:
    """A read already done early, its result kept for the run that asks for it."""

    def __init__(self, function: Callable[..., Any], args: tuple[Any, ...], value: Any) -> None:
        self.function, self.args, self.value = function, args, value

    def result(self, _name: str) -> Any:
        return self.value

    def stop(self) -> None:
        pass


def answer_early(function: Callable[..., T], path: Path, args: tuple[Any, ...]) -> T:
    """`function(path, *args)` in its child now, as `read_isolated` would run it (any error raised
    as there); the result is also kept for the one `read_isolated` that asks the same later."""
    limits = Limits.for_file(path)
    value = cast(T, _Child(function, (path, *args), limits).result(str(path)))
    _begun.append(_Answered(function, (path, *args), value))
    return value


def _take_begun(function: Callable[..., Any], args: tuple[Any, ...]) -> _Child | _Answered | None:
    for n, begun in enumerate(_begun):
        try:
            same = begun.function is function and begun.args == args
        except Exception:  # arguments that cannot be compared: not the same read
            same = False
        if same:
            return _begun.pop(n)
    return None


def let_begun_go() -> None:
    """Stop every begun read no command took (the command ended another way)."""
    let_the_standby_go()
    while _begun:
        _begun.pop().stop()
    while _parsing:  # a read given, its parse not waited for
        os.close(_parsing.pop())


def _returned(status: str, payload: Any, name: str, limits: Limits) -> Any:
    """The child's answer as the caller sees it: its result, or its error raised."""
    if status == "ok":
        return payload
    if status == "error":
        raise payload
    if status == "memory":
        raise WorkbookError(key="read_memory", path=name, memory=limits.memory // MB)
    if status == "interrupted":
        raise KeyboardInterrupt
    raise RuntimeError(f"reading {name} failed inside the reader process:\n{payload}")


KEPT_FILE_LIMIT = 8 * MB  # a file larger than this is read by a child that is let go after it
_keeping = False
_kept: _KeptReader | None = None


@contextlib.contextmanager
def keeping_a_reader() -> Iterator[None]:
    """Within: files are read by one kept child (where processes fork), not a new one each."""
    global _keeping
    before, _keeping = _keeping, True
    try:
        yield
    finally:
        _keeping = before
        if not before:
            let_the_reader_go()


def keep_a_reader() -> None:
    """For the rest of this process (a batch worker): files are read by one kept child."""
    global _keeping
    _keeping = True


def let_the_reader_go() -> None:
    global _kept
    if _kept is not None:
        _kept.stop()
        _kept = None


def _kept_reader() -> _KeptReader:
    global _kept
    if _kept is None or not _kept.alive():
        _kept = _KeptReader()
    return _kept


class _KeptReader:
    """A forked child that reads one file after another, each under its own limits."""

    def __init__(self) -> None:
        context: Any = mp.get_context("fork")
        self.connection, child_end = context.Pipe(duplex=True)
        self.process = context.Process(target=_serve, args=(child_end,), daemon=True)
        with signals_held():
            self.process.start()
        child_end.close()

    def alive(self) -> bool:
        return self.process.is_alive()

    def run(self, function: Callable[..., T], args: tuple[Any, ...], limits: Limits, name: str) -> T:
        big = any(isinstance(a, Path) and _size(a) > KEPT_FILE_LIMIT for a in args)
        try:
            self.connection.send((function, args, limits))
            if not self.connection.poll(limits.seconds):
                raise WorkbookError(key="read_timeout", path=name, seconds=limits.seconds)
            try:
                status, payload = self.connection.recv()
            except (EOFError, OSError):
                self.process.join(5)
                raise _crash_error(name, self.process.exitcode, limits) from None
        except BaseException:  # a timeout, a crash, a signal in the midst: this child is done
            let_the_reader_go()
            raise
        if big or status not in ("ok", "error"):
            let_the_reader_go()
        return cast(T, _returned(status, payload, name, limits))

    def stop(self) -> None:
        self.connection.close()  # the child reads end-of-file and leaves
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _serve(connection: Any) -> None:
    """The kept child: one job after another until its parent closes the pipe. Ctrl+C is
    for the parent (it lets this child go); a stray signal must not read as the file's fault."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    release_signals()
    _quiet()
    while True:
        try:
            function, args, limits = connection.recv()
        except (EOFError, OSError):
            os._exit(0)
        _limit_memory(limits.memory)
        _send(connection, _outcome(function, args))


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
    # One read, then the process is gone: the cycle collector would only walk the million cells
    # it makes (a tenth of a second on a national workbook), and the memory limit still holds.
    gc.disable()
    _quiet()  # before the signals are let through: a Ctrl+C that lands at once is silent too
    release_signals()
    _limit_memory(limits.memory)
    try:
        _send(writer, _outcome(function, args))
    finally:
        writer.close()
        os._exit(0)


def _quiet() -> None:
    # A native reader that aborts prints its own backtrace on stderr, and a faulthandler
    # inherited from the parent would add Python's: keep both off the user's screen.
    faulthandler.disable()
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)


def _outcome(function: Callable[..., Any], args: tuple[Any, ...]) -> tuple[str, Any]:
    try:
        return ("ok", function(*args))
    except HealthkpiError as exc:
        return ("error", exc)
    except MemoryError:
        return ("memory", None)
    except KeyboardInterrupt:  # Ctrl+C reached the whole process group: the parent stops too
        return ("interrupted", None)
    except BaseException:  # reported to the parent as a bug, with its traceback
        return ("bug", traceback.format_exc())


def _send(connection: Any, result: tuple[str, Any]) -> None:
    try:
        connection.send(result)
    except MemoryError:
        connection.send(("memory", None))


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


def _crash_error(name: str, exitcode: int | None, limits: Limits) -> WorkbookError:
    if exitcode is not None and exitcode < 0:
        try:
            signame = signal.Signals(-exitcode).name
        except ValueError:
            signame = f"signal {-exitcode}"
        if signame in ("SIGABRT", "SIGKILL", "SIGSEGV", "SIGBUS"):
            return WorkbookError(key="read_crash_signal", path=name, signal=signame, memory=limits.memory // MB)
    return WorkbookError(key="read_crash", path=name, exitcode=exitcode)
