"""The terminal as a destination: nothing read from a file reaches it as a control code.

A cell, a sheet name or a file name can hold ESC sequences (`ESC[1A ESC[2K` erases
the line above, `ESC]0;…` retitles the window) or other control characters. Every
console healthkpi prints to is a `SafeConsole`: whatever is printed — a scorecard
table, an issue, an error message — is rendered into segments as usual, and each
segment of text loses its control characters before Rich adds its own styling
codes. That one place covers every command and every message.

A closed pipe (`healthkpi score … | head`) is handed to the command line as the
BrokenPipeError it is, rather than Rich's own exit 1 (which would read "missed"); any other
write standard output refuses (a full disk: `> /dev/full`) as a UsageError saying so, not as
a traceback (`StandardOutput`).
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import Any

from rich.console import Console, ConsoleOptions, RenderableType
from rich.segment import Segment

from healthkpi.base.errors import UsageError, os_reason
from healthkpi.base.text import printable

STDOUT_REFUSED = "stdout_cannot_be_written"


class SafeConsole(Console):
    """A Rich console whose printed text never carries control characters (tab and line feed kept)."""

    def on_broken_pipe(self) -> None:
        """The reader of standard output went away (`| head`): say so as the error it is, for the
        command line to end quietly with its own code (Rich would exit 1, which means "missed")."""
        raise BrokenPipeError

    def render(self, renderable: RenderableType, options: ConsoleOptions | None = None) -> Iterable[Segment]:
        for segment in super().render(renderable, options):
            if segment.control is None and segment.text:
                text = printable(segment.text)
                yield segment if text == segment.text else Segment(text, segment.style)
            else:
                yield segment


class StandardOutput:
    """Standard output (whatever sys.stdout is at the time: a test runner swaps it), its writes
    refused by the system said as the UsageError they are; a closed pipe stays a BrokenPipeError."""

    def write(self, text: str) -> int:
        try:
            return sys.stdout.write(text)
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise UsageError(key=STDOUT_REFUSED, reason=os_reason(exc)) from None

    def flush(self) -> None:
        try:
            sys.stdout.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise UsageError(key=STDOUT_REFUSED, reason=os_reason(exc)) from None

    def __getattr__(self, name: str) -> Any:  # isatty, fileno, encoding: as standard output's own
        return getattr(sys.stdout, name)
