"""``Policy``: a parsed, validated RAM policy document of one kind (identity, session or trust)."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping
from typing import Any

from ..messages import text
from .errors import PolicyError, Problem
from .grammar import KINDS, MAX_LENGTH, validate
from .json_errors import describe
from .json_positions import TextPositions, locate
from .statement import Statement


class Policy:
    """A RAM policy that passed the grammar; build one with ``Policy.parse``.

    >>> p = Policy.parse('{"Version": "1", "Statement": [{"Effect": "Allow", '
    ...                  '"Action": "imm:List*", "Resource": "*"}]}', name="list-only")
    >>> p.statements[0].effect, p.statements[0].line
    ('Allow', 1)
    """

    __slots__ = ("name", "kind", "text", "document", "statements", "_positions")

    def __init__(self, name: str, kind: str, text: str, document: dict, statements: tuple[Statement, ...],
                 positions: TextPositions | None):
        self.name = name
        self.kind = kind
        self.text = text
        self.document = document
        self.statements = statements
        self._positions = positions

    def __repr__(self) -> str:
        return f"Policy(name={self.name!r}, kind={self.kind!r}, statements={len(self.statements)})"

    def location(self, pointer: str) -> tuple[int | None, int | None]:
        """1-based (line, column) of the value at a JSON pointer; (None, None) for dict input."""
        if self._positions is None:
            return None, None
        return self._positions.of_value(pointer)

    @classmethod
    def parse(cls, source: str | bytes | Mapping[str, Any] | Policy, name: str | None = None,
              kind: str = "identity") -> Policy:
        """Parse JSON text (or a dict) and validate it; raise ``PolicyError`` listing every problem.

        ``kind`` is ``"identity"`` (attached to users, groups, roles), ``"session"`` (the AssumeRole
        ``Policy`` parameter) or ``"trust"`` (a role's AssumeRolePolicyDocument).
        """
        if kind not in KINDS:
            raise ValueError(f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
        if isinstance(source, Policy):
            source = source.text
        name = name or "policy"
        positions: TextPositions | None = None
        if isinstance(source, bytes):
            try:
                source = source.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise PolicyError([Problem("InvalidJSON", text("parse.not-utf8", reason=exc.reason))],
                                  name) from None
        if isinstance(source, str):
            document_text = source
            try:
                document = json.loads(document_text)
            except json.JSONDecodeError as exc:
                problem = Problem("InvalidJSON", _invalid_json(describe(source, exc)), "", exc.lineno, exc.colno)
                raise PolicyError([problem], name) from None
            except RecursionError:
                deep = _invalid_json(text("parse.json-nested-too-deeply"))
                raise PolicyError([Problem("InvalidJSON", deep)], name) from None
            except ValueError as exc:  # e.g. an integer over Python's digit limit
                reason = str(exc).split(";")[0]
                raise PolicyError([Problem("InvalidJSON", _invalid_json(reason))], name) from None
            try:
                positions = locate(document_text)
            except RecursionError:
                positions = None
            counted = len(document_text)
        elif isinstance(source, Mapping):
            try:
                document_text = json.dumps(source, indent=2, ensure_ascii=False)
                counted = len(json.dumps(source, separators=(",", ":"), ensure_ascii=False))
                # What RAM would receive: the JSON text, with every key a string.
                document = json.loads(document_text)
            except (TypeError, ValueError, RecursionError) as exc:
                raise PolicyError([Problem("WrongType", text("parse.not-writable-as-json", error=exc))],
                                  name) from None
        else:
            raise PolicyError([Problem("WrongType", text("parse.wrong-source-type", type=type(source).__name__))],
                              name)

        statements, problems = validate(document, kind)
        limit = MAX_LENGTH.get(kind)
        if limit is not None and counted > limit:
            too_long = {"identity": "parse.too-long-identity", "session": "parse.too-long-session"}[kind]
            problems.append(Problem("PolicyTooLong", text(too_long, count=counted, limit=limit)))
        if positions is not None:
            for duplicate in positions.duplicate_keys:
                problems.append(Problem("DuplicateKey", text("parse.duplicate-key", key=duplicate.rsplit("/", 1)[1]),
                                        duplicate))
        if problems:
            if positions is not None:
                problems = [_located(p, positions) for p in problems]
            raise PolicyError(problems, name)
        if positions is not None:
            places = [positions.of_value(statement.pointer) for statement in statements]
            opening = Counter(line for line, _ in places)
            for statement, (line, column) in zip(statements, places, strict=True):
                statement.line = line
                if opening[line] > 1:  # another statement opens on this line: its position tells them apart
                    statement.position = column
        return cls(name, kind, document_text, document, tuple(statements), positions)


def _invalid_json(description: str) -> str:
    return text("parse.invalid-json", description=description)


def _located(problem: Problem, positions: TextPositions) -> Problem:
    if problem.line is not None:
        return problem
    if problem.code in ("UnknownElement", "UnsupportedElement", "DuplicateKey", "UnsupportedConditionOperator",
                        "UnknownConditionOperator"):
        line, column = positions.of_key(problem.path)
    else:
        line, column = positions.of_value(problem.path)
    return Problem(problem.code, problem.message, problem.path, line, column)
