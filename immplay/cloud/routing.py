"""Routing is data: each API action maps to an ``ApiRoute`` (handler, how it is authorized, required
parameters), and each service module exports its table as ``ROUTES: dict[str, ApiRoute]``
(``cloud.ram.ROUTES``, ``cloud.sts.ROUTES``, ``cloud.imm.ROUTES``).

``Cloud.dispatch`` looks the action up in the service's table, authenticates the caller, checks the
route's required parameters, asks the route's ``authorization`` for a verdict, runs the handler and
records the trail: the same steps, in one place, for every route. A route declares how it is
authorized with one of three kinds:

- ``IdentityPolicies(action, resource, denial)``: the caller's identity policies (and session
  policy) must allow ``action`` on the ARN ``resource`` builds; a denial answers 403 with
  ``denial``'s code and message. Every RAM and IMM action.
- ``NoPolicy(action)``: any authenticated caller may call it (GetCallerIdentity).
- ``CustomCheck(action, check)``: the route's own check, for STS AssumeRole (identity AND trust,
  after its parameters are validated).

Example::

    ROUTES = {"GetUser": ApiRoute(get_user, IdentityPolicies("ram:GetUser", user_arn, RAM_DENIED),
                                  required=("UserName",))}
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from immplay.policy import Request

if TYPE_CHECKING:
    from immplay.cloud.account import Cloud
    from immplay.cloud.api_call import ApiCall
    from immplay.cloud.caller import Caller
    from immplay.cloud.state import AccountState
    from immplay.cloud.trail import CallRecord
    from immplay.policy import Decision


@dataclass
class Invocation:
    """What a handler sees: the cloud, the authenticated caller, the call and its region."""

    cloud: Cloud
    caller: Caller
    call: ApiCall
    region: str

    @property
    def params(self) -> dict[str, str]:
        """The call's parameters (flat strings, as on the wire)."""
        return self.call.params

    @property
    def state(self) -> AccountState:
        """The account's state."""
        return self.cloud.state

    @property
    def now(self) -> datetime:
        """The emulated clock's time."""
        return self.cloud.clock.now()


Handler = Callable[[Invocation], dict]
ResourceBuilder = Callable[[Invocation], str]


class Authorization(Protocol):
    """How a route is authorized. ``action`` is the RAM action the trail names (None: the call's own
    ``<service>:<Action>``). ``authorize`` records the resource on ``record`` before it decides, and
    returns the engine's ``Decision`` (None when no policy was evaluated: the root, or ``NoPolicy``) or
    raises ``CloudError`` (a denial carries its ``decision``)."""

    action: str | None

    def authorize(self, inv: Invocation, record: CallRecord) -> Decision | None: ...


@dataclass(frozen=True)
class IdentityPolicies:
    """Allowed when the caller's identity policies allow ``action`` on the ARN ``resource`` builds;
    denied with ``denial`` = (code, message) and HTTP 403."""

    action: str
    resource: ResourceBuilder
    denial: tuple[str, str]

    def authorize(self, inv: Invocation, record: CallRecord) -> Decision | None:
        record.resource = self.resource(inv)
        cloud = inv.cloud
        request = Request(self.action, record.resource, cloud.request_context(inv.call, inv.caller))
        return cloud.authorizer.authorize(inv.caller, request, *self.denial)


@dataclass(frozen=True)
class NoPolicy:
    """Any authenticated caller may call it; no policy is evaluated (GetCallerIdentity)."""

    action: str | None = None

    def authorize(self, inv: Invocation, record: CallRecord) -> Decision | None:
        return None


@dataclass(frozen=True)
class CustomCheck:
    """The route's own check (AssumeRole: its parameters, then identity AND trust): ``check`` records
    the resource, returns the ``Decision`` or raises ``CloudError``."""

    action: str
    check: Callable[[Invocation, CallRecord], Decision | None]

    def authorize(self, inv: Invocation, record: CallRecord) -> Decision | None:
        return self.check(inv, record)


@dataclass(frozen=True)
class ApiRoute:
    """One action of the emulated cloud: its handler, how it is authorized and its required
    parameters (``Missing<Param>`` when absent). ``mutates`` tells the cloud that cached policy sets
    may be stale afterwards."""

    handler: Handler
    authorization: Authorization
    required: tuple[str, ...] = ()
    mutates: bool = False

    @property
    def action(self) -> str | None:
        """The RAM action it is authorized as (None: not authorized by policy)."""
        return self.authorization.action
