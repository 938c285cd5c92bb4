"""``Decision``: the answer to one request, and everything it can say about why.

Deciding builds no explanation: a ``Decision`` keeps the compiled policy sets it was decided with,
and ``trace()``, ``deciding``, ``missing_context``, ``why()`` and ``explain()`` are computed when first
asked, from the same ``Statement`` matchers that decided (the text of ``explain()`` is written by
``explanation.py``).

``denied_by`` names the stage that refused with the words of Alibaba Cloud's evaluation process:
``SESSION_POLICY``, ``IDENTITY_POLICY``, or ``RESOURCE_POLICY`` (a role's trust policy).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..messages import text
from .arn import resource_chain
from .effect import ALLOW, EXPLICIT_DENY, IMPLICIT_DENY, STATEMENT_ALLOW, STATEMENT_DENY, Effect
from .policy import Policy
from .principal import Principal
from .request import Request
from .trace import StageTrace, StatementRef, missing_keys, trace_statement

if TYPE_CHECKING:
    from .evaluate import PolicySet

SESSION_POLICY, IDENTITY_POLICY, RESOURCE_POLICY = "SessionPolicy", "IdentityBasedPolicy", "ResourceBasedPolicy"


class Decision:
    """The answer to a request: ``effect`` is ``Effect.ALLOW``, ``EXPLICIT_DENY`` or ``IMPLICIT_DENY``
    (a ``str`` enum: it equals ``"Allow"``, ``"ExplicitDeny"``, ``"ImplicitDeny"``).

    ``denied_by`` names the stage that refused (``"SessionPolicy"``, ``"IdentityBasedPolicy"`` or,
    for AssumeRole, ``"ResourceBasedPolicy"`` — the trust policy); ``None`` when allowed.
    ``deciding``, ``missing_context``, ``trace()`` and ``explain()`` are computed when first used.
    """

    __slots__ = ("effect", "denied_by", "request", "_identity", "_session", "_trust", "_principal", "_stages")

    def __init__(self, effect: Effect, denied_by: str | None, request: Request, identity: PolicySet | None,
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
        wanted = STATEMENT_DENY if self.effect == EXPLICIT_DENY else STATEMENT_ALLOW
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

        >>> from immplay.policy import evaluate
        >>> p = Policy.parse({"Version": "1", "Statement": [
        ...     {"Effect": "Allow", "Action": "imm:Get*", "Resource": "acs:imm:*:1:project/p"}]}, name="read-p")
        >>> evaluate(Request("imm:GetDataset", "acs:imm:cn-shanghai:1:project/p/dataset/d"), [p]).why()
        "allowed by read-p, 1st statement (Allow), through its project's ARN"
        >>> evaluate(Request("imm:GetProject", "acs:imm:cn-shanghai:1:project/q"), [p]).why()
        'read-p, 1st statement (Allow) matches the Action, not the Resource'
        """
        stages = self.trace()
        if self.effect == ALLOW:
            parts = []
            for stage in stages:
                first = next(s for _, sts in stage.policies for s in sts if s.applies and s.ref.effect == STATEMENT_ALLOW)
                via = first.resource_arn not in (self.request.resource, None)
                parts.append(text("explain.through-project-arn", statement=first.ref) if via else str(first.ref))
            return text("explain.allowed-by", statements=text("explain.and").join(parts))
        if self.effect == EXPLICIT_DENY:
            return text("explain.denied-explicitly-by", statements=self.deciding[0])
        refusing = {SESSION_POLICY: "explain.session-policy-refuses",
                    RESOURCE_POLICY: "explain.trust-policy-refuses"}.get(self.denied_by or "")
        reason = self._nearest_allow(stages)
        return text(refusing, reason=reason) if refusing else reason

    def _nearest_allow(self, stages: list[StageTrace]) -> str:
        stage_name = {SESSION_POLICY: "session", IDENTITY_POLICY: "identity", RESOURCE_POLICY: "trust"}.get(
            self.denied_by or "", "identity")
        allows = [s for stage in stages if stage.stage == stage_name
                  for _, sts in stage.policies for s in sts if s.ref.effect == STATEMENT_ALLOW]
        if not allows:
            return text("explain.no-allow-statement")
        by_action = [s for s in allows if s.action_matched]
        if not by_action:
            return text("explain.no-allow-action-matches", action=self.request.action)
        by_resource = [s for s in by_action if s.resource_arn is not None]
        if not by_resource:
            return text("explain.nearest-action-not-resource", statement=by_action[0].ref)
        by_principal = [s for s in by_resource if s.principal_matched is not False]
        if not by_principal:
            return text("explain.nearest-not-principal", statement=by_resource[0].ref)
        nearest = by_principal[0]
        failed = next(c for c in nearest.conditions if not c.matched)
        return text("explain.nearest-condition-false", statement=nearest.ref, condition=failed.describe())

    def summary(self) -> str:
        """The verdict's reason in a phrase: the deciding statements, or the stage that allowed nothing."""
        if self.effect in (ALLOW, EXPLICIT_DENY):
            verb = "explain.allowed-by" if self.effect == ALLOW else "explain.denied-explicitly-by"
            return text(verb, statements="; ".join(str(r) for r in self.deciding))
        stage = {SESSION_POLICY: "explain.stage-session", IDENTITY_POLICY: "explain.stage-identity",
                 RESOURCE_POLICY: "explain.stage-role-trust"}.get(self.denied_by or "", "explain.stage-any")
        return text("explain.no-statement-allows", stage=text(stage))
