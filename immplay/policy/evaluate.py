"""Deciding: explicit Deny wins, else any Allow, else implicit deny — fast, explained on demand.

A ``PolicySet`` compiles its policies once: statements are grouped per action (cached), and the
Resource patterns of condition-free statements are merged into one regular expression per effect.
Deciding builds no explanation; ``Decision.explain()``, ``deciding`` and ``missing_context`` are
computed from a trace when first asked, using the same statement matchers.

Stages (Alibaba Cloud "Policy evaluation process"): a session policy, when present, must allow too
(the result is the intersection); an explicit Deny in any stage wins. For AssumeRole the caller's
identity policies AND the role's trust policy must both allow.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from .arn import resource_chain
from .policy import Policy
from .principal import Principal
from .request import Request
from .statement import Statement
from .trace import (
    ALLOW,
    EXPLICIT_DENY,
    IMPLICIT_DENY,
    StageTrace,
    StatementRef,
    missing_keys,
    trace_statement,
)
from .wildcard import compile_globs

SESSION_POLICY, IDENTITY_POLICY, RESOURCE_POLICY = "SessionPolicy", "IdentityBasedPolicy", "ResourceBasedPolicy"
ASSUME_ROLE = "sts:AssumeRole"


def _all_hold(conditions: tuple) -> Any:
    def test(context: dict[str, Any]) -> bool:
        for condition in conditions:
            if not condition.holds(context):
                return False
        return True
    return test


class _Bucket:
    """The statements of a policy set whose Action covers one action name, merged for speed.

    Statements with the same effect and the same conditions are merged into one group whose
    Resource patterns form one regular expression (condition-free statements are the group with no
    conditions). NotResource statements stay on their own.
    """

    __slots__ = ("deny_plain", "deny_groups", "allow_plain", "allow_groups", "deny_other", "allow_other",
                 "plain")

    def __init__(self, statements: Iterable[Statement]):
        groups: dict[tuple[str, tuple], tuple[tuple, list[str]]] = {}
        self.deny_other: list[Statement] = []
        self.allow_other: list[Statement] = []
        for st in statements:
            if st.not_resource or st.resources is None:
                (self.deny_other if st.effect == "Deny" else self.allow_other).append(st)
                continue
            signature = tuple((c.operator, c.key, c.raw_values) for c in st.conditions)
            entry = groups.setdefault((st.effect, signature), (st.conditions, []))
            entry[1].extend(st.resources)

        def merged(effect: str) -> tuple[Any, list[tuple[tuple, Any]]]:
            plain = None
            conditional = []
            for (eff, signature), (conditions, patterns) in groups.items():
                if eff != effect:
                    continue
                match = compile_globs(tuple(dict.fromkeys(patterns))).match
                if signature:
                    # One condition (the usual case) is tested by a single bound-method call.
                    test = conditions[0].holds if len(conditions) == 1 else _all_hold(conditions)
                    conditional.append((test, match))
                else:
                    plain = match
            return plain, conditional

        self.deny_plain, self.deny_groups = merged("Deny")
        self.allow_plain, self.allow_groups = merged("Allow")
        # Both condition-free sets in one regex, Deny first: one match per ARN answers "denied,
        # allowed or neither" (``lastgroup`` names the side). Only when both are plain regexes.
        self.plain = None
        deny_re = getattr(self.deny_plain, "__self__", None)
        allow_re = getattr(self.allow_plain, "__self__", None)
        if isinstance(deny_re, re.Pattern) and isinstance(allow_re, re.Pattern) and deny_re.flags == allow_re.flags:
            self.plain = re.compile(f"(?P<deny>{deny_re.pattern})|(?P<allow>{allow_re.pattern})",
                                    deny_re.flags).match


class PolicySet:
    """Identity (or session) policies compiled for repeated evaluation.

    >>> ps = PolicySet([Policy.parse({"Version": "1", "Statement": [
    ...     {"Effect": "Allow", "Action": "imm:Get*", "Resource": "*"}]})])
    >>> ps.evaluate(Request("imm:GetProject", "acs:imm:cn-shanghai:1:project/p")).effect
    'Allow'
    """

    __slots__ = ("policies", "_statements", "_buckets")

    _MAX_BUCKETS = 4096

    def __init__(self, policies: Iterable[Policy]):
        self.policies: tuple[Policy, ...] = tuple(policies)
        for p in self.policies:
            if not isinstance(p, Policy):
                raise TypeError(f"PolicySet takes Policy objects (use Policy.parse), not {type(p).__name__}")
        self._statements = [st for p in self.policies for st in p.statements]
        self._buckets: dict[str, _Bucket] = {}

    def _bucket(self, action: str) -> _Bucket:
        # Indexed by the exact spelling (the common lookup) and lower-cased (shared by spellings).
        key = action.lower()
        bucket = self._buckets.get(key)
        if bucket is None:
            bucket = _Bucket(st for st in self._statements if st.action_applies(action))
            if len(self._buckets) >= self._MAX_BUCKETS:
                self._buckets.clear()
            self._buckets[key] = bucket
        self._buckets[action] = bucket
        return bucket

    def effect(self, action: str, chain: tuple[str, ...], context: dict[str, Any]) -> str:
        """The stage verdict without explanation: ExplicitDeny, Allow or ImplicitDeny.

        The same matchers as ``Statement.action_applies`` / ``resource_applies`` /
        ``Condition.holds``, grouped; conditions are tested before resources because their
        verdicts are memoized.
        """
        b = self._buckets.get(action) or self._bucket(action)
        allowed = False
        if b.plain is not None:
            for arn in chain:
                found = b.plain(arn)
                if found is not None:
                    if found.lastgroup == "deny":
                        return EXPLICIT_DENY
                    allowed = True
        elif b.deny_plain is not None:
            for arn in chain:
                if b.deny_plain(arn) is not None:
                    return EXPLICIT_DENY
        for holds, match in b.deny_groups:
            if holds(context):
                for arn in chain:
                    if match(arn) is not None:
                        return EXPLICIT_DENY
        for st in b.deny_other:
            if st.conditions_hold(context) and st.resource_applies(chain) is not None:
                return EXPLICIT_DENY
        if allowed:
            return ALLOW
        if b.plain is None and b.allow_plain is not None:
            for arn in chain:
                if b.allow_plain(arn) is not None:
                    return ALLOW
        for holds, match in b.allow_groups:
            if holds(context):
                for arn in chain:
                    if match(arn) is not None:
                        return ALLOW
        for st in b.allow_other:
            if st.conditions_hold(context) and st.resource_applies(chain) is not None:
                return ALLOW
        return IMPLICIT_DENY

    def trace(self, stage: str, action: str, chain: tuple[str, ...], context: dict[str, Any]) -> StageTrace:
        result = StageTrace(stage)
        for p in self.policies:
            result.policies.append((p.name, [trace_statement(p.name, p.kind, st, action, chain, context, None)
                                             for st in p.statements]))
        return result

    def evaluate(self, request: Request, session_policy: Policy | PolicySet | None = None) -> Decision:
        chain = resource_chain(request.resource)
        ident = self.effect(request.action, chain, request.context)
        if session_policy is None:
            return Decision(ident, None if ident == ALLOW else IDENTITY_POLICY, request, self)
        session = _as_set(session_policy)
        sess = session.effect(request.action, chain, request.context)
        effect, denied_by = _combine_session(sess, ident)
        return Decision(effect, denied_by, request, self, session)


def _combine_session(sess: str, ident: str) -> tuple[str, str | None]:
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


class Decision:
    """The answer to a request: ``effect`` is ``"Allow"``, ``"ExplicitDeny"`` or ``"ImplicitDeny"``.

    ``denied_by`` names the stage that refused (``"SessionPolicy"``, ``"IdentityBasedPolicy"`` or,
    for AssumeRole, ``"ResourceBasedPolicy"`` — the trust policy); ``None`` when allowed.
    ``deciding``, ``missing_context``, ``trace()`` and ``explain()`` are computed when first used.
    """

    __slots__ = ("effect", "denied_by", "request", "_identity", "_session", "_trust", "_principal", "_stages")

    def __init__(self, effect: str, denied_by: str | None, request: Request, identity: PolicySet | None,
                 session: PolicySet | None = None, trust: Policy | None = None, principal: Principal | None = None):
        self.effect = effect
        self.denied_by = denied_by
        self.request = request
        self._identity = identity
        self._session = session
        self._trust = trust
        self._principal = principal

    @property
    def allowed(self) -> bool:
        return self.effect == ALLOW

    def __repr__(self) -> str:
        return f"Decision(effect={self.effect!r}, denied_by={self.denied_by!r})"

    def __bool__(self) -> bool:
        return self.allowed

    def trace(self) -> list[StageTrace]:
        """Every stage, policy and statement with how it matched (see ``StageTrace``)."""
        try:
            return self._stages
        except AttributeError:
            req = self.request
            chain = resource_chain(req.resource)
            stages = []
            if self._session is not None:
                stages.append(self._session.trace("session", req.action, chain, req.context))
            if self._identity is not None:
                stages.append(self._identity.trace("identity", req.action, chain, req.context))
            if self._trust is not None and self._principal is not None:
                stage = StageTrace("trust")
                who = (self._principal.type, self._principal.id)
                stage.policies.append((self._trust.name, [
                    trace_statement(self._trust.name, "trust", st, req.action, chain, req.context, who)
                    for st in self._trust.statements]))
                stages.append(stage)
            self._stages = stages
            return stages

    @property
    def deciding(self) -> tuple[StatementRef, ...]:
        """The statements that decided: the applying Deny statements for an explicit deny, the
        applying Allow statements for an allow, none for an implicit deny."""
        if self.effect == IMPLICIT_DENY:
            return ()
        wanted = "Deny" if self.effect == EXPLICIT_DENY else "Allow"
        return tuple(s.ref for stage in self.trace() for _, sts in stage.policies for s in sts
                     if s.applies and s.ref.effect == wanted)

    @property
    def missing_context(self) -> tuple[str, ...]:
        return missing_keys(self.trace())

    @property
    def principal(self) -> Principal | None:
        """The caller of an AssumeRole decision (``None`` for other requests)."""
        return self._principal

    def explain(self) -> str:
        """A readable trace: the verdict and why first, then every statement, short when it did not match."""
        from .explanation import explanation_text

        return explanation_text(self)

    def why(self) -> str:
        """One line: what allowed the request, or what stopped it.

        Allowed: the statement that allowed it (one per stage), and "through its project's ARN" when
        a grant on the dataset's project matched. Explicit deny: the Deny statement. Implicit deny:
        how close the nearest Allow statement came (Action, then Resource, then Principal, then
        Condition), after the refusing stage when that is the session policy or the trust policy.

        >>> p = Policy.parse({"Version": "1", "Statement": [
        ...     {"Effect": "Allow", "Action": "imm:Get*", "Resource": "acs:imm:*:1:project/p"}]}, name="read-p")
        >>> evaluate(Request("imm:GetDataset", "acs:imm:cn-shanghai:1:project/p/dataset/d"), [p]).why()
        "allowed by read-p statement 0 (Allow), through its project's ARN"
        >>> evaluate(Request("imm:GetProject", "acs:imm:cn-shanghai:1:project/q"), [p]).why()
        'read-p statement 0 (Allow) matches the Action, not the Resource'
        """
        stages = self.trace()
        if self.effect == ALLOW:
            parts = []
            for stage in stages:
                first = next(s for _, sts in stage.policies for s in sts if s.applies and s.ref.effect == "Allow")
                via = ", through its project's ARN" if first.resource_arn not in (self.request.resource, None) else ""
                parts.append(f"{first.ref}{via}")
            return "allowed by " + " and ".join(parts)
        if self.effect == EXPLICIT_DENY:
            return f"denied explicitly by {self.deciding[0]}"
        refusing = {SESSION_POLICY: "the session policy does not allow it: ",
                    RESOURCE_POLICY: "the role's trust policy does not allow it: "}.get(self.denied_by or "", "")
        return refusing + self._nearest_allow(stages)

    def _nearest_allow(self, stages: list[StageTrace]) -> str:
        stage_name = {SESSION_POLICY: "session", IDENTITY_POLICY: "identity", RESOURCE_POLICY: "trust"}.get(
            self.denied_by or "", "identity")
        allows = [s for stage in stages if stage.stage == stage_name
                  for _, sts in stage.policies for s in sts if s.ref.effect == "Allow"]
        if not allows:
            return "there is no Allow statement"
        by_action = [s for s in allows if s.action_matched]
        if not by_action:
            return f"no Allow statement's Action matches {self.request.action}"
        by_resource = [s for s in by_action if s.resource_arn is not None]
        if not by_resource:
            return f"{by_action[0].ref} matches the Action, not the Resource"
        by_principal = [s for s in by_resource if s.principal_matched is not False]
        if not by_principal:
            return f"{by_resource[0].ref} does not name the caller in its Principal"
        nearest = by_principal[0]
        failed = next(c for c in nearest.conditions if not c.matched)
        return f"{nearest.ref} matches, but its Condition is false: {failed.describe()}"

    def summary(self) -> str:
        """The verdict's reason in a phrase: the deciding statements, or the stage that allowed nothing."""
        if self.effect == ALLOW:
            return "allowed by " + "; ".join(str(r) for r in self.deciding)
        if self.effect == EXPLICIT_DENY:
            return "denied explicitly by " + "; ".join(str(r) for r in self.deciding)
        stage = {SESSION_POLICY: "the session policy", IDENTITY_POLICY: "the identity policies",
                 RESOURCE_POLICY: "the role's trust policy"}.get(self.denied_by or "", "any policy")
        return f"no statement in {stage} allows it"


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
    trust = IMPLICIT_DENY
    for st in trust_policy.statements:
        if st.action_applies(ASSUME_ROLE) and st.principal_applies(*who) and st.conditions_hold(request.context):
            if st.effect == "Deny":
                trust = EXPLICIT_DENY
                break
            trust = ALLOW
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
