"""RAM policies: custom policies with versions, system policies, attachments (reference §1, §6).

- CreatePolicy / CreatePolicyVersion validate the document with the engine
  (``Policy.parse(..., kind="identity")``): a bad document is ``MalformedPolicyDocument`` (400) whose
  message is the engine's, naming line and column. More than 6,144 characters is
  ``InvalidParameter.PolicyDocument.Length`` (400; the code is the reference's presumption, §10).
- At most 5 versions (``LimitExceeded.Policy.Version``) unless ``RotateStrategy`` is
  ``DeleteOldestNonDefaultVersionWhenLimitExceeded``; version ids ``v1``, ``v2``... never reused.
- System policies come from ``immplay.catalog.system_policies()`` and are read-only. A custom policy
  may not take a system policy's name (``EntityAlreadyExists.Policy``), so a name says which it is.
- Attach limits per user/group/role: 20 system, 10 custom (``LimitExceeded.<Entity>.Policy``).
- DeletePolicy: ``DeleteConflict.Policy.{User,Group,Role,Version}`` (409) unless CascadingDelete.
  ``DeleteConflict.Policy.Role`` and ``EntityAlreadyExists/EntityNotExist.Role.Policy`` are not in
  RAM's published error list; they follow the User/Group pattern (inference).

Example::

    cloud.dispatch(ApiCall("ram", "CreatePolicy", params={"PolicyName": "imm-read",
                           "PolicyDocument": text}, access_key_id=root))
"""

from __future__ import annotations

import re

from immplay import catalog
from immplay.cloud.clock import ram_date
from immplay.cloud.errors import CloudError
from immplay.cloud.params import POLICY_NAME, boolean, check_length, check_name, one_of
from immplay.cloud.ram.entities import POLICIES
from immplay.cloud.ram.groups import find_group
from immplay.cloud.ram.roles import find_role
from immplay.cloud.ram.users import find_user
from immplay.cloud.ram.views import (
    custom_policy_view,
    page,
    system_policy_view,
    system_version,
    version_view,
    wrapped,
)
from immplay.cloud.routing import Invocation
from immplay.cloud.state import Attachment, CustomPolicy, PolicyVersion
from immplay.language import ENGLISH, using_language
from immplay.policy import Policy, PolicyError

MAX_DOCUMENT = 6144
MAX_VERSIONS = 5
ATTACH_LIMITS = {"System": 20, "Custom": 10}
POLICY_TYPES = ("System", "Custom")
ROTATE = ("None", "DeleteOldestNonDefaultVersionWhenLimitExceeded")
_VERSION_ID = re.compile(r"v[1-9][0-9]*")


def validated_document(text: str, name: str) -> str:
    """The document if RAM would store it; else InvalidParameter.PolicyDocument.Length or
    MalformedPolicyDocument with the engine's line/column message."""
    if len(text) > MAX_DOCUMENT:
        raise CloudError("InvalidParameter.PolicyDocument.Length",
                         f"The parameter - \"PolicyDocument\" beyond the length limit: {len(text)} characters, "
                         f"at most {MAX_DOCUMENT}.", 400)
    try:
        with using_language(ENGLISH):  # the emulated service answers in English, as RAM does
            Policy.parse(text, name=name, kind="identity")
    except PolicyError as error:
        raise CloudError("MalformedPolicyDocument", f"The policy document is malformed. {error}", 400) from None
    return text


def find_custom(inv: Invocation, name: str) -> CustomPolicy:
    """The custom policy ``name``, or ``EntityNotExist.Policy`` (404)."""
    return POLICIES.find(inv.state.policies, name)


def find_system(name: str):
    system = catalog.system_policies().get(name)
    if system is None:
        raise CloudError("EntityNotExist.Policy", f"The policy does not exist: {name} (System).", 404)
    return system


def _typed(inv: Invocation) -> tuple[str, str]:
    return one_of(inv.params, "PolicyType", POLICY_TYPES), inv.params["PolicyName"]


