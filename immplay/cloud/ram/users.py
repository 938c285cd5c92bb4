"""RAM users, their AccessKeys and login profiles (reference §1 limits and names, §6 shapes/codes).

Rules pinned here: 5,000 users per account; UserName 1-64 of ``[A-Za-z0-9._-]``; 2 AccessKeys per
user (``LimitExceeded.User.AccessKey``); the secret only in CreateAccessKey's answer; DeleteUser
refused with ``DeleteConflict.User.{AccessKey,Group,LoginProfile,MFADevice,Policy}`` (409) while
any of those remain (checked in that order).

Example::

    cloud.dispatch(ApiCall("ram", "CreateUser", params={"UserName": "alice"}, access_key_id=root))
"""

from __future__ import annotations

from immplay.cloud.clock import ram_date
from immplay.cloud.errors import CloudError
from immplay.cloud.params import USER_NAME, boolean, check_length, check_name, one_of, required
from immplay.cloud.ram.entities import USERS
from immplay.cloud.ram.views import access_key_view, login_profile_view, page, user_view, wrapped
from immplay.cloud.routing import Invocation
from immplay.cloud.state import AccessKey, LoginProfile, User

MAX_KEYS = 2


def find_user(inv: Invocation, name: str) -> User:
    """The user ``name``, or ``EntityNotExist.User`` (404)."""
    return USERS.find(inv.state.users, name)


def create_user(inv: Invocation) -> dict:
    name = check_name(inv.params["UserName"], "UserName", USER_NAME, 64)
    USERS.check_new(name in inv.state.users, name, len(inv.state.users))
    user = User(user_id=inv.cloud.ids.digits(16), name=name, create_date=inv.now,
                display_name=check_length(inv.params, "DisplayName", 128),
                mobile_phone=inv.params.get("MobilePhone", ""), email=inv.params.get("Email", ""),
                comments=check_length(inv.params, "Comments", 128))
    user.update_date = user.create_date
    inv.state.users[name] = user
    created = user_view(user)
    created.pop("UpdateDate")  # CreateUser answers no UpdateDate
    return {"User": created}


def get_user(inv: Invocation) -> dict:
    return {"User": user_view(find_user(inv, inv.params["UserName"]), detail=True)}


def list_users(inv: Invocation) -> dict:
    return page(inv.params, [user_view(u) for u in inv.state.users.values()], "Users", "User")


def update_user(inv: Invocation) -> dict:
    state, params = inv.state, inv.params
    user = find_user(inv, params["UserName"])
    new_name = USERS.new_name(state.users, user.name, params.get("NewUserName"), "NewUserName", USER_NAME)
    if new_name is not None:
        _rename_user(state, user.name, new_name)
    for param, attr, limit in (("NewDisplayName", "display_name", 128), ("NewComments", "comments", 128),
                               ("NewMobilePhone", "mobile_phone", 32), ("NewEmail", "email", 128)):
        if param in params:
            setattr(user, attr, check_length(params, param, limit))
    user.update_date = inv.now
    return {"User": user_view(user)}


def _rename_user(state, old: str, new: str) -> None:
    user = state.users.pop(old)
    user.name = new
    state.users[new] = user
    for item in [*state.memberships, *state.access_keys.values(), *state.mfa_devices.values()]:
        if getattr(item, "user_name", None) == old:
            item.user_name = new
    for attachment in state.attachments:
        if attachment.entity_type == "User" and attachment.entity_name == old:
            attachment.entity_name = new
    if old in state.login_profiles:
        profile = state.login_profiles.pop(old)
        profile.user_name = new
        state.login_profiles[new] = profile


def delete_user(inv: Invocation) -> dict:
    state = inv.state
    name = find_user(inv, inv.params["UserName"]).name
    conflicts = (
        ("AccessKey", "access keys", state.keys_of(name)),
        ("Group", "group memberships", state.groups_of(name)),
        ("LoginProfile", "a login profile", name in state.login_profiles),
        ("MFADevice", "an MFA device", state.mfa_of(name)),
        ("Policy", "attached policies", state.attachments_of("User", name)),
    )
    for code, what, present in conflicts:
        if present:
            raise CloudError(f"DeleteConflict.User.{code}",
                             f"The user {name} still has {what}; remove them before deleting the user.", 409)
    del state.users[name]
    return {}


