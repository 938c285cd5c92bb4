"""Export the account state to JSON and read it back, field by field from the dataclass types.

The file holds the ``AccountState`` plus the clock and the id generators, so an imported cloud
continues exactly where the exported one stopped (same next key, same next RequestId). The trail is
not exported: it is a log, not state.

Example::

    data = state_to_json(state)            # plain dict, json.dumps-able
    assert state_from_json(data) == state
"""

from __future__ import annotations

import dataclasses
import types
import typing
from datetime import datetime

from immplay.cloud import state as state_module
from immplay.cloud.state import AccountState

FORMAT = "immplay-cloud-state/1"


def state_to_json(state: AccountState) -> dict:
    """The state as a JSON-able dict (datetimes as ISO 8601 strings)."""
    return _encode(state)


def state_from_json(data: dict) -> AccountState:
    """Rebuild an ``AccountState`` from ``state_to_json`` output; unknown fields are an error."""
    return _decode(AccountState, data)


def _encode(value: typing.Any) -> typing.Any:
    if dataclasses.is_dataclass(value):
        return {f.name: _encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _encode(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_encode(v) for v in value]
    return value


def _decode(kind: typing.Any, value: typing.Any) -> typing.Any:
    if value is None:
        return None
    origin = typing.get_origin(kind)
    if origin in (typing.Union, types.UnionType):
        real = [a for a in typing.get_args(kind) if a is not type(None)]
        return _decode(real[0], value)
    if origin is dict:
        _, item = typing.get_args(kind)
        return {k: _decode(item, v) for k, v in value.items()}
    if origin is list:
        (item,) = typing.get_args(kind)
        return [_decode(item, v) for v in value]
    if kind is datetime:
        return datetime.fromisoformat(value)
    if dataclasses.is_dataclass(kind):
        hints = typing.get_type_hints(kind, vars(state_module))
        unknown = set(value) - set(hints)
        if unknown:
            raise ValueError(f"{kind.__name__}: unknown fields in state file: {sorted(unknown)}")
        return kind(**{name: _decode(hints[name], v) for name, v in value.items()})
    return value
