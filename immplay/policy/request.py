"""``Request``: what is being asked — an action on a resource, with the request's context."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class Request:
    """An authorization question.

    ``resource`` is the most specific ARN the operation is authorized on (``"*"`` for operations
    such as ``imm:ListProjects``). ``context`` holds condition keys such as ``acs:SourceIp``.

    >>> Request("imm:ListProjects", "*", {"acs:SourceIp": "10.0.0.1"})
    Request(action='imm:ListProjects', resource='*', context={'acs:SourceIp': '10.0.0.1'})
    """

    __slots__ = ("action", "resource", "context")

    def __init__(self, action: str, resource: str = "*", context: Mapping[str, Any] | None = None):
        if not isinstance(action, str) or not action:
            raise ValueError("Request action must be a non-empty string such as 'imm:ListProjects'")
        if not isinstance(resource, str) or not resource:
            raise ValueError("Request resource must be a non-empty ARN string or '*'")
        self.action = action
        self.resource = resource
        self.context = dict(context) if context else {}

    def __repr__(self) -> str:
        return f"Request(action={self.action!r}, resource={self.resource!r}, context={self.context!r})"

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, Request) and self.action == other.action
                and self.resource == other.resource and self.context == other.context)

    __hash__ = None  # type: ignore[assignment]  # context is a mutable dict
