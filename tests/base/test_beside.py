"""Work made on the other core gives what it gives made here: its result, its error, and a child
that fails or is not asked for leaves nothing behind."""

from __future__ import annotations

import os
import threading

import pytest

from healthkpi.base.beside import Beside

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the work is forked only where processes fork")


def test_the_result_is_made_by_a_child_and_sent_back() -> None:
    here = os.getpid()
    with Beside(lambda: (os.getpid(), list(range(5)))) as work:
        made_by, numbers = work.result()
    assert made_by != here
    assert numbers == [0, 1, 2, 3, 4]


def test_work_not_worth_a_child_is_made_here() -> None:
    with Beside(os.getpid, worth_it=False) as work:
        assert work.result() == os.getpid()


def test_a_child_that_fails_has_its_work_made_here() -> None:
    here = os.getpid()

    def only_here() -> int:
        if os.getpid() != here:
            os._exit(9)  # the child dies (as if killed, or out of memory)
        return 42

    with Beside(only_here) as work:
        assert work.result() == 42


def test_an_error_of_the_work_is_raised_here() -> None:
    def broken() -> int:
        raise ValueError("wrong")

    with Beside(broken) as work, pytest.raises(ValueError, match="wrong"):
        work.result()


def test_with_other_threads_running_the_work_is_made_here() -> None:
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        with Beside(os.getpid) as work:
            assert work.result() == os.getpid()
    finally:
        stop.set()
        other.join()


def test_a_result_not_taken_stops_its_child() -> None:
    import time

    with Beside(lambda: time.sleep(60)) as work:
        pid = work._pid
        assert pid
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # killed and reaped already
