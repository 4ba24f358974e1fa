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

from healthkpi.base.inputs import register_input
from healthkpi.base.messages import error_message
from healthkpi.plan.yamlslips import find_slip

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

    def __init__(
        self, message: str, line: int | None = None, key: str | None = None, facts: dict[str, object] | None = None
    ):
        super().__init__(message)
        self.line = line
        self.key = key  # a catalogue sentence (base.messages.ERRORS), said in the reader's language
        self.facts = facts or {}


@dataclass
class Document:
    """Plain Python data plus where each part came from."""

    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)
    duplicates: list[tuple[Path_, int]] = field(default_factory=list)

    def line_of(self, path: Path_) -> int | None:
        """The line of `path`, or of its nearest recorded ancestor."""
        while True:
            if path in self.lines:
                return self.lines[path]
            if not path:
                return None
            path = path[:-1]


def read_yaml(path: Path) -> Document:
    register_input(path, "a plan")
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise YamlSourceError(f"the file is {size:,} bytes; a targets file is at most {MAX_BYTES:,}")
        raw = path.read_bytes()
    except OSError as exc:
        raise YamlSourceError(f"cannot read the file: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise YamlSourceError("the file is not UTF-8 text; save it as UTF-8", line) from None
    return parse_yaml(text)


def parse_yaml(text: str) -> Document:
    try:
        node = yaml.compose(text, Loader=_COMPOSER)
    except RecursionError:
        raise YamlSourceError(f"the document is nested more than {MAX_DEPTH} levels deep") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = " ".join(part for part in (exc.context, exc.problem) if part)
        slip = find_slip(text, problem)  # plain words, on the line of the slip itself
        if slip is not None:
            message = error_message(slip.key, "en", slip.facts)
            raise YamlSourceError(message, slip.line, key=slip.key, facts=slip.facts) from None
        raise YamlSourceError(f"not valid YAML: {problem}", line) from None
    except yaml.YAMLError as exc:
        raise YamlSourceError(f"not valid YAML: {exc}") from None
    document = Document(None)
    if node is None:
        return document
    builder = _Builder(document)
    try:
        document.data = builder.build(node, ())
    except RecursionError:  # pragma: no cover — the depth bound comes first
        raise YamlSourceError(f"the document is nested more than {MAX_DEPTH} levels deep") from None
    return document


class _Builder:
    def __init__(self, document: Document):
        self.document = document
        self.count = 0
        self.constructor = yaml.SafeLoader("")  # only its scalar constructors are used

    def build(self, node: yaml.Node, path: Path_) -> Any:
        self.count += 1
        if self.count > MAX_VALUES:
            raise YamlSourceError(
                f"the document expands to more than {MAX_VALUES:,} values "
                "(anchors and aliases repeated too often); a targets file is much smaller",
                node.start_mark.line + 1,
            )
        self.document.lines.setdefault(path, node.start_mark.line + 1)
        if len(path) > MAX_DEPTH:
            raise YamlSourceError(
                f"the document is nested more than {MAX_DEPTH} levels deep; a targets file is much flatter",
                node.start_mark.line + 1,
            )
        if isinstance(node, yaml.MappingNode | yaml.SequenceNode) and node.tag not in _PLAIN_TAGS:
            raise YamlSourceError(f"the tag {node.tag!r} is not allowed", node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        return self._scalar(node)

    def _mapping(self, node: yaml.MappingNode, path: Path_) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise YamlSourceError("a key must be plain text", key_node.start_mark.line + 1)
            if key_node.tag == "tag:yaml.org,2002:merge":
                # Merge keys can multiply a document's size before any value is
                # built, and a plan has no use for them.
                raise YamlSourceError("merge keys (<<) are not supported", key_node.start_mark.line + 1)
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
            raise YamlSourceError("binary values are not allowed", node.start_mark.line + 1)
        if node.tag in _NUMBER_TAGS and len(str(node.value)) > MAX_NUMBER_LENGTH:
            raise YamlSourceError(
                f"a number of {len(str(node.value)):,} characters; a number in a plan has at most {MAX_NUMBER_LENGTH}",
                node.start_mark.line + 1,
            )
        try:
            return self.constructor.construct_object(node, deep=True)
        except (ValueError, OverflowError) as exc:  # what Python itself refuses to turn into a number
            raise YamlSourceError(f"not a plain value: {exc}", node.start_mark.line + 1) from None
        except yaml.YAMLError as exc:
            problem = getattr(exc, "problem", None) or str(exc)
            raise YamlSourceError(f"not a plain value: {problem}", node.start_mark.line + 1) from None


def plain_data(text: str) -> Any:
    """A YAML text as plain values, with the safe loader (libyaml's when present): no tags,
    nothing constructed but str, int, float, bool, None, lists and mappings. For quick looks
    (a plan's id and title); full reading goes through `read_yaml`, which also bounds aliases."""
    loader = _COMPOSER(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()
