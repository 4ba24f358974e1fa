"""The `healthkpi` command (DESIGN §5): the only layer that knows argv, the terminal and exit codes."""

from healthkpi.cli.app import app, main

__all__ = ["app", "main"]
