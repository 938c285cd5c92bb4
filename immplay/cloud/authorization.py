"""Authorize a caller's request through ``immplay.policy`` and turn a denial into a 403.

- The account root is allowed everything (no policy is evaluated; the trail says "Allow").
- A RAM user is evaluated against the default versions of the policies attached to it and to its
  groups; a role session against the role's policies, narrowed by its session policy.
- Parsed policies are cached by (kind, name, text) and each principal's ``PolicySet`` by a state
  generation counter that every mutating RAM call bumps, so a steady stream of calls evaluates
  compiled policy sets.

Example::

    decision = authorizer.authorize(caller, request, code="NoPermission", message="...")
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from immplay import catalog
from immplay.cloud.caller import Caller
from immplay.cloud.diagnostic import PolicySource, access_denied_detail
from immplay.cloud.errors import CloudError
from immplay.cloud.ram.views import system_version
from immplay.policy import Policy, PolicySet, Principal, Request, evaluate_assume_role

if TYPE_CHECKING:
    from immplay.cloud.state import AccountState

RAM_DENIED = ("NoPermission", "You are not authorized to do this action. You should be authorized by RAM.")


class Authorizer:
    """Policy lookup and evaluation for one account's state."""

    def __init__(self, state_getter) -> None:
        self._state = state_getter
        self._parsed: dict[tuple[str, str, str], Policy] = {}
        self._sets: dict[tuple[str, str], tuple[int, PolicySet, list[Policy], dict[str, PolicySource]]] = {}
        self.generation = 0

    @property
    def state(self) -> AccountState:
        return self._state()

    def invalidate(self) -> None:
        """Forget compiled policy sets (after any change to policies, attachments, groups, roles)."""
        self.generation += 1

    def parsed(self, text: str, name: str, kind: str) -> Policy:
        """Parse once per distinct (kind, name, text); the document was validated when stored."""
        key = (kind, name, text)
        policy = self._parsed.get(key)
        if policy is None:
            if len(self._parsed) > 4096:  # documents are replaced over time; keep the cache bounded
                self._parsed.clear()
            policy = self._parsed[key] = Policy.parse(text, name=name, kind=kind)
        return policy

    def identity(self, caller: Caller) -> tuple[PolicySet, list[Policy], dict[str, PolicySource]]:
        """The caller's identity policies (compiled), as a list, and where each came from."""
        entity = ("Role", caller.role_name) if caller.kind == "role" else ("User", caller.user_name)
        cached = self._sets.get(entity)
        if cached is not None and cached[0] == self.generation:
            return cached[1], cached[2], cached[3]
        policies, sources = self._collect(*entity)
        compiled = PolicySet(policies)
        self._sets[entity] = (self.generation, compiled, policies, sources)
        return compiled, policies, sources

    def _collect(self, entity_type: str, name: str) -> tuple[list[Policy], dict[str, PolicySource]]:
        owners = [(entity_type, name)]
        if entity_type == "User":
            owners += [("Group", group) for group in self.state.groups_of(name)]
        policies: list[Policy] = []
        sources: dict[str, PolicySource] = {}
        for owner_type, owner_name in owners:
            for attachment in self.state.attachments_of(owner_type, owner_name):
                if attachment.policy_name in sources:
                    continue
                policy, version = self.attached_policy(attachment.policy_type, attachment.policy_name)
                policies.append(policy)
                sources[policy.name] = PolicySource(attachment.policy_type, attachment.policy_name,
                                                    version, owner_type)
        return policies, sources

    def attached_policy(self, policy_type: str, name: str) -> tuple[Policy, str]:
        """The Policy object (default version) and its version id, for a System or Custom policy."""
        if policy_type == "System":
            system = catalog.system_policies()[name]
            return system.policy, system_version(system)
        custom = self.state.policies[name]
        version = custom.versions[custom.default_version]
        return self.parsed(version.document, name, "identity"), version.version_id

    def session_policy(self, caller: Caller) -> Policy | None:
        if caller.session is None or caller.session.session_policy is None:
            return None
        return self.parsed(caller.session.session_policy, "SessionPolicy", "session")

    def authorize(self, caller: Caller, request, code: str, message: str):
        """The Decision (None for the root), or raise ``CloudError(code, message, 403)`` with
        ``AccessDeniedDetail`` when the caller is denied."""
        if caller.kind == "root":
            return None
        compiled, _, sources = self.identity(caller)
        session = self.session_policy(caller)
        decision = compiled.evaluate(request, session_policy=session)
        if not decision.allowed:
            raise self.denied(caller, request, decision, sources, session, code, message)
        return decision

    def authorize_assume_role(self, caller: Caller, role_arn: str, trust_text: str, role_name: str,
                              context: dict):
        """Identity AND trust (reference §2 d'): the Decision, or raise NoPermission 403."""
        _, policies, sources = self.identity(caller)
        session = self.session_policy(caller)
        trust = self.parsed(trust_text, f"{role_name} trust policy", "trust")
        principal = Principal(type="RAM", id=caller.principal_arn)
        decision = evaluate_assume_role(role_arn, trust, principal, policies,
                                        session_policy=session, context=context)
        if not decision.allowed:
            sources = dict(sources)
            sources[trust.name] = PolicySource("Trust", role_name, "", "Role")
            request = Request("sts:AssumeRole", role_arn, context)
            raise self.denied(caller, request, decision, sources, session, *RAM_DENIED)
        return decision

    @staticmethod
    def denied(caller, request, decision, sources, session, code, message) -> CloudError:
        if session is not None:
            sources = {**sources, session.name: PolicySource("Session", "SessionPolicy", "", "")}
        return CloudError(code, message, 403, access_denied_detail(caller, request, decision, sources),
                          decision=decision)
