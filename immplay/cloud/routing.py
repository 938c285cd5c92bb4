"""Routing is data: each API action maps to a ``Route`` (handler, RAM action, resource builder).

``Cloud.dispatch`` looks the action up in the service's table, checks the route's required
parameters, builds the resource ARN, authorizes ``route.action`` on it, then calls the handler.

Example::

    ROUTES = {"GetUser": Route(get_user, "ram:GetUser", user_arn, required=("UserName",))}
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from immplay.cloud.account import Cloud
    from immplay.cloud.api_call import ApiCall
    from immplay.cloud.caller import Caller


@dataclass
class Invocation:
    """What a handler sees: the cloud, the authenticated caller and the call."""

    cloud: Cloud
    caller: Caller
    call: ApiCall
    region: str
    # Filled in as the call proceeds; the trail reads them.
    action: str | None = None
    resource: str | None = None
    decision: str | None = None
    evaluation: object = None  # the engine's Decision, kept for TrailEvent.explain()

    @property
    def params(self) -> dict[str, str]:
        return self.call.params

    @property
    def state(self):
        return self.cloud.state

    @property
    def now(self):
        return self.cloud.clock.now()


Handler = Callable[[Invocation], dict]
ResourceBuilder = Callable[[Invocation], str]


@dataclass(frozen=True)
class Route:
    """One action. ``action`` None means "no authorization" (GetCallerIdentity); a route with
    ``authorizes_itself`` does its own (AssumeRole needs identity AND trust). ``mutates`` tells the
    cloud that cached policy sets may be stale afterwards."""

    handler: Handler
    action: str | None
    resource: ResourceBuilder | None = None
    required: tuple[str, ...] = ()
    mutates: bool = False
    authorizes_itself: bool = False
