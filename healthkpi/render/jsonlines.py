"""Flat JSON records, one a line, made a column at a time: the very bytes orjson writes for each alone.

A national run writes 212,000 results and, on noisy data, 400,000 issues. Made as a dict a line
and encoded, each line costs a dict, and then a pass over every byte to put the lines apart. Here
each column is encoded on its own: numbers in one orjson call, a text that recurs (a unit, a status,
an indicator) once; a column that is the same on every line of the chunk (an indicator's target,
its threshold) is written into the line's fixed parts. The lines are then put together by slices
of one list (fixed parts and each row's encodings side by side) and joined once. An issue's message
is written from its sentence's pieces, never made as a text (`composed`). The same bytes as
encoding each record alone (tests/render/test_json_lines.py and tests/base/test_issues.py hold
them equal); a chunk of issues costs about 2.1 µs a line, a chunk of results 1.7 µs.
"""

from __future__ import annotations

import contextlib
from collections.abc import Collection, Mapping, Sequence
from typing import Any

import orjson


def json_lines(
    fields: Sequence[str],
    columns: Sequence[Sequence[Any]],
    *,
    numbers: Collection[str] = (),
    distinct: Collection[str] = (),
    composed: Mapping[str, Sequence[str | list[str]]] | None = None,
) -> list[bytes]:
    """Line n is `orjson.dumps({field: column[n] for field, column in zip(fields, columns)})`.

    `numbers` names the columns that hold only ints, floats and None (encoded in one call);
    `distinct` those whose values seldom recur (a message, a cell): encoded one by one. A field
    named in `composed` is a text made of pieces put one after another (base/messages.py,
    Sentences): a text the same on every line, or a list of one text per line; its column in
    `columns` is not looked at. Its line's text is never made: the encoded pieces are put into
    the line as they are (a JSON text's encoding is its characters' encodings, one after
    another), and a list of texts that is a column too (a cell, a unit) is encoded once."""
    count = len(columns[0]) if columns else 0
    if count == 0:
        return []
    # an encoded line holds no line break (JSON writes it \n): the lines are cut where they were joined
    return json_joined(fields, columns, b"\n", numbers=numbers, distinct=distinct, composed=composed).split(b"\n")


def json_joined(
    fields: Sequence[str],
    columns: Sequence[Sequence[Any]],
    between: bytes,
    *,
    numbers: Collection[str] = (),
    distinct: Collection[str] = (),
    composed: Mapping[str, Sequence[str | list[str]]] | None = None,
) -> bytes:
    """`between.join(json_lines(…))`, made at once: no line is made on its own."""
    count = len(columns[0]) if columns else 0
    if count == 0:
        return b""
    line: list[bytes | list[bytes]] = [b"{"]  # a line's parts: the same on every line, or one for each
    inside = _Inside()
    for n, (field, values) in enumerate(zip(fields, columns, strict=True)):
        line.append((b"," if n else b"") + orjson.dumps(field) + b":")
        if composed is not None and field in composed:
            line.append(b'"')
            for piece in composed[field]:
                line.append(orjson.dumps(piece)[1:-1] if isinstance(piece, str) else inside.each(piece))
            line.append(b'"')
            continue
        if field in numbers:
            encoded = _numbers(values)
            same = len(set(encoded)) == 1
        elif field in distinct:
            inner = inside.at_once(values)
            if inner is not None:  # the quotes are the line's
                line += [b'"', inner, b'"']
                continue
            encoded, same = list(map(orjson.dumps, values)), False
        else:
            encoded, same = _recurring(values)
        # the same on every line (one indicator's target, its threshold): written as the line's own
        line.append(encoded[0] if same else encoded)
    line.append(b"}")
    return _filled_in(line, count, between)


def _filled_in(line: list[bytes | list[bytes]], count: int, between: bytes) -> bytes:
    """`count` lines, each `line` with its lists' n-th entries in place, joined by `between`: put in
    one list by slices (a line's parts side by side, line after line) and joined once, with no
    Python work per line (half the time of formatting a pattern line by line)."""
    fixed: list[bytes] = [b""]  # the same on every line, before, between and after the varying parts
    varying: list[list[bytes]] = []
    for part in line:
        if isinstance(part, bytes):
            fixed[-1] += part
        else:
            varying.append(part)
            fixed.append(b"")
    if not varying:
        return between.join([fixed[0]] * count)
    width = 2 * len(varying)  # a line's place in the list: its varying parts, each after what precedes it
    parts: list[bytes] = [fixed[-1] + between + fixed[0]] * (count * width)
    parts[0] = fixed[0]
    for k, each in enumerate(varying):
        parts[2 * k + 1 :: width] = each  # refuses a list of another length than `count`
        if k + 1 < len(varying):
            parts[2 * k + 2 :: width] = [fixed[k + 1]] * count
    return b"".join(parts) + fixed[-1]


