"""Plain words for the slips people make when they write a plan by hand.

PyYAML reports a slip in its parser's terms ("while scanning a block scalar …",
"expected <block end>, but found '<block mapping start>'"), often on the line after
the slip. Two slips cause nearly all of them in a targets file:
- a target written without quotes (`target: >= 90`): `>` and `|` open a block of text;
- a line indented differently from the lines it belongs with.
Each is found from the text itself, so the hint names the line of the slip.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# `key: >= 90`, `- > 95`: a value starting with > or | and more on the line than a block
# header allows (chomping and indentation indicators, then a comment).
_UNQUOTED_OPERATOR = re.compile(r"^(?P<indent>\s*(?:-\s+)?)(?:(?P<key>[^\s#:'\"][^:#]*):\s+)?(?P<value>[>|].*?)\s*$")
_BLOCK_HEADER = re.compile(r"[>|][-+0-9]*(?:\s+#.*)?")


@dataclass(frozen=True)
class Slip:
    """A slip found in the text: its kind (a catalogue key), its line (1-based) and what it shows."""

    key: str
    line: int
    facts: dict[str, object]


def find_slip(text: str, problem: str) -> Slip | None:
    """The slip behind a YAML parse error (`problem`: the parser's own words), if it is one of ours."""
    if "block scalar" in problem:
        slip = unquoted_operator(text)
        if slip is not None:
            return slip
    if any(
        words in problem for words in ("block end", "mapping values", "expected key", "block mapping", "expected '-'")
    ):
        return misindented_line(text)
    return None


def unquoted_operator(text: str) -> Slip | None:
    for number, line in enumerate(text.splitlines(), start=1):
        if line.lstrip().startswith("#"):
            continue
        match = _UNQUOTED_OPERATOR.match(line)
        if match is None or _BLOCK_HEADER.fullmatch(match["value"]):
            continue
        value = match["value"]
        key = (match["key"] or "").strip()
        quoted = f'{key}: "{value}"' if key else f'- "{value}"'
        return Slip("yaml_unquoted_operator", number, {"text": line.strip(), "quoted": quoted})
    return None


def misindented_line(text: str) -> Slip | None:
    """The first line whose indentation matches none of the blocks still open above it."""
    open_levels = [0]
    in_block_text = None  # the indentation of a `|` or `>` block: its lines are text, not keys
    after_value = None  # the indentation of a `key: value` line: a deeper `key:` cannot belong to it
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        indent = len(line) - len(line.lstrip(" "))
        if in_block_text is not None:
            if indent > in_block_text:
                continue
            in_block_text = None
        if after_value is not None and indent > after_value and re.search(r"^[^'\"#]*:(\s|$)", stripped):
            return Slip(
                "yaml_under_a_value",
                number,
                {"text": stripped, "spaces": indent, "inner": after_value},
            )
        if indent > open_levels[-1]:
            open_levels.append(indent)
        else:
            inner = open_levels[-1]
            while indent < open_levels[-1]:
                inner = open_levels.pop()
            if indent != open_levels[-1]:  # between two open blocks: it belongs to neither
                return Slip(
                    "yaml_indentation",
                    number,
                    {"text": stripped, "spaces": indent, "inner": inner, "outer": open_levels[-1]},
                )
        # A list item opens a mapping at the column of its first key: `  - id: x` → 4.
        item = re.match(r"(-\s+)+", stripped)
        if item:
            open_levels.append(indent + item.end())
        if re.search(r":\s*[|>][-+0-9]*\s*(#.*)?$", stripped):
            in_block_text = indent
        value = re.match(r"(?:-\s+)*[^'\"#:]+:\s+(?P<value>[^#\s].*)$", stripped)
        after_value = (
            indent + (item.end() if item else 0) if value and not value["value"].startswith(("|", ">")) else None
        )
    return None
