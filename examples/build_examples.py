"""Build every example workbook in examples/ (deterministic: the same figures every run).

    python examples/build_examples.py

Each `example_*.py` module beside this file builds one plan's example with
`build(folder) -> Path`. The figures are illustrative, not real data; the
workbooks say so in their title rows.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> None:
    sys.path.insert(0, str(HERE))
    for module_path in sorted(HERE.glob("example_*.py")):
        module = importlib.import_module(module_path.stem)
        written = module.build(HERE)
        print(f"wrote {written.relative_to(HERE.parent)}")


if __name__ == "__main__":
    main()
