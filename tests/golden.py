"""Every output of every bundled example, as bytes: the check that a refactoring changed nothing.

`outputs()` runs the command line (in process, through Typer's runner) over the
example workbooks and collects what each command prints and writes: the
terminal table at two widths, JSON, CSV, Markdown, the Excel scorecard (every
part of the .xlsx but its creation time), the HTML report, `validate`,
`explain`, `show`, `plans`, `check` and the template. `tests/golden.sha256`
holds the digest of each; `test_golden.py` compares.

    python -m tests.golden write DIR   # write every output into DIR (to diff two versions)
    python -m tests.golden update      # record the digests of today's outputs

A change to an output is then a deliberate act: update the digests in the same
commit as the change, and say why in its message.
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MANIFEST = Path(__file__).resolve().parent / "golden.sha256"

# (name, data arguments, extra options): each example scored as an analyst would.
EXAMPLES: list[tuple[str, list[str], list[str]]] = [
    ("thanh-hoa", ["examples/thanh-hoa-2021.xlsx"], []),
    ("thanh-hoa-bundled", ["examples/thanh-hoa-2021.xlsx"], ["-t", "thanh-hoa-2021", "--period", "all"]),
    ("tam-duong", ["examples/tam-duong-2022-2025.xlsx"], ["--period", "all"]),
    ("ha-noi", ["examples/ha-noi-2021-2025.xlsx"], []),
    ("hcmc-2021", ["examples/hcmc-2021.xlsx"], []),
    ("hcmc-2023", ["examples/hcmc-2023.xlsx"], []),
    ("reorganisation", ["examples/reorganisation/tam-duong-2022-2025-sap-xep.xlsx"], []),
    ("reorganisation-parent", ["examples/reorganisation/tam-duong-2022-2025-sap-xep.xlsx"], ["--level", "parent"]),
    ("areas", ["examples/areas/tam-duong-2022-2025-theo-vung.xlsx"], []),
    ("monitoring", ["examples/monitoring/tam-duong-tiem-chung-2024.xlsx"], []),
]
EXPLAINED = [  # (example, unit)
    ("thanh-hoa", "Mường Lát"),
    ("thanh-hoa", "total"),
    ("tam-duong", "Bình Lư"),
    ("hcmc-2021", "total"),
    ("reorganisation", "total"),
    ("monitoring", "Bản Bo"),
    ("monitoring", "total"),
]
PLANS = ["thanh-hoa-2021", "tam-duong-2022-2025", "ha-noi-2021-2025", "hcmc-2021", "hcmc-2023"]


def _normalise(data: bytes) -> bytes:
    """The checkout's own path and the version number vary between machines and releases."""
    from healthkpi import __version__

    text = data.decode("utf-8", errors="surrogateescape")
    text = text.replace(str(ROOT) + os.sep, "<root>/").replace(str(ROOT), "<root>")
    text = re.sub(re.escape(__version__) + r"\b", "<version>", text)
    return text.encode("utf-8", errors="surrogateescape")


def _xlsx_parts(path: Path) -> Iterator[tuple[str, bytes]]:
    """Every part of a workbook but docProps/core.xml, which holds the time it was made."""
    with zipfile.ZipFile(path) as archive:
        for name in sorted(archive.namelist()):
            if name != "docProps/core.xml":
                yield name, _normalise(archive.read(name))


def _run(arguments: list[str], columns: int = 120, lang: str = "vi") -> tuple[bytes, int]:
    from typer.testing import CliRunner

    from healthkpi.cli import app

    runner = CliRunner()
    if lang != "vi" and "--lang" not in arguments and arguments[0] not in ("template",):
        arguments = [*arguments, "--lang", lang]
    result = runner.invoke(app, arguments, env={"COLUMNS": str(columns), "NO_COLOR": "1", "TERM": "dumb"})
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.stdout_bytes, result.exit_code


GROUPS = [name for name, _data, _extra in EXAMPLES] + ["commands"]  # one test each: they run side by side


def outputs(groups: list[str] | None = None) -> dict[str, bytes]:
    """name → bytes of every output of `groups` (all by default), run from the repository's folder."""
    collected: dict[str, bytes] = {}
    here = Path.cwd()
    os.chdir(ROOT)
    try:
        with tempfile.TemporaryDirectory() as folder:
            for group in groups or GROUPS:
                collected |= _commands(Path(folder)) if group == "commands" else _example(group, Path(folder))
    finally:
        os.chdir(here)
    return {name: _normalise(content) for name, content in collected.items()}


