"""The access trail: one event per API call the emulated cloud answered or the wire refused.

Bounded: the trail keeps the most recent ``TRAIL_LIMIT`` (10,000) events and drops the oldest, so a
long-running server or a 10,000-call benchmark keeps flat memory.

Example::

    cloud.trail[-1]
    # TrailEvent(time=..., principal_arn='acs:ram::1509100000000000:user/alice',
    #            action='imm:ListProjects', resource='*', decision='Allow', error_code=None, ...)
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime

TRAIL_LIMIT = 10_000


@dataclass(frozen=True)
class TrailEvent:
    """One call. ``decision`` is the authorization result ("Allow" | "ExplicitDeny" |
    "ImplicitDeny"), or None when the call was refused before authorization (bad key, bad
    signature, missing parameter...). ``principal_arn`` is None when the key is unknown."""

    time: datetime
    principal_arn: str | None
    action: str
    resource: str | None
    decision: str | None
    error_code: str | None
    request_id: str | None = None
    access_key_id: str | None = None
    service: str = ""
    # The engine's Decision (None for the root and for calls refused before authorization).
    evaluation: object = field(default=None, compare=False, repr=False)

    def explain(self) -> str:
        """Why the call was allowed or denied: the engine's readable trace."""
        if self.evaluation is not None:
            return self.evaluation.explain()
        if self.decision == "Allow":
            return "Allowed: the account root may do everything (no policy is evaluated)."
        return f"Not authorized at all: refused before authorization with {self.error_code}."

    def __str__(self) -> str:
        outcome = self.error_code or "OK"
        return (f"{self.time:%Y-%m-%dT%H:%M:%SZ} {self.principal_arn or '(unknown key)'} "
                f"{self.action} on {self.resource or '-'}: {self.decision or '-'} -> {outcome}")


class Trail(Sequence):
    """A read-only, bounded sequence of ``TrailEvent`` (oldest first)."""

    def __init__(self, limit: int = TRAIL_LIMIT) -> None:
        self._events: deque[TrailEvent] = deque(maxlen=limit)

    def append(self, event: TrailEvent) -> None:
        self._events.append(event)

    def clear(self) -> None:
        self._events.clear()

    def __getitem__(self, index):  # type: ignore[override]
        if isinstance(index, slice):
            return list(self._events)[index]
        return self._events[index]

    def __len__(self) -> int:
        return len(self._events)

    def __iter__(self) -> Iterator[TrailEvent]:
        return iter(self._events)

    def __repr__(self) -> str:
        return f"<Trail: {len(self)} events (keeps the last {self._events.maxlen})>"
