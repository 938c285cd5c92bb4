"""The resource ARN each RAM action is authorized on (reference §4).

RAM ``Resource`` ARNs carry a ``*`` region: ``acs:ram:*:<uid>:policy/<name>`` and
``acs:ram:*:<uid>:role/<name>`` are documented (RMRAM), with ``policy/*`` for CreatePolicy and
ListPolicies and ``role/*`` for CreateRole. The ``user/<name>``, ``group/<name>`` and ``mfa/<name>``
forms are INFERRED by analogy (reference §10), and so is authorizing attach/detach and membership
calls on the user, group or role they change.

Example::

    user_arn(inv)    # "acs:ram:*:1509100000000000:user/alice"
"""

from __future__ import annotations

from immplay.cloud.routing import Invocation


def ram_arn(inv: Invocation, relative: str) -> str:
    return f"acs:ram:*:{inv.cloud.account_id}:{relative}"


def user_arn(inv: Invocation) -> str:
    return ram_arn(inv, f"user/{inv.params['UserName']}")


def target_user_arn(inv: Invocation) -> str:
    """UserName, or the calling user when absent (access keys); ``user/*`` for the root's own."""
    name = inv.params.get("UserName") or inv.caller.user_name or "*"
    return ram_arn(inv, f"user/{name}")


def any_user(inv: Invocation) -> str:
    return ram_arn(inv, "user/*")


def group_arn(inv: Invocation) -> str:
    return ram_arn(inv, f"group/{inv.params['GroupName']}")


def any_group(inv: Invocation) -> str:
    return ram_arn(inv, "group/*")


def policy_arn(inv: Invocation) -> str:
    return ram_arn(inv, f"policy/{inv.params['PolicyName']}")


def any_policy(inv: Invocation) -> str:
    return ram_arn(inv, "policy/*")


def role_arn(inv: Invocation) -> str:
    return ram_arn(inv, f"role/{inv.params['RoleName']}")


def any_role(inv: Invocation) -> str:
    return ram_arn(inv, "role/*")


def mfa_arn(inv: Invocation) -> str:
    serial = inv.params["SerialNumber"]
    return ram_arn(inv, f"mfa/{serial.rsplit('/', 1)[-1]}")


def any_mfa(inv: Invocation) -> str:
    return ram_arn(inv, "mfa/*")


def everything(inv: Invocation) -> str:
    return "*"