def group_of(output: str) -> str:
    """The group an output's name belongs to."""
    first = output.split("/", 1)[0]
    return first if first in GROUPS else "commands"


def _example(name: str, out: Path) -> dict[str, bytes]:
    """Every output of one example, in both languages."""
    data, extra = next((d, e) for n, d, e in EXAMPLES if n == name)
    collected: dict[str, bytes] = {}
    for lang in ("vi", "en"):
        key = f"{name}/{lang}"
        for columns in (80, 200):
            printed, code = _run(["score", *data, *extra], columns, lang)
            collected[f"{key}/table-{columns}.txt"] = printed + f"\nexit {code}\n".encode()
        for fmt in ("json", "csv", "markdown"):
            printed, code = _run(["score", *data, *extra, "-f", fmt], lang=lang)
            collected[f"{key}/score.{fmt}"] = printed + f"\nexit {code}\n".encode()
        xlsx = out / f"{name}-{lang}.xlsx"
        _run(["score", *data, *extra, "-q", "-o", str(xlsx)], lang=lang)
        for part, content in _xlsx_parts(xlsx):
            collected[f"{key}/xlsx/{part}"] = content
        html = out / f"{name}-{lang}.html"
        printed, code = _run(["report", *data, *extra, "-o", str(html)], lang=lang)
        collected[f"{key}/report.html"] = html.read_bytes()
        collected[f"{key}/report.txt"] = printed.replace(str(html).encode(), b"<out>") + b"\n"
        plan_options = [o for o in extra if o not in ("--level", "parent", "--period", "all")]
        for fmt in ("table", "json"):
            printed, code = _run(["validate", *data, *plan_options, "-f", fmt], lang=lang)
            collected[f"{key}/validate.{fmt}"] = printed + f"\nexit {code}\n".encode()
    return collected


def _commands(out: Path) -> dict[str, bytes]:
    """`explain`, `plans`, `show`, `check` and `template`."""
    collected: dict[str, bytes] = {}
    by_name = {name: (data, extra) for name, data, extra in EXAMPLES}
    for name, unit in EXPLAINED:
        data, extra = by_name[name]
        plan_options = [o for o in extra if o not in ("--level", "parent", "--period", "all")]
        for fmt in ("table", "json"):
            printed, code = _run(["explain", *data, *plan_options, "-u", unit, "-f", fmt], columns=120)
            collected[f"explain/{name}-{unit}.{fmt}"] = printed + f"\nexit {code}\n".encode()
    for lang in ("vi", "en"):
        printed, _ = _run(["plans"], columns=200, lang=lang)
        collected[f"plans/{lang}.txt"] = printed
        for plan in PLANS:
            printed, _ = _run(["show", plan], columns=160, lang=lang)
            collected[f"show/{plan}-{lang}.txt"] = printed
    printed, code = _run(["check", *PLANS, "examples/healthkpi.yaml", "examples/monitoring/healthkpi.yaml"])
    collected["check.txt"] = printed + f"\nexit {code}\n".encode()
    for plan in PLANS:
        template = out / f"template-{plan}.xlsx"
        _run(["template", plan, "-o", str(template), "--units", "Xã A;Xã B"])
        for part, content in _xlsx_parts(template):
            collected[f"template/{plan}/{part}"] = content
    return collected


def digests(collected: dict[str, bytes]) -> dict[str, str]:
    return {name: hashlib.sha256(content).hexdigest() for name, content in sorted(collected.items())}


def read_manifest() -> dict[str, str]:
    lines = MANIFEST.read_text(encoding="utf-8").splitlines()
    return {name: digest for digest, name in (line.split("  ", 1) for line in lines if line.strip())}


def write_manifest(found: dict[str, str]) -> None:
    MANIFEST.write_text("".join(f"{digest}  {name}\n" for name, digest in found.items()), encoding="utf-8")


def main(argv: list[str]) -> int:
    if argv[:1] == ["write"] and len(argv) == 2:
        folder = Path(argv[1])
        for name, content in outputs().items():
            target = folder / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        return 0
    if argv == ["update"]:
        write_manifest(digests(outputs()))
        return 0
    sys.stderr.write(__doc__ or "")
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
