"""Safe arithmetic expressions for numerators, denominators and checks.

The grammar is whitelisted by construction — there is no way to say anything
else, so nothing from a plan is ever executed:

    check      := sum (("<" | "<=" | ">" | ">=" | "==" | "!=") sum)?
    sum        := product (("+" | "-") product)*
    product    := unary (("*" | "/") unary)*
    unary      := ("+" | "-") unary | atom
    atom       := NUMBER | NAME | "(" sum ")"

Names are ASCII snake_case. An expression evaluates over anything with
arithmetic — NumPy arrays for whole columns, `Fraction`s when a comparison
is too close to call in floating point.
"""

from __future__ import annotations

import math
import operator
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from healthkpi.base.compare import COMPARISONS
from healthkpi.base.numbers import plan_number_problem

MAX_LENGTH = 1000
MAX_DEPTH = 50

_TOKEN = re.compile(
    r"\s*(?:(?P<number>(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)"
    r"|(?P<name>[A-Za-z_][A-Za-z0-9_]*)"
    r"|(?P<op><=|>=|==|!=|[-+*/()<>]))"
)

_CALL = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)\s*\(")

_ARITHMETIC: dict[str, Callable[[Any, Any], Any]] = {
    "+": operator.add,
    "-": operator.sub,
    "*": operator.mul,
    "/": operator.truediv,
}


class ExpressionError(ValueError):
    """Text that is not an expression of the whitelisted grammar."""


@dataclass(frozen=True)
class Number:
    value: float
    text: str

    def evaluate(self, env: Mapping[str, Any], number: Callable[[str], Any]) -> Any:
        return number(self.text)

    def names(self) -> Iterator[str]:
        return iter(())

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class Name:
    name: str

    def evaluate(self, env: Mapping[str, Any], number: Callable[[str], Any]) -> Any:
        return env[self.name]

    def names(self) -> Iterator[str]:
        yield self.name

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True)
class Negate:
    operand: Node

    def evaluate(self, env: Mapping[str, Any], number: Callable[[str], Any]) -> Any:
        return -self.operand.evaluate(env, number)

    def names(self) -> Iterator[str]:
        return self.operand.names()

    def __str__(self) -> str:
        inner = str(self.operand)
        return f"-({inner})" if isinstance(self.operand, Binary | Negate) else f"-{inner}"


@dataclass(frozen=True)
class Binary:
    op: str
    left: Node
    right: Node

    def evaluate(self, env: Mapping[str, Any], number: Callable[[str], Any]) -> Any:
        fn = _ARITHMETIC.get(self.op) or COMPARISONS[self.op]
        return fn(self.left.evaluate(env, number), self.right.evaluate(env, number))

    def names(self) -> Iterator[str]:
        yield from self.left.names()
        yield from self.right.names()

    def __str__(self) -> str:
        return f"{_wrap(self.left)} {self.op} {_wrap(self.right)}"


Node = Number | Name | Negate | Binary


def _wrap(node: Node) -> str:
    return f"({node})" if isinstance(node, Binary) else str(node)


@dataclass(frozen=True)
class Expression:
    """A parsed expression, with the text it came from."""

    text: str
    root: Node

    @property
    def names(self) -> tuple[str, ...]:
        """Variable and constant names, in order of first use."""
        return tuple(dict.fromkeys(self.root.names()))

    @property
    def is_comparison(self) -> bool:
        return isinstance(self.root, Binary) and self.root.op in COMPARISONS

    @property
    def is_single_name(self) -> bool:
        return isinstance(self.root, Name)

    def evaluate(self, env: Mapping[str, Any], number: Callable[[str], Any] = float) -> Any:
        """Evaluate with `env` giving each name's value; `number` builds literals.

        Pass `fractions.Fraction` as `number` (and Fractions in `env`) for exact
        arithmetic.
        """
        return self.root.evaluate(env, number)

    def __str__(self) -> str:
        return self.text