# --- access keys ---------------------------------------------------------------------------------

def _key_owner(inv: Invocation) -> str | None:
    """UserName, or the calling user; None means the root's own keys."""
    name = inv.params.get("UserName")
    if name:
        return find_user(inv, name).name
    if inv.caller.kind == "role":
        return required(inv.params, "UserName")
    return inv.caller.user_name


def _find_key(inv: Invocation) -> AccessKey:
    owner = _key_owner(inv)
    key_id = inv.params["UserAccessKeyId"]
    key = inv.state.access_keys.get(key_id)
    if key is None or key.user_name != owner:
        raise CloudError("EntityNotExist.User.AccessKey", f"The access key does not exist: {key_id}.", 404)
    return key


def create_access_key(inv: Invocation) -> dict:
    owner = _key_owner(inv)
    if len(inv.state.keys_of(owner)) >= MAX_KEYS:
        raise CloudError("LimitExceeded.User.AccessKey",
                         f"The count of access keys of the user beyond the current limit ({MAX_KEYS}).", 409)
    key = inv.cloud.issue_access_key(owner)
    return {"AccessKey": access_key_view(key, with_secret=True)}


def list_access_keys(inv: Invocation) -> dict:
    keys = inv.state.keys_of(_key_owner(inv))
    return wrapped([access_key_view(k) for k in keys], "AccessKeys", "AccessKey")


def update_access_key(inv: Invocation) -> dict:
    status = one_of(inv.params, "Status", ("Active", "Inactive"))
    _find_key(inv).status = status
    return {}


def delete_access_key(inv: Invocation) -> dict:
    key = _find_key(inv)
    del inv.state.access_keys[key.access_key_id]
    return {}


def get_access_key_last_used(inv: Invocation) -> dict:
    key = _find_key(inv)
    last = key.last_used or key.create_date
    return {"AccessKeyLastUsed": {"LastUsedDate": ram_date(last)}}


# --- login profiles ------------------------------------------------------------------------------

def _check_password(password: str) -> None:
    # The default RAM password policy asks for at least 8 characters; 32 is the documented maximum.
    if not 8 <= len(password) <= 32:
        raise CloudError("InvalidParameter.Password.TooWeak",
                         "The password does not meet the password policy (8-32 characters).", 400)


def create_login_profile(inv: Invocation) -> dict:
    user = find_user(inv, inv.params["UserName"])
    if user.name in inv.state.login_profiles:
        raise CloudError("EntityAlreadyExists.User.LoginProfile",
                         f"The login profile of the user already exists: {user.name}.", 409)
    _check_password(inv.params["Password"])
    profile = LoginProfile(user.name, inv.now, boolean(inv.params, "PasswordResetRequired"),
                           boolean(inv.params, "MFABindRequired"))
    inv.state.login_profiles[user.name] = profile
    return {"LoginProfile": login_profile_view(profile)}


def _find_profile(inv: Invocation) -> LoginProfile:
    user = find_user(inv, inv.params["UserName"])
    profile = inv.state.login_profiles.get(user.name)
    if profile is None:
        raise CloudError("EntityNotExist.User.LoginProfile",
                         f"The login profile of the user does not exist: {user.name}.", 404)
    return profile


def get_login_profile(inv: Invocation) -> dict:
    return {"LoginProfile": login_profile_view(_find_profile(inv))}


def update_login_profile(inv: Invocation) -> dict:
    profile = _find_profile(inv)
    if inv.params.get("Password"):
        _check_password(inv.params["Password"])
    profile.password_reset_required = boolean(inv.params, "PasswordResetRequired",
                                              profile.password_reset_required)
    profile.mfa_bind_required = boolean(inv.params, "MFABindRequired", profile.mfa_bind_required)
    return {}


def delete_login_profile(inv: Invocation) -> dict:
    profile = _find_profile(inv)
    del inv.state.login_profiles[profile.user_name]
    return {}
