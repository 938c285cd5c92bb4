"""RAM response shapes (reference §6): the objects RAM returns, its wrapped lists and paging.

RAM lists are wrapped XML-style (``{"Users": {"User": [...]}}``); paged lists add ``IsTruncated``
and, when truncated, ``Marker`` (here: the position of the next item, as a decimal string). Dates are
``%Y-%m-%dT%H:%M:%SZ`` from the emulated clock. Field names match the
``alibabacloud_ram20150501`` models, so the SDK's ``from_map`` reads every field.

Example::

    page(inv.params, [user_view(u) for u in users], "Users", "User")
    # {"Users": {"User": [...]}, "IsTruncated": False}
"""

from __future__ import annotations

from immplay.cloud.clock import ram_date
from immplay.cloud.errors import CloudError
from immplay.cloud.params import integer
from immplay.cloud.state import AccessKey, CustomPolicy, Group, LoginProfile, PolicyVersion, Role, User


def page(params: dict[str, str], items: list[dict], outer: str, inner: str) -> dict:
    """One page of ``items`` per ``Marker`` / ``MaxItems`` (1-1000, default 100)."""
    size = integer(params, "MaxItems", 100, 1, 1000)
    marker = params.get("Marker") or "0"
    if not marker.isdigit() or int(marker) > len(items):
        raise CloudError("InvalidParameter.Marker", "The parameter Marker is invalid.", 400)
    start = int(marker)
    body: dict = {outer: {inner: items[start:start + size]}, "IsTruncated": start + size < len(items)}
    if body["IsTruncated"]:
        body["Marker"] = str(start + size)
    return body


def wrapped(items: list[dict], outer: str, inner: str) -> dict:
    """An unpaged wrapped list."""
    return {outer: {inner: items}}


def _date(moment) -> str | None:
    return ram_date(moment) if moment is not None else None


def _compact(view: dict) -> dict:
    return {k: v for k, v in view.items() if v is not None}


def user_view(user: User, detail: bool = False) -> dict:
    view = {"UserId": user.user_id, "UserName": user.name, "DisplayName": user.display_name,
            "MobilePhone": user.mobile_phone, "Email": user.email, "Comments": user.comments,
            "CreateDate": ram_date(user.create_date), "UpdateDate": _date(user.update_date)}
    if detail:
        view["LastLoginDate"] = _date(user.last_login_date)
    return _compact(view)


def access_key_view(key: AccessKey, with_secret: bool = False) -> dict:
    view = {"AccessKeyId": key.access_key_id, "Status": key.status, "CreateDate": ram_date(key.create_date)}
    if with_secret:
        view["AccessKeySecret"] = key.secret
    return view


def group_view(group: Group) -> dict:
    return _compact({"GroupId": group.group_id, "GroupName": group.name, "Comments": group.comments,
                     "CreateDate": ram_date(group.create_date), "UpdateDate": _date(group.update_date)})


def version_view(policy_default: str, version: PolicyVersion) -> dict:
    return {"VersionId": version.version_id, "IsDefaultVersion": version.version_id == policy_default,
            "PolicyDocument": version.document, "CreateDate": ram_date(version.create_date)}


def custom_policy_view(policy: CustomPolicy, attachment_count: int | None = None) -> dict:
    view = {"PolicyName": policy.name, "PolicyType": "Custom", "Description": policy.description,
            "DefaultVersion": policy.default_version, "CreateDate": ram_date(policy.create_date),
            "UpdateDate": ram_date(policy.update_date), "AttachmentCount": attachment_count}
    return _compact(view)


def system_version(system) -> str:
    """A system policy's version id; "v1" where the catalog does not know it (GUESSED documents)."""
    return system.version or "v1"


def system_policy_view(system, create_date: str, attachment_count: int | None = None) -> dict:
    """A catalog SystemPolicy; system policies carry no dates in the catalog, so the account's
    creation instant stands in for them."""
    description = getattr(system, "notes", "") or ""
    return _compact({"PolicyName": system.name, "PolicyType": "System",
                     "Description": description[:1024], "DefaultVersion": system_version(system),
                     "CreateDate": create_date, "UpdateDate": create_date,
                     "AttachmentCount": attachment_count})


def role_view(role: Role, account_id: str, detail: bool = False) -> dict:
    view = {"RoleId": role.role_id, "RoleName": role.name, "Arn": f"acs:ram::{account_id}:role/{role.name}",
            "Description": role.description, "AssumeRolePolicyDocument": role.trust_document,
            "MaxSessionDuration": role.max_session_duration, "CreateDate": ram_date(role.create_date),
            "UpdateDate": _date(role.update_date), "AllowConsoleLogin": role.allow_console_login}
    if detail:
        view["IsServiceLinkedRole"] = False
    return _compact(view)


def login_profile_view(profile: LoginProfile) -> dict:
    return {"UserName": profile.user_name, "PasswordResetRequired": profile.password_reset_required,
            "MFABindRequired": profile.mfa_bind_required, "CreateDate": ram_date(profile.create_date)}