def _system_date(inv: Invocation) -> str:
    return ram_date(inv.cloud.created)


def _count(inv: Invocation, policy_type: str, name: str) -> int:
    return len(inv.state.attachments_for(policy_type, name))


# --- policies ------------------------------------------------------------------------------------

def create_policy(inv: Invocation) -> dict:
    state, params = inv.state, inv.params
    name = check_name(params["PolicyName"], "PolicyName", POLICY_NAME, 128)
    POLICIES.check_new(name in state.policies or name in catalog.system_policies(), name, len(state.policies))
    document = validated_document(params["PolicyDocument"], name)
    policy = CustomPolicy(name, inv.now, inv.now, "v1", check_length(params, "Description", 1024),
                          {"v1": PolicyVersion("v1", document, inv.now)}, 2, _tags(params))
    state.policies[name] = policy
    created = custom_policy_view(policy)
    created.pop("UpdateDate")  # CreatePolicy answers no UpdateDate
    return {"Policy": created}


def _tags(params: dict[str, str]) -> dict[str, str]:
    tags, n = {}, 1
    while f"Tag.{n}.Key" in params:
        tags[params[f"Tag.{n}.Key"]] = params.get(f"Tag.{n}.Value", "")
        n += 1
    return tags


def get_policy(inv: Invocation) -> dict:
    policy_type, name = _typed(inv)
    if policy_type == "System":
        system = find_system(name)
        view = system_policy_view(system, _system_date(inv), _count(inv, "System", name))
        view["PolicyDocument"] = system.policy.text
        default = {"VersionId": system_version(system), "IsDefaultVersion": True,
                   "PolicyDocument": system.policy.text, "CreateDate": _system_date(inv)}
        return {"Policy": view, "DefaultPolicyVersion": default}
    policy = find_custom(inv, name)
    version = policy.versions[policy.default_version]
    view = custom_policy_view(policy, _count(inv, "Custom", name))
    view["PolicyDocument"] = version.document
    return {"Policy": view, "DefaultPolicyVersion": version_view(policy.default_version, version)}


def list_policies(inv: Invocation) -> dict:
    wanted = inv.params.get("PolicyType") or None
    if wanted is not None:
        one_of(inv.params, "PolicyType", POLICY_TYPES)
    items = []
    if wanted in (None, "System"):
        items += [system_policy_view(s, _system_date(inv), _count(inv, "System", s.name))
                  for s in catalog.system_policies().values()]
    if wanted in (None, "Custom"):
        items += [custom_policy_view(p, _count(inv, "Custom", p.name)) for p in inv.state.policies.values()]
    return page(inv.params, items, "Policies", "Policy")


def update_policy_description(inv: Invocation) -> dict:
    policy = find_custom(inv, inv.params["PolicyName"])
    policy.description = check_length(inv.params, "NewDescription", 1024)
    policy.update_date = inv.now
    return {"Policy": custom_policy_view(policy)}


def delete_policy(inv: Invocation) -> dict:
    state = inv.state
    policy = find_custom(inv, inv.params["PolicyName"])
    attached = state.attachments_for("Custom", policy.name)
    if boolean(inv.params, "CascadingDelete"):
        state.attachments[:] = [a for a in state.attachments if a not in attached]
    else:
        for entity in ("User", "Group", "Role"):
            if any(a.entity_type == entity for a in attached):
                raise CloudError(f"DeleteConflict.Policy.{entity}",
                                 f"The policy {policy.name} is still attached to a {entity.lower()}; "
                                 "detach it first (or pass CascadingDelete=true).", 409)
        if len(policy.versions) > 1:
            raise CloudError("DeleteConflict.Policy.Version",
                             f"The policy {policy.name} still has non-default versions; delete them first.", 409)
    del state.policies[policy.name]
    return {}


# --- versions ------------------------------------------------------------------------------------

