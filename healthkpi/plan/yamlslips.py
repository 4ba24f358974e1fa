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
from typing import Any

# `key: >= 90`, `- > 95`: a value starting with > or | and more on the line than a block
# header allows (chomping and indentation indicators, then a comment).
_UNQUOTED_OPERATOR = re.compile(r"^(?P<indent>\s*(?:-\s+)?)(?:(?P<key>[^\s#:'\"][^:#]*):\s+)?(?P<value>[>|].*?)\s*$")
_BLOCK_HEADER = re.compile(r"[>|][-+0-9]*(?:\s+#.*)?")


@dataclass(frozen=True)
class Slip:
    """A slip found in the text: its kind (a catalogue key), its line (1-based) and what it shows."""

    key: str
    line: int
    facts: dict[str, Any]


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


# The parser's own problems (PyYAML's words, and libyaml's where they differ), each with the
# sentence that says it plainly and which mark names the line: the problem's, or the context's
# (where a quote or a bracket was opened, where a key began). Tried in order.
_PROBLEMS: tuple[tuple[tuple[str, ...], str, str], ...] = (
    (("tab character",), "yaml_tab", "problem"),  # libyaml: "found a tab character that violates indentation"
    (("cannot start any token",), "yaml_bad_start", "problem"),
    (("could not find expected ':'",), "yaml_missing_colon", "context"),
    (("found undefined alias",), "yaml_undefined_alias", "problem"),
    (("duplicate anchor",), "yaml_duplicate_anchor", "problem"),
    (("quoted scalar", "end of stream"), "yaml_unclosed_quote", "context"),
    (("unknown escape character",), "yaml_unknown_escape", "problem"),
    (("quoted scalar",), "yaml_quote_trouble", "context"),
    (("flow mapping",), "yaml_unclosed_brace", "context"),
    (("flow sequence",), "yaml_unclosed_bracket", "context"),
    (("flow node",), "yaml_empty_in_brackets", "problem"),
    (("an anchor",), "yaml_anchor_name", "problem"),
    (("an alias",), "yaml_anchor_name", "problem"),
    (("a tag",), "yaml_tag_syntax", "problem"),
    (("directive",), "yaml_directive", "problem"),
    (("single document",), "yaml_many_documents", "problem"),
    (("document start",), "yaml_many_documents", "problem"),
    (("mapping values are not allowed",), "yaml_colon_in_value", "problem"),
    (("block collection",), "yaml_list_item", "problem"),
    (("'-' indicator",), "yaml_list_item", "problem"),
    (("block end",), "yaml_line_out_of_place", "problem"),
    (("expected key",), "yaml_line_out_of_place", "problem"),
    (("block mapping",), "yaml_line_out_of_place", "problem"),
    (("block scalar",), "yaml_block_text", "context"),
)


def plain_problem(
    text: str,
    context: str | None,
    problem: str | None,
    problem_line: int | None,
    context_line: int | None,
    column: int | None,
) -> Slip:
    """A parse error the slips above do not explain, in plain words on its line (1-based).

    `context` and `problem` are the parser's words; a problem it words some other way is said
    with its line and column only: its English is kept for English readers alone (`detail`).
    """
    words = " ".join(part for part in (context, problem) if part)
    for needles, key, mark in _PROBLEMS:
        if all(needle in words for needle in needles):
            line = (context_line if mark == "context" else problem_line) or problem_line or context_line or 1
            return _slip(key, text, line, problem_line or line, column or 1)
    line = problem_line or context_line or 1
    return Slip("yaml_unknown_problem", line, {"column": column or 1, "detail": words})


def control_character(text: str, position: int, character: int) -> Slip:
    """A character no YAML text may hold (a control character, a stray NUL), at `position`."""
    before = text[:position]
    line = before.count("\n") + 1
    column = position - (before.rfind("\n") + 1) + 1
    return Slip("yaml_control_character", line, {"code": f"U+{character:04X}", "column": column})


def _slip(key: str, text: str, line: int, problem_line: int, column: int) -> Slip:
    lines = text.splitlines()
    shown = lines[line - 1].strip() if 0 < line <= len(lines) else ""
    facts: dict[str, Any] = {"text": shown, "column": column, "problem_line": problem_line}
    row = lines[problem_line - 1] if 0 < problem_line <= len(lines) else ""
    if key == "yaml_bad_start":
        char = row[column - 1] if 0 < column <= len(row) else "?"
        if char == "\t":
            return Slip("yaml_tab", problem_line, facts)
        facts["char"] = char
    if key == "yaml_undefined_alias":
        name = re.search(r"\*([^\s,\]}]*)", row[max(column - 1, 0) :]) or re.search(r"\*([^\s,\]}]*)", row)
        facts["name"] = name[1] if name else ""
    if key in ("yaml_unclosed_quote", "yaml_quote_trouble"):
        facts["quote"] = "'" if "'" in shown and '"' not in shown else '"'
    return Slip(key, line, facts)
