"""A validated statement and the matchers that decide whether it applies to a request.

Each question (action? resource? conditions? principal?) has exactly one implementation here. The
explanation calls these methods; the fast path (``matchers.py``) calls them too, or, for the
Resource of condition-free statements, matches the same compiled patterns merged into one.
"""

from __future__ import annotations

from typing import Any

from .conditions import Condition
from .wildcard import compile_globs

PRINCIPAL_TYPES = ("RAM", "Service", "Federated")


class Statement:
    """One entry of a policy's ``Statement`` list."""

    __slots__ = (
        "index", "effect", "actions", "not_action", "resources", "not_resource", "principals",
        "conditions", "pointer", "line", "position", "content_key", "_action_re", "_resource_re",
    )

    def __init__(self, *, index: int, effect: str, actions: tuple[str, ...], not_action: bool,
                 resources: tuple[str, ...] | None, not_resource: bool,
                 principals: dict[str, tuple[str, ...]] | None, conditions: tuple[Condition, ...],
                 pointer: str, line: int | None):
        self.index = index
        self.effect = effect
        self.actions = actions
        self.not_action = not_action
        self.resources = resources
        self.not_resource = not_resource
        self.principals = principals
        self.conditions = conditions
        self.pointer = pointer
        self.line = line
        # The position in its line, set only when another statement opens on the same line (a
        # minified policy), where the line alone would not tell which statement is meant.
        self.position: int | None = None
        # Everything that decides what the statement does, not where it stands: two statements with
        # equal keys decide every request alike (the playground re-decides only what changed).
        self.content_key = (effect, actions, not_action, resources, not_resource,
                            tuple(sorted((principals or {}).items())),
                            tuple((c.operator, c.key, c.raw_values) for c in conditions))
        self._action_re = compile_globs(actions, ignore_case=True)
        self._resource_re = compile_globs(resources) if resources is not None else None

    @property
    def action_element(self) -> str:
        return "NotAction" if self.not_action else "Action"

    @property
    def resource_element(self) -> str:
        return "NotResource" if self.not_resource else "Resource"

    def action_applies(self, action: str) -> bool:
        """Action names match case-insensitively; NotAction applies to every other action."""
        return (self._action_re.match(action) is None) if self.not_action else (
            self._action_re.match(action) is not None)

    def resource_applies(self, chain: tuple[str, ...]) -> str | None:
        """The ARN of ``chain`` through which the statement covers the request, or ``None``.

        ``chain`` is the request resource then its enclosing project (see ``arn.resource_chain``).
        NotResource applies when no ARN of the chain matches. A trust statement has no Resource.
        """
        if self._resource_re is None:
            return chain[0]
        match = self._resource_re.match
        if self.not_resource:
            return None if any(match(r) for r in chain) else chain[0]
        for arn in chain:
            if match(arn) is not None:
                return arn
        return None

    def conditions_hold(self, context: dict[str, Any]) -> bool:
        for condition in self.conditions:
            if not condition.holds(context):
                return False
        return True

    def principal_applies(self, principal_type: str, principal_id: str) -> bool:
        """Trust policies: does this statement name the caller?

        ``acs:ram::<uid>:root`` trusts every RAM user and role of account ``uid``; any other RAM
        principal must equal the caller's ARN. Service and Federated principals compare exactly.
        """
        if not self.principals:
            return False
        for named in self.principals.get(principal_type, ()):
            if named == principal_id:
                return True
            if principal_type == "RAM" and named.endswith(":root"):
                account_prefix = named[: -len("root")]
                if principal_id.startswith(account_prefix):
                    return True
        return False
