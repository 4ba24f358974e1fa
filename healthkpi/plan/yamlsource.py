"""Read a YAML document safely and remember the line of every value.

PyYAML's safe composer builds a node graph without constructing anything, so
no tag can run code. We then turn nodes into plain Python values ourselves,
which lets us

- record the line of every key and item (errors say `plan.yaml:14`),
- refuse duplicate keys, which PyYAML would silently overwrite,
- bound alias expansion: an alias is a pointer in the node graph, and a
  "billion laughs" document only explodes when expanded, so we count every
  value we build and stop long before memory is at risk,
- keep dates and times as the text that was written ("2021-01-01"),
- bound nesting (a plan is a few levels deep; a thousand levels would exhaust the
  stack) and the length of a number (Python refuses to turn more than 4,300 digits
  into an integer; a plan needs fewer than twenty).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from healthkpi.base.errors import os_reason
from healthkpi.base.inputs import register_input
from healthkpi.base.messages import Sentence, error_message
from healthkpi.plan.yamlslips import control_character, find_slip, plain_problem

MAX_BYTES = 5_000_000
# libyaml's composer when PyYAML has it (15× faster); both build the same safe node graph.
_COMPOSER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_VALUES = 200_000  # far above any real plan; far below what an alias bomb expands to
MAX_DEPTH = 50  # levels of nesting; a plan has about six
MAX_NUMBER_LENGTH = 100  # characters of a number written in YAML
_NUMBER_TAGS = frozenset({"tag:yaml.org,2002:int", "tag:yaml.org,2002:float"})

Path_ = tuple[str | int, ...]
_PLAIN_TAGS = frozenset({"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"})


class YamlSourceError(ValueError):
    """The text is not a YAML document we accept; `line` says where, when known."""

    def __init__(self, message: str = "", line: int | None = None, *, key: str | None = None, **facts: Any):
        # Said by catalogue key (base.messages), in the reader's language; `str()` is the English.
        super().__init__(error_message(key, "en", facts) if key else message)
        self.line = line
        self.key = key
        self.facts = facts


@dataclass
class Document:
    """Plain Python data plus where each part came from."""

    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)
    duplicates: list[tuple[Path_, int]] = field(default_factory=list)
    # each number's text as written (`10.000`, which YAML reads as 10): a slip is seen only there
    number_texts: dict[Path_, str] = field(default_factory=dict)

    def line_of(self, path: Path_) -> int | None:
        """The line of `path`, or of its nearest recorded ancestor."""
        while True:
            if path in self.lines:
                return self.lines[path]
            if not path:
                return None
            path = path[:-1]


def read_yaml(path: Path) -> Document:
    return parse_yaml(read_text(path))


def read_text(path: Path) -> str:
    """The text of a YAML file healthkpi reads (registered as an input: no output may replace it)."""
    register_input(path, Sentence("role_plan"))
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise YamlSourceError(key="yaml_too_large", size=size, limit=MAX_BYTES)
        raw = path.read_bytes()
    except OSError as exc:
        raise YamlSourceError(key="yaml_cannot_read", reason=os_reason(exc)) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise YamlSourceError(line=line, key="yaml_not_utf8") from None
    return text


def parse_yaml(text: str) -> Document:
    try:
        node = yaml.compose(text, Loader=_COMPOSER)
    except RecursionError:
        raise YamlSourceError(key="yaml_too_deep", limit=MAX_DEPTH) from None
    except yaml.MarkedYAMLError as exc:
        problem = " ".join(part for part in (exc.context, exc.problem) if part)
        # plain words, on the line of the slip itself; else the parser's problem said plainly
        slip = find_slip(text, problem) or plain_problem(
            text,
            exc.context,
            exc.problem,
            exc.problem_mark.line + 1 if exc.problem_mark else None,
            exc.context_mark.line + 1 if exc.context_mark else None,
            exc.problem_mark.column + 1 if exc.problem_mark else None,
        )
        raise YamlSourceError(line=slip.line, key=slip.key, **slip.facts) from None
    except yaml.reader.ReaderError as exc:
        slip = control_character(text, exc.position, exc.character if isinstance(exc.character, int) else 0)
        raise YamlSourceError(line=slip.line, key=slip.key, **slip.facts) from None
    except yaml.YAMLError as exc:
        raise YamlSourceError(key="yaml_invalid", detail=str(exc)) from None
    document = Document(None)
    if node is None:
        return document
    builder = _Builder(document)
    try:
        document.data = builder.build(node, ())
    except RecursionError:  # pragma: no cover — the depth bound comes first
        raise YamlSourceError(key="yaml_too_deep", limit=MAX_DEPTH) from None
    return document


class _Builder:
    def __init__(self, document: Document):
        self.document = document
        self.count = 0
        self.constructor = yaml.SafeLoader("")  # only its scalar constructors are used

    def build(self, node: yaml.Node, path: Path_) -> Any:
        self.count += 1
        if self.count > MAX_VALUES:
            raise YamlSourceError(line=node.start_mark.line + 1, key="yaml_too_many_values", limit=MAX_VALUES)
        self.document.lines.setdefault(path, node.start_mark.line + 1)
        if len(path) > MAX_DEPTH:
            raise YamlSourceError(line=node.start_mark.line + 1, key="yaml_too_deep_flat", limit=MAX_DEPTH)
        if isinstance(node, yaml.MappingNode | yaml.SequenceNode) and node.tag not in _PLAIN_TAGS:
            raise YamlSourceError(line=node.start_mark.line + 1, key="yaml_tag", tag=node.tag)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        if node.tag == "tag:yaml.org,2002:float":
            self.document.number_texts[path] = str(node.value)
        return self._scalar(node)

    def _mapping(self, node: yaml.MappingNode, path: Path_) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise YamlSourceError(line=key_node.start_mark.line + 1, key="yaml_key_not_text")
            if key_node.tag == "tag:yaml.org,2002:merge":
                # Merge keys can multiply a document's size before any value is
                # built, and a plan has no use for them.
                raise YamlSourceError(line=key_node.start_mark.line + 1, key="yaml_merge_key")
            key = str(self._scalar(key_node))
            child = (*path, key)
            line = key_node.start_mark.line + 1
            if key in result:
                self.document.duplicates.append((child, line))
                continue
            self.document.lines[child] = line
            result[key] = self.build(value_node, child)
        return result

    def _scalar(self, node: yaml.Node) -> Any:
        if node.tag == "tag:yaml.org,2002:timestamp":
            return node.value  # a date is kept as written: "2021-01-01"
        if node.tag == "tag:yaml.org,2002:binary":
            raise YamlSourceError(line=node.start_mark.line + 1, key="yaml_binary")
        if node.tag in _NUMBER_TAGS and len(str(node.value)) > MAX_NUMBER_LENGTH:
            raise YamlSourceError(
                line=node.start_mark.line + 1,
                key="yaml_number_too_long",
                n=len(str(node.value)),
                limit=MAX_NUMBER_LENGTH,
            )
        try:
            return self.constructor.construct_object(node, deep=True)
        except (ValueError, OverflowError) as exc:  # what Python itself refuses to turn into a number
            raise YamlSourceError(line=node.start_mark.line + 1, key="yaml_not_plain", detail=str(exc)) from None
        except yaml.YAMLError as exc:
            problem = getattr(exc, "problem", None) or str(exc)
            raise YamlSourceError(line=node.start_mark.line + 1, key="yaml_not_plain", detail=problem) from None


def plain_data(text: str) -> Any:
    """A YAML text as plain values, with the safe loader (libyaml's when present): no tags,
    nothing constructed but str, int, float, bool, None, lists and mappings. For quick looks
    (a plan's id and title); full reading goes through `read_yaml`, which also bounds aliases."""
    loader = _COMPOSER(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()
