"""Functions the sandbox tests run in a child process (importable by name, as `spawn` needs)."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any

from healthkpi.read.sheet import read_part
from healthkpi.read.spec import ReadingHints


def modules_after_reading(path: Path, spec: Any) -> list[str]:
    """Read `path` as the child does, then say which modules the child had to import."""
    read_part(path, spec, 0, ReadingHints(), "vi", None, 300 << 20)
    return sorted(sys.modules)


def abort() -> None:
    os.abort()  # what a native parser does when it gives up


def sleep() -> None:
    time.sleep(60)


def pid() -> int:
    return os.getpid()


def allocate(size: int) -> int:
    return len(bytearray(size))  # MemoryError beyond the child's ceiling


def refuse(name: str) -> None:
    from healthkpi.base.errors import WorkbookError

    raise WorkbookError(key="read_timeout", path=name, seconds=1)  # any error about the file itself


def interrupted() -> None:
    raise KeyboardInterrupt  # what Ctrl+C does in the child: the whole process group gets it
