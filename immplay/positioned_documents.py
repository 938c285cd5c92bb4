"""YAML or JSON text read into plain values, remembering the line and column of every value and key.

JSON (``.json`` files, or text starting with ``{`` or ``[``) is read by the standard library, with
``policy.json_positions`` for positions; anything else by PyYAML (its C parser when available), whose
node marks give the positions. PyYAML is imported only here, when a YAML file is read, so
``import immplay`` stays light. A key written twice in one mapping is an error in both languages
(either parser would silently keep the last one). YAML timestamps stay text, as written.
"""

from __future__ import annotations

import json
from typing import Any

from .messages import text
from .policy.json_positions import escape_pointer_token, locate


class DocumentError(ValueError):
    """Text that is not valid YAML/JSON; ``line`` and ``column`` are 1-based (None when unknown)."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None):
        self.message, self.line, self.column = message, line, column
        super().__init__(message)


class Positions:
    """1-based (line, column) of values and keys by JSON pointer (``/cases/0/expect``)."""

    def __init__(self, values: dict[str, tuple[int, int]], keys: dict[str, tuple[int, int]]):
        self._values, self._keys = values, keys

    def of_value(self, pointer: str) -> tuple[int | None, int | None]:
        return self._values.get(pointer, (None, None))

    def of_key(self, pointer: str) -> tuple[int | None, int | None]:
        return self._keys.get(pointer) or self.of_value(pointer)


def load_positioned(text: str, json_syntax: bool | None = None) -> tuple[Any, Positions]:
    """The value of ``text`` and where each part of it is; raises ``DocumentError``.

    ``json_syntax`` None: JSON when the text starts with ``{`` or ``[``, else YAML.

    >>> data, where = load_positioned("cases:\\n  - action: GetProject\\n")
    >>> data, where.of_value("/cases/0/action")
    ({'cases': [{'action': 'GetProject'}]}, (2, 13))
    """
    if json_syntax is None:
        json_syntax = text.lstrip().startswith(("{", "["))
    return _load_json(text) if json_syntax else _load_yaml(text)


def _load_json(source: str) -> tuple[Any, Positions]:
    try:
        data = json.loads(source)
    except json.JSONDecodeError as exc:
        raise DocumentError(text("parse.invalid-json", description=exc.msg), exc.lineno, exc.colno) from None
    except (RecursionError, ValueError) as exc:
        raise DocumentError(text("parse.invalid-json", description=str(exc).split(";")[0])) from None
    found = locate(source)
    if found.duplicate_keys:
        pointer = found.duplicate_keys[0]
        line, column = found.of_key(pointer)
        raise DocumentError(text("policy-tests.duplicate-json-key", key=pointer.rsplit("/", 1)[1]), line, column)
    return data, _JsonPositions(found)


class _JsonPositions(Positions):
    def __init__(self, found: Any):
        self._found = found

    def of_value(self, pointer: str) -> tuple[int | None, int | None]:
        return self._found.of_value(pointer)

    def of_key(self, pointer: str) -> tuple[int | None, int | None]:
        line, column = self._found.of_key(pointer)
        return (line, column) if line is not None else self._found.of_value(pointer)


def _load_yaml(source: str) -> tuple[Any, Positions]:
    import yaml

    loader_class = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    loader = loader_class(source)
    try:
        node = loader.get_single_node()
        values: dict[str, tuple[int, int]] = {}
        keys: dict[str, tuple[int, int]] = {}
        data = _build(loader, node, "", values, keys) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = " ".join(part for part in (exc.context, exc.problem) if part) or "invalid YAML"
        raise DocumentError(text("policy-tests.invalid-yaml", reason=message), mark.line + 1 if mark else None,
                            mark.column + 1 if mark else None) from None
    except yaml.YAMLError as exc:
        raise DocumentError(text("policy-tests.invalid-yaml", reason=exc)) from None
    finally:
        loader.dispose()
    return data, Positions(values, keys)


def _build(loader: Any, node: Any, pointer: str, values: dict, keys: dict) -> Any:
    import yaml

    values[pointer] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if isinstance(key, (list, dict)):
                raise DocumentError(text("policy-tests.key-not-plain"), key_node.start_mark.line + 1,
                                    key_node.start_mark.column + 1)
            child = f"{pointer}/{escape_pointer_token(str(key))}"
            if key in result:
                raise DocumentError(text("policy-tests.duplicate-yaml-key", key=key), key_node.start_mark.line + 1,
                                    key_node.start_mark.column + 1)
            keys[child] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            result[key] = _build(loader, value_node, child, values, keys)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_build(loader, item, f"{pointer}/{i}", values, keys) for i, item in enumerate(node.value)]
    if node.tag == "tag:yaml.org,2002:timestamp":
        return node.value  # as written: condition values such as acs:CurrentTime are ISO 8601 text
    return loader.construct_object(node, deep=True)