def parse(text: str, *, allow_comparison: bool = False) -> Expression:
    """Parse `text` or raise ExpressionError saying what is wrong and where."""
    if not isinstance(text, str):
        raise ExpressionError(f"expected an expression as text, got {type(text).__name__}")
    if len(text) > MAX_LENGTH:
        raise ExpressionError(f"expression is longer than {MAX_LENGTH} characters")
    call = _CALL.search(text)
    if call:
        raise ExpressionError(
            f"function calls are not allowed ({call.group(1)!r} at position {call.start() + 1}); "
            "use names, numbers, + - * / and parentheses"
        )
    parser = _Parser(text)
    root = parser.parse_check() if allow_comparison else parser.parse_sum(0)
    parser.expect_end()
    return Expression(text.strip(), root)


class _Parser:
    def __init__(self, text: str):
        self.text = text
        self.tokens = list(self._tokenise(text))
        self.pos = 0

    @staticmethod
    def _tokenise(text: str) -> Iterator[tuple[str, str, int]]:
        pos = 0
        end = len(text.rstrip())
        while pos < end:
            match = _TOKEN.match(text, pos)
            if not match or match.end() == pos:
                rest = text[pos:]
                where = pos + len(rest) - len(rest.lstrip())
                bad = rest.strip()[:1]
                raise ExpressionError(
                    f"unexpected {bad!r} at position {where + 1}: only names, numbers, "
                    "+ - * / and parentheses are allowed"
                )
            kind = match.lastgroup or ""
            yield kind, match.group(kind), match.start(kind)
            pos = match.end()

    def peek(self) -> tuple[str, str, int] | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self) -> tuple[str, str, int]:
        token = self.peek()
        if token is None:
            raise ExpressionError("expression ends too early")
        self.pos += 1
        return token

    def expect_end(self) -> None:
        token = self.peek()
        if token is not None:
            kind, value, at = token
            if kind == "name" and self.pos > 0 and self.tokens[self.pos - 1][0] == "name":
                raise ExpressionError(f"unexpected name {value!r} at position {at + 1}")
            if value == "(":
                raise ExpressionError(
                    f"function calls are not allowed (position {at + 1}); use + - * / and parentheses"
                )
            raise ExpressionError(f"unexpected {value!r} at position {at + 1}")

    def parse_check(self) -> Node:
        left = self.parse_sum(0)
        token = self.peek()
        if token and token[1] in COMPARISONS:
            self.take()
            right = self.parse_sum(0)
            nxt = self.peek()
            if nxt and nxt[1] in COMPARISONS:
                raise ExpressionError("chained comparisons are not allowed; write one comparison")
            return Binary(token[1], left, right)
        return left

    def parse_sum(self, depth: int) -> Node:
        node = self.parse_product(depth)
        while (token := self.peek()) and token[1] in "+-" and token[0] == "op":
            self.take()
            node = Binary(token[1], node, self.parse_product(depth))
        return node

    def parse_product(self, depth: int) -> Node:
        node = self.parse_unary(depth)
        while (token := self.peek()) and token[1] in "*/" and token[0] == "op":
            self.take()
            node = Binary(token[1], node, self.parse_unary(depth))
        return node

    def parse_unary(self, depth: int) -> Node:
        if depth > MAX_DEPTH:
            raise ExpressionError(f"expression is nested more than {MAX_DEPTH} levels deep")
        token = self.peek()
        if token and token[0] == "op" and token[1] in "+-":
            self.take()
            operand = self.parse_unary(depth + 1)
            return Negate(operand) if token[1] == "-" else operand
        return self.parse_atom(depth)

    def parse_atom(self, depth: int) -> Node:
        kind, value, at = self.take()
        if kind == "number":
            # Literals are evaluated exactly (as Fractions) when a result is close to its target:
            # 1e-999999999 would be a fraction with a billion-digit denominator.
            problem = plan_number_problem(value)
            if problem is not None:
                raise ExpressionError(f"{problem} (at position {at + 1})")
            number = float(value)
            if not math.isfinite(number):  # pragma: no cover — bounded above
                raise ExpressionError(f"number {value!r} is too large")
            return Number(number, value)
        if kind == "name":
            return Name(value)
        if value == "(":
            node = self.parse_sum(depth + 1)
            closing = self.peek()
            if closing is None or closing[1] != ")":
                raise ExpressionError(f"missing ')' for the '(' at position {at + 1}")
            self.take()
            return node
        raise ExpressionError(f"unexpected {value!r} at position {at + 1}")