class _Inside:
    """Texts' encodings without their quotes, made once per list of texts (by identity: the list
    is kept alive by the caller for the whole call, so no id is used twice)."""

    def __init__(self) -> None:
        self._made: dict[int, list[bytes] | None] = {}

    def at_once(self, values: Sequence[Any]) -> list[bytes] | None:
        """`_texts_inside` of `values`: None unless they are texts that could be encoded at once."""
        key = id(values)
        if key not in self._made:
            self._made[key] = _texts_inside(values)
        return self._made[key]

    def each(self, texts: Sequence[str]) -> list[bytes]:
        """Every text's encoding without its quotes; texts only (anything else is refused)."""
        inner = self.at_once(texts)
        if inner is not None:
            return inner
        if not all(isinstance(text, str) for text in texts):
            raise TypeError("a composed text's pieces are texts")
        made = [orjson.dumps(text)[1:-1] for text in texts]
        self._made[id(texts)] = made
        return made


def _numbers(values: Sequence[Any]) -> list[bytes]:
    """Each number's encoding: the list encoded at once and cut at its commas (a number has none)."""
    encoded = orjson.dumps(list(values))[1:-1].split(b",")
    if len(encoded) != len(values):  # not numbers after all: each encoded alone
        return list(map(orjson.dumps, values))
    return encoded


# What JSON escapes in a text (orjson: a control character, a quote, a backslash); \0 parts texts below.
_ESCAPED = bytes(range(1, 32)) + b'"\\'


def _texts_inside(values: Sequence[Any]) -> list[bytes] | None:
    """Each text's encoding without its quotes; None unless every value is a text and they can be
    encoded at once.

    Texts with nothing to escape (a unit's name, a cell, a number written out) are their UTF-8
    bytes: joined with \0 (which no such text holds) and cut there again, with no test of each.
    Others are encoded as a list by orjson and cut where one text ends and the next begins
    (`","`). Within an encoded text a quote is always escaped (`\\"`), so a `","` that is not a
    boundary begins with an escaped quote: a text ending with `",` (`\\","`), which would take
    the place of the boundary after it. Where `\\","` is found at all (a text ending with a
    backslash also gives it), None: the texts are encoded one by one instead."""
    if not values:
        return []
    try:
        joined = "\0".join(values)  # refuses anything but texts
    except TypeError:
        return None
    with contextlib.suppress(UnicodeEncodeError):  # a lone surrogate: orjson refuses it in its words
        encoded = joined.encode("utf-8")
        # nothing to escape: as long once what JSON escapes is taken out (quicker than a search)
        if encoded.count(b"\0") == len(values) - 1 and len(encoded.translate(None, _ESCAPED)) == len(encoded):
            return encoded.split(b"\0")
    encoded = orjson.dumps(list(values))
    if b'\\","' in encoded:
        return None
    inner = encoded[2:-2].split(b'","')
    return inner if len(inner) == len(values) else None


def _recurring(values: Sequence[Any]) -> tuple[list[bytes], bool]:
    """Each value's encoding, made once per object (a status, a period, a target recurs as one
    object), and whether they are all one. By identity, not equality: 1, 1.0 and True are equal,
    and three encodings; the same object is always one. A column of one text, None or () throughout
    is one encoding (what equals a text is a text) and is seen at once."""
    first = values[0]
    one_kind = first is None or isinstance(first, str) or (isinstance(first, tuple) and not first)
    if one_kind and list(values).count(first) == len(values):
        return [orjson.dumps(first)], True
    ids = list(map(id, values))  # `values` keeps every object alive: no id is used twice
    made = {key: orjson.dumps(value) for key, value in dict(zip(ids, values, strict=True)).items()}
    return list(map(made.__getitem__, ids)), len(made) == 1
