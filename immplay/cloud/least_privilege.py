"""Least privilege from what code really did: the smallest policy allowing a principal's IMM calls.

Every IMM call of the principal in the trail counts, allowed or denied (a denied call is one the
code needs); calls refused before authorization (a bad key, a missing parameter) name no resource
and are left out. The policy allows exactly the (action, resource ARN) pairs called: one statement
per set of resources that were called with the same actions, each action on the ARN the catalog
says it is authorized on, so ``*`` appears only for operations authorized on ``*``.

Example::

    policy = cloud.suggest_policy(user="alice")
    print(policy.text)
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from immplay.cloud.trail import TrailEvent
from immplay.messages import text
from immplay.policy import Policy, PolicyError
from immplay.policy.effect import STATEMENT_ALLOW


def made_by(principal_arn: str | None, user: str | None = None, role: str | None = None) -> bool:
    """Whether a trail event's caller is RAM user ``user`` or a session of role ``role``.

    >>> made_by("acs:ram::1509100000000000:user/alice", user="alice")
    True
    >>> made_by("acs:ram::1509100000000000:role/worker/session-1", role="worker")
    True
    """
    if not principal_arn or not principal_arn.startswith("acs:ram::"):
        return False
    relative = principal_arn.split(":", 4)[-1]
    if user is not None:
        return relative == f"user/{user}"
    return role is not None and relative.startswith(f"role/{role}/")


def imm_calls(events: Iterable[TrailEvent], user: str | None = None, role: str | None = None) -> dict[str, set[str]]:
    """The IMM actions the principal called, by the resource ARN they were authorized on."""
    calls: dict[str, set[str]] = {}
    for event in events:
        if event.resource is None or event.decision is None or not event.action.startswith("imm:"):
            continue
        if made_by(event.principal_arn, user, role):
            calls.setdefault(event.resource, set()).add(event.action)
    return calls


def suggest_policy(events: Iterable[TrailEvent], *, user: str | None = None, role: str | None = None,
                   name: str | None = None) -> Policy:
    """The smallest identity ``Policy`` that allows every IMM call ``user`` (or ``role``) made.

    Raises ``ValueError`` when neither or both of ``user`` and ``role`` are given, when the trail
    holds no IMM call of that principal, or when the policy would exceed RAM's 6,144 characters.
    """
    if (user is None) == (role is None):
        raise ValueError(text("suggest.one-principal"))
    who = text("suggest.user", name=user) if user is not None else text("suggest.role", name=role)
    calls = imm_calls(events, user, role)
    if not calls:
        raise ValueError(text("suggest.no-calls", who=who))
    resources_by_actions: dict[tuple[str, ...], list[str]] = {}
    for resource, actions in calls.items():
        resources_by_actions.setdefault(tuple(sorted(actions)), []).append(resource)
    statements = []
    for actions, resources in sorted(resources_by_actions.items(), key=lambda item: sorted(item[1])):
        resources.sort()
        statements.append({"Effect": STATEMENT_ALLOW, "Action": _one_or_list(list(actions)),
                           "Resource": _one_or_list(resources)})
    document = {"Version": "1", "Statement": statements}
    policy_name = name or f"least-privilege-{user if user is not None else role}"
    try:
        return Policy.parse(json.dumps(document, indent=2), name=policy_name)
    except PolicyError as err:
        raise ValueError(text("suggest.too-big", who=who, problems="; ".join(p.message for p in err.problems))) from None


def _one_or_list(values: list[str]) -> str | list[str]:
    return values[0] if len(values) == 1 else values
