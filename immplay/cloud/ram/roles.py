"""RAM roles (reference §1, §5.4, §6).

- CreateRole / UpdateRole validate the trust policy with the engine (``kind="trust"``): a trust
  policy with ``Resource``, or a statement without ``Principal``, is ``MalformedPolicyDocument``
  (400) with the engine's message.
- MaxSessionDuration 3600-43200 seconds (default 3600), else ``InvalidParameter.MaxSessionDuration``.
- RoleName 1-64 of ``[A-Za-z0-9.-]``; 1,000 roles per account.
- DeleteRole is refused with ``DeleteConflict.Role.Policy`` (409) while policies are attached;
  deleting a role also revokes the temporary credentials issued for it (their key is then unknown:
  ``InvalidAccessKeyId.NotFound``), an emulator choice so a recreated role of the same name never
  inherits old sessions.

Example::

    cloud.dispatch(ApiCall("ram", "CreateRole", params={"RoleName": "imm-worker",
                           "AssumeRolePolicyDocument": trust_text}, access_key_id=root))
"""

from __future__ import annotations

from immplay.cloud.errors import CloudError
from immplay.cloud.params import ROLE_NAME, boolean, check_length, check_name, integer
from immplay.cloud.ram.entities import ROLES
from immplay.cloud.ram.views import page, role_view
from immplay.cloud.routing import Invocation
from immplay.cloud.state import Role
from immplay.language import ENGLISH, using_language
from immplay.policy import Policy, PolicyError

MIN_SESSION, MAX_SESSION = 3600, 43200


def find_role(inv: Invocation, name: str) -> Role:
    """The role ``name``, or ``EntityNotExist.Role`` (404)."""
    return ROLES.find(inv.state.roles, name)


def validated_trust(text: str, role_name: str) -> str:
    try:
        with using_language(ENGLISH):  # the emulated service answers in English, as RAM does
            Policy.parse(text, name=f"{role_name} trust policy", kind="trust")
    except PolicyError as error:
        raise CloudError("MalformedPolicyDocument",
                         f"The trust policy (AssumeRolePolicyDocument) is malformed. {error}", 400) from None
    return text


def _duration(params: dict[str, str], param: str, default: int) -> int:
    return integer(params, param, default, MIN_SESSION, MAX_SESSION, code="InvalidParameter.MaxSessionDuration",
                   message=f"The parameter MaxSessionDuration must be between {MIN_SESSION} and "
                           f"{MAX_SESSION} seconds.")


def create_role(inv: Invocation) -> dict:
    state, params = inv.state, inv.params
    name = check_name(params["RoleName"], "RoleName", ROLE_NAME, 64)
    ROLES.check_new(name in state.roles, name, len(state.roles))
    trust = validated_trust(params["AssumeRolePolicyDocument"], name)
    role = Role(inv.cloud.ids.digits(18), name, trust, inv.now, inv.now,
                check_length(params, "Description", 1024), _duration(params, "MaxSessionDuration", MIN_SESSION),
                boolean(params, "AllowConsoleLogin"))
    state.roles[name] = role
    view = role_view(role, inv.cloud.account_id)
    view.pop("UpdateDate", None)
    return {"Role": view}


def get_role(inv: Invocation) -> dict:
    return {"Role": role_view(find_role(inv, inv.params["RoleName"]), inv.cloud.account_id, detail=True)}


def list_roles(inv: Invocation) -> dict:
    items = []
    for role in inv.state.roles.values():
        view = role_view(role, inv.cloud.account_id)
        view.pop("AssumeRolePolicyDocument")  # ListRoles does not return trust policies
        items.append(view)
    return page(inv.params, items, "Roles", "Role")


def update_role(inv: Invocation) -> dict:
    params = inv.params
    role = find_role(inv, params["RoleName"])
    if params.get("NewAssumeRolePolicyDocument"):
        role.trust_document = validated_trust(params["NewAssumeRolePolicyDocument"], role.name)
    if params.get("NewMaxSessionDuration"):
        role.max_session_duration = _duration(params, "NewMaxSessionDuration", role.max_session_duration)
    if "NewDescription" in params:
        role.description = check_length(params, "NewDescription", 1024)
    if params.get("NewAllowConsoleLogin"):
        role.allow_console_login = boolean(params, "NewAllowConsoleLogin")
    role.update_date = inv.now
    return {"Role": role_view(role, inv.cloud.account_id)}


def delete_role(inv: Invocation) -> dict:
    state = inv.state
    role = find_role(inv, inv.params["RoleName"])
    if state.attachments_of("Role", role.name):
        raise CloudError("DeleteConflict.Role.Policy",
                         f"The role {role.name} still has attached policies; detach them first.", 409)
    del state.roles[role.name]
    for key_id in [k for k, s in state.sessions.items() if s.role_id == role.role_id]:
        del state.sessions[key_id]
    return {}
