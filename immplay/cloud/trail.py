"""The access trail: one event per API call the emulated cloud answered or the wire refused.

Bounded: the trail keeps the most recent ``TRAIL_LIMIT`` (10,000) events and drops the oldest, so a
long-running server or a 10,000-call benchmark keeps flat memory.

Example::

    cloud.trail[-1]
    # TrailEvent(time=..., principal_arn='acs:ram::1509100000000000:user/alice',
    #            action='imm:ListProjects', resource='*', decision='Allow', error_code=None, ...)
"""

from __future__ import annotations

import json
import os
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from immplay.messages import text
from immplay.policy import Effect

if TYPE_CHECKING:
    from immplay.cloud.api_call import ApiCall
    from immplay.policy import Decision

TRAIL_LIMIT = 10_000


@dataclass(frozen=True)
class TrailEvent:
    """One call. ``decision`` is the authorization result (an ``Effect``: Allow, ExplicitDeny or
    ImplicitDeny, equal to those words), or None when the call was refused before authorization (bad key, bad
    signature, missing parameter...). ``principal_arn`` is None when the key is unknown."""

    time: datetime
    principal_arn: str | None
    action: str
    resource: str | None
    decision: Effect | None
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
        if self.decision is Effect.ALLOW:
            return text("explain.root-allowed")
        return text("explain.refused-before-authorization", code=self.error_code)

    def to_json(self) -> dict:
        """The event as one JSON object (``time`` in ISO 8601; the engine's Decision is left out)."""
        return {"time": self.time.isoformat(), "principal_arn": self.principal_arn, "action": self.action,
                "resource": self.resource, "decision": self.decision, "error_code": self.error_code,
                "request_id": self.request_id, "access_key_id": self.access_key_id, "service": self.service}

    @classmethod
    def from_json(cls, data: dict) -> TrailEvent:
        """The event ``to_json`` wrote (without its Decision). Raises ``ValueError`` on a bad object."""
        if not isinstance(data, dict) or not isinstance(data.get("action"), str) or "time" not in data:
            raise ValueError(text("suggest.event-not-an-object"))
        try:
            time = datetime.fromisoformat(data["time"])
        except (TypeError, ValueError):
            raise ValueError(text("suggest.event-bad-time", value=data["time"])) from None
        decision = data.get("decision")
        if decision is not None:
            try:
                decision = Effect(decision)
            except ValueError:
                raise ValueError(text("suggest.event-bad-decision", value=decision,
                                      effects=", ".join(e.value for e in Effect))) from None
        return cls(time, data.get("principal_arn"), data["action"], data.get("resource"), decision,
                   data.get("error_code"), data.get("request_id"), data.get("access_key_id"),
                   data.get("service") or "")

    def __str__(self) -> str:
        outcome = self.error_code or "OK"
        return (f"{self.time:%Y-%m-%dT%H:%M:%SZ} {self.principal_arn or '(unknown key)'} "
                f"{self.action} on {self.resource or '-'}: {self.decision or '-'} -> {outcome}")


@dataclass
class CallRecord:
    """What the trail learns about one call as the cloud handles it: a ``TrailEvent`` without its time.

    ``Cloud.dispatch`` starts one per call and fills it in as the call proceeds (the caller once
    authenticated, the resource and decision once authorized, the error code when it fails);
    ``event(time)`` is the frozen ``TrailEvent`` the trail keeps.
    """

    action: str
    service: str = ""
    access_key_id: str | None = None
    request_id: str | None = None
    principal_arn: str | None = None
    resource: str | None = None
    decision: Effect | None = None
    error_code: str | None = None
    evaluation: Decision | None = None

    @classmethod
    def of_call(cls, call: ApiCall, action: str) -> CallRecord:
        """A record of ``call`` authorized (or not) as ``action`` (``"<service>:"`` is added when absent)."""
        return cls(action if ":" in action else f"{call.service}:{action}", call.service, call.access_key_id,
                   call.request_id or None)

    def event(self, time: datetime) -> TrailEvent:
        """The trail's event for this call at ``time``."""
        return TrailEvent(time, self.principal_arn, self.action, self.resource, self.decision, self.error_code,
                          self.request_id, self.access_key_id, self.service, self.evaluation)


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

    def save(self, path: str | os.PathLike) -> Path:
        """Write the events as JSON lines (one ``TrailEvent.to_json`` object a line); return the path.

        ``read_trail(path)`` reads it back; ``immplay suggest TRAIL --user NAME`` reads such a file.
        """
        target = Path(path)
        with target.open("w", encoding="utf-8") as out:
            for event in self._events:
                out.write(json.dumps(event.to_json(), sort_keys=True) + "\n")
        return target

    def __repr__(self) -> str:
        return f"<Trail: {len(self)} events (keeps the last {self._events.maxlen})>"


def read_trail(path: str | os.PathLike) -> list[TrailEvent]:
    """The events of a file written by ``Trail.save``, oldest first. Raises ``ValueError`` naming the
    bad line (``trail.jsonl:3:1: not JSON: ...``) and ``OSError`` when the file cannot be read."""
    events = []
    with Path(path).open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                events.append(TrailEvent.from_json(json.loads(line)))
            except json.JSONDecodeError as exc:
                raise ValueError(text("suggest.line-not-json", path=path, line=number, column=exc.colno,
                                      reason=exc.msg)) from None
            except ValueError as exc:
                raise ValueError(f"{path}:{number}: {exc}") from None
    return events
