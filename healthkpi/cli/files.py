"""Writing output files so that nothing is ever half-written or overwritten by mistake.

Every file is written to a temporary file in the same folder, flushed to disk
and renamed over the target in one step: an interrupted run leaves either the
old file or the new one, never a torn one. An output that would replace one
of the inputs is refused before anything is computed.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from healthkpi.base.errors import UsageError

_UMASK = os.umask(0)
os.umask(_UMASK)


def refuse_overwriting_inputs(output: Path, inputs: Iterable[Path]) -> None:
    for given in inputs:
        if _same_file(output, given):
            raise UsageError(
                f"{output}: is one of the inputs; healthkpi never overwrites its inputs — choose another name"
            )


def _same_file(a: Path, b: Path) -> bool:
    try:
        if a.exists() and b.exists():
            return a.samefile(b)
    except OSError:
        pass
    return a.resolve() == b.resolve()


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """A temporary path beside `target`; renamed onto it only if the block succeeds."""
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise UsageError(f"{target}: the folder {folder} does not exist")
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    os.close(handle)
    temporary = Path(name)
    os.chmod(temporary, 0o666 & ~_UMASK)  # mkstemp makes it private; outputs are ordinary files
    try:
        yield temporary
        with temporary.open("rb+") as written:
            os.fsync(written.fileno())
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise


def write_text(target: Path, text: str) -> None:
    with atomic_path(target) as temporary:
        temporary.write_text(text, encoding="utf-8", newline="")


def write_with(target: Path, writer: Callable[[Path], None]) -> None:
    """Let `writer` fill a temporary file (an Excel writer, say), then put it in place."""
    with atomic_path(target) as temporary:
        writer(temporary)
