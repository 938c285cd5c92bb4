"""STS 2015-04-01: AssumeRole and GetCallerIdentity (reference §5).

AssumeRole, in the order the emulator checks:

1. The account root is refused: ``NoPermission`` (403) "Roles may not be assumed by root accounts."
2. ``RoleArn`` must be ``acs:ram::<account>:role/<name>`` (``InvalidParameter.RoleArn``);
   ``RoleSessionName`` 2-64 of ``[A-Za-z0-9.@_-]`` (``InvalidParameter.RoleSessionName``);
   ``Policy`` at most 2,048 characters (``InvalidParameter.PolicySize``) and valid as a session
   policy (``InvalidParameter.PolicyGrammar``, with the engine's line/column message);
   ``ExternalId`` 2-1,224 of ``[\\w+=,.@:/-]`` (``InvalidParameter.ExternalId``).
3. The role must exist in this account (``EntityNotExist.Role``, 404; roles of other accounts are
   not emulated and answer the same).
4. Authorization: the caller's identity policies (within its own session policy) must allow
   ``sts:AssumeRole`` on the role ARN AND the trust policy must allow the caller, with
   ``ExternalId`` as ``sts:ExternalId`` (``immplay.policy.evaluate_assume_role``); else
   ``NoPermission`` (403) with ``AccessDeniedDetail``.
5. ``DurationSeconds`` 900 to the role's MaxSessionDuration, default 3600 capped at that maximum
   (``InvalidParameter.DurationSeconds``, 400, with STS's documented message "The Min/Max value of
   DurationSeconds is 15min/1hr.", which STS also uses when the role's maximum is exceeded).

Role chaining (a role session calling AssumeRole) is ALLOWED, as the documentation says RAM roles
may call AssumeRole: the trust policy sees the caller's role ARN (``acs:ram::<uid>:role/<name>``),
its identity side is the role's policies within its session policy, and the new session's duration
is not capped by the caller's (no such cap is documented).

``AssumedRoleUser.Arn`` is the current documentation form ``acs:ram::<uid>:role/<role>/<session>``;
GetCallerIdentity's ``Arn`` for a role session is a GUESS (reference §10):
``acs:ram::<uid>:assumed-role/<role>/<session>``.

``ROUTES`` is STS's route table: AssumeRole authorized by ``authorize_assume_role`` (steps 1-4),
GetCallerIdentity open to every authenticated caller.

Example::

    cloud.dispatch(ApiCall("sts", "AssumeRole", params={"RoleArn": arn, "RoleSessionName": "s1"},
                           access_key_id=alice_key))
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import TYPE_CHECKING

from immplay.cloud.clock import ram_date
from immplay.cloud.errors import CloudError
from immplay.cloud.routing import ApiRoute, CustomCheck, Invocation, NoPolicy
from immplay.cloud.state import Role, StsSession
from immplay.language import ENGLISH, using_language
from immplay.policy import Policy, PolicyError

if TYPE_CHECKING:
    from immplay.cloud.trail import CallRecord
    from immplay.policy import Decision

MAX_SESSION_POLICY = 2048
_ROLE_ARN = re.compile(r"acs:ram::([0-9]+):role/([A-Za-z0-9.-]{1,64})")
_SESSION_NAME = re.compile(r"[A-Za-z0-9.@_-]{2,64}")
_EXTERNAL_ID = re.compile(r"[\w+=,.@:/-]{2,1224}")


def _check_session_policy(text: str) -> str:
    if len(text) > MAX_SESSION_POLICY:
        raise CloudError("InvalidParameter.PolicySize",
                         f"The size of Policy must be smaller than {MAX_SESSION_POLICY} bytes "
                         f"(it has {len(text)} characters).", 400)
    try:
        with using_language(ENGLISH):  # the emulated service answers in English, as RAM does
            Policy.parse(text, name="SessionPolicy", kind="session")
    except PolicyError as error:
        raise CloudError("InvalidParameter.PolicyGrammar",
                         f"The parameter Policy has not passed grammar check. {error}", 400) from None
    return text


def _role_of(inv: Invocation) -> Role:
    """The role ``RoleArn`` names, once its parameters are checked (steps 1 to 3 above)."""
    cloud, params, caller = inv.cloud, inv.params, inv.caller
    if caller.kind == "root":
        raise CloudError("NoPermission", "Roles may not be assumed by root accounts.", 403)
    match = _ROLE_ARN.fullmatch(params["RoleArn"])
    if match is None:
        raise CloudError("InvalidParameter.RoleArn", "The parameter RoleArn is wrongly formed.", 400)
    if not _SESSION_NAME.fullmatch(params["RoleSessionName"]):
        raise CloudError("InvalidParameter.RoleSessionName", "The parameter RoleSessionName is wrongly formed: "
                         "2-64 characters of letters, digits and . @ _ -.", 400)
    if params.get("Policy"):
        _check_session_policy(params["Policy"])
    external_id = params.get("ExternalId")
    if external_id is not None and not _EXTERNAL_ID.fullmatch(external_id):
        raise CloudError("InvalidParameter.ExternalId", "The parameter ExternalId is wrongly formed: "
                         "2-1224 characters of letters, digits and _ + = , . @ : / -.", 400)
    account, role_name = match.groups()
    role = cloud.state.roles.get(role_name) if account == cloud.account_id else None
    if role is None:
        raise CloudError("EntityNotExist.Role", "The specified Role not exists: "
                         f"{params['RoleArn']}" + ("" if account == cloud.account_id else
                                                   " (roles of other accounts are not emulated)."), 404)
    return role


def _role_arn(inv: Invocation, role: Role) -> str:
    return f"acs:ram::{inv.cloud.account_id}:role/{role.name}"


def authorize_assume_role(inv: Invocation, record: CallRecord) -> Decision | None:
    """AssumeRole's check (steps 1 to 4 above): its parameters, then identity AND trust; the
    ``Decision``, or raise ``CloudError`` (a denial carries its decision)."""
    role = _role_of(inv)
    record.resource = _role_arn(inv, role)
    context = inv.cloud.request_context(inv.call, inv.caller)
    if inv.params.get("ExternalId") is not None:
        context["sts:ExternalId"] = inv.params["ExternalId"]
    return inv.cloud.authorizer.authorize_assume_role(inv.caller, record.resource, role.trust_document, role.name,
                                                      context)


def assume_role(inv: Invocation) -> dict:
    """A new session of the role (step 5 above), once ``authorize_assume_role`` allowed it."""
    cloud, params = inv.cloud, inv.params
    role = cloud.state.roles[_ROLE_ARN.fullmatch(params["RoleArn"]).group(2)]
    session_name = params["RoleSessionName"]
    maximum = role.max_session_duration
    raw = params.get("DurationSeconds") or str(min(3600, maximum))
    if not raw.isdigit() or not 900 <= int(raw) <= maximum:
        # STS's documented message, which it also gives when the role's own maximum is exceeded.
        raise CloudError("InvalidParameter.DurationSeconds", "The Min/Max value of DurationSeconds is 15min/1hr.", 400)
    session = StsSession(cloud.ids.sts_access_key_id(), cloud.ids.access_key_secret(), cloud.ids.security_token(),
                         role.name, role.role_id, session_name, inv.now + timedelta(seconds=int(raw)), inv.now,
                         params.get("Policy") or None, params.get("SourceIdentity", ""))
    cloud.state.sessions[session.access_key_id] = session
    body = {"AssumedRoleUser": {"Arn": f"{_role_arn(inv, role)}/{session_name}",
                                "AssumedRoleId": f"{role.role_id}:{session_name}"},
            "Credentials": {"AccessKeyId": session.access_key_id, "AccessKeySecret": session.secret,
                            "SecurityToken": session.security_token, "Expiration": ram_date(session.expiration)}}
    if session.source_identity:
        body["SourceIdentity"] = session.source_identity
    return body


def get_caller_identity(inv: Invocation) -> dict:
    caller, account = inv.caller, inv.cloud.account_id
    if caller.kind == "root":
        return {"IdentityType": "Account", "AccountId": account, "UserId": account, "PrincipalId": account,
                "Arn": f"acs:ram::{account}:root"}
    if caller.kind == "user":
        user = inv.state.users[caller.user_name]
        return {"IdentityType": "RAMUser", "AccountId": account, "UserId": user.user_id,
                "PrincipalId": user.user_id, "Arn": caller.arn}
    session = caller.session
    return {"IdentityType": "AssumedRoleUser", "AccountId": account, "RoleId": session.role_id,
            "PrincipalId": f"{session.role_id}:{session.session_name}",
            "Arn": f"acs:ram::{account}:assumed-role/{session.role_name}/{session.session_name}"}


ROUTES: dict[str, ApiRoute] = {
    "AssumeRole": ApiRoute(assume_role, CustomCheck("sts:AssumeRole", authorize_assume_role),
                           required=("RoleArn", "RoleSessionName")),
    "GetCallerIdentity": ApiRoute(get_caller_identity, NoPolicy()),
}