def create_policy_version(inv: Invocation) -> dict:
    params = inv.params
    policy = find_custom(inv, params["PolicyName"])
    rotate = one_of(params, "RotateStrategy", ROTATE, default="None")
    document = validated_document(params["PolicyDocument"], policy.name)
    if len(policy.versions) >= MAX_VERSIONS:
        if rotate == "None":
            raise CloudError("LimitExceeded.Policy.Version",
                             f"The count of versions of the policy beyond the current limit ({MAX_VERSIONS}); "
                             "delete one or pass RotateStrategy=DeleteOldestNonDefaultVersionWhenLimitExceeded.", 409)
        oldest = next(v for v in policy.versions if v != policy.default_version)
        del policy.versions[oldest]
    version = PolicyVersion(f"v{policy.next_version}", document, inv.now)
    policy.next_version += 1
    policy.versions[version.version_id] = version
    if boolean(params, "SetAsDefault"):
        policy.default_version = version.version_id
    policy.update_date = inv.now
    return {"PolicyVersion": version_view(policy.default_version, version)}


def _find_version(inv: Invocation, policy: CustomPolicy) -> PolicyVersion:
    version_id = inv.params["VersionId"]
    if not _VERSION_ID.fullmatch(version_id):
        raise CloudError("InvalidParameter.VersionId.Format",
                         f"The parameter VersionId is wrongly formed: {version_id!r} (expected v1, v2, ...).", 400)
    version = policy.versions.get(version_id)
    if version is None:
        raise CloudError("EntityNotExist.Policy.Version",
                         f"The policy version does not exist: {policy.name} {version_id}.", 404)
    return version


def get_policy_version(inv: Invocation) -> dict:
    policy_type, name = _typed(inv)
    if policy_type == "System":
        system = find_system(name)
        if inv.params["VersionId"] != system_version(system):
            raise CloudError("EntityNotExist.Policy.Version",
                             f"The policy version does not exist: {name} {inv.params['VersionId']}.", 404)
        return {"PolicyVersion": {"VersionId": system_version(system), "IsDefaultVersion": True,
                                  "PolicyDocument": system.policy.text, "CreateDate": _system_date(inv)}}
    policy = find_custom(inv, name)
    return {"PolicyVersion": version_view(policy.default_version, _find_version(inv, policy))}


def list_policy_versions(inv: Invocation) -> dict:
    policy_type, name = _typed(inv)
    if policy_type == "System":
        system = find_system(name)
        items = [{"VersionId": system_version(system), "IsDefaultVersion": True,
                  "PolicyDocument": system.policy.text, "CreateDate": _system_date(inv)}]
    else:
        policy = find_custom(inv, name)
        items = [version_view(policy.default_version, v) for v in policy.versions.values()]
    return wrapped(items, "PolicyVersions", "PolicyVersion")


def set_default_policy_version(inv: Invocation) -> dict:
    policy = find_custom(inv, inv.params["PolicyName"])
    policy.default_version = _find_version(inv, policy).version_id
    policy.update_date = inv.now
    return {}


def delete_policy_version(inv: Invocation) -> dict:
    policy = find_custom(inv, inv.params["PolicyName"])
    version = _find_version(inv, policy)
    if version.version_id == policy.default_version:
        raise CloudError("DeleteConflict.Policy.Version.Default",
                         f"{version.version_id} is the default version of {policy.name}; "
                         "set another default before deleting it.", 409)
    del policy.versions[version.version_id]
    return {}


# --- attachments ---------------------------------------------------------------------------------

_FINDERS = {"User": (find_user, "UserName"), "Group": (find_group, "GroupName"), "Role": (find_role, "RoleName")}


def _resolve(inv: Invocation, entity_type: str) -> tuple[str, str, str]:
    finder, param = _FINDERS[entity_type]
    entity = finder(inv, inv.params[param])
    policy_type, name = _typed(inv)
    if policy_type == "System":
        find_system(name)
    else:
        find_custom(inv, name)
    return entity.name, policy_type, name


