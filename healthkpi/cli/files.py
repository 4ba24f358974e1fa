"""Writing output files so that nothing is ever half-written or overwritten by mistake.

Every file is written to a temporary file in the same folder, flushed to disk
and renamed over the target in one step: an interrupted run leaves either the
old file or the new one, never a torn one. An output that would replace one
of the inputs — any file the command has read (`base.inputs`): data, plan,
extended plans, annex, hierarchy, unit map, units list — is refused, before
anything is computed and again at the moment of writing.

Whatever goes wrong with an output path (a folder, a missing or read-only
folder, a name too long, a full disk) is a usage error naming the path and the
reason: the user can fix it, so it is never reported as a bug.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from healthkpi.base.errors import UsageError, os_reason
from healthkpi.base.inputs import input_named
from healthkpi.base.messages import Phrase

_UMASK = os.umask(0)
os.umask(_UMASK)
NAME_MAX = 255  # bytes in one file name on every system healthkpi runs on
_TEMPORARY_PREFIX = ".healthkpi-"  # short: the temporary name must fit wherever the target's name does


def refuse_overwriting_inputs(output: Path, inputs: Iterable[Path] = ()) -> None:
    """UsageError when `output` is one of `inputs` or any file this command has read."""
    identity = _identity(output)
    for given in inputs:
        if identity is not None and _identity(given) == identity:
            raise UsageError(key="output_is_input", output=output)
    read = input_named(output)
    if read is not None:
        raise UsageError(key="output_is_input_named", output=output, role=read)


def _identity(path: Path) -> tuple[object, ...] | None:
    """What makes two paths one file: its device and inode where it exists (a link, a second name),
    else where it resolves to. One stat, not a resolve: a batch checks every output against every input."""
    try:
        found = os.stat(path)
        return ("file", found.st_dev, found.st_ino)
    except (OSError, ValueError):
        pass
    try:
        return ("path", path.resolve())
    except (OSError, RuntimeError, ValueError):
        return None


def check_output(target: Path, inputs: Iterable[Path] = ()) -> None:
    """Refuse, before any work, an output that cannot be written: an input, a folder, a name
    too long, a folder that does not exist (the write itself may still fail: see atomic_path)."""
    refuse_overwriting_inputs(target, inputs)
    if len(os.fsencode(target.name)) > NAME_MAX:
        raise UsageError(key="output_name_too_long", target=target, limit=NAME_MAX)
    if target.is_dir():
        raise UsageError(key="output_is_folder", target=target, example=target / "scorecard.xlsx")
    _refuse_special_files(target)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.exists():
        raise UsageError(key="output_folder_missing", target=target, folder=folder)
    if not folder.is_dir():
        raise UsageError(key="output_folder_not_folder", target=target, folder=folder)


def prepare_folder(folder: Path) -> None:
    """Create the --output-dir folder (and its parents) or say why it cannot be."""
    if folder.exists() and not folder.is_dir():
        raise UsageError(key="exists_not_folder", folder=folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(key="folder_cannot_be_created", folder=folder, reason=_reason(exc)) from None


def _refuse_special_files(target: Path) -> None:
    """A device, a pipe or a socket (or a link to one) is not replaced by a file: -o out.json linked to
    /dev/null would have put a file where the link was, and as root /dev/null itself would be one."""
    try:
        found = os.stat(target)
    except OSError:
        return  # nothing there yet (or a dangling link): a file is written
    if not stat.S_ISREG(found.st_mode) and not stat.S_ISDIR(found.st_mode):
        link = f" → {os.readlink(target)}" if target.is_symlink() else ""
        example = target.with_name("scorecard" + (target.suffix or ".xlsx"))
        raise UsageError(key="output_not_a_file", target=target, link=link, example=example)


def written_at(target: Path) -> Path:
    """Where a write to `target` goes: through a symbolic link, to the file it points to, so that
    the link stays a link (a scorecard linked into a shared folder is updated there)."""
    if not target.is_symlink():
        return target
    try:
        return target.resolve()
    except (OSError, RuntimeError):  # a loop of links: written over the link itself
        return target


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """A temporary path beside `target` (beside the file it links to); renamed onto it only if the block
    succeeds."""
    check_output(target)
    target = written_at(target)
    folder = target.parent if str(target.parent) else Path(".")
    try:
        handle, name = tempfile.mkstemp(prefix=_TEMPORARY_PREFIX, suffix=".tmp", dir=folder)
    except OSError as exc:
        raise UsageError(key="cannot_write_in_folder", target=target, folder=folder, reason=_reason(exc)) from None
    os.close(handle)
    temporary = Path(name)
    try:
        os.chmod(temporary, 0o666 & ~_UMASK)  # mkstemp makes it private; outputs are ordinary files
        yield temporary
        with temporary.open("rb+") as written:
            os.fsync(written.fileno())
        os.replace(temporary, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise UsageError(key="cannot_be_written", target=target, reason=_reason(exc)) from None
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise


def _reason(exc: OSError) -> Phrase:
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return Phrase("os_permission_folder")
    return os_reason(exc)  # a full disk, a name too long, a folder: said by errno


def write_text(target: Path, text: str) -> None:
    with atomic_path(target) as temporary:
        temporary.write_text(text, encoding="utf-8", newline="")


def write_with(target: Path, writer: Callable[[Path], None]) -> None:
    """Let `writer` fill a temporary file (an Excel writer, say), then put it in place."""
    with atomic_path(target) as temporary:
        writer(temporary)
