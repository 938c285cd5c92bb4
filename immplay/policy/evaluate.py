"""Deciding: explicit Deny wins, else any Allow, else implicit deny — fast, explained on demand.

A ``PolicySet`` compiles its policies once: the statements whose Action covers an action are grouped
for it (``matchers.ActionStatements``, cached per action), and the verdict of a stage comes from
``effect.stage_effect``. Deciding builds no explanation; a ``Decision`` (``decision.py``) computes
``explain()``, ``deciding`` and ``missing_context`` from a trace when first asked, using the same
statement matchers.

Stages (Alibaba Cloud "Policy evaluation process"): a session policy, when present, must allow too
(the result is the intersection); an explicit Deny in any stage wins. For AssumeRole the caller's
identity policies AND the role's trust policy must both allow.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from .arn import resource_chain
from .decision import IDENTITY_POLICY, RESOURCE_POLICY, SESSION_POLICY, Decision
from .effect import ALLOW, EXPLICIT_DENY, IMPLICIT_DENY, STATEMENT_ALLOW, STATEMENT_DENY, Effect, stage_effect
from .matchers import ActionStatements
from .policy import Policy
from .principal import Principal
from .request import Request
from .statement import Statement
from .trace import StageTrace, trace_statement

ASSUME_ROLE = "sts:AssumeRole"


def _first_trusting(trust_policy: Policy, effect: str, principal: tuple[str, str],
                    context: dict[str, Any]) -> Statement | None:
    """The first statement of ``effect`` in a trust policy that lets ``principal`` assume the role."""
    for st in trust_policy.statements:
        if (st.effect == effect and st.action_applies(ASSUME_ROLE) and st.principal_applies(*principal)
                and st.conditions_hold(context)):
            return st
    return None


class PolicySet:
    """Identity (or session) policies compiled for repeated evaluation.

    >>> ps = PolicySet([Policy.parse({"Version": "1", "Statement": [
    ...     {"Effect": "Allow", "Action": "imm:Get*", "Resource": "*"}]})])
    >>> ps.evaluate(Request("imm:GetProject", "acs:imm:cn-shanghai:1:project/p")).effect
    'Allow'
    """

    __slots__ = ("policies", "_statements", "_by_action")

    _MAX_ACTIONS = 4096

    def __init__(self, policies: Iterable[Policy]):
        self.policies: tuple[Policy, ...] = tuple(policies)
        for p in self.policies:
            if not isinstance(p, Policy):
                raise TypeError(f"PolicySet takes Policy objects (use Policy.parse), not {type(p).__name__}")
        self._statements = [st for p in self.policies for st in p.statements]
        self._by_action: dict[str, ActionStatements] = {}

    def statements_for(self, action: str) -> ActionStatements:
        """The statements whose Action covers ``action``, grouped for deciding (cached per action)."""
        # Indexed by the exact spelling (the common lookup) and lower-cased (shared by spellings).
        key = action.lower()
        found = self._by_action.get(key)
        if found is None:
            found = ActionStatements(st for st in self._statements if st.action_applies(action))
            if len(self._by_action) >= self._MAX_ACTIONS:
                self._by_action.clear()
            self._by_action[key] = found
        self._by_action[action] = found
        return found

    def effect(self, action: str, chain: tuple[str, ...], context: dict[str, Any]) -> Effect:
        """The stage verdict without explanation: ExplicitDeny, Allow or ImplicitDeny."""
        found = self._by_action.get(action) or self.statements_for(action)
        return found.effect(chain, context)

    def trace(self, stage: str, action: str, chain: tuple[str, ...], context: dict[str, Any]) -> StageTrace:
        result = StageTrace(stage)
        for p in self.policies:
            result.policies.append((p.name, [trace_statement(p.name, p.kind, st, action, chain, context, None)
                                             for st in p.statements]))
        return result

    def evaluate(self, request: Request, session_policy: Policy | PolicySet | None = None) -> Decision:
        chain = resource_chain(request.resource)
        found = self._by_action.get(request.action) or self.statements_for(request.action)
        ident = found.effect(chain, request.context)
        if session_policy is None:
            return Decision(ident, None if ident is ALLOW else IDENTITY_POLICY, request, self)
        session = _as_set(session_policy)
        sess = session.effect(request.action, chain, request.context)
        effect, denied_by = _combine_session(sess, ident)
        return Decision(effect, denied_by, request, self, session)


def _combine_session(sess: Effect, ident: Effect) -> tuple[Effect, str | None]:
    """The verdict of a session stage and an identity stage together: each must allow, a Deny wins."""
    if sess == EXPLICIT_DENY:
        return EXPLICIT_DENY, SESSION_POLICY
    if ident == EXPLICIT_DENY:
        return EXPLICIT_DENY, IDENTITY_POLICY
    if sess != ALLOW:
        return IMPLICIT_DENY, SESSION_POLICY
    if ident != ALLOW:
        return IMPLICIT_DENY, IDENTITY_POLICY
    return ALLOW, None


_SET_CACHE: dict[tuple[Policy, ...], PolicySet] = {}


def _as_set(policies: Policy | PolicySet | Iterable[Policy]) -> PolicySet:
    if isinstance(policies, PolicySet):
        return policies
    if isinstance(policies, Policy):
        policies = (policies,)
    key = tuple(policies)
    found = _SET_CACHE.get(key)
    if found is None:
        if len(_SET_CACHE) >= 256:
            _SET_CACHE.clear()
        found = _SET_CACHE[key] = PolicySet(key)
    return found


def evaluate(request: Request, policies: Policy | PolicySet | Sequence[Policy],
             session_policy: Policy | PolicySet | None = None) -> Decision:
    """Decide ``request`` against identity ``policies`` (and a session policy, which only narrows).

    >>> p = Policy.parse({"Version": "1", "Statement": [
    ...     {"Effect": "Allow", "Action": "imm:*", "Resource": "acs:imm:*:*:project/p"}]})
    >>> evaluate(Request("imm:GetDataset", "acs:imm:cn-shanghai:1:project/p/dataset/d"), [p]).effect
    'Allow'
    """
    if not isinstance(request, Request):
        raise TypeError(f"evaluate takes a Request, not {type(request).__name__}")
    return _as_set(policies).evaluate(request, session_policy)


def evaluate_assume_role(role_arn: str, trust_policy: Policy, principal: Principal,
                         identity_policies: Policy | PolicySet | Sequence[Policy] = (),
                         session_policy: Policy | PolicySet | None = None,
                         context: dict[str, Any] | None = None) -> Decision:
    """Decide an AssumeRole: identity Allow on ``role_arn`` AND trust-policy Allow for ``principal``.

    RAM callers (users, role sessions) need both; for Service and Federated principals only the
    trust policy is evaluated. An explicit Deny on either side wins.
    """
    if not isinstance(trust_policy, Policy) or trust_policy.kind != "trust":
        raise TypeError("trust_policy must be a Policy parsed with kind='trust'")
    request = Request(ASSUME_ROLE, role_arn, context)
    chain = (role_arn,)
    who = (principal.type, principal.id)
    trust = stage_effect(_first_trusting(trust_policy, STATEMENT_DENY, who, request.context),
                         _first_trusting(trust_policy, STATEMENT_ALLOW, who, request.context))
    identity_set: PolicySet | None = None
    session_set: PolicySet | None = None
    if principal.type == "RAM":
        identity_set = _as_set(identity_policies)
        session_set = _as_set(session_policy) if session_policy is not None else None
        ident = identity_set.effect(ASSUME_ROLE, chain, request.context)
        if session_set is not None:
            ident, ident_stage = _combine_session(session_set.effect(ASSUME_ROLE, chain, request.context), ident)
        else:
            ident_stage = None if ident == ALLOW else IDENTITY_POLICY
    else:
        ident, ident_stage = ALLOW, None
    if ident == EXPLICIT_DENY:
        effect, denied_by = EXPLICIT_DENY, ident_stage
    elif trust == EXPLICIT_DENY:
        effect, denied_by = EXPLICIT_DENY, RESOURCE_POLICY
    elif ident != ALLOW:
        effect, denied_by = IMPLICIT_DENY, ident_stage
    elif trust != ALLOW:
        effect, denied_by = IMPLICIT_DENY, RESOURCE_POLICY
    else:
        effect, denied_by = ALLOW, None
    return Decision(effect, denied_by, request, identity_set, session_set, trust_policy, principal)
