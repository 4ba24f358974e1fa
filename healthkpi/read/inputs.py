"""DATA arguments to files: paths, folders and globs, in a stable order."""

from __future__ import annotations

import glob
from pathlib import Path

from healthkpi.base.errors import WorkbookError
from healthkpi.base.inputs import register_input
from healthkpi.read.formats import DATA_EXTENSIONS


def expand_inputs(arguments: list[str]) -> list[Path]:
    """Files, in order, each once; each is registered as an input of the command."""
    files: list[Path] = []
    for argument in arguments:
        path = Path(argument)
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if _is_data_file(p))
            if not found:
                raise WorkbookError(f"{path}: the folder holds no workbooks ({', '.join(DATA_EXTENSIONS)})")
            files += found
        elif path.is_file():
            files.append(path)
        elif path.exists():  # a FIFO, a device, a socket: reading it would block or never end
            raise WorkbookError(
                f"{path}: is not an ordinary file (a pipe, a device or a socket); healthkpi reads workbooks "
                "and text tables saved as files"
            )
        elif glob.has_magic(argument):
            found = sorted(Path(p) for p in glob.glob(argument, recursive=True) if _is_data_file(Path(p)))
            if not found:
                raise WorkbookError(f"{argument}: no workbook matches this pattern")
            files += found
        else:
            raise WorkbookError(f"{path}: no such file")
    files = list(dict.fromkeys(files))
    for file in files:
        register_input(file, "a data file")
    return files


def _is_data_file(path: Path) -> bool:
    # ~$name.xlsx are Excel's lock files; dot-files are hidden
    return path.is_file() and path.suffix.lower() in DATA_EXTENSIONS and not path.name.startswith(("~$", "."))
