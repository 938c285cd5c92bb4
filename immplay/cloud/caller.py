"""Who is calling: authenticate an AccessKey (and SecurityToken) into a ``Caller``.

Three kinds of caller (reference §4, §5.2):

- ``root``: the account's own AccessKey, ARN ``acs:ram::<uid>:root``; allowed everything, but may
  not call AssumeRole.
- ``user``: a RAM user's AccessKey, ARN ``acs:ram::<uid>:user/<name>``; its policies are its own
  plus its groups'.
- ``role``: STS credentials from AssumeRole; the role's policies, narrowed by the session policy.
  Its trail and AssumedRoleUser ARN is ``acs:ram::<uid>:role/<role>/<session>`` (the current
  AssumeRole documentation form); as a trust-policy principal it is the role ARN.

Authentication errors (statuses for the InvalidSecurityToken.* and InvalidAccessKeyId.Inactive codes
are not documented: reference §10 suggests 400, which is what the emulator answers):

==========================================  ======  ==========================================
InvalidAccessKeyId.NotFound                  400     unknown key, or a key whose user is gone
InvalidAccessKeyId.Inactive                  400     key set Inactive with UpdateAccessKey
MissingSecurityToken                         400     an ``STS.`` key sent without its token
InvalidSecurityToken.MismatchWithAccessKey   400     a real token, but another key's
InvalidSecurityToken.Malformed               400     a token the cloud never issued
InvalidSecurityToken.Expired                 400     past ``Expiration`` on the emulated clock
==========================================  ======  ==========================================

Example::

    caller = authenticate(state, clock.now(), access_key_id, security_token)
    caller.kind, caller.arn     # ("user", "acs:ram::1509100000000000:user/alice")
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from immplay.cloud.errors import CloudError
from immplay.cloud.state import AccountState, StsSession


@dataclass(frozen=True)
class Caller:
    kind: str  # "root" | "user" | "role"
    account_id: str
    access_key_id: str
    user_name: str | None = None
    session: StsSession | None = None

    @property
    def role_name(self) -> str | None:
        return self.session.role_name if self.session else None

    @property
    def arn(self) -> str:
        """The caller's ARN for the trail (a session: ``acs:ram::<uid>:role/<role>/<session>``)."""
        if self.kind == "root":
            return f"acs:ram::{self.account_id}:root"
        if self.kind == "user":
            return f"acs:ram::{self.account_id}:user/{self.user_name}"
        return f"acs:ram::{self.account_id}:role/{self.session.role_name}/{self.session.session_name}"

    @property
    def principal_arn(self) -> str:
        """The ARN a trust policy's ``Principal.RAM`` names: the user, the role, or the root."""
        if self.kind == "role":
            return f"acs:ram::{self.account_id}:role/{self.session.role_name}"
        return self.arn

    @property
    def principal_type(self) -> str:
        """AccessDeniedDetail ``AuthPrincipalType``: SubUser | AssumedRoleUser | Account."""
        return {"root": "Account", "user": "SubUser", "role": "AssumedRoleUser"}[self.kind]

    @property
    def display_name(self) -> str:
        """AccessDeniedDetail ``AuthPrincipalDisplayName``: user name, or RoleName:RoleSessionName."""
        if self.kind == "role":
            return f"{self.session.role_name}:{self.session.session_name}"
        return self.user_name or self.account_id


def authenticate(state: AccountState, now: datetime, access_key_id: str,
                 security_token: str | None) -> Caller:
    """Resolve a key (+ token) to a ``Caller`` or raise the gateway's ``CloudError``."""
    if access_key_id.startswith("STS."):
        return _session_caller(state, now, access_key_id, security_token)
    key = state.access_keys.get(access_key_id)
    if key is None or (key.user_name is not None and key.user_name not in state.users):
        raise CloudError("InvalidAccessKeyId.NotFound", "Specified access key is not found.", 400)
    if key.status != "Active":
        raise CloudError("InvalidAccessKeyId.Inactive", "Specified access key is disabled.", 400)
    if key.user_name is None:
        return Caller("root", state.account_id, access_key_id)
    return Caller("user", state.account_id, access_key_id, user_name=key.user_name)


def _session_caller(state: AccountState, now: datetime, access_key_id: str,
                    security_token: str | None) -> Caller:
    session = state.sessions.get(access_key_id)
    if session is None:
        raise CloudError("InvalidAccessKeyId.NotFound", "Specified access key is not found.", 400)
    if not security_token:
        raise CloudError("MissingSecurityToken", "SecurityToken is mandatory for this action.", 400)
    if security_token != session.security_token:
        if any(s.security_token == security_token for s in state.sessions.values()):
            raise CloudError("InvalidSecurityToken.MismatchWithAccessKey",
                             "The security token does not belong to the access key.", 400)
        raise CloudError("InvalidSecurityToken.Malformed", "The security token you provided is malformed.", 400)
    if now >= session.expiration:
        raise CloudError("InvalidSecurityToken.Expired",
                         f"The security token you provided has expired (Expiration "
                         f"{session.expiration:%Y-%m-%dT%H:%M:%SZ} on the emulated clock).", 400)
    return Caller("role", state.account_id, access_key_id, session=session)
