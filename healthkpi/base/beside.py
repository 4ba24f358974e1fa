"""Work made on the other core: a forked child makes it while this process goes on.

A national run has pieces of work of a tenth of a second that need nothing of each other — the
data-quality checks beside scoring the indicators — and the machine has a second core. A forked
child has everything already; it makes the work and sends it back pickled through a pipe. Should it
fail in any way (killed, out of memory, an error), the work is made here instead, so the result is
the same either way, errors included. The work is made here, in turn, where it is small, where the
system cannot fork, and where this process runs other threads (a fork copies only the thread that
makes it: a lock another thread held would stay held in the child for ever).
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import threading
from collections.abc import Callable
from types import TracebackType
from typing import Generic, TypeVar

T = TypeVar("T")


class Beside(Generic[T]):
    """`work()` begun at once in a forked child (where `worth_it`), its result taken with `result()`.

        with Beside(lambda: checks(data), worth_it=len(data) > 100_000) as checking:
            scored = score(data)          # meanwhile, here
            found = checking.result()     # the child's, or made here if it failed

    Leaving the block stops a child whose result was not taken (an error here, Ctrl+C)."""

    def __init__(self, work: Callable[[], T], worth_it: bool = True) -> None:
        self._work = work
        self._pid = 0
        self._answer = -1
        if worth_it and hasattr(os, "fork") and threading.active_count() == 1:
            self._begin()

    def _begin(self) -> None:
        answer, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: the work, its result into the pipe, then gone without any cleanup
            code = 1
            try:
                os.close(answer)
                if signal.getsignal(signal.SIGINT) is not signal.SIG_IGN:  # a background job keeps ignoring it
                    signal.signal(signal.SIGINT, signal.SIG_DFL)
                made = pickle.dumps(self._work(), protocol=pickle.HIGHEST_PROTOCOL)
                with open(write, "wb") as out:
                    out.write(made)
                code = 0
            finally:
                os._exit(code)
        os.close(write)
        self._pid, self._answer = pid, answer

    def result(self) -> T:
        """The work's result: the child's, or made here (also when the child failed)."""
        if self._pid:
            with open(self._answer, "rb") as stream:
                self._answer = -1
                made = stream.read()
            _, status = os.waitpid(self._pid, 0)
            self._pid = 0
            if os.waitstatus_to_exitcode(status) == 0 and made:
                answer: T = pickle.loads(made)  # noqa: S301 - the bytes of our own child, just forked
                return answer
        return self._work()

    def __enter__(self) -> Beside[T]:
        return self

    def __exit__(self, *_exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        if self._answer >= 0:
            os.close(self._answer)
            self._answer = -1
        if self._pid:  # not taken: this process stopped first (an error, Ctrl+C), and so does the child
            with contextlib.suppress(OSError):
                os.kill(self._pid, signal.SIGKILL)
                os.waitpid(self._pid, 0)
            self._pid = 0