def _attach(entity_type: str):
    def attach(inv: Invocation) -> dict:
        state = inv.state
        entity, policy_type, name = _resolve(inv, entity_type)
        current = state.attachments_of(entity_type, entity)
        if any(a.policy_type == policy_type and a.policy_name == name for a in current):
            raise CloudError(f"EntityAlreadyExists.{entity_type}.Policy",
                             f"The policy {name} is already attached to the {entity_type.lower()} {entity}.", 409)
        limit = ATTACH_LIMITS[policy_type]
        if sum(a.policy_type == policy_type for a in current) >= limit:
            raise CloudError(f"LimitExceeded.{entity_type}.Policy",
                             f"The count of {policy_type.lower()} policies attached to the "
                             f"{entity_type.lower()} beyond the current limit ({limit}).", 409)
        state.attachments.append(Attachment(entity_type, entity, policy_type, name, inv.now))
        return {}
    attach.__name__ = f"attach_policy_to_{entity_type.lower()}"
    return attach


def _detach(entity_type: str):
    def detach(inv: Invocation) -> dict:
        state = inv.state
        entity, policy_type, name = _resolve(inv, entity_type)
        for attachment in state.attachments_of(entity_type, entity):
            if attachment.policy_type == policy_type and attachment.policy_name == name:
                state.attachments.remove(attachment)
                return {}
        raise CloudError(f"EntityNotExist.{entity_type}.Policy",
                         f"The policy {name} is not attached to the {entity_type.lower()} {entity}.", 404)
    detach.__name__ = f"detach_policy_from_{entity_type.lower()}"
    return detach


attach_policy_to_user, attach_policy_to_group, attach_policy_to_role = (_attach(e) for e in ("User", "Group", "Role"))
detach_policy_from_user, detach_policy_from_group, detach_policy_from_role = (
    _detach(e) for e in ("User", "Group", "Role"))


def _policies_for(entity_type: str):
    def list_for(inv: Invocation) -> dict:
        finder, param = _FINDERS[entity_type]
        entity = finder(inv, inv.params[param])
        items = []
        for a in inv.state.attachments_of(entity_type, entity.name):
            if a.policy_type == "System":
                system = catalog.system_policies()[a.policy_name]
                description, default = (system.notes or "")[:1024], system_version(system)
            else:
                custom = inv.state.policies[a.policy_name]
                description, default = custom.description, custom.default_version
            items.append({"PolicyName": a.policy_name, "PolicyType": a.policy_type, "Description": description,
                          "DefaultVersion": default, "AttachDate": ram_date(a.attach_date)})
        return wrapped(items, "Policies", "Policy")
    list_for.__name__ = f"list_policies_for_{entity_type.lower()}"
    return list_for


list_policies_for_user, list_policies_for_group, list_policies_for_role = (
    _policies_for(e) for e in ("User", "Group", "Role"))


def list_entities_for_policy(inv: Invocation) -> dict:
    state = inv.state
    policy_type, name = _typed(inv)
    if policy_type == "System":
        find_system(name)
    else:
        find_custom(inv, name)
    users, groups, roles = [], [], []
    for a in state.attachments_for(policy_type, name):
        date = ram_date(a.attach_date)
        if a.entity_type == "User":
            user = state.users[a.entity_name]
            users.append({"UserId": user.user_id, "UserName": user.name, "DisplayName": user.display_name,
                          "AttachDate": date})
        elif a.entity_type == "Group":
            group = state.groups[a.entity_name]
            groups.append({"GroupName": group.name, "Comments": group.comments, "AttachDate": date})
        else:
            role = state.roles[a.entity_name]
            roles.append({"RoleId": role.role_id, "RoleName": role.name, "Description": role.description,
                          "Arn": f"acs:ram::{inv.cloud.account_id}:role/{role.name}", "AttachDate": date})
    return {"Users": {"User": users}, "Groups": {"Group": groups}, "Roles": {"Role": roles}}
