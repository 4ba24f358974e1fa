"""Every file a run reads, so that no output is ever written over one of them.

Whatever reads a file — a plan, a plan it extends, the annex, the hierarchy, the
unit map, a units list, a data workbook — registers it here first
(`register_input`). Whatever writes a file asks `input_named` before it does:
the CLI refuses an output path that is one of the inputs read so far, however it
is spelt (another relative path, a symbolic or hard link). The record lives for
one command (`tracking_inputs`, opened by the CLI around each one); outside a
command, registering does nothing, so the library keeps no state between calls.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class InputFiles:
    """The files read so far: by resolved path and by file identity (device, inode)."""

    by_path: dict[str, str] = field(default_factory=dict)  # resolved path → what the file is ("a plan")
    by_identity: dict[tuple[int, int], str] = field(default_factory=dict)

    def add(self, path: Path, role: str) -> None:
        self.by_path.setdefault(_resolved(path), role)
        identity = _identity(path)
        if identity is not None:
            self.by_identity.setdefault(identity, role)

    def named(self, path: Path) -> str | None:
        """What the input `path` would overwrite is ("the hierarchy of plan.yaml"), or None."""
        identity = _identity(path)
        if identity is not None and identity in self.by_identity:
            return self.by_identity[identity]
        return self.by_path.get(_resolved(path))


_CURRENT: ContextVar[InputFiles | None] = ContextVar("healthkpi_inputs", default=None)


def register_input(path: str | Path, role: str = "an input") -> None:
    """Note that this command reads `path` as `role` ("a data file", "a plan", "the annex of …")."""
    files = _CURRENT.get()
    if files is not None:
        files.add(Path(path), role)


def input_named(path: str | Path) -> str | None:
    """What `path` is among this command's inputs ("a plan"), or None when it is none of them."""
    files = _CURRENT.get()
    return files.named(Path(path)) if files is not None else None


@contextlib.contextmanager
def tracking_inputs() -> Iterator[InputFiles]:
    """Record the inputs read inside the block: one record per command, so a block inside
    another (one input of a batch) adds to the record around it."""
    outer = _CURRENT.get()
    if outer is not None:
        yield outer
        return
    files = InputFiles()
    token = _CURRENT.set(files)
    try:
        yield files
    finally:
        _CURRENT.reset(token)


def _resolved(path: Path) -> str:
    try:
        return os.path.normcase(str(path.resolve()))
    except (OSError, RuntimeError, ValueError):  # a loop of links, an embedded NUL
        return os.path.normcase(os.path.abspath(str(path)))


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        status = path.stat()
    except (OSError, ValueError):
        return None
    return (status.st_dev, status.st_ino)
