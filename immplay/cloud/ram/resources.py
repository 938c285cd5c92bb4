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

from immplay.cloud.routing import Invocation, ResourceBuilder


def ram_arn(inv: Invocation, relative: str) -> str:
    """``acs:ram:*:<account>:<relative>``."""
    return f"acs:ram:*:{inv.cloud.account_id}:{relative}"


def named(kind: str, param: str) -> ResourceBuilder:
    """The ARN of the ``kind`` entity the parameter ``param`` names: ``named("user", "UserName")``."""
    def resource(inv: Invocation) -> str:
        return ram_arn(inv, f"{kind}/{inv.params[param]}")
    return resource


def every(kind: str) -> ResourceBuilder:
    """``<kind>/*``: what creating or listing entities of ``kind`` is authorized on."""
    def resource(inv: Invocation) -> str:
        return ram_arn(inv, f"{kind}/*")
    return resource


user_arn, any_user = named("user", "UserName"), every("user")
group_arn, any_group = named("group", "GroupName"), every("group")
policy_arn, any_policy = named("policy", "PolicyName"), every("policy")
role_arn, any_role = named("role", "RoleName"), every("role")
any_mfa = every("mfa")


def target_user_arn(inv: Invocation) -> str:
    """UserName, or the calling user when absent (access keys); ``user/*`` for the root's own."""
    name = inv.params.get("UserName") or inv.caller.user_name or "*"
    return ram_arn(inv, f"user/{name}")


def mfa_arn(inv: Invocation) -> str:
    """The device a ``SerialNumber`` (``acs:ram::<uid>:mfa/<name>``) names."""
    serial = inv.params["SerialNumber"]
    return ram_arn(inv, f"mfa/{serial.rsplit('/', 1)[-1]}")


def everything(inv: Invocation) -> str:
    """``*``: actions that name no entity."""
    return "*"
