"""Many decisions at once: every action of a list against every resource of a list.

Deciding ``len(actions) * len(resources)`` requests one at a time repeats the same work: a
statement's Resource is matched against the same ARN once per action. ``DecisionGrid`` asks each
statement its questions once — conditions on the context, Resource on every resource (kept as a bit
mask, bit ``i`` for ``resources[i]``), Action on every action — and combines the masks: an explicit
Deny wins, else an Allow, else implicit deny. The questions are the ``Statement`` matchers that
``evaluate`` uses, so the answers are the same (``tests/policy/test_bulk_decisions.py`` checks it).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from itertools import compress
from typing import Any

from .arn import resource_chain
from .effect import STATEMENT_DENY, Effect, stage_effect
from .evaluate import PolicySet
from .policy import Policy
from .statement import Statement
from .wildcard import compile_globs


def _statements(policies: PolicySet | Policy | Iterable[Policy]) -> list[Statement]:
    if isinstance(policies, PolicySet):
        policies = policies.policies
    elif isinstance(policies, Policy):
        policies = (policies,)
    found = []
    for p in policies:
        if not isinstance(p, Policy):
            raise TypeError(f"expected Policy objects (use Policy.parse), not {type(p).__name__}")
        found.extend(p.statements)
    return found


class _ResourceMasks:
    """For each statement, the bit mask of the resources its Resource covers through the chain (a
    dataset is also covered by a grant on its project). Each distinct ARN is matched once per
    distinct Resource list, with the statement's own compiled matcher; bits are assembled in C
    (``map``, ``int(..., 2)``), not one Python step per resource."""

    def __init__(self, resources: Sequence[str]):
        self.resources = list(resources)
        self.chains = [resource_chain(r) for r in self.resources]
        index = dict.fromkeys(self.resources)  # the resources first, so own ARN i is ARN i when unique
        self.unique = len(index) == len(self.resources)
        for chain in self.chains:
            for arn in chain[1:]:
                index.setdefault(arn)
        self.arns = list(index)
        position = {arn: i for i, arn in enumerate(self.arns)}
        # children[j]: the resources whose project is ARN j
        self.children: dict[int, int] = {}
        for i, chain in enumerate(self.chains):
            if len(chain) > 1:
                j = position[chain[1]]
                self.children[j] = self.children.get(j, 0) | (1 << i)
        self.own = [position[r] for r in self.resources]
        self._cache: dict[tuple, int] = {}

    def of(self, st: Statement) -> int:
        key = (st.resources, st.not_resource)
        mask = self._cache.get(key)
        if mask is not None:
            return mask
        n = len(self.resources)
        if st.resources is None or st.not_resource:
            applies = st.resource_applies
            mask = _bits([applies(chain) is not None for chain in self.chains])
        else:
            hits = list(map(bool, map(compile_globs(st.resources).match, self.arns)))
            mask = _bits(hits[:n]) if self.unique else _bits([hits[j] for j in self.own])
            children = self.children
            for j in compress(range(len(hits)), hits):
                mask |= children.get(j, 0)
        self._cache[key] = mask
        return mask


def _bits(flags: list[bool]) -> int:
    """An int whose bit i is flags[i]."""
    return int("".join(map("01".__getitem__, reversed(flags))), 2) if flags else 0


class DecisionGrid:
    """The identity-policy decision of every action on every resource, with one context.

    ``allowed(action)`` and ``denied(action)`` are bit masks over ``resources`` (bit ``i`` set:
    ``resources[i]`` is allowed, resp. explicitly denied); ``effect`` and ``effects`` give the
    words ``evaluate`` gives. ``every_condition_holds=True`` decides as if every Condition of
    every statement held (as ``evaluate`` does for the policies with their Condition blocks removed),
    which is how a diff looks at what conditions could open or close.

    >>> p = Policy.parse({"Version": "1", "Statement": [
    ...     {"Effect": "Allow", "Action": "imm:Get*", "Resource": "acs:imm:*:*:project/p"}]})
    >>> grid = DecisionGrid([p], ["imm:GetProject"], ["acs:imm:cn-shanghai:1:project/p",
    ...                                               "acs:imm:cn-shanghai:1:project/q"])
    >>> grid.effects("imm:GetProject"), bin(grid.allowed("imm:GetProject"))
    (['Allow', 'ImplicitDeny'], '0b1')
    """

    __slots__ = ("resources", "_allowed", "_denied")

    def __init__(self, policies: PolicySet | Policy | Iterable[Policy], actions: Iterable[str],
                 resources: Sequence[str], context: Mapping[str, Any] | None = None, *,
                 every_condition_holds: bool = False):
        self.resources: tuple[str, ...] = tuple(resources)
        actions = list(actions)
        request_context = dict(context) if context else {}
        # A statement whose conditions fail in this context, or whose Action covers none of the
        # actions, applies to nothing here: skip it.
        live = [st for st in _statements(policies)
                if (every_condition_holds or st.conditions_hold(request_context))
                and any(st.action_applies(a) for a in actions)]
        resource_masks = _ResourceMasks(self.resources)
        statement_masks = [(st, st.effect == STATEMENT_DENY, resource_masks.of(st)) for st in live]
        self._allowed: dict[str, int] = {}
        self._denied: dict[str, int] = {}
        for action in actions:
            allow = deny = 0
            for st, is_deny, mask in statement_masks:
                if mask and st.action_applies(action):
                    if is_deny:
                        deny |= mask
                    else:
                        allow |= mask
            self._denied[action] = deny
            self._allowed[action] = allow & ~deny

    def allowed(self, action: str) -> int:
        """Bit mask of the resources on which ``action`` is allowed."""
        return self._allowed[action]

    def denied(self, action: str) -> int:
        """Bit mask of the resources on which ``action`` is explicitly denied."""
        return self._denied[action]

    def effect(self, action: str, index: int) -> Effect:
        """``"Allow"``, ``"ExplicitDeny"`` or ``"ImplicitDeny"`` for ``action`` on ``resources[index]``."""
        bit = 1 << index
        return stage_effect(self._denied[action] & bit or None, self._allowed[action] & bit or None)

    def effects(self, action: str) -> list[Effect]:
        """The effect of ``action`` on each resource, in order."""
        return [self.effect(action, i) for i in range(len(self.resources))]


def set_bits(mask: int) -> Iterator[int]:
    """The indices of the bits set in ``mask``, lowest first.

    >>> list(set_bits(0b10110))
    [1, 2, 4]
    """
    text = bin(mask)[:1:-1]  # the binary digits, bit 0 first (the "0b" prefix dropped)
    i = text.find("1")
    while i != -1:
        yield i
        i = text.find("1", i + 1)
